//! Nothing a question depends on is cut (issue "screens", deliver 1): every drill kind and
//! difficulty, 20 seeds each, at 80x24 and 60x16, paged through with PgDn: every word of the
//! drill as `kubedrill drill --print` writes it (its title, question and DaemonSet) shows on
//! some page.

#[path = "tui/common.rs"]
mod common;

use common::*;
use kubedrill::exercise::drill::{Difficulty, DrillKind};
use kubedrill::tui::Start;
use kubedrill::tui::app::{App, Screen};
use kubedrill::tui::screens::drill::DrillOptions;
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
    let rows: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.trim_matches('"').trim())
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
