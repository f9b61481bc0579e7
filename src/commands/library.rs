//! Finding and reading deck files: the shipped decks, `--decks DIR`, `KUBEDRILL_DECKS` and
//! `<config dir>/decks/`.

use super::style::inert;
use crate::deck::{DeckError, Library, LoadWarning, Origin, load_library};
use std::path::{Path, PathBuf};

/// `<config dir>/decks`, where a user's own decks live by default.
pub fn config_decks_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "kubedrill").map(|d| d.config_dir().join("decks"))
}

pub use crate::deck::shipped_sources;

/// Reads deck files from files and folders (a folder's `*.toml`, sorted). A file that cannot be
/// read becomes a warning, like a broken deck.
pub fn user_sources(paths: &[PathBuf], warnings: &mut Vec<LoadWarning>) -> Vec<(Origin, String)> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(dir) => {
                    let mut found: Vec<PathBuf> = dir
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.extension().is_some_and(|e| e == "toml") && f.is_file())
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => warnings.push(unreadable(p, &e.to_string())),
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut out = Vec::new();
    for f in files {
        match std::fs::read(&f) {
            Err(e) => warnings.push(unreadable(&f, &e.to_string())),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => out.push((Origin::File(f.display().to_string()), text)),
                Err(e) => warnings.push(unreadable(
                    &f,
                    &format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )),
            },
        }
    }
    out
}

fn unreadable(path: &Path, why: &str) -> LoadWarning {
    let path = path.display().to_string();
    LoadWarning::Broken {
        errors: vec![DeckError {
            path: path.clone(),
            line: 1,
            column: 1,
            context: None,
            message: format!("cannot read: {why}"),
        }],
        path,
    }
}

/// Every deck the app uses: shipped, then `--decks`/`KUBEDRILL_DECKS`, then the config folder.
/// Problems are printed as warnings on stderr; the other decks load.
pub fn load_all(extra_dirs: &[PathBuf]) -> Library {
    let (library, warnings) = load_all_quietly(extra_dirs);
    for w in &warnings {
        eprintln!("kubedrill: warning: {}", inert(&w.to_string()));
    }
    library
}

/// `load_all` with the problems handed back instead of printed: the app reads the decks again
/// after an edit, when stderr is its screen.
pub fn load_all_quietly(extra_dirs: &[PathBuf]) -> (Library, Vec<LoadWarning>) {
    let mut warnings = Vec::new();
    let mut sources = shipped_sources();
    let mut dirs = extra_dirs.to_vec();
    if let Some(dir) = config_decks_dir().filter(|d| d.is_dir()) {
        dirs.push(dir);
    }
    sources.extend(user_sources(&dirs, &mut warnings));
    let (library, more) = load_library(sources);
    warnings.extend(more);
    (library, warnings)
}
