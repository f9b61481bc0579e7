//! `config.toml` in the data folder: the learner's scheduling settings (a `SchedulerConfig`,
//! whose defaults are Anki's; fitted FSRS parameters live in the database instead). Unknown keys and bad
//! values are errors naming the line and the key, never silently ignored.

use crate::srs::SchedulerConfig;
use serde::Deserialize;
use std::path::Path;
use thiserror::Error;
use toml::Spanned;

pub const CONFIG_FILE: &str = "config.toml";

#[derive(Debug, Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct SettingsError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    desired_retention: Option<Spanned<f64>>,
    new_per_day: Option<Spanned<i64>>,
    new_per_day_total: Option<Spanned<i64>>,
    max_interval_days: Option<Spanned<i64>>,
    learning_steps: Option<Spanned<Vec<String>>>,
    relearning_steps: Option<Spanned<Vec<String>>>,
    leech_threshold: Option<Spanned<i64>>,
}

/// Reads `<dir>/config.toml`; a missing file means the defaults.
pub fn load_settings(dir: &Path) -> Result<SchedulerConfig, SettingsError> {
    let path = dir.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_settings(&path.display().to_string(), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SchedulerConfig::default()),
        Err(e) => Err(SettingsError {
            path: path.display().to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        }),
    }
}

/// Parses settings text; `path` names it in errors.
pub fn parse_settings(path: &str, text: &str) -> Result<SchedulerConfig, SettingsError> {
    let err = |at: usize, message: String| {
        let before = &text[..at.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        SettingsError {
            path: path.to_owned(),
            line,
            column,
            message,
        }
    };
    let raw: RawSettings = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        // serde's type names are Rust's; the user wrote TOML.
        let message = e
            .message()
            .trim()
            .replace('\n', " ")
            .replace("expected i64", "expected a whole number")
            .replace("expected f64", "expected a number")
            .replace(
                "expected a sequence",
                "expected a list such as [\"1m\", \"10m\"]",
            );
        // toml names the key only for an unknown one; for a wrong type it points at the
        // value, whose line says which key it is.
        match key_at(text, at) {
            Some(key) if !message.starts_with("unknown field") => {
                err(at, format!("{key}: {message}"))
            }
            _ => err(at, message),
        }
    })?;
    let mut s = SchedulerConfig::default();
    if let Some(v) = raw.desired_retention {
        let r = *v.get_ref();
        if !(0.70..=0.99).contains(&r) {
            return Err(err(
                v.span().start,
                format!("desired_retention: {r} is outside 0.70–0.99"),
            ));
        }
        s.desired_retention = r as f32;
    }
    let int = |v: &Spanned<i64>, key: &str, min: i64, max: i64| -> Result<u32, SettingsError> {
        let n = *v.get_ref();
        if n < min || n > max {
            return Err(err(
                v.span().start,
                format!("{key}: {n} is outside {min}–{max}"),
            ));
        }
        Ok(n as u32)
    };
    if let Some(v) = &raw.new_per_day {
        s.new_per_day = int(v, "new_per_day", 0, 9999)?;
    }
    if let Some(v) = &raw.new_per_day_total {
        s.new_per_day_total = Some(int(v, "new_per_day_total", 0, 99_999)?);
    }
    if let Some(v) = &raw.max_interval_days {
        s.max_interval_days = int(v, "max_interval_days", 1, 36_500)?;
    }
    if let Some(v) = &raw.leech_threshold {
        s.leech_threshold = int(v, "leech_threshold", 1, 99)?;
    }
    let steps = |v: &Spanned<Vec<String>>, key: &str| -> Result<Vec<u32>, SettingsError> {
        v.get_ref()
            .iter()
            .map(|step| parse_step(step).ok_or_else(|| err(v.span().start, format!("{key}: {step:?} is not a step such as \"1m\", \"10m\", \"1h\" or \"1d\""))))
            .collect()
    };
    if let Some(v) = &raw.learning_steps {
        s.learning_steps_mins = steps(v, "learning_steps")?;
    }
    if let Some(v) = &raw.relearning_steps {
        s.relearning_steps_mins = steps(v, "relearning_steps")?;
    }
    Ok(s)
}

/// The key of the `key = value` line holding byte `at` (for `[table]` lines, none).
fn key_at(text: &str, at: usize) -> Option<&str> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..end];
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then_some(key)
}

/// `"10m"`, `"1h"`, `"1d"` → minutes (at least 1, at most 30 days).
fn parse_step(step: &str) -> Option<u32> {
    let step = step.trim();
    let unit = step.chars().last()?;
    let n: u32 = step[..step.len() - unit.len_utf8()].parse().ok()?;
    let mins = match unit {
        'm' => n,
        'h' => n.checked_mul(60)?,
        'd' => n.checked_mul(1440)?,
        _ => return None,
    };
    (1..=30 * 1440).contains(&mins).then_some(mins)
}
