use super::*;

#[test]
fn parameter_tables_are_lower_case_and_abbreviations_are_prefixes() {
    for (full, min, _) in PARAMS {
        assert!(full.starts_with(min) && !min.is_empty(), "{full} {min}");
        assert!(!full.bytes().any(|b| b.is_ascii_uppercase()) && full.len() <= 24);
    }
    assert!(PARAMS.len() <= 32);
    assert!(
        PARAMS
            .iter()
            .all(|(full, _, _)| full.as_bytes()[0].is_ascii_lowercase())
    );
    for (alias, _) in ALIASES {
        assert!(alias.len() <= 2 && !alias.bytes().any(|b| b.is_ascii_uppercase()));
    }
    assert_eq!(resolve("EP"), Some(Param::ExecutionPolicy));
    assert_eq!(resolve("NoP"), Some(Param::NoProfile));
    assert_eq!(resolve("no"), None);
    assert_eq!(resolve("NoProfileX"), None);
    assert_eq!(resolve(&"c".repeat(30)), None);
}
