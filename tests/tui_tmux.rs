//! End to end through tmux: the real binary in a real (if virtual) terminal. A detached tmux
//! server on a socket of its own runs a shell; the tests type into it with `send-keys` and read
//! the screen with `capture-pane`, polling against a deadline (never a fixed sleep), and check
//! the review log the run left behind.
//!
//! CI installs tmux (`.ci/run`). Without tmux these tests fail and say so, unless
//! `KUBEDRILL_SKIP_TMUX=1` asks to skip them.

#[path = "tmux/harness.rs"]
mod harness;

use harness::*;
use std::path::Path;

#[test]
fn review_three_undo_one_logs_two() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let tmux = Tmux::start("review", data, 80, 24, &[]);
    tmux.run_in_shell(&format!(
        "{} review --data-dir {}",
        quoted(Path::new(env!("CARGO_BIN_EXE_kubedrill"))),
        quoted(data)
    ));
    let mut screen = tmux.wait_for("the review screen", |s| {
        s.done() == Some(0) && s.asked().is_some()
    });

    let mut answered = Vec::new();
    let mut asked = Vec::new();
    for n in 1..=3 {
        asked.push(screen.asked().expect("a question on screen"));
        let (after, item) = answer(&tmux, &screen);
        answered.push(item);
        // The third answer is undone from where it left the screen.
        screen = if n < 3 { go_on(&tmux, after) } else { after };
    }

    // `u` undoes; while an answer is being typed `u` is a letter and Ctrl-Z undoes instead.
    let footer = screen.footer();
    if footer.contains("u undo") {
        tmux.keys(&["u"]);
    } else if footer.contains("Ctrl-Z undo") {
        tmux.keys(&["C-z"]);
    } else {
        panic!("after the third answer the screen offers no undo:\n{screen}");
    }
    let screen = tmux.wait_for("the counter to go back to 2", |s| s.done() == Some(2));
    assert_eq!(
        screen.asked().as_deref(),
        Some(asked[2].as_str()),
        "undo should bring back the undone item:\n{screen}"
    );

    // `q` leaves; while an answer is being typed only Esc does (q is text then).
    if screen.footer().contains("q/Esc back") {
        tmux.keys(&["q"]);
    } else {
        assert!(
            screen.footer().contains("Esc back"),
            "no way back:\n{screen}"
        );
        tmux.keys(&["Escape"]);
    }
    tmux.wait_for_exit();
    drop(tmux);

    let db = rusqlite::Connection::open_with_flags(
        data.join("kubedrill.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let logged: Vec<String> = db
        .prepare("SELECT item FROM review_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        logged,
        answered[..2],
        "the log should hold exactly the first two answers"
    );
}

#[test]
fn too_small_then_resized_shows_home() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let tmux = Tmux::start("resize", data, 50, 12, &[("KUBEDRILL_DATA_DIR", data)]);
    tmux.run_in_shell(&quoted(Path::new(env!("CARGO_BIN_EXE_kubedrill"))));
    tmux.wait_for("the too-small message", |s| {
        s.contains("terminal too small (need 60x16)") && s.contains("now 50x12")
    });
    // Keys the user cannot see the effect of do nothing: `r` would open a review, Space
    // reveal and 3 grade its card.
    tmux.keys(&["r", "Space", "3"]);

    // A detached session keeps the size it was given; resize-window sets it (manual size).
    tmux.run(&["set-option", "-g", "window-size", "manual"]);
    tmux.run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    let size = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "e2e",
        "#{window_width}x#{window_height}",
    ]);
    assert_eq!(String::from_utf8_lossy(&size.stdout).trim(), "80x24");
    let screen = tmux.wait_for("Home at 80x24", |s| {
        s.contains("kubedrill · Home") && s.footer().contains("q/Esc")
    });
    assert!(!screen.contains("terminal too small"), "{screen}");

    assert!(
        !data.join("kubedrill.db").exists() || logged_count(data) == 0,
        "an answer was given behind the too-small message"
    );
    tmux.keys(&["q"]);
    tmux.wait_for_exit();
}

fn logged_count(data: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(
        data.join("kubedrill.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
    .query_row("SELECT count(*) FROM review_log", [], |r| r.get(0))
    .unwrap()
}
