use super::*;
use crate::text::{Encoding, encode};

const BASE: &str = include_str!("../../tests/fixtures/tabs-crlf.xml");

fn diff(old: &[u8], new: &[u8]) -> Vec<Change> {
    let od = Document::load(old).expect("old loads");
    let nd = Document::load(new).expect("new loads");
    compare(&od, &Answer::build(&od), &nd, &Answer::build(&nd))
}

#[test]
fn formatting_only_changes_are_equal() {
    let reformatted = BASE
        .replace("\r\n", "\n")
        .replace('\t', "    ")
        .replace("wcm:action=\"add\"", "wcm:action='add'")
        .replace("<Order>1</Order>", "<!-- first --><Order>1</Order>")
        .replace("cmd /c echo one", "cmd /c echo &#111;ne")
        .replace("<FirstLogonCommands>", "<FirstLogonCommands >");
    let bytes = encode(&reformatted, Encoding::Utf16Le);
    assert_eq!(diff(BASE.as_bytes(), &bytes), Vec::<Change>::new());
}

#[test]
fn each_kind_of_change_is_reported_once() {
    let new = BASE
        .replace(
            "<Description>First command</Description>",
            "<Description>First</Description>",
        )
        .replace(
            "<Order>2</Order>\r\n\t\t\t\t\t<Path>cmd /c echo two</Path>",
            "<Order>5</Order>\r\n\t\t\t\t\t<Path>cmd /c echo two</Path>",
        )
        .replace("cmd /c echo first logon", "cmd /c echo changed");
    let changes = diff(BASE.as_bytes(), new.as_bytes());
    let key = |pass: &str, comp: &str, list: &str| ListKey {
        pass: pass.into(),
        component: comp.into(),
        arch: "amd64".into(),
        list: list.into(),
    };
    let sync = key(
        "specialize",
        "Microsoft-Windows-Deployment",
        "RunSynchronous",
    );
    let flc = key(
        "oobeSystem",
        "Microsoft-Windows-Shell-Setup",
        "FirstLogonCommands",
    );
    assert_eq!(
        changes,
        vec![
            Change::FieldChanged {
                list: sync.clone(),
                order: "1".into(),
                field: FieldKind::Description,
                old: Some("First command".into()),
                new: Some("First".into())
            },
            Change::OrderChanged {
                list: sync,
                program: "cmd /c echo two".into(),
                old: "2".into(),
                new: "5".into()
            },
            Change::FieldChanged {
                list: flc,
                order: "1".into(),
                field: FieldKind::Program,
                old: Some("cmd /c echo first logon".into()),
                new: Some("cmd /c echo changed".into())
            },
        ]
    );
}

#[test]
fn added_removed_moved_and_settings() {
    let item = "\t\t\t\t<RunSynchronousCommand wcm:action=\"add\">\r\n\t\t\t\t\t<Order>2</Order>\r\n\t\t\t\t\t<Path>cmd /c echo two</Path>\r\n\t\t\t\t</RunSynchronousCommand>\r\n";
    assert!(BASE.contains(item));
    let async_list = format!(
        "\t\t\t<RunAsynchronous>\r\n{}\t\t\t</RunAsynchronous>\r\n",
        item.replace("RunSynchronousCommand", "RunAsynchronousCommand")
    );
    let moved = BASE.replace(item, "").replace(
        "\t\t\t</RunSynchronous>\r\n",
        &format!("\t\t\t</RunSynchronous>\r\n{async_list}"),
    );
    let changes = diff(BASE.as_bytes(), moved.as_bytes());
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert!(matches!(&changes[0], Change::Moved { to, .. } if to.list == "RunAsynchronous"));

    let removed = BASE.replace(item, "");
    assert!(
        matches!(diff(BASE.as_bytes(), removed.as_bytes()).as_slice(), [Change::Removed { order, .. }] if order == "2")
    );
    assert!(
        matches!(diff(removed.as_bytes(), BASE.as_bytes()).as_slice(), [Change::Added { order, .. }] if order == "2")
    );

    let with_setting = BASE.replace(
        "\t\t\t<FirstLogonCommands>",
        "\t\t\t<TimeZone>UTC</TimeZone>\r\n\t\t\t<FirstLogonCommands>",
    );
    let changes = diff(BASE.as_bytes(), with_setting.as_bytes());
    assert_eq!(
        changes,
        vec![Change::Setting {
            path: "oobeSystem › Microsoft-Windows-Shell-Setup [amd64] › TimeZone".into(),
            old: None,
            new: Some("UTC".into())
        }]
    );
}

#[test]
fn passwords_are_masked() {
    let with = |pw: &str| {
        BASE.replace("<Description>First command</Description>", &format!("<Credentials><Domain>D</Domain><Username>u</Username><Password>{pw}</Password></Credentials>"))
    };
    let changes = diff(with("old-secret").as_bytes(), with("new-secret").as_bytes());
    let text = format!("{changes:?}");
    assert!(!text.contains("secret"), "{text}");
    assert_eq!(changes.len(), 1);
}

#[test]
fn secret_settings_are_compared_but_never_shown() {
    let with = |admin: &str, join: &str| {
        BASE.replace(
            "\t\t\t<FirstLogonCommands>",
            &format!("\t\t\t<UserAccounts><AdministratorPassword><Value>{admin}</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>\r\n\t\t\t<Identification><Credentials><Password>{join}</Password></Credentials></Identification>\r\n\t\t\t<FirstLogonCommands>"),
        )
    };
    let changes = diff(
        with("OldAdmin1", "OldJoin1").as_bytes(),
        with("NewAdmin2", "NewJoin2").as_bytes(),
    );
    assert_eq!(changes.len(), 2, "{changes:#?}");
    let text = format!("{changes:?}");
    for secret in ["OldAdmin1", "NewAdmin2", "OldJoin1", "NewJoin2"] {
        assert!(!text.contains(secret), "{text}");
    }
    assert!(text.contains("(changed)"));
    assert!(
        diff(
            with("Same1", "Same2").as_bytes(),
            with("Same1", "Same2").as_bytes()
        )
        .is_empty()
    );
}
