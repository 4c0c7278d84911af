//! Temporary files next to a target, and the I/O seam used for fault injection.
//!
//! Every operation that writes goes through the [`Io`] trait. Production code
//! uses [`RealIo`], whose methods are the trait's default bodies; tests
//! implement `Io` on small structs that override one method to fail (half a
//! write, a failed sync, a failed rename, a corrupted read-back), which lets
//! them exercise every failure path without root or a full disk.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::error::{FsError, Step, classify};
use super::fingerprint::Fnv64;

/// The primitive file operations of a save. Defaults are the real thing.
pub(crate) trait Io {
    /// Creates `path`, failing if anything exists there. `private` asks for
    /// owner-only permissions (0600 on unix) until the final ones are set.
    fn create_new(&self, path: &Path, private: bool) -> io::Result<File> {
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        opts.open(path)
    }

    /// Writes all of `bytes` to `file`.
    fn write_all(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)?;
        file.flush()
    }

    /// Flushes data and metadata to the device.
    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    /// Reads `path` back, at most `limit` bytes.
    fn read_back(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        File::open(path)?.take(limit).read_to_end(&mut out)?;
        Ok(out)
    }

    /// Makes `link` another name for `original`.
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        fs::hard_link(original, link)
    }

    /// Renames `from` to `to`, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The real file system.
pub(crate) struct RealIo;

impl Io for RealIo {}

/// Removes a temporary file when dropped, unless [`TempGuard::keep`] was called.
///
/// This is what guarantees "no temporary file left behind" on every error
/// path, including a panic inside the caller's verify callback.
pub(crate) struct TempGuard {
    path: Option<PathBuf>,
}

impl TempGuard {
    pub(crate) fn new(path: PathBuf) -> Self {
        TempGuard { path: Some(path) }
    }

    pub(crate) fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// The file was renamed into place: do not remove anything.
    pub(crate) fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            let _ = fs::remove_file(p);
        }
    }
}

/// A fresh temporary name for `name`: `.NAME.unattui-XXXXXXXXXXXX.tmp`.
///
/// The leading dot hides it from ordinary listings; the suffix makes leftovers
/// recognisable. The 12 hex digits mix the process id, the clock and a
/// counter; uniqueness is enforced by `create_new`, this only avoids retries.
pub(crate) fn temp_name(name: &OsStr) -> OsString {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = Fnv64::new();
    h.update(&std::process::id().to_le_bytes());
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.update(&nanos.to_le_bytes());
    h.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    let mut out = OsString::from(".");
    // Keep the whole name under the usual 255-byte limit.
    if name.len() <= 200 {
        out.push(name);
    } else {
        out.push("unattui");
    }
    out.push(format!(
        ".unattui-{:012x}.tmp",
        h.finish() & 0xffff_ffff_ffff
    ));
    out
}

/// Creates a new temporary file for `name` in `dir`, never clobbering anything.
pub(crate) fn create_temp(
    io: &dyn Io,
    dir: &Path,
    name: &OsStr,
    private: bool,
) -> Result<(File, TempGuard), FsError> {
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..16 {
        let path = dir.join(temp_name(name));
        match io.create_new(&path, private) {
            Ok(f) => return Ok((f, TempGuard::new(path))),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(classify(e, Step::CreateTemp, dir)),
        }
    }
    Err(classify(last, Step::CreateTemp, dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_hidden_distinct_and_marked() {
        let a = temp_name(OsStr::new("unattend.xml"));
        let b = temp_name(OsStr::new("unattend.xml"));
        assert_ne!(a, b);
        let a = a.to_string_lossy().into_owned();
        assert!(a.starts_with(".unattend.xml.unattui-"), "{a}");
        assert!(a.ends_with(".tmp"), "{a}");
        assert_eq!(a.len(), ".unattend.xml.unattui-".len() + 12 + 4);
    }

    #[test]
    fn guard_removes_unless_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_f, g) = create_temp(&RealIo, dir.path(), OsStr::new("a"), true).expect("create");
        let p = g.path().to_path_buf();
        assert!(p.exists());
        drop(g);
        assert!(!p.exists());
        let (_f, g) = create_temp(&RealIo, dir.path(), OsStr::new("a"), true).expect("create");
        let p = g.path().to_path_buf();
        g.keep();
        assert!(p.exists());
    }
}
