//! Drafts: the manifests a learner writes for write and fix drills, one file per drill in
//! `drafts/` beside the database, so the editor opens a real file, `e` again reopens the last
//! version, and nothing written is lost when the app or the machine stops. A draft is only ever
//! created (from the starting manifest) or read here: the learner's editor is what changes it.

use super::{Store, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

impl Store {
    /// The folder drafts are kept in.
    pub fn drafts_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map_or_else(|| PathBuf::from("drafts"), |p| p.join("drafts"))
    }

    /// The draft file for a drill (`drafts/write-medium-7.yaml`), created with `starter` if it
    /// is not there yet; an existing draft is kept as the learner left it.
    pub fn draft(&self, name: &str, starter: &str) -> Result<PathBuf, StoreError> {
        let dir = self.drafts_dir();
        std::fs::create_dir_all(&dir).map_err(io(format!("cannot create {}", dir.display())))?;
        let path = dir.join(format!("{name}.yaml"));
        if path.exists() {
            return Ok(path);
        }
        // Written whole beside it, then linked into place: the link fails if a draft appeared
        // meanwhile (another kubedrill), so what a learner wrote is never replaced, and a crash
        // never leaves a half-written starter under the draft's name.
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = write_new(&tmp, starter);
        let linked = written.and_then(|()| match std::fs::hard_link(&tmp, &path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            // A file system without hard links: create it in place, never over an existing one.
            Err(_) => create_in_place(&path, starter),
            Ok(()) => Ok(()),
        });
        let _ = std::fs::remove_file(&tmp);
        linked.map(|()| path)
    }

    /// A draft as text, or what kept it from being read.
    pub fn read_draft(path: &Path) -> Result<String, StoreError> {
        std::fs::read_to_string(path).map_err(io(format!("cannot read {}", path.display())))
    }
}

fn io(what: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |error| StoreError::Io { what, error }
}

fn write_new(path: &Path, text: &str) -> Result<(), StoreError> {
    let mut file =
        std::fs::File::create(path).map_err(io(format!("cannot create {}", path.display())))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io(format!("cannot write {}", path.display())))
}

fn create_in_place(path: &Path, text: &str) -> Result<(), StoreError> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io(format!("cannot write {}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(format!("cannot create {}", path.display()))(e)),
    }
}
