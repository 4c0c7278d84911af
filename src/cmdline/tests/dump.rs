//! TEMPORARY differential dump (not committed): every public analysis of many lines.
#![allow(clippy::unwrap_used)]
use crate::cmdline::*;
use std::fmt::Write as _;

const PIECES_FUZZ: &[&str] = &[
    "\"",
    "\\",
    " ",
    "\t",
    "/",
    "-",
    ":",
    "&",
    "|",
    ">",
    "<",
    "^",
    "(",
    ")",
    "@",
    "'",
    ";",
    "`",
    "=",
    ".",
    "\n",
    "2>&1",
    "é",
    "€",
    "😀",
    "\u{0}",
    "c",
    "C",
    "x",
    "cmd ",
    "cmd.exe",
    "/c ",
    "/k",
    "/s ",
    "%ComSpec%",
    "powershell ",
    "pwsh",
    "-e ",
    "-enc",
    "-Command ",
    "-File ",
    "-ep ",
    "reg ",
    "add ",
    "load",
    "HKCU\\",
    "HKCU:",
    "msiexec ",
    "/i ",
    "/qn+",
    "start ",
    "call ",
    "echo",
    "shutdown ",
    "/r",
    "wpeutil reboot",
    "x.ps1",
    "a.msu",
    "wusa ",
    "choco install ",
    "QUJD",
    "VwBy",
    "==",
    "Restart-Computer",
    "Set-ExecutionPolicy",
    "C:\\Program Files\\",
    "setup.exe",
    "\"\"",
    "\\\"",
];

const MORE: &[&str] = &[
    "reg add \"HKCU\\Software\\X\" /v A /t REG_SZ /d \"v\" /f",
    "reg add HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell /v ExecutionPolicy /d Bypass /f",
    "REG ADD \"HKEY_CURRENT_USER\\X\" /F",
    "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Get-Disk | Out-File X:\\d.txt\"",
    "PowerShell.exe -ep bypass -f \"C:\\s.ps1\" -Name a",
    "pwsh -c Set-ItemProperty -Path HKLM:\\SOFTWARE\\Microsoft\\PowerShell\\1\\ShellIds\\Microsoft.PowerShell -Name ExecutionPolicy -Value Bypass",
    "powershell -enc UwBlAHQALQBFAHgAZQBjAHUAdABpAG8AbgBQAG8AbABpAGMAeQAgAEIAeQBwAGEAcwBzAA==",
    "cmd /c if exist X:\\D drvload X:\\D\\a.inf",
    "cmd /c \"if 1==1 powershell -File C:\\a.ps1\"",
    "for %i in (a) do powershell -File %i.ps1",
    "cmd /c start \"\" \"%ProgramFiles%\\V\\P\\w.exe\" /first-run /id 3",
    "msiexec /I \"%SystemDrive%\\I\\a.msi\" /QN /norestart",
    "MsiExec.exe -x {GUID} -passive",
    "msiexec /fvomus a.msi /qb-!",
    "cscript //nologo C:\\a.vbs",
    "wusa C:\\a.MSU",
    "choco install git -Y",
    "shutdown -R -t 0",
    "wpeutil Reboot",
    "C:\\Program Files\\App\\setup.exe /q",
    "\"C:\\Program Files\\x.exe\" /q",
    "cmd /c \"\"C:\\Program Files\\x.exe\" /q \"a b\"\"",
    "cmd.exe /c echo Stage 1 >> X:\\log.txt && wpeutil UpdateBootInfo",
    "CMD /S /C \"C:\\Program Files\\x.exe /q\"",
    "%COMSPEC% /q /v:on /c \"echo a && del x.txt | more & (echo b) 2>&1 >nul\"",
    "Enable_ExecutionPolicy.CMD",
    "C:\\Setup\\Run.PS1",
    "net user a b /add",
    "echo.exe hi",
    "cd.. & dir",
    "powershell Restart-Computer -Force",
    "powershell -Command \"& { Stop-Computer }\"; Restart-Computer2",
    "powershell -c \"[Microsoft.Win32.Registry]::CurrentUser.OpenSubKey('x')\"",
    "powershell -c New-ItemProperty Registry::HKEY_CURRENT_USER\\x",
    "C:\\$WINDOWS.~BT\\x.exe",
    "x:\\a.exe c:\\b (c:x) =C:y 'C:'",
    "reg load HKU\\DefaultUser C:\\Users\\Default\\NTUSER.DAT",
    "reg import C:\\a.reg",
    "reg Query HKCU\\x",
    "reg frob HKCU\\x",
    "a\"b c\"d \\\\\"x \"\"\" y",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

fn dump_line(out: &mut String, line: &str) {
    let a = analyse(line);
    writeln!(out, "LINE {line:?}").unwrap();
    writeln!(out, "{a:?}").unwrap();
    for l in explain(&a) {
        writeln!(out, "  | {l}").unwrap();
    }
    writeln!(out, "{}", breakdown(&a)).unwrap();
    writeln!(
        out,
        "{:?} {:?} {:?} {:?} {:?}",
        writes_hkcu(&a),
        shuts_down(&a),
        sets_execution_policy(&a),
        ps1_run_directly(&a),
        is_installer_without_silent(&a)
    )
    .unwrap();
    writeln!(
        out,
        "{:?} {:?}",
        shell_syntax(line),
        shell_syntax_in(line, &a)
    )
    .unwrap();
    writeln!(
        out,
        "{:?} {:?} {:?}",
        split_program(line),
        split_args_detailed(line),
        split_command_line(line)
    )
    .unwrap();
    writeln!(
        out,
        "{:?} {:?} {:?} {:?}",
        find_shell_operator(line),
        split_cmd_segments(line),
        cmd_builtin(line),
        split_args(line)
    )
    .unwrap();
    writeln!(
        out,
        "{:?} {:?} {:?} {:?} {:?}",
        quotes_balanced(line),
        cmd_outer_quotes_stripped(line),
        mentions_drive(line, 'C'),
        mentions_drive(line, 'x'),
        decode_encoded_command(line)
    )
    .unwrap();
}

#[test]
#[ignore]
fn dump_everything() {
    let Ok(path) = std::env::var("UNATTUI_DUMP") else {
        return;
    };
    let mut out = String::new();
    for l in MORE {
        dump_line(&mut out, l);
    }
    let mut rng = Lcg(0xdead_beef);
    let all: Vec<&str> = PIECES_FUZZ.iter().chain(MORE.iter()).copied().collect();
    for n in 0..60_000 {
        let len = rng.next() % 30;
        let pool: &[&str] = if n % 3 == 0 { &all } else { PIECES_FUZZ };
        let line: String = (0..len).map(|_| pool[rng.next() % pool.len()]).collect();
        dump_line(&mut out, &line);
    }
    std::fs::write(path, out).unwrap();
}
