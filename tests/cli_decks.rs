//! `kubedrill check` and `kubedrill decks` through the real binary.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn bin(config_home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kubedrill"));
    // Point the config folder at an empty temp dir so the user's real decks never leak in.
    c.env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .env_remove("KUBEDRILL_DECKS");
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const GOOD: &str = "[deck]\nid = \"my-deck\"\ntitle = \"Mine\"\n\n[[card]]\nid = \"one\"\nkind = \"truefalse\"\nstatement = \"S\"\nanswer = true\n\n[[card]]\nid = \"two\"\nkind = \"cloze\"\ntext = \"{{a}} and {{b}}\"\n";
const BROKEN: &str = "[deck]\nid = \"broken\"\ntitle = \"B\"\n\n[[card]]\nid = \"c\"\nkind = \"choice\"\nprompt = \"P\"\nchoices = [\"a\", \"b\"]\nanswer = 2\n";

fn decks_json(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["decks"].as_array().unwrap().clone()
}

#[test]
fn check_passes_on_the_shipped_decks() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path()).arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("12 valid"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).ends_with(", 0 errors\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_reports_every_error_with_its_place_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-good.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b-broken.toml"), BROKEN).unwrap();
    let out = bin(dir.path())
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let broken = dir.path().join("b-broken.toml");
    assert!(
        stdout.starts_with(&format!(
            "{}:10:10: card \"c\": answer 2 is out of range (2 choices, numbered from 0)\n",
            broken.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("checked 2 deck files: 1 valid, 3 items, 1 error"),
        "{stdout}"
    );
    assert_eq!(text(&out.stderr), "kubedrill: 1 error in the decks\n");
}

#[test]
fn decks_lists_shipped_decks_with_counts() {
    let home = tempfile::tempdir().unwrap();
    let decks = decks_json(&bin(home.path()).args(["decks", "--json"]).output().unwrap());
    assert_eq!(decks.len(), 12);
    let traps = decks.iter().find(|d| d["id"] == "interview-traps").unwrap();
    assert_eq!(traps["source"], "shipped");
    assert!(traps["counts"]["placement"].as_u64().unwrap() >= 4);
    let table = bin(home.path()).arg("decks").output().unwrap();
    assert!(
        text(&table.stdout)
            .lines()
            .next()
            .unwrap()
            .starts_with("ID "),
        "{}",
        text(&table.stdout)
    );
}

#[test]
fn user_decks_load_and_a_broken_one_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), GOOD).unwrap();
    std::fs::write(dir.path().join("broken.toml"), BROKEN).unwrap();
    let out = bin(dir.path())
        .args(["decks", "--json", "--decks"])
        .arg(dir.path())
        .output()
        .unwrap();
    let decks = decks_json(&out);
    let mine = decks
        .iter()
        .find(|d| d["id"] == "my-deck")
        .expect("the good user deck loads");
    assert_eq!(
        mine["source"],
        dir.path().join("good.toml").display().to_string()
    );
    assert_eq!(mine["counts"]["cloze"], 2);
    assert!(!decks.iter().any(|d| d["id"] == "broken"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "kubedrill: warning: skipping deck {}: 1 error",
            dir.path().join("broken.toml").display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("answer 2 is out of range"), "{stderr}");
}

#[test]
fn a_user_deck_with_a_taken_id_is_skipped_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("clash.toml"),
        GOOD.replace("my-deck", "interview-traps"),
    )
    .unwrap();
    let out = bin(dir.path())
        .args(["decks", "--json"])
        .env("KUBEDRILL_DECKS", dir.path())
        .output()
        .unwrap();
    let decks = decks_json(&out);
    assert_eq!(
        decks
            .iter()
            .filter(|d| d["id"] == "interview-traps")
            .count(),
        1
    );
    assert_eq!(
        text(&out.stderr),
        format!(
            "kubedrill: warning: skipping deck {}: deck id \"interview-traps\" is already used by decks/interview-traps.toml\n",
            dir.path().join("clash.toml").display()
        )
    );
}

#[test]
fn decks_in_the_config_folder_are_loaded() {
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("kubedrill").join("decks");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("mine.toml"), GOOD).unwrap();
    let decks = decks_json(&bin(home.path()).args(["decks", "--json"]).output().unwrap());
    assert!(decks.iter().any(|d| d["id"] == "my-deck"), "{decks:?}");
}
