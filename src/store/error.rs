use std::path::PathBuf;
use thiserror::Error;

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
    #[error("{path} is damaged: {why}")]
    Corrupt { path: PathBuf, why: String },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
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
}

impl StoreError {
    pub(crate) fn sqlite(path: &std::path::Path, source: rusqlite::Error) -> Self {
        StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }
}
