use super::*;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn reads_bytes_fingerprint_and_real_path() {
    let dir = tmp();
    let p = dir.path().join("unattend.xml");
    fs::write(&p, b"<unattend/>").expect("write");
    let l = read_answer_file(&p).expect("read");
    assert_eq!(l.bytes, b"<unattend/>");
    assert_eq!(
        l.fingerprint,
        Fingerprint::of(b"<unattend/>", l.fingerprint.modified)
    );
    assert!(l.fingerprint.modified.is_some());
    assert_eq!(l.real_path, fs::canonicalize(&p).expect("canon"));
    assert!(!l.permissions.readonly);
}

#[test]
fn missing_file_is_not_found() {
    let dir = tmp();
    let p = dir.path().join("nope.xml");
    let e = read_answer_file(&p).expect_err("missing");
    assert!(matches!(e, FsError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains("nope.xml does not exist"), "{e}");
}

#[test]
fn directory_is_refused() {
    let dir = tmp();
    let e = read_answer_file(dir.path()).expect_err("dir");
    assert!(matches!(e, FsError::IsDirectory { .. }), "{e:?}");
    assert!(e.to_string().contains("is a directory"), "{e}");
}

#[test]
fn too_large_by_metadata_names_size_and_limit() {
    let dir = tmp();
    let p = dir.path().join("big.xml");
    // A sparse file: no real disk space is used.
    File::create(&p)
        .and_then(|f| f.set_len(MAX_FILE_BYTES + 1))
        .expect("sparse file");
    let e = read_answer_file(&p).expect_err("too big");
    assert!(matches!(e, FsError::TooLarge { exact: true, .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("is 67108865 bytes"), "{msg}");
    assert!(msg.contains("limit of 67108864 bytes"), "{msg}");
}

#[test]
fn bounded_reader_stops_a_file_that_keeps_growing() {
    // io::repeat never ends, like a file appended to while it is read.
    let e = read_bounded(io::repeat(b'x'), Path::new("grow.xml"), 10).expect_err("endless");
    assert!(
        matches!(e, FsError::TooLarge { size, exact: false, .. } if size == MAX_FILE_BYTES + 1),
        "{e:?}"
    );
    assert!(e.to_string().contains("is at least 67108865 bytes"), "{e}");
}

#[cfg(unix)]
#[test]
fn fifo_is_refused_without_blocking() {
    let dir = tmp();
    let p = dir.path().join("pipe.xml");
    match std::process::Command::new("mkfifo").arg(&p).status() {
        Ok(s) if s.success() => {}
        other => {
            println!("skipping: mkfifo unavailable or failed ({other:?})");
            return;
        }
    }
    // Opening a FIFO with no writer blocks; the type check must come first.
    let e = read_answer_file(&p).expect_err("fifo");
    assert!(
        matches!(
            e,
            FsError::NotRegularFile {
                kind: "named pipe (FIFO)",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("not a regular file"), "{e}");
}

#[cfg(unix)]
#[test]
fn device_is_refused() {
    let e = read_answer_file(Path::new("/dev/null")).expect_err("device");
    assert!(
        matches!(
            e,
            FsError::NotRegularFile {
                kind: "character device",
                ..
            }
        ),
        "{e:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_is_followed_and_dangling_link_is_named() {
    let dir = tmp();
    let real = dir.path().join("real.xml");
    let link = dir.path().join("link.xml");
    fs::write(&real, b"<a/>").expect("write");
    std::os::unix::fs::symlink("real.xml", &link).expect("symlink");
    let l = read_answer_file(&link).expect("read via link");
    assert_eq!(l.bytes, b"<a/>");
    assert_eq!(l.real_path, fs::canonicalize(&real).expect("canon"));

    fs::remove_file(&real).expect("rm");
    let e = read_answer_file(&link).expect_err("dangling");
    assert!(matches!(e, FsError::BrokenSymlink { .. }), "{e:?}");
    assert!(
        e.to_string().contains("real.xml, which does not exist"),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_permission_denied_unless_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let p = dir.path().join("secret.xml");
    fs::write(&p, b"<a/>").expect("write");
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root ignores file modes, so there the read succeeds; the EACCES mapping
    // is then covered by `permission_denied_maps_to_a_read_error` below.
    if File::open(&p).is_ok() {
        println!("skipping the EACCES half: running with privileges that ignore file modes");
        let l = read_answer_file(&p).expect("root reads anyway");
        assert_eq!(l.permissions.unix_mode, Some(0o000));
        assert!(l.permissions.readonly);
        return;
    }
    let e = read_answer_file(&p).expect_err("denied");
    assert!(matches!(e, FsError::PermissionDenied { .. }), "{e:?}");
}

#[test]
fn permission_denied_maps_to_a_read_error() {
    let e = classify(
        io::Error::from(io::ErrorKind::PermissionDenied),
        Step::Read,
        Path::new("/x/a.xml"),
    );
    assert_eq!(
        e.to_string(),
        "permission denied while reading /x/a.xml: check the path and its permissions"
    );
}

/// A file large enough to be read on two threads: the same bytes as one ordinary read,
/// through both entry points (a length that is not a whole number of pieces).
#[test]
fn a_large_file_read_in_pieces_is_the_file() {
    let dir = tmp();
    let p = dir.path().join("big.xml");
    let len = (PIECES_MIN_BYTES + 12_345) as usize;
    let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&p, &bytes).expect("write");
    assert_eq!(read_answer_bytes(&p).expect("read"), bytes);
    assert_eq!(read_answer_file(&p).expect("read").bytes, bytes);
}

/// When the file is not the size that was measured (it changed in between), the pieces are
/// not used: the caller falls back to an ordinary read.
#[test]
fn pieces_refuse_a_file_of_another_size() {
    let dir = tmp();
    let p = dir.path().join("big.xml");
    let len = PIECES_MIN_BYTES + 100;
    fs::write(&p, vec![b'x'; len as usize]).expect("write");
    let file = File::open(&p).expect("open");
    if crate::par::cores() > 1 {
        assert_eq!(
            read_in_pieces(&file, len).expect("read").map(|b| b.len()),
            Some(len as usize)
        );
    }
    // Longer than measured: more bytes follow the pieces.
    assert_eq!(read_in_pieces(&file, len - 10).expect("read"), None);
    // Shorter than measured: the last piece runs out.
    assert_eq!(read_in_pieces(&file, len + 10).expect("read"), None);
}

/// `check` opens the path as given: a link to a file reads the file.
#[cfg(unix)]
#[test]
fn read_answer_bytes_follows_a_link() {
    let dir = tmp();
    let target = dir.path().join("real.xml");
    fs::write(&target, b"<unattend/>").expect("write");
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    assert_eq!(read_answer_bytes(&link).expect("read"), b"<unattend/>");
}
