//! Nothing a question depends on is cut (issue "screens", deliver 1), paged through with PgDn
//! at 80x24 and 60x16: every word of every drill (5 kinds x 3 difficulties x 20 seeds, as
//! `kubedrill drill --print` writes it: title, question, DaemonSet), of every lesson step and
//! of every shipped item (asked and answered) shows on some page.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::exercise::Question;
use kubedrill::exercise::drill::{Difficulty, DrillKind};
use kubedrill::tui::Start;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::question::Asking;
use kubedrill::tui::screens::drill::DrillOptions;
use kubedrill::tui::{Action, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeSet;

/// Every page of the screen, from the top, paging with PgDn until no "↓ more" is left.
fn pages(app: &mut App, w: u16, h: u16) -> Vec<String> {
    let mut out = vec![draw(app, w, h)];
    while out.last().unwrap().contains("↓ more") {
        assert!(out.len() < 200, "PgDn never reaches the end");
        press_code(app, KeyCode::PageDown);
        let page = draw(app, w, h);
        assert_ne!(&page, out.last().unwrap(), "PgDn does not move");
        out.push(page);
    }
    out
}

/// What the pages show: each screen row without the quotes TestBackend puts around it.
fn shown(pages: &[String]) -> (BTreeSet<String>, String) {
    // TestBackend writes each row as a quoted, escaped string.
    let rows: Vec<String> = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| {
            let inner = l
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix('"'))
                .unwrap_or(l);
            inner
                .replace("\\\"", "\"")
                .replace("\\\\", "\\")
                .trim()
                .to_owned()
        })
        .collect();
    let words = rows
        .iter()
        .flat_map(|r| r.split_whitespace())
        .map(str::to_owned)
        .collect();
    // A word longer than a row is broken across rows: joined, it is whole again.
    (words, rows.concat())
}

/// One case per kind, so the cases run side by side.
#[rstest::rstest]
fn every_word_of_every_drill_is_on_some_page(
    #[values(
        DrillKind::Predict,
        DrillKind::Events,
        DrillKind::Rollout,
        DrillKind::Status,
        DrillKind::Scheduler
    )]
    kind: DrillKind,
) {
    let mut checked = 0;
    for difficulty in Difficulty::ALL {
        for seed in 0..20 {
            for (w, h) in [(80, 24), (60, 16)] {
                let mut app = app(Start::Drill(DrillOptions {
                    difficulty,
                    kind: Some(kind),
                    seed,
                    focus: None,
                }));
                let Screen::Drill(screen) = &app.screen else {
                    panic!("the drill screen")
                };
                let d = &screen.drill;
                let source = format!("{}\n{}\n{}", d.title, d.prompt, d.daemonset_yaml());
                let (words, joined) = shown(&pages(&mut app, w, h));
                for word in source.split_whitespace() {
                    // Only a word too long for a row may be broken across rows.
                    let broken = word.chars().count() > usize::from(w) - 4;
                    assert!(
                        words.contains(word) || broken && joined.contains(word),
                        "{kind} {difficulty} seed {seed} at {w}x{h}: {word:?} is on no page"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 20 * 2);
}

/// Every step of every shipped lesson, at 80x24 and 60x16, paged through: every word of the
/// step's text shows on some page, and so does its check question.
#[test]
fn every_word_of_every_lesson_step_is_on_some_page() {
    let study = study(Vec::new());
    let lessons: Vec<(String, Vec<kubedrill::deck::Step>)> = study
        .library
        .decks
        .iter()
        .flat_map(|d| {
            d.lessons
                .iter()
                .map(move |l| (format!("{}/{}", d.id, l.id), l.steps.clone()))
        })
        .collect();
    assert!(lessons.len() >= 4, "{} lessons", lessons.len());
    let mut steps_seen = 0;
    for (key, steps) in &lessons {
        for (w, h) in [(80, 24), (60, 16)] {
            let mut app = app(Start::Learn(Some(key.clone())));
            for (i, step) in steps.iter().enumerate() {
                let Screen::Learn(learn) = &app.screen else {
                    panic!("the learn screen")
                };
                let walk = learn.walk.as_ref().expect("the lesson is open");
                assert_eq!(walk.step, i, "{key}");
                let check = walk
                    .asking
                    .as_ref()
                    .map(|a| a.question.answer_text(Default::default()))
                    .unwrap_or_default();
                let (words, joined) = shown(&pages(&mut app, w, h));
                for word in step.body.split_whitespace() {
                    let broken = word.chars().count() > usize::from(w) - 4;
                    assert!(
                        words.contains(word) || broken && joined.contains(word),
                        "{key} step {} at {w}x{h}: {word:?} is on no page",
                        i + 1
                    );
                }
                assert!(
                    step.check.is_none() || !check.is_empty(),
                    "{key} step {}: a check question is asked",
                    i + 1
                );
                steps_seen += 1;
                // On to the next step as if the check were answered.
                if let Screen::Learn(learn) = &mut app.screen
                    && let Some(walk) = learn.walk.as_mut()
                {
                    walk.passed = true;
                }
                press(&mut app, "n");
            }
        }
    }
    assert!(steps_seen >= 2 * 29, "{steps_seen} steps");
}

/// Every word a question's pane holds, asked and answered.
fn pane_words(asking: &Asking, width: u16) -> Vec<String> {
    asking
        .lines(
            usize::from(width),
            Theme { color: false },
            Default::default(),
        )
        .iter()
        .flat_map(|l| {
            l.to_string()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every page of a question's pane of `w`x`h`, from the top, with PgDn.
fn asking_pages(asking: &mut Asking, w: u16, h: u16) -> Vec<String> {
    let draw = |a: &Asking| {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| {
            a.render(
                f.area(),
                f.buffer_mut(),
                Theme { color: false },
                Default::default(),
            )
        })
        .unwrap();
        t.backend().to_string()
    };
    // From the top, wherever an earlier paging left it.
    while draw(asking).contains("↑ more") {
        asking.handle(&Action::PageUp, Default::default());
    }
    let mut out = vec![draw(asking)];
    while out.last().unwrap().contains("↓ more") {
        assert!(out.len() < 100, "PgDn never reaches the end");
        asking.handle(&Action::PageDown, Default::default());
        out.push(draw(asking));
    }
    out
}

/// Every shipped item (cards, cloze gaps, table cells), in the review pane of an 80x24 and of
/// a 60x16 terminal, asked and then answered (or revealed): every word the question holds is
/// on some page.
#[test]
fn every_word_of_every_item_is_on_some_page() {
    let study = study(Vec::new());
    let mut items = 0;
    for deck in &study.library.decks {
        for item in deck.items() {
            let Some(question) = Question::for_item(&study.library, &item.id, 7) else {
                continue;
            };
            // The review screen's pane: the terminal less its title, status, footer, progress
            // and grade lines, and the side margins.
            for (w, h) in [(78, 18), (58, 10)] {
                let mut asking = Asking::new(question.clone(), 0, true);
                for phase in 0..2 {
                    if phase == 1 {
                        // Reveal a flash card; answer anything else (Enter checks what is
                        // marked or typed so far, a true/false takes t).
                        for action in [Action::Reveal, Action::Say(true), Action::Submit] {
                            asking.handle(&action, Default::default());
                        }
                    }
                    let want = pane_words(&asking, w);
                    let (words, joined) = shown(&asking_pages(&mut asking, w, h));
                    for word in &want {
                        let broken = word.chars().count() > usize::from(w) - 4;
                        assert!(
                            words.contains(word) || broken && joined.contains(word.as_str()),
                            "{} at {w}x{h} (phase {phase}): {word:?} is on no page",
                            item.id
                        );
                    }
                }
                items += 1;
            }
        }
    }
    assert!(items > 2 * 400, "{items}");
}
