//! Reading an answer file: only regular files, only up to the size limit.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
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
    // No fingerprint and no resolved path to save to: the file is opened by the path given
    // (which follows links as resolving them would), saving the system calls that
    // resolving takes for each file of a large `check`.
    check_before_open(path)?;
    read_opened(path, path).map(|(bytes, _)| bytes)
}

fn read_checked(path: &Path) -> Result<(Vec<u8>, Metadata, PathBuf), FsError> {
    check_before_open(path)?;
    let real_path = fs::canonicalize(path).map_err(|e| classify(e, Step::Inspect, path))?;
    let (bytes, meta) = read_opened(path, &real_path)?;
    Ok((bytes, meta, real_path))
}

/// The type and size checks made before opening, so that opening never blocks (a FIFO)
/// and a huge file is refused at once.
fn check_before_open(path: &Path) -> Result<(), FsError> {
    let meta = metadata_following(path)?;
    check_kind(path, &meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len(), true));
    }
    Ok(())
}

/// Opens `open` (the file `path` names) and reads it, with the checks made again on what
/// was actually opened: the path may have been swapped since [`check_before_open`].
fn read_opened(path: &Path, open: &Path) -> Result<(Vec<u8>, Metadata), FsError> {
    let file = File::open(open).map_err(|e| classify(e, Step::Read, path))?;
    let meta = file
        .metadata()
        .map_err(|e| classify(e, Step::Inspect, path))?;
    check_kind(path, &meta)?;
    if meta.len() < PIECES_MIN_BYTES {
        return Ok((read_bounded(file, path, meta.len())?, meta));
    }
    let bytes = match read_in_pieces(&file, meta.len()) {
        Ok(Some(bytes)) => bytes,
        // One core, changed while being read, or not a file that positioned reads work on:
        // one ordinary read from the start decides (and bounds the size).
        Ok(None) | Err(_) => {
            let mut file = file;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| classify(e, Step::Read, path))?;
            read_bounded(file, path, meta.len())?
        }
    };
    Ok((bytes, meta))
}

/// Files from this size on are read on two threads at once.
const PIECES_MIN_BYTES: u64 = 2 << 20;

/// Reads a large file on two threads, which take its pieces ([`PIECE_BYTES`]) in turn until
/// none is left. Most of a large read's time is the kernel giving the buffer its pages (one
/// fault per 4 KiB) and copying into them, which two threads share; taking pieces in turn
/// rather than one fixed half each keeps either from waiting long for the other (the same
/// half took 5 ms one time and 8 ms the next on the VM of benches/RESULTS.md). `None` when
/// the file is small, only one core is usable, or its size is not what `len` says any more
/// (the caller then reads it the ordinary way).
fn read_in_pieces(file: &File, len: u64) -> io::Result<Option<Vec<u8>>> {
    if !(PIECES_MIN_BYTES..=MAX_FILE_BYTES).contains(&len) || crate::par::cores() < 2 {
        return Ok(None);
    }
    let Ok(n) = usize::try_from(len) else {
        return Ok(None);
    };
    // Zeroed memory from the allocator is fresh pages: each thread faults in its own pieces.
    let mut bytes = vec![0u8; n];
    let pieces = bytes.chunks_mut(PIECE_BYTES).enumerate();
    // Each piece: filled (`true`), or the file ended first (`false`). After a piece that was
    // not filled the pieces left are not read: the file is then read the ordinary way.
    let filled = crate::par::in_turn(2, pieces, |(k, piece)| {
        match fill_at(file, piece, (k * PIECE_BYTES) as u64) {
            Ok(true) => ControlFlow::Continue(Ok(true)),
            not_filled => ControlFlow::Break(not_filled),
        }
    });
    for piece in filled {
        if !piece? {
            return Ok(None);
        }
    }
    // Grown since `len` was taken: the ordinary read sees all of it (and its size limit).
    if fill_at(file, &mut [0u8], len)? {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// The size of the pieces [`read_in_pieces`] hands out: 16 of them in a 10 MB file, so the
/// two threads end within about one piece's time of each other.
const PIECE_BYTES: usize = 640 << 10;

/// Fills `buf` from `offset` on; `false` when the file ends first.
fn fill_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<bool> {
    while !buf.is_empty() {
        match read_at(file, buf, offset) {
            Ok(0) => return Ok(false),
            Ok(k) => {
                buf = &mut buf[k..];
                offset += k as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// One read at a position, leaving the file's cursor alone (`pread`).
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

/// One read at a position. On Windows this moves the file pointer (the caller seeks back to
/// the start before any ordinary read), and reads on one synchronous handle are serialised by
/// the system, so the pieces are correct there but may not overlap.
#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

/// Other systems: no positioned reads; the caller falls back to an ordinary read.
#[cfg(not(any(unix, windows)))]
fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> io::Result<usize> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
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
