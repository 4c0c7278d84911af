//! Hostile and broken input, through the real binary: each is refused with a
//! clear, located message (exit 1 for bad XML, 2 for what cannot be read), and
//! nothing panics, hangs or expands.

use std::process::{Command, Output};

fn check(path: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unattui"))
        .args(["check", &path.display().to_string()])
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn no_panic(o: &Output) {
    let t = text(o);
    assert!(
        !t.contains("panicked") && !t.contains("RUST_BACKTRACE"),
        "{t}"
    );
    assert!(o.status.code().is_some(), "killed by a signal: {t}");
}

#[test]
fn entity_bombs_and_external_entities_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n<unattend>&lol3;</unattend>\n";
    let o = check(&write(&dir, "bomb.xml", bomb.as_bytes()));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("bomb.xml:2:1: error[U002]"),
        "{}",
        text(&o)
    );
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE u [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<unattend>&x;</unattend>\n";
    let o = check(&write(&dir, "xxe.xml", xxe.as_bytes()));
    assert!(text(&o).contains("error[U002]"));
    assert!(
        !text(&o).contains("root:"),
        "the external entity must never be read"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let dir = tempfile::tempdir().expect("tmp");
    let deep = format!("<unattend>{}", "<a>".repeat(100_000));
    let o = check(&write(&dir, "deep.xml", deep.as_bytes()));
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("nested deeper than 256"), "{}", text(&o));
}

#[test]
fn broken_bytes_are_refused_with_a_location() {
    let dir = tempfile::tempdir().expect("tmp");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.xml",
            b"<?xml version=\"1.0\"?>\n<unattend>\n  <settings pass=\"x\">\n    <compo".to_vec(),
            "truncated.xml:4:5: error[U001]",
        ),
        (
            "latin1.xml",
            b"<unattend>\n<a>caf\xe9</a></unattend>".to_vec(),
            "latin1.xml:2:7: error[U001]: the file is not valid UTF-8",
        ),
        (
            "utf16-nobom.xml",
            "<unattend/>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
            "UTF-16 text without a byte-order mark",
        ),
        (
            "nul.xml",
            b"<unattend>\0</unattend>".to_vec(),
            "not a text file",
        ),
        (
            "binary.xml",
            vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0],
            "not a text file",
        ),
        ("empty.xml", Vec::new(), "no root element"),
    ];
    for (name, bytes, expect) in cases {
        let o = check(&write(&dir, name, &bytes));
        no_panic(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", text(&o));
        assert!(
            text(&o).contains(expect),
            "{name}: expected {expect:?} in {}",
            text(&o)
        );
    }
}

#[test]
fn what_is_not_a_file_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = check(dir.path());
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("directory"), "{}", text(&o));
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.xml");
        if Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            let o = check(&fifo);
            no_panic(&o);
            assert_eq!(o.status.code(), Some(2));
        } else {
            eprintln!("mkfifo is not available: the FIFO case is skipped");
        }
    }
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("huge.xml");
    let f = std::fs::File::create(&p).expect("create");
    // Sparse: 200 MB on paper, nothing on disk.
    f.set_len(200 * 1024 * 1024).expect("set_len");
    let o = check(&p);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("64"), "the limit is named: {}", text(&o));
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_for_reading_and_kept_on_fix() {
    let dir = tempfile::tempdir().expect("tmp");
    let real = dir.path().join("real.xml");
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tabs-crlf.xml"
    ))
    .expect("fixture");
    std::fs::write(&real, src.replace("<Order>2</Order>", "<Order>1</Order>")).expect("write");
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let o = Command::new(env!("CARGO_BIN_EXE_unattui"))
        .args(["fix", "--no-backup", &link.display().to_string()])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink(),
        "the link itself is kept"
    );
    assert!(
        std::fs::read_to_string(&real)
            .expect("read")
            .contains("<Order>2</Order>"),
        "the target was fixed"
    );
}
