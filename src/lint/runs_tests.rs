//! Fixtures for the "will it run?" rules (U080–U086): each rule fires on
//! realistic command lines and stays quiet on their correct forms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{Diagnostic, Severity, check, rule};
use crate::answer::{Answer, FieldKind};
use crate::catalog::{ListKind, list};
use crate::document::Document;

/// One command list in a pass, with its command lines in document order;
/// Orders are 1, 2, 3… unless a line starts with `#n ` (then Order n).
struct Block<'a> {
    pass: &'a str,
    kind: ListKind,
    lines: &'a [&'a str],
}

fn block<'a>(pass: &'a str, kind: ListKind, lines: &'a [&'a str]) -> Block<'a> {
    Block { pass, kind, lines }
}

fn xml(blocks: &[Block]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n",
    );
    for b in blocks {
        let spec = list(b.kind);
        out.push_str(&format!(
            "  <settings pass=\"{}\">\n    <component name=\"{}\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">\n      <{}>\n",
            b.pass, spec.component, spec.container
        ));
        for (i, line) in b.lines.iter().enumerate() {
            let (order, line) = match line.strip_prefix('#').and_then(|l| l.split_once(' ')) {
                Some((n, rest)) => (n.to_string(), rest),
                None => ((i + 1).to_string(), *line),
            };
            out.push_str(&format!(
                "        <{item} wcm:action=\"add\">\n          <Order>{order}</Order>\n          <{p}>{v}</{p}>\n        </{item}>\n",
                item = spec.item,
                p = spec.program,
                v = crate::xml::escape_text(line)
            ));
        }
        out.push_str(&format!(
            "      </{}>\n    </component>\n  </settings>\n",
            spec.container
        ));
    }
    out.push_str("</unattend>\n");
    out
}

fn lint(text: &str) -> (Document, Vec<Diagnostic>) {
    let doc = Document::load(text.as_bytes()).expect("fixture loads");
    let answer = Answer::build(&doc);
    let diags = check(&doc, &answer);
    (doc, diags)
}

/// The diagnostics of `code` for the blocks.
fn hits(blocks: &[Block], code: &str) -> Vec<Diagnostic> {
    lint(&xml(blocks))
        .1
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// The diagnostics of `code` for one command line in one list.
fn one(pass: &str, kind: ListKind, line: &str, code: &str) -> Vec<Diagnostic> {
    hits(&[block(pass, kind, &[line])], code)
}

fn assert_fires(pass: &str, kind: ListKind, code: &str, lines: &[&str]) {
    for line in lines {
        let found = one(pass, kind, line, code);
        assert_eq!(
            found.len(),
            1,
            "{code} should fire once on {line:?}: {found:#?}"
        );
    }
}

fn assert_quiet(pass: &str, kind: ListKind, code: &str, lines: &[&str]) {
    for line in lines {
        let found = one(pass, kind, line, code);
        assert!(
            found.is_empty(),
            "{code} should not fire on {line:?}: {found:#?}"
        );
    }
}

use ListKind::{DeployAsync, DeploySync, FirstLogon, Logon, SetupSync};

#[test]
fn the_new_rules_are_in_the_table() {
    for code in ["U080", "U081", "U082", "U083", "U084", "U085", "U086"] {
        assert!(rule(code).is_some(), "{code} missing");
    }
    assert_eq!(rule("U085").map(|r| r.severity), Some(Severity::Info));
    assert_eq!(rule("U086").map(|r| r.severity), Some(Severity::Info));
    assert!(rule("U080").is_some_and(|r| r.fixable));
}

#[test]
fn u080_shell_syntax_without_a_shell() {
    assert_fires(
        "specialize",
        DeploySync,
        "U080",
        &[
            r"reg query HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion > C:\Windows\Temp\v.txt",
            r"echo done>>C:\Windows\Temp\setup.log",
            r"mkdir C:\Temp",
            r#"ipconfig /all | find "IPv4""#,
            "net user vagrant vagrant /add && net localgroup administrators vagrant /add",
            r"powershell -File C:\Windows\Temp\a.ps1 -ExecutionPolicy Bypass 2>&1",
            r#"start "" /wait C:\Windows\Temp\setup.exe"#,
        ],
    );
    assert_quiet(
        "specialize",
        DeploySync,
        "U080",
        &[
            r"cmd /c echo done>>C:\Windows\Temp\setup.log",
            r#"CMD /C "sc stop wuauserv >NUL 2>NUL & sc config wuauserv start=disabled""#,
            r#"powershell.exe -NoProfile -Command "Get-Content -LiteralPath 'C:\Windows\Setup\Scripts\Specialize.ps1' -Raw | Invoke-Expression;""#,
            r#"reg.exe add "HKLM\SYSTEM\Setup\LabConfig" /v BypassTPMCheck /t REG_DWORD /d 1 /f"#,
            r#"schtasks /create /tn x /tr "cmd /c echo a > b" /sc onstart"#,
            r#"wmic useraccount where "name='vagrant'" set PasswordExpires=FALSE"#,
        ],
    );
    let d = &one("oobeSystem", FirstLogon, "echo hi", "U080")[0];
    assert!(d.message.contains("built-in"), "{}", d.message);
    assert_eq!(d.target.field, Some(FieldKind::Program));
}

/// Applies the fix of the only `code` diagnostic and returns the new
/// program value.
fn fixed(pass: &str, kind: ListKind, line: &str, code: &str) -> Option<String> {
    let text = xml(&[block(pass, kind, &[line])]);
    let (mut doc, diags) = lint(&text);
    let fix = diags.into_iter().find(|d| d.code == code)?.fix?;
    doc.apply(&fix.edits).expect("fix applies");
    let answer = Answer::build(&doc);
    let (_, cmd) = answer.commands().next().expect("a command");
    let value = cmd.value(FieldKind::Program, &doc).to_string();
    let again = check(&doc, &answer);
    assert!(
        !again.iter().any(|d| d.code == "U080" || d.code == "U083"),
        "the fix leaves a problem: {again:#?}"
    );
    Some(value)
}

#[test]
fn u080_fix_wraps_in_cmd() {
    assert_eq!(
        fixed(
            "specialize",
            DeploySync,
            r"ipconfig /all > C:\ip.txt",
            "U080"
        )
        .as_deref(),
        Some(r#"cmd /c "ipconfig /all > C:\ip.txt""#)
    );
    // Inner quotes survive: cmd.exe removes only the added outer pair.
    assert_eq!(
        fixed(
            "oobeSystem",
            FirstLogon,
            r#""C:\Program Files\App\app.exe" /S > C:\log.txt"#,
            "U080"
        )
        .as_deref(),
        Some(r#"cmd /c ""C:\Program Files\App\app.exe" /S > C:\log.txt""#)
    );
    // Nothing special in the text: /s makes the stripping certain.
    assert_eq!(
        fixed("specialize", DeploySync, r"mkdir C:\Temp", "U080").as_deref(),
        Some(r#"cmd /s /c "mkdir C:\Temp""#)
    );
    // Unbalanced quotes: no fix.
    assert_eq!(
        fixed("specialize", DeploySync, r#"echo "oops > C:\a.txt"#, "U080"),
        None
    );
    // Over the 259-character limit once wrapped: no fix.
    let long = format!("echo {} > C:\\a.txt", "x".repeat(240));
    assert!(long.chars().count() <= 259);
    assert_eq!(fixed("specialize", DeploySync, &long, "U080"), None);
    // The same text fits CommandLine's 1024.
    assert!(fixed("oobeSystem", FirstLogon, &long, "U080").is_some());
}

#[test]
fn u081_ps1_as_the_program() {
    assert_fires(
        "specialize",
        DeploySync,
        "U081",
        &[
            r"C:\Windows\Setup\Scripts\Specialize.ps1",
            r#""C:\My Scripts\setup.ps1" -Force"#,
            r"cmd /c C:\Windows\Temp\fix.ps1",
        ],
    );
    let d = &one("specialize", DeploySync, r"C:\s\a.ps1", "U081")[0];
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.help.as_deref().is_some_and(|h| h.contains("-File")));
    assert_quiet(
        "specialize",
        DeploySync,
        "U081",
        &[
            r"powershell -NoLogo -ExecutionPolicy RemoteSigned -File C:\Windows\Temp\DeployTools.ps1",
            r#"powershell.exe -WindowStyle "Normal" -ExecutionPolicy "Unrestricted" -NoProfile -File "C:\Windows\Setup\Scripts\MySetup.ps1""#,
            r"pwsh -File C:\Windows\Temp\a.ps1",
            r"cmd /c C:\Windows\Temp\fix.cmd",
        ],
    );
}

#[test]
fn u081_file_without_policy_is_info() {
    let found = one(
        "oobeSystem",
        FirstLogon,
        r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -File a:\disable-winrm.ps1",
        "U081",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    // Nested in cmd /c, and hidden behind cmd's for/if.
    assert_fires(
        "oobeSystem",
        FirstLogon,
        "U081",
        &[
            r"cmd.exe /c C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -File a:\win-updates.ps1",
            r#"cmd /q /c "FOR %i IN (A B C D E) DO IF EXIST %i:\Scripts\fixnetwork.ps1  cmd /c powershell -file %i:\Scripts\fixnetwork.ps1""#,
        ],
    );
}

#[test]
fn u081_packer_pattern_policy_set_earlier() {
    // Order 1 sets the policy, later commands run scripts with -File.
    let packer = [
        r#"cmd.exe /c powershell -Command "Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Force""#,
        r"cmd.exe /c C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -File a:\fixnetwork.ps1",
        r"cmd.exe /c C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -File a:\win-updates.ps1",
    ];
    assert!(hits(&[block("oobeSystem", FirstLogon, &packer)], "U081").is_empty());
    // The same with the registry value, and with the Group Policy value.
    for setter in [
        r"reg add HKLM\SOFTWARE\Microsoft\PowerShell\1\ShellIds\Microsoft.PowerShell /v ExecutionPolicy /t REG_SZ /d RemoteSigned /f",
        r"reg.exe add HKLM\SOFTWARE\Policies\Microsoft\Windows\PowerShell /v ExecutionPolicy /t REG_SZ /d Unrestricted /f",
        r#"powershell -command "Set-ExecutionPolicy RemoteSigned -Force""#,
    ] {
        let lines = [setter, r"powershell -File C:\Windows\Temp\a.ps1"];
        assert!(
            hits(&[block("oobeSystem", FirstLogon, &lines)], "U081").is_empty(),
            "{setter}"
        );
        // Set in specialize, used at first logon: earlier pass.
        let found = hits(
            &[
                block("oobeSystem", FirstLogon, &[r"powershell -File C:\a.ps1"]),
                block("specialize", DeploySync, &[setter]),
            ],
            "U081",
        );
        assert!(found.is_empty(), "{setter}: {found:#?}");
    }
    // Order decides, not document order: the setter is Order 1, written last.
    let reordered = [
        r"#2 powershell -File C:\Windows\Temp\a.ps1",
        r#"#1 powershell -Command "Set-ExecutionPolicy Bypass -Force""#,
    ];
    assert!(hits(&[block("oobeSystem", FirstLogon, &reordered)], "U081").is_empty());
    // Set only after the script ran: the info stays.
    let late = [
        r"#1 powershell -File C:\Windows\Temp\a.ps1",
        r#"#2 powershell -Command "Set-ExecutionPolicy Bypass -Force""#,
    ];
    assert_eq!(
        hits(&[block("oobeSystem", FirstLogon, &late)], "U081").len(),
        1
    );
    // A later pass does not count either.
    let found = hits(
        &[
            block("specialize", DeploySync, &[r"powershell -File C:\a.ps1"]),
            block(
                "oobeSystem",
                FirstLogon,
                &[r#"powershell -Command "Set-ExecutionPolicy Bypass""#],
            ),
        ],
        "U081",
    );
    assert_eq!(found.len(), 1);
    // Within a pass the synchronous list runs first, whatever the Orders.
    let found = hits(
        &[
            block(
                "specialize",
                DeployAsync,
                &[r#"powershell -Command "Set-ExecutionPolicy Bypass""#],
            ),
            block("specialize", DeploySync, &[r"#5 powershell -File C:\a.ps1"]),
        ],
        "U081",
    );
    assert_eq!(found.len(), 1);
    // A batch file named for the job counts as setting the policy.
    let lgpo = [
        r"D:\$install\lgpo\enable_execution_policy.cmd",
        r"powershell -File C:\a.ps1",
    ];
    assert!(hits(&[block("specialize", DeploySync, &lgpo)], "U081").is_empty());
}

#[test]
fn u082_unbalanced_quotes() {
    assert_fires(
        "specialize",
        DeploySync,
        "U082",
        &[
            r#"powershell -executionpolicy bypass -command "& { iwr https://chocolatey.org/install.ps1 -UseBasicParsing | iex }"#,
            r#""C:\Program Files\App\app.exe /S"#,
        ],
    );
    assert_quiet(
        "specialize",
        DeploySync,
        "U082",
        &[
            r#"NET LOCALGROUP "Unattended Administrators" /ADD"#,
            r#"cmd /c "if "%x%"=="1" (net user a /active:yes)""#,
        ],
    );
}

#[test]
fn u083_cmd_strips_the_program_quotes() {
    assert_fires(
        "specialize",
        DeploySync,
        "U083",
        &[
            r#"cmd /c "C:\Program Files\App\app.exe" "/config=C:\a b.ini""#,
            r#"cmd.exe /c "C:\Program Files (x86)\App\app.exe" /S"#,
            r#"cmd /c "%ProgramFiles%\App\app.exe" /S "x y""#,
        ],
    );
    let d = &one(
        "specialize",
        DeploySync,
        r#"cmd /c "C:\Program Files (x86)\App\app.exe" /S"#,
        "U083",
    )[0];
    assert!(d.help.as_deref().is_some_and(|h| h.contains("cmd /s /c")));
    assert_quiet(
        "specialize",
        DeploySync,
        "U083",
        &[
            r#"CMD /C "sc stop wuauserv >NUL 2>NUL & sc config wuauserv start=disabled""#,
            r#"cmd /c "reg add "HKLM\SOFTWARE\A B" /v X /d 1 /f""#,
            r#"cmd /s /c ""C:\Program Files\App\app.exe" "/config=C:\a b.ini"""#,
            r#"cmd /c ""C:\Program Files\App\app.exe" /S""#,
            r#"cmd /c "C:\Program Files\App\app.exe" /S"#,
            r#"cmd /c "if exist %SystemDrive%\x.bat (call %SystemDrive%\x.bat)""#,
            r#"cmd /c "C:\Tools\app.exe" /S"#,
        ],
    );
}

#[test]
fn u084_hkcu_as_system() {
    let hkcu = [
        r"reg add HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced /v HideFileExt /t REG_DWORD /d 0 /f",
        r#"cmd /c REG ADD "HKCU\Keyboard Layout\Toggle" /v Hotkey /t REG_SZ /d "2" /f"#,
        r#"powershell -Command "Set-ItemProperty -Path HKCU:\Control Panel\Desktop -Name X -Value 1""#,
    ];
    assert_fires("specialize", DeploySync, "U084", &hkcu);
    assert_fires("specialize", DeployAsync, "U084", &hkcu[..1]);
    assert_fires("windowsPE", SetupSync, "U084", &hkcu[..1]);
    let d = &one("windowsPE", SetupSync, hkcu[0], "U084")[0];
    assert!(d.message.contains("Windows PE"));
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains(r"reg load HKU\DefaultUser C:\Users\Default\NTUSER.DAT"))
    );
    // The user's own context: fine.
    assert_quiet("oobeSystem", FirstLogon, "U084", &hkcu);
    assert_quiet("oobeSystem", Logon, "U084", &hkcu);
    assert_quiet("auditUser", DeploySync, "U084", &hkcu);
    // The Default-user technique and reads.
    assert_quiet(
        "specialize",
        DeploySync,
        "U084",
        &[
            r#"reg.exe load "HKU\DefaultUser" "C:\Users\Default\NTUSER.DAT""#,
            r#"reg.exe add "HKU\DefaultUser\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced" /v HideFileExt /t REG_DWORD /d 0 /f"#,
            r"reg query HKCU\Software",
            r"reg add HKLM\SOFTWARE\Policies\Microsoft\Windows\CloudContent /v DisableWindowsConsumerFeatures /t REG_DWORD /d 1 /f",
        ],
    );
}

#[test]
fn u085_installer_without_silent_switch() {
    assert_fires(
        "specialize",
        DeploySync,
        "U085",
        &[
            r"msiexec /i C:\Windows\Temp\CloudbaseInitSetup.msi",
            r"wusa C:\Windows\Temp\kb123.msu /norestart",
            "choco install git",
        ],
    );
    let d = &one("oobeSystem", FirstLogon, r"msiexec /i C:\a.msi", "U085")[0];
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("logon"));
    assert_quiet(
        "specialize",
        DeploySync,
        "U085",
        &[
            r"msiexec /i C:\Windows\Temp\CloudbaseInitSetup.msi /qn /l*v C:\Windows\Temp\log.txt",
            "choco install -y git",
            r"E:\setup64.exe /s /v /qn",
        ],
    );
    // Asynchronous lists do not hold anything up.
    assert_quiet("specialize", DeployAsync, "U085", &[r"msiexec /i C:\a.msi"]);
    assert_quiet("oobeSystem", Logon, "U085", &[r"msiexec /i C:\a.msi"]);
}

#[test]
fn u086_c_drive_in_windows_pe() {
    assert_fires(
        "windowsPE",
        SetupSync,
        "U086",
        &[
            r"cmd /c copy D:\Autounattend.xml C:\Windows\Panther\unattend.xml",
            r"cmd /c C:\Windows\System32\PowerCfg.exe /s 8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c",
        ],
    );
    assert_quiet(
        "windowsPE",
        SetupSync,
        "U086",
        &[
            r"cmd /c X:\Windows\System32\PowerCfg.exe /s 8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c",
            r#"reg.exe add "HKLM\SYSTEM\Setup\LabConfig" /v BypassTPMCheck /t REG_DWORD /d 1 /f"#,
            r#"CMD /C "FOR %G IN (D X C E F G) DO @IF EXIST %G:\Autounattend.xml (CALL %G:\Unattended\Unattended.cmd /1 & EXIT)""#,
            r"cmd /c copy X:\a.reg C:\$Windows.~BT\NewOS\Windows\Temp\a.reg",
        ],
    );
    assert_quiet(
        "specialize",
        DeploySync,
        "U086",
        &[r"cmd /c copy D:\Autounattend.xml C:\Windows\Panther\unattend.xml"],
    );
}

#[test]
fn u043_still_finds_restarts() {
    for line in [
        "shutdown /r /t 0",
        r#"cmd.exe /c powershell.exe -command "restart-computer -force""#,
    ] {
        assert_eq!(
            one("specialize", DeploySync, line, "U043").len(),
            1,
            "{line}"
        );
    }
    assert!(one("specialize", DeploySync, "shutdown /a", "U043").is_empty());
}

#[test]
fn diagnostics_point_at_the_program_text() {
    let text = xml(&[block("specialize", DeploySync, &[r"echo x > C:\a.txt"])]);
    let (doc, diags) = lint(&text);
    let d = diags.iter().find(|d| d.code == "U080").expect("U080");
    assert_eq!(d.span.of(doc.text()), r"echo x &gt; C:\a.txt");
    assert!(d.message.contains(r"echo x > C:\a.txt"), "{}", d.message);
    assert!(d.place.ends_with("Order 1 › Path"), "{}", d.place);
}

#[test]
fn long_values_are_shortened_in_messages() {
    let long = format!("echo {} > C:\\a.txt", "y".repeat(300));
    let d = &one("oobeSystem", FirstLogon, &long, "U080")[0];
    assert!(d.message.ends_with('…'));
    assert!(d.message.chars().count() < 250);
}
