use super::*;

/// The reference: every offset where the lower-case copies agree.
fn slow(hay: &str, needle: &str) -> Vec<usize> {
    let (h, n) = (hay.to_ascii_lowercase(), needle.to_ascii_lowercase());
    (0..=h.len())
        .filter(|&i| h.as_bytes()[i..].starts_with(n.as_bytes()))
        .collect()
}

#[test]
fn finds_every_occurrence_in_any_case() {
    assert_eq!(
        find_ci("HKCU: hkcu: HkCu:", "hkcu:").collect::<Vec<_>>(),
        [0, 6, 12]
    );
    assert_eq!(find_ci("aAa", "aa").collect::<Vec<_>>(), [0, 1]);
    assert_eq!(find_ci("xyz", "xyzw").count(), 0);
    assert_eq!(find_ci("", "a").count(), 0);
    assert_eq!(find_ci("ab", "").collect::<Vec<_>>(), [0, 1, 2]);
    // Long text takes the vectorised path.
    let long = format!("{}HKCU:{}hkcu:", "x".repeat(100), "y".repeat(70));
    assert_eq!(find_ci(&long, "hkcu:").collect::<Vec<_>>(), [100, 175]);
    // Non-letters and multi-byte text around the needle.
    assert_eq!(
        find_ci("é$WINDOWS.~BT", "$windows.~bt").collect::<Vec<_>>(),
        [2]
    );
    // Only ASCII folds: `É` is not `é`.
    assert!(!contains_ci("É", "é"));
    assert!(contains_ci("x Set-ExecutionPolicy", "set-executionpolicy"));
    assert!(!contains_ci("set-executionpolic", "set-executionpolicy"));
}

#[test]
fn agrees_with_lower_case_copies() {
    let hays = [
        "",
        "a",
        "Aa.EXE.exe",
        "éÉ.ExE x.exe\"",
        "restart-computerestart-computer",
        "🙂RESTART-Computer",
    ];
    let needles = [
        "a",
        ".exe",
        "restart-computer",
        "é",
        "e",
        "x.e",
        "computer",
        "xe",
        "E.E",
        "aA",
    ];
    for h in hays {
        for n in needles {
            assert_eq!(find_ci(h, n).collect::<Vec<_>>(), slow(h, n), "{h:?} {n:?}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn any_text_agrees_with_lower_case_copies(
        hay in "([aAxX.éE -]|Ex|xE|:){0,90}",
        needle in "([aAxX.éE -]|:){0,5}",
    ) {
        proptest::prop_assert_eq!(find_ci(&hay, &needle).collect::<Vec<_>>(), slow(&hay, &needle));
    }
}

proptest::proptest! {
    #[test]
    fn skipping_low_bytes_agrees_with_skip_to(
        b in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just(b' '),
                proptest::strategy::Just(b'"'),
                proptest::strategy::Just(b'\t'),
                proptest::strategy::Just(b'!'),
                proptest::strategy::Just(0x80u8),
                proptest::strategy::Just(0xffu8),
                proptest::arbitrary::any::<u8>(),
                0x61u8..0x7b,
            ],
            0..40,
        ),
        from in 0usize..45,
    ) {
        const SET: [bool; 256] = byte_set(b"\" \t");
        const BLANK: [bool; 256] = byte_set(b" \t");
        proptest::prop_assert_eq!(skip_to_low(&b, from, &SET, 0x23), skip_to(&b, from, &SET));
        proptest::prop_assert_eq!(skip_to_low(&b, from, &BLANK, 0x21), skip_to(&b, from, &BLANK));
    }
}

#[test]
fn byte_sets() {
    const SET: [bool; 256] = byte_set(b"\"&");
    assert!(SET[usize::from(b'"')] && SET[usize::from(b'&')] && !SET[usize::from(b'a')]);
    assert_eq!(skip_to(b"ab&c", 0, &SET), 2);
    assert_eq!(skip_to(b"ab&c", 3, &SET), 4);
    assert_eq!(skip_to("é\"".as_bytes(), 0, &SET), 2);
}

#[test]
fn counts_agree_with_a_plain_loop() {
    let text = "a \"b\"\t\"\u{e9}\u{80}\u{ff}  \" \"\"x\t\t\"\"\"\"\"y";
    for len in 0..=text.len() {
        let b = &text.as_bytes()[..len];
        let plain = |x: u8, y: u8| b.iter().filter(|&&c| c == x || c == y).count();
        assert_eq!(count_byte(b, b'"'), plain(b'"', b'"'));
        assert_eq!(count_byte(b, b'\t'), plain(b'\t', b'\t'));
        assert_eq!(count_byte(b, 0xff), plain(0xff, 0xff));
        assert_eq!(count_byte(b, 0), 0);
    }
    for n in [0, 7, 8, 247, 248, 249, 300, 1000] {
        let many = vec![b'"'; n];
        assert_eq!(count_byte(&many, b'"'), n);
        assert_eq!(count_byte(&many, b'x'), 0);
    }
}

#[test]
fn trimming_whitespace_is_str_trim() {
    for text in [
        "",
        " ",
        "a",
        " a",
        "a ",
        "\u{a0}a",
        "a\u{3000}",
        "\u{1c}a\u{1f}",
        "\ta\n",
        "\u{7f}",
        "é",
        "aé",
        "a b",
        "\u{85}x",
    ] {
        assert_eq!(trim_whitespace(text), text.trim(), "{text:?}");
    }
}

#[test]
fn prefixes_and_suffixes() {
    assert!(ends_with_ci("C:\\X.MSU", ".msu"));
    assert!(!ends_with_ci("msu", ".msu"));
    assert!(starts_with_ci("ExecutionPolicy", "ex"));
    assert!(!starts_with_ci("e", "ex"));
    assert!(!ends_with_ci("é", "É"));
}
