//! Snapshots of every screen at 80x24 and at the smallest supported size (60x16), and the
//! "terminal too small" message below it. Colour is off so the snapshots are plain text.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::exercise::Question;
use kubedrill::srs::{Answer, DAY_MS, Mode, Rating};
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::question::Asking;
use kubedrill::tui::screens::{quiz::QuizOptions, review::ReviewOptions};
use kubedrill::tui::{Action, Start};
use ratatui::crossterm::event::KeyCode;

fn both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_60x16"), draw(app, 60, 16));
}

fn review(deck: &str) -> App {
    app(Start::Review(ReviewOptions {
        deck: Some(deck.into()),
        ..ReviewOptions::default()
    }))
}

/// A review showing one given item (the session's queue is the deck's; only the question on
/// screen is replaced).
fn review_of(item: &str) -> App {
    let mut app = review(item.split('/').next().unwrap());
    let q = Question::for_item(&app.ctx.study.library, item, SEED).expect("item exists");
    if let Screen::Review(s) = &mut app.screen {
        s.asking = Some(Asking::new(q, NOW, true));
    }
    app
}

/// Forty days of answers over a handful of items, some forgotten.
fn history() -> Vec<Answer> {
    let items = [
        "daemonset-basics/what-a-daemonset-runs",
        "daemonset-basics/exactly-one-pod-on-every-node",
        "daemonset-basics/node-removed-no-relocation",
        "node-selection/nodeselector-exact-match",
        "taints-and-tolerations/cordoned-node-gets-pod",
    ];
    let mut out = Vec::new();
    for day in 0..40i64 {
        for (i, item) in items.iter().enumerate() {
            if (day + i as i64) % 3 == 0 {
                out.push(Answer {
                    item: (*item).into(),
                    at_ms: NOW - (40 - day) * DAY_MS + i as i64 * 60_000,
                    rating: if (day * 7 + i as i64) % 5 == 0 {
                        Rating::Again
                    } else {
                        Rating::Good
                    },
                    duration_ms: 4_000,
                    mode: Mode::Review,
                    correct: None,
                });
            }
        }
    }
    out
}

#[test]
fn home() {
    both("home", &app(Start::Home));
}

#[test]
fn home_with_history() {
    both("home_history", &app_with(study(history()), Start::Home));
}

#[test]
fn home_after_a_sync() {
    let mut study = study(history());
    study.last_sync = Some(kubedrill::store::SyncRun {
        at_ms: NOW - 5 * 60_000,
        folder: "/home/you/Sync/kubedrill".into(),
        answers_in: 12,
        answers_out: 30,
    });
    both("home_synced", &app_with(study, Start::Home));
}

#[test]
fn help_overlay() {
    let mut app = app(Start::Home);
    press(&mut app, "?");
    both("help_home", &app);
    let mut app = review("daemonset-basics");
    press(&mut app, "?");
    both("help_review", &app);
}

#[test]
fn too_small() {
    insta::assert_snapshot!("too_small_59x16", draw(&app(Start::Home), 59, 16));
    insta::assert_snapshot!("too_small_40x10", draw(&app(Start::Home), 40, 10));
    insta::assert_snapshot!("too_small_1x1", draw(&app(Start::Home), 1, 1));
}

#[test]
fn review_flash_front_and_back() {
    let mut app = review("daemonset-basics");
    both("review_flash_front", &app);
    press(&mut app, " ");
    both("review_flash_revealed", &app);
}

#[test]
fn review_true_false_answered() {
    let mut app = review_of("daemonset-basics/exactly-one-pod-on-every-node");
    both("review_truefalse", &app);
    let effects = press(&mut app, "t");
    assert_eq!(effects.len(), 1, "the answer goes to the store");
    app.update(Action::Saved(kubedrill::tui::Saved::Recorded(1)), NOW);
    both("review_truefalse_answered", &app);
}

#[test]
fn review_choice_answered() {
    let mut app = review_of("daemonset-basics/node-removed-no-relocation");
    press(&mut app, "2");
    both("review_choice_picked", &app);
    press_code(&mut app, KeyCode::Enter);
    app.update(Action::Saved(kubedrill::tui::Saved::Recorded(1)), NOW);
    both("review_choice_answered", &app);
}

#[test]
fn review_cloze_typed_and_missed() {
    let mut app = review_of("daemonset-basics/node-join-and-leave#1");
    press(&mut app, "schedules");
    both("review_cloze_typing", &app);
    press_code(&mut app, KeyCode::Enter);
    app.update(Action::Saved(kubedrill::tui::Saved::Recorded(1)), NOW);
    both("review_cloze_missed", &app);
}

#[test]
fn review_placement_before_and_after_check() {
    let mut app = review_of("daemonset-basics/eligible-nodes-kubeadm-cluster");
    press(&mut app, " j ");
    both("review_placement_marking", &app);
    press_code(&mut app, KeyCode::Enter);
    app.update(Action::Saved(kubedrill::tui::Saved::Recorded(1)), NOW);
    both("review_placement_checked", &app);
}

#[test]
fn review_nothing_due() {
    let app = app(Start::Review(ReviewOptions {
        cram: true,
        ..ReviewOptions::default()
    }));
    both("cram_nothing_studied", &app);
}

#[test]
fn quiz_question_and_results() {
    let opts = QuizOptions {
        count: 3,
        minutes: Some(5),
        seed: 42,
        ..QuizOptions::default()
    };
    let mut app = app(Start::Quiz(opts));
    both("quiz_question", &app);
    // Esc asks first; a second Esc ends the quiz early: the results count the unanswered
    // items as wrong.
    press_code(&mut app, KeyCode::Esc);
    assert!(
        app.status
            .as_deref()
            .unwrap_or_default()
            .contains("Esc or q again ends the quiz"),
        "{:?}",
        app.status
    );
    press_code(&mut app, KeyCode::Esc);
    both("quiz_results_unanswered", &app);
}

#[test]
fn learn_list_and_step() {
    let mut app = app(Start::Learn(None));
    both("learn_list", &app);
    press_code(&mut app, KeyCode::Enter);
    both("learn_step", &app);
}

#[test]
fn compare_table_and_cell_quiz() {
    let mut app = app(Start::Compare(None));
    press(&mut app, "jl");
    both("compare_table", &app);
    press(&mut app, "t");
    both("compare_quiz", &app);
}

#[test]
fn stats_pages() {
    let mut app = app_with(study(history()), Start::Stats);
    both("stats_activity", &app);
    press_code(&mut app, KeyCode::Tab);
    both("stats_decks", &app);
    both("stats_empty", &self::app(Start::Stats));
}

/// `d` on a placement question shows the node under the cursor in full (what its row cuts),
/// Esc closes it and the question is as it was; the screen under it did not leave.
#[test]
fn node_details_over_a_placement_question() {
    let mut app = review_of("daemonset-basics/eligible-nodes-kubeadm-cluster");
    press(&mut app, "jj");
    let before = draw(&app, 80, 24);
    press(&mut app, "d");
    let shown = draw(&app, 80, 24);
    assert!(shown.contains("node worker-2"), "{shown}");
    for field in ["Labels:", "Taints:", "Unschedulable:  true", "Conditions:"] {
        assert!(shown.contains(field), "{field} in {shown}");
    }
    assert!(shown.contains("node.kubernetes.io/unschedulable:NoSchedule"));
    both("node_details", &app);
    // Keys of the question do nothing under the pane; Esc closes it, not the review.
    press(&mut app, " j");
    press_code(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Review(_)));
    assert!(app.details.is_none());
    assert_eq!(draw(&app, 80, 24), before);
}

/// The help overlay scrolls where a screen's keys do not fit (60x16), so none is cut.
#[test]
fn help_pages_at_the_smallest_size() {
    let mut app = app(Start::Drill(kubedrill::tui::screens::drill::DrillOptions {
        difficulty: kubedrill::exercise::drill::Difficulty::Hard,
        kind: Some(kubedrill::exercise::drill::DrillKind::Predict),
        seed: 7,
        focus: None,
    }));
    press(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..6 {
        seen.push_str(&draw(&app, 60, 16));
        press_code(&mut app, KeyCode::PageDown);
    }
    let flat: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for (keys, _) in kubedrill::tui::keymap::help(&app.screen_bindings()) {
        assert!(seen.contains(keys), "{keys} never shown in {seen}");
    }
    assert!(flat.contains("quit kubedrill from anywhere"), "{flat}");
    assert!(app.help, "paging kept the help open");
}

/// The mouse wheel scrolls a pane three rows a notch, and back; over the help it scrolls
/// the help, not the screen under it.
#[test]
fn the_mouse_wheel_scrolls() {
    let mut app = app(Start::Drill(kubedrill::tui::screens::drill::DrillOptions {
        difficulty: kubedrill::exercise::drill::Difficulty::Hard,
        kind: Some(kubedrill::exercise::drill::DrillKind::Events),
        seed: 305,
        focus: None,
    }));
    let top = draw(&app, 60, 16);
    app.update(Action::Wheel(true), NOW);
    let down = draw(&app, 60, 16);
    assert_ne!(down, top);
    assert!(down.contains("↑ more"), "{down}");
    // Three rows: the second body row now is what the fifth was.
    let rows = |s: &str| s.lines().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(rows(&down)[3][..40], rows(&top)[6][..40]);
    app.update(Action::Wheel(false), NOW);
    assert_eq!(draw(&app, 60, 16), top);
    press(&mut app, "?");
    app.update(Action::Wheel(true), NOW);
    press(&mut app, "?");
    assert_eq!(
        draw(&app, 60, 16),
        top,
        "the wheel over the help left the screen alone"
    );
}

/// In practice mode a self-graded card asks "Did you know it?" once: after `y` (or `n`) the
/// screen says how it was counted and asks no more.
#[test]
fn practice_mode_asks_a_flash_card_once() {
    for (key, said) in [("y", "✓ counted as known"), ("n", "✗ counted as not known")] {
        let mut app = app(Start::Quiz(QuizOptions {
            practice: true,
            ..QuizOptions::default()
        }));
        let Screen::Quiz(quiz) = &mut app.screen else {
            panic!("the quiz")
        };
        let flash = quiz
            .questions
            .iter()
            .position(|q| !q.is_graded())
            .expect("a self-graded card in 20");
        let q = quiz.questions.remove(flash);
        quiz.questions.insert(0, q.clone());
        quiz.asking = Some(Asking::new(q, NOW, true));
        press(&mut app, " ");
        assert!(draw(&app, 80, 24).contains("Did you know it? y / n"));
        press(&mut app, key);
        app.update(Action::Saved(kubedrill::tui::Saved::Recorded(1)), NOW);
        let shown = draw(&app, 80, 24);
        assert!(!shown.contains("Did you know it?"), "{shown}");
        assert!(shown.contains(said), "{shown}");
    }
}

/// Row labels that share a long start (the taint keys `node.kubernetes.io/…`) are shown by
/// what tells them apart, at every size; the pane under the grid names the whole label.
#[test]
fn compare_rows_that_start_alike_are_told_apart() {
    let app = app(Start::Compare(Some("automatic-tolerations".into())));
    for (w, h) in [(80, 24), (60, 16)] {
        let shown = draw(&app, w, h);
        for key in ["not-ready", "unreachable", "disk-pressure", "unschedulable"] {
            assert!(
                shown.contains(&format!("…{key} ")),
                "{key} at {w}x{h}:\n{shown}"
            );
        }
        assert!(shown.contains("node.kubernetes.io/not-ready ·"), "{shown}");
    }
}

/// The decks page of Stats scrolls to its end (the leeches) at 60x16, stops there, and says
/// when there is more.
#[test]
fn the_stats_decks_page_scrolls_to_its_end_and_stops() {
    let mut app = app_with(study(history()), Start::Stats);
    press_code(&mut app, KeyCode::Tab);
    let top = draw(&app, 60, 16);
    assert!(top.contains("↓ more (j)"), "{top}");
    for _ in 0..80 {
        press(&mut app, "j");
        draw(&app, 60, 16);
    }
    let end = draw(&app, 60, 16);
    assert!(end.contains("leeches"), "{end}");
    assert!(!end.contains("↓ more"), "{end}");
    press(&mut app, "k");
    assert_ne!(draw(&app, 60, 16), end, "one k moves back at once");
}
