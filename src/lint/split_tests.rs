//! The two-thread check against the one-thread check: for every way of cutting
//! the commands into two or three parts (and into one part per command),
//! on files whose lists are out of run order, span the split, are empty or
//! never run, and whose commands set the execution policy in either part,
//! with diagnostics from the whole-file rules too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::{Diagnostic, Options, Severity, check_split};
use crate::answer::Answer;
use crate::document::Document;

const WCM: &str = "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"";

/// Sets the policy when it runs.
const SETTER: &str = "powershell -NoProfile -Command \"Set-ExecutionPolicy RemoteSigned -Force\"";
/// Sets the policy too, hidden from the analyser inside cmd.exe's `if`.
const HIDDEN_SETTER: &str = "cmd /c if exist C:\\x powershell -Command Set-ExecutionPolicy Bypass";
/// A script whose name says it sets the policy.
const NAMED_SETTER: &str = "C:\\Setup\\enable_execution_policy.cmd";
/// Runs a script without -ExecutionPolicy: U081 (info) unless the policy was set before.
const SCRIPT: &str = "powershell -NoProfile -File C:\\Setup\\step.ps1";

/// A clear-text account password (U061, a whole-file rule).
const ACCOUNTS: &str = "<UserAccounts><AdministratorPassword><Value>pw</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>";

fn component(name: &str, lists: &str) -> String {
    format!(
        "<component name=\"{name}\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" {WCM}>{lists}</component>"
    )
}

/// A list of commands: `(order, program)`, program `None` for none at all.
fn list(container: &str, item: &str, program: &str, cmds: &[(&str, Option<&str>)]) -> String {
    let items: String = cmds
        .iter()
        .map(|(order, p)| {
            let p = p.map_or(String::new(), |p| {
                format!("<{program}>{}</{program}>", crate::xml::escape_text(p))
            });
            format!("<{item} wcm:action=\"add\"><Order>{order}</Order>{p}</{item}>")
        })
        .collect();
    format!("<{container}>{items}</{container}>")
}

/// A file whose passes come in the file out of run order; `setters` are
/// put, in turn, at the places marked in the lists (a setter is any command
/// line; the others are scripts, reboots, shell syntax and duplicates).
fn file(setters: [&str; 4]) -> String {
    let s = |i: usize| Some(setters[i]);
    let first_logon = list(
        "FirstLogonCommands",
        "SynchronousCommand",
        "CommandLine",
        &[
            ("2", Some(SCRIPT)),
            ("1", s(3)),
            ("3", Some("C:\\Setup\\direct.ps1")),
            ("3", Some(SCRIPT)),
            ("4", None),
        ],
    );
    let pe = list(
        "RunSynchronous",
        "RunSynchronousCommand",
        "Path",
        &[
            ("1", Some(SCRIPT)),
            ("2", Some("echo hi > C:\\log.txt")),
            ("3", s(0)),
            ("4", Some(SCRIPT)),
            ("5", Some("shutdown /r /t 0")),
            ("6", Some(SCRIPT)),
        ],
    );
    let specialize_sync = list(
        "RunSynchronous",
        "RunSynchronousCommand",
        "Path",
        &[
            ("3", Some(SCRIPT)),
            ("1", Some("  reg add HKCU\\Software\\X /f ")),
            ("2", s(1)),
            ("2", Some(SCRIPT)),
            ("x", Some("msiexec /i C:\\a.msi")),
        ],
    );
    let specialize_async = list(
        "RunAsynchronous",
        "RunAsynchronousCommand",
        "Path",
        &[("1", Some(SCRIPT)), ("2", s(2)), ("3", Some(SCRIPT))],
    );
    // A synchronous list under the wrong component never runs: its setter
    // sets nothing.
    let misplaced = list(
        "RunSynchronous",
        "RunSynchronousCommand",
        "Path",
        &[("1", Some(SETTER)), ("2", Some(SCRIPT))],
    );
    let settings =
        |pass: &str, body: String| format!("<settings pass=\"{pass}\">{body}</settings>");
    let body = [
        settings(
            "oobeSystem",
            component(
                "Microsoft-Windows-Shell-Setup",
                &format!("{first_logon}{ACCOUNTS}<Bogus>1</Bogus>"),
            ),
        ),
        settings(
            "specialize",
            [
                component("Microsoft-Windows-International-Core", &misplaced),
                component(
                    "Microsoft-Windows-Deployment",
                    &format!(
                        "{specialize_async}<FirstLogonCommands></FirstLogonCommands>{specialize_sync}"
                    ),
                ),
            ]
            .concat(),
        ),
        settings("windowsPE", component("Microsoft-Windows-Setup", &pe)),
    ]
    .concat();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">{body}</unattend>\n"
    )
}

fn check_at(doc: &Document, answer: &Answer, cuts: Option<&[usize]>) -> Vec<Diagnostic> {
    check_split(doc, answer, &Options::default(), cuts)
}

#[test]
fn every_split_gives_the_one_thread_result() {
    let plain = "cmd /c exit 0";
    let cases = [
        [plain; 4],
        [SETTER, plain, plain, plain],
        [plain, HIDDEN_SETTER, plain, plain],
        [plain, plain, NAMED_SETTER, plain],
        [plain, plain, plain, SETTER],
        [plain, SETTER, plain, HIDDEN_SETTER],
    ];
    for setters in cases {
        let text = file(setters);
        let doc = Document::load(text.as_bytes()).expect("loads");
        let answer = Answer::build(&doc);
        let n = answer.command_count();
        let one = check_at(&doc, &answer, None);
        // The fixture is what it means to be: whole-file rules fire, scripts
        // are reported for want of a policy, and (but for the first case)
        // some are not.
        for code in ["U021", "U032", "U061", "U070"] {
            assert!(one.iter().any(|d| d.code == code), "{code}");
        }
        let infos = one
            .iter()
            .filter(|d| d.code == "U081" && d.severity == Severity::Info)
            .count();
        assert!(infos > 0, "{setters:?}");

        if setters != [plain; 4] {
            assert!(infos < 9, "{setters:?}: {infos}");
        }
        // Two parts, cut anywhere; three parts, cut at any two places; and a
        // part for every command.
        for at in 0..=n + 1 {
            for cuts in std::iter::once(vec![at]).chain((at..=n + 1).map(|b| vec![at, b])) {
                assert_eq!(
                    check_at(&doc, &answer, Some(&cuts)),
                    one,
                    "cut at {cuts:?} of {n}, setters {setters:?}"
                );
            }
        }
        let every: Vec<usize> = (1..n).collect();
        assert_eq!(check_at(&doc, &answer, Some(&every)), one, "{setters:?}");
    }
}
