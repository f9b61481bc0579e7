use super::trouble::{self, Cause, Verdict};
use std::path::PathBuf;
use thiserror::Error;

// No variant has a `source`: each message already says the cause once, in words, and anyhow's
// `{:#}` would print a source a second time ("File exists (os error 17): File exists ...").
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "database schema v{found} is newer than this kubedrill supports (v{supported}): {path} was left untouched; use a newer kubedrill"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite found the file damaged.
    #[error("{path} is damaged: {why}")]
    Corrupt { path: PathBuf, why: String },
    /// A sound database that cannot be used now (full disk, permission...): nothing was changed.
    #[error("cannot use {path}: {}{}; {}; nothing was changed", cause.words(), detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default(), cause.advice())]
    Unusable {
        path: PathBuf,
        cause: Cause,
        detail: Option<String>,
    },
    /// Damage was found during the session: writes wait until it is moved aside.
    #[error("{path} was found damaged; it is being moved aside and recovered")]
    Suspect { path: PathBuf },
    /// This session has no usable database (the reason says why); nothing is written.
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {}", trouble::describe(error))]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("{what}: {error}")]
    Io { what: String, error: std::io::Error },
    #[error(
        "{0} does not hold a machine id (32 hex digits) and was left as it is; delete it to give this machine a new id"
    )]
    BadMachineId(PathBuf),
    #[error("row {id} of {table} has an invalid {what}")]
    BadRow {
        table: &'static str,
        id: i64,
        what: String,
    },
    #[error(
        "no home folder to keep kubedrill's data in; pass --data-dir or set KUBEDRILL_DATA_DIR"
    )]
    NoHome,
    #[error(
        "HOME is {0:?}, which is not an absolute path, so kubedrill cannot tell where your data folder is; set HOME to your home folder, or pass --data-dir"
    )]
    RelativeHome(String),
}

impl StoreError {
    /// A failed statement: damage when SQLite says so, otherwise the machine's trouble.
    pub(crate) fn sqlite(path: &std::path::Path, error: rusqlite::Error) -> Self {
        match trouble::classify(&error) {
            Verdict::Damaged(why) => StoreError::Corrupt {
                path: path.to_path_buf(),
                why,
            },
            Verdict::Unusable(_) => StoreError::Sqlite {
                path: path.to_path_buf(),
                error,
            },
        }
    }

    /// The message without the database's path, for the app's one status line (which has room
    /// for the cause, not for a path the user knows).
    pub fn short(&self) -> String {
        match self {
            StoreError::Sqlite { error, .. } => trouble::describe(error),
            StoreError::Suspect { .. } => {
                "the review log was found damaged; it is being moved aside and recovered".into()
            }
            other => other.to_string(),
        }
    }

    /// Did this find the database damaged?
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Corrupt { .. })
    }
}
