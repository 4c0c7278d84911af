use super::*;
use crate::answer::FieldKind as F;

const CRLF_TABS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\r\n\t<settings pass=\"specialize\">\r\n\t\t<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\r\n\t\t\t<RunSynchronous>\r\n\t\t\t\t<RunSynchronousCommand wcm:action=\"add\">\r\n\t\t\t\t\t<Order>1</Order>\r\n\t\t\t\t\t<Path>cmd /c echo one</Path>\r\n\t\t\t\t</RunSynchronousCommand>\r\n\t\t\t\t<RunSynchronousCommand wcm:action=\"add\">\r\n\t\t\t\t\t<Order>2</Order>\r\n\t\t\t\t\t<Path>cmd /c echo two</Path>\r\n\t\t\t\t\t<Description>second</Description>\r\n\t\t\t\t</RunSynchronousCommand>\r\n\t\t\t</RunSynchronous>\r\n\t\t</component>\r\n\t</settings>\r\n</unattend>\r\n";

fn editor(src: &str) -> Editor {
    Editor::new(Document::load(src.as_bytes()).expect("loads"))
}

fn first() -> CommandAddr {
    CommandAddr {
        pass: 0,
        component: 0,
        list: 0,
        command: 0,
    }
}

use crate::diff::changed_lines as line_diff;

#[test]
fn setting_a_path_changes_exactly_one_line() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::SetField(
        first(),
        F::Program,
        "cmd /c \"a & b > c\"".into(),
    ))
    .expect("applies");
    let (removed, added) = line_diff(CRLF_TABS, ed.doc().text());
    assert_eq!(removed, vec!["\t\t\t\t\t<Path>cmd /c echo one</Path>\r\n"]);
    assert_eq!(
        added,
        vec!["\t\t\t\t\t<Path>cmd /c \"a &amp; b &gt; c\"</Path>\r\n"]
    );
    assert_eq!(
        ed.answer()
            .command(first())
            .expect("cmd")
            .value(F::Program, ed.doc()),
        "cmd /c \"a & b > c\""
    );
    assert!(ed.is_modified());
    ed.undo().expect("undo");
    assert_eq!(ed.doc().text(), CRLF_TABS);
    assert!(!ed.is_modified());
}

#[test]
fn adding_a_command_inserts_only_its_lines() {
    let mut ed = editor(CRLF_TABS);
    let focus = ed
        .apply(&Op::AddCommand(ListAddr {
            pass: 0,
            component: 0,
            list: 0,
        }))
        .expect("applies");
    assert_eq!(
        focus,
        Focus::Command(CommandAddr {
            command: 2,
            ..first()
        })
    );
    let (removed, added) = line_diff(CRLF_TABS, ed.doc().text());
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added,
        vec![
            "\t\t\t\t<RunSynchronousCommand wcm:action=\"add\">\r\n",
            "\t\t\t\t\t<Order>3</Order>\r\n",
            "\t\t\t\t\t<Path></Path>\r\n",
            "\t\t\t\t</RunSynchronousCommand>\r\n",
        ]
    );
}

#[test]
fn new_field_and_credentials_use_the_files_layout() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::SetField(first(), F::Description, "first".into()))
        .expect("desc");
    ed.apply(&Op::SetField(first(), F::Username, "admin".into()))
        .expect("user");
    ed.apply(&Op::SetField(first(), F::Domain, "CORP".into()))
        .expect("domain");
    let (removed, added) = line_diff(CRLF_TABS, ed.doc().text());
    assert!(removed.is_empty());
    assert_eq!(
        added,
        vec![
            "\t\t\t\t\t<Description>first</Description>\r\n",
            "\t\t\t\t\t<Credentials>\r\n",
            "\t\t\t\t\t\t<Username>admin</Username>\r\n",
            "\t\t\t\t\t\t<Domain>CORP</Domain>\r\n",
            "\t\t\t\t\t</Credentials>\r\n",
        ]
    );
    ed.apply(&Op::ClearField(first(), F::Username))
        .expect("clear");
    ed.apply(&Op::ClearField(first(), F::Domain))
        .expect("clear");
    ed.apply(&Op::ClearField(first(), F::Description))
        .expect("clear");
    assert_eq!(ed.doc().text(), CRLF_TABS);
}

#[test]
fn delete_duplicate_move_renumber() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::DuplicateCommand(first())).expect("dup");
    let a = ed.answer();
    let list = &a.passes[0].components[0].lists[0];
    assert_eq!(list.commands.len(), 3);
    assert_eq!(list.commands[1].value(F::Order, ed.doc()), "3");
    assert_eq!(
        list.commands[1].value(F::Program, ed.doc()),
        "cmd /c echo one"
    );
    ed.apply(&Op::MoveUp(CommandAddr {
        command: 1,
        ..first()
    }))
    .expect("move");
    let orders: Vec<String> = ed.answer().passes[0].components[0].lists[0]
        .commands
        .iter()
        .map(|c| c.value(F::Order, ed.doc()).to_owned())
        .collect();
    assert_eq!(orders, vec!["1", "2", "3"]);
    assert!(ed.apply(&Op::MoveUp(first())).is_err());
    ed.apply(&Op::DeleteCommand(CommandAddr {
        command: 1,
        ..first()
    }))
    .expect("delete");
    ed.apply(&Op::Renumber(ListAddr {
        pass: 0,
        component: 0,
        list: 0,
    }))
    .expect("renumber");
    let orders: Vec<String> = ed.answer().passes[0].components[0].lists[0]
        .commands
        .iter()
        .map(|c| c.value(F::Order, ed.doc()).to_owned())
        .collect();
    assert_eq!(orders, vec!["1", "2"]);
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().text(), CRLF_TABS);
    while ed.redo().is_some() {}
    assert_eq!(
        ed.answer().passes[0].components[0].lists[0].commands.len(),
        2
    );
}

#[test]
fn adds_passes_components_and_lists_in_place() {
    let src = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings pass=\"specialize\">\n  </settings>\n</unattend>\n";
    let mut ed = editor(src);
    let f = ed.apply(&Op::AddPass(PassKind::OobeSystem)).expect("pass");
    assert_eq!(f, Focus::Pass(1));
    let f = ed.apply(&Op::AddPass(PassKind::WindowsPE)).expect("pass");
    assert_eq!(f, Focus::Pass(0));
    let names: Vec<&str> = ed.answer().passes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["windowsPE", "specialize", "oobeSystem"]);
    ed.apply(&Op::AddComponent {
        pass: 2,
        name: "Microsoft-Windows-Shell-Setup".into(),
        arch: "amd64".into(),
    })
    .expect("component");
    let f = ed
        .apply(&Op::AddList {
            pass: 2,
            component: 0,
            kind: ListKind::FirstLogon,
        })
        .expect("list");
    let Focus::Command(addr) = f else {
        panic!("focus {f:?}")
    };
    ed.apply(&Op::SetField(addr, F::Program, "cmd /c echo hi".into()))
        .expect("set");
    let text = ed.doc().text();
    assert!(text.contains("\n  <settings pass=\"oobeSystem\">\n    <component name=\"Microsoft-Windows-Shell-Setup\""), "{text}");
    assert!(text.contains("\n      <FirstLogonCommands>\n        <SynchronousCommand wcm:action=\"add\">\n          <Order>1</Order>"), "{text}");
    assert!(
        text.contains("\n          <CommandLine>cmd /c echo hi</CommandLine>\n"),
        "{text}"
    );
    assert!(text.starts_with("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings pass=\"windowsPE\">\n  </settings>\n  <settings pass=\"specialize\">"), "{text}");
    assert!(ed.apply(&Op::AddPass(PassKind::OobeSystem)).is_err());
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().text(), src);
}

#[test]
fn self_closing_elements_are_expanded() {
    let src = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"oobeSystem\"><component name=\"Microsoft-Windows-Shell-Setup\"><FirstLogonCommands><SynchronousCommand><Order>1</Order><CommandLine/></SynchronousCommand></FirstLogonCommands></component></settings></unattend>";
    let mut ed = editor(src);
    ed.apply(&Op::SetField(first(), F::Program, "x.exe".into()))
        .expect("set");
    assert!(ed.doc().text().contains("<CommandLine>x.exe</CommandLine>"));
    assert!(
        ed.apply(&Op::SetField(first(), F::WillReboot, "Never".into()))
            .is_err()
    );
}

/// A field edited in place reads its new value from the document, and the change remembers
/// the value before (rebuilt from the undo edits, references decoded), both ways.
#[test]
fn in_place_edit_keeps_the_value_before() {
    let mut ed = editor(CRLF_TABS);
    ed.apply(&Op::SetField(first(), F::Program, "a & b".into()))
        .expect("applies");
    let old = |ed: &Editor| {
        let (_, _, c) = ed.field_change().expect("an in-place field change");
        c.fields
            .iter()
            .map(|f| f.2.as_deref().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(old(&ed), ["cmd /c echo one"]);
    let value = |ed: &Editor| {
        let cmd = ed.answer().command(first()).expect("cmd");
        cmd.value(F::Program, ed.doc()).to_owned()
    };
    assert_eq!(value(&ed), "a & b");
    ed.apply(&Op::SetField(first(), F::Program, "c".into()))
        .expect("applies");
    assert_eq!(old(&ed), ["a & b"]);
    assert_eq!(value(&ed), "c");
    ed.undo().expect("undo");
    assert_eq!(old(&ed), ["c"]);
    assert_eq!(value(&ed), "a & b");
}
