//! Settings outside the command lists: edited through the tree and the form.

use super::*;
use crate::tui::action::{Mode, Pane};
use crate::tui::app::{Modal, Pick};
use crate::tui::tree::NodeRef;

// Rows, passes in run order and settings collapsed: 0 specialize,
// 1 Shell-Setup, 2 ComputerName, 3 oobeSystem, 4 Shell-Setup, 5 OOBE (3),
// 6 TimeZone, 7 RegisteredOwner, 8 UserAccounts (1). Passes in the file:
// 0 oobeSystem, 1 specialize.
const FILE: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r
<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\r
\t<settings pass=\"oobeSystem\">\r
\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\r
\t\t\t<OOBE>\r
\t\t\t\t<HideEULAPage>false</HideEULAPage>\r
\t\t\t\t<NetworkLocation>Work</NetworkLocation>\r
\t\t\t\t<ProtectYourPC>3</ProtectYourPC>\r
\t\t\t</OOBE>\r
\t\t\t<TimeZone>UTC</TimeZone>\r
\t\t\t<RegisteredOwner>Lab</RegisteredOwner>\r
\t\t\t<UserAccounts>\r
\t\t\t\t<AdministratorPassword>\r
\t\t\t\t\t<Value>hunter2</Value>\r
\t\t\t\t\t<PlainText>true</PlainText>\r
\t\t\t\t</AdministratorPassword>\r
\t\t\t</UserAccounts>\r
\t\t</component>\r
\t</settings>\r
\t<settings pass=\"specialize\">\r
\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\r
\t\t\t<ComputerName>LAB-01</ComputerName>\r
\t\t</component>\r
\t</settings>\r
</unattend>\r
";

/// Opens FILE from a temporary file; returns the app, the path and the directory guard.
fn open() -> (App, std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unattend.xml");
    std::fs::write(&path, FILE).expect("write");
    let mut app = App::open(path.clone(), false).expect("opens");
    app.theme = crate::tui::theme::Theme::plain();
    (app, path, dir)
}

/// Saves and returns the changed lines as (before, after) pairs; the line count must not change.
fn save_and_diff(app: &mut App, path: &std::path::Path) -> Vec<(String, String)> {
    drive(app, "<c-s>");
    assert!(!app.is_modified(), "{:?}", app.status);
    let saved = std::fs::read_to_string(path).expect("read");
    assert_eq!(saved.split('\n').count(), FILE.split('\n').count());
    FILE.split('\n')
        .zip(saved.split('\n'))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

fn pair(a: &str, b: &str) -> Vec<(String, String)> {
    vec![(a.to_owned(), b.to_owned())]
}

#[test]
fn the_subtree_replaces_the_other_settings_node() {
    let (mut app, _, _dir) = open();
    let labels = |app: &App| -> Vec<String> {
        let ed = app.editor().expect("tree");
        app.rows
            .iter()
            .filter_map(|r| match r.node {
                NodeRef::Setting(_, _, k) => Some(crate::tui::ui::setting_label(app, ed, k)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        labels(&app),
        [
            "ComputerName = LAB-01",
            "OOBE (3)",
            "TimeZone = UTC",
            "RegisteredOwner = Lab",
            "UserAccounts (1)"
        ]
    );
    drive(
        &mut app,
        "<down><down><down><down><down><down><down><down><right><down><right>",
    );
    let l = labels(&app);
    assert!(l.contains(&"Value = ••••••".to_owned()), "{l:?}");
    assert!(l.contains(&"PlainText = true".to_owned()), "{l:?}");
    // Collapse AdministratorPassword, go up to UserAccounts, collapse it, up to the component.
    drive(&mut app, "hh");
    let (addr, _) = app.selected_setting().expect("a setting");
    assert_eq!(addr.catalog_path(), "UserAccounts");
    drive(&mut app, "hh");
    assert_eq!(app.selected_node(), Some(NodeRef::Component(0, 0)));
}

#[test]
fn edit_a_boolean_with_the_chooser() {
    let (mut app, path, _dir) = open();
    drive(
        &mut app,
        "<down><down><down><down><down><right><down><enter>",
    );
    assert_eq!(app.focus, Pane::Form);
    drive(&mut app, "<enter>");
    assert_eq!(app.mode(), Mode::Normal, "a chooser: no typing");
    assert_eq!(
        save_and_diff(&mut app, &path),
        pair(
            "\t\t\t\t<HideEULAPage>false</HideEULAPage>\r",
            "\t\t\t\t<HideEULAPage>true</HideEULAPage>\r"
        )
    );
    drive(&mut app, "u");
    assert_eq!(app.bytes_to_save(), FILE.as_bytes());
}

#[test]
fn edit_an_enumeration_with_the_chooser() {
    let (mut app, path, _dir) = open();
    drive(
        &mut app,
        "<down><down><down><down><down><right><down><down><enter><right>",
    );
    assert_eq!(
        save_and_diff(&mut app, &path),
        pair(
            "\t\t\t\t<NetworkLocation>Work</NetworkLocation>\r",
            "\t\t\t\t<NetworkLocation>Other</NetworkLocation>\r"
        )
    );
    drive(&mut app, "<left><left>");
    assert_eq!(
        save_and_diff(&mut app, &path),
        pair(
            "\t\t\t\t<NetworkLocation>Work</NetworkLocation>\r",
            "\t\t\t\t<NetworkLocation>Home</NetworkLocation>\r"
        )
    );
}

#[test]
fn edit_a_string_with_a_live_check() {
    let (mut app, path, _dir) = open();
    // ComputerName in specialize: at most 15 bytes.
    drive(&mut app, "<down><down><enter><enter>");
    assert_eq!(app.mode(), Mode::EditField);
    drive(&mut app, "-WITH-A-LONG-NAME");
    let live = app.setting_edit.as_ref().and_then(|e| e.live.clone());
    assert!(
        live.is_some_and(|l| l.contains("15")),
        "{:?}",
        app.setting_edit.as_ref().map(|e| &e.live)
    );
    assert!(!app.is_modified(), "nothing reaches the file while typing");
    drive(&mut app, "<c-a><c-k>WS-7<enter>");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        save_and_diff(&mut app, &path),
        pair(
            "\t\t\t<ComputerName>LAB-01</ComputerName>\r",
            "\t\t\t<ComputerName>WS-7</ComputerName>\r"
        )
    );
    drive(&mut app, "u");
    assert!(app.is_modified());
    assert_eq!(app.bytes_to_save(), FILE.as_bytes());
}

#[test]
fn a_password_value_edits_masked() {
    let (mut app, _, _dir) = open();
    drive(
        &mut app,
        "<down><down><down><down><down><down><down><down><right><down><right><down><enter><enter>",
    );
    let edit = app.setting_edit.as_ref().expect("editing");
    assert_eq!(edit.area.mask_char(), Some('•'));
    drive(&mut app, "<c-v>");
    assert_eq!(
        app.setting_edit.as_ref().and_then(|e| e.area.mask_char()),
        None
    );
}

fn pick(app: &mut App, name: &str) {
    let Some(Modal::Picker { items, .. }) = &app.modal else {
        panic!("picker")
    };
    let i = items
        .iter()
        .position(|(l, _)| l.split(' ').next() == Some(name))
        .unwrap_or_else(|| panic!("{name} not offered: {items:?}"));
    drive(app, &"<down>".repeat(i));
}

fn offered(app: &App) -> Vec<String> {
    let Some(Modal::Picker { items, .. }) = &app.modal else {
        panic!("picker")
    };
    items
        .iter()
        .filter(|(_, p)| matches!(p, Pick::Setting { .. }))
        .map(|(l, _)| l.split(' ').next().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn add_a_setting_from_the_picker() {
    let (mut app, path, _dir) = open();
    drive(&mut app, "<down><down><down><down>A");
    let names = offered(&app);
    assert!(
        names.contains(&"RegisteredOrganization".to_owned()),
        "{names:?}"
    );
    assert!(!names.contains(&"TimeZone".to_owned()), "already there");
    assert!(
        !names.contains(&"ComputerName".to_owned()),
        "not valid in oobeSystem"
    );
    assert!(
        !names.contains(&"FirstLogonCommands".to_owned()),
        "lists have their own items"
    );
    pick(&mut app, "RegisteredOrganization");
    drive(&mut app, "<enter>");
    assert_eq!(app.mode(), Mode::EditField, "a text value: typing starts");
    drive(&mut app, "Contoso<enter>");
    drive(&mut app, "<c-s>");
    let saved = std::fs::read_to_string(&path).expect("read");
    let (removed, added) = (
        FILE.split('\n')
            .filter(|l| !saved.split('\n').any(|s| s == *l))
            .count(),
        saved
            .split('\n')
            .filter(|l| !FILE.split('\n').any(|s| s == *l))
            .collect::<Vec<_>>(),
    );
    assert_eq!(removed, 0);
    assert_eq!(
        added,
        ["\t\t\t<RegisteredOrganization>Contoso</RegisteredOrganization>\r"]
    );
    // In a container: only its children that are missing.
    drive(&mut app, "<esc>g<down><down><down><down><down>A");
    let names = offered(&app);
    assert!(!names.contains(&"HideEULAPage".to_owned()), "{names:?}");
    assert!(
        names.contains(&"HideOnlineAccountScreens".to_owned()),
        "{names:?}"
    );
    pick(&mut app, "HideOnlineAccountScreens");
    drive(&mut app, "<enter>");
    assert_eq!(app.focus, Pane::Form);
    drive(&mut app, "<right>");
    let ed = app.editor().expect("tree");
    assert!(
        ed.doc()
            .text()
            .contains("\t\t\t\t<ProtectYourPC>3</ProtectYourPC>\r\n\t\t\t\t<HideOnlineAccountScreens>true</HideOnlineAccountScreens>\r\n"),
        "{}",
        ed.doc().text()
    );
}

#[test]
fn remove_asks_and_undo_restores() {
    let (mut app, _, _dir) = open();
    drive(&mut app, "<down><down><down><down><down><down>d");
    assert_eq!(app.mode(), Mode::Confirm);
    drive(&mut app, "y");
    assert!(
        !app.editor()
            .expect("tree")
            .doc()
            .text()
            .contains("TimeZone")
    );
    drive(&mut app, "u");
    assert_eq!(app.bytes_to_save(), FILE.as_bytes());
}

#[test]
fn read_only_refuses_setting_edits() {
    let mut app = App::from_bytes(None, FILE.as_bytes(), true).expect("opens");
    for k in [
        "<down><down><enter><enter>",
        "<esc>g<down><down><down><down><down><right><down><down><enter><right>",
        "A",
    ] {
        drive(&mut app, k);
        assert_eq!(app.mode(), Mode::Normal, "after {k}");
        assert!(
            app.status.as_deref().unwrap_or("").contains("read-only"),
            "after {k}: {:?}",
            app.status
        );
    }
    assert!(!app.is_modified());
}

#[test]
fn a_problem_jumps_to_its_setting() {
    let xml = FILE.replace("<NetworkLocation>Work<", "<NetworkLocation>Office<");
    let mut app = App::from_bytes(None, xml.as_bytes(), false).expect("opens");
    let i = app
        .diags
        .iter()
        .position(|d| d.code == "U072")
        .expect("U072");
    app.problem_sel = i;
    app.focus = Pane::Problems;
    drive(&mut app, "<enter>");
    let (addr, _) = app.selected_setting().expect("a setting");
    assert_eq!(addr.catalog_path(), "OOBE/NetworkLocation");
    let ed = app.editor().expect("tree");
    let row = app
        .rows
        .iter()
        .find(|r| r.node == NodeRef::Component(0, 0))
        .expect("row");
    assert!(row.expanded);
    assert_eq!(
        app.worst.get(&app.selected_node().expect("sel")),
        Some(&crate::lint::Severity::Error)
    );
    let oobe = app.rows.iter().find(|r| matches!(r.node, NodeRef::Setting(_, _, k) if crate::tui::ui::setting_label(&app, ed, k) == "OOBE (3)")).expect("OOBE row");
    assert_eq!(
        app.worst.get(&oobe.node),
        Some(&crate::lint::Severity::Error),
        "the container shows it too"
    );
}

fn with_problems() -> App {
    let xml = FILE
        .replace("<NetworkLocation>Work<", "<NetworkLocation>Office<")
        .replace(
            "<ComputerName>LAB-01</ComputerName>",
            "<ComputerName>LAB-01</ComputerName>\r\n\t\t\t<OOBE><HideEULAPage>true</HideEULAPage></OOBE>\r\n\t\t\t<TimeZone>UTC</TimeZone>",
        );
    let mut app =
        App::from_bytes(Some("settings.xml".into()), xml.as_bytes(), false).expect("opens");
    app.theme = crate::tui::theme::Theme::plain();
    app
}

#[test]
fn setting_forms() {
    use super::screens::screen;
    let mut app = with_problems();
    // specialize: ComputerName, OOBE (wrong pass), TimeZone; then oobeSystem's OOBE.
    drive(&mut app, "<down><down><down><right><down><enter>");
    insta::assert_snapshot!("setting_wrong_pass_120x40", screen(&app, 120, 40));
    drive(&mut app, "<esc>G<up><up><up><right><down><down><enter>");
    insta::assert_snapshot!("setting_enum_80x24", screen(&app, 80, 24));
    drive(&mut app, "<esc><down><down><enter><enter><c-a><c-k>x");
    let (addr, _) = app.selected_setting().expect("setting");
    assert_eq!(addr.catalog_path(), "TimeZone");
    insta::assert_snapshot!("setting_typing_100x30", screen(&app, 100, 30));
}
