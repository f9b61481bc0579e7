//! Everything a study screen or command needs, loaded once: the decks, the review log, the
//! flags, the settings and the scheduler with the replayed memory states. Pure: loading is the
//! edge's job (`commands::study`).

use crate::deck::{ItemKind, Library};
use crate::srs::{Answer, CardState, Scheduler};
use crate::stats::{ItemInfo, day_of};
use crate::store::{DrillResult, Flags, LessonProgress};
use std::collections::{HashMap, HashSet};

/// One deck's counts (see `Study::counts`); the total's `deck` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckCounts {
    pub deck: String,
    pub due: usize,
    pub new: usize,
    /// Learning and relearning items due later today (UTC): answered Again or Hard a few
    /// minutes ago, they come back in this session's queue when due (Anki's learn count).
    pub later: usize,
    pub items: usize,
}

/// Every deck's counts, in library order (each what a review of that deck would show), and all
/// decks together (the total cap on new items applies there, so its new may be less than the
/// decks' sum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub decks: Vec<DeckCounts>,
    pub total: DeckCounts,
}

pub struct Study {
    pub library: Library,
    pub scheduler: Scheduler,
    pub answers: Vec<Answer>,
    pub states: HashMap<String, CardState>,
    pub flags: HashMap<String, Flags>,
    /// Where the learner is in each lesson, by `<deck>/<lesson>`.
    pub lessons: HashMap<String, LessonProgress>,
    /// Finished drills, oldest first, for per-rule accuracy.
    pub drills: Vec<DrillResult>,
    /// The last `kubedrill sync`, for Home.
    pub last_sync: Option<crate::store::SyncRun>,
    /// `None` when `answers` is the whole log. For the app's first frame it is only the end of
    /// the log Home reads (the memory states come from the store's kept states), and the rest
    /// is read as soon as the frame is drawn, before any key is taken.
    pub log_tail: Option<LogTail>,
}

/// What Home needs of the log beyond its end, counted by the store when only the end is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogTail {
    /// The UTC day (`stats::day_of`) the tail was read on.
    pub today: i64,
    /// `answers` holds every answer at or after this time (the start of yesterday).
    pub since_ms: i64,
    /// Days in a row with answers ending today, and ending yesterday.
    pub streak_to_today: u32,
    pub streak_to_yesterday: u32,
}

impl Study {
    /// Each interview question with the items that answer it and whether they are known now.
    pub fn interview(&self, now_ms: i64) -> Vec<crate::stats::InterviewReadiness> {
        crate::stats::interview_readiness(&self.library, &self.states, &self.scheduler, now_ms)
    }

    /// The flags to set with an answer, in its own transaction: an answer that makes the item
    /// a leech (its lapses reach the threshold) suspends it, whichever screen it came from.
    pub fn leech_flags(&self, answer: &Answer) -> Option<Flags> {
        let before = self.states.get(&answer.item).cloned().unwrap_or_default();
        let after = self.scheduler.apply(&before, answer);
        (after.leech && !before.leech).then_some(Flags {
            suspended: true,
            leech: true,
        })
    }

    /// Takes a logged answer into the study: a new leech is flagged (see `leech_flags`), the
    /// item's memory moves on (if the answer's mode moves the schedule) and the answer joins
    /// the log.
    pub fn remember(&mut self, answer: Answer) {
        if let Some(flags) = self.leech_flags(&answer) {
            self.flags.insert(answer.item.clone(), flags);
        }
        let before = self.states.get(&answer.item).cloned().unwrap_or_default();
        let after = self.scheduler.apply(&before, &answer);
        self.states.insert(answer.item.clone(), after);
        self.answers.push(answer);
    }

    /// Reviewable items (cards and cloze gaps; table cells belong to quizzes), in curriculum
    /// order, with their deck.
    pub fn items(&self) -> Vec<ItemInfo> {
        self.library
            .decks
            .iter()
            .flat_map(|d| {
                d.items()
                    .into_iter()
                    .filter(|i| i.kind != ItemKind::TableCell)
                    .map(|i| ItemInfo {
                        id: i.id,
                        deck: d.id.clone(),
                    })
            })
            .collect()
    }

    pub fn suspended(&self) -> HashSet<String> {
        self.flags
            .iter()
            .filter(|(_, f)| f.suspended)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Items whose first schedule-moving answer was today (UTC): they used up today's new-item
    /// allowance. An item's `reps` counts its schedule-moving answers, so it was introduced
    /// today exactly when all of them are today's; only today's end of the log (which is in
    /// time order) is read.
    pub fn new_introduced_today(&self, now_ms: i64) -> u32 {
        self.introduced_today(now_ms).len() as u32
    }

    /// The items behind `new_introduced_today`.
    fn introduced_today(&self, now_ms: i64) -> Vec<&str> {
        let today = day_of(now_ms);
        let mut moves_today: HashMap<&str, u32> = HashMap::new();
        for a in self
            .answers
            .iter()
            .rev()
            .take_while(|a| day_of(a.at_ms) >= today)
        {
            if day_of(a.at_ms) == today && crate::srs::moves_schedule(a.mode, a.rating) {
                *moves_today.entry(a.item.as_str()).or_default() += 1;
            }
        }
        moves_today
            .into_iter()
            .filter(|(item, n)| self.states.get(*item).is_some_and(|s| s.reps == *n))
            .map(|(item, _)| item)
            .collect()
    }

    /// `new_introduced_today` per deck: each deck has its own daily limit of new items.
    pub fn introduced_today_by_deck(&self, now_ms: i64) -> HashMap<String, u32> {
        let mut by_deck: HashMap<String, u32> = HashMap::new();
        for item in self.introduced_today(now_ms) {
            *by_deck
                .entry(crate::srs::deck_of(item).to_owned())
                .or_default() += 1;
        }
        by_deck
    }

    /// Due and new counts, deck by deck and in all, by the one definition Home, `kubedrill
    /// decks` and `kubedrill stats` share: *due* is a studied item whose due time has passed;
    /// *new* is a never-studied item that today's limits still allow (each deck's
    /// `new_per_day`, all together `new_per_day_total`); *items* are the reviewable items
    /// (cards and cloze gaps; comparison-table cells are asked in quizzes only); *later* is a
    /// learning or relearning item due after now but today (UTC). Suspended items count in
    /// none of them.
    pub fn counts(&self, now_ms: i64) -> Counts {
        let items = self.items();
        let suspended = self.suspended();
        let day_end = (now_ms.div_euclid(crate::srs::DAY_MS) + 1) * crate::srs::DAY_MS;
        let later = |ids: &[String]| {
            ids.iter()
                .filter(|id| !suspended.contains(*id))
                .filter_map(|id| self.states.get(id))
                .filter(|s| {
                    matches!(
                        s.phase,
                        crate::srs::Phase::Learning { .. } | crate::srs::Phase::Relearning { .. }
                    ) && s.due_ms > now_ms
                        && s.due_ms < day_end
                })
                .count()
        };
        let introduced = self.introduced_today_by_deck(now_ms);
        // What a review of these items would show now: due and new.
        let count = |ids: &[String], deck: &str| {
            let queue = crate::srs::due_queue_decks(
                &self.states,
                ids,
                &suspended,
                now_ms,
                &introduced,
                self.scheduler.config(),
                &self.scheduler,
            );
            let new = queue
                .iter()
                .filter(|id| {
                    self.states
                        .get(*id)
                        .is_none_or(|s| s.phase == crate::srs::Phase::New)
                })
                .count();
            DeckCounts {
                deck: deck.to_owned(),
                due: queue.len() - new,
                new,
                later: later(ids),
                items: ids.len(),
            }
        };
        let decks = self
            .library
            .decks
            .iter()
            .map(|d| {
                let ids: Vec<String> = items
                    .iter()
                    .filter(|i| i.deck == d.id)
                    .map(|i| i.id.clone())
                    .collect();
                count(&ids, &d.id)
            })
            .collect();
        let all: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        Counts {
            decks,
            total: count(&all, ""),
        }
    }

    /// Answers given today (UTC) and the streak of consecutive days with answers, ending today or
    /// yesterday (a streak is not broken before the day is over). The log is in time order, so
    /// only its end is read: back to the first day without an answer.
    pub fn today_and_streak(&self, now_ms: i64) -> (usize, u32) {
        let today = day_of(now_ms);
        if let Some(tail) = &self.log_tail
            && tail.today == today
        {
            let answered_today = self
                .answers
                .iter()
                .filter(|a| day_of(a.at_ms) == today)
                .count();
            let streak = if answered_today > 0 {
                tail.streak_to_today
            } else {
                tail.streak_to_yesterday
            };
            return (answered_today, streak);
        }
        let mut answered_today = 0;
        let mut streak = 0;
        let mut expected: Option<i64> = None;
        for a in self.answers.iter().rev() {
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
}
