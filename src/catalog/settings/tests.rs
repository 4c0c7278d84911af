use super::*;

/// The generator itself, compiled into the tests to check that the committed assets are current.
#[allow(dead_code)]
#[path = "../../../examples/gen_catalog.rs"]
mod gen_catalog;

const SHELL: &str = "Microsoft-Windows-Shell-Setup";
const SETUP: &str = "Microsoft-Windows-Setup";
const LETTER: &str = "DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/Letter";

fn get(component: &str, path: &str) -> &'static SettingInfo {
    setting(component, path).unwrap_or_else(|| panic!("{component} {path} not in the catalog"))
}

fn problem(component: &str, path: &str, value: &str) -> Option<ValueProblem> {
    check_value(get(component, path), value).err()
}

#[test]
fn whole_catalog_parses() {
    assert_eq!(parse_problems(), &[] as &[String]);
    let idx = index();
    assert!(
        idx.settings.len() >= 1155,
        "{} settings",
        idx.settings.len()
    );
    assert_eq!(idx.components.len(), 87);
    let containers = idx
        .settings
        .iter()
        .filter(|s| s.kind == Kind::Container)
        .count();
    assert_eq!((containers, idx.settings.len() - containers), (247, 908));
    // Each component's count agrees with its rows, and every row is reachable by lookup.
    for (ci, c) in idx.components.iter().enumerate() {
        assert_eq!(c.settings, idx.component_settings(ci).len(), "{}", c.name);
    }
    for s in &idx.settings {
        assert_eq!(setting(s.component, s.path), Some(s));
    }
    // The extra rows are merged in.
    assert!(setting(SHELL, "OOBE/SkipUserOOBE").is_some());
    assert!(setting(SHELL, "Display/DPI").is_some());
}

#[test]
fn reference_info_matches_the_data() {
    let info = reference_info();
    assert!(info.contains("1 155 settings") && info.contains("87 components"));
    assert!(info.contains("14 Dec 2018"));
    let commit = "34b0f79c731f807561ddc605baf101d58ce528db";
    assert!(info.contains(commit));
    assert!(
        SETTINGS_TSV
            .lines()
            .next()
            .is_some_and(|l| l.contains(commit))
    );
}

#[test]
fn known_lookups() {
    let name = get(SHELL, "ComputerName");
    assert_eq!(
        name.passes.names().collect::<Vec<_>>(),
        ["offlineServicing", "specialize"]
    );
    assert!(name.passes.contains("specialize") && !name.passes.contains("oobeSystem"));
    assert_eq!(name.constraints.max_len, Some((15, LenUnit::Bytes)));
    assert_eq!(
        setting("microsoft-windows-shell-setup", "ComputerName"),
        Some(name)
    );
    assert_eq!(setting(SHELL, "computername"), None, "paths are exact");

    assert_eq!(get(SHELL, "OOBE/HideEULAPage").value_type, ValueType::Bool);
    let path = get(
        "Microsoft-Windows-Deployment",
        "RunSynchronous/RunSynchronousCommand/Path",
    );
    assert_eq!(path.constraints.max_len, Some((259, LenUnit::Chars)));
    assert_eq!(path.constraints.empty_ok, Some(false));
    assert_eq!(get(SETUP, LETTER).constraints.pattern, Some("[C-Z]"));

    let shell = component("MICROSOFT-WINDOWS-SHELL-SETUP").map(|c| c.name);
    assert_eq!(shell, Some(SHELL));
    let sto = component("Microsoft-Windows-STObject").map(|c| c.name);
    assert_eq!(sto, Some("Microsoft-Windows-stobject"));
    assert!(
        component("Microsoft-Windows-ehome-reg-inf")
            .is_some_and(|c| c.deprecated.is_some_and(|d| d.removed))
    );
    assert!(component("Microsoft-Windows-Nope").is_none());
}

#[test]
fn list_items_and_forms() {
    let cmd = get(
        "Microsoft-Windows-Deployment",
        "RunAsynchronous/RunAsynchronousCommand",
    );
    assert!(cmd.list_item && cmd.kind == Kind::Container);
    assert_eq!(
        (cmd.key, cmd.key_form),
        (Some("Order"), Some(KeyForm::Child))
    );
    let dns = "Microsoft-Windows-DNS-Client";
    let item = get(dns, "DNSSuffixSearchOrder/DomainName");
    assert_eq!(item.key_form, Some(KeyForm::Attribute));
    assert_eq!(
        get(dns, "DNSSuffixSearchOrder/DomainName/Value").form,
        Form::ParentText
    );
    let old = get(
        "Microsoft-Windows-StorPort-RegistrySettings",
        "TelemetryPerformanceHighResolutionTimer",
    );
    let dep = old.deprecated.map(|d| d.describe());
    assert_eq!(dep.as_deref(), Some("removed in Windows 10 version 1803"));
}

#[test]
fn children_are_direct() {
    let top: Vec<_> = children(SHELL, "").map(|s| s.path).collect();
    assert!(top.contains(&"ComputerName") && top.contains(&"OOBE"));
    assert!(top.iter().all(|p| !p.contains('/')));
    let oobe: Vec<_> = children(SHELL, "OOBE").map(|s| s.name()).collect();
    assert!(oobe.contains(&"HideEULAPage"));
    assert!(children("no-such-component", "").next().is_none());
}

#[test]
fn suggestions() {
    let wrong_case = suggest(
        SETUP,
        "DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/PartitionId",
    );
    assert_eq!(
        wrong_case,
        Some(Suggestion {
            kind: SuggestionKind::Case,
            component: SETUP,
            path: "DiskConfiguration/Disk/ModifyPartitions/ModifyPartition/PartitionID",
        })
    );
    let moved = suggest(SHELL, LETTER);
    assert_eq!(
        moved.map(|s| (s.kind, s.component)),
        Some((SuggestionKind::OtherComponent, SETUP))
    );
    let typo = suggest(SHELL, "OOBE/HideEULAPgae");
    assert_eq!(
        typo.map(|s| (s.kind, s.path)),
        Some((SuggestionKind::Spelling, "OOBE/HideEULAPage"))
    );
    let typo_in_parent = suggest(SHELL, "OOBEE/HideEULAPage").map(|s| s.path);
    assert_eq!(typo_in_parent, Some("OOBE/HideEULAPage"));
    assert_eq!(
        suggest(SHELL, "ComputerName"),
        None,
        "known settings get none"
    );
    assert_eq!(suggest(SHELL, "SomethingElseEntirely"), None);
    assert!(typo.is_some_and(|s| s.message().contains("OOBE/HideEULAPage")));
}

#[test]
fn check_bool() {
    let hide = (SHELL, "OOBE/HideEULAPage");
    for ok in ["true", "false", "True", "FALSE", " true "] {
        assert_eq!(problem(hide.0, hide.1, ok), None, "{ok}");
    }
    assert!(matches!(
        problem(hide.0, hide.1, "yes"),
        Some(ValueProblem::NotBool { .. })
    ));
    assert!(matches!(
        problem(hide.0, hide.1, ""),
        Some(ValueProblem::Empty { .. })
    ));
}

#[test]
fn check_enum() {
    let c = "Microsoft-Windows-Deployment";
    let p = "RunSynchronous/RunSynchronousCommand/WillReboot";
    assert_eq!(problem(c, p, "OnRequest"), None);
    let wrong = problem(c, p, "onrequest");
    assert!(matches!(
        wrong,
        Some(ValueProblem::WrongCase {
            expected: "OnRequest",
            ..
        })
    ));
    let other = problem(c, p, "Sometimes").map(|e| e.to_string());
    assert_eq!(
        other.as_deref(),
        Some("\"Sometimes\" is not an allowed value; allowed: Always, OnRequest, Never")
    );
}

#[test]
fn check_numbers() {
    let c = "Microsoft-Windows-Deployment";
    let order = "RunSynchronous/RunSynchronousCommand/Order";
    assert_eq!(problem(c, order, "500"), None);
    assert!(matches!(
        problem(c, order, "501"),
        Some(ValueProblem::OutOfRange { lo: 1, hi: 500, .. })
    ));
    assert!(matches!(
        problem(c, order, "one"),
        Some(ValueProblem::NotInt { .. })
    ));
    let nlb = "Microsoft-Windows-NetworkLoadBalancing-Core";
    let period = "Clusters/Cluster/IdentityHeartbeatPeriod";
    assert_eq!(problem(nlb, period, "10000"), None);
    assert!(matches!(
        problem(nlb, period, "9999"),
        Some(ValueProblem::BelowMin { .. })
    ));
    let (logon, brand) = (
        "Microsoft-Windows-Embedded-EmbeddedLogon",
        "BrandingNeutral",
    );
    assert_eq!(problem(logon, brand, "17"), None);
    assert!(matches!(
        problem(logon, brand, "64"),
        Some(ValueProblem::NotFlags { .. })
    ));
}

#[test]
fn check_lengths_and_pattern() {
    assert_eq!(problem(SHELL, "ComputerName", "WORKSTATION-001"), None);
    let long = problem(SHELL, "ComputerName", "WORKSTATION-0001").map(|e| e.to_string());
    assert_eq!(
        long.as_deref(),
        Some("\"WORKSTATION-0001\" is 16 bytes (UTF-8) long; at most 15 allowed")
    );
    // 15 characters but 16 bytes: the byte limit counts UTF-8.
    assert!(problem(SHELL, "ComputerName", "MÜNCHEN-PC-0001").is_some());
    let (dep, path) = (
        "Microsoft-Windows-Deployment",
        "RunSynchronous/RunSynchronousCommand/Path",
    );
    assert_eq!(
        problem(dep, path, &"é".repeat(259)),
        None,
        "characters, not bytes"
    );
    assert!(matches!(
        problem(dep, path, &"x".repeat(260)),
        Some(ValueProblem::TooLong { .. })
    ));
    assert!(matches!(
        problem(dep, path, ""),
        Some(ValueProblem::Empty { .. })
    ));
    assert_eq!(problem(SETUP, LETTER, "C"), None);
    let letter = problem(SETUP, LETTER, "B").map(|e| e.to_string());
    assert_eq!(
        letter.as_deref(),
        Some("\"B\" does not match [C-Z] (one uppercase letter from C to Z)")
    );
    assert!(problem(SETUP, LETTER, "CD").is_some());
    assert_eq!(
        problem("Microsoft-Windows-shwebsvc", "ID", ""),
        None,
        "empty_ok=yes"
    );
    assert_eq!(
        problem(
            "Microsoft-Windows-Wlansvc",
            "RadioLocation",
            &"x".repeat(200)
        ),
        None
    );
    assert_eq!(problem(SHELL, "OOBE", "  \n  "), None);
    assert!(matches!(
        problem(SHELL, "OOBE", "text"),
        Some(ValueProblem::ContainerText { .. })
    ));
}

#[test]
fn committed_assets_match_the_generator() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/catalog");
    if !src.join("settings.tsv").exists() {
        println!(
            "SKIPPED: {} is absent; cannot re-run the generator",
            src.display()
        );
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    gen_catalog::run(&src, out.path()).expect("generator runs");
    for (name, embedded) in [
        ("settings.tsv", SETTINGS_TSV),
        ("components.tsv", COMPONENTS_TSV),
    ] {
        let fresh = std::fs::read(out.path().join(name)).expect("generated file");
        assert!(
            fresh == embedded.as_bytes(),
            "assets/catalog/{name} is stale: run `cargo run --example gen_catalog`"
        );
    }
}

#[test]
fn lookups_match_the_whole_parse() {
    let idx = index();
    assert_eq!(components().cloned().collect::<Vec<_>>(), idx.components);
    for (ci, c) in idx.components.iter().enumerate() {
        let id = ComponentId(ci);
        let eager: Vec<_> = idx.component_settings(ci).iter().collect();
        let rows: Vec<_> = layout::rows_of(ci).filter_map(row).collect();
        assert_eq!(rows, eager, "{}", c.name);
        for s in eager {
            assert_eq!(setting_in(id, s.path), Some(s));
            assert_eq!(stated_passes(id, s.path), Some(s.passes));
            let max_len = s.constraints.max_len.map(|(n, _)| n);
            assert_eq!(stated_max_len(id, s.path), max_len, "{}", s.path);
        }
        for name in std::iter::once(&c.name).chain(&c.also_spelled) {
            let upper = name.to_uppercase();
            for n in [name, &upper.as_str()] {
                assert_eq!(component_id(n).map(|id| id.0), idx.component_index(n));
            }
        }
    }
    // Paths are exact.
    let shell = component_id(SHELL).expect("known");
    for path in ["", "A", "computername", "ComputerName/", "zzz", "~"] {
        assert_eq!(setting_in(shell, path), None, "{path:?}");
    }
    assert_eq!(component_id(""), None);
    assert_eq!(component_id("microsoft-windows-shell-setup-"), None);
}

#[test]
fn below_may_flag_agrees_with_the_parsed_settings() {
    let idx = index();
    let passes = [
        None,
        Some("windowsPE"),
        Some("specialize"),
        Some("oobeSystem"),
        Some("notAPass"),
    ];
    let mut flagged = 0;
    for (ci, c) in idx.components.iter().enumerate() {
        let settings: Vec<_> = idx.component_settings(ci).iter().collect();
        let parents = std::iter::once("").chain(settings.iter().map(|s| s.path));
        for parent in parents {
            for pass in passes {
                for deprecation in [false, true] {
                    let exact = settings.iter().any(|s| {
                        let below = s.path.len() > parent.len()
                            && s.path.starts_with(parent)
                            && s.path.as_bytes()[parent.len()] == b'/';
                        below
                            && (pass.is_some_and(|p| !s.passes.is_empty() && !s.passes.contains(p))
                                || (deprecation && s.deprecated.is_some()))
                    });
                    flagged += usize::from(exact);
                    assert_eq!(
                        below_may_flag(ComponentId(ci), parent, pass, deprecation),
                        exact,
                        "{} {parent:?} {pass:?} {deprecation}",
                        c.name
                    );
                }
            }
        }
    }
    // Both answers occur.
    assert!(flagged > 0);
    let deployment = component_id("Microsoft-Windows-Deployment").expect("known");
    assert!(!below_may_flag(
        deployment,
        "RunSynchronous",
        Some("specialize"),
        true
    ));
    assert!(below_may_flag(
        deployment,
        "RunSynchronous",
        Some("windowsPE"),
        false
    ));
}
