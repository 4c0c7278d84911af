//! User configuration: a TOML file for the theme, mouse, backups, saving with a
//! diff first, and key rebindings by action name. A missing file means
//! defaults; a broken one gives a clear warning and defaults, never a refusal.
//!
//! Where it is read from, first match wins:
//! 1. `$UNATTUI_CONFIG` (a file path);
//! 2. `$XDG_CONFIG_HOME/unattui/config.toml`, on every Unix including macOS;
//! 3. the platform's configuration directory from `directories`
//!    (`~/.config/unattui/config.toml`, `%APPDATA%\unattui\config\config.toml`,
//!    `~/Library/Application Support/unattui/config.toml`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Colour theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Colours.
    Default,
    /// No colours at all: meaning is carried by glyphs, bold and reverse video.
    Monochrome,
}

/// The effective configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Colour theme (`NO_COLOR` forces monochrome regardless).
    pub theme: Theme,
    /// Mouse support (click to select, wheel to scroll).
    pub mouse: bool,
    /// Backup suffix for the previous version on save; `None` turns backups off.
    pub backup: Option<String>,
    /// Show the diff of unsaved changes and ask before saving.
    pub confirm_save_with_diff: bool,
    /// Key rebindings: action name → keys (`"ctrl-s"`, `"q"`, `"f1"`, …).
    pub keys: BTreeMap<String, Vec<String>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: Theme::Default,
            mouse: false,
            backup: Some("~".into()),
            confirm_save_with_diff: false,
            keys: BTreeMap::new(),
        }
    }
}

/// Where the configuration comes from and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The file path, when one could be determined.
    pub path: Option<PathBuf>,
    /// How it was chosen: `UNATTUI_CONFIG`, `XDG_CONFIG_HOME`, `default`, or `none`.
    pub origin: &'static str,
}

/// A loaded configuration with the warnings to show the user.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The effective settings.
    pub config: Config,
    /// Problems found; each names the file and what was done instead.
    pub warnings: Vec<String>,
    /// Where it was read from.
    pub source: Option<Source>,
}

/// The environment lookups, injectable for tests.
pub struct Env<'a> {
    /// Reads an environment variable.
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// The platform's configuration directory for unattui, if any.
    pub default_dir: &'a dyn Fn() -> Option<PathBuf>,
}

fn real_default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "unattui").map(|d| d.config_dir().to_path_buf())
}

/// Where the configuration is read from in this process's environment.
pub fn source() -> Source {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    source_in(&Env {
        var: &var,
        default_dir: &real_default_dir,
    })
}

/// [`source`] with injected lookups.
pub fn source_in(env: &Env) -> Source {
    if let Some(p) = (env.var)("UNATTUI_CONFIG") {
        return Source {
            path: Some(PathBuf::from(p)),
            origin: "UNATTUI_CONFIG",
        };
    }
    if cfg!(unix)
        && let Some(x) = (env.var)("XDG_CONFIG_HOME")
        && Path::new(&x).is_absolute()
    {
        return Source {
            path: Some(Path::new(&x).join("unattui").join("config.toml")),
            origin: "XDG_CONFIG_HOME",
        };
    }
    match (env.default_dir)() {
        Some(d) => Source {
            path: Some(d.join("config.toml")),
            origin: "default",
        },
        None => Source {
            path: None,
            origin: "none",
        },
    }
}

/// Loads the configuration of this process's environment.
pub fn load() -> Loaded {
    let src = source();
    load_from(src)
}

/// Loads from a chosen source.
pub fn load_from(src: Source) -> Loaded {
    let mut out = Loaded {
        source: Some(src.clone()),
        ..Loaded::default()
    };
    let Some(path) = &src.path else {
        return out;
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (config, warnings) = parse(&text);
            out.config = config;
            out.warnings = warnings
                .into_iter()
                .map(|w| format!("{}: {w}", path.display()))
                .collect();
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if src.origin == "UNATTUI_CONFIG" {
                out.warnings.push(format!(
                    "{}: UNATTUI_CONFIG names a file that does not exist; using defaults",
                    path.display()
                ));
            }
        }
        Err(e) => out.warnings.push(format!(
            "{}: cannot be read ({e}); using defaults",
            path.display()
        )),
    }
    out
}

/// Parses configuration text; unknown or wrong entries are warned about and skipped.
pub fn parse(text: &str) -> (Config, Vec<String>) {
    let mut c = Config::default();
    let mut w = Vec::new();
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let at = e.span().map(|s| {
                let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                format!(" (line {line})")
            });
            w.push(format!(
                "not valid TOML{}: {}; using defaults",
                at.unwrap_or_default(),
                e.message()
            ));
            return (c, w);
        }
    };
    for (k, v) in &table {
        match (k.as_str(), v) {
            ("theme", toml::Value::String(s)) => match s.as_str() {
                "default" => c.theme = Theme::Default,
                "monochrome" => c.theme = Theme::Monochrome,
                other => w.push(format!(
                    "theme {other:?} is unknown (default, monochrome); using default"
                )),
            },
            ("mouse", toml::Value::Boolean(b)) => c.mouse = *b,
            ("confirm_save_with_diff", toml::Value::Boolean(b)) => c.confirm_save_with_diff = *b,
            ("backup", toml::Value::Boolean(false)) => c.backup = None,
            ("backup", toml::Value::Boolean(true)) => c.backup = Some("~".into()),
            ("backup", toml::Value::String(s)) if !s.is_empty() && !s.contains(['/', '\\']) => {
                c.backup = Some(s.clone())
            }
            ("keys", toml::Value::Table(t)) => {
                for (action, keys) in t {
                    let list = match keys {
                        toml::Value::String(s) => Some(vec![s.clone()]),
                        toml::Value::Array(a) => {
                            a.iter().map(|k| k.as_str().map(str::to_owned)).collect()
                        }
                        _ => None,
                    };
                    match list {
                        Some(l) => {
                            c.keys.insert(action.clone(), l);
                        }
                        None => w.push(format!("keys.{action} must be a key or a list of keys, like \"ctrl-s\" or [\"q\", \"f10\"]")),
                    }
                }
            }
            ("theme" | "mouse" | "confirm_save_with_diff" | "backup" | "keys", other) => {
                w.push(format!(
                    "{k} has the wrong type ({}); ignored",
                    other.type_str()
                ));
            }
            (other, _) => w.push(format!("unknown setting {other:?}; ignored")),
        }
    }
    (c, w)
}

/// An example configuration file with every setting, for the README and `unattui config --example`.
pub const EXAMPLE: &str = r#"# unattui configuration
theme = "default"               # or "monochrome"
mouse = false                   # click to select, wheel to scroll
backup = "~"                    # suffix for the previous version; false turns backups off
confirm_save_with_diff = false  # show the unsaved changes as a diff before saving

[keys]                          # rebind by action name (see the editor's help, ?)
save = ["ctrl-s", "f2"]
quit = "q"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(
        vars: &'a [(&'a str, &'a str)],
        dir: Option<&'a str>,
    ) -> (
        impl Fn(&str) -> Option<String> + 'a,
        impl Fn() -> Option<PathBuf> + 'a,
    ) {
        (
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            },
            move || dir.map(PathBuf::from),
        )
    }

    #[test]
    fn precedence_override_then_xdg_then_default() {
        let (v, d) = env(
            &[("UNATTUI_CONFIG", "/o/c.toml"), ("XDG_CONFIG_HOME", "/x")],
            Some("/d"),
        );
        assert_eq!(
            source_in(&Env {
                var: &v,
                default_dir: &d
            })
            .origin,
            "UNATTUI_CONFIG"
        );
        let (v, d) = env(&[("XDG_CONFIG_HOME", "/x")], Some("/d"));
        let s = source_in(&Env {
            var: &v,
            default_dir: &d,
        });
        if cfg!(unix) {
            assert_eq!(s.path, Some(PathBuf::from("/x/unattui/config.toml")));
        }
        let (v, d) = env(&[("XDG_CONFIG_HOME", "relative")], Some("/d"));
        assert_eq!(
            source_in(&Env {
                var: &v,
                default_dir: &d
            })
            .path,
            Some(PathBuf::from("/d/config.toml"))
        );
        let (v, d) = env(&[], None);
        assert_eq!(
            source_in(&Env {
                var: &v,
                default_dir: &d
            }),
            Source {
                path: None,
                origin: "none"
            }
        );
    }

    #[test]
    fn parses_every_setting() {
        let (c, w) = parse(EXAMPLE);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            c.keys.get("save"),
            Some(&vec!["ctrl-s".to_owned(), "f2".to_owned()])
        );
        let (c, w) = parse(
            "theme = \"monochrome\"\nmouse = true\nbackup = false\nconfirm_save_with_diff = true\n",
        );
        assert!(w.is_empty());
        assert_eq!(
            (c.theme, c.mouse, c.backup, c.confirm_save_with_diff),
            (Theme::Monochrome, true, None, true)
        );
    }

    #[test]
    fn broken_files_warn_and_use_defaults() {
        let (c, w) = parse("theme = \"monochrome\"\nmouse = [\n");
        assert_eq!(c, Config::default());
        assert!(w[0].contains("not valid TOML (line"), "{w:?}");
        let (c, w) = parse("theme = \"neon\"\nmouse = \"yes\"\ncolour = 1\n");
        assert_eq!(c, Config::default());
        assert_eq!(w.len(), 3, "{w:?}");
    }

    #[test]
    fn missing_override_file_warns() {
        let l = load_from(Source {
            path: Some(PathBuf::from("/nonexistent/unattui.toml")),
            origin: "UNATTUI_CONFIG",
        });
        assert_eq!(l.warnings.len(), 1);
        let l = load_from(Source {
            path: Some(PathBuf::from("/nonexistent/unattui.toml")),
            origin: "default",
        });
        assert!(l.warnings.is_empty());
    }
}
