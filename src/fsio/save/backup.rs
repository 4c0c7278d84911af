//! Keeping the previous version as `FILE~` (or another suffix).
//!
//! Method: hard-link the current file to a fresh temporary name, then rename
//! that over the backup name. A hard link costs no copy and the backup is the
//! very inode the old contents live in, owner and permissions included; the
//! rename makes the backup appear complete or not at all. Where hard links are
//! refused (FAT, some network shares, Linux `protected_hardlinks` for files of
//! other users) the file is copied into a temporary file instead, synced, and
//! renamed the same way.
//!
//! On Windows a read-only target is always copied: a hard link would share
//! the read-only attribute, so the staged link could not be deleted if the
//! backup rename failed, and clearing the attribute to replace the target
//! would clear it on the backup too. The copy starts writable and
//! `platform::replace` marks it read-only after the save.

use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use super::platform;
use crate::fsio::error::{FsError, Step, classify};
use crate::fsio::temp::{Io, TempGuard, create_temp, temp_name};

/// Makes `dir/NAME{suffix}` a copy of `real`, replacing an older backup.
pub(super) fn make(
    io: &dyn Io,
    real: &Path,
    dir: &Path,
    name: &OsStr,
    suffix: &OsStr,
    original: &Metadata,
) -> Result<PathBuf, FsError> {
    let mut backup_name = OsString::from(name);
    backup_name.push(suffix);
    let backup = dir.join(&backup_name);
    let shares_readonly = cfg!(windows) && original.permissions().readonly();
    let linked = if shares_readonly {
        None
    } else {
        link(io, real, dir, &backup_name)
    };
    let staged = match linked {
        Some(guard) => guard,
        None => copy(io, real, dir, &backup_name, original)?,
    };
    platform::prepare_overwrite(&backup);
    io.rename(staged.path(), &backup)
        .map_err(|e| classify(e, Step::Backup, &backup))?;
    staged.keep();
    Ok(backup)
}

/// Hard-links `real` to a temporary name; `None` when links are not possible.
fn link(io: &dyn Io, real: &Path, dir: &Path, backup_name: &OsStr) -> Option<TempGuard> {
    for _ in 0..16 {
        let p = dir.join(temp_name(backup_name));
        match io.hard_link(real, &p) {
            Ok(()) => return Some(TempGuard::new(p)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

/// Copies `real` into a new, synced temporary file with its permissions.
fn copy(
    io: &dyn Io,
    real: &Path,
    dir: &Path,
    backup_name: &OsStr,
    original: &Metadata,
) -> Result<TempGuard, FsError> {
    let (mut file, guard) = create_temp(io, dir, backup_name, true)?;
    let mut src = File::open(real).map_err(|e| classify(e, Step::Backup, real))?;
    io::copy(&mut src, &mut file).map_err(|e| classify(e, Step::Backup, real))?;
    // Ownership warnings are about the new file, not the backup: drop them.
    platform::copy_permissions(&file, original, real, &mut Vec::new())
        .map_err(|e| classify(e, Step::Backup, real))?;
    io.sync(&file)
        .map_err(|e| classify(e, Step::Backup, real))?;
    Ok(guard)
}
