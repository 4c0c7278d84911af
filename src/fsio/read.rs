//! Reading an answer file: only regular files, only up to the size limit.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use super::error::{FsError, Step, classify};
use super::fingerprint::Fingerprint;

/// A file read by [`read_answer_file`].
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's exact bytes (no decoding happens here).
    pub bytes: Vec<u8>,
    /// What the file looked like when read; pass it to
    /// [`crate::fsio::changed_on_disk`] later.
    pub fingerprint: Fingerprint,
    /// The path with every symlink resolved (absolute): the file that saving
    /// writes to. [`crate::fsio::save_atomic`] resolves links itself too, so
    /// callers may pass either this or the path the user typed.
    pub real_path: PathBuf,
    /// Permissions of the file when it was read.
    pub permissions: PermissionsInfo,
}

/// The permissions of a file, as far as the editor cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionsInfo {
    /// No write permission bit set (unix) or the read-only attribute (Windows).
    /// Saving such a file needs [`crate::fsio::SaveOptions::replace_readonly`].
    pub readonly: bool,
    /// The unix permission bits (`0o640` …); `None` on other platforms.
    pub unix_mode: Option<u32>,
}

impl PermissionsInfo {
    pub(crate) fn from_metadata(meta: &Metadata) -> Self {
        #[cfg(unix)]
        let unix_mode = {
            use std::os::unix::fs::PermissionsExt;
            Some(meta.permissions().mode() & 0o7777)
        };
        #[cfg(not(unix))]
        let unix_mode = None;
        PermissionsInfo {
            readonly: meta.permissions().readonly(),
            unix_mode,
        }
    }
}

/// Reads the answer file at `path`, following symlinks.
///
/// The file's type is checked from its metadata before it is opened, so a
/// directory, FIFO, socket or device is refused without blocking. Files over
/// [`MAX_FILE_BYTES`] are refused, and the read stops one byte past the limit
/// so a file that keeps growing cannot exhaust memory.
///
/// # Errors
///
/// [`FsError::NotFound`], [`FsError::BrokenSymlink`], [`FsError::IsDirectory`],
/// [`FsError::NotRegularFile`], [`FsError::TooLarge`],
/// [`FsError::PermissionDenied`], or [`FsError::Io`] for anything else.
pub fn read_answer_file(path: &Path) -> Result<Loaded, FsError> {
    let (bytes, meta, real_path) = read_checked(path)?;
    Ok(Loaded {
        fingerprint: Fingerprint::of(&bytes, meta.modified().ok()),
        bytes,
        real_path,
        permissions: PermissionsInfo::from_metadata(&meta),
    })
}

/// [`read_answer_file`] for callers that only read: the same checks and
/// limits, without hashing the contents for a fingerprint (which costs as much
/// as parsing on a large file). `unattui check` and `list` use it.
///
/// # Errors
///
/// As [`read_answer_file`].
pub fn read_answer_bytes(path: &Path) -> Result<Vec<u8>, FsError> {
    read_checked(path).map(|(bytes, _, _)| bytes)
}

fn read_checked(path: &Path) -> Result<(Vec<u8>, Metadata, PathBuf), FsError> {
    let meta = metadata_following(path)?;
    check_kind(path, &meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len(), true));
    }
    let real_path = fs::canonicalize(path).map_err(|e| classify(e, Step::Inspect, path))?;
    let file = File::open(&real_path).map_err(|e| classify(e, Step::Read, path))?;
    // The path may have been swapped between the check and the open; check
    // what was actually opened before reading from it.
    let meta = file
        .metadata()
        .map_err(|e| classify(e, Step::Inspect, path))?;
    check_kind(path, &meta)?;
    let bytes = read_bounded(file, path, meta.len())?;
    Ok((bytes, meta, real_path))
}

/// `fs::metadata`, but telling a dangling symlink apart from a missing file.
fn metadata_following(path: &Path) -> Result<Metadata, FsError> {
    match fs::metadata(path) {
        Ok(m) => Ok(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Ok(target) = fs::read_link(path) {
                Err(FsError::BrokenSymlink {
                    path: path.to_path_buf(),
                    target,
                })
            } else {
                Err(classify(e, Step::Inspect, path))
            }
        }
        Err(e) => Err(classify(e, Step::Inspect, path)),
    }
}

/// Refuses anything but a regular file.
pub(crate) fn check_kind(path: &Path, meta: &Metadata) -> Result<(), FsError> {
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(());
    }
    if ft.is_dir() {
        return Err(FsError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    #[cfg(unix)]
    let kind = {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            "named pipe (FIFO)"
        } else if ft.is_socket() {
            "socket"
        } else if ft.is_char_device() {
            "character device"
        } else if ft.is_block_device() {
            "block device"
        } else {
            "special file"
        }
    };
    #[cfg(not(unix))]
    let kind = "special file";
    Err(FsError::NotRegularFile {
        path: path.to_path_buf(),
        kind,
    })
}

pub(crate) fn too_large(path: &Path, size: u64, exact: bool) -> FsError {
    FsError::TooLarge {
        path: path.to_path_buf(),
        size,
        exact,
        limit: MAX_FILE_BYTES,
    }
}

/// Reads at most [`MAX_FILE_BYTES`]; one byte more means the file is too large.
pub(crate) fn read_bounded(
    reader: impl Read,
    path: &Path,
    size_hint: u64,
) -> Result<Vec<u8>, FsError> {
    let cap = usize::try_from(size_hint.min(MAX_FILE_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(cap);
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| classify(e, Step::Read, path))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64, false));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
