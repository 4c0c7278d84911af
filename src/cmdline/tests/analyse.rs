//! `analyse`: program normalisation and the per-program parsers.

use crate::cmdline::{
    Analysis, CmdInvocation, CmdSwitch, MsiAction, MsiexecCall, PowerShellCall, ProgramKind, PsExe,
    PsMode, RegCall, RegOp, ScriptExt, ScriptHost, analyse, cmd_builtin, decode_encoded_command,
    split_cmd_segments,
};

fn cmd(line: &str) -> CmdInvocation<'static> {
    match analyse(line).into_owned().kind {
        ProgramKind::Cmd(c) => c,
        other => panic!("{line}: not cmd: {other:?}"),
    }
}

fn ps(line: &str) -> PowerShellCall<'static> {
    match analyse(line).into_owned().kind {
        ProgramKind::PowerShell(p) => p,
        other => panic!("{line}: not PowerShell: {other:?}"),
    }
}

fn reg<'s>(a: &'s Analysis<'_>) -> &'s RegCall<'s> {
    match &a.kind {
        ProgramKind::Reg(r) => r,
        other => panic!("not reg: {other:?}"),
    }
}

fn msi(line: &str) -> MsiexecCall<'static> {
    match analyse(line).into_owned().kind {
        ProgramKind::Msiexec(m) => m,
        other => panic!("{line}: not msiexec: {other:?}"),
    }
}

#[test]
fn program_is_normalised() {
    let a = analyse(r"%WINDIR%\System32\WindowsPowerShell\v1.0\powershell.exe -ep bypass -f a.ps1");
    assert_eq!(a.program.name, "powershell.exe");
    assert_eq!(a.program.stem, "powershell");
    assert_eq!(a.program.ext.as_deref(), Some("exe"));
    assert!(a.program.has_directory());
    assert_eq!(a.args, ["-ep", "bypass", "-f", "a.ps1"]);

    let a = analyse(r#""C:\Program Files\App\Setup.EXE" /S"#);
    assert_eq!(a.program.name, "setup.exe");
    assert!(a.program.quoted);
    assert_eq!(a.kind, ProgramKind::Other);

    let a = analyse("%ComSpec% /c echo x");
    assert_eq!(a.program.name, "cmd.exe");
    assert_eq!(a.program.path, "%ComSpec%");
}

#[test]
fn cmd_is_recognised_in_every_spelling() {
    for line in [
        "cmd /c x",
        "cmd.exe /c x",
        "CMD.EXE /C x",
        "%ComSpec% /c x",
        "%COMSPEC% /c x",
        r"%windir%\system32\cmd.exe /c x",
        r#""C:\Windows\System32\cmd.exe" /c x"#,
        "cmd /q /c x",
        "cmd.exe /d /s /c x",
        "cmd /v:on /e:on /c x",
        "cmd /d/c x",
    ] {
        let c = cmd(line);
        assert_eq!(c.switch, Some(CmdSwitch::C), "{line}");
        assert_eq!(c.command, "x", "{line}");
        assert_eq!(c.commands.len(), 1, "{line}");
    }
    let c = cmd("cmd /q /v:on /c x");
    assert_eq!(c.switches, ["/q", "/v:on"]);
    assert_eq!(cmd("cmd /k echo hi").switch, Some(CmdSwitch::K));
    assert_eq!(cmd("cmd").switch, None);
    assert!(cmd("cmd.exe /d /s /c \"x\"").s_switch);
}

#[test]
fn cmd_outer_quotes_and_nested_commands() {
    let c = cmd(r#"cmd.exe /c ">>file echo x""#);
    assert!(c.outer_quotes_stripped);
    assert_eq!(c.command, ">>file echo x");
    assert_eq!(c.rest, r#"">>file echo x""#);
    assert!(matches!(&c.commands[0].kind, ProgramKind::Builtin { name, .. } if *name == "echo"));

    let c = cmd(r#"cmd /c "C:\Program Files\x.exe" /q"#);
    assert!(!c.outer_quotes_stripped);
    assert_eq!(c.commands[0].program.path, r"C:\Program Files\x.exe");

    let c = cmd(r#"cmd /s /c "C:\Program Files\x.exe" /q"#);
    assert!(c.outer_quotes_stripped);
    assert_eq!(c.command, r"C:\Program Files\x.exe /q");
    assert!(c.commands[0].program.unquoted_space_ambiguity);

    let c = cmd(
        r#"cmd /c reg add "HKLM\SOFTWARE\Policies\Microsoft\Windows\CloudContent" /v DisableWindowsConsumerFeatures /t REG_DWORD /d 1 /f"#,
    );
    let r = reg(&c.commands[0]);
    assert_eq!(r.op, RegOp::Add);
    assert_eq!(
        r.key.as_deref(),
        Some(r"HKLM\SOFTWARE\Policies\Microsoft\Windows\CloudContent")
    );
    assert_eq!(
        r.value_name.as_deref(),
        Some("DisableWindowsConsumerFeatures")
    );

    let c = cmd(r#"cmd /c "echo a && del x.txt | more & (echo b) 2>&1 >nul""#);
    let names: Vec<_> = c.commands.iter().map(|a| a.program.name.as_ref()).collect();
    assert_eq!(names, ["echo", "del", "more", "echo"]);
    assert_eq!(c.commands[3].args, ["b"]);
}

#[test]
fn cmd_segments_respect_quotes_and_carets() {
    assert_eq!(
        split_cmd_segments(r#"a "&" b ^& c && d || e | f"#),
        [r#"a "&" b ^& c"#, "d", "e", "f"]
    );
    assert!(split_cmd_segments(" & && ").is_empty());
}

#[test]
fn builtins() {
    for (token, name) in [
        ("echo", "echo"),
        ("ECHO", "echo"),
        ("echo.", "echo"),
        ("cd..", "cd"),
        ("start", "start"),
    ] {
        assert_eq!(cmd_builtin(token), Some(name), "{token}");
    }
    for token in ["echo.exe", r"C:\echo", "net", "setup", "starter", ""] {
        assert_eq!(cmd_builtin(token), None, "{token}");
    }
    let a = analyse(r#"start "" /wait msiexec /i x.msi"#);
    let ProgramKind::Builtin {
        name,
        inner: Some(inner),
    } = &a.kind
    else {
        panic!("{:?}", a.kind)
    };
    assert_eq!(*name, "start");
    assert!(matches!(inner.kind, ProgramKind::Msiexec(_)));
    assert!(matches!(analyse(r#""echo" hi"#).kind, ProgramKind::Other));
}

#[test]
fn powershell_parameters() {
    let p = ps(
        r"powershell -NoProfile -ExecutionPolicy Bypass -File C:\Windows\Setup\Scripts\a.ps1 x y",
    );
    assert_eq!(p.exe, PsExe::WindowsPowerShell);
    assert!(p.no_profile);
    assert_eq!(p.execution_policy.as_deref(), Some("Bypass"));
    assert_eq!(
        p.mode,
        PsMode::File {
            script: r"C:\Windows\Setup\Scripts\a.ps1".into(),
            args: vec!["x".into(), "y".into()]
        }
    );

    let p = ps(r"%WINDIR%\System32\WindowsPowerShell\v1.0\powershell.exe -ep bypass -f a.ps1");
    assert_eq!(p.execution_policy.as_deref(), Some("bypass"));
    assert!(matches!(&p.mode, PsMode::File { script, .. } if script == "a.ps1"));

    for flag in [
        "-exec",
        "-ex",
        "-EXECUTIONPOLICY",
        "/ExecutionPolicy",
        "-ExecutionPol",
    ] {
        let p = ps(&format!("powershell {flag} Unrestricted -c x"));
        assert_eq!(
            p.execution_policy.as_deref(),
            Some("Unrestricted"),
            "{flag}"
        );
        assert_eq!(p.mode, PsMode::Command("x".into()), "{flag}");
    }
    assert_eq!(
        ps("pwsh -ExecutionPolicy:Bypass")
            .execution_policy
            .as_deref(),
        Some("Bypass")
    );

    let p = ps(r#"powershell -Command "Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Force""#);
    assert_eq!(
        p.mode,
        PsMode::Command("Set-ExecutionPolicy -ExecutionPolicy RemoteSigned -Force".into())
    );

    let p = ps("powershell.exe -nop -noni -w hidden -command Get-Date; Get-Host");
    assert!(p.no_profile && p.non_interactive);
    assert_eq!(p.window_style.as_deref(), Some("hidden"));
    assert_eq!(p.mode, PsMode::Command("Get-Date; Get-Host".into()));
    assert_eq!(p.statements.len(), 2);

    assert_eq!(
        ps("powershell Get-Date").mode,
        PsMode::Command("Get-Date".into())
    );
    assert!(
        matches!(ps("pwsh.exe s.ps1 a").mode, PsMode::File { ref script, .. } if script == "s.ps1")
    );
    assert_eq!(ps("pwsh").mode, PsMode::None);
    assert!(
        matches!(ps(r"pwsh -File:C:\s.ps1 a").mode, PsMode::File { ref script, ref args } if script == r"C:\s.ps1" && args == &["a"])
    );
    assert!(ps("powershell -NoExit -c x").no_exit);
    assert_eq!(ps("powershell -no -c x").other, ["-no"]);
    assert_eq!(ps("powershell -Version 2 -c x").other, ["-Version", "2"]);
    assert_eq!(
        ps(r#""C:\Program Files\PowerShell\7\pwsh.exe""#).exe,
        PsExe::Pwsh
    );
}

#[test]
fn powershell_encoded_command() {
    let p = ps("powershell -e VwByAGkAdABlAC0ASABvAHMAdAAgAGgAaQA=");
    assert_eq!(
        p.mode,
        PsMode::EncodedCommand {
            encoded: "VwByAGkAdABlAC0ASABvAHMAdAAgAGgAaQA=".into(),
            decoded: Some("Write-Host hi".into())
        }
    );
    for flag in ["-ec", "-enc", "-EncodedCommand", "/encodedcommand"] {
        let p = ps(&format!(
            "powershell {flag} VwByAGkAdABlAC0ASABvAHMAdAAgAGgAaQA"
        ));
        assert_eq!(p.script_text(), Some("Write-Host hi"), "{flag}");
    }
    assert_eq!(decode_encoded_command("not base64!"), None);
    assert_eq!(decode_encoded_command("QUJD"), None); // odd byte count
    assert_eq!(decode_encoded_command("2D3Y"), None); // lone surrogate
    assert_eq!(decode_encoded_command(""), Some(String::new()));
}

#[test]
fn reg_calls() {
    let a = analyse(r#"reg.exe load "HKU\DefaultUser" "C:\Users\Default\NTUSER.DAT""#);
    let r = reg(&a);
    assert_eq!(r.op, RegOp::Load);
    assert_eq!(r.key.as_deref(), Some(r"HKU\DefaultUser"));
    assert_eq!(r.operands.len(), 2);

    let a = analyse(r"reg import C:\x.reg");
    assert_eq!(reg(&a).op, RegOp::Import);
    assert_eq!(reg(&a).key, None);
    let a = analyse("REG Frob");
    assert_eq!(reg(&a).op, RegOp::Other("frob".into()));
    let a = analyse("reg");
    assert_eq!(reg(&a).op, RegOp::Other(String::new()));
}

#[test]
fn msiexec_calls() {
    let m = msi(r"msiexec /i \\server\share\x.msi");
    assert_eq!(m.action, Some(MsiAction::Install));
    assert_eq!(m.target.as_deref(), Some(r"\\server\share\x.msi"));
    assert!(!m.has_quiet);
    for quiet in [
        "/q", "/qn", "/QN", "/qb", "/qb-", "/qb!", "/qb-!", "/quiet", "/passive", "-qn",
    ] {
        assert!(
            msi(&format!("msiexec /i x.msi {quiet}")).has_quiet,
            "{quiet}"
        );
    }
    for loud in ["/qr", "/qf", "/qn+", "/qb+", "/l*v log.txt"] {
        assert!(
            !msi(&format!("msiexec /i x.msi {loud}")).has_quiet,
            "{loud}"
        );
    }
    assert_eq!(msi("msiexec /x {GUID}").action, Some(MsiAction::Uninstall));
    assert_eq!(msi("msiexec /fa x.msi").action, Some(MsiAction::Repair));
    assert_eq!(msi("msiexec /forcerestart").action, None);
    assert_eq!(
        msi("msiexec.exe /package x.msi /norestart").action,
        Some(MsiAction::Install)
    );
    assert!(msi("msiexec /i x.msi /norestart").no_restart);
}

#[test]
fn scripts_and_hosts() {
    for (line, ext) in [
        (r"C:\x.cmd", ScriptExt::Cmd),
        ("setup.bat /q", ScriptExt::Bat),
        (r#""C:\My Scripts\a.PS1""#, ScriptExt::Ps1),
        ("x.vbs", ScriptExt::Vbs),
        ("x.JS", ScriptExt::Js),
        ("x.wsf", ScriptExt::Wsf),
    ] {
        assert_eq!(analyse(line).kind, ProgramKind::Script { ext }, "{line}");
    }
    assert_eq!(
        analyse("cscript //nologo x.vbs").kind,
        ProgramKind::ScriptHost {
            host: ScriptHost::Cscript,
            script: Some("x.vbs".into())
        }
    );
    assert!(matches!(
        analyse(r"C:\Windows\System32\WScript.exe y.js").kind,
        ProgramKind::ScriptHost {
            host: ScriptHost::Wscript,
            ..
        }
    ));
    assert_eq!(
        analyse("net user admin /active:yes").kind,
        ProgramKind::Other
    );
}

#[test]
fn nesting_is_bounded() {
    let line = format!("{}echo hi", "cmd /c ".repeat(50));
    let mut depth = 0;
    let mut a = analyse(&line);
    while let Some(child) = a.children().first() {
        depth += 1;
        a = child.clone();
    }
    assert!(depth <= 6, "depth {depth}");
}
