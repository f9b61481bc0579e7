//! `App::update` per action: what each key does to the app and what it asks the store to do.
//! Effects are performed on a real store in a temp folder, as the loop performs them.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::srs::{Answer, DAY_MS, MINUTE_MS, Mode, Phase, Rating};
use kubedrill::store::Flags;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::keymap;
use kubedrill::tui::screens::{quiz::QuizOptions, review::ReviewOptions};
use kubedrill::tui::{Action, Effect, Start};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn review(deck: &str) -> App {
    app(Start::Review(ReviewOptions {
        deck: Some(deck.into()),
        ..ReviewOptions::default()
    }))
}

fn current_item(app: &App) -> String {
    match &app.screen {
        Screen::Review(s) => s
            .asking
            .as_ref()
            .map(|a| a.question.item.clone())
            .unwrap_or_default(),
        Screen::Quiz(s) => s
            .asking
            .as_ref()
            .map(|a| a.question.item.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn logged(store: &kubedrill::store::Store) -> Vec<Answer> {
    store
        .answers()
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

#[test]
fn grading_a_revealed_flash_card_logs_one_review_answer() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    let first = current_item(&app);
    assert_eq!(first, "daemonset-basics/what-a-daemonset-runs");
    // Grades do nothing before the answer is shown.
    type_saving(&mut app, &mut t.store, "3");
    assert!(logged(&t.store).is_empty());
    type_saving(&mut app, &mut t.store, " 3");
    let log = logged(&t.store);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].item, first);
    assert_eq!(log[0].rating, Rating::Good);
    assert_eq!(log[0].mode, Mode::Review);
    assert_eq!(log[0].correct, None);
    assert_ne!(current_item(&app), first, "the next item is shown");
    // Good on a new card leaves it in learning: it comes back later in the session.
    let Screen::Review(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.done(), 1);
    assert_eq!(
        app.ctx.study.states[&first].phase,
        Phase::Learning { step: 1 }
    );
}

#[test]
fn hjkl_style_keys_grade_like_one_to_four() {
    for (key, rating) in [
        ('h', Rating::Again),
        ('j', Rating::Hard),
        ('k', Rating::Good),
        ('l', Rating::Easy),
    ] {
        let mut t = temp_store();
        let mut app = review("daemonset-basics");
        type_saving(&mut app, &mut t.store, " ");
        type_saving(&mut app, &mut t.store, &key.to_string());
        assert_eq!(logged(&t.store)[0].rating, rating, "key {key}");
    }
}

#[test]
fn checked_kinds_are_graded_by_kubedrill_and_wait_for_continue() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    type_saving(&mut app, &mut t.store, " 3");
    assert_eq!(
        current_item(&app),
        "daemonset-basics/exactly-one-pod-on-every-node"
    );
    // The statement is false: `t` is wrong → Again, `correct = false`.
    type_saving(&mut app, &mut t.store, "t");
    let log = logged(&t.store);
    assert_eq!(
        (log[1].rating, log[1].correct),
        (Rating::Again, Some(false))
    );
    assert_eq!(
        current_item(&app),
        "daemonset-basics/exactly-one-pod-on-every-node",
        "the verdict stays"
    );
    type_saving(&mut app, &mut t.store, " ");
    assert_eq!(current_item(&app), "daemonset-basics/node-join-and-leave#1");
    // Cloze: letters are text while typing (q does not leave), forgiving case.
    type_saving(&mut app, &mut t.store, "qx");
    assert!(!app.quit);
    press_saving(&mut app, &mut t.store, KeyCode::Backspace);
    press_saving(&mut app, &mut t.store, KeyCode::Backspace);
    type_saving(&mut app, &mut t.store, "ADDS\n");
    let log = logged(&t.store);
    assert_eq!((log[2].rating, log[2].correct), (Rating::Good, Some(true)));
}

#[test]
fn undo_goes_back_several_answers_and_deletes_their_log_rows() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    type_saving(&mut app, &mut t.store, " 3");
    type_saving(&mut app, &mut t.store, "f ");
    type_saving(&mut app, &mut t.store, "adds\n ");
    assert_eq!(logged(&t.store).len(), 3);
    // The next item is the second gap: while typing, `u` is a letter and Ctrl-Z undoes.
    assert!(matches!(&app.screen, Screen::Review(s) if s.is_typing()));
    ctrl_saving(&mut app, &mut t.store, 'z');
    assert_eq!(logged(&t.store).len(), 2);
    assert_eq!(
        current_item(&app),
        "daemonset-basics/node-join-and-leave#1",
        "the undone item is back in front"
    );
    ctrl_saving(&mut app, &mut t.store, 'z');
    assert_eq!(
        current_item(&app),
        "daemonset-basics/exactly-one-pod-on-every-node"
    );
    type_saving(&mut app, &mut t.store, "u");
    assert!(logged(&t.store).is_empty());
    assert_eq!(current_item(&app), "daemonset-basics/what-a-daemonset-runs");
    assert!(
        app.ctx.study.states.is_empty(),
        "memory state is restored too"
    );
    assert!(app.ctx.study.answers.is_empty());
    type_saving(&mut app, &mut t.store, "u");
    assert_eq!(
        app.status.as_deref(),
        Some("nothing to undo in this session")
    );
}

/// An item forgotten 7 times, now due: one more lapse makes it a leech (threshold 8).
fn almost_leech(item: &str) -> Vec<Answer> {
    let a = |at_ms: i64, rating| Answer {
        item: item.into(),
        at_ms,
        rating,
        duration_ms: 1_000,
        mode: Mode::Review,
        correct: None,
    };
    let mut t = NOW - 200 * DAY_MS;
    let mut out = vec![
        a(t, Rating::Good),
        a(t + 2 * MINUTE_MS, Rating::Good),
        a(t + 15 * MINUTE_MS, Rating::Good),
    ];
    for _ in 0..7 {
        t += 20 * DAY_MS;
        out.push(a(t, Rating::Again));
        out.push(a(t + 15 * MINUTE_MS, Rating::Good));
    }
    out
}

#[test]
fn the_answer_that_makes_a_leech_suspends_it_atomically_and_undo_restores_it() {
    let item = "daemonset-basics/what-a-daemonset-runs";
    let mut t = temp_store();
    for a in almost_leech(item) {
        t.store.record(&a).unwrap();
    }
    let mut app = app_with(
        study(almost_leech(item)),
        Start::Review(ReviewOptions {
            deck: Some("daemonset-basics".into()),
            ..ReviewOptions::default()
        }),
    );
    assert_eq!(app.ctx.study.states[item].lapses, 7);
    assert_eq!(
        current_item(&app),
        item,
        "the due review comes before new items"
    );
    type_saving(&mut app, &mut t.store, " 1");
    let flags = t.store.flags().unwrap();
    assert_eq!(
        flags.get(item),
        Some(&Flags {
            suspended: true,
            leech: true
        })
    );
    assert!(app.status.as_deref().unwrap().contains("is a leech"));
    assert_ne!(
        current_item(&app),
        item,
        "a suspended leech leaves the session"
    );
    type_saving(&mut app, &mut t.store, "u");
    assert!(
        t.store.flags().unwrap().is_empty(),
        "undo restores the flags"
    );
    assert_eq!(current_item(&app), item);
    assert_eq!(t.store.answer_count().unwrap(), 17);
}

#[test]
fn suspend_takes_the_item_out_and_flags_it() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    type_saving(&mut app, &mut t.store, "s");
    let flags = t.store.flags().unwrap();
    assert_eq!(
        flags.get("daemonset-basics/what-a-daemonset-runs"),
        Some(&Flags {
            suspended: true,
            leech: false
        })
    );
    assert_eq!(
        current_item(&app),
        "daemonset-basics/exactly-one-pod-on-every-node"
    );
    assert!(logged(&t.store).is_empty(), "suspending is not an answer");
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("kubedrill unsuspend"), "{status}");
    assert!(
        status.chars().count() <= 78,
        "the message fits 80 columns: {status}"
    );
}

#[test]
fn undo_after_suspend_lifts_the_suspension_not_the_answer_before() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    type_saving(&mut app, &mut t.store, " 3");
    assert_eq!(logged(&t.store).len(), 1);
    let suspended = current_item(&app);
    type_saving(&mut app, &mut t.store, "s");
    assert_ne!(current_item(&app), suspended);
    // The item now on screen is typed into, so undo is Ctrl-Z (u is a letter there).
    ctrl_saving(&mut app, &mut t.store, 'z');
    assert_eq!(current_item(&app), suspended, "the suspended item is back");
    assert!(
        t.store
            .flags()
            .unwrap()
            .get(&suspended)
            .is_none_or(|f| !f.suspended),
        "and no longer suspended"
    );
    assert_eq!(logged(&t.store).len(), 1, "the answer before stays");
    // Undo again takes back that answer.
    type_saving(&mut app, &mut t.store, "u");
    assert!(logged(&t.store).is_empty());
}

#[test]
fn cram_logs_cram_answers_that_do_not_move_the_schedule() {
    let item = "daemonset-basics/what-a-daemonset-runs";
    let history = vec![Answer {
        item: item.into(),
        at_ms: NOW - DAY_MS,
        rating: Rating::Easy,
        duration_ms: 1_000,
        mode: Mode::Review,
        correct: None,
    }];
    let mut t = temp_store();
    let mut app = app_with(
        study(history),
        Start::Review(ReviewOptions {
            cram: true,
            ..ReviewOptions::default()
        }),
    );
    let before = app.ctx.study.states[item].clone();
    assert_eq!(current_item(&app), item);
    type_saving(&mut app, &mut t.store, " 1");
    assert_eq!(logged(&t.store)[0].mode, Mode::Cram);
    assert_eq!(app.ctx.study.states[item].due_ms, before.due_ms);
}

#[test]
fn quiz_in_exam_mode_logs_quiz_answers_and_scores_at_the_end() {
    let mut t = temp_store();
    let opts = QuizOptions {
        count: 4,
        seed: 9,
        ..QuizOptions::default()
    };
    let mut app = app(Start::Quiz(opts.clone()));
    let again = self::app(Start::Quiz(opts));
    assert_eq!(
        current_item(&app),
        current_item(&again),
        "the same seed gives the same quiz"
    );
    for _ in 0..4 {
        // Whatever the kind: a flash card is revealed and known; others get a (maybe wrong) answer.
        for k in [" ", "y", "1", "t"] {
            type_saving(&mut app, &mut t.store, k);
        }
        press_saving(&mut app, &mut t.store, KeyCode::Enter);
        type_saving(&mut app, &mut t.store, "x\n");
    }
    let Screen::Quiz(q) = &app.screen else {
        panic!()
    };
    let score = q.finished.as_ref().expect("the quiz ended after 4 items");
    assert_eq!(score.total, 4);
    let log = logged(&t.store);
    assert_eq!(log.len(), 4);
    assert!(
        log.iter()
            .all(|a| a.mode == Mode::Quiz && a.correct.is_some())
    );
    assert_eq!(
        score.right,
        log.iter().filter(|a| a.correct == Some(true)).count()
    );
    // A missed item is due again: Again in a quiz moves its schedule.
    for a in log.iter().filter(|a| a.correct == Some(false)) {
        assert!(app.ctx.study.states[&a.item].due_ms <= NOW + 10 * MINUTE_MS);
    }
}

#[test]
fn a_timed_quiz_ends_when_the_countdown_reaches_zero() {
    let mut app = app(Start::Quiz(QuizOptions {
        count: 5,
        minutes: Some(1),
        seed: 3,
        ..QuizOptions::default()
    }));
    app.update(Action::Tick, NOW + 59_000);
    let Screen::Quiz(q) = &app.screen else {
        panic!()
    };
    assert_eq!(q.seconds_left(NOW + 59_000), Some(1));
    assert!(q.finished.is_none());
    app.update(Action::Tick, NOW + 60_000);
    let Screen::Quiz(q) = &app.screen else {
        panic!()
    };
    let score = q.finished.as_ref().expect("time is up");
    assert_eq!((score.right, score.total), (0, 5));
    assert!(q.timed_out);
}

#[test]
fn a_lesson_step_with_a_check_waits_for_its_answer_and_progress_is_saved() {
    let mut t = temp_store();
    let mut app = app(Start::Learn(None));
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    // Walk until a step with a check question blocks `n`.
    let mut blocked = false;
    for _ in 0..20 {
        type_saving(&mut app, &mut t.store, "n");
        if app.status.as_deref() == Some("answer the check question first") {
            blocked = true;
            break;
        }
    }
    assert!(blocked, "the first lesson has a step with a check question");
    let Screen::Learn(l) = &app.screen else {
        panic!()
    };
    let walk = l.walk.as_ref().unwrap();
    let (lesson, step) = (walk.entry.key.clone(), walk.step);
    let saved = t.store.lesson_progress().unwrap();
    assert_eq!(
        saved.get(&lesson).map_or(0, |p| p.step),
        step,
        "steps walked so far are saved"
    );
    // Answer it (any kind), then `n` moves on.
    for k in [" ", "y", "1", "t"] {
        type_saving(&mut app, &mut t.store, k);
    }
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    type_saving(&mut app, &mut t.store, "x\n");
    assert!(logged(&t.store).iter().all(|a| a.mode == Mode::Learn));
    assert_eq!(logged(&t.store).len(), 1);
    type_saving(&mut app, &mut t.store, "n");
    let Screen::Learn(l) = &app.screen else {
        panic!()
    };
    assert_eq!(l.walk.as_ref().unwrap().step, step + 1);
    assert_eq!(t.store.lesson_progress().unwrap()[&lesson].step, step + 1);
    assert_eq!(app.ctx.study.lessons[&lesson].step, step + 1);
}

#[test]
fn compare_quizzes_a_hidden_cell_and_logs_it_as_a_quiz_answer() {
    let mut t = temp_store();
    let mut app = app(Start::Compare(None));
    type_saving(&mut app, &mut t.store, "t");
    let Screen::Compare(c) = &app.screen else {
        panic!()
    };
    let (row, col, asking) = c.quiz.as_ref().expect("a cell is asked");
    let table = c.table(&app.ctx).unwrap();
    assert_eq!(
        table.title, "DaemonSet vs Deployment vs StatefulSet",
        "the three-way table opens first"
    );
    let expected = format!("{}/{}/{}/{col}", c.deck, table.id, table.rows[*row].id);
    assert_eq!(asking.question.item, expected);
    type_saving(&mut app, &mut t.store, "1\n");
    let log = logged(&t.store);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].mode, Mode::Quiz);
    assert_eq!(log[0].item, expected);
}

#[test]
fn back_returns_home_from_a_screen_opened_there_and_quits_otherwise() {
    let mut app = app(Start::Home);
    press(&mut app, "w");
    assert!(matches!(app.screen, Screen::Compare(_)));
    press(&mut app, "q");
    assert!(matches!(app.screen, Screen::Home(_)));
    assert!(!app.quit);
    press_code(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::Review(_)),
        "Enter reviews the selected deck"
    );
    press_code(&mut app, KeyCode::Esc);
    let effects = press(&mut app, "q");
    assert!(app.quit);
    assert_eq!(effects, vec![Effect::Quit]);
    let mut direct = app_with(study(vec![]), Start::Stats);
    press(&mut direct, "q");
    assert!(direct.quit, "a screen opened from the command line quits");
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut t = temp_store();
    let mut app = review("daemonset-basics");
    type_saving(&mut app, &mut t.store, " 3f ");
    assert!(matches!(&app.screen, Screen::Review(s) if s.is_typing()));
    app.key(
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
        NOW,
    );
    assert!(app.quit);
}

#[test]
fn help_overlay_takes_the_keys_until_closed() {
    let mut app = app(Start::Home);
    press(&mut app, "?");
    assert!(app.help);
    press(&mut app, "w");
    assert!(
        matches!(app.screen, Screen::Home(_)),
        "keys go to the overlay"
    );
    press_code(&mut app, KeyCode::Esc);
    assert!(!app.help);
    assert!(!app.quit);
}

#[test]
fn help_lists_every_binding_of_the_screen_and_the_footer_only_real_keys() {
    let mut app = review("daemonset-basics");
    press(&mut app, " ");
    let tables = app.screen_bindings();
    let help = keymap::help(&tables);
    for b in tables.iter().flat_map(|t| t.iter()) {
        // Listed itself, or as part of a combined entry (`PgUp` in `PgDn/PgUp`), once.
        assert!(
            help.iter()
                .any(|(k, h)| *k == b.shown && h.starts_with(b.help)
                    || k.split('/').any(|p| p == b.shown)),
            "{} missing",
            b.shown
        );
        // Every key the footer advertises does something on this screen.
        for code in b.keys {
            assert!(keymap::lookup(&tables, KeyEvent::new(*code, KeyModifiers::NONE)).is_some());
        }
    }
    let shown: Vec<&str> = help.iter().map(|(k, _)| *k).collect();
    for k in ["1-4/hjkl", "2", "3", "4", "e", "u", "s", "?", "q/Esc"] {
        assert!(shown.contains(&k), "{k} is in help: {shown:?}");
    }
    // No key twice: `k` is not listed again after `j/k`.
    for (i, k) in shown.iter().enumerate() {
        let again = shown
            .iter()
            .enumerate()
            .any(|(j, other)| i != j && other.split('/').any(|p| p == *k) && other != k);
        assert!(!again, "{k} is listed twice: {shown:?}");
    }
}

#[test]
fn home_counts_new_items_within_the_daily_limit() {
    let app = app(Start::Home);
    let Screen::Home(h) = &app.screen else {
        panic!()
    };
    assert_eq!(h.new, 20);
    assert_eq!(h.due, 0);
    assert_eq!(h.rows.len(), app.ctx.study.library.decks.len());
}

#[test]
fn review_and_quiz_filter_by_tag_through_the_same_item_tags() {
    let lib = &study(vec![]).library;
    let deck = &lib.decks[0];
    let card = &deck.cards[0];
    assert_eq!(
        lib.item_tags(&format!("{}/{}", deck.id, card.id)),
        Some(card.tags.as_slice())
    );
    assert_eq!(
        lib.item_tags("workload-comparison/workloads/pod-count/0"),
        Some(lib.deck("workload-comparison").unwrap().tags.as_slice())
    );
    assert_eq!(lib.item_tags("no-such-deck/x"), None);
    let app = app(Start::Review(ReviewOptions {
        tag: Some("trap".into()),
        ..ReviewOptions::default()
    }));
    let item = current_item(&app);
    assert!(
        lib.item_tags(&item).unwrap().contains(&"trap".to_owned()),
        "{item}"
    );
    let quiz = kubedrill::exercise::pick_quiz(
        lib,
        &kubedrill::exercise::QuizFilter {
            deck: None,
            tag: Some("trap".into()),
            only: None,
        },
        30,
        1,
    );
    assert!(!quiz.is_empty());
    assert!(
        quiz.iter()
            .all(|i| lib.item_tags(i).unwrap().contains(&"trap".to_owned()))
    );
}

/// A missed quiz answer moves the schedule like Again; when it is the one that makes the item a
/// leech, the quiz suspends it in the answer's transaction, as review does.
#[test]
fn a_quiz_answer_that_makes_a_leech_suspends_it_too() {
    let item = "daemonset-basics/exactly-one-pod-on-every-node";
    let mut t = temp_store();
    for a in almost_leech(item) {
        t.store.record(&a).unwrap();
    }
    let mut app = app_with(
        study(almost_leech(item)),
        Start::Quiz(QuizOptions {
            count: 2,
            seed: 1,
            ..QuizOptions::default()
        }),
    );
    let question =
        kubedrill::exercise::Question::for_item(&app.ctx.study.library, item, 1).unwrap();
    if let Screen::Quiz(q) = &mut app.screen {
        q.asking = Some(kubedrill::tui::question::Asking::new(question, NOW, false));
    }
    // The statement is false: `t` is a miss.
    type_saving(&mut app, &mut t.store, "t");
    assert_eq!(
        t.store.flags().unwrap().get(item),
        Some(&Flags {
            suspended: true,
            leech: true
        })
    );
    assert_eq!(
        app.ctx.study.flags.get(item),
        Some(&Flags {
            suspended: true,
            leech: true
        })
    );
    assert_eq!(
        t.store.answers().unwrap().last().unwrap().1.mode,
        Mode::Quiz
    );
}

/// Every key that does something is in the help, by its shown name or an "(also …)": on
/// each screen and in each state of a question.
#[test]
fn help_names_every_working_key() {
    use kubedrill::tui::keymap::key_name;
    let mut apps = vec![app(Start::Home), review("daemonset-basics")];
    let mut revealed = review("daemonset-basics");
    press(&mut revealed, " ");
    apps.push(revealed);
    apps.push(app(Start::Compare(None)));
    apps.push(app(Start::Stats));
    apps.push(app(Start::Drill(
        kubedrill::tui::screens::drill::DrillOptions::default(),
    )));
    for app in &apps {
        let tables = app.screen_bindings();
        let help = keymap::help(&tables);
        let text: Vec<String> = help.iter().map(|(k, h)| format!("{k} {h}")).collect();
        for b in tables.iter().flat_map(|t| t.iter()) {
            for code in b.keys {
                let name = key_name(*code, b.ctrl);
                let named = help.iter().any(|(shown, line)| {
                    shown.split('/').any(|p| {
                        p == name
                            || (p.len() > 1
                                && p.chars().all(|c| c.is_ascii_lowercase())
                                && p.contains(name.as_str()))
                            || p.split_once('-').is_some_and(|(a, z)| {
                                a.len() == 1 && name.len() == 1 && (a..=z).contains(&name.as_str())
                            })
                    }) || line.contains(&format!("also {name}"))
                        || line.contains(&format!(", {name}"))
                });
                assert!(
                    named,
                    "{} · {name} is not in help: {text:#?}",
                    app.screen_name()
                );
            }
        }
    }
}
