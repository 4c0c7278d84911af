//! One fixture per rule that makes it fire, and one that must not.

use super::*;
use crate::document::Document;
use crate::ops::Editor;

const WCM: &str = "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"";

fn comp(name: &str, body: &str) -> String {
    format!(
        "<component name=\"{name}\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" {WCM}>\n{body}\n</component>"
    )
}

fn file(passes: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n{passes}\n</unattend>\n"
    )
}

fn pass(name: &str, components: &str) -> String {
    format!("<settings pass=\"{name}\">\n{components}\n</settings>")
}

/// A specialize Deployment RunSynchronous list with these items.
fn deploy_sync(items: &str) -> String {
    file(&pass(
        "specialize",
        &comp(
            "Microsoft-Windows-Deployment",
            &format!("<RunSynchronous>\n{items}\n</RunSynchronous>"),
        ),
    ))
}

fn item(order: &str, path: &str) -> String {
    format!(
        "<RunSynchronousCommand wcm:action=\"add\"><Order>{order}</Order><Path>{path}</Path></RunSynchronousCommand>"
    )
}

fn first_logon(items: &str) -> String {
    file(&pass(
        "oobeSystem",
        &comp(
            "Microsoft-Windows-Shell-Setup",
            &format!("<FirstLogonCommands>\n{items}\n</FirstLogonCommands>"),
        ),
    ))
}

fn diags(src: &str) -> Vec<Diagnostic> {
    diags_bytes(src.as_bytes())
}

fn diags_bytes(bytes: &[u8]) -> Vec<Diagnostic> {
    match Document::load(bytes) {
        Ok(doc) => {
            let answer = Answer::build(&doc);
            check(&doc, &answer)
        }
        Err(e) => vec![load_diagnostic(&e)],
    }
}

fn codes(src: &str) -> Vec<&'static str> {
    diags(src).iter().map(|d| d.code).collect()
}

fn fires(code: &str, src: &str) {
    let c = codes(src);
    assert!(
        c.contains(&code),
        "{code} should fire, got {c:?} for\n{src}"
    );
}

fn silent(code: &str, src: &str) {
    let d = diags(src);
    assert!(
        !d.iter().any(|d| d.code == code),
        "{code} should not fire, got {d:#?} for\n{src}"
    );
}

#[test]
fn clean_file_has_no_problems() {
    let src = deploy_sync(&item("1", "cmd.exe /c echo hi"));
    assert_eq!(diags(&src), Vec::new());
}

#[test]
fn u001_u002_load_errors() {
    fires("U001", "<unattend><settings></unattend>");
    let d = diags("<unattend>\n  <a>x & y</a>\n</unattend>");
    assert_eq!((d[0].at.line, d[0].at.column), (2, 8));
    fires(
        "U002",
        "<!DOCTYPE u [<!ENTITY a \"aaaa\">]><unattend>&a;</unattend>",
    );
    silent("U001", &deploy_sync(&item("1", "x.exe")));
}

#[test]
fn u003_encoding() {
    let src = deploy_sync(&item("1", "x.exe"));
    let bom = crate::text::encode(&src, crate::text::Encoding::Utf8Bom);
    assert!(diags_bytes(&bom).iter().any(|d| d.code == "U003"));
    let utf16 = crate::text::encode(
        &src.replace("utf-8", "utf-16"),
        crate::text::Encoding::Utf16Le,
    );
    assert!(diags_bytes(&utf16).iter().any(|d| d.code == "U003"));
    fires("U003", &src.replace("utf-8", "utf-16"));
    silent("U003", &src);
}

#[test]
fn u004_late_declaration_and_its_fix() {
    let src = format!(
        "<!-- made by a generator -->\n{}",
        deploy_sync(&item("1", "x.exe"))
    );
    fires("U004", &src);
    silent("U004", &deploy_sync(&item("1", "x.exe")));
    let mut ed = Editor::new(Document::load(src.as_bytes()).expect("loads"));
    let plan = fix_all(&mut ed, false);
    assert_eq!(plan.applied.len(), 1);
    assert!(ed.doc().text().starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- made by a generator -->\n<unattend"
    ));
}

#[test]
fn u010_root() {
    fires(
        "U010",
        "<unattend><settings pass=\"specialize\"/></unattend>",
    );
    fires(
        "U010",
        "<answers xmlns=\"urn:schemas-microsoft-com:unattend\"/>",
    );
    silent("U010", &file(""));
}

#[test]
fn u011_u012_passes() {
    let d = diags(&file(&pass("specialise", "")));
    assert!(
        d.iter()
            .any(|d| d.code == "U011" && d.message.contains("did you mean \"specialize\"")),
        "{d:?}"
    );
    fires("U011", &file(&pass("oobeUser", "")));
    fires(
        "U012",
        &file(&format!(
            "{}{}",
            pass("specialize", ""),
            pass("specialize", "")
        )),
    );
    silent(
        "U012",
        &file(&format!(
            "{}{}",
            pass("specialize", ""),
            pass("oobeSystem", "")
        )),
    );
}

#[test]
fn u013_u014_components() {
    let bad = file(&pass(
        "specialize",
        "<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd46\" publicKeyToken=\"31bf3856ad364e3\" language=\"neutral\" versionScope=\"SxS\"/>",
    ));
    assert_eq!(diags(&bad).iter().filter(|d| d.code == "U013").count(), 3);
    let twice = file(&pass(
        "specialize",
        &format!(
            "{}{}",
            comp("Microsoft-Windows-Deployment", ""),
            comp("microsoft-windows-deployment", "")
        ),
    ));
    fires("U014", &twice);
    let archs = file(&pass(
        "specialize",
        &format!(
            "{}{}",
            comp("Microsoft-Windows-Deployment", ""),
            comp("Microsoft-Windows-Deployment", "").replace("amd64", "x86")
        ),
    ));
    silent("U014", &archs);
    silent("U013", &archs);
}

#[test]
fn u015_u016_misplaced_and_cached() {
    fires("U015", &file(&comp("Microsoft-Windows-Shell-Setup", "")));
    fires("U015", &file("<Extensions/>"));
    silent(
        "U015",
        &file(
            "<cpi:offlineImage cpi:source=\"wim:c:/x.wim#W\" xmlns:cpi=\"urn:schemas-microsoft-com:cpi\"/>",
        ),
    );
    fires(
        "U016",
        &file("<settings pass=\"specialize\" wasPassProcessed=\"true\"/>"),
    );
    fires("U016", &deploy_sync(&item("1", "*SENSITIVE*DATA*DELETED*")));
    silent("U016", &deploy_sync(&item("1", "x.exe")));
}

#[test]
fn u020_u021_list_placement() {
    let wrong_pass = file(&pass(
        "windowsPE",
        &comp(
            "Microsoft-Windows-Deployment",
            &format!("<RunSynchronous>{}</RunSynchronous>", item("1", "x.exe")),
        ),
    ));
    fires("U020", &wrong_pass);
    let wrong_comp = file(&pass(
        "oobeSystem",
        &comp("Microsoft-Windows-Deployment", "<FirstLogonCommands/>"),
    ));
    fires("U021", &wrong_comp);
    silent("U020", &wrong_comp);
    let wrong_item = deploy_sync(
        "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path></SynchronousCommand>",
    );
    let d = diags(&wrong_item);
    assert!(
        d.iter()
            .any(|d| d.code == "U021" && d.message.contains("FirstLogonCommands")),
        "{d:?}"
    );
    silent("U021", &deploy_sync(&item("1", "x.exe")));
}

#[test]
fn u022_action_and_fix() {
    let src = deploy_sync(
        "<RunSynchronousCommand><Order>1</Order><Path>x.exe</Path></RunSynchronousCommand>",
    );
    fires("U022", &src);
    let mut ed = Editor::new(Document::load(src.as_bytes()).expect("loads"));
    fix_all(&mut ed, false);
    assert!(
        ed.doc()
            .text()
            .contains("<RunSynchronousCommand wcm:action=\"add\"><Order>")
    );
    let undeclared = file(&pass(
        "specialize",
        "<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\"><RunSynchronous><RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path></RunSynchronousCommand></RunSynchronous></component>",
    ));
    let d = diags(&undeclared);
    assert!(
        d.iter()
            .any(|d| d.code == "U022" && d.severity == Severity::Error),
        "{d:?}"
    );
    silent("U022", &deploy_sync(&item("1", "x.exe")));
}

#[test]
fn u023_unknown_children() {
    let d = diags(&deploy_sync(
        "<RunSynchronousCommand wcm:action=\"add\"><Ordre>1</Ordre><Order>1</Order><Path>x</Path></RunSynchronousCommand>",
    ));
    assert!(
        d.iter()
            .any(|d| d.code == "U023" && d.message.contains("did you mean <Order>")),
        "{d:?}"
    );
    let spelled = deploy_sync(
        "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>\\\\s\\x.exe</Path><Credentials><Domain>D</Domain><UserName>u</UserName><Password>p</Password></Credentials></RunSynchronousCommand>",
    );
    fires("U023", &spelled);
    fires(
        "U023",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path></SynchronousCommand>",
        ),
    );
    silent("U023", &deploy_sync(&item("1", "x.exe")));
}

#[test]
fn u030_to_u033_order() {
    fires(
        "U030",
        &deploy_sync(
            "<RunSynchronousCommand wcm:action=\"add\"><Path>x</Path></RunSynchronousCommand>",
        ),
    );
    fires("U031", &deploy_sync(&item("0", "x")));
    fires("U031", &deploy_sync(&item("501", "x")));
    fires("U031", &deploy_sync(&item("one", "x")));
    silent("U031", &deploy_sync(&item("500", "x")));
    let dup = deploy_sync(&format!(
        "{}\n{}\n{}",
        item("1", "a"),
        item("2", "b"),
        item("1", "c")
    ));
    fires("U032", &dup);
    silent(
        "U032",
        &deploy_sync(&format!("{}\n{}", item("1", "a"), item("3", "b"))),
    );
    let many: String = (1..=501)
        .map(|i| item(&i.to_string(), "x"))
        .collect::<Vec<_>>()
        .join("\n");
    fires("U033", &deploy_sync(&many));
    silent("U033", &deploy_sync(&item("1", "x")));
}

#[test]
fn u032_fix_changes_only_order_lines() {
    let src = deploy_sync(&format!(
        "{}\n{}\n{}",
        item("1", "a"),
        item("2", "b"),
        item("1", "c")
    ))
    .replace("><Path>", ">\n<Path>");
    let mut ed = Editor::new(Document::load(src.as_bytes()).expect("loads"));
    fix_all(&mut ed, false);
    let (removed, added): (Vec<_>, Vec<_>) = crate::diff::lines(&src, ed.doc().text())
        .into_iter()
        .filter_map(|l| match l {
            crate::diff::Line::Removed(s) => Some((true, s)),
            crate::diff::Line::Added(s) => Some((false, s)),
            _ => None,
        })
        .partition(|(r, _)| *r);
    assert!(
        removed
            .iter()
            .chain(&added)
            .all(|(_, l)| l.contains("<Order>")),
        "{removed:?} {added:?}"
    );
    let orders: Vec<_> = Answer::build(ed.doc()).passes[0].components[0].lists[0]
        .commands
        .iter()
        .map(|c| {
            c.value(crate::answer::FieldKind::Order, ed.doc())
                .to_owned()
        })
        .collect();
    assert_eq!(orders, vec!["1", "3", "2"]);
}

#[test]
fn u040_to_u045_program() {
    fires(
        "U040",
        &deploy_sync(
            "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order></RunSynchronousCommand>",
        ),
    );
    fires("U040", &deploy_sync(&item("1", "  ")));
    let long = "x".repeat(260);
    fires("U041", &deploy_sync(&item("1", &long)));
    silent("U041", &deploy_sync(&item("1", &"x".repeat(259))));
    let d = diags(&file(&pass(
        "windowsPE",
        &comp(
            "Microsoft-Windows-Setup",
            &format!(
                "<RunSynchronous>{}</RunSynchronous>",
                item("1", &"x".repeat(256))
            ),
        ),
    )));
    assert!(
        d.iter()
            .any(|d| d.code == "U041" && d.severity == Severity::Warning),
        "{d:?}"
    );
    fires(
        "U042",
        &deploy_sync(&item("1", "\\\\server\\share\\setup.exe /q")),
    );
    silent("U042", &deploy_sync(&item("1", "C:\\setup.exe /q")));
    fires("U043", &deploy_sync(&item("1", "shutdown /r /t 0")));
    fires(
        "U043",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>shutdown -r</CommandLine></SynchronousCommand><SynchronousCommand wcm:action=\"add\"><Order>2</Order><CommandLine>x.exe</CommandLine></SynchronousCommand>",
        ),
    );
    silent(
        "U043",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>shutdown -r</CommandLine></SynchronousCommand>",
        ),
    );
    silent("U043", &deploy_sync(&item("1", "cmd /c echo shutdown")));
    fires(
        "U044",
        &deploy_sync(&item("1", "C:\\Program Files\\App\\setup.exe /q")),
    );
    silent(
        "U044",
        &deploy_sync(&item("1", "\"C:\\Program Files\\App\\setup.exe\" /q")),
    );
    silent("U044", &deploy_sync(&item("1", "cmd /c copy a.exe b")));
    fires("U045", &deploy_sync(&item("1", "\n  x.exe /q\n")));
    silent("U045", &deploy_sync(&item("1", "x.exe /q")));
}

#[test]
fn u045_fix_trims() {
    let src = deploy_sync(&item("1", " x.exe /q "));
    let mut ed = Editor::new(Document::load(src.as_bytes()).expect("loads"));
    fix_all(&mut ed, false);
    assert!(ed.doc().text().contains("<Path>x.exe /q</Path>"));
}

#[test]
fn u050_to_u052_description_and_flags() {
    let long = "d".repeat(257);
    fires(
        "U050",
        &first_logon(&format!(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>x</CommandLine><Description>{long}</Description></SynchronousCommand>"
        )),
    );
    silent(
        "U050",
        &deploy_sync(&format!(
            "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path><Description>{}</Description></RunSynchronousCommand>",
            "d".repeat(259)
        )),
    );
    fires(
        "U051",
        &deploy_sync(
            "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path><WillReboot>always</WillReboot></RunSynchronousCommand>",
        ),
    );
    fires(
        "U051",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>x</CommandLine><WillReboot>Never</WillReboot></SynchronousCommand>",
        ),
    );
    silent(
        "U051",
        &deploy_sync(
            "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path><WillReboot>OnRequest</WillReboot></RunSynchronousCommand>",
        ),
    );
    fires(
        "U052",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>x</CommandLine><RequiresUserInput>yes</RequiresUserInput></SynchronousCommand>",
        ),
    );
    let logon = file(&pass(
        "oobeSystem",
        &comp(
            "Microsoft-Windows-Shell-Setup",
            "<LogonCommands><AsynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>x</CommandLine><RequiresUserInput>false</RequiresUserInput></AsynchronousCommand></LogonCommands>",
        ),
    ));
    let d = diags(&logon);
    assert!(
        d.iter()
            .any(|d| d.code == "U052" && d.severity == Severity::Info),
        "{d:?}"
    );
    silent(
        "U052",
        &first_logon(
            "<SynchronousCommand wcm:action=\"add\"><Order>1</Order><CommandLine>x</CommandLine><RequiresUserInput>false</RequiresUserInput></SynchronousCommand>",
        ),
    );
}

#[test]
fn u060_u061_credentials_and_secrets() {
    let partial = deploy_sync(
        "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path><Credentials><Domain>D</Domain><Username></Username></Credentials></RunSynchronousCommand>",
    );
    assert_eq!(
        diags(&partial).iter().filter(|d| d.code == "U060").count(),
        2
    );
    let full = deploy_sync(
        "<RunSynchronousCommand wcm:action=\"add\"><Order>1</Order><Path>x</Path><Credentials><Domain>D</Domain><Username>u</Username><Password>p</Password></Credentials></RunSynchronousCommand>",
    );
    silent("U060", &full);
    fires("U061", &full);
    let account = file(&pass(
        "oobeSystem",
        &comp(
            "Microsoft-Windows-Shell-Setup",
            "<UserAccounts><AdministratorPassword><Value>pw</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>",
        ),
    ));
    fires("U061", &account);
    let hidden = account.replace(
        "<Value>pw</Value><PlainText>true</PlainText>",
        "<Value>x</Value><PlainText>false</PlainText>",
    );
    silent("U061", &hidden);
}

#[test]
fn u061_fix_encodes_like_windows_sim() {
    // Microsoft's Hide Sensitive Data example: "Password12346" in a LocalAccount Password.
    assert_eq!(
        super::commands::encode_password("Password12346", "Password"),
        "UABhAHMAcwB3AG8AcgBkADEAMgAzADQANgBQAGEAcwBzAHcAbwByAGQA"
    );
    let src = file(&pass(
        "oobeSystem",
        &comp(
            "Microsoft-Windows-Shell-Setup",
            "<AutoLogon><Password><Value>pw</Value></Password></AutoLogon>",
        ),
    ));
    let mut ed = Editor::new(Document::load(src.as_bytes()).expect("loads"));
    fix_all(&mut ed, false);
    let text = ed.doc().text();
    assert!(
        text.contains(&format!(
            "<Value>{}</Value>",
            super::commands::encode_password("pw", "Password")
        )),
        "{text}"
    );
    assert!(text.contains("<PlainText>false</PlainText>"), "{text}");
    silent("U061", text);
}

#[test]
fn diagnostics_carry_place_and_location() {
    let src = deploy_sync(&item("abc", "x"));
    let d = diags(&src);
    let o = d.iter().find(|d| d.code == "U031").expect("U031");
    assert_eq!(
        o.place,
        "specialize › Microsoft-Windows-Deployment [amd64] › RunSynchronous › Order abc › Order"
    );
    assert_eq!(o.at.line, 6);
    assert_eq!(o.span.of(&src), "abc");
    assert!(o.message.contains("\"abc\""));
}

#[test]
fn every_rule_has_a_unique_code_and_summary() {
    for (i, r) in RULES.iter().enumerate() {
        assert!(!r.summary.is_empty());
        assert!(
            RULES[i + 1..]
                .iter()
                .all(|o| o.code != r.code && o.name != r.name),
            "{}",
            r.code
        );
    }
}

#[test]
fn secrets_are_never_echoed_in_messages() {
    let long = format!("Sup3rSecret{}", "x".repeat(300));
    let src = file(&pass(
        "oobeSystem",
        &comp(
            "Microsoft-Windows-Shell-Setup",
            &format!(
                "<AutoLogon><Password><Value>{long}</Value><PlainText>maybe</PlainText></Password><Enabled>true</Enabled><Username>u</Username></AutoLogon>"
            ),
        ),
    ));
    let d = diags(&src);
    assert!(!d.is_empty());
    for x in &d {
        assert!(!x.message.contains("Sup3rSecret"), "{x:?}");
    }
}
