//! Time units and how an interval is shown on the answer buttons.

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// Whole 24-hour periods from `from_ms` to `to_ms`, 0 when `to_ms` is not later. This is FSRS's
/// "days elapsed": elapsed time, not calendar days, so it needs no time zone and no day
/// rollover hour.
pub fn whole_days_between(from_ms: i64, to_ms: i64) -> u32 {
    let days = to_ms.saturating_sub(from_ms).max(0) / DAY_MS;
    u32::try_from(days).unwrap_or(u32::MAX)
}

/// Days (fractional) from `from_ms` to `to_ms`, 0 when `to_ms` is not later.
pub fn days_between(from_ms: i64, to_ms: i64) -> f32 {
    (to_ms.saturating_sub(from_ms).max(0) as f64 / DAY_MS as f64) as f32
}

/// An interval as Anki shows it above the grade buttons: "30s", "10m", "3h", "12d", "2.1mo",
/// "1.4y". The unit is the largest that fits (a month is 365/12 days, as in Anki); seconds,
/// minutes, hours and days are rounded to whole numbers, months and years to one decimal with
/// a trailing ".0" dropped. Negative intervals (already due) show as "0s".
pub fn describe_interval(ms: i64) -> String {
    let ms = ms.max(0) as f64;
    let day = DAY_MS as f64;
    // A unit ends where its rounded value would reach the next one: 59.9 s is "1m", not "60s".
    if ms < 59_500.0 {
        format!("{:.0}s", ms / 1000.0)
    } else if ms < HOUR_MS as f64 - 30_000.0 {
        format!("{:.0}m", ms / MINUTE_MS as f64)
    } else if ms < day - HOUR_MS as f64 / 2.0 {
        format!("{:.0}h", ms / HOUR_MS as f64)
    } else if ms < 29.5 * day {
        format!("{:.0}d", ms / day)
    } else if ms < 365.0 * day {
        format!("{}mo", one_decimal(ms / (day * 365.0 / 12.0)))
    } else {
        format!("{}y", one_decimal(ms / (day * 365.0)))
    }
}

/// "2.1", and "2" rather than "2.0".
fn one_decimal(x: f64) -> String {
    let text = format!("{x:.1}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}
