//! End to end through tmux, for the user's data and terminal: every signal restores the
//! terminal (raw mode off, main screen back, cursor shown) with exit status 128+n and the
//! answers given saved; two instances on one folder never review the same card twice; damage
//! the background check finds after the first frame is recovered and said on Home.
//!
//! CI installs tmux (`.ci/run`). Without tmux these tests fail and say so, unless
//! `KUBEDRILL_SKIP_TMUX=1` asks to skip them.

#[path = "common/damage.rs"]
mod damage;
#[path = "tmux/harness.rs"]
mod harness;

use harness::*;
use std::path::Path;

fn bin() -> String {
    quoted(Path::new(env!("CARGO_BIN_EXE_kubedrill")))
}

fn logged_items(data: &Path) -> Vec<String> {
    let db = rusqlite::Connection::open_with_flags(
        data.join("kubedrill.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.prepare("SELECT item FROM review_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_signal_restores_the_terminal_and_keeps_the_answers() {
    if !tmux_available() {
        return;
    }
    for (name, signal) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        let tmux = Tmux::start(&format!("sig-{name}"), data, 80, 24, &[]);
        // After the app: its exit status, then the terminal modes that raw mode turns off, on a
        // line ending `<stty` (the command line itself reads `<st""ty`).
        tmux.run_in_shell(&format!(
            "{} review --data-dir {}; echo {}$?; echo \"$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' ')<st\"\"ty\"",
            bin(),
            quoted(data),
            "kubedrill-e2e-exit="
        ));
        let screen = tmux.wait_for("the review screen", |s| {
            s.done() == Some(0) && s.asked().is_some()
        });
        assert_eq!(
            tmux.display("#{alternate_on}"),
            "1",
            "the app is on the alternate screen"
        );
        assert_eq!(
            tmux.display("#{mouse_any_flag}"),
            "1",
            "the app reads the mouse (its wheel scrolls)"
        );
        let (_, item) = answer(&tmux, &screen);
        let pid = tmux.pid_of(env!("CARGO_BIN_EXE_kubedrill"));
        // SAFETY: kill(2) with a pid we found and a valid signal number.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill -{name}");
        let screen = tmux.wait_for_end();
        let status = screen
            .exit_status()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        assert!(
            status.starts_with(&(128 + signal).to_string()),
            "SIG{name}: exit status {status}, not 128+{signal}:\n{screen}"
        );
        let stty = tmux
            .wait_for("stty's modes", |s| s.contains("<stty"))
            .0
            .lines()
            .find(|l| l.contains("<stty"))
            .unwrap()
            .to_owned();
        for mode in ["icanon", "echo", "isig"] {
            assert!(
                stty.split_whitespace().any(|m| m == mode),
                "SIG{name}: {mode} is not back on: {stty}"
            );
        }
        assert_eq!(
            tmux.display("#{alternate_on}"),
            "0",
            "SIG{name}: still on the alternate screen"
        );
        assert_eq!(
            tmux.display("#{cursor_flag}"),
            "1",
            "SIG{name}: the cursor is hidden"
        );
        assert_eq!(
            tmux.display("#{mouse_any_flag}"),
            "0",
            "SIG{name}: the terminal still reports the mouse"
        );
        drop(tmux);
        assert_eq!(
            logged_items(data),
            vec![item],
            "SIG{name}: the answer given is saved"
        );
    }
}

/// A panic restores the terminal too (ratatui's panic hook). No input should make the app
/// panic, so the debug build has a switch for this test.
#[test]
fn a_panic_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let tmux = Tmux::start("panic", data, 80, 24, &[]);
    tmux.run_in_shell(&format!(
        "KUBEDRILL_TEST_PANIC_AFTER_FIRST_FRAME=1 {} --data-dir {} 2>/dev/null; echo kubedrill-e2e-exit=$?; echo \"$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' ')<st\"\"ty\"",
        bin(),
        quoted(data)
    ));
    let screen = tmux.wait_for("stty's modes after the panic", |s| {
        s.lines().any(|l| l.ends_with("<stty"))
    });
    assert_eq!(screen.exit_status(), Some("101"), "{screen}");
    let stty = screen
        .lines()
        .find(|l| l.ends_with("<stty"))
        .unwrap()
        .to_owned();
    for mode in ["icanon", "echo", "isig"] {
        assert!(
            stty.split_whitespace().any(|m| m == mode),
            "{mode} is not back on: {stty}"
        );
    }
    assert_eq!(tmux.display("#{alternate_on}"), "0");
    assert_eq!(tmux.display("#{cursor_flag}"), "1");
    assert_eq!(
        tmux.display("#{mouse_any_flag}"),
        "0",
        "the terminal still reports the mouse after the panic"
    );
}

/// A closed terminal: the app gets SIGHUP and a tty that is gone. It must end (not spin
/// reading the dead tty) with the answers given saved.
#[test]
fn a_closed_terminal_ends_the_app_with_the_answers_saved() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let tmux = Tmux::start("closed", data, 80, 24, &[]);
    tmux.run_in_shell(&format!("{} review --data-dir {}", bin(), quoted(data)));
    let screen = tmux.wait_for("the review screen", |s| {
        s.done() == Some(0) && s.asked().is_some()
    });
    let (_, item) = answer(&tmux, &screen);
    let pid = tmux.pid_of(env!("CARGO_BIN_EXE_kubedrill"));
    drop(tmux); // kills the server: the pane's terminal closes under the app
    let start = std::time::Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        // A zombie (exited, not yet reaped by its parent) has ended too.
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if state
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z'))
        {
            break;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the app is still running after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(logged_items(data), vec![item]);
}

#[test]
fn two_instances_on_one_folder_never_review_the_same_card() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let command = format!("{} review --data-dir {}", bin(), quoted(&data));
    let a = Tmux::start("two-a", dir.path(), 80, 24, &[]);
    a.run_in_shell(&command);
    let first = a.wait_for("the first review", |s| {
        s.done() == Some(0) && s.asked().is_some()
    });
    let b = Tmux::start("two-b", dir.path(), 80, 24, &[]);
    b.run_in_shell(&command);
    let second = b.wait_for("the second review", |s| {
        s.done() == Some(0) && s.asked().is_some()
    });
    assert_eq!(
        first.asked(),
        second.asked(),
        "both start on the same new card"
    );

    // Turns: one instance answers the card on its screen, the other must move off it.
    let mut screens = [first, second];
    let tmuxes = [&a, &b];
    let mut answered = Vec::new();
    for turn in 0..6 {
        let (me, other) = (turn % 2, 1 - turn % 2);
        let asked = screens[me].asked();
        let (after, item) = answer(tmuxes[me], &screens[me]);
        screens[me] = go_on(tmuxes[me], after);
        screens[other] = tmuxes[other]
            .wait_for(&format!("the other instance to move off {item}"), |s| {
                s.asked().is_some() && s.asked() != asked
            });
        answered.push(item);
    }
    for t in [&a, &b] {
        t.keys(&["Escape"]);
        t.wait_for_exit();
    }
    let logged = logged_items(&data);
    assert_eq!(logged, answered);
    let distinct: std::collections::BTreeSet<&String> = logged.iter().collect();
    assert_eq!(
        distinct.len(),
        logged.len(),
        "a card was reviewed twice: {logged:?}"
    );
}

#[test]
fn damage_found_after_the_first_frame_is_recovered_and_said_on_home() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    damage::seeded(&data, 640);
    let db = data.join("kubedrill.db");
    damage::break_index(&db);
    let damaged = std::fs::read(&db).unwrap();
    let tmux = Tmux::start("damage", dir.path(), 80, 24, &[]);
    tmux.run_in_shell(&format!("{} --data-dir {}", bin(), quoted(&data)));
    let screen = tmux.wait_for("the banner on Home", |s| {
        s.contains("kubedrill · Home") && s.contains("x dismisses")
    });
    assert!(
        screen.contains("your review log was damaged: 640 answers"),
        "{screen}"
    );
    tmux.keys(&["x"]);
    let screen = tmux.wait_for("Home without the banner", |s| {
        s.contains("kubedrill · Home") && !s.contains("x dismisses")
    });
    assert!(screen.contains("DECK"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for_exit();
    let aside: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("kubedrill.db.corrupt-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        damaged,
        "moved aside untouched"
    );
    assert_eq!(logged_items(&data).len(), 640);
}
