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

/// Answers given today (UTC) and the streak of consecutive days with answers, ending today or
/// yesterday (a streak is not broken before the day is over). The log is in time order, so
/// only its end is read: back to the first day without an answer.
pub fn today_and_streak(study: &Study, now_ms: i64) -> (usize, u32) {
    let today = day_of(now_ms);
    let mut answered_today = 0;
    let mut streak = 0;
    let mut expected: Option<i64> = None;
    for a in study.answers.iter().rev() {
        let day = day_of(a.at_ms);
        if day > today {
            continue;
        }
        if day == today {
            answered_today += 1;
        }
        let want = *expected.get_or_insert(if day == today { today } else { today - 1 });
        if day == want {
            streak += 1;
            expected = Some(want - 1);
        } else if day < want {
            break;
        }
    }
    (answered_today, streak)
}
