//! End to end through tmux: a write drill answered in the learner's editor. `e` hands the
//! terminal to `$EDITOR` (here a script that records what it was given and the terminal's mode,
//! then saves the reference manifest), kubedrill takes the terminal back, checks the draft and
//! shows the verdict per cluster; `e` again reopens the last saved version.

#[path = "tmux/harness.rs"]
mod harness;

use harness::*;
use kubedrill::exercise::drill::{Difficulty, Drill, DrillKind};
use std::path::Path;

#[test]
fn e_edits_in_the_editor_and_saving_shows_the_verdict() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let drill = Drill::generate(3, Difficulty::Medium, DrillKind::Write, None);
    let task = drill.task().unwrap();
    std::fs::write(data.join("solution.yaml"), &task.solution).unwrap();
    let editor = data.join("editor.sh");
    // What a real editor needs: a terminal in its normal (canonical, echoing) mode.
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstty -a > {log}.stty 2>&1\ncat \"$1\" >> {log}.seen\necho '=== end' >> {log}.seen\ncp {sol} \"$1\"\n",
            log = quoted(&data.join("editor")),
            sol = quoted(&data.join("solution.yaml")),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let tmux = Tmux::start("editor", data, 80, 24, &[]);
    tmux.run_in_shell(&format!(
        "VISUAL= EDITOR={} {} drill --kind write --difficulty medium --seed 3 --data-dir {}",
        quoted(&editor),
        quoted(Path::new(env!("CARGO_BIN_EXE_kubedrill"))),
        quoted(data)
    ));
    tmux.wait_for("the write drill", |s| {
        s.contains("not written yet (e opens your editor)")
    });
    tmux.keys(&["e"]);
    let total: usize = task.clusters.iter().map(|c| c.nodes.len()).sum();
    let screen = tmux.wait_for("the verdict", |s| {
        s.contains(&format!("session {total}/{total} in 1 drill(s)"))
    });
    assert!(screen.contains("shown "), "{screen}");
    assert!(screen.footer().contains("e edit again"), "{screen}");
    let stty = std::fs::read_to_string(data.join("editor.stty")).unwrap();
    let modes: Vec<&str> = stty
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    assert!(
        modes.contains(&"icanon") && modes.contains(&"echo"),
        "the editor got a raw terminal: {stty}"
    );
    // The first edit starts from the skeleton.
    let seen = std::fs::read_to_string(data.join("editor.seen")).unwrap();
    assert!(seen.starts_with(&task.starter), "{seen}");

    // `e` again: the editor gets the version saved last, and it is checked (and logged) again.
    tmux.keys(&["e"]);
    tmux.wait_for("the second check", |s| {
        s.contains(&format!(
            "session {}/{} in 2 drill(s)",
            2 * total,
            2 * total
        ))
    });
    let seen = std::fs::read_to_string(data.join("editor.seen")).unwrap();
    let second = seen.split("=== end\n").nth(1).unwrap();
    assert_eq!(second, task.solution);
    tmux.keys(&["q"]);
    tmux.wait_for_exit();
    drop(tmux);

    let (store, _) = kubedrill::store::Store::open(data).unwrap();
    let logged = store.drill_results().unwrap();
    assert_eq!(logged.len(), 2);
    assert!(logged.iter().all(|d| d.kind == "write" && d.seed == 3));
    // The draft stays where the learner can find it.
    let draft = std::fs::read_to_string(data.join("drafts/write-medium-3.yaml")).unwrap();
    assert_eq!(draft, task.solution);
}
