use super::*;

#[test]
fn write_find_discard_round_trip() {
    let data = tempfile::tempdir().expect("tempdir");
    let work = tempfile::tempdir().expect("tempdir");
    let dir = data.path().join("nested").join("recovery");
    let original = work.path().join("unattend.xml");
    fs::write(&original, b"on disk").expect("write");

    assert!(find_recovery_in(&dir, &original).is_none());
    let before = SystemTime::now() - Duration::from_secs(1);
    let p = write_recovery_in(&dir, &original, b"unsaved\nbytes").expect("write recovery");
    assert_eq!(p.parent(), Some(dir.as_path()));
    assert!(p.to_string_lossy().ends_with(".recovery"));

    let r = find_recovery_in(&dir, &original).expect("found");
    assert_eq!(r.path, p);
    assert_eq!(r.bytes, b"unsaved\nbytes");
    assert_eq!(r.original, fs::canonicalize(&original).expect("canon"));
    assert!(r.written_at >= before);

    // A second write replaces the first; no temporary files remain.
    write_recovery_in(&dir, &original, b"newer").expect("rewrite");
    let r = find_recovery_in(&dir, &original).expect("found");
    assert_eq!(r.bytes, b"newer");
    assert_eq!(fs::read_dir(&dir).expect("ls").count(), 1);

    discard_recovery(&r).expect("discard");
    assert!(find_recovery_in(&dir, &original).is_none());
    discard_recovery(&r).expect("discarding twice is fine");
}

#[test]
fn original_need_not_exist_and_key_is_per_path() {
    let data = tempfile::tempdir().expect("tempdir");
    let a = data.path().join("new-a.xml");
    let b = data.path().join("new-b.xml");
    write_recovery_in(data.path(), &a, b"A").expect("a");
    write_recovery_in(data.path(), &b, b"B").expect("b");
    assert_eq!(find_recovery_in(data.path(), &a).expect("a").bytes, b"A");
    assert_eq!(find_recovery_in(data.path(), &b).expect("b").bytes, b"B");
}

#[test]
fn a_file_recorded_for_another_path_is_ignored() {
    let data = tempfile::tempdir().expect("tempdir");
    let a = data.path().join("a.xml");
    let b = data.path().join("b.xml");
    let pa = write_recovery_in(data.path(), &a, b"A").expect("a");
    // Simulate a hash collision: b's recovery name holding a's record.
    let pb = data.path().join(file_name(&absolute(&b)));
    fs::copy(&pa, &pb).expect("copy");
    assert!(find_recovery_in(data.path(), &b).is_none());
}

#[test]
fn malformed_files_are_not_recoveries() {
    assert!(parse(b"").is_none());
    assert!(parse(b"something else\n").is_none());
    assert!(parse(b"unattui-recovery 1\nwritten-at 1.0\noriginal-len 99\n/x\nabc").is_none());
    let (k, t, b) = parse(b"unattui-recovery 1\nwritten-at 5.000000007\noriginal-len 2\n/x\nabc")
        .expect("valid");
    assert_eq!((k, b), (&b"/x"[..], &b"abc"[..]));
    assert_eq!(t, SystemTime::UNIX_EPOCH + Duration::new(5, 7));
}

#[test]
fn file_names_are_stable() {
    // FNV-1a is fixed by definition, so names survive Rust upgrades.
    assert_eq!(
        file_name(Path::new("/a")),
        format!("{:016x}.recovery", fnv1a64(b"/a"))
    );
}

#[cfg(unix)]
#[test]
fn private_modes_on_unix() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().expect("tempdir");
    let dir = data.path().join("recovery");
    let p = write_recovery_in(&dir, Path::new("/tmp/x.xml"), b"secret").expect("write");
    let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&p), 0o600);
}
