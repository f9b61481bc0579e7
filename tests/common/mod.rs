//! Shared helpers for the integration tests: loading the conformance cases, running the binary
//! on a data folder.
#![allow(dead_code)]

use kubedrill::placement::objects::{DaemonSet, Node};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expect {
    pub node: String,
    pub should_run: bool,
    pub should_continue_running: bool,
}

#[derive(Debug, Deserialize)]
pub struct Case {
    pub name: String,
    pub nodes: Vec<serde_json::Value>,
    pub daemonset: serde_json::Value,
    pub expect: Vec<Expect>,
    #[serde(skip)]
    pub file: PathBuf,
}

impl Case {
    pub fn nodes(&self) -> Vec<Node> {
        self.nodes
            .iter()
            .map(|n| serde_json::from_value(n.clone()).expect("conformance node"))
            .collect()
    }

    pub fn daemonset(&self) -> DaemonSet {
        serde_json::from_value(self.daemonset.clone()).expect("conformance daemonset")
    }
}

pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

/// Every case in `tests/conformance/`, sorted by file name.
pub fn cases() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(conformance_dir())
        .expect("tests/conformance exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable case");
            let mut case: Case =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            case.file = p;
            case
        })
        .collect()
}

/// Runs the real binary on a data folder, with no user decks (neither `KUBEDRILL_DECKS` nor the
/// config folder's).
pub fn kubedrill(data: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kubedrill"))
        .env("KUBEDRILL_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", data)
        .env_remove("KUBEDRILL_DECKS")
        .args(args)
        .output()
        .unwrap()
}
