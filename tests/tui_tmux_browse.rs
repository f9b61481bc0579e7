//! End to end through tmux: `kubedrill browse is:new` opens the browser on the query; `e` on a
//! card of the user's own deck hands the terminal to `$EDITOR` with `+LINE FILE` (a script that
//! records its arguments and edits the card), and the browser shows the edited deck after.

#[path = "tmux/harness.rs"]
mod harness;

use harness::*;
use std::path::Path;

const DECK: &str = "[deck]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"first-card\"\nkind = \"flash\"\nfront = \"One?\"\nback = \"1\"\n\n[[card]]\nid = \"second-card\"\nkind = \"flash\"\nfront = \"Two?\"\nback = \"2\"\n";

#[test]
fn browse_opens_on_the_query_and_e_edits_a_user_card_at_its_line() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let decks = data.join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::write(decks.join("mine.toml"), DECK).unwrap();
    let editor = data.join("editor.sh");
    // Records what it was given, then renames the second card's front (the last argument is
    // the file).
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho \"$@\" > {log}\nfor f; do :; done\nsed -i 's/Two?/Zwei?/' \"$f\"\n",
            log = quoted(&data.join("editor.args")),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let tmux = Tmux::start("browse", data, 80, 24, &[]);
    tmux.run_in_shell(&format!(
        "VISUAL= EDITOR={} {} browse is:new deck:mine --data-dir {} --decks {}",
        quoted(&editor),
        quoted(Path::new(env!("CARGO_BIN_EXE_kubedrill"))),
        quoted(data),
        quoted(&decks)
    ));
    let screen = tmux.wait_for("the browser on the query", |s| {
        s.contains("kubedrill · Browse") && s.contains("/ is:new deck:mine")
    });
    assert!(screen.contains("2 of "), "{screen}");
    assert!(
        screen.contains("first-card") && screen.contains("second-card"),
        "{screen}"
    );

    tmux.keys(&["j", "e"]);
    tmux.wait_for("the decks read again", |s| s.contains("mine.toml again"));
    let args = std::fs::read_to_string(data.join("editor.args")).unwrap();
    assert_eq!(
        args.trim(),
        format!("+11 {}", decks.join("mine.toml").display()),
        "the editor opens the file at the second card's [[card]] line"
    );
    // The edited text is what the browser searches now.
    tmux.keys(&["/"]);
    tmux.type_text("zwei");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the edited card found", |s| s.contains("1 of "));
    assert!(screen.contains("second-card"), "{screen}");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for_exit();
    assert_eq!(screen.exit_status(), Some("0"), "{screen}");
}
