//! One recorded answer: the unit of the review log, which is the source of truth for every
//! card's memory state.

use std::fmt;

/// Anki's four grades. Automatically graded items map wrong → Again, right → Good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_number(n: i64) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    pub fn number(self) -> u32 {
        self as u32
    }

    /// The grade of an automatically checked item.
    pub fn from_correct(correct: bool) -> Rating {
        if correct { Rating::Good } else { Rating::Again }
    }
}

/// Where an answer was given. Only some modes move the schedule (see `srs::apply`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Review,
    Quiz,
    Drill,
    Learn,
    Cram,
}

impl Mode {
    pub const ALL: [Mode; 5] = [
        Mode::Review,
        Mode::Quiz,
        Mode::Drill,
        Mode::Learn,
        Mode::Cram,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Review => "review",
            Mode::Quiz => "quiz",
            Mode::Drill => "drill",
            Mode::Learn => "learn",
            Mode::Cram => "cram",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One answer as logged: which item, when (UTC milliseconds), the grade, how long the learner
/// took, in which mode, and for automatically graded items whether it was right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The item's stable id: `<deck>/<card>`, `<deck>/<card>#<gap>` or a table cell id.
    pub item: String,
    pub at_ms: i64,
    pub rating: Rating,
    pub duration_ms: i64,
    pub mode: Mode,
    pub correct: Option<bool>,
}
