//! Recovery copies of unsaved work, for crashes and hang-ups.
//!
//! One file per original: `<16 hex digits>.recovery`, where the digits are the
//! FNV-1a 64 hash of the original's absolute path. The file starts with a
//! short header that records the original path (so a hash collision is
//! detected, and a listing can say what each file belongs to) and the time
//! written, followed by the unsaved bytes exactly:
//!
//! ```text
//! unattui-recovery 1
//! written-at <seconds>.<nanoseconds since the Unix epoch>
//! original-len <n>
//! <n bytes of the original path>
//! <the unsaved bytes>
//! ```
//!
//! On unix the directory is created 0700 and the files 0600: answer files
//! contain passwords. Files are written through a temporary file and a rename,
//! so a crash while writing one leaves the previous copy intact.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::MAX_FILE_BYTES;
use super::error::{FsError, Step, classify};
use super::fingerprint::fnv1a64;
use super::read::read_bounded;
use super::temp::{Io, RealIo, create_temp};

const MAGIC: &str = "unattui-recovery 1\n";

/// A recovery copy found by [`find_recovery`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The recovery file itself.
    pub path: PathBuf,
    /// The file it is a copy of (absolute).
    pub original: PathBuf,
    /// The unsaved bytes.
    pub bytes: Vec<u8>,
    /// When the copy was written.
    pub written_at: SystemTime,
}

/// The directory for recovery files: `$UNATTUI_DATA_DIR/recovery` when that
/// variable is set and non-empty, else `recovery` under the platform's data
/// directory for unattui (e.g. `~/.local/share/unattui/recovery`). `None`
/// when neither is known (no home directory): recovery is then unavailable.
/// The directory is not created here.
pub fn recovery_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("UNATTUI_DATA_DIR") {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => directories::ProjectDirs::from("", "", "unattui")?
            .data_dir()
            .to_path_buf(),
    };
    Some(base.join("recovery"))
}

/// Writes a recovery copy of `bytes` for `original` into [`recovery_dir`].
///
/// # Errors
///
/// [`FsError::NoRecoveryDir`] when no directory is known, otherwise as
/// [`write_recovery_in`].
pub fn write_recovery(original: &Path, bytes: &[u8]) -> Result<PathBuf, FsError> {
    let dir = recovery_dir().ok_or(FsError::NoRecoveryDir)?;
    write_recovery_in(&dir, original, bytes)
}

/// Writes a recovery copy of `bytes` for `original` into `dir`, creating
/// `dir` (0700 on unix) if needed, and returns the recovery file's path.
/// An earlier copy for the same original is replaced atomically.
///
/// # Errors
///
/// [`FsError::DirectoryNotWritable`], [`FsError::DiskFull`], [`FsError::Io`].
pub fn write_recovery_in(dir: &Path, original: &Path, bytes: &[u8]) -> Result<PathBuf, FsError> {
    let original = absolute(original);
    let path = dir.join(file_name(&original));
    create_dir_private(dir).map_err(|e| classify(e, Step::CreateTemp, dir))?;

    let mut data = Vec::with_capacity(bytes.len() + 128);
    let written = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let key = path_bytes(&original);
    data.extend_from_slice(MAGIC.as_bytes());
    data.extend_from_slice(
        format!(
            "written-at {}.{:09}\noriginal-len {}\n",
            written.as_secs(),
            written.subsec_nanos(),
            key.len()
        )
        .as_bytes(),
    );
    data.extend_from_slice(&key);
    data.push(b'\n');
    data.extend_from_slice(bytes);

    let io = RealIo;
    let (mut file, guard) = create_temp(&io, dir, OsStr::new("recovery"), true)?;
    io.write_all(&mut file, &data)
        .map_err(|e| classify(e, Step::Recovery, &path))?;
    io.sync(&file)
        .map_err(|e| classify(e, Step::Recovery, &path))?;
    drop(file);
    io.rename(guard.path(), &path)
        .map_err(|e| classify(e, Step::Recovery, &path))?;
    guard.keep();
    Ok(path)
}

/// The recovery copy for `original` in [`recovery_dir`], if there is one.
///
/// Any problem (no directory, unreadable or malformed file, a file that
/// belongs to another path) is treated as "no recovery copy".
pub fn find_recovery(original: &Path) -> Option<Recovery> {
    find_recovery_in(&recovery_dir()?, original)
}

/// The recovery copy for `original` in `dir`, if there is one.
pub fn find_recovery_in(dir: &Path, original: &Path) -> Option<Recovery> {
    let original = absolute(original);
    let path = dir.join(file_name(&original));
    let file = File::open(&path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let data = read_bounded(file, &path, 0).ok()?;
    let (stored, written_at, bytes) = parse(&data)?;
    if stored != path_bytes(&original) {
        return None;
    }
    Some(Recovery {
        path,
        original,
        bytes: bytes.to_vec(),
        written_at,
    })
}

/// Removes a recovery copy; one that is already gone is not an error.
///
/// # Errors
///
/// [`FsError::PermissionDenied`] or [`FsError::Io`] when it cannot be removed.
pub fn discard_recovery(recovery: &Recovery) -> Result<(), FsError> {
    match fs::remove_file(&recovery.path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(classify(e, Step::Recovery, &recovery.path))
        }
        _ => Ok(()),
    }
}

/// Splits a recovery file into (original path bytes, time written, contents).
fn parse(data: &[u8]) -> Option<(&[u8], SystemTime, &[u8])> {
    let rest = data.strip_prefix(MAGIC.as_bytes())?;
    let (line, rest) = split_line(rest)?;
    let (secs, nanos) = line.strip_prefix("written-at ")?.split_once('.')?;
    let written_at = SystemTime::UNIX_EPOCH
        .checked_add(Duration::new(secs.parse().ok()?, nanos.parse().ok()?))?;
    let (line, rest) = split_line(rest)?;
    let len: usize = line.strip_prefix("original-len ")?.parse().ok()?;
    let key = rest.get(..len)?;
    let bytes = rest.get(len..)?.strip_prefix(b"\n")?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return None;
    }
    Some((key, written_at, bytes))
}

fn split_line(data: &[u8]) -> Option<(&str, &[u8])> {
    let end = data.iter().position(|&b| b == b'\n')?;
    Some((std::str::from_utf8(&data[..end]).ok()?, &data[end + 1..]))
}

/// The absolute form of `path`: symlinks resolved when it exists, so two
/// spellings of the same file share one recovery copy.
fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn file_name(original: &Path) -> String {
    format!("{:016x}.recovery", fnv1a64(&path_bytes(original)))
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

/// Windows paths are UTF-16 and are stored as UTF-8; only paths with unpaired
/// surrogates (vanishingly rare) lose information, becoming U+FFFD.
#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

fn create_dir_private(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

#[cfg(test)]
mod tests;
