//! The card browser's model: one row per reviewable item (cards and cloze gaps) with its
//! schedule, filtered by a query and sorted by a column. Pure: the time comes in as `now_ms`.

pub mod query;

pub use query::{Is, Query, QueryError, Term, Test};

use crate::deck::{CardBody, ItemKind, Library};
use crate::srs::{Answer, Phase, describe_interval};
use crate::study::Study;
use std::cmp::Ordering;
use std::collections::HashMap;

/// What the state column says. A suspended item says so (a leech is suspended when it
/// becomes one); otherwise its phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowState {
    New,
    Learning,
    Relearning,
    Review,
    Suspended,
    Leech,
}

impl RowState {
    pub fn name(self) -> &'static str {
        match self {
            RowState::New => "new",
            RowState::Learning => "learning",
            RowState::Relearning => "relearning",
            RowState::Review => "review",
            RowState::Suspended => "suspended",
            RowState::Leech => "leech",
        }
    }
}

/// One item as the browser lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The full item id, `<deck>/<card>` or `<deck>/<card>#<gap>`.
    pub id: String,
    pub deck: String,
    pub kind: ItemKind,
    /// The card's tags (the deck's included).
    pub tags: Vec<String>,
    pub phase: Phase,
    pub suspended: bool,
    pub leech: bool,
    /// When it is due; `None` while new.
    pub due_ms: Option<i64>,
    /// FSRS stability in days.
    pub stability: Option<f32>,
    /// Recall probability when the rows were built.
    pub recall: Option<f32>,
    pub lapses: u32,
    /// The latest answer in the log, in any mode (also from before a reset: it stays logged).
    pub last_answer_ms: Option<i64>,
    /// Answers in the log.
    pub answers: usize,
    /// Curriculum position (library order), the tie-break of every sort.
    pub order: usize,
    /// Id, deck and prompt in lowercase, for plain query words.
    pub haystack: String,
}

impl Row {
    /// The state by the schedule alone, flags aside.
    pub fn phase_state(&self) -> RowState {
        match self.phase {
            Phase::New => RowState::New,
            Phase::Learning { .. } => RowState::Learning,
            Phase::Relearning { .. } => RowState::Relearning,
            Phase::Review => RowState::Review,
        }
    }

    pub fn state(&self) -> RowState {
        match (self.suspended, self.leech) {
            (true, true) => RowState::Leech,
            (true, false) => RowState::Suspended,
            _ => self.phase_state(),
        }
    }

    /// Studied, not suspended, and due by `now_ms` (what a review would show, limits aside).
    pub fn is_due(&self, now_ms: i64) -> bool {
        !self.suspended && self.due_ms.is_some_and(|d| d <= now_ms)
    }

    /// The id within its deck: the deck column says the rest.
    pub fn short_id(&self) -> &str {
        self.id
            .strip_prefix(self.deck.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(&self.id)
    }
}

/// The text a card asks (front, prompt, statement or cloze text): what plain words search.
pub fn prompt_text(body: &CardBody) -> &str {
    match body {
        CardBody::Flash { front, .. } => front,
        CardBody::Choice { prompt, .. } => prompt,
        CardBody::TrueFalse { statement, .. } => statement,
        CardBody::Cloze { text, .. } => text,
        CardBody::Placement(p) => &p.prompt,
        CardBody::Write(w) => &w.prompt,
    }
}

/// Every reviewable item of the library in curriculum order, with its schedule at `now_ms`.
pub fn rows(study: &Study, now_ms: i64) -> Vec<Row> {
    let mut logged: HashMap<&str, (usize, i64)> = HashMap::new();
    for a in &study.answers {
        let e = logged.entry(a.item.as_str()).or_insert((0, a.at_ms));
        e.0 += 1;
        e.1 = e.1.max(a.at_ms);
    }
    let mut out = Vec::new();
    for deck in &study.library.decks {
        let cards: HashMap<&str, &crate::deck::Card> =
            deck.cards.iter().map(|c| (c.id.as_str(), c)).collect();
        for item in deck.items() {
            if item.kind == ItemKind::TableCell {
                continue;
            }
            let rest = &item.id[deck.id.len() + 1..];
            let card_id = rest.split('#').next().unwrap_or(rest);
            let Some(card) = cards.get(card_id) else {
                continue;
            };
            let state = study.states.get(&item.id).cloned().unwrap_or_default();
            let flags = study.flags.get(&item.id).copied().unwrap_or_default();
            let (answers, last) = logged
                .get(item.id.as_str())
                .map_or((0, None), |&(n, last)| (n, Some(last)));
            let new = state.phase == Phase::New;
            let haystack =
                format!("{}\n{}\n{}", item.id, deck.id, prompt_text(&card.body)).to_lowercase();
            out.push(Row {
                deck: deck.id.clone(),
                kind: item.kind,
                tags: card.tags.clone(),
                phase: state.phase,
                suspended: flags.suspended,
                leech: flags.leech,
                due_ms: (!new).then_some(state.due_ms),
                stability: state.memory.map(|m| m.stability),
                recall: study.scheduler.retrievability(&state, now_ms),
                lapses: state.lapses,
                last_answer_ms: last,
                answers,
                order: out.len(),
                haystack,
                id: item.id,
            });
        }
    }
    out
}

/// An item's answers in the log, newest first.
pub fn history<'a>(answers: &'a [Answer], item: &str) -> Vec<&'a Answer> {
    let mut out: Vec<&Answer> = answers.iter().filter(|a| a.item == item).collect();
    out.reverse();
    out
}

/// The deck file and line an item's card starts at, for an editor; `Err` with the repository
/// path for a shipped deck, which cannot be edited in place.
pub fn card_location(library: &Library, item: &str) -> Option<Result<(String, usize), String>> {
    let (deck_id, rest) = item.split_once('/')?;
    let deck = library.deck(deck_id)?;
    let card = deck.card(rest.split('#').next().unwrap_or(rest))?;
    Some(match &deck.origin {
        crate::deck::Origin::File(path) => Ok((path.clone(), card.line)),
        crate::deck::Origin::Shipped(path) => Err(path.clone()),
    })
}

/// The columns, in the order they are shown (and `o` cycles them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Deck,
    Id,
    Kind,
    State,
    Due,
    Stability,
    Recall,
    Lapses,
    Last,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Deck,
        Column::Id,
        Column::Kind,
        Column::State,
        Column::Due,
        Column::Stability,
        Column::Recall,
        Column::Lapses,
        Column::Last,
    ];

    pub fn header(self) -> &'static str {
        match self {
            Column::Deck => "DECK",
            Column::Id => "ID",
            Column::Kind => "KIND",
            Column::State => "STATE",
            Column::Due => "DUE",
            Column::Stability => "STAB",
            Column::Recall => "RECALL",
            Column::Lapses => "LAPSES",
            Column::Last => "LAST",
        }
    }

    /// The next column to sort by.
    pub fn next(self) -> Column {
        let at = Column::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Column::ALL[(at + 1) % Column::ALL.len()]
    }

    /// The cell's text at `now_ms`.
    pub fn text(self, row: &Row, now_ms: i64) -> String {
        let none = || "—".to_owned();
        match self {
            Column::Deck => row.deck.clone(),
            Column::Id => row.id.clone(),
            Column::Kind => row.kind.name().to_owned(),
            Column::State => row.state().name().to_owned(),
            Column::Due => row.due_ms.map_or_else(none, |d| due_text(d, now_ms)),
            Column::Stability => row.stability.map_or_else(none, stability_text),
            Column::Recall => row
                .recall
                .map_or_else(none, |r| format!("{:.0}%", r * 100.0)),
            Column::Lapses => row.lapses.to_string(),
            Column::Last => row
                .last_answer_ms
                .map_or_else(none, |at| ago_text(at, now_ms)),
        }
    }
}

/// "now" once due, else "in 3d".
pub fn due_text(due_ms: i64, now_ms: i64) -> String {
    if due_ms <= now_ms {
        "now".to_owned()
    } else {
        format!("in {}", describe_interval(due_ms - now_ms))
    }
}

/// "3d ago".
pub fn ago_text(at_ms: i64, now_ms: i64) -> String {
    format!("{} ago", describe_interval(now_ms - at_ms))
}

/// Days, one decimal below ten.
pub fn stability_text(days: f32) -> String {
    if days < 9.95 {
        format!("{days:.1}d")
    } else {
        format!("{days:.0}d")
    }
}

/// Sorts row indices by a column; rows without a value (a new item's due, stability, recall,
/// last answer) go last in either direction, and ties keep curriculum order.
pub fn sort(rows: &[Row], indices: &mut [usize], column: Column, descending: bool) {
    fn opt<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if descending { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    indices.sort_by(|&a, &b| {
        let (a, b) = (&rows[a], &rows[b]);
        let by = match column {
            Column::Deck => dir(a.deck.cmp(&b.deck)),
            Column::Id => dir(a.id.cmp(&b.id)),
            Column::Kind => dir(a.kind.name().cmp(b.kind.name())),
            Column::State => dir(a.state().cmp(&b.state())),
            Column::Due => opt(a.due_ms, b.due_ms, descending),
            Column::Stability => opt(a.stability, b.stability, descending),
            Column::Recall => opt(a.recall, b.recall, descending),
            Column::Lapses => dir(a.lapses.cmp(&b.lapses)),
            Column::Last => opt(a.last_answer_ms, b.last_answer_ms, descending),
        };
        by.then(a.order.cmp(&b.order))
    });
}

/// The rows a query keeps, sorted.
pub fn select(
    rows: &[Row],
    query: &Query,
    column: Column,
    descending: bool,
    now_ms: i64,
) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..rows.len())
        .filter(|&i| query.matches(&rows[i], now_ms))
        .collect();
    sort(rows, &mut kept, column, descending);
    kept
}

#[cfg(test)]
mod tests;
