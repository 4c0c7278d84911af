use super::*;
use crate::tui::action::{Mode, Pane};
use crate::tui::tree::NodeRef;

// Tree rows of the demo: 0 specialize, 1 Deployment, 2 RunSynchronous,
// 3..=5 its commands, 6 oobeSystem, 7 Shell-Setup, 8 FirstLogonCommands,
// 9..=10 its commands, 11 TimeZone = UTC, 12 RegisteredOwner = Lab.
// Passes in the file: 0 oobeSystem, 1 specialize.

#[test]
fn edit_a_description_and_save_changes_exactly_that_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unattend.xml");
    std::fs::write(&path, DEMO).expect("write");
    let mut app = App::open(path.clone(), false).expect("opens");
    drive(
        &mut app,
        "<down><down><down><enter><down><down><enter> now<enter>",
    );
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        value(&app, addr(1, 0, 0), FieldKind::Description).as_deref(),
        Some("Mark the machine now")
    );
    assert!(app.is_modified());
    drive(&mut app, "<c-s>");
    assert!(!app.is_modified(), "{:?}", app.status);
    let saved = std::fs::read_to_string(&path).expect("read");
    let old = String::from_utf8(DEMO.to_vec()).expect("utf8");
    let diff: Vec<(&str, &str)> = old
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), saved.lines().count());
    assert_eq!(
        diff,
        vec![(
            "          <Description>Mark the machine</Description>",
            "          <Description>Mark the machine now</Description>"
        )]
    );
    assert!(dir.path().join("unattend.xml~").exists(), "backup kept");
}

#[test]
fn add_command_lands_in_path() {
    let mut app = demo(false);
    drive(&mut app, "<down><down>a");
    assert_eq!(app.mode(), Mode::EditField);
    assert_eq!(app.selected_field(), Some(FieldKind::Program));
    drive(&mut app, "cmd /c ver<enter>");
    assert_eq!(count(&app, 1, 0, 0), 4);
    assert_eq!(
        value(&app, addr(1, 0, 3), FieldKind::Program).as_deref(),
        Some("cmd /c ver")
    );
    assert_eq!(
        value(&app, addr(1, 0, 3), FieldKind::Order).as_deref(),
        Some("4")
    );
    // One undo removes the typed path, the next the command.
    drive(&mut app, "<esc>u");
    assert_eq!(
        value(&app, addr(1, 0, 3), FieldKind::Program).as_deref(),
        Some("")
    );
    drive(&mut app, "u");
    assert_eq!(count(&app, 1, 0, 0), 3);
}

#[test]
fn delete_asks_first() {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down>d");
    assert_eq!(app.mode(), Mode::Confirm);
    drive(&mut app, "n");
    assert_eq!(count(&app, 1, 0, 0), 3);
    drive(&mut app, "dy");
    assert_eq!(count(&app, 1, 0, 0), 2);
    assert_eq!(
        value(&app, addr(1, 0, 0), FieldKind::Description).as_deref(),
        Some("Run a tool from the share")
    );
}

#[test]
fn duplicate_undo_redo() {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down>y");
    assert_eq!(count(&app, 1, 0, 0), 4);
    drive(&mut app, "u");
    assert_eq!(count(&app, 1, 0, 0), 3);
    assert!(!app.is_modified());
    drive(&mut app, "<c-r>");
    assert_eq!(count(&app, 1, 0, 0), 4);
    assert!(app.is_modified());
}

#[test]
fn move_up_swaps_order_and_selection_follows() {
    let mut app = demo(false);
    drive(&mut app, "GkkK");
    assert_eq!(
        value(&app, addr(0, 0, 1), FieldKind::Order).as_deref(),
        Some("1")
    );
    assert_eq!(
        value(&app, addr(0, 0, 0), FieldKind::Order).as_deref(),
        Some("2")
    );
    assert_eq!(app.selected_node(), Some(NodeRef::Command(addr(0, 0, 1))));
    assert_eq!(app.selected, 9, "Finish setup now runs first");
    drive(&mut app, "J");
    assert_eq!(
        value(&app, addr(0, 0, 1), FieldKind::Order).as_deref(),
        Some("2")
    );
}

#[test]
fn renumber_the_list() {
    let mut app = demo(false);
    drive(&mut app, "<down><down>r");
    let orders: Vec<String> = (0..3)
        .filter_map(|i| value(&app, addr(1, 0, i), FieldKind::Order))
        .collect();
    assert_eq!(orders, ["1", "2", "3"]);
}

#[test]
fn choosers_cycle_and_password_is_masked() {
    let mut app = demo(false);
    // The UNC command: WillReboot Never → (absent) → Always.
    drive(
        &mut app,
        "<down><down><down><down><enter><down><down><down>",
    );
    assert_eq!(app.selected_field(), Some(FieldKind::WillReboot));
    drive(&mut app, "<right>");
    assert_eq!(value(&app, addr(1, 0, 1), FieldKind::WillReboot), None);
    drive(&mut app, "<space>");
    assert_eq!(
        value(&app, addr(1, 0, 1), FieldKind::WillReboot).as_deref(),
        Some("Always")
    );
    // The credentials command's password field edits masked.
    drive(&mut app, "<esc><down><enter>GG<enter>");
    assert_eq!(app.selected_field(), Some(FieldKind::Password));
    let edit = app.edit.as_ref().expect("editing");
    assert_eq!(edit.area.mask_char(), Some('•'));
    drive(&mut app, "<c-v>");
    assert_eq!(app.edit.as_ref().and_then(|e| e.area.mask_char()), None);
}

#[test]
fn live_check_while_typing_then_one_undo_step() {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down><enter><enter><bs>x");
    let edit = app.edit.as_ref().expect("editing Order");
    assert!(
        edit.live.iter().any(|d| d.code == "U031"),
        "{:?}",
        edit.live
    );
    // Nothing reached the document yet.
    assert!(!app.is_modified());
    drive(&mut app, "<bs>7<tab>");
    assert_eq!(app.selected_field(), Some(FieldKind::Program));
    assert_eq!(app.mode(), Mode::EditField);
    assert_eq!(
        value(&app, addr(1, 0, 0), FieldKind::Order).as_deref(),
        Some("7")
    );
    drive(&mut app, "<esc>u");
    assert_eq!(
        value(&app, addr(1, 0, 0), FieldKind::Order).as_deref(),
        Some("1")
    );
    assert!(!app.is_modified());
}

#[test]
fn read_only_refuses_every_edit() {
    let mut app = demo(true);
    for k in [
        "<down><down>a",
        "<down>d",
        "y",
        "K",
        "r",
        "A",
        "<enter><down><enter>",
        "<c-s>",
        "u",
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
    assert_eq!(count(&app, 1, 0, 0), 3);
}

const BROKEN: &str = "<unattend>\n  <a>x & y</a>\n</unattend>\n";

#[test]
fn repair_view_until_it_parses() {
    let mut app = App::from_bytes(Some("b.xml".into()), BROKEN.as_bytes(), false).expect("opens");
    assert_eq!(app.mode(), Mode::Repair);
    let crate::tui::app::Body::Repair(r) = &app.body else {
        panic!("repair")
    };
    assert_eq!(r.area.cursor(), (1, 7), "cursor on the error");
    assert!(app.editor().is_none(), "never half-loaded");
    drive(&mut app, "<right>am");
    assert_eq!(app.mode(), Mode::Repair);
    drive(&mut app, "p;");
    assert_eq!(app.mode(), Mode::Normal);
    let ed = app.editor().expect("tree view");
    assert_eq!(
        ed.doc().text(),
        "<unattend>\n  <a>x &amp; y</a>\n</unattend>\n"
    );
    assert!(app.is_modified());
}

#[test]
fn saving_from_the_repair_view_writes_the_edited_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.xml");
    let crlf = BROKEN.replace('\n', "\r\n");
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend_from_slice(crlf.as_bytes());
    std::fs::write(&path, &bytes).expect("write");
    let mut app = App::open(path.clone(), false).expect("opens");
    drive(&mut app, "<end>!<c-s>");
    assert_eq!(app.mode(), Mode::Repair);
    assert!(!app.is_modified(), "{:?}", app.status);
    let want = crlf.replace("y</a>", "y</a>!");
    let mut expect = vec![0xef, 0xbb, 0xbf];
    expect.extend_from_slice(want.as_bytes());
    assert_eq!(std::fs::read(&path).expect("read"), expect);
}

#[test]
fn quit_with_unsaved_changes_asks() {
    let mut app = demo(false);
    drive(&mut app, "q");
    assert!(app.should_quit, "nothing to save: quits at once");
    let mut app = demo(false);
    drive(&mut app, "<down><down><down>y");
    drive(&mut app, "q");
    assert_eq!(app.mode(), Mode::QuitAsk);
    drive(&mut app, "c");
    assert!(!app.should_quit);
    assert_eq!(app.mode(), Mode::Normal);
    drive(&mut app, "qd");
    assert!(app.should_quit);
}

#[test]
fn quit_and_save_an_untitled_file_prompts_for_a_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = App::untitled(false);
    drive(&mut app, "A<enter>");
    assert!(app.is_modified());
    drive(&mut app, "qs");
    assert_eq!(app.mode(), Mode::Prompt);
    let target = dir.path().join("new.xml");
    let mut spec = String::from("<c-a><c-k>");
    spec.push_str(&target.display().to_string());
    spec.push_str("<enter>");
    drive(&mut app, &spec);
    assert!(app.should_quit, "{:?}", app.status);
    let saved = std::fs::read(&target).expect("saved");
    assert!(crate::document::Document::load(&saved).is_ok());
}

#[test]
fn search_and_next_match() {
    let mut app = demo(false);
    drive(&mut app, "/share<enter>");
    assert_eq!(app.selected_command(), Some(addr(1, 0, 1)));
    drive(&mut app, "/o<c-a><c-k>e<enter>");
    let first = app.selected_command();
    drive(&mut app, "n");
    assert_ne!(app.selected_command(), first);
    drive(&mut app, "N");
    assert_eq!(app.selected_command(), first);
}

/// A new search starts from the last query selected: typing replaces it, Enter repeats it.
#[test]
fn search_prompt_offers_the_last_query_selected() {
    let mut app = demo(false);
    drive(&mut app, "/share<enter>");
    drive(&mut app, "/e<enter>");
    assert_eq!(app.search.as_deref(), Some("e"));
    drive(&mut app, "/<enter>");
    assert_eq!(app.search.as_deref(), Some("e"));
    drive(&mut app, "/<right>x<enter>");
    assert_eq!(app.search.as_deref(), Some("ex"));
}

#[test]
fn problems_enter_jumps_to_item_and_field() {
    let mut app = demo(false);
    drive(&mut app, "<tab><tab>");
    assert_eq!(app.focus, Pane::Problems);
    drive(&mut app, "<enter>");
    assert_eq!(app.focus, Pane::Form);
    assert!(app.selected_command().is_some());
    let d = &app.diags[0];
    assert_eq!(app.selected_field(), d.target.field);
}

#[test]
fn pickers_offer_only_valid_additions() {
    let mut app = demo(false);
    // On specialize: components valid there (Deployment, without the amd64 one present).
    drive(&mut app, "A");
    let Some(crate::tui::app::Modal::Picker { items, .. }) = &app.modal else {
        panic!("picker")
    };
    let labels: Vec<&str> = items.iter().map(|(l, _)| l.as_str()).collect();
    assert!(
        labels.contains(&"Microsoft-Windows-Deployment [x86]"),
        "{labels:?}"
    );
    assert!(!labels.iter().any(|l| l.contains("[amd64]")), "{labels:?}");
    drive(&mut app, "<esc><down>A");
    let Some(crate::tui::app::Modal::Picker { items, .. }) = &app.modal else {
        panic!("picker")
    };
    let labels: Vec<&str> = items
        .iter()
        .filter(|(_, p)| matches!(p, crate::tui::app::Pick::List { .. }))
        .map(|(l, _)| l.as_str())
        .collect();
    assert_eq!(labels, ["RunAsynchronous"]);
    drive(&mut app, "<enter>");
    let ed = app.editor().expect("tree");
    assert_eq!(ed.answer().passes[1].components[0].lists.len(), 2);
    drive(&mut app, "g<down><down><down><down><down><down>A");
    let Some(crate::tui::app::Modal::Picker { items, .. }) = &app.modal else {
        panic!("picker")
    };
    assert!(items.iter().all(|(l, _)| !l.starts_with("specialize")));
}

#[test]
fn raw_xml_of_a_command() {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down>x");
    let Some(crate::tui::app::Modal::Raw { lines, .. }) = &app.modal else {
        panic!("raw")
    };
    assert_eq!(
        lines[0].trim(),
        "<RunSynchronousCommand wcm:action=\"add\">"
    );
    assert!(lines.iter().any(|l| l.contains("Mark the machine")));
    drive(&mut app, "<esc>");
    assert_eq!(app.mode(), Mode::Normal);
}

#[test]
fn collapse_and_expand() {
    let mut app = demo(false);
    let before = app.rows.len();
    drive(&mut app, "h");
    assert_eq!(app.rows.len(), before - 5);
    drive(&mut app, "l");
    assert_eq!(app.rows.len(), before);
    drive(&mut app, "<down><down><down>h");
    assert_eq!(app.selected, 2, "left on a leaf goes to its parent");
}

#[test]
fn repair_keeps_mixed_line_endings_and_refuses_lossy_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Mixed endings, and a bare & on the CRLF line.
    let path = dir.path().join("mixed.xml");
    std::fs::write(&path, "<unattend>\r\n  <a>x & y</a>\n</unattend>\r\n").expect("write");
    let mut app = App::open(path.clone(), false).expect("opens");
    assert_eq!(app.mode(), Mode::Repair);
    drive(&mut app, "<right>amp;<c-s>");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        b"<unattend>\r\n  <a>x &amp; y</a>\n</unattend>\r\n"
    );

    // Not UTF-8: shown with replacement characters, never saved over the original.
    let bad = dir.path().join("latin1.xml");
    let original = b"<unattend>\n  <a>caf\xe9 & x</a>\n</unattend>\n".to_vec();
    std::fs::write(&bad, &original).expect("write");
    let mut app = App::open(bad.clone(), false).expect("opens");
    assert_eq!(app.mode(), Mode::Repair);
    drive(&mut app, "<end>!<c-s>");
    assert_eq!(std::fs::read(&bad).expect("read"), original);
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("not valid UTF-8"),
        "{:?}",
        app.status
    );
}

#[test]
fn raw_view_masks_passwords() {
    let src = String::from_utf8(DEMO.to_vec()).expect("utf-8");
    assert!(
        src.contains("<Password>"),
        "the demo fixture has a command password"
    );
    let mut app = App::from_bytes(None, DEMO, true).expect("opens");
    // Select every row in turn and look at its raw XML.
    let mut masked_seen = false;
    for _ in 0..app.rows.len() {
        drive(&mut app, "x");
        if let Some(crate::tui::app::Modal::Raw { lines, .. }) = &app.modal {
            let all = lines.join("\n");
            assert!(!all.contains("<Password>secret"), "{all}");
            masked_seen |= all.contains(&format!("<Password>{}</Password>", crate::secrets::MASK));
        }
        drive(&mut app, "<esc><down>");
    }
    assert!(masked_seen, "no raw view showed the masked password");
}

/// After field edits (in place, no rebuild of the rows) the tree, its marks
/// and the problems are what a fresh open of the same text shows.
#[test]
fn in_place_edits_keep_rows_marks_and_problems_exact() {
    // A setting with a problem, so that a setting row carries a mark.
    let text = String::from_utf8(DEMO.to_vec())
        .expect("utf8")
        .replace("TimeZone>", "TimeZon>");
    let mut app = App::from_bytes(None, text.as_bytes(), false).expect("opens");
    assert!(
        app.worst.keys().any(|n| matches!(n, NodeRef::Setting(..))),
        "{:?}",
        app.diags
    );
    // Order 1 of RunSynchronous becomes 9 (it moves to the end), its Path gets
    // a shell operator, then the first one is undone.
    drive(
        &mut app,
        "<down><down><down><enter><enter><bs>9<enter><down><enter> && echo x<enter><esc>",
    );
    let check = |app: &App| {
        let text = app.editor().expect("tree").doc().text().to_owned();
        let fresh = App::from_bytes(None, text.as_bytes(), false).expect("opens");
        assert_eq!(app.rows, fresh.rows);
        assert_eq!(app.diags, fresh.diags);
        assert_eq!(app.worst, fresh.worst);
    };
    assert!(
        app.diags.iter().any(|d| d.code == "U080"),
        "{:?}",
        app.diags
    );
    check(&app);
    drive(&mut app, "u");
    check(&app);
    drive(&mut app, "u");
    check(&app);
}

/// After commands are added, duplicated, deleted and renumbered (and
/// those undone and redone), the rows are what a fresh open of the same text
/// shows: only the changed list's rows are built again, and the selection
/// stays on the row the keys left it on.
#[test]
fn structural_edits_keep_rows_exact() {
    let mut app = demo(false);
    let check = |app: &App, step: &str| {
        let text = app.editor().expect("tree").doc().text().to_owned();
        let fresh = App::from_bytes(None, text.as_bytes(), false).expect("opens");
        assert_eq!(app.rows, fresh.rows, "after {step}");
        assert_eq!(app.diags, fresh.diags, "after {step}");
        assert_eq!(app.worst, fresh.worst, "after {step}");
        assert!(app.selected < app.rows.len(), "after {step}");
    };
    let cmd = |p, i| NodeRef::Command(addr(p, 0, i));
    let list = |p| NodeRef::List(crate::ops::ListAddr::from(addr(p, 0, 0)));
    // Each step with the row it leaves selected (see the demo's rows above).
    let steps = [
        // Duplicate the first command to run in RunSynchronous (the copy runs last).
        ("<down><down><down>y", cmd(1, 1)),
        ("u", cmd(1, 1)),
        ("<c-r>", cmd(1, 1)),
        // Delete it, then the next one.
        ("dy", list(1)),
        ("<down>dy", list(1)),
        // Add one to FirstLogonCommands and leave its form.
        ("G<up>a<esc><esc>", cmd(0, 2)),
        // Undo it (the selection stays on its row, now TimeZone), then the
        // second deletion.
        ("u", NodeRef::Setting(0, 0, 0)),
        ("u", NodeRef::Setting(0, 0, 0)),
        // Renumber RunSynchronous, then undo that.
        ("gg<down><down>r", list(1)),
        ("u", list(1)),
    ];
    for (keys, want) in steps {
        drive(&mut app, keys);
        check(&app, keys);
        assert_eq!(app.selected_node(), Some(want), "after {keys}");
    }
}
