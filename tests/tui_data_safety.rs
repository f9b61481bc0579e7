//! The app's side of data safety: no key acts behind "terminal too small", a failed save can
//! be retried with the key the footer names (on every item kind), Home shows what the user must
//! know in a banner until dismissed, and answers another kubedrill gave leave the queue.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::deck::ItemKind;
use kubedrill::exercise::Prompt;
use kubedrill::tui::Action;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::keymap;
use kubedrill::tui::screens::review::ReviewOptions;
use kubedrill::tui::{Effect, Start};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeSet;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn review(deck: &str) -> App {
    app(Start::Review(ReviewOptions {
        deck: Some(deck.into()),
        ..ReviewOptions::default()
    }))
}

fn current(app: &App) -> Option<(String, ItemKind)> {
    let Screen::Review(r) = &app.screen else {
        return None;
    };
    let q = &r.asking.as_ref()?.question;
    let kind = match q.prompt {
        Prompt::Flash { .. } => ItemKind::Flash,
        Prompt::Choice { .. } => ItemKind::Choice,
        Prompt::TrueFalse { .. } => ItemKind::TrueFalse,
        Prompt::Cloze { .. } => ItemKind::Cloze,
        Prompt::Placement(_) => ItemKind::Placement,
        Prompt::Write(_) => ItemKind::Write,
    };
    Some((q.item.clone(), kind))
}

/// The keys that answer an item of this kind (any answer will do).
fn answer_keys(app: &mut App, kind: ItemKind) -> Vec<Effect> {
    match kind {
        ItemKind::Flash => press(app, " 3"),
        ItemKind::TrueFalse => press(app, "t"),
        ItemKind::Choice => {
            let mut e = press(app, "1");
            e.extend(press_code(app, KeyCode::Enter));
            e
        }
        ItemKind::Cloze => {
            let mut e = press(app, "x");
            e.extend(press_code(app, KeyCode::Enter));
            e
        }
        ItemKind::Placement | ItemKind::TableCell => press_code(app, KeyCode::Enter),
        // `e` asks the loop for the editor; the editor saves the card's reference.
        ItemKind::Write => {
            let solution = match &app.screen {
                Screen::Review(r) => match &r.asking.as_ref().map(|a| &a.question.prompt) {
                    Some(Prompt::Write(card)) => card.solution.clone(),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            let asked = press(app, "e");
            if !matches!(asked.first(), Some(Effect::EditManifest { .. })) {
                return asked;
            }
            let draft = kubedrill::tui::action::Draft {
                path: "drafts/card.yaml".into(),
                text: solution,
            };
            app.update(kubedrill::tui::Action::Edited(Ok(draft)), NOW)
        }
    }
}

#[test]
fn keys_do_nothing_behind_terminal_too_small_but_q_and_ctrl_c() {
    let mut app = review("daemonset-basics");
    app.size = (50, 12);
    assert!(draw(&app, 50, 12).contains("terminal too small"));
    for keys in [" ", "3", "t", "u", "s", "?"] {
        assert!(press(&mut app, keys).is_empty(), "{keys:?} acted");
    }
    assert!(!app.help, "? did nothing either");
    let Screen::Review(r) = &app.screen else {
        panic!("still reviewing")
    };
    assert_eq!(r.done(), 0);
    assert!(matches!(
        r.asking.as_ref().unwrap().phase,
        kubedrill::tui::question::Phase::Open
    ));
    assert_eq!(press(&mut app, "q"), vec![Effect::Quit]);
    let mut other = review("daemonset-basics");
    other.size = (50, 12);
    assert_eq!(other.key(ctrl('c'), NOW), vec![Effect::Quit]);
}

#[test]
fn a_failed_save_is_retried_with_ctrl_r_on_every_item_kind() {
    let mut t = temp_store();
    let mut kinds = BTreeSet::new();
    // daemonset-use-cases has a placement card among its first new items.
    for deck in [
        "daemonset-basics",
        "node-selection",
        "interview-traps",
        "daemonset-use-cases",
        "writing-daemonsets",
    ] {
        let mut app = review(deck);
        for _ in 0..20 {
            let Some((item, kind)) = current(&app) else {
                break;
            };
            kinds.insert(format!("{kind:?}"));
            let effects = answer_keys(&mut app, kind);
            let [effect @ Effect::Record { .. }] = &effects[..] else {
                panic!("{item}: answering gives one Record, not {effects:?}");
            };
            // The loop could not write it.
            let more = app.save_failed(effect.clone(), "not saved: the disk is full".into(), NOW);
            assert!(more.is_empty());
            let status = app.status.clone().unwrap_or_default();
            assert!(status.ends_with("· Ctrl-R retries"), "{item}: {status}");
            let footer = draw(&app, 80, 24);
            assert!(footer.contains("Ctrl-R retry save"), "{item}:\n{footer}");
            // Nothing else is logged meanwhile, and leaving is held back with a reason.
            assert!(answer_keys(&mut app, kind).is_empty(), "{item}");
            assert!(press(&mut app, "q").is_empty(), "{item}");
            assert!(!app.quit);
            assert!(app.status.as_deref().unwrap().contains("not saved yet"));
            let before = t.store.answer_count().unwrap();
            let retried = app.key(ctrl('r'), NOW);
            assert_eq!(
                retried,
                vec![effect.clone()],
                "{item}: the same answer again"
            );
            let done = |app: &App| match &app.screen {
                Screen::Review(r) => r.done(),
                _ => 0,
            };
            let done_before = done(&app);
            kubedrill::tui::perform(&mut app, &mut t.store, retried);
            assert_eq!(t.store.answer_count().unwrap(), before + 1, "{item}");
            assert!(app.unsaved.is_empty());
            // The screen goes on as after any saved answer: it counts as done, and a checked
            // item's verdict waits for Space.
            assert_eq!(done(&app), done_before + 1, "{item}");
            let Screen::Review(r) = &app.screen else {
                panic!()
            };
            if r.asking.as_ref().is_some_and(|a| {
                a.question.item == item
                    && matches!(a.phase, kubedrill::tui::question::Phase::Answered { .. })
            }) {
                press(&mut app, " ");
            }
        }
    }
    assert_eq!(
        kinds,
        [
            "Choice",
            "Cloze",
            "Flash",
            "Placement",
            "TrueFalse",
            "Write"
        ]
        .map(String::from)
        .into(),
        "every reviewable kind was tried"
    );
}

#[test]
fn home_shows_the_banner_until_dismissed() {
    let mut study_app = app(Start::Home);
    study_app.ctx.notices.push(
        "your review log was damaged: 612 of 640 answers recovered into a fresh one. The damaged file was moved, untouched, to /data/kubedrill.db.corrupt-20261206T101010.000Z (SQLite: row 147 missing from index review_log_by_item)".into(),
    );
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = draw(&study_app, w, h);
        assert!(screen.contains("attention"), "{screen}");
        assert!(screen.contains("612 of 640 answers"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("x dismiss"), "{screen}");
        assert!(screen.contains("DECK"), "Home is still there:\n{screen}");
    }
    press(&mut study_app, "x");
    assert!(study_app.ctx.notices.is_empty());
    let screen = draw(&study_app, 80, 24);
    assert!(
        !screen.contains("attention") && !screen.contains("x dismiss"),
        "{screen}"
    );
}

#[test]
fn a_recovery_during_the_session_returns_home_with_the_banner() {
    let mut app = review("daemonset-basics");
    app.update(
        Action::Recovered("your review log was damaged: 3 of 3 answers recovered".into()),
        NOW,
    );
    assert!(matches!(app.screen, Screen::Home(_)));
    let screen = draw(&app, 80, 24);
    assert!(screen.contains("3 of 3 answers recovered"), "{screen}");
    assert!(
        keymap::footer(&app.bindings())
            .iter()
            .any(|(k, _)| *k == "x")
    );
}

#[test]
fn items_answered_by_another_kubedrill_leave_the_queue() {
    let mut app = review("daemonset-basics");
    let (first, _) = current(&app).unwrap();
    let Screen::Review(r) = &app.screen else {
        panic!()
    };
    let remaining = r.remaining();
    app.update(Action::StudyChanged(vec![first.clone()]), NOW);
    let (now, _) = current(&app).unwrap();
    assert_ne!(now, first, "the item on screen was answered elsewhere");
    let Screen::Review(r) = &app.screen else {
        panic!()
    };
    assert_eq!(r.remaining(), remaining - 1);
}
