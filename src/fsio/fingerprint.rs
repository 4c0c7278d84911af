//! What a file looked like when it was loaded, and whether it still does.
//!
//! The content hash is 64-bit FNV-1a, written out here rather than taken from
//! `std::hash::DefaultHasher`: FNV-1a's output is fixed by its definition, so
//! fingerprints (and recovery-file names, which use the same function) stay
//! comparable across Rust releases and between runs. It is not cryptographic;
//! it only has to notice edits made by other programs.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;
use std::time::SystemTime;

use super::MAX_FILE_BYTES;
use super::error::{FsError, Step, classify};
use super::read::{check_kind, too_large};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Incremental 64-bit FNV-1a.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv64(u64);

impl Fnv64 {
    pub(crate) fn new() -> Self {
        Fnv64(FNV_OFFSET)
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

/// 64-bit FNV-1a of `bytes`.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv64::new();
    h.update(bytes);
    h.finish()
}

/// A cheap summary of a file's contents at one moment.
///
/// Two fingerprints describe the same contents when `len` and `hash` match;
/// `modified` is kept for display ("changed on disk at …") and is deliberately
/// not part of that comparison, because touching a file does not change it and
/// some file systems have coarse timestamps that miss quick edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Length in bytes.
    pub len: u64,
    /// 64-bit FNV-1a of the contents.
    pub hash: u64,
    /// Modification time reported by the file system, when available.
    pub modified: Option<SystemTime>,
}

impl Fingerprint {
    /// The fingerprint of `bytes`, with the given modification time.
    pub fn of(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            hash: fnv1a64(bytes),
            modified,
        }
    }

    /// Whether both fingerprints describe the same contents (length and hash).
    pub fn same_content(&self, other: &Fingerprint) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

/// How a file on disk compares with a [`Fingerprint`] taken earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskState {
    /// Same length and content hash (the modification time may differ).
    Unchanged,
    /// The contents differ.
    Changed,
    /// Nothing exists at the path any more.
    Deleted,
}

/// Compares the file at `path` (following symlinks) with `fingerprint`.
///
/// The contents are hashed, not just the modification time compared, so an
/// edit within the timestamp resolution is still noticed and a bare `touch` is
/// not reported as a change. A different length answers without reading.
/// Errors are those of [`crate::fsio::read_answer_file`]: a path that became
/// a directory or FIFO is refused, not opened.
pub fn changed_on_disk(path: &Path, fingerprint: &Fingerprint) -> Result<DiskState, FsError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(DiskState::Deleted),
        Err(e) => return Err(classify(e, Step::Inspect, path)),
    };
    check_kind(path, &meta)?;
    if meta.len() != fingerprint.len {
        return Ok(DiskState::Changed);
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(DiskState::Deleted),
        Err(e) => return Err(classify(e, Step::Read, path)),
    };
    let mut reader = file.take(MAX_FILE_BYTES + 1);
    let mut hasher = Fnv64::new();
    let mut len = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(classify(e, Step::Read, path)),
        };
        hasher.update(&buf[..n]);
        len += n as u64;
    }
    if len > MAX_FILE_BYTES {
        return Err(too_large(path, len, false));
    }
    if len == fingerprint.len && hasher.finish() == fingerprint.hash {
        Ok(DiskState::Unchanged)
    } else {
        Ok(DiskState::Changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fnv1a64_known_vectors() {
        // Published test vectors for 64-bit FNV-1a.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn detects_content_change_of_same_length_and_ignores_touch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.xml");
        fs::write(&p, b"<a>1</a>").expect("write");
        let fp = Fingerprint::of(b"<a>1</a>", None);
        assert_eq!(
            changed_on_disk(&p, &fp).expect("check"),
            DiskState::Unchanged
        );

        // Same bytes, different mtime: still unchanged.
        let f = File::options().write(true).open(&p).expect("open");
        f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1))
            .expect("set mtime");
        drop(f);
        assert_eq!(
            changed_on_disk(&p, &fp).expect("check"),
            DiskState::Unchanged
        );

        // Same length, different content: changed.
        fs::write(&p, b"<a>2</a>").expect("write");
        assert_eq!(changed_on_disk(&p, &fp).expect("check"), DiskState::Changed);

        // Different length: changed.
        fs::write(&p, b"<a>22</a>").expect("write");
        assert_eq!(changed_on_disk(&p, &fp).expect("check"), DiskState::Changed);

        fs::remove_file(&p).expect("rm");
        assert_eq!(changed_on_disk(&p, &fp).expect("check"), DiskState::Deleted);
    }

    #[test]
    fn directory_in_place_of_file_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fp = Fingerprint::of(b"x", None);
        let e = changed_on_disk(dir.path(), &fp).expect_err("directory");
        assert!(matches!(e, FsError::IsDirectory { .. }), "{e:?}");
    }
}
