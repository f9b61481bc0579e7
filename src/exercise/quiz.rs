//! Interview mode: picking a quiz's items and summing up its result. Pure and seeded: the same
//! library, filter, count and seed give the same quiz.

use crate::deck::{ItemKind, Library};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::{BTreeMap, HashSet};

/// The tag of cards that go beyond what interviews ask (versions, exact wording, edge cases of
/// validation): quizzes leave them out unless `--tag deep-dive` asks for them.
pub const DEEP_DIVE: &str = "deep-dive";

/// Which items a quiz may ask.
#[derive(Debug, Clone, Default)]
pub struct QuizFilter {
    pub deck: Option<String>,
    pub tag: Option<String>,
    /// Only these items (the interview questions not ready yet), when set.
    pub only: Option<HashSet<String>>,
}

/// Picks `count` item ids across decks, tags and kinds. Items are shuffled within each kind and
/// then dealt kind by kind, so a 20-item quiz mixes flash, choice, true/false, cloze, placement
/// and table-cell items instead of being all table cells (the most numerous kind). A cloze card
/// contributes at most one gap.
pub fn pick_quiz(library: &Library, filter: &QuizFilter, count: usize, seed: u64) -> Vec<String> {
    let mut by_kind: BTreeMap<ItemKind, Vec<String>> = BTreeMap::new();
    let mut cloze_cards: HashSet<String> = HashSet::new();
    for deck in &library.decks {
        if filter.deck.as_ref().is_some_and(|d| *d != deck.id) {
            continue;
        }
        for item in deck.items() {
            if filter
                .only
                .as_ref()
                .is_some_and(|only| !only.contains(&item.id))
            {
                continue;
            }
            let Some(tags) = deck.tags_of(&item.id) else {
                continue;
            };
            if filter.tag.as_ref().is_some_and(|t| !tags.contains(t)) {
                continue;
            }
            // Trivia no interviewer asks stays out of interview mode unless asked for by tag;
            // reviews keep it (only quizzes pick through here).
            if filter.tag.as_deref() != Some(DEEP_DIVE) && tags.iter().any(|t| t == DEEP_DIVE) {
                continue;
            }
            if item.kind == ItemKind::Cloze {
                let card = item.id.split('#').next().unwrap_or(&item.id).to_owned();
                if !cloze_cards.insert(card) {
                    continue;
                }
            }
            by_kind.entry(item.kind).or_default().push(item.id);
        }
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut piles: Vec<Vec<String>> = by_kind.into_values().collect();
    for pile in &mut piles {
        pile.shuffle(&mut rng);
        pile.reverse(); // dealt from the end with pop()
    }
    let mut out = Vec::with_capacity(count);
    while out.len() < count && piles.iter().any(|p| !p.is_empty()) {
        for pile in &mut piles {
            if out.len() < count
                && let Some(id) = pile.pop()
            {
                out.push(id);
            }
        }
    }
    // Dealing kind by kind would make the order predictable; the order is shuffled again.
    out.shuffle(&mut rng);
    out
}

/// One asked item and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub item: String,
    pub tags: Vec<String>,
    pub correct: bool,
}

/// The score of a quiz, overall and per tag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuizScore {
    pub right: usize,
    pub total: usize,
    /// tag → (right, total), weakest tag first.
    pub per_tag: Vec<(String, usize, usize)>,
}

impl QuizScore {
    pub fn percent(&self) -> u32 {
        (self.right * 100).checked_div(self.total).unwrap_or(0) as u32
    }
}

/// Sums up a quiz. `total` counts unanswered items (a quiz ended by its timer) as wrong.
pub fn score_quiz(asked: &[Asked], total: usize) -> QuizScore {
    let mut tags: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for a in asked {
        for t in &a.tags {
            let e = tags.entry(t).or_default();
            e.0 += usize::from(a.correct);
            e.1 += 1;
        }
    }
    let mut per_tag: Vec<(String, usize, usize)> = tags
        .into_iter()
        .map(|(t, (r, n))| (t.to_owned(), r, n))
        .collect();
    // Weakest first: lowest share right, then most asked.
    per_tag.sort_by(|a, b| (a.1 * b.2).cmp(&(b.1 * a.2)).then(b.2.cmp(&a.2)));
    QuizScore {
        right: asked.iter().filter(|a| a.correct).count(),
        total: total.max(asked.len()),
        per_tag,
    }
}
