//! The drill screen: answering each kind, checking against the engine, logging the result per
//! rule, the next drill, focusing on the weakest rule; snapshots before and after checking at
//! 80x24 and wide.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::exercise::drill::{Answer, Difficulty, DrillKind, RuleKey};
use kubedrill::tui::Start;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::screens::drill::{DrillOptions, DrillScreen};
use ratatui::crossterm::event::KeyCode;

fn drill_app(kind: DrillKind, difficulty: Difficulty, seed: u64) -> App {
    app(Start::Drill(DrillOptions {
        difficulty,
        kind: Some(kind),
        seed,
        focus: None,
    }))
}

/// Row `i`'s answer as the screen shows it.
fn given(app: &App, i: usize) -> String {
    let s = screen(app);
    s.given[i].text(s.rows[i].input)
}

fn screen(app: &App) -> &DrillScreen {
    match &app.screen {
        Screen::Drill(d) => d,
        _ => panic!("not the drill screen"),
    }
}

/// Types the engine's own answer row by row, the way a learner would.
fn answer_perfectly(app: &mut App, store: &mut kubedrill::store::Store) {
    // Write and fix: `e`, and an "editor" that saves the reference manifest; saving checks it.
    if let Some(task) = screen(app).drill.task() {
        let solution = task.solution.clone();
        edit_saving(app, store, &solution);
        return;
    }
    let expected = screen(app).drill.answer_items();
    for (i, item) in expected.iter().enumerate() {
        for attempt in 0.. {
            assert!(attempt < 10, "row {i}: cannot enter {:?}", item.expected);
            let s = screen(app);
            let given = s.given[i].text(s.rows[i].input);
            let want = match item.expected.as_str() {
                "gets a pod" | "gets pod" => "gets pod",
                "no new pod" => "",
                other => other,
            };
            if given == want {
                break;
            }
            if want.chars().all(|c| c.is_ascii_digit()) && !want.is_empty() {
                type_saving(app, store, want);
                continue;
            }
            press_saving(app, store, KeyCode::Char(' '));
        }
        press_saving(app, store, KeyCode::Char('j'));
    }
}

#[test]
fn every_kind_answered_as_the_engine_would_scores_full_marks_and_is_logged() {
    for &kind in DrillKind::ALL {
        for difficulty in Difficulty::ALL {
            for seed in [1, 2, 3] {
                let mut t = temp_store();
                let mut app = drill_app(kind, difficulty, seed);
                answer_perfectly(&mut app, &mut t.store);
                if screen(&app).drill.task().is_none() {
                    press_saving(&mut app, &mut t.store, KeyCode::Enter);
                }
                let s = screen(&app);
                let graded = s.graded.as_ref().expect("checked");
                assert!(
                    graded.all_correct(),
                    "{kind} {difficulty} seed {seed}: {:?}",
                    graded
                        .items
                        .iter()
                        .filter(|i| !i.correct)
                        .collect::<Vec<_>>()
                );
                let logged = t.store.drill_results().unwrap();
                assert_eq!(logged.len(), 1);
                assert_eq!(logged[0].seed, s.drill.seed);
                assert_eq!(logged[0].kind, kind.as_str());
                assert_eq!(logged[0].rule_hits, graded.score().per_rule);
                assert!(logged[0].rule_hits.values().all(|(_, misses)| *misses == 0));
                assert_eq!(app.ctx.study.drills.len(), 1, "stats see the drill at once");
            }
        }
    }
}

#[test]
fn an_unanswered_predict_drill_is_graded_per_node_by_the_engine() {
    let mut t = temp_store();
    let mut app = drill_app(DrillKind::Predict, Difficulty::Medium, 11);
    // Enter on an empty answer asks first, and nothing is graded or logged yet.
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    assert!(screen(&app).graded.is_none());
    assert!(
        app.status
            .as_deref()
            .unwrap_or_default()
            .contains("Enter again checks"),
        "{:?}",
        app.status
    );
    assert!(t.store.drill_results().unwrap().is_empty());
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    let s = screen(&app);
    let graded = s.graded.as_ref().unwrap();
    // Nothing marked: right exactly on the nodes that get no pod.
    for (item, node) in graded.items.iter().zip(s.drill.answer_items()) {
        assert_eq!(item.correct, node.expected != "gets a pod", "{item:?}");
        assert!(!item.reason.is_empty());
    }
    assert!(
        graded.items.iter().any(|i| !i.correct),
        "a drill always mixes outcomes"
    );
    let misses: u32 = t.store.drill_results().unwrap()[0]
        .rule_hits
        .values()
        .map(|(_, m)| m)
        .sum();
    assert!(misses > 0);
}

#[test]
fn next_draws_a_new_seed_and_the_same_seed_replays_the_same_drill() {
    let mut t = temp_store();
    let mut app = drill_app(DrillKind::Predict, Difficulty::Easy, 40);
    let first = screen(&app).drill.clone();
    press_saving(&mut app, &mut t.store, KeyCode::Char('n'));
    assert_eq!(screen(&app).drill, first, "n does nothing before checking");
    // Nothing marked: Enter asks, Enter again checks.
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    press_saving(&mut app, &mut t.store, KeyCode::Char('n'));
    let second = screen(&app).drill.clone();
    assert_eq!(second.seed, 41);
    assert!(screen(&app).graded.is_none());
    let replay = drill_app(DrillKind::Predict, Difficulty::Easy, 41);
    assert_eq!(screen(&replay).drill, second);
    assert_eq!(screen(&app).session.2, 1);
}

#[test]
fn mixed_kinds_take_turns() {
    let opts = DrillOptions {
        seed: 8,
        ..DrillOptions::default()
    };
    let kinds: Vec<DrillKind> = (0..DrillKind::ALL.len() as u64)
        .map(|n| opts.kind_for(n))
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(sorted, DrillKind::ALL.to_vec());
}

#[test]
fn focus_on_the_weakest_rule_comes_from_the_logged_drills() {
    let mut t = temp_store();
    let mut app = drill_app(DrillKind::Predict, Difficulty::Medium, 5);
    press_saving(&mut app, &mut t.store, KeyCode::Char('f'));
    assert_eq!(
        app.status.as_deref(),
        Some("no rule has been missed yet: nothing to focus on")
    );
    // Nothing marked (confirmed with a second Enter): some rule missed.
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    press_saving(&mut app, &mut t.store, KeyCode::Char('f'));
    let focus = screen(&app).opts.focus.expect("a weakest rule");
    let weakest = kubedrill::stats::rule_accuracy(&t.store.drill_results().unwrap())
        .into_iter()
        .find(|r| r.misses > 0)
        .unwrap();
    assert_eq!(focus, weakest.rule);
    press_saving(&mut app, &mut t.store, KeyCode::Char('n'));
    assert!(
        screen(&app).drill.rule_keys().contains(&focus),
        "the next drill practises {focus}"
    );
    press_saving(&mut app, &mut t.store, KeyCode::Char('f'));
    assert!(screen(&app).opts.focus.is_none());
}

#[test]
fn scheduler_rows_cycle_runs_pending_no_pod() {
    let mut app = drill_app(DrillKind::Scheduler, Difficulty::Medium, 4);
    let rows: Vec<String> = screen(&app).rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        rows,
        screen(&app)
            .drill
            .nodes
            .iter()
            .map(|n| n.name().to_owned())
            .collect::<Vec<_>>()
    );
    press(&mut app, " ");
    assert_eq!(given(&app, 0), "runs");
    press(&mut app, " ");
    assert_eq!(given(&app, 0), "pending");
    press(&mut app, " ");
    assert_eq!(given(&app, 0), "no pod");
    press(&mut app, " ");
    assert_eq!(given(&app, 0), "runs");
    press(&mut app, "j  ");
    match screen(&app).answer() {
        Answer::Scheduler(map) => {
            assert_eq!(map.len(), 2);
            assert_eq!(map[&rows[0]].as_str(), "runs");
            assert_eq!(map[&rows[1]].as_str(), "pending");
        }
        other => panic!("{other:?}"),
    }
    // Each row shows the node's pods and what they request.
    let text = draw(&app, 140, 40);
    assert!(
        text.contains(" pods · cpu ") || text.contains(" pod · cpu "),
        "{text}"
    );
}

#[test]
fn the_answer_follows_the_rows() {
    let mut app = drill_app(DrillKind::Status, Difficulty::Easy, 2);
    press(&mut app, "3j12j0");
    match screen(&app).answer() {
        Answer::Status(a) => assert_eq!((a.desired, a.current, a.misscheduled), (3, 12, 0)),
        other => panic!("{other:?}"),
    }
    press_code(&mut app, KeyCode::Backspace);
    press(&mut app, "7");
    match screen(&app).answer() {
        Answer::Status(a) => assert_eq!(a.misscheduled, 7),
        other => panic!("{other:?}"),
    }
}

#[test]
fn drill_screen_snapshots() {
    for (name, kind, difficulty, seed) in [
        ("predict_medium", DrillKind::Predict, Difficulty::Medium, 7),
        ("predict_hard", DrillKind::Predict, Difficulty::Hard, 7),
        ("events", DrillKind::Events, Difficulty::Medium, 7),
        ("rollout", DrillKind::Rollout, Difficulty::Medium, 7),
        ("status", DrillKind::Status, Difficulty::Medium, 7),
        ("scheduler", DrillKind::Scheduler, Difficulty::Hard, 7),
    ] {
        let mut t = temp_store();
        let mut app = drill_app(kind, difficulty, seed);
        press_saving(&mut app, &mut t.store, KeyCode::Char(' '));
        insta::assert_snapshot!(format!("drill_{name}_80x24"), draw(&app, 80, 24));
        insta::assert_snapshot!(format!("drill_{name}_140x40"), draw(&app, 140, 40));
        press_saving(&mut app, &mut t.store, KeyCode::Enter);
        if screen(&app).graded.is_none() {
            // Space answers no row of a number drill: Enter asked first; this confirms.
            press_saving(&mut app, &mut t.store, KeyCode::Enter);
        }
        assert!(screen(&app).graded.is_some(), "{name}");
        insta::assert_snapshot!(format!("drill_{name}_checked_80x24"), draw(&app, 80, 24));
        insta::assert_snapshot!(format!("drill_{name}_checked_140x40"), draw(&app, 140, 40));
    }
    insta::assert_snapshot!(
        "drill_60x16",
        draw(&drill_app(DrillKind::Predict, Difficulty::Easy, 3), 60, 16)
    );
}

/// `f` in a drill of one kind offers only a rule that kind tests: a scheduler drill never
/// focuses a status rule, however weak.
#[test]
fn focus_offers_only_rules_the_current_kind_tests() {
    let mut app = drill_app(DrillKind::Scheduler, Difficulty::Medium, 4);
    let result = |rule: &str, hits: u32, misses: u32| kubedrill::store::DrillResult {
        at_ms: NOW,
        seed: 1,
        difficulty: "medium".into(),
        kind: "status".into(),
        rule_hits: [(rule.parse().unwrap(), (hits, misses))].into(),
        other_rules: Default::default(),
    };
    app.ctx.study.drills = vec![
        result("status-current", 0, 5),
        result("insufficient-resource", 3, 1),
    ];
    press(&mut app, "f");
    assert_eq!(
        screen(&app).opts.focus,
        Some(RuleKey::InsufficientResource),
        "{:?}",
        app.status
    );
    press(&mut app, "f");
    app.ctx.study.drills = vec![result("status-current", 0, 5)];
    press(&mut app, "f");
    assert_eq!(screen(&app).opts.focus, None, "{:?}", app.status);
}

/// `d` shows the cursor's node in full where the rows are nodes, with the labels the
/// DaemonSet reads first and marked; where rows are numbers (rollout) it does nothing.
#[test]
fn d_shows_the_cursor_node_in_full_where_rows_are_nodes() {
    for kind in [DrillKind::Predict, DrillKind::Events, DrillKind::Scheduler] {
        for seed in 0..10 {
            let mut app = drill_app(kind, Difficulty::Hard, seed);
            press(&mut app, "j");
            let row = screen(&app).rows[1].id.clone();
            press(&mut app, "d");
            let details = app
                .details
                .as_ref()
                .unwrap_or_else(|| panic!("{kind} {seed}"));
            assert_eq!(details.name, row);
            let shown = draw(&app, 80, 24);
            let node = screen(&app)
                .drill
                .nodes
                .iter()
                .find(|n| n.name() == row)
                .expect("the row is a node");
            let flat: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
            // Each label is on the first page, or the pane says there is more.
            if !flat.contains("↓ more") {
                for (k, v) in &node.metadata.labels {
                    assert!(flat.contains(&format!("{k}={v}")), "{k} in {shown}");
                }
            }
            press_code(&mut app, KeyCode::Esc);
            assert!(app.details.is_none());
            assert!(
                matches!(app.screen, Screen::Drill(_)),
                "Esc closed only the pane"
            );
        }
    }
    let mut app = drill_app(DrillKind::Rollout, Difficulty::Hard, 1);
    press(&mut app, "d");
    assert!(app.details.is_none());
}

/// A node row starts with what the DaemonSet's rules read: its nodeSelector's labels come
/// before the node's other labels.
#[test]
fn node_rows_lead_with_the_labels_the_daemonset_reads() {
    let mut checked = 0;
    for seed in 0..60 {
        let app = drill_app(DrillKind::Predict, Difficulty::Medium, seed);
        let d = &screen(&app).drill;
        let selector = &d.daemonset.spec.template.spec.node_selector;
        let Some((key, _)) = selector.iter().next() else {
            continue;
        };
        let shown = draw(&app, 200, 60);
        for node in &d.nodes {
            let Some(value) = node.metadata.labels.get(key) else {
                continue;
            };
            let line = shown
                .lines()
                .find(|l| l.contains(&format!(" {} ", node.name())) && l.contains('['))
                .unwrap_or_else(|| panic!("{} row in {shown}", node.name()));
            let at = line
                .find(&format!("{key}={value}"))
                .expect("selector label shown");
            for (other, v) in &node.metadata.labels {
                if other != key
                    && other != "node-role.kubernetes.io/control-plane"
                    && let Some(o) = line.find(&format!("{other}={v}"))
                {
                    assert!(at < o, "{key} before {other} in {line}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 10, "only {checked} rows had a selector label");
}

#[test]
fn a_manifest_drill_is_checked_when_the_editor_saves_and_refused_files_are_not_logged() {
    let mut t = temp_store();
    let mut app = drill_app(DrillKind::Fix, Difficulty::Medium, 4);
    // Enter before anything is written says what to do, and logs nothing.
    press_saving(&mut app, &mut t.store, KeyCode::Enter);
    assert!(
        app.status
            .as_deref()
            .unwrap_or_default()
            .contains("e opens"),
        "{:?}",
        app.status
    );
    assert!(screen(&app).graded.is_none());
    // An editor that fails: its message, nothing checked.
    let effects = press(&mut app, "e");
    kubedrill::tui::perform_with(&mut app, &mut t.store, effects, &mut |_| {
        Err("vi exited with exit status: 1".into())
    });
    assert_eq!(app.status.as_deref(), Some("vi exited with exit status: 1"));
    assert!(screen(&app).graded.is_none());
    // The editor saw the fix drill's starter, in the draft file.
    let starter = screen(&app).drill.task().unwrap().starter.clone();
    let draft = t.dir.path().join("drafts/fix-medium-4.yaml");
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), starter);
    // A file the API server refuses: its problems, nothing graded or logged.
    let solution = screen(&app).drill.task().unwrap().solution.clone();
    edit_saving(
        &mut app,
        &mut t.store,
        &solution.replace("containers:", "containerz:"),
    );
    assert!(
        app.status
            .as_deref()
            .unwrap_or_default()
            .contains("refused, not graded"),
        "{:?}",
        app.status
    );
    assert!(screen(&app).graded.is_none());
    assert!(t.store.drill_results().unwrap().is_empty());
    // Fixed: graded on every cluster and logged.
    edit_saving(&mut app, &mut t.store, &solution);
    let graded = screen(&app).graded.clone().expect("checked");
    assert!(graded.all_correct());
    let clusters: std::collections::BTreeSet<_> = graded
        .items
        .iter()
        .filter_map(|i| i.cluster.clone())
        .collect();
    assert!(clusters.len() >= 4, "{clusters:?}");
    assert_eq!(t.store.drill_results().unwrap().len(), 1);
    // `e` again opens the last saved version.
    let effects = press(&mut app, "e");
    let mut seen = String::new();
    kubedrill::tui::perform_with(&mut app, &mut t.store, effects, &mut |path| {
        seen = std::fs::read_to_string(path).unwrap();
        Ok(())
    });
    assert_eq!(seen, solution);
    assert_eq!(t.store.drill_results().unwrap().len(), 2, "a second check");
}

/// Write and fix: the goal, the manifest row and the cluster before writing; the verdict per
/// cluster under the goal after; the API server's refusal with its line. The draft's folder is
/// the test's temporary one, written as `<data>` here.
#[test]
fn manifest_drill_snapshots() {
    for (name, kind, seed) in [("write", DrillKind::Write, 3), ("fix", DrillKind::Fix, 4)] {
        let mut t = temp_store();
        let data = t.dir.path().to_str().unwrap().to_owned();
        let shot = |app: &App, w, h| draw(app, w, h).replace(&data, "<data>");
        let mut app = drill_app(kind, Difficulty::Medium, seed);
        insta::assert_snapshot!(format!("drill_{name}_80x24"), shot(&app, 80, 24));
        insta::assert_snapshot!(format!("drill_{name}_60x16"), shot(&app, 60, 16));
        insta::assert_snapshot!(format!("drill_{name}_140x40"), shot(&app, 140, 40));
        let task = screen(&app).drill.task().unwrap().clone();
        // Saved as it started: a write skeleton is graded (wrong); a fix starter may be refused.
        edit_saving(&mut app, &mut t.store, &task.starter);
        insta::assert_snapshot!(format!("drill_{name}_starter_80x24"), shot(&app, 80, 24));
        let typo = task.solution.replacen("containers:", "containres:", 1);
        edit_saving(&mut app, &mut t.store, &typo);
        insta::assert_snapshot!(format!("drill_{name}_refused_60x16"), shot(&app, 60, 16));
        edit_saving(&mut app, &mut t.store, &task.solution);
        insta::assert_snapshot!(format!("drill_{name}_right_80x24"), shot(&app, 80, 24));
    }
}
