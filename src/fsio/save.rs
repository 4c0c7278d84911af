//! Atomic, verified saving.

mod backup;
mod platform;

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use super::error::{FsError, Step, classify};
use super::fingerprint::Fingerprint;
use super::read::{check_kind, too_large};
use super::temp::{Io, RealIo, create_temp};

/// Whether and how [`save_atomic`] keeps the previous version of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    /// Keep no backup.
    None,
    /// Keep the previous version as the file's name plus this suffix, in the
    /// same directory (`unattend.xml~` for the default `~`). An older backup
    /// of the same name is replaced.
    Suffix(String),
}

impl Default for Backup {
    fn default() -> Self {
        Backup::Suffix("~".to_owned())
    }
}

/// Options for [`save_atomic`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveOptions {
    /// The backup policy; by default `FILE~`.
    pub backup: Backup,
    /// Replace a target marked read-only (no write bits on unix, the
    /// read-only attribute on Windows). Off by default: the save fails with
    /// [`FsError::ReadOnlyTarget`] so the UI can ask first. The replacement
    /// keeps the original's permissions, so it stays read-only.
    pub replace_readonly: bool,
}

/// What [`save_atomic`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveReport {
    /// The file actually written: the target with symlinks resolved.
    pub written: PathBuf,
    /// The backup of the previous version, if one was made.
    pub backup: Option<PathBuf>,
    /// The new file's fingerprint, for later [`crate::fsio::changed_on_disk`] checks.
    pub fingerprint: Fingerprint,
    /// Whether the directory entry was flushed to disk after the rename
    /// (unix only; false where the platform refuses or offers no way).
    pub dir_synced: bool,
    /// Things that went less than perfectly without endangering the data,
    /// e.g. the owner could not be preserved. Worth showing to the user.
    pub warnings: Vec<String>,
}

/// Saves `bytes` to `target` atomically, verifying them before they replace anything.
///
/// Steps, in order:
///
/// 1. Resolve `target` through any chain of symlinks; the link itself is kept
///    and the file it points to is replaced.
/// 2. Refuse a missing directory, a directory or special file as target, a
///    read-only target (unless [`SaveOptions::replace_readonly`]) and more
///    than [`MAX_FILE_BYTES`].
/// 3. Create `.NAME.unattui-XXXXXXXXXXXX.tmp` beside the real target with
///    `create_new` (owner-only on unix while it is being filled), write all
///    bytes, give it the original's owner and permissions, `sync_all`.
/// 4. Read the temporary file back, compare it byte for byte with `bytes`,
///    and run `verify` on what was read (the caller re-parses it).
/// 5. With [`Backup::Suffix`], hard-link the current file to a temporary
///    name and rename that over `FILE~` (falling back to a synced copy where
///    hard links are unsupported, and for read-only files on Windows). The
///    backup is thus complete or absent, never partial, and costs no copy on
///    the usual file systems.
/// 6. Rename the temporary file over the target, then on unix fsync the
///    directory so the rename itself survives a power cut.
///
/// If any step fails the temporary file is removed and the original file is
/// untouched. (A backup made in step 5 stays when step 6 fails; it is an
/// exact copy of the untouched original.)
///
/// # Errors
///
/// [`FsError::DirectoryMissing`], [`FsError::DirectoryNotWritable`],
/// [`FsError::ReadOnlyTarget`], [`FsError::PermissionDenied`],
/// [`FsError::DiskFull`], [`FsError::ReadBackMismatch`],
/// [`FsError::VerifyRejected`], [`FsError::IsDirectory`],
/// [`FsError::NotRegularFile`], [`FsError::TooLarge`],
/// [`FsError::BadBackupSuffix`], or [`FsError::Io`].
pub fn save_atomic(
    target: &Path,
    bytes: &[u8],
    opts: &SaveOptions,
    verify: &dyn Fn(&[u8]) -> Result<(), String>,
) -> Result<SaveReport, FsError> {
    save_with(&RealIo, target, bytes, opts, verify)
}

/// [`save_atomic`] over an explicit [`Io`], so tests can inject failures.
pub(crate) fn save_with(
    io: &dyn Io,
    target: &Path,
    bytes: &[u8],
    opts: &SaveOptions,
    verify: &dyn Fn(&[u8]) -> Result<(), String>,
) -> Result<SaveReport, FsError> {
    let suffix = backup_suffix(&opts.backup)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(target, bytes.len() as u64, true));
    }
    let real = resolve_symlinks(target)?;
    let Some(name) = real.file_name() else {
        return Err(FsError::IsDirectory { path: real });
    };
    let dir = match real.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check_dir(&dir)?;
    let existing = match fs::metadata(&real) {
        Ok(m) => {
            check_kind(&real, &m)?;
            Some(m)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(classify(e, Step::Inspect, &real)),
    };
    let readonly = existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly());
    if readonly && !opts.replace_readonly {
        return Err(FsError::ReadOnlyTarget { path: real });
    }

    let mut warnings = Vec::new();
    if let Some(m) = &existing {
        platform::note_hard_links(&real, m, &mut warnings);
    }
    // Private while filling only when replacing a file whose permissions we
    // copy afterwards; a brand-new file gets the usual umask defaults.
    let (mut file, guard) = create_temp(io, &dir, name, existing.is_some())?;
    io.write_all(&mut file, bytes)
        .map_err(|e| classify(e, Step::WriteTemp, &real))?;
    if let Some(m) = &existing {
        platform::copy_permissions(&file, m, &real, &mut warnings)
            .map_err(|e| classify(e, Step::SetPermissions, &real))?;
    }
    io.sync(&file)
        .map_err(|e| classify(e, Step::SyncTemp, &real))?;
    drop(file);
    check_read_back(io, guard.path(), &real, bytes, verify)?;

    let backup = match (suffix, &existing) {
        (Some(s), Some(m)) => Some(backup::make(io, &real, &dir, name, s, m)?),
        _ => None,
    };
    platform::replace(
        io,
        guard.path(),
        &real,
        readonly,
        backup.as_deref(),
        &mut warnings,
    )
    .map_err(|e| classify(e, Step::Replace, &real))?;
    guard.keep();
    let dir_synced = platform::sync_dir(&dir);

    let modified = fs::metadata(&real).and_then(|m| m.modified()).ok();
    Ok(SaveReport {
        fingerprint: Fingerprint::of(bytes, modified),
        written: real,
        backup,
        dir_synced,
        warnings,
    })
}

/// Reads the temporary file back and checks it twice: bytes, then the caller.
fn check_read_back(
    io: &dyn Io,
    temp: &Path,
    real: &Path,
    bytes: &[u8],
    verify: &dyn Fn(&[u8]) -> Result<(), String>,
) -> Result<(), FsError> {
    let back = io
        .read_back(temp, bytes.len() as u64 + 1)
        .map_err(|e| classify(e, Step::ReadBack, real))?;
    if back != bytes {
        let first_difference = back
            .iter()
            .zip(bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(back.len().min(bytes.len()));
        return Err(FsError::ReadBackMismatch {
            path: real.to_path_buf(),
            first_difference,
        });
    }
    verify(&back).map_err(|reason| FsError::VerifyRejected {
        path: real.to_path_buf(),
        reason,
    })
}

fn backup_suffix(b: &Backup) -> Result<Option<&OsStr>, FsError> {
    match b {
        Backup::None => Ok(None),
        Backup::Suffix(s) if s.is_empty() || s.contains(['/', '\\', '\0']) => {
            Err(FsError::BadBackupSuffix { suffix: s.clone() })
        }
        Backup::Suffix(s) => Ok(Some(OsStr::new(s.as_str()))),
    }
}

fn check_dir(dir: &Path) -> Result<(), FsError> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(FsError::Io {
            step: Step::Inspect,
            path: dir.to_path_buf(),
            source: io::Error::new(io::ErrorKind::NotADirectory, "not a directory"),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(FsError::DirectoryMissing {
            dir: dir.to_path_buf(),
        }),
        Err(e) => Err(classify(e, Step::Inspect, dir)),
    }
}

/// Follows `path` through symlinks to the file they finally name.
///
/// Unlike `fs::canonicalize` this works when the final target does not exist
/// yet (a link to a file about to be created) and leaves the directories on
/// the way alone: only the last component is resolved, hop by hop.
fn resolve_symlinks(path: &Path) -> Result<PathBuf, FsError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next =
                    fs::read_link(&current).map_err(|e| classify(e, Step::Inspect, &current))?;
                current = match current.parent() {
                    Some(parent) if next.is_relative() => parent.join(next),
                    _ => next,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(classify(e, Step::Inspect, &current)),
        }
    }
    Err(FsError::Io {
        step: Step::Inspect,
        path: path.to_path_buf(),
        source: io::Error::other("too many levels of symbolic links"),
    })
}

#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod tests;
