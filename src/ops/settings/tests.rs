use super::*;
use crate::ops::{Editor, Op};

const CRLF_TABS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\r\n\t<settings pass=\"oobeSystem\">\r\n\t\t<component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\r\n\t\t\t<OOBE>\r\n\t\t\t\t<HideEULAPage>false</HideEULAPage>\r\n\t\t\t\t<NetworkLocation/>\r\n\t\t\t</OOBE>\r\n\t\t\t<TimeZone>UTC</TimeZone>\r\n\t\t</component>\r\n\t</settings>\r\n</unattend>\r\n";

const LF_SPACES: &str = "<u:unattend xmlns:u=\"urn:schemas-microsoft-com:unattend\">\n  <u:settings pass=\"specialize\">\n    <u:component name=\"Microsoft-Windows-TCPIP\" processorArchitecture=\"amd64\">\n      <u:Interfaces>\n        <u:Interface>\n          <u:Identifier>Ethernet</u:Identifier>\n        </u:Interface>\n      </u:Interfaces>\n    </u:component>\n  </u:settings>\n</u:unattend>\n";

fn editor(src: &str) -> Editor {
    Editor::new(Document::load(src.as_bytes()).expect("loads"))
}

use crate::diff::changed_lines as changed;

fn oobe(name: &str) -> SettingAddr {
    SettingAddr::top(0, 0, "OOBE", 0).child(name, 0)
}

#[test]
fn addresses_resolve_and_round_trip() {
    let ed = editor(CRLF_TABS);
    let (doc, answer) = (ed.doc(), ed.answer());
    let node = oobe("HideEULAPage").resolve(doc, answer).expect("found");
    assert_eq!(doc.tree().value(doc.text(), node), "false");
    assert_eq!(
        SettingAddr::of_node(doc, answer, 0, 0, node),
        Some(oobe("HideEULAPage"))
    );
    assert_eq!(oobe("HideEULAPage").catalog_path(), "OOBE/HideEULAPage");
    assert_eq!(
        oobe("HideEULAPage").parent(),
        Some(SettingAddr::top(0, 0, "OOBE", 0))
    );
    assert!(oobe("Missing").resolve(doc, answer).is_none());
    assert!(
        SettingAddr::top(0, 0, "OOBE", 1)
            .resolve(doc, answer)
            .is_none()
    );
    assert!(info_at(answer, &oobe("HideEULAPage")).is_some());
}

#[test]
fn setting_a_value_changes_one_line_and_undo_restores_the_bytes() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::SetSetting(oobe("HideEULAPage"), "true".into()))
        .expect("applies");
    let (removed, added) = changed(CRLF_TABS, ed.doc().text());
    assert_eq!(removed, ["\t\t\t\t<HideEULAPage>false</HideEULAPage>\r\n"]);
    assert_eq!(added, ["\t\t\t\t<HideEULAPage>true</HideEULAPage>\r\n"]);
    // A self-closing element is expanded; the text is escaped.
    ed.apply(&Op::SetSetting(oobe("NetworkLocation"), "A&B".into()))
        .expect("applies");
    let (removed, added) = changed(CRLF_TABS, ed.doc().text());
    assert_eq!(removed.len(), 2);
    assert_eq!(
        added[1],
        "\t\t\t\t<NetworkLocation>A&amp;B</NetworkLocation>\r\n"
    );
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().text(), CRLF_TABS);
}

#[test]
fn containers_and_missing_settings_are_refused() {
    let mut ed = editor(CRLF_TABS);
    let err = ed
        .apply(&Op::SetSetting(
            SettingAddr::top(0, 0, "OOBE", 0),
            "x".into(),
        ))
        .expect_err("container");
    assert!(err.0.contains("child elements"), "{err}");
    assert!(ed.apply(&Op::SetSetting(oobe("Nope"), "x".into())).is_err());
    assert!(
        ed.apply(&Op::AddSetting {
            pass: 0,
            component: 0,
            parent: None,
            name: "TimeZone".into(),
        })
        .is_err(),
        "already there"
    );
    assert!(
        ed.apply(&Op::AddSetting {
            pass: 0,
            component: 0,
            parent: Some(oobe("HideEULAPage")),
            name: "X".into(),
        })
        .is_err(),
        "a value cannot take children"
    );
    assert!(!ed.is_modified());
}

#[test]
fn adding_follows_the_files_layout() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::AddSetting {
        pass: 0,
        component: 0,
        parent: None,
        name: "RegisteredOwner".into(),
    })
    .expect("top level");
    ed.apply(&Op::AddSetting {
        pass: 0,
        component: 0,
        parent: Some(SettingAddr::top(0, 0, "OOBE", 0)),
        name: "ProtectYourPC".into(),
    })
    .expect("in a container");
    let (removed, added) = changed(CRLF_TABS, ed.doc().text());
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added,
        [
            "\t\t\t\t<ProtectYourPC></ProtectYourPC>\r\n",
            "\t\t\t<RegisteredOwner></RegisteredOwner>\r\n",
        ]
    );
    let at = added_addr(
        ed.doc(),
        ed.answer(),
        0,
        0,
        Some(&SettingAddr::top(0, 0, "OOBE", 0)),
        "ProtectYourPC",
    );
    // A second one would come after the first.
    assert_eq!(
        at,
        Some(SettingAddr::top(0, 0, "OOBE", 0).child("ProtectYourPC", 1))
    );
    ed.apply(&Op::SetSetting(oobe("ProtectYourPC"), "3".into()))
        .expect("set");
    assert!(
        ed.doc()
            .text()
            .contains("\t\t\t\t<ProtectYourPC>3</ProtectYourPC>\r\n")
    );
    ed.apply(&Op::RemoveSetting(SettingAddr::top(
        0,
        0,
        "RegisteredOwner",
        0,
    )))
    .expect("remove");
    ed.apply(&Op::RemoveSetting(oobe("ProtectYourPC")))
        .expect("remove");
    assert_eq!(ed.doc().text(), CRLF_TABS);
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().text(), CRLF_TABS);
}

#[test]
fn list_items_get_wcm_action_with_the_files_prefix_or_a_declaration() {
    let mut ed = editor(LF_SPACES);
    let interfaces = SettingAddr::top(0, 0, "Interfaces", 0);
    ed.apply(&Op::AddSetting {
        pass: 0,
        component: 0,
        parent: Some(interfaces.clone()),
        name: "Interface".into(),
    })
    .expect("list item");
    let (removed, added) = changed(LF_SPACES, ed.doc().text());
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added,
        [
            "        <u:Interface wcm:action=\"add\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"></u:Interface>\n"
        ]
    );
    // A second item is allowed; the new one is index 1 among same-named siblings.
    let second = interfaces.child("Interface", 1);
    assert!(second.resolve(ed.doc(), ed.answer()).is_some());
    // Into the new, empty container: expanded onto its own lines.
    ed.apply(&Op::AddSetting {
        pass: 0,
        component: 0,
        parent: Some(second.clone()),
        name: "Identifier".into(),
    })
    .expect("child");
    ed.apply(&Op::SetSetting(
        second.child("Identifier", 0),
        "Wi-Fi".into(),
    ))
    .expect("set");
    assert!(
        ed.doc().text().contains(
            "State\">\n          <u:Identifier>Wi-Fi</u:Identifier>\n        </u:Interface>\n      </u:Interfaces>"
        ),
        "{}",
        ed.doc().text()
    );
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().text(), LF_SPACES);

    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::RemoveSetting(SettingAddr::top(0, 0, "OOBE", 0)))
        .expect("remove");
    let (removed, added) = changed(CRLF_TABS, ed.doc().text());
    assert_eq!(removed.len(), 4);
    assert!(added.is_empty());
}

#[test]
fn keyed_list_items_get_the_next_key() {
    let src = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings pass=\"windowsPE\">\n    <component name=\"Microsoft-Windows-PnpCustomizationsWinPE\" processorArchitecture=\"amd64\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\n      <DriverPaths>\n        <PathAndCredentials wcm:action=\"add\" wcm:keyValue=\"4\"><Path>D:\\a</Path></PathAndCredentials>\n      </DriverPaths>\n    </component>\n  </settings>\n</unattend>\n";
    let mut ed = editor(src);
    let parent = SettingAddr {
        pass: 0,
        component: 0,
        path: vec![("DriverPaths".into(), 0)],
    };
    ed.apply(&Op::AddSetting {
        pass: 0,
        component: 0,
        parent: Some(parent),
        name: "PathAndCredentials".into(),
    })
    .expect("adds");
    let (removed, added) = changed(src, ed.doc().text());
    assert!(removed.is_empty());
    assert_eq!(
        added,
        vec![
            "        <PathAndCredentials wcm:action=\"add\" wcm:keyValue=\"5\"></PathAndCredentials>\n"
        ]
    );
}
