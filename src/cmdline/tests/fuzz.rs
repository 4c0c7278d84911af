//! Pseudo-random input for every public function: nothing may panic.

use crate::cmdline::{
    analyse, cmd_builtin, cmd_outer_quotes_stripped, decode_encoded_command, find_shell_operator,
    is_installer_without_silent, mentions_drive, ps1_run_directly, quotes_balanced,
    sets_execution_policy, shell_syntax, shuts_down, split_args, split_args_detailed,
    split_cmd_segments, split_command_line, split_program, writes_hkcu,
};

/// Pieces the generator glues together: quoting and shell characters,
/// multi-byte characters, and words the parsers react to.
const PIECES: &[&str] = &[
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

/// A small linear congruential generator (Knuth's MMIX constants).
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

/// Calls every public function on `line`.
fn exercise(line: &str) {
    let a = analyse(line);
    let _ = (
        writes_hkcu(&a),
        shuts_down(&a),
        sets_execution_policy(&a),
        ps1_run_directly(&a),
        is_installer_without_silent(&a),
    );
    if let Some(hit) = shell_syntax(line) {
        assert!(line.get(hit.offset..).is_some(), "offset in {line:?}");
    }
    if let Some((at, _)) = find_shell_operator(line) {
        assert!(line.is_char_boundary(at));
    }
    let (token, rest) = split_program(line);
    assert!(line.ends_with(rest));
    let _ = (token, split_args(rest), split_args_detailed(line));
    let _ = (
        split_command_line(line),
        split_cmd_segments(line),
        cmd_builtin(line),
    );
    let _ = (quotes_balanced(line), cmd_outer_quotes_stripped(line));
    let _ = (mentions_drive(line, 'C'), mentions_drive(line, 'é'));
    let _ = decode_encoded_command(line);
}

#[test]
fn random_lines_do_not_panic() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..4000 {
        let len = rng.next() % 40;
        let line: String = (0..len)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        exercise(&line);
    }
}

#[test]
fn long_and_deep_lines_do_not_panic() {
    let long = "é\"\\ &|>".repeat(20_000);
    exercise(&long);
    exercise(&"cmd /c ".repeat(5_000));
    exercise(&format!(
        "powershell -c {}",
        "cmd /c powershell -c ".repeat(2_000)
    ));
    exercise(&"\\".repeat(50_000));
    exercise(&format!("powershell -e {}", "QUJD".repeat(10_000)));
}
