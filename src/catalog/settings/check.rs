//! Checks a value against a setting's documented type and limits.
//!
//! Decisions, where the reference leaves room:
//! - `bool` accepts `true` and `false` in any case. The shared catalog README says `type=bool`
//!   means the documented values are true/false and that an `enum=True|False` beside it only
//!   records the page's capitalised spelling, so that enum is not enforced for booleans.
//! - Enumerations compare exactly (after trimming surrounding whitespace); a value that differs
//!   only in case is reported as [`ValueProblem::WrongCase`].
//! - `max_len=N` counts characters (Unicode scalar values); `max_len=N bytes` (only
//!   `ComputerName`, a 15-byte NetBIOS name) counts bytes of the UTF-8 text. Windows counts the
//!   name in its OEM code page, where most accented letters take one byte, so a non-ASCII name
//!   may be flagged although Windows would take it; such names are unwise anyway.
//! - Numbers, booleans and enumerations ignore surrounding whitespace; lengths count it.
//! - `recommended_max_len` is advice and is not checked; `pattern` is enforced only in the
//!   single-character-class form the catalog uses (`[C-Z]`); any other pattern passes.

use thiserror::Error;

use super::{Kind, LenUnit, SettingInfo, ValueType};

/// Why a value is not valid for a setting; `Display` gives a plain-words message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueProblem {
    /// Text inside an element that should only hold child elements.
    #[error("{} holds child elements, not text; found \"{}\"", .setting, shown(.value))]
    ContainerText {
        /// The container's name.
        setting: &'static str,
        /// The text found.
        value: String,
    },
    /// Empty, but the setting needs a value.
    #[error("{} must not be empty; expected {}", .setting, .expected)]
    Empty {
        /// The setting's name.
        setting: &'static str,
        /// What is allowed, in words.
        expected: String,
    },
    /// Not `true`/`false`.
    #[error("\"{}\" is not a boolean; use true or false", shown(.value))]
    NotBool {
        /// The value found.
        value: String,
    },
    /// Not a whole number.
    #[error("\"{}\" is not a whole number", shown(.value))]
    NotInt {
        /// The value found.
        value: String,
    },
    /// A number outside the documented inclusive range.
    #[error("{value} is out of range; allowed: {lo} to {hi}")]
    OutOfRange {
        /// The number found.
        value: i64,
        /// Smallest allowed.
        lo: i64,
        /// Largest allowed.
        hi: i64,
    },
    /// A number below the documented minimum.
    #[error("{value} is too small; the minimum is {min}")]
    BelowMin {
        /// The number found.
        value: i64,
        /// Smallest allowed.
        min: i64,
    },
    /// A number that is not a combination of the documented flags.
    #[error("{value} is not a combination of the flags {}", join(.flags))]
    NotFlags {
        /// The number found.
        value: i64,
        /// The flags that may be combined.
        flags: Vec<i64>,
    },
    /// Not one of the documented values.
    #[error("\"{}\" is not an allowed value; allowed: {}", shown(.value), .allowed.join(", "))]
    NotInEnum {
        /// The value found.
        value: String,
        /// The documented values.
        allowed: Vec<&'static str>,
    },
    /// One of the documented values, but in the wrong case.
    #[error("\"{}\" has the wrong case; write \"{}\"", shown(.value), .expected)]
    WrongCase {
        /// The value found.
        value: String,
        /// The documented spelling.
        expected: &'static str,
    },
    /// Longer than allowed.
    #[error("\"{}\" is {len} {} long; at most {max} allowed", shown(.value), unit_word(*.unit))]
    TooLong {
        /// The value found.
        value: String,
        /// Its length in `unit`.
        len: usize,
        /// The documented maximum.
        max: usize,
        /// What is counted.
        unit: LenUnit,
    },
    /// Shorter than allowed.
    #[error("\"{}\" is {len} characters long; at least {min} needed", shown(.value))]
    TooShort {
        /// The value found.
        value: String,
        /// Its length in characters.
        len: usize,
        /// The documented minimum.
        min: usize,
    },
    /// Does not match the documented pattern.
    #[error("\"{}\" does not match {}", shown(.value), pattern_words(.pattern))]
    Pattern {
        /// The value found.
        value: String,
        /// The pattern, e.g. `[C-Z]`.
        pattern: &'static str,
    },
}

/// Checks `value` (the element's text, or the attribute's value for a key attribute) against
/// `info`. See the module documentation for the decisions taken where the reference is vague.
pub fn check_value(info: &SettingInfo, value: &str) -> Result<(), ValueProblem> {
    let c = &info.constraints;
    let trimmed = value.trim();
    if info.kind == Kind::Container {
        return if trimmed.is_empty() {
            Ok(())
        } else {
            Err(ValueProblem::ContainerText {
                setting: info.name(),
                value: value.to_string(),
            })
        };
    }
    let numeric = info.value_type == ValueType::Int
        || c.range.is_some()
        || c.min.is_some()
        || !c.flags.is_empty();
    if value.is_empty() {
        let typed = numeric
            || !c.enum_values.is_empty()
            || matches!(info.value_type, ValueType::Bool | ValueType::Enum);
        return if c.empty_ok == Some(false) || (typed && c.empty_ok != Some(true)) {
            Err(ValueProblem::Empty {
                setting: info.name(),
                expected: expected_words(info),
            })
        } else {
            Ok(())
        };
    }
    if info.value_type == ValueType::Bool {
        return if trimmed.eq_ignore_ascii_case("true") || trimmed.eq_ignore_ascii_case("false") {
            Ok(())
        } else {
            Err(ValueProblem::NotBool {
                value: value.to_string(),
            })
        };
    }
    if !c.enum_values.is_empty() {
        if c.enum_values.contains(&trimmed) {
            return Ok(());
        }
        if let Some(expected) = c
            .enum_values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(trimmed))
        {
            return Err(ValueProblem::WrongCase {
                value: value.to_string(),
                expected,
            });
        }
        return Err(ValueProblem::NotInEnum {
            value: value.to_string(),
            allowed: c.enum_values.clone(),
        });
    }
    if numeric {
        let n: i64 = trimmed.parse().map_err(|_| ValueProblem::NotInt {
            value: value.to_string(),
        })?;
        if let Some((lo, hi)) = c.range
            && !(lo..=hi).contains(&n)
        {
            return Err(ValueProblem::OutOfRange { value: n, lo, hi });
        }
        if let Some(min) = c.min
            && n < min
        {
            return Err(ValueProblem::BelowMin { value: n, min });
        }
        if !c.flags.is_empty() {
            let mask = c.flags.iter().fold(0i64, |m, f| m | f);
            if n < 0 || n & !mask != 0 {
                return Err(ValueProblem::NotFlags {
                    value: n,
                    flags: c.flags.clone(),
                });
            }
        }
    }
    if let Some((max, unit)) = c.max_len {
        let len = match unit {
            LenUnit::Chars => value.chars().count(),
            LenUnit::Bytes => value.len(),
        };
        if len > max {
            return Err(ValueProblem::TooLong {
                value: value.to_string(),
                len,
                max,
                unit,
            });
        }
    }
    if let Some(min) = c.min_len {
        let len = value.chars().count();
        if len < min {
            return Err(ValueProblem::TooShort {
                value: value.to_string(),
                len,
                min,
            });
        }
    }
    if let Some(pattern) = c.pattern
        && class_match(pattern, value) == Some(false)
    {
        return Err(ValueProblem::Pattern {
            value: value.to_string(),
            pattern,
        });
    }
    Ok(())
}

/// Matches a one-character class such as `[C-Z]` or `[A-Fa-f0-9_]` against the whole value.
/// `None` when the pattern is not of that form (then it is not enforced).
fn class_match(pattern: &str, value: &str) -> Option<bool> {
    let body: Vec<char> = pattern
        .strip_prefix('[')?
        .strip_suffix(']')?
        .chars()
        .collect();
    if body.is_empty() || body.first() == Some(&'^') {
        return None;
    }
    let mut chars = value.chars();
    let (Some(ch), None) = (chars.next(), chars.next()) else {
        return Some(false);
    };
    let mut i = 0;
    while let Some(&lo) = body.get(i) {
        if body.get(i + 1) == Some(&'-')
            && let Some(&hi) = body.get(i + 2)
        {
            if (lo..=hi).contains(&ch) {
                return Some(true);
            }
            i += 3;
        } else {
            if lo == ch {
                return Some(true);
            }
            i += 1;
        }
    }
    Some(false)
}

/// What a setting accepts, in words, for the "must not be empty" message.
fn expected_words(info: &SettingInfo) -> String {
    let c = &info.constraints;
    if info.value_type == ValueType::Bool {
        "true or false".to_string()
    } else if !c.enum_values.is_empty() {
        format!("one of {}", c.enum_values.join(", "))
    } else if let Some((lo, hi)) = c.range {
        format!("a whole number from {lo} to {hi}")
    } else if info.value_type == ValueType::Int || c.min.is_some() || !c.flags.is_empty() {
        "a whole number".to_string()
    } else {
        "some text".to_string()
    }
}

fn pattern_words(pattern: &str) -> String {
    match pattern {
        "[C-Z]" => "[C-Z] (one uppercase letter from C to Z)".to_string(),
        p => p.to_string(),
    }
}

fn unit_word(unit: LenUnit) -> &'static str {
    match unit {
        LenUnit::Chars => "characters",
        LenUnit::Bytes => "bytes (UTF-8)",
    }
}

fn join(flags: &[i64]) -> String {
    flags
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value as shown in a message: long values are cut to 60 characters.
fn shown(value: &str) -> String {
    if value.chars().count() > 60 {
        let head: String = value.chars().take(57).collect();
        format!("{head}...")
    } else {
        value.to_string()
    }
}
