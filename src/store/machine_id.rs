//! The machine id that names this machine's file in sync folders (sync.rs).

use super::StoreError;
use super::sync_file;
use std::io::Write;
use std::path::Path;

/// The file in the data folder that keeps it.
pub const MACHINE_ID_FILE: &str = "machine-id";

/// This machine's id, made once (random) and kept in the data folder.
pub fn machine_id(data_dir: &Path) -> Result<String, StoreError> {
    let path = data_dir.join(MACHINE_ID_FILE);
    let io = |what: String| move |error| StoreError::Io { what, error };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let id = text.trim();
            if sync_file::valid_machine_id(id) {
                return Ok(id.to_owned());
            }
            Err(StoreError::BadMachineId(path))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir)
                .map_err(io(format!("cannot create {}", data_dir.display())))?;
            let id = format!("{:032x}", rand::random::<u128>());
            // Written beside and linked into place: a crash leaves no half-written id, and two
            // kubedrills starting at once agree on the first one linked.
            let tmp = data_dir.join(format!(".{MACHINE_ID_FILE}.{}", std::process::id()));
            write_synced(&tmp, format!("{id}\n").as_bytes())
                .map_err(io(format!("cannot write {}", tmp.display())))?;
            let linked = std::fs::hard_link(&tmp, &path);
            let _ = std::fs::remove_file(&tmp);
            match linked {
                Ok(()) => Ok(id),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => machine_id(data_dir),
                Err(e) => Err(StoreError::Io {
                    what: format!("cannot write {}", path.display()),
                    error: e,
                }),
            }
        }
        Err(e) => Err(StoreError::Io {
            what: format!("cannot read {}", path.display()),
            error: e,
        }),
    }
}

/// Writes a file and waits for it to reach the disk.
pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
