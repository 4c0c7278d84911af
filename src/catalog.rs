//! The facts unattui knows about answer files, embedded from `assets/catalog/`:
//! the configuration passes and the six command lists (which component and pass
//! each lives in, its item element, fields and limits). Every fact traces to
//! `../shared/spec/answer-file-commands.md`; the section is in each row.
//! [`settings`] adds every documented setting of Microsoft's public settings
//! reference, generated from `../shared/catalog/` by `examples/gen_catalog.rs`.

pub mod settings;

use std::sync::OnceLock;

/// The seven documented configuration passes, in Windows' run order (spec §2:
/// Windows SIM numbers them 1–7 in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PassKind {
    /// 1: Windows PE / Setup start.
    WindowsPE,
    /// 2: image applied, offline.
    OfflineServicing,
    /// 3: `sysprep /generalize`.
    Generalize,
    /// 4: first boot of the image.
    Specialize,
    /// 5: audit mode, system context.
    AuditSystem,
    /// 6: audit mode, built-in Administrator logged on.
    AuditUser,
    /// 7: before Windows Welcome.
    OobeSystem,
}

impl PassKind {
    /// All passes in run order.
    pub const ALL: [PassKind; 7] = [
        PassKind::WindowsPE,
        PassKind::OfflineServicing,
        PassKind::Generalize,
        PassKind::Specialize,
        PassKind::AuditSystem,
        PassKind::AuditUser,
        PassKind::OobeSystem,
    ];

    /// The exact name as written in `<settings pass="…">`.
    pub fn name(self) -> &'static str {
        match self {
            PassKind::WindowsPE => "windowsPE",
            PassKind::OfflineServicing => "offlineServicing",
            PassKind::Generalize => "generalize",
            PassKind::Specialize => "specialize",
            PassKind::AuditSystem => "auditSystem",
            PassKind::AuditUser => "auditUser",
            PassKind::OobeSystem => "oobeSystem",
        }
    }

    /// Parses an exact (case-sensitive) pass name.
    pub fn from_name(name: &str) -> Option<PassKind> {
        PassKind::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Windows SIM's number for the pass (1–7).
    pub fn number(self) -> u8 {
        self as u8 + 1
    }
}

/// Identifies one of the six command lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    /// Microsoft-Windows-Setup / RunSynchronous (windowsPE).
    SetupSync,
    /// Microsoft-Windows-Setup / RunAsynchronous (windowsPE).
    SetupAsync,
    /// Microsoft-Windows-Deployment / RunSynchronous (specialize, auditUser).
    DeploySync,
    /// Microsoft-Windows-Deployment / RunAsynchronous (specialize, auditUser).
    DeployAsync,
    /// Microsoft-Windows-Shell-Setup / FirstLogonCommands (oobeSystem).
    FirstLogon,
    /// Microsoft-Windows-Shell-Setup / LogonCommands (oobeSystem).
    Logon,
}

/// Whether a list has a `RequiresUserInput` child, and whether Windows uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserInput {
    /// No such child.
    Absent,
    /// Present and honoured (FirstLogonCommands).
    Used,
    /// Present but documented as not used (LogonCommands).
    Unused,
}

/// Who a command runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// LocalSystem.
    System,
    /// The logged-on user (in auditUser: the built-in Administrator).
    User,
    /// The first user to log on, elevated if an administrator.
    FirstLogonUser,
}

impl Context {
    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Context::System => "system",
            Context::User => "user",
            Context::FirstLogonUser => "first logon user",
        }
    }
}

/// The facts about one command list.
#[derive(Clone, Debug)]
pub struct ListSpec {
    /// Which list.
    pub kind: ListKind,
    /// Owning component's name.
    pub component: &'static str,
    /// Container element (`RunSynchronous`, …).
    pub container: &'static str,
    /// Item element (`RunSynchronousCommand`, …).
    pub item: &'static str,
    /// The element holding what runs: `Path` or `CommandLine`.
    pub program: &'static str,
    /// Passes where the list is valid.
    pub passes: Vec<PassKind>,
    /// Synchronous (one at a time, in Order) or asynchronous.
    pub synchronous: bool,
    /// Has a `WillReboot` child.
    pub will_reboot: bool,
    /// `RequiresUserInput` child.
    pub requires_user_input: UserInput,
    /// Has a `Credentials` child.
    pub credentials: bool,
    /// The documented spelling of the credentials' user-name element.
    pub user_name: &'static str,
    /// Allowed Order values, inclusive.
    pub order_range: (u32, u32),
    /// Maximum program length in characters.
    pub program_max: usize,
    /// True when exceeding `program_max` is an error (documented), false for a warning.
    pub program_max_is_error: bool,
    /// Maximum Description length in characters, when documented.
    pub description_max: Option<usize>,
    /// Who commands run as, per pass.
    pub context: Vec<(PassKind, Context)>,
    /// Where the facts come from.
    pub source: &'static str,
}

impl ListSpec {
    /// The context commands run in during `pass` (system when unknown).
    pub fn context_in(&self, pass: Option<PassKind>) -> Context {
        self.context
            .iter()
            .find(|(p, _)| Some(*p) == pass)
            .or(self.context.first())
            .map(|&(_, c)| c)
            .unwrap_or(Context::System)
    }

    /// Human label: `Deployment › RunSynchronous`.
    pub fn label(&self) -> String {
        format!(
            "{} › {}",
            self.component.trim_start_matches("Microsoft-Windows-"),
            self.container
        )
    }
}

const LISTS_TSV: &str = include_str!("../assets/catalog/command-lists.tsv");

/// All six command lists, in a fixed order (SetupSync first).
pub fn lists() -> &'static [ListSpec] {
    static LISTS: OnceLock<Vec<ListSpec>> = OnceLock::new();
    LISTS.get_or_init(|| {
        split_at_byte(LISTS_TSV, b'\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.trim().is_empty())
            .map(parse_row)
            .collect()
    })
}

/// `text` split at each `sep` (ASCII), as `str::split` splits it but searching with `memchr`:
/// `str::split`'s searcher costs more to start on each of the catalog's short pieces than the
/// search itself, and showed in profiles of start-up.
fn split_at_byte(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match memchr::memchr(sep, t.as_bytes()) {
            Some(i) => {
                rest = t.get(i + 1..);
                t.get(..i)
            }
            None => {
                rest = None;
                Some(t)
            }
        }
    })
}

/// The spec of one list.
pub fn list(kind: ListKind) -> &'static ListSpec {
    &lists()[kind as usize]
}

/// The list whose component (case-insensitive) and container match.
pub fn list_for(component: &str, container: &str) -> Option<&'static ListSpec> {
    lists()
        .iter()
        .find(|l| l.container == container && l.component.eq_ignore_ascii_case(component))
}

/// Any list with this container element name, whatever its component.
pub fn lists_named(container: &str) -> impl Iterator<Item = &'static ListSpec> {
    lists().iter().filter(move |l| l.container == container)
}

fn parse_row(line: &'static str) -> ListSpec {
    let mut c = [""; 17];
    for (slot, field) in c.iter_mut().zip(split_at_byte(line, b'\t')) {
        *slot = field;
    }
    let yes = |s: &str| s == "yes";
    let kind = match c[0] {
        "setup-sync" => ListKind::SetupSync,
        "setup-async" => ListKind::SetupAsync,
        "deploy-sync" => ListKind::DeploySync,
        "deploy-async" => ListKind::DeployAsync,
        "first-logon" => ListKind::FirstLogon,
        _ => ListKind::Logon,
    };
    // The `ref` cells: facts read from the settings reference, without parsing its rows.
    let component = settings::component_id(c[1]);
    let ref_max = |field: &str| {
        let path = [c[2], c[3], field].join("/");
        component.and_then(|id| settings::stated_max_len(id, &path))
    };
    let passes = if c[5] == "ref" {
        component
            .and_then(|id| settings::stated_passes(id, c[2]))
            .map(|p| p.names().filter_map(PassKind::from_name).collect())
            .unwrap_or_default()
    } else {
        c[5].split(',').filter_map(PassKind::from_name).collect()
    };
    let (lo, hi) = c[11].split_once("..").unwrap_or(("1", "500"));
    let context = c[15]
        .split(',')
        .filter_map(|pc| {
            let (p, ctx) = pc.split_once('=')?;
            let ctx = match ctx {
                "system" => Context::System,
                "first-logon-user" => Context::FirstLogonUser,
                _ => Context::User,
            };
            Some((PassKind::from_name(p)?, ctx))
        })
        .collect();
    ListSpec {
        kind,
        component: c[1],
        container: c[2],
        item: c[3],
        program: c[4],
        passes,
        synchronous: yes(c[6]),
        will_reboot: yes(c[7]),
        requires_user_input: match c[8] {
            "used" => UserInput::Used,
            "unused" => UserInput::Unused,
            _ => UserInput::Absent,
        },
        credentials: yes(c[9]),
        user_name: c[10],
        order_range: (lo.parse().unwrap_or(1), hi.parse().unwrap_or(500)),
        program_max: if c[12] == "ref" {
            ref_max(c[4]).unwrap_or(usize::MAX)
        } else {
            c[12].parse().unwrap_or(usize::MAX)
        },
        program_max_is_error: c[13] == "error",
        description_max: if c[14] == "ref" {
            ref_max("Description")
        } else {
            c[14].parse().ok().filter(|&n| n > 0)
        },
        context,
        source: c[16],
    }
}

/// The unattend namespace (spec §1.1).
pub const NS_UNATTEND: &str = "urn:schemas-microsoft-com:unattend";
/// The `wcm` namespace for `wcm:action` (spec §1.1).
pub const NS_WCM: &str = "http://schemas.microsoft.com/WMIConfig/2002/State";
/// The `xsi` namespace (spec §1.1).
pub const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// Microsoft's public key token, on every Microsoft component (spec §1.1).
pub const MS_PUBLIC_KEY_TOKEN: &str = "31bf3856ad364e35";
/// Architectures offered for new components (spec §1.1: used in practice).
pub const ARCHITECTURES: [&str; 4] = ["amd64", "x86", "arm64", "wow64"];
/// Every architecture the XSD pattern accepts (spec §1.1), compared case-insensitively.
pub const XSD_ARCHITECTURES: [&str; 10] = [
    "x86", "amd64", "arm64", "wow64", "ia64", "arm", "msil", "shx", "data", "neutral",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// One catalog: every fact of a command list that the settings reference
    /// also states is read from it, and what only the spec states agrees with it.
    #[test]
    fn command_lists_agree_with_the_settings_reference() {
        for l in lists() {
            let base = format!("{}/{}", l.container, l.item);
            let item = settings::setting(l.component, &base)
                .unwrap_or_else(|| panic!("{base} not in the reference"));
            assert!(item.list_item, "{base} is a list item");
            for f in crate::answer::FieldKind::ALL {
                if f.applies_to(l) {
                    let path = if f.in_credentials() {
                        format!("{base}/Credentials/{}", f.element(l))
                    } else {
                        format!("{base}/{}", f.element(l))
                    };
                    assert!(
                        settings::setting(l.component, &path).is_some(),
                        "{path} not in the reference"
                    );
                }
            }
            assert!(!l.passes.is_empty());
        }
    }

    #[test]
    fn six_lists_in_kind_order() {
        assert_eq!(lists().len(), 6);
        for (i, l) in lists().iter().enumerate() {
            assert_eq!(l.kind as usize, i);
        }
        let d = list(ListKind::DeploySync);
        assert_eq!(d.passes, vec![PassKind::Specialize, PassKind::AuditUser]);
        assert!(d.will_reboot && d.synchronous && d.program_max_is_error);
        assert_eq!(d.context_in(Some(PassKind::AuditUser)), Context::User);
        assert_eq!(list(ListKind::Logon).description_max, Some(256));
        assert_eq!(list(ListKind::SetupSync).description_max, None);
        assert_eq!(list(ListKind::DeploySync).program_max, 259);
        assert_eq!(list(ListKind::FirstLogon).program_max, 1024);
        assert_eq!(list(ListKind::SetupAsync).passes, vec![PassKind::WindowsPE]);
        assert_eq!(list(ListKind::Logon).passes, vec![PassKind::OobeSystem]);
        assert_eq!(
            list_for("microsoft-windows-shell-setup", "FirstLogonCommands").map(|l| l.kind),
            Some(ListKind::FirstLogon)
        );
    }
}
