//! The error type of the file layer, and the mapping from `io::Error` to it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The step of a read, save or recovery operation that failed.
///
/// Used in [`FsError`] messages so the user learns *what* went wrong, not just
/// the operating system's one-word reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Looking at a path's metadata (type, size, permissions).
    Inspect,
    /// Reading the file's contents.
    Read,
    /// Creating the temporary file next to the target.
    CreateTemp,
    /// Writing the new contents into the temporary file.
    WriteTemp,
    /// Flushing the temporary file to the storage device.
    SyncTemp,
    /// Reading the temporary file back to check it.
    ReadBack,
    /// Copying the original's owner and permissions onto the temporary file.
    SetPermissions,
    /// Keeping a backup of the previous version.
    Backup,
    /// Renaming the temporary file over the target.
    Replace,
    /// Writing, reading or removing a recovery file.
    Recovery,
}

impl Step {
    /// A short phrase for the step, used as "… while {phrase} {path}".
    fn phrase(self) -> &'static str {
        match self {
            Step::Inspect => "inspecting",
            Step::Read => "reading",
            Step::CreateTemp => "creating a temporary file in",
            Step::WriteTemp => "writing the temporary copy of",
            Step::SyncTemp => "flushing to disk the temporary copy of",
            Step::ReadBack => "reading back the temporary copy of",
            Step::SetPermissions => "copying permissions onto the temporary copy of",
            Step::Backup => "keeping a backup of",
            Step::Replace => "replacing",
            Step::Recovery => "handling the recovery file",
        }
    }

    /// What the user can do when this step fails.
    fn hint(self) -> &'static str {
        match self {
            Step::Inspect | Step::Read => "check the path and its permissions",
            Step::Backup => "turn backups off or free space in that directory, then save again",
            Step::Replace => {
                "close other programs that hold the file open, or save elsewhere with Save As"
            }
            Step::Recovery => "recovery copies are a convenience; your file itself is unaffected",
            _ => "the original file is unchanged; try again or save elsewhere with Save As",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

/// Everything that can go wrong in [`crate::fsio`].
///
/// Messages are written for the person at the keyboard: what failed, the
/// path, and what to do next.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FsError {
    /// The path does not exist.
    #[error("{} does not exist: check the spelling, or create it with Save As", .path.display())]
    NotFound {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// The path is a symbolic link whose target does not exist.
    #[error("{} is a symbolic link to {}, which does not exist: fix or remove the link", .path.display(), .target.display())]
    BrokenSymlink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// The path is a directory.
    #[error("{} is a directory, not an answer file: open a file inside it", .path.display())]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The path is a FIFO, socket, device or other non-regular file.
    #[error("{} is a {kind}, not a regular file: unattui only opens and saves regular files", .path.display())]
    NotRegularFile {
        /// The path.
        path: PathBuf,
        /// What it is instead ("named pipe (FIFO)", "socket", …).
        kind: &'static str,
    },
    /// The file is over [`crate::fsio::MAX_FILE_BYTES`].
    #[error("{} is {}{size} bytes, over the limit of {limit} bytes for answer files: this is probably not an answer file", .path.display(), if *.exact { "" } else { "at least " })]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, or the number of bytes read before giving up.
        size: u64,
        /// Whether `size` is exact (false: the file grew while being read).
        exact: bool,
        /// The limit.
        limit: u64,
    },
    /// The operating system refused access to the file.
    #[error("permission denied while {step} {}: {}", .path.display(), .step.hint())]
    PermissionDenied {
        /// What was being done.
        step: Step,
        /// The path.
        path: PathBuf,
    },
    /// The directory to save into does not exist.
    #[error("the directory {} does not exist: create it first, or save elsewhere with Save As", .dir.display())]
    DirectoryMissing {
        /// The missing directory.
        dir: PathBuf,
    },
    /// New files cannot be created in the target's directory.
    #[error("the directory {} is not writable ({source}): save elsewhere with Save As", .dir.display())]
    DirectoryNotWritable {
        /// The directory.
        dir: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The target file is marked read-only and the caller did not ask to replace it anyway.
    #[error("{} is read-only: make it writable first, save elsewhere with Save As, or confirm overwriting it", .path.display())]
    ReadOnlyTarget {
        /// The read-only file.
        path: PathBuf,
    },
    /// The storage device (or the user's quota) is full.
    #[error("the disk is full while {step} {}: free some space and save again; the original file is unchanged", .path.display())]
    DiskFull {
        /// What was being done.
        step: Step,
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The temporary file did not read back as the bytes that were written.
    #[error("verification failed for {}: the bytes read back differ from those written (first at byte {first_difference}); the disk or file system may be faulty; the original file is unchanged", .path.display())]
    ReadBackMismatch {
        /// The file being saved.
        path: PathBuf,
        /// Offset of the first differing byte (or the shorter length).
        first_difference: usize,
    },
    /// The caller's verification rejected the bytes read back.
    #[error("verification failed for {}: {reason}; nothing was saved and the original file is unchanged", .path.display())]
    VerifyRejected {
        /// The file being saved.
        path: PathBuf,
        /// The verifier's explanation.
        reason: String,
    },
    /// `Backup::Suffix` was empty or contained a path separator.
    #[error(
        "the backup suffix {suffix:?} is not usable: it must be non-empty and contain no path separator"
    )]
    BadBackupSuffix {
        /// The rejected suffix.
        suffix: String,
    },
    /// No directory is known for recovery files (no home directory and no `UNATTUI_DATA_DIR`).
    #[error("no directory for recovery files: set UNATTUI_DATA_DIR to a writable directory")]
    NoRecoveryDir,
    /// Any other I/O failure.
    #[error("error while {step} {}: {source}; {}", .path.display(), .step.hint())]
    Io {
        /// What was being done.
        step: Step,
        /// The path.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

/// Whether an I/O error means "no space left" (or quota exhausted).
pub(crate) fn is_disk_full(err: &io::Error) -> bool {
    if matches!(
        err.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded
    ) {
        return true;
    }
    // Older or unusual platforms may not map the code to a kind.
    #[cfg(unix)]
    const CODES: &[i32] = &[28]; // ENOSPC
    #[cfg(windows)]
    const CODES: &[i32] = &[112, 39]; // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
    #[cfg(not(any(unix, windows)))]
    const CODES: &[i32] = &[];
    err.raw_os_error().is_some_and(|c| CODES.contains(&c))
}

/// Turns an `io::Error` from `step` on `path` into the most specific [`FsError`].
///
/// For [`Step::CreateTemp`] `path` is the directory the file was created in.
pub(crate) fn classify(err: io::Error, step: Step, path: &Path) -> FsError {
    let path = path.to_path_buf();
    if is_disk_full(&err) {
        return FsError::DiskFull {
            step,
            path,
            source: err,
        };
    }
    match (err.kind(), step) {
        (io::ErrorKind::NotFound, Step::CreateTemp) => FsError::DirectoryMissing { dir: path },
        (io::ErrorKind::NotFound, Step::Inspect | Step::Read) => FsError::NotFound { path },
        (io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem, Step::CreateTemp) => {
            FsError::DirectoryNotWritable {
                dir: path,
                source: err,
            }
        }
        (io::ErrorKind::PermissionDenied, _) => FsError::PermissionDenied { step, path },
        _ => FsError::Io {
            step,
            path,
            source: err,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_enospc_is_disk_full() {
        #[cfg(unix)]
        let err = io::Error::from_raw_os_error(28);
        #[cfg(not(unix))]
        let err = io::Error::from(io::ErrorKind::StorageFull);
        let e = classify(err, Step::WriteTemp, Path::new("/x/a.xml"));
        assert!(matches!(e, FsError::DiskFull { .. }), "{e:?}");
        assert!(e.to_string().contains("disk is full"), "{e}");
    }

    #[test]
    fn create_temp_errors_name_the_directory() {
        let e = classify(
            io::Error::from(io::ErrorKind::PermissionDenied),
            Step::CreateTemp,
            Path::new("/x"),
        );
        assert_eq!(
            e.to_string(),
            "the directory /x is not writable (permission denied): save elsewhere with Save As"
        );
        let e = classify(
            io::Error::from(io::ErrorKind::NotFound),
            Step::CreateTemp,
            Path::new("/x"),
        );
        assert!(matches!(e, FsError::DirectoryMissing { .. }));
    }
}
