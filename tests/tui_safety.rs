//! Terminal safety: hostile deck text is drawn inert, no colour without colour, and every screen
//! draws at every size (tiny ones get the "terminal too small" message) without panicking.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::deck::CardBody;
use kubedrill::study::Study;
use kubedrill::tui::Start;
use kubedrill::tui::app::App;
use kubedrill::tui::screens::{quiz::QuizOptions, review::ReviewOptions};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// Decks are validated against control characters when loaded; the screens make text inert
/// anyway (defence in depth), so this study's text is altered after loading.
fn hostile_study() -> Study {
    let mut study = study(Vec::new());
    let deck = &mut study.library.decks[0];
    deck.title = "Evil \u{1b}]0;pwned\u{7} deck".into();
    let card = &mut deck.cards[0];
    card.body = CardBody::Flash {
        front: "Front \u{1b}[31mred\u{1b}[0m and a bell \u{7}".into(),
        back: "Back \u{9b}6n (CSI as one char)".into(),
    };
    study
}

fn cells(app: &App, w: u16, h: u16) -> Vec<(String, Color, Color)> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| (c.symbol().to_owned(), c.fg, c.bg))
        .collect()
}

#[test]
fn control_characters_from_decks_are_shown_escaped_never_sent() {
    let mut app = app_with(hostile_study(), Start::Home);
    let mut screens = vec![draw(&app, 80, 24)];
    let mut review = app_with(hostile_study(), Start::Review(ReviewOptions::default()));
    screens.push(draw(&review, 80, 24));
    press(&mut review, " ");
    screens.push(draw(&review, 80, 24));
    press(&mut app, "?");
    screens.push(draw(&app, 80, 24));
    for screen in &screens {
        assert!(
            !screen.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the screen:\n{screen}"
        );
    }
    assert!(
        screens[0].contains("Evil \\u{1b}]0;pwned\\u{7} deck"),
        "{}",
        screens[0]
    );
    assert!(
        screens[1].contains("Front \\u{1b}[31mred\\u{1b}[0m"),
        "{}",
        screens[1]
    );
    assert!(screens[2].contains("Back \\u{9b}6n"), "{}", screens[2]);
}

#[test]
fn without_colour_no_cell_is_coloured() {
    for start in [
        Start::Home,
        Start::Stats,
        Start::Compare(None),
        Start::Learn(None),
    ] {
        let app = app(start);
        for (symbol, fg, bg) in cells(&app, 80, 24) {
            assert_eq!(
                (fg, bg),
                (Color::Reset, Color::Reset),
                "coloured cell {symbol:?}"
            );
        }
    }
}

#[test]
fn every_screen_draws_at_every_size() {
    let starts = || {
        vec![
            Start::Home,
            Start::Review(ReviewOptions::default()),
            Start::Quiz(QuizOptions {
                count: 5,
                minutes: Some(1),
                seed: 1,
                ..QuizOptions::default()
            }),
            Start::Learn(None),
            Start::Learn(Some("system-and-user-daemonsets".into())),
            Start::Compare(None),
            Start::Stats,
        ]
    };
    for start in starts() {
        let mut app = app(start);
        for help in [false, true] {
            if help {
                press(&mut app, "?");
            }
            for (w, h) in [
                (1, 1),
                (20, 5),
                (59, 16),
                (60, 15),
                (60, 16),
                (61, 17),
                (80, 24),
                (120, 40),
                (250, 70),
            ] {
                let screen = draw(&app, w, h);
                let too_small = screen.contains("terminal too small (need 60x16)");
                if w >= 40 {
                    assert_eq!(too_small, w < 60 || h < 16, "{w}x{h}:\n{screen}");
                }
            }
        }
    }
}
