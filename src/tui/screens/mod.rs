//! One file per screen: its state, its keymap tables, its `update` and its drawing.

pub mod compare;
pub mod drill;
pub mod home;
pub mod learn;
pub mod quiz;
pub mod review;
pub mod stats;

use crate::stats::day_of;
use crate::study::Study;
use std::collections::HashSet;

/// Answers given today (UTC) and the streak of consecutive days with answers, ending today or
/// yesterday (a streak is not broken before the day is over).
pub fn today_and_streak(study: &Study, now_ms: i64) -> (usize, u32) {
    let today = day_of(now_ms);
    let days: HashSet<i64> = study.answers.iter().map(|a| day_of(a.at_ms)).collect();
    let answered_today = study
        .answers
        .iter()
        .rev()
        .take_while(|a| day_of(a.at_ms) >= today)
        .count();
    let mut day = if days.contains(&today) {
        today
    } else {
        today - 1
    };
    let mut streak = 0;
    while days.contains(&day) {
        streak += 1;
        day -= 1;
    }
    (answered_today, streak)
}
