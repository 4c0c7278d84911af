//! The lint helpers: each one fires and stays quiet on real command lines.

use crate::cmdline::{
    ShellSyntaxKind, analyse, cmd_outer_quotes_stripped, find_shell_operator,
    is_installer_without_silent, mentions_drive, ps1_run_directly, quotes_balanced,
    sets_execution_policy, shell_syntax, shuts_down, writes_hkcu,
};

/// Asserts `check` holds for every line of `fires` and for none of `quiet`.
fn table(name: &str, check: fn(&str) -> bool, fires: &[&str], quiet: &[&str]) {
    for line in fires {
        assert!(check(line), "{name} should fire: {line}");
    }
    for line in quiet {
        assert!(!check(line), "{name} should not fire: {line}");
    }
}

#[test]
fn shell_syntax_hits() {
    let hit = shell_syntax(r"echo hi > c:\log.txt").unwrap();
    assert_eq!(
        (hit.kind, hit.text.as_str(), hit.offset),
        (ShellSyntaxKind::Builtin, "echo", 0)
    );
    let hit = shell_syntax("  start x.exe").unwrap();
    assert_eq!((hit.kind, hit.offset), (ShellSyntaxKind::Builtin, 2));

    for (line, op, offset) in [
        ("net user a b && net user c d", "&&", 13),
        ("x.exe a || y", "||", 8),
        ("x.exe a|b", "|", 7),
        ("x.exe >> log", ">>", 6),
        ("x.exe > log", ">", 6),
        ("x.exe < in", "<", 6),
        ("x.exe a 2>&1", "2>&1", 8),
        ("x.exe a & y", "&", 8),
        (r#""C:\a b\x.exe" /q > log"#, ">", 18),
        (r"powershell -File a.ps1 > log.txt", ">", 23),
    ] {
        let hit = shell_syntax(line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(hit.kind, ShellSyntaxKind::Operator, "{line}");
        assert_eq!((hit.text.as_str(), hit.offset), (op, offset), "{line}");
    }
    for line in [
        "net user admin /active:yes",
        r#"C:\x.exe /log "a > b & c""#,
        r#"cmd.exe /c ">>file echo x""#,
        r"cmd /c echo hi > c:\log.txt",
        r#"powershell -Command "Get-Process | Out-File x""#,
        "powershell Get-Process > x.txt",
        r"reg add HKLM\x /v a /d 1 /f",
        "",
    ] {
        assert_eq!(shell_syntax(line), None, "{line}");
    }
    assert_eq!(find_shell_operator("a2>&1"), Some((2, ">")));
    assert_eq!(find_shell_operator(r#"a "|" b"#), None);
}

#[test]
fn quotes_balance() {
    table(
        "quotes_balanced",
        quotes_balanced,
        &["", r#"cmd /c "a""#, r#""C:\dir\" x"#, "no quotes"],
        &[r#"cmd /c "a"#, r#"a "b" ""#],
    );
}

#[test]
fn cmd_outer_quotes() {
    table(
        "cmd_outer_quotes_stripped",
        cmd_outer_quotes_stripped,
        &[
            r#"">>file echo x""#,
            r#""C:\a b\x.exe" "arg""#,
            r#""C:\x.exe""#,
            r#""a b (x)""#,
            r#""a b & c""#,
            r#""unterminated b"#,
            r#"  "echo a@b" x"#,
            r#""""#,
        ],
        &[
            r#""C:\Program Files\x.exe" /q"#,
            r#""a b""#,
            r#"echo "a b""#,
            "",
        ],
    );
}

#[test]
fn hkcu_writes() {
    table(
        "writes_hkcu",
        |l| writes_hkcu(&analyse(l)),
        &[
            r"reg add HKCU\Software\x /v a /d 1 /f",
            r#"reg.exe add "HKEY_CURRENT_USER\Software\x" /v a /d 1 /f"#,
            r"cmd /c reg delete hkcu\Software\x /f",
            r"reg copy HKLM\Software\x HKCU\Software\x /s",
            r"powershell -Command Set-ItemProperty -Path HKCU:\Software\x -Name a -Value 1",
            r#"powershell -Command "New-Item Registry::HKEY_CURRENT_USER\Software\x""#,
            r#"powershell -Command "reg add HKCU\x /v a /d 1 /f""#,
            "powershell -ec UwBlAHQALQBJAHQAZQBtAFAAcgBvAHAAZQByAHQAeQAgAC0AUABhAHQAaAAgAEgASwBDAFUAOgBcAFMAbwBmAHQAdwBhAHIAZQBcAFgAIAAtAE4AYQBtAGUAIABBACAALQBWAGEAbAB1AGUAIAAxAA==",
        ],
        &[
            r"reg query HKCU\Software\x",
            r#"reg.exe load "HKU\DefaultUser" "C:\Users\Default\NTUSER.DAT""#,
            r#"reg add "HKU\DefaultUser\Software\x" /v a /d 1 /f"#,
            r"reg add HKLM\SOFTWARE\x /v HKCU /d 1 /f",
            r"reg add HKCUX\x /f",
            r"powershell -NoProfile -File C:\hkcu.ps1",
            "net user admin /active:yes",
        ],
    );
}

#[test]
fn shutdowns() {
    table(
        "shuts_down",
        |l| shuts_down(&analyse(l)),
        &[
            "shutdown /r /t 0",
            "shutdown -r -t 0",
            r"C:\Windows\System32\shutdown.exe /s /f /t 0",
            "shutdown /p",
            "wpeutil reboot",
            "wpeutil Shutdown",
            r#"powershell -Command "Restart-Computer -Force""#,
            "powershell Stop-Computer",
            "cmd /c shutdown /r",
            "cmd /c \"timeout 5 & shutdown /r /t 0\"",
            "powershell -e UgBlAHMAdABhAHIAdAAtAEMAbwBtAHAAdQB0AGUAcgAgAC0ARgBvAHIAYwBlAA==",
        ],
        &[
            "shutdown /a",
            "shutdown /l",
            "wpeutil InitializeNetwork",
            r#"powershell -Command "Write-Host restart-computers""#,
            "net user admin /active:yes",
            "echo shutdown /r",
        ],
    );
}

#[test]
fn execution_policy() {
    table(
        "sets_execution_policy",
        |l| sets_execution_policy(&analyse(l)),
        &[
            r#"powershell -Command "Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Force""#,
            "cmd /c powershell -c Set-ExecutionPolicy Bypass",
            r"reg add HKLM\SOFTWARE\Microsoft\PowerShell\1\ShellIds\Microsoft.PowerShell /v ExecutionPolicy /t REG_SZ /d RemoteSigned /f",
            r#"powershell -Command "Set-ItemProperty HKLM:\SOFTWARE\Microsoft\PowerShell\1\ShellIds\Microsoft.PowerShell -Name ExecutionPolicy -Value Bypass""#,
            r"reg.exe add HKLM\SOFTWARE\Policies\Microsoft\Windows\PowerShell /v ExecutionPolicy /t REG_SZ /d Unrestricted /f",
        ],
        &[
            r"powershell -NoProfile -ExecutionPolicy Bypass -File C:\Windows\Setup\Scripts\a.ps1",
            r"reg add HKLM\SOFTWARE\Microsoft\PowerShell\1\ShellIds\Microsoft.PowerShell /v Path /d x /f",
            r#"powershell -Command "Get-ExecutionPolicy""#,
            r"reg.exe add HKLM\SOFTWARE\Policies\Microsoft\Windows\PowerShell /v EnableScripts /t REG_DWORD /d 1 /f",
        ],
    );
}

#[test]
fn ps1_directly() {
    table(
        "ps1_run_directly",
        |l| ps1_run_directly(&analyse(l)),
        &[
            r"C:\Windows\Setup\Scripts\a.ps1",
            r#""C:\My Scripts\a.PS1" -x"#,
            r"cmd /c C:\a.ps1",
            r#"start "" C:\a.ps1"#,
        ],
        &[
            r"powershell -NoProfile -ExecutionPolicy Bypass -File C:\Windows\Setup\Scripts\a.ps1",
            r"%WINDIR%\System32\WindowsPowerShell\v1.0\powershell.exe -ep bypass -f a.ps1",
            r"C:\a.cmd",
        ],
    );
}

#[test]
fn installers_without_silent_switch() {
    table(
        "is_installer_without_silent",
        |l| is_installer_without_silent(&analyse(l)).is_some(),
        &[
            r"msiexec /i \\server\share\x.msi",
            "msiexec /i x.msi /qn+",
            "msiexec /x {GUID}",
            r"wusa.exe C:\kb.msu",
            "choco install git",
            "cmd /c start /wait msiexec /i x.msi",
        ],
        &[
            "msiexec /i x.msi /qn",
            "msiexec.exe /package x.msi /quiet /norestart",
            "msiexec /x {GUID} /passive",
            "msiexec",
            r"C:\Program Files\App\setup.exe /S",
            r#""C:\Program Files\App\setup.exe" /S"#,
            r"wusa C:\kb.msu /quiet /norestart",
            "choco install git -y",
            "choco install git --yes",
            "net user admin /active:yes",
        ],
    );
    let msg = is_installer_without_silent(&analyse(r"msiexec /i \\server\share\x.msi")).unwrap();
    assert!(msg.contains("/i"), "{msg}");
}

#[test]
fn drive_mentions() {
    table(
        "mentions_drive C",
        |l| mentions_drive(l, 'C'),
        &[
            r"echo hi > c:\log.txt",
            r#"cmd /c "C:\x""#,
            r"set X=C:\",
            r"(C:\x)",
            r"C:\Windows\x.exe",
            "cd 'c:'",
        ],
        &[
            r"X:\sources\setup.exe",
            r"ABC:\x",
            r"%SystemDrive%\x",
            r"D:\c\x",
            "",
        ],
    );
    assert!(mentions_drive(r"copy a D:\b", 'd'));
}
