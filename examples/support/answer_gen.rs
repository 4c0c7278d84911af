//! Realistic synthetic answer files, deterministic by seed (standard library only).
//!
//! Shared by `examples/gen-answer-file.rs`, the benchmarks and `tests/gen.rs`
//! through `#[path]`, so the three always see the same generator.
//!
//! The shape follows what deployment tools write: one `<settings>` block per
//! pass that runs commands (windowsPE, specialize, auditUser, oobeSystem), each
//! holding the component that owns that pass's command lists
//! (Microsoft-Windows-Setup, -Deployment, -Shell-Setup) with the standard
//! attributes and `xmlns:wcm`, and in it the synchronous and the asynchronous
//! list. A list holds at most 500 commands (Order is 1..500), so large files
//! repeat each component once per processor architecture. The four current
//! architectures give room for 16 000 commands; beyond that the generator uses
//! the other values the schema accepts (ia64, arm, msil, shx, data, neutral),
//! which gives room for 40 000 commands with no lint error. Past 40 000 an
//! architecture repeats within a pass and the file gets U014 errors: there are
//! only seven passes and the schema allows one list of each kind per component.
//!
//! Command lines are drawn from the things answer files really do (reg add,
//! msiexec /qn, PowerShell with an execution policy, cmd /c chains with `&&`,
//! `%ProgramFiles%` paths), written so that the linter's "will it run" rules
//! stay quiet: X: in windowsPE, HKLM where commands run as SYSTEM, HKCU only at
//! first logon, silent switches on installers.

#![allow(dead_code)]

use std::fmt::Write as _;

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    /// Number of command items in the whole file.
    pub commands: usize,
    /// Seed of the pseudo-random choices; equal seeds give equal bytes.
    pub seed: u64,
    /// `\r\n` line ends (as Windows SIM writes) instead of `\n`.
    pub crlf: bool,
    /// One tab per level instead of spaces.
    pub tabs: bool,
    /// Spaces per level when not using tabs.
    pub indent_width: usize,
}

impl Default for GenOptions {
    fn default() -> GenOptions {
        GenOptions {
            commands: TYPICAL_COMMANDS,
            seed: 1,
            crlf: true,
            tabs: false,
            indent_width: 4,
        }
    }
}

/// Command count of the "typical" small file (about 6 KB).
pub const TYPICAL_COMMANDS: usize = 10;

/// Most commands one list may hold (Order 1..500).
pub const LIST_MAX: usize = 500;

/// Architectures in the order they are used: the four current ones first.
pub const ARCHES: [&str; 10] = [
    "amd64", "x86", "arm64", "wow64", "ia64", "arm", "msil", "shx", "data", "neutral",
];

/// The pass / component slots that own command lists, in file order.
const SLOTS: [Slot; 4] = [
    Slot {
        pass: "windowsPE",
        component: "Microsoft-Windows-Setup",
        lists: [
            ("RunSynchronous", "RunSynchronousCommand", "Path"),
            ("RunAsynchronous", "RunAsynchronousCommand", "Path"),
        ],
        ctx: Ctx::WinPe,
    },
    Slot {
        pass: "specialize",
        component: "Microsoft-Windows-Deployment",
        lists: [
            ("RunSynchronous", "RunSynchronousCommand", "Path"),
            ("RunAsynchronous", "RunAsynchronousCommand", "Path"),
        ],
        ctx: Ctx::System,
    },
    Slot {
        pass: "auditUser",
        component: "Microsoft-Windows-Deployment",
        lists: [
            ("RunSynchronous", "RunSynchronousCommand", "Path"),
            ("RunAsynchronous", "RunAsynchronousCommand", "Path"),
        ],
        ctx: Ctx::AuditUser,
    },
    Slot {
        pass: "oobeSystem",
        component: "Microsoft-Windows-Shell-Setup",
        lists: [
            ("FirstLogonCommands", "SynchronousCommand", "CommandLine"),
            ("LogonCommands", "AsynchronousCommand", "CommandLine"),
        ],
        ctx: Ctx::Logon,
    },
];

struct Slot {
    pass: &'static str,
    component: &'static str,
    /// (container, item, program element): synchronous list first.
    lists: [(&'static str, &'static str, &'static str); 2],
    ctx: Ctx,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Windows PE: SYSTEM, drive X:.
    WinPe,
    /// specialize: SYSTEM on the new installation.
    System,
    /// auditUser: the built-in Administrator.
    AuditUser,
    /// oobeSystem logon commands: a user.
    Logon,
}

/// SplitMix64: tiny, fast and fixed by its definition.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const VENDORS: [&str; 8] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Litware",
    "AdventureWorks",
    "Tailspin",
    "Woodgrove",
    "Proseware",
];
const PRODUCTS: [&str; 10] = [
    "Agent",
    "Client",
    "Runtime",
    "Monitor",
    "Backup",
    "VPN",
    "Office Tools",
    "Endpoint",
    "Print Driver",
    "Updater",
];
const WORDS: [&str; 12] = [
    "telemetry",
    "defaults",
    "branding",
    "power plan",
    "firewall rule",
    "time sync",
    "proxy",
    "certificates",
    "drivers",
    "language pack",
    "local policy",
    "cleanup",
];

/// Output writer with the chosen indentation and line end.
struct Out {
    s: String,
    eol: &'static str,
    unit: String,
}

impl Out {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.s.push_str(&self.unit);
        }
        self.s.push_str(text);
        self.s.push_str(self.eol);
    }
}

/// Generates the file text. Equal options give equal text.
pub fn generate(opts: &GenOptions) -> String {
    let mut rng = Rng(opts.seed ^ 0x005E_ED0F_A115);
    let mut out = Out {
        s: String::with_capacity(opts.commands * 360 + 4096),
        eol: if opts.crlf { "\r\n" } else { "\n" },
        unit: if opts.tabs {
            "\t".to_owned()
        } else {
            " ".repeat(opts.indent_width)
        },
    };
    // Lists needed: eight per architecture (two per slot), filled round-robin.
    let per_arch = SLOTS.len() * 2 * LIST_MAX;
    let arches = opts.commands.div_ceil(per_arch).max(1);
    let n_lists = arches * SLOTS.len() * 2;
    let count_of =
        |list: usize| opts.commands / n_lists + usize::from(list < opts.commands % n_lists);

    out.line(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    out.line(0, "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">");
    let mut global = 0usize;
    for (si, slot) in SLOTS.iter().enumerate() {
        out.line(1, &format!("<settings pass=\"{}\">", slot.pass));
        for a in 0..arches {
            // Past the ten architectures the schema knows, names repeat (U014).
            let arch = ARCHES[a % ARCHES.len()];
            out.line(
                2,
                &format!(
                    "<component name=\"{}\" processorArchitecture=\"{arch}\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">",
                    slot.component
                ),
            );
            for (k, &(container, item, program)) in slot.lists.iter().enumerate() {
                // Interleave list numbering so small files spread over every list.
                let list_index = (k * SLOTS.len() + si) * arches + a;
                let n = count_of(list_index);
                if n == 0 {
                    continue;
                }
                out.line(3, &format!("<{container}>"));
                for order in 1..=n {
                    if order % 40 == 1 && n > 1 {
                        let stage = order / 40 + 1;
                        out.line(
                            4,
                            &format!(
                                "<!-- Stage {stage}: {} {} -->",
                                rng.pick(&VENDORS),
                                rng.pick(&WORDS)
                            ),
                        );
                    }
                    global += 1;
                    let sync = k == 0;
                    command(
                        &mut out, &mut rng, slot.ctx, sync, item, program, order, global,
                    );
                }
                out.line(3, &format!("</{container}>"));
            }
            if a == 0 {
                settings_for(&mut out, slot.ctx);
            }
            out.line(2, "</component>");
        }
        out.line(1, "</settings>");
    }
    out.line(0, "</unattend>");
    out.s
}

/// A few ordinary settings beside the commands of the first component.
fn settings_for(out: &mut Out, ctx: Ctx) {
    match ctx {
        Ctx::WinPe => {
            out.line(3, "<UserData>");
            out.line(4, "<AcceptEula>true</AcceptEula>");
            out.line(4, "<FullName>IT Department</FullName>");
            out.line(4, "<Organization>Contoso Ltd.</Organization>");
            out.line(3, "</UserData>");
        }
        Ctx::System | Ctx::AuditUser => {}
        Ctx::Logon => {
            out.line(3, "<OOBE>");
            out.line(4, "<HideEULAPage>true</HideEULAPage>");
            out.line(
                4,
                "<HideOnlineAccountScreens>true</HideOnlineAccountScreens>",
            );
            out.line(4, "<ProtectYourPC>3</ProtectYourPC>");
            out.line(3, "</OOBE>");
            out.line(3, "<TimeZone>W. Europe Standard Time</TimeZone>");
            out.line(3, "<RegisteredOwner>IT Department</RegisteredOwner>");
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn command(
    out: &mut Out,
    rng: &mut Rng,
    ctx: Ctx,
    sync: bool,
    item: &str,
    program: &str,
    order: usize,
    n: usize,
) {
    let (line, what) = command_line(rng, ctx, n);
    out.line(4, &format!("<{item} wcm:action=\"add\">"));
    out.line(5, &format!("<Order>{order}</Order>"));
    out.line(5, &format!("<{program}>{}</{program}>", escape(&line)));
    // Most commands carry a description; hand-written files often skip it.
    if rng.below(3) != 0 {
        out.line(5, &format!("<Description>{}</Description>", escape(&what)));
    }
    if sync && ctx != Ctx::WinPe && ctx != Ctx::Logon && rng.below(6) == 0 {
        let w = rng.pick(&["Never", "Never", "OnRequest"]);
        out.line(5, &format!("<WillReboot>{w}</WillReboot>"));
    }
    if sync && ctx == Ctx::Logon && rng.below(3) == 0 {
        out.line(5, "<RequiresUserInput>false</RequiresUserInput>");
    }
    out.line(4, &format!("</{item}>"));
}

/// One command line and its description, suited to where it runs.
fn command_line(rng: &mut Rng, ctx: Ctx, n: usize) -> (String, String) {
    let vendor = rng.pick(&VENDORS);
    let product = rng.pick(&PRODUCTS);
    let word = rng.pick(&WORDS);
    let compact: String = product.chars().filter(|c| *c != ' ').collect();
    let mut line = String::new();
    let what = match (ctx, rng.below(6)) {
        (Ctx::WinPe, 0 | 1) => {
            let _ = write!(
                line,
                "reg add \"HKLM\\SYSTEM\\Setup\\LabConfig\" /v {vendor}Check{n} /t REG_DWORD /d 1 /f"
            );
            format!("Relax the {word} check {n} for {vendor} hardware")
        }
        (Ctx::WinPe, 2) => {
            let _ = write!(
                line,
                "cmd /c echo Stage {n} &gt;&gt; X:\\Windows\\Temp\\setup.log && wpeutil UpdateBootInfo"
            );
            format!("Log stage {n} and refresh the boot information")
        }
        (Ctx::WinPe, 3) => {
            let _ = write!(
                line,
                "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Get-Disk -Number 0 | Out-File X:\\Windows\\Temp\\disk{n}.txt\""
            );
            format!("Record disk layout ({n})")
        }
        (Ctx::WinPe, _) => {
            let _ = write!(
                line,
                "cmd /c if exist X:\\Drivers\\{vendor}{n} drvload X:\\Drivers\\{vendor}{n}\\{compact}.inf"
            );
            format!("Load {vendor} {product} storage driver {n} in Windows PE")
        }
        (Ctx::Logon, 0) => {
            let _ = write!(
                line,
                "reg add \"HKCU\\Software\\{vendor}\\{compact}\" /v Setting{n} /t REG_SZ /d \"{word}\" /f"
            );
            format!("Set the user's {word} preference for {vendor} {product}")
        }
        (Ctx::Logon, 1) => {
            let _ = write!(
                line,
                "cmd /c start \"\" \"%ProgramFiles%\\{vendor}\\{product}\\welcome.exe\" /first-run /id {n}"
            );
            format!("Show the {vendor} {product} welcome screen")
        }
        (_, 0) => {
            let _ = write!(
                line,
                "reg add \"HKLM\\SOFTWARE\\Policies\\{vendor}\\{compact}\" /v Option{n} /t REG_DWORD /d {} /f",
                rng.below(2)
            );
            format!("Configure {word} policy {n} for {vendor} {product}")
        }
        (_, 1) => {
            let _ = write!(
                line,
                "msiexec /i \"%SystemDrive%\\Installers\\{vendor}\\{compact}-{n}.msi\" /qn /norestart"
            );
            format!("Install {vendor} {product} silently (package {n})")
        }
        (_, 2) => {
            let _ = write!(
                line,
                "powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"%SystemDrive%\\Setup\\{compact}-{n}.ps1\""
            );
            format!("Run the {word} script for {vendor} {product}")
        }
        (_, 3) => {
            let _ = write!(
                line,
                "cmd /c mkdir \"%ProgramFiles%\\{vendor}\\{product}\" && copy /y \"%SystemDrive%\\Setup\\{compact}{n}.cfg\" \"%ProgramFiles%\\{vendor}\\{product}\""
            );
            format!("Copy {vendor} {product} configuration {n} & create its folder")
        }
        (_, 4) => {
            let _ = write!(
                line,
                "powershell -NoProfile -ExecutionPolicy Bypass -Command \"Set-Service -Name {compact}{n} -StartupType Automatic\""
            );
            format!("Start the {vendor} {product} service automatically")
        }
        (_, _) => {
            let _ = write!(
                line,
                "schtasks /create /tn \"{vendor}\\{compact} {word} {n}\" /tr \"'%ProgramFiles%\\{vendor}\\{product}\\task.exe' /run\" /sc daily /st 03:{:02} /f",
                n % 60
            );
            format!("Schedule the nightly {word} task for {vendor} {product}")
        }
    };
    (line, what)
}

/// Escapes `&` and `<` (and a literal `>` for symmetry); `&gt;` already
/// written by a template is kept as it is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("&gt;") {
            out.push_str("&gt;");
            rest = after;
            continue;
        }
        out.push_str(match tail.as_bytes()[0] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// Parses the example's command line: `--commands N`, `--typical`, `--seed S`,
/// `--lf`, `--tabs`, `--indent N`, `--out FILE`. Returns the options and the
/// output path, or a message.
pub fn parse_args(args: &[String]) -> Result<(GenOptions, Option<String>), String> {
    let mut opts = GenOptions::default();
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--commands" => {
                opts.commands = value("--commands")?
                    .parse()
                    .map_err(|_| "--commands takes a number".to_owned())?
            }
            "--typical" => opts.commands = TYPICAL_COMMANDS,
            "--seed" => {
                opts.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes a number".to_owned())?
            }
            "--lf" => opts.crlf = false,
            "--crlf" => opts.crlf = true,
            "--tabs" => opts.tabs = true,
            "--indent" => {
                opts.tabs = false;
                opts.indent_width = value("--indent")?
                    .parse()
                    .map_err(|_| "--indent takes a number of spaces".to_owned())?
            }
            "--out" | "-o" => out = Some(value("--out")?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok((opts, out))
}
