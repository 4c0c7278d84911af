//! Save tests with injected failures (see `temp::Io`).
//!
//! Each one shows that the original file keeps its bytes and that no
//! temporary file is left in the directory.

use super::tests::{listing, ok, setup};
use super::*;
use std::fs::File;

/// Fails with `err()` after writing the first half of the bytes.
struct HalfWrite(fn() -> io::Error);
impl Io for HalfWrite {
    fn write_all(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        io::Write::write_all(file, &bytes[..bytes.len() / 2])?;
        Err((self.0)())
    }
}

struct FailSync;
impl Io for FailSync {
    fn sync(&self, _: &File) -> io::Result<()> {
        Err(io::Error::other("injected: sync failed"))
    }
}

/// Fails renames whose destination path ends with the given text.
struct FailRenameTo(&'static str);
impl Io for FailRenameTo {
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        if to.to_string_lossy().ends_with(self.0) {
            return Err(io::Error::other("injected: rename failed"));
        }
        fs::rename(from, to)
    }
}

/// Returns the file's bytes with one byte flipped.
struct CorruptReadBack;
impl Io for CorruptReadBack {
    fn read_back(&self, path: &Path, _: u64) -> io::Result<Vec<u8>> {
        let mut v = fs::read(path)?;
        if let Some(b) = v.get_mut(3) {
            *b ^= 0x20;
        }
        Ok(v)
    }
}

struct DenyCreate;
impl Io for DenyCreate {
    fn create_new(&self, _: &Path, _: bool) -> io::Result<File> {
        Err(io::Error::from(io::ErrorKind::PermissionDenied))
    }
}

struct NoHardLinks;
impl Io for NoHardLinks {
    fn hard_link(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

const OLD: &[u8] = b"<unattend>old</unattend>";
const NEW: &[u8] = b"<unattend>new contents</unattend>";

/// Saves through `io` and checks the failure left everything as it was.
fn save_fails(io: &dyn Io) -> FsError {
    let (dir, p) = setup(OLD);
    let e = save_with(io, &p, NEW, &SaveOptions::default(), &ok).expect_err("must fail");
    assert_eq!(fs::read(&p).expect("read"), OLD, "original changed");
    let names = listing(dir.path());
    assert!(
        names.iter().all(|n| !n.contains(".unattui-")),
        "temporary file left behind: {names:?}"
    );
    e
}

#[test]
fn write_failure_half_way() {
    let e = save_fails(&HalfWrite(|| io::Error::other("injected: write failed")));
    assert!(
        matches!(
            e,
            FsError::Io {
                step: Step::WriteTemp,
                ..
            }
        ),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(msg.contains("writing the temporary copy of"), "{msg}");
    assert!(msg.contains("the original file is unchanged"), "{msg}");
}

#[test]
fn disk_full_half_way() {
    fn enospc() -> io::Error {
        if cfg!(unix) {
            io::Error::from_raw_os_error(28)
        } else {
            io::Error::from(io::ErrorKind::StorageFull)
        }
    }
    let e = save_fails(&HalfWrite(enospc));
    assert!(
        matches!(
            e,
            FsError::DiskFull {
                step: Step::WriteTemp,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("free some space"), "{e}");
}

#[test]
fn sync_failure() {
    let e = save_fails(&FailSync);
    assert!(
        matches!(
            e,
            FsError::Io {
                step: Step::SyncTemp,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn rename_failure_keeps_original_and_a_correct_backup() {
    let (dir, p) = setup(OLD);
    let e = save_with(
        &FailRenameTo("unattend.xml"),
        &p,
        NEW,
        &SaveOptions::default(),
        &ok,
    )
    .expect_err("rename fails");
    assert!(
        matches!(
            e,
            FsError::Io {
                step: Step::Replace,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("Save As"), "{e}");
    assert_eq!(fs::read(&p).expect("read"), OLD);
    // The backup made just before is an exact copy of the untouched original.
    assert_eq!(
        fs::read(dir.path().join("unattend.xml~")).expect("bak"),
        OLD
    );
    assert_eq!(listing(dir.path()), ["unattend.xml", "unattend.xml~"]);
}

#[test]
fn backup_rename_failure_aborts_the_save() {
    let e = save_fails(&FailRenameTo("~"));
    assert!(
        matches!(
            e,
            FsError::Io {
                step: Step::Backup,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("turn backups off"), "{e}");
}

#[test]
fn read_back_mismatch() {
    let e = save_fails(&CorruptReadBack);
    assert!(
        matches!(
            e,
            FsError::ReadBackMismatch {
                first_difference: 3,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("verification failed"), "{e}");
}

#[test]
fn directory_not_writable() {
    let e = save_fails(&DenyCreate);
    assert!(matches!(e, FsError::DirectoryNotWritable { .. }), "{e:?}");
    assert!(e.to_string().contains("is not writable"), "{e}");
    assert!(e.to_string().contains("save elsewhere with Save As"), "{e}");
}

/// The same with a real read-only directory, when the OS enforces it.
/// Tests here often run as root, which may create files in a 0555
/// directory; then only the injected `directory_not_writable` above applies.
#[cfg(unix)]
#[test]
fn directory_not_writable_for_real_unless_root() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, p) = setup(OLD);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = dir.path().join("probe");
    if File::create(&probe).is_ok() {
        let _ = fs::remove_file(&probe);
        println!("skipping: privileges ignore directory modes; see directory_not_writable");
    } else {
        let e = save_atomic(&p, NEW, &SaveOptions::default(), &ok).expect_err("ro dir");
        assert!(matches!(e, FsError::DirectoryNotWritable { .. }), "{e:?}");
        assert_eq!(fs::read(&p).expect("read"), OLD);
    }
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
}

#[test]
fn backup_falls_back_to_a_copy_without_hard_links() {
    let (dir, p) = setup(OLD);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let r = save_with(&NoHardLinks, &p, NEW, &SaveOptions::default(), &ok).expect("save");
    let b = r.backup.expect("backup");
    assert_eq!(fs::read(&b).expect("bak"), OLD);
    assert_eq!(fs::read(&p).expect("read"), NEW);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&b).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    assert_eq!(listing(dir.path()), ["unattend.xml", "unattend.xml~"]);
}
