//! What went wrong with the database, in the user's words. Only SQLite's own verdict of damage
//! (SQLITE_CORRUPT, SQLITE_NOTADB, or a failed `PRAGMA integrity_check`) makes a database
//! damaged; every other failure (a full disk, a permission, a read-only folder, a lock, an I/O
//! error) is the machine's, not the file's, and leaves every file as it was.

use rusqlite::ErrorCode;
use std::path::Path;

/// Why a sound database cannot be used right now. The file is never touched for these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    DiskFull,
    /// The file (or its folder) may not be read or written by this user.
    PermissionDenied,
    /// The file, its folder or the whole filesystem is read-only.
    ReadOnly,
    /// Another program holds a lock on it.
    Locked,
    /// SQLite could not open it, for a reason the checks below could not narrow down.
    CannotOpen,
    /// The disk or filesystem reported an input/output error.
    Io,
    OutOfMemory,
    /// Anything else SQLite reports that is not damage.
    Other,
}

impl Cause {
    /// What happened, a few words.
    pub fn words(self) -> &'static str {
        match self {
            Cause::DiskFull => "the disk is full",
            Cause::PermissionDenied => "permission denied",
            Cause::ReadOnly => "it or its folder is read-only",
            Cause::Locked => "another program holds a lock on it",
            Cause::CannotOpen => "it cannot be opened",
            Cause::Io => "the disk reported an input/output error",
            Cause::OutOfMemory => "out of memory",
            Cause::Other => "SQLite refused it",
        }
    }

    /// What the user can do about it.
    pub fn advice(self) -> &'static str {
        match self {
            Cause::DiskFull => "free some space and run kubedrill again",
            Cause::PermissionDenied => {
                "check the owner and mode of the file and its folder (`ls -l`), or pass --data-dir"
            }
            Cause::ReadOnly => {
                "make the file and its folder writable, or pass --data-dir with a writable folder"
            }
            Cause::Locked => "close the other program using it (another kubedrill?) and try again",
            Cause::CannotOpen => {
                "check that the data folder exists and that you may write to it, or pass --data-dir"
            }
            Cause::Io => "check the disk, and copy the data folder somewhere safe",
            Cause::OutOfMemory => "close other programs and try again",
            Cause::Other => "try again; if it persists, report it with this message",
        }
    }
}

/// SQLite's answer about a database, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The file is damaged: SQLite's words.
    Damaged(String),
    /// The file could not be used, for a reason outside it.
    Unusable(Cause),
}

/// Sorts a failure by SQLite's result code (never by its message).
pub fn classify(e: &rusqlite::Error) -> Verdict {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Verdict::Damaged(e.to_string()),
            ErrorCode::DiskFull => Verdict::Unusable(Cause::DiskFull),
            ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied => {
                Verdict::Unusable(Cause::PermissionDenied)
            }
            ErrorCode::ReadOnly => Verdict::Unusable(Cause::ReadOnly),
            ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::FileLockingProtocolFailed => Verdict::Unusable(Cause::Locked),
            ErrorCode::CannotOpen => Verdict::Unusable(Cause::CannotOpen),
            ErrorCode::SystemIoFailure => Verdict::Unusable(Cause::Io),
            ErrorCode::OutOfMemory => Verdict::Unusable(Cause::OutOfMemory),
            _ => Verdict::Unusable(Cause::Other),
        },
        _ => Verdict::Unusable(Cause::Other),
    }
}

/// SQLite says "cannot open", "read-only" or "I/O error" for several causes (a full disk
/// fails to grow the shared-memory file, SQLITE_IOERR_SHMSIZE); the file system says which.
pub fn refine(cause: Cause, path: &Path) -> Cause {
    let dir = path.parent().unwrap_or(Path::new("."));
    if matches!(cause, Cause::Io | Cause::CannotOpen) && nearly_full(dir) {
        return Cause::DiskFull;
    }
    if !matches!(
        cause,
        Cause::CannotOpen | Cause::ReadOnly | Cause::PermissionDenied
    ) {
        return cause;
    }
    if let Err(e) = std::fs::File::open(path)
        && e.kind() == std::io::ErrorKind::PermissionDenied
    {
        return Cause::PermissionDenied;
    }
    let writable = |p: &Path| access(p, libc::W_OK);
    for target in [dir, path] {
        match writable(target) {
            Err(e) if e.raw_os_error() == Some(libc::EROFS) => return Cause::ReadOnly,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return if target == dir {
                    Cause::ReadOnly
                } else {
                    Cause::PermissionDenied
                };
            }
            _ => {}
        }
    }
    cause
}

/// Less than 64 KiB free for this user on the filesystem holding `dir` (`statvfs(3)`).
fn nearly_full(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is NUL-terminated and `stat` is a plain C struct statvfs fills in.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut stat) } != 0 {
        return false;
    }
    (stat.f_bavail as u128) * (stat.f_frsize as u128) < 64 * 1024
}

/// `access(2)`: may this user do `mode` to `path`?
fn access(path: &Path, mode: libc::c_int) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    if unsafe { libc::access(c.as_ptr(), mode) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// A rusqlite error in plain words: the cause's words for the codes users meet, SQLite's own
/// message otherwise (never rusqlite's debug form).
pub fn describe(e: &rusqlite::Error) -> String {
    match (classify(e), e) {
        (Verdict::Damaged(_), _) => "the database file is damaged".to_owned(),
        (
            Verdict::Unusable(Cause::Other | Cause::Io),
            rusqlite::Error::SqliteFailure(f, Some(msg)),
        ) => format!("{msg}, SQLite code {}", f.extended_code),
        (Verdict::Unusable(Cause::Other | Cause::Io), _) => e.to_string(),
        (Verdict::Unusable(cause), _) => cause.words().to_owned(),
    }
}
