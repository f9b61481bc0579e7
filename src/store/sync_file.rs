//! One machine's file in a sync folder: `kubedrill-<machine>.jsonl`, JSON lines, only ever
//! grown by the machine it is named after. Its first line names the format and the machine;
//! every later line is one event: an answer or a drill result with its sequence number on that
//! machine, an undo of an answer, or the latest flags of an item or progress of a lesson.
//!
//! A file is read whole or not at all: a sync tool copying it may leave it cut off, so a file
//! whose last line is unfinished, or with any line that does not read, is skipped and read
//! again at the next sync (nothing of it is merged meanwhile).

use crate::srs::{Answer, Mode, Rating};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Bumped when a line changes meaning; a file of a newer format is skipped, not guessed at.
pub const FORMAT: u32 = 1;
pub const PREFIX: &str = "kubedrill-";
pub const SUFFIX: &str = ".jsonl";

/// The file name for a machine.
pub fn file_name(machine: &str) -> String {
    format!("{PREFIX}{machine}{SUFFIX}")
}

/// The machine a sync file is named after, if the name is one of ours.
pub fn machine_of(file_name: &str) -> Option<&str> {
    let machine = file_name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    valid_machine_id(machine).then_some(machine)
}

/// Machine ids are 32 lowercase hex digits (`store::machine_id` makes them).
pub fn valid_machine_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    Header {
        format: u32,
        machine: String,
    },
    Answer {
        seq: i64,
        item: String,
        at_ms: i64,
        rating: u32,
        duration_ms: i64,
        mode: String,
        correct: Option<bool>,
    },
    /// The machine undid its answer `seq` after it had been written out.
    Undo {
        seq: i64,
    },
    /// An item's flags as the machine set them at `at_ms` (last writer wins).
    Flags {
        item: String,
        suspended: bool,
        leech: bool,
        reset_at_ms: Option<i64>,
        at_ms: i64,
    },
    /// A lesson's place as the machine saved it at `at_ms`.
    Lesson {
        lesson: String,
        step: i64,
        completed: bool,
        at_ms: i64,
    },
    Drill {
        seq: i64,
        at_ms: i64,
        seed: i64,
        difficulty: String,
        kind: String,
        /// As the drill_results table stores it: `{"rule": [hits, misses]}`.
        rule_hits: String,
    },
}

impl Line {
    pub fn answer(seq: i64, a: &Answer) -> Line {
        Line::Answer {
            seq,
            item: a.item.clone(),
            at_ms: a.at_ms,
            rating: a.rating.number(),
            duration_ms: a.duration_ms,
            mode: a.mode.as_str().to_owned(),
            correct: a.correct,
        }
    }

    /// The line as written: one JSON object and a newline.
    pub fn to_text(&self) -> String {
        // A line holds strings and integers only: serializing it cannot fail.
        let mut text = serde_json::to_string(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// An item's flags as a machine last wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagsLine {
    pub suspended: bool,
    pub leech: bool,
    pub reset_at_ms: Option<i64>,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonLine {
    pub step: i64,
    pub completed: bool,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillLine {
    pub at_ms: i64,
    pub seed: i64,
    pub difficulty: String,
    pub kind: String,
    pub rule_hits: String,
}

/// Everything one machine's file says, as read.
#[derive(Debug, Default)]
pub struct MachineLog {
    pub machine: String,
    /// By sequence number; an answer later undone is kept here and listed in `undone`.
    pub answers: HashMap<i64, Answer>,
    pub undone: HashSet<i64>,
    /// The latest line per item / lesson (a later line replaces an earlier one).
    pub flags: HashMap<String, FlagsLine>,
    pub lessons: HashMap<String, LessonLine>,
    pub drills: HashMap<i64, DrillLine>,
    /// The file's bytes, to write them again followed by new lines.
    pub text: String,
}

impl MachineLog {
    /// A new, empty log for a machine (its file does not exist yet).
    pub fn empty(machine: &str) -> MachineLog {
        MachineLog {
            machine: machine.to_owned(),
            text: Line::Header {
                format: FORMAT,
                machine: machine.to_owned(),
            }
            .to_text(),
            ..MachineLog::default()
        }
    }

    /// Adds a line (to `text` and to what the log says).
    pub fn push(&mut self, line: Line) -> Result<(), String> {
        self.text.push_str(&line.to_text());
        self.take(line)
    }

    fn take(&mut self, line: Line) -> Result<(), String> {
        match line {
            Line::Header { .. } => return Err("a second header".to_owned()),
            Line::Answer {
                seq,
                item,
                at_ms,
                rating,
                duration_ms,
                mode,
                correct,
            } => {
                let rating = Rating::from_number(i64::from(rating))
                    .ok_or_else(|| format!("answer {seq} has rating {rating} (1 to 4)"))?;
                let mode = Mode::parse(&mode)
                    .ok_or_else(|| format!("answer {seq} has an unknown mode {mode:?}"))?;
                if duration_ms < 0 {
                    return Err(format!("answer {seq} has a negative duration"));
                }
                self.answers.insert(
                    seq,
                    Answer {
                        item,
                        at_ms,
                        rating,
                        duration_ms,
                        mode,
                        correct,
                    },
                );
            }
            Line::Undo { seq } => {
                self.undone.insert(seq);
            }
            Line::Flags {
                item,
                suspended,
                leech,
                reset_at_ms,
                at_ms,
            } => {
                self.flags.insert(
                    item,
                    FlagsLine {
                        suspended,
                        leech,
                        reset_at_ms,
                        at_ms,
                    },
                );
            }
            Line::Lesson {
                lesson,
                step,
                completed,
                at_ms,
            } => {
                if step < 0 {
                    return Err(format!("lesson {lesson:?} has a negative step"));
                }
                self.lessons.insert(
                    lesson,
                    LessonLine {
                        step,
                        completed,
                        at_ms,
                    },
                );
            }
            Line::Drill {
                seq,
                at_ms,
                seed,
                difficulty,
                kind,
                rule_hits,
            } => {
                if serde_json::from_str::<std::collections::BTreeMap<String, (u32, u32)>>(
                    &rule_hits,
                )
                .is_err()
                {
                    return Err(format!("drill {seq} has unreadable rule counts"));
                }
                self.drills.insert(
                    seq,
                    DrillLine {
                        at_ms,
                        seed,
                        difficulty,
                        kind,
                        rule_hits,
                    },
                );
            }
        }
        Ok(())
    }

    /// The largest answer sequence number the file uses (undone ones included).
    pub fn max_answer_seq(&self) -> i64 {
        let answers = self.answers.keys().copied().max().unwrap_or(0);
        let undone = self.undone.iter().copied().max().unwrap_or(0);
        answers.max(undone)
    }
}

/// Why a file in the folder was not read this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Cut off or empty: most likely a sync tool is still copying it.
    Unfinished(String),
    /// Written by a newer kubedrill.
    Newer(u32),
    /// A line that is not one of ours.
    Bad { line: usize, why: String },
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Unfinished(what) => {
                write!(f, "{what} (a sync tool may still be copying it)")
            }
            Unreadable::Newer(format) => write!(
                f,
                "it is in sync format {format}, from a newer kubedrill (this one reads format {FORMAT})"
            ),
            Unreadable::Bad { line, why } => write!(f, "line {line}: {why}"),
        }
    }
}

/// Reads a machine's file, all of it or nothing: `machine` is the one its name gives.
pub fn parse(machine: &str, bytes: &[u8]) -> Result<MachineLog, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Unfinished("it is empty".to_owned()));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Unreadable::Unfinished(
            "it holds bytes that are not text".to_owned(),
        ));
    };
    if !text.ends_with('\n') {
        let line = text.lines().count();
        return Err(Unreadable::Unfinished(format!("line {line} is cut off")));
    }
    let mut log = MachineLog {
        machine: machine.to_owned(),
        text: text.to_owned(),
        ..MachineLog::default()
    };
    for (n, raw) in text.lines().enumerate() {
        let number = n + 1;
        // A sync tool preallocating the file fills what it has not copied yet with zeros.
        if raw.contains('\0') {
            return Err(Unreadable::Unfinished(format!(
                "line {number} is not copied yet"
            )));
        }
        let line: Line = serde_json::from_str(raw).map_err(|e| Unreadable::Bad {
            line: number,
            why: format!("not a kubedrill sync line ({})", plain(&e)),
        })?;
        if n == 0 {
            match line {
                Line::Header { format, .. } if format > FORMAT => {
                    return Err(Unreadable::Newer(format));
                }
                Line::Header { machine: named, .. } if named != machine => {
                    return Err(Unreadable::Bad {
                        line: 1,
                        why: format!(
                            "it says it is machine {named}'s file, but its name says {machine}"
                        ),
                    });
                }
                Line::Header { .. } => {}
                _ => {
                    return Err(Unreadable::Bad {
                        line: 1,
                        why: "the first line is not a kubedrill sync header".to_owned(),
                    });
                }
            }
            continue;
        }
        log.take(line)
            .map_err(|why| Unreadable::Bad { line: number, why })?;
    }
    Ok(log)
}

/// serde_json's message without its "at line 1 column 7" (the line is ours to name).
fn plain(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "0123456789abcdef0123456789abcdef";

    fn sample() -> String {
        let mut log = MachineLog::empty(M);
        log.push(Line::answer(
            1,
            &Answer {
                item: "d/a".into(),
                at_ms: 10,
                rating: Rating::Good,
                duration_ms: 5,
                mode: Mode::Review,
                correct: None,
            },
        ))
        .unwrap();
        log.push(Line::Undo { seq: 1 }).unwrap();
        log.text
    }

    #[test]
    fn a_written_file_reads_back() {
        let log = parse(M, sample().as_bytes()).unwrap();
        assert_eq!(log.answers.len(), 1);
        assert!(log.undone.contains(&1));
        assert_eq!(log.max_answer_seq(), 1);
    }

    #[test]
    fn a_file_cut_anywhere_is_unfinished_or_bad_never_read() {
        let text = sample();
        for cut in 0..text.len() - 1 {
            let part = &text.as_bytes()[..cut];
            match parse(M, part) {
                Ok(log) => {
                    // A cut exactly at a line's end is an earlier, complete state of the file.
                    assert_eq!(text.as_bytes()[cut - 1], b'\n', "cut at {cut}");
                    assert!(log.answers.len() <= 1);
                }
                Err(Unreadable::Unfinished(_)) => {}
                Err(other) => panic!("cut at {cut}: {other}"),
            }
        }
    }

    #[test]
    fn zeros_a_sync_tool_left_are_unfinished() {
        let mut bytes = sample().into_bytes();
        let n = bytes.len();
        bytes[n - 10..n - 1].fill(0);
        assert!(matches!(parse(M, &bytes), Err(Unreadable::Unfinished(_))));
    }

    #[test]
    fn a_newer_format_and_a_wrong_name_are_refused() {
        let newer = format!("{{\"type\":\"header\",\"format\":9,\"machine\":\"{M}\"}}\n");
        assert_eq!(
            parse(M, newer.as_bytes()).unwrap_err(),
            Unreadable::Newer(9)
        );
        let other = "fedcba9876543210fedcba9876543210";
        let err = parse(other, sample().as_bytes()).unwrap_err();
        assert!(err.to_string().contains("its name says"), "{err}");
        assert_eq!(machine_of(&file_name(M)), Some(M));
        assert_eq!(machine_of("kubedrill-notes.jsonl"), None);
    }

    #[test]
    fn a_bad_rating_names_its_line() {
        let text = sample().replace("\"rating\":3", "\"rating\":7");
        let err = parse(M, text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "line 2: answer 1 has rating 7 (1 to 4)");
    }
}
