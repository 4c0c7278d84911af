//! The parts of a save that differ between unix and Windows.
//!
//! The Windows branches cannot be built or run in this project's CI image;
//! they are written against the documented behaviour of `std` and Win32 and
//! were reviewed by reading only.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

use crate::fsio::temp::Io;

/// Gives the open temporary file the original's owner, group and mode.
///
/// The owner is set first because `chown` may clear set-id bits that the
/// mode then restores. Only root may give a file away, so for an ordinary
/// user editing a file they own this is a no-op; when it fails the group
/// alone is tried, and a warning says what could not be kept.
#[cfg(unix)]
pub(super) fn copy_permissions(
    file: &File,
    original: &Metadata,
    path: &Path,
    warnings: &mut Vec<String>,
) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (original.uid(), original.gid())
        && let Err(e) = fchown(file, Some(original.uid()), Some(original.gid()))
    {
        let lost = if fchown(file, None, Some(original.gid())).is_ok() {
            "owner"
        } else {
            "owner and group"
        };
        warnings.push(format!(
            "could not keep the {lost} of {}: the saved file now belongs to you ({e})",
            path.display()
        ));
    }
    file.set_permissions(original.permissions())
}

/// On Windows the only permission `std` exposes is the read-only attribute.
///
/// It is deliberately *not* copied here: a read-only file cannot be the
/// destination of a replacing rename, so [`replace`] clears it on the target
/// and sets it on the new file afterwards. Access control lists are not
/// copied; the new file inherits its directory's default ACL (as files
/// written by most editors' atomic saves do). Hidden and system attributes
/// are not carried over either.
#[cfg(not(unix))]
pub(super) fn copy_permissions(
    _file: &File,
    _original: &Metadata,
    _path: &Path,
    _warnings: &mut Vec<String>,
) -> io::Result<()> {
    Ok(())
}

/// Renames `temp` over `target`.
#[cfg(not(windows))]
pub(super) fn replace(
    io: &dyn Io,
    temp: &Path,
    target: &Path,
    _target_readonly: bool,
    _backup: Option<&Path>,
    _warnings: &mut Vec<String>,
) -> io::Result<()> {
    io.rename(temp, target)
}

/// Renames `temp` over `target`, working around the read-only attribute.
///
/// `std::fs::rename` replaces an existing file on Windows (it uses
/// `SetFileInformationByHandle` with POSIX semantics, or `MoveFileExW` with
/// `MOVEFILE_REPLACE_EXISTING`), but both fail with "access denied" when the
/// destination has the read-only attribute. So for a read-only target (only
/// reached with `replace_readonly`): clear the attribute, rename, then set it
/// on the new file so the file stays read-only as the user had it. If the
/// rename fails the attribute is put back on the untouched original.
///
/// The backup of a read-only file is always a copy on Windows (see
/// `backup.rs`) and starts writable; it is marked read-only here as well, so
/// it matches the version it preserves.
#[cfg(windows)]
pub(super) fn replace(
    io: &dyn Io,
    temp: &Path,
    target: &Path,
    target_readonly: bool,
    backup: Option<&Path>,
    warnings: &mut Vec<String>,
) -> io::Result<()> {
    if !target_readonly {
        return io.rename(temp, target);
    }
    set_readonly(target, false)?;
    if let Err(e) = io.rename(temp, target) {
        // Best effort: the contents are untouched whatever happens here.
        let _ = set_readonly(target, true);
        return Err(e);
    }
    if let Err(e) = set_readonly(target, true) {
        warnings.push(format!(
            "{} was saved but could not be marked read-only again ({e})",
            target.display()
        ));
    }
    if let Some(b) = backup {
        let _ = set_readonly(b, true);
    }
    Ok(())
}

#[cfg(windows)]
fn set_readonly(path: &Path, on: bool) -> io::Result<()> {
    let mut perms = std::fs::metadata(path)?.permissions();
    // On Windows this toggles only FILE_ATTRIBUTE_READONLY; the lint is about
    // unix modes, where `false` would make a file world-writable.
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(on);
    std::fs::set_permissions(path, perms)
}

/// Makes an existing file at `path` replaceable by a rename.
///
/// Only Windows needs this: an old backup may carry the read-only attribute
/// (`replace` marks the backup of a read-only file read-only), which would
/// block the rename. Errors are ignored; the rename reports them.
pub(super) fn prepare_overwrite(path: &Path) {
    #[cfg(windows)]
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        let _ = set_readonly(path, false);
    }
    #[cfg(not(windows))]
    let _ = path;
}

/// Flushes the directory entry after a rename; returns whether it worked.
///
/// On unix a rename is only durable once the directory itself is synced.
/// Some file systems refuse `fsync` on a directory; that is not an error.
/// On Windows `std` cannot open a directory for flushing without extra flags,
/// and NTFS journals the rename, so nothing is attempted.
pub(super) fn sync_dir(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Warns when the target has other hard links: replacing it by rename gives
/// this name new contents and leaves the other names with the old ones.
pub(super) fn note_hard_links(path: &Path, meta: &Metadata, warnings: &mut Vec<String>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            warnings.push(format!(
                "{} had {} hard links; only this name has the new contents, the others keep the old ones",
                path.display(),
                meta.nlink()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, meta, warnings);
}
