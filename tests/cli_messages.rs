//! Messages in the user's words (issue "data safety", item 9): a config error names its line
//! and key, control characters from any input are shown escaped exactly once, an OS error is
//! said once, a relative HOME is refused by name, and an unknown item is "no item".

mod common;

use common::kubedrill;
use std::process::{Command, Output};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_config_type_error_names_the_line_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "desired_retention = 0.9\nnew_per_day = \"20\"\n",
    )
    .unwrap();
    let out = kubedrill(dir.path(), &["stats", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "config.toml:2:15: new_per_day: invalid type: string \"20\", expected a whole number"
        ),
        "{err}"
    );
}

#[test]
fn control_characters_in_input_are_escaped_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    // TOML's own escape: the key holds a real ESC once parsed.
    std::fs::write(dir.path().join("config.toml"), "\"\\u001b[2J\" = 1\n").unwrap();
    let out = kubedrill(dir.path(), &["stats", "--json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "a raw ESC reached the terminal: {err:?}"
    );
    assert!(err.contains("unknown field `\\u{1b}[2J`"), "{err}");
    assert!(!err.contains("\\\\u{1b}"), "escaped twice: {err}");
    // A file name from the command line too.
    let out = kubedrill(
        dir.path(),
        &["predict", "-n", "no\u{7}such.yaml", "-d", "x.yaml"],
    );
    let err = stderr(&out);
    assert!(!err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("no\\u{7}such.yaml"), "{err}");
}

#[test]
fn an_os_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = kubedrill(&file.join("data"), &["stats", "--json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot create the data folder"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn a_relative_home_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .current_dir(dir.path())
        .env("HOME", "relative/path")
        .env_remove("KUBEDRILL_DATA_DIR")
        .env_remove("XDG_DATA_HOME")
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("HOME is \"relative/path\", which is not an absolute path"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing was created under the current folder"
    );
}

#[test]
fn unsuspending_an_unknown_item_says_there_is_no_such_item() {
    let dir = tempfile::tempdir().unwrap();
    let out = kubedrill(dir.path(), &["unsuspend", "daemonset-basics/no-such-card"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no item daemonset-basics/no-such-card in the loaded decks"),
        "{err}"
    );
    let out = kubedrill(
        dir.path(),
        &["unsuspend", "daemonset-basics/what-a-daemonset-runs"],
    );
    assert!(
        stderr(&out).contains("is not suspended"),
        "{}",
        stderr(&out)
    );
}
