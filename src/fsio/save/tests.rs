//! Save tests against the real file system.

use super::*;
use std::fs;

pub(super) fn ok(_: &[u8]) -> Result<(), String> {
    Ok(())
}

/// Sorted file names in `dir`.
pub(super) fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A temp dir holding `unattend.xml` with `old` contents.
pub(super) fn setup(old: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("unattend.xml");
    fs::write(&p, old).expect("write");
    (dir, p)
}

fn no_backup() -> SaveOptions {
    SaveOptions {
        backup: Backup::None,
        ..SaveOptions::default()
    }
}

#[test]
fn new_file_is_created_without_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("new.xml");
    let r = save_atomic(&p, b"<new/>", &SaveOptions::default(), &ok).expect("save");
    assert_eq!(fs::read(&p).expect("read"), b"<new/>");
    assert_eq!(r.written, p);
    assert_eq!(r.backup, None);
    assert!(
        r.fingerprint
            .same_content(&Fingerprint::of(b"<new/>", None))
    );
    #[cfg(unix)]
    assert!(r.dir_synced);
    assert_eq!(listing(dir.path()), ["new.xml"]);
}

#[test]
fn default_backup_keeps_the_old_content_as_tilde_file() {
    let (dir, p) = setup(b"old");
    let r = save_atomic(&p, b"new", &SaveOptions::default(), &ok).expect("save");
    assert_eq!(fs::read(&p).expect("read"), b"new");
    let b = dir.path().join("unattend.xml~");
    assert_eq!(r.backup.as_deref(), Some(b.as_path()));
    assert_eq!(fs::read(&b).expect("backup"), b"old");
    assert_eq!(listing(dir.path()), ["unattend.xml", "unattend.xml~"]);

    // The next save replaces the backup with the then-current version.
    save_atomic(&p, b"newer", &SaveOptions::default(), &ok).expect("save");
    assert_eq!(fs::read(&b).expect("backup"), b"new");
    assert_eq!(listing(dir.path()), ["unattend.xml", "unattend.xml~"]);
}

#[test]
fn backup_none_and_custom_suffix() {
    let (dir, p) = setup(b"old");
    let r = save_atomic(&p, b"new", &no_backup(), &ok).expect("save");
    assert_eq!(r.backup, None);
    assert_eq!(listing(dir.path()), ["unattend.xml"]);

    let opts = SaveOptions {
        backup: Backup::Suffix(".bak".into()),
        ..SaveOptions::default()
    };
    save_atomic(&p, b"newer", &opts, &ok).expect("save");
    assert_eq!(
        fs::read(dir.path().join("unattend.xml.bak")).expect("bak"),
        b"new"
    );
}

#[test]
fn unusable_backup_suffix_is_refused_before_anything_happens() {
    let (dir, p) = setup(b"old");
    for s in ["", "/x", "a\\b"] {
        let opts = SaveOptions {
            backup: Backup::Suffix(s.into()),
            ..SaveOptions::default()
        };
        let e = save_atomic(&p, b"new", &opts, &ok).expect_err("bad suffix");
        assert!(matches!(e, FsError::BadBackupSuffix { .. }), "{e:?}");
    }
    assert_eq!(fs::read(&p).expect("read"), b"old");
    assert_eq!(listing(dir.path()), ["unattend.xml"]);
}

#[test]
fn missing_directory_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("no").join("such").join("a.xml");
    let e = save_atomic(&p, b"x", &SaveOptions::default(), &ok).expect_err("no dir");
    assert!(matches!(e, FsError::DirectoryMissing { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("such does not exist"), "{msg}");
    assert!(msg.contains("Save As"), "{msg}");
}

#[test]
fn directory_as_target_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).expect("mkdir");
    let e = save_atomic(&sub, b"x", &SaveOptions::default(), &ok).expect_err("dir");
    assert!(matches!(e, FsError::IsDirectory { .. }), "{e:?}");
    assert_eq!(listing(dir.path()), ["sub"]);
    assert!(listing(&sub).is_empty());
}

#[test]
fn verify_sees_the_bytes_read_back_and_can_veto() {
    let (dir, p) = setup(b"old");
    let seen = std::cell::RefCell::new(Vec::new());
    let record = |b: &[u8]| {
        seen.borrow_mut().extend_from_slice(b);
        Ok(())
    };
    save_atomic(&p, b"<ok/>", &no_backup(), &record).expect("save");
    assert_eq!(*seen.borrow(), b"<ok/>");

    let reject = |_: &[u8]| Err("the XML does not parse: unclosed <a>".to_owned());
    let e = save_atomic(&p, b"<a>", &SaveOptions::default(), &reject).expect_err("vetoed");
    assert!(matches!(e, FsError::VerifyRejected { .. }), "{e:?}");
    assert!(e.to_string().contains("unclosed <a>"), "{e}");
    assert_eq!(fs::read(&p).expect("read"), b"<ok/>");
    assert_eq!(listing(dir.path()), ["unattend.xml"]);
}

#[test]
fn panicking_verifier_leaves_no_temporary_file() {
    let (dir, p) = setup(b"old");
    let boom = |_: &[u8]| -> Result<(), String> { panic!("verifier bug") };
    let r = std::panic::catch_unwind(|| save_atomic(&p, b"new", &SaveOptions::default(), &boom));
    assert!(r.is_err());
    assert_eq!(fs::read(&p).expect("read"), b"old");
    assert_eq!(listing(dir.path()), ["unattend.xml"]);
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).expect("meta").permissions().mode() & 0o7777
    }

    #[test]
    fn permissions_are_preserved_on_file_and_backup() {
        let (_dir, p) = setup(b"old");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).expect("chmod");
        let r = save_atomic(&p, b"new", &SaveOptions::default(), &ok).expect("save");
        assert_eq!(mode(&p), 0o640);
        assert_eq!(mode(&r.backup.expect("backup")), 0o640);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn readonly_target_is_refused_unless_confirmed() {
        // This is unattui's own check of the mode bits, so it behaves the
        // same when the tests run as root (who could write the file anyway).
        let (dir, p) = setup(b"old");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).expect("chmod");
        let e = save_atomic(&p, b"new", &SaveOptions::default(), &ok).expect_err("ro");
        assert!(matches!(e, FsError::ReadOnlyTarget { .. }), "{e:?}");
        assert!(e.to_string().contains("is read-only"), "{e}");
        assert_eq!(fs::read(&p).expect("read"), b"old");
        assert_eq!(listing(dir.path()), ["unattend.xml"]);

        let opts = SaveOptions {
            replace_readonly: true,
            ..SaveOptions::default()
        };
        save_atomic(&p, b"new", &opts, &ok).expect("confirmed");
        assert_eq!(fs::read(&p).expect("read"), b"new");
        assert_eq!(mode(&p), 0o444, "the replacement stays read-only");
    }

    #[test]
    fn symlink_is_kept_and_its_target_updated() {
        let root = tempfile::tempdir().expect("tempdir");
        let real_dir = root.path().join("real");
        let link_dir = root.path().join("links");
        fs::create_dir(&real_dir).expect("mkdir");
        fs::create_dir(&link_dir).expect("mkdir");
        let real = real_dir.join("unattend.xml");
        fs::write(&real, b"old").expect("write");
        let link = link_dir.join("link.xml");
        symlink("../real/unattend.xml", &link).expect("symlink");

        let r = save_atomic(&link, b"new", &SaveOptions::default(), &ok).expect("save");
        assert!(
            fs::symlink_metadata(&link)
                .expect("lmeta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_link(&link).expect("readlink"),
            Path::new("../real/unattend.xml")
        );
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(fs::read(&link).expect("read via link"), b"new");
        // Temporary file and backup live beside the real file, not the link.
        assert_eq!(r.written, link_dir.join("../real/unattend.xml"));
        assert_eq!(listing(&real_dir), ["unattend.xml", "unattend.xml~"]);
        assert_eq!(listing(&link_dir), ["link.xml"]);
    }

    #[test]
    fn dangling_symlink_target_is_created() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("link.xml");
        symlink("made.xml", &link).expect("symlink");
        save_atomic(&link, b"x", &SaveOptions::default(), &ok).expect("save");
        assert_eq!(fs::read(dir.path().join("made.xml")).expect("read"), b"x");
        assert!(
            fs::symlink_metadata(&link)
                .expect("lmeta")
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn fifo_as_target_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("pipe.xml");
        match std::process::Command::new("mkfifo").arg(&p).status() {
            Ok(s) if s.success() => {}
            other => {
                println!("skipping: mkfifo unavailable or failed ({other:?})");
                return;
            }
        }
        let e = save_atomic(&p, b"x", &SaveOptions::default(), &ok).expect_err("fifo");
        assert!(matches!(e, FsError::NotRegularFile { .. }), "{e:?}");
        assert_eq!(listing(dir.path()), ["pipe.xml"]);
    }

    #[test]
    fn extra_hard_links_are_warned_about() {
        let (dir, p) = setup(b"old");
        fs::hard_link(&p, dir.path().join("other-name.xml")).expect("link");
        let r = save_atomic(&p, b"new", &SaveOptions::default(), &ok).expect("save");
        assert!(
            r.warnings.iter().any(|w| w.contains("2 hard links")),
            "{:?}",
            r.warnings
        );
        assert_eq!(
            fs::read(dir.path().join("other-name.xml")).expect("read"),
            b"old"
        );
    }
}
