//! Decks: the model, TOML parsing with `file:line:col` errors, and the decks shipped in the
//! binary. Pure: callers hand in text; nothing here reads files.

mod anki_notes;
mod card;
mod cloze;
mod error;
mod extras;
mod interview;
mod library;
mod merged;
mod parse;
mod raw;
mod shipped;
mod sources;
mod write_card;

pub use anki_notes::{AnkiDeck, AnkiModel, AnkiNote, anki_decks};
pub use cloze::{Gap, align, gaps, matches_gap, near_miss};
pub use error::DeckError;
pub use interview::InterviewQuestion;
pub use library::{Library, LoadWarning, load_library};
pub use merged::{MERGED, current_item, merged_fingerprint, merged_into};
pub use parse::parse_deck;
pub use shipped::{SHIPPED, load_shipped, shipped_sources};
pub use sources::{describe_source, unknown_references};

use crate::placement::Outcome;
use crate::placement::objects::{DaemonSet, Node};
use std::collections::BTreeMap;

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary, by its path in the repository (`decks/x.toml`).
    Shipped(String),
    /// A user deck file.
    File(String),
}

impl Origin {
    pub fn label(&self) -> &str {
        match self {
            Origin::Shipped(_) => "shipped",
            Origin::File(p) => p,
        }
    }

    pub fn path(&self) -> &str {
        match self {
            Origin::Shipped(p) | Origin::File(p) => p,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub cards: Vec<Card>,
    pub tables: Vec<Table>,
    pub lessons: Vec<Lesson>,
    /// Interview questions this deck maps to the items that answer them.
    pub interview: Vec<InterviewQuestion>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Card {
    pub id: String,
    /// The 1-based line of its `[[card]]` header in the deck file, where an editor opens it.
    pub line: usize,
    /// The deck's tags followed by the card's own.
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub body: CardBody,
}

#[derive(Debug, Clone)]
pub enum CardBody {
    Flash {
        front: String,
        back: String,
    },
    Choice {
        prompt: String,
        choices: Vec<String>,
        /// The right choices, 0-based, sorted.
        answers: Vec<usize>,
        /// Written as `answers = [..]`: the learner must pick every right choice.
        multi: bool,
        explain: String,
        shuffle: bool,
    },
    TrueFalse {
        statement: String,
        answer: bool,
        explain: String,
    },
    Cloze {
        text: String,
        gaps: Vec<Gap>,
        explain: String,
    },
    Placement(Box<PlacementCard>),
    Write(Box<WriteCard>),
}

/// A "write (or fix) the DaemonSet" card: a goal in words and a cluster; the learner's manifest
/// is graded by the engine on the cluster and on variants of it, against what the card's
/// reference manifest does there (worked out at load time).
#[derive(Debug, Clone)]
pub struct WriteCard {
    /// The goal in words (and, for a fix card, what goes wrong).
    pub prompt: String,
    pub nodes_yaml: String,
    /// The manifest the learner starts from, as written (a fix card's may not even decode).
    pub starter: String,
    /// The reference, as written; it decodes strictly and passes API validation.
    pub solution: String,
    /// The shown cluster first, then the variants it is also graded on.
    pub clusters: Vec<CardCluster>,
    pub explain: String,
}

/// One cluster a write card is graded on, with what the reference does on each node.
#[derive(Debug, Clone)]
pub struct CardCluster {
    /// `shown`, `renamed`, `grown`, or `hidden-N` for the card's own.
    pub name: String,
    pub about: String,
    pub nodes: Vec<Node>,
    /// Per node, in order: the reference DaemonSet's outcome there.
    pub outcomes: Vec<Outcome>,
}

/// A "which nodes get a pod" card; the answer comes from the placement engine.
#[derive(Debug, Clone)]
pub struct PlacementCard {
    pub prompt: String,
    pub nodes_yaml: String,
    pub daemonset_yaml: String,
    pub nodes: Vec<Node>,
    pub daemonset: DaemonSet,
    pub explain: String,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub feature: String,
    pub cells: Vec<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    pub body: String,
    /// A card id of the same deck, asked before moving on.
    pub check: Option<String>,
}

/// What an item is, for counts and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Flash,
    Choice,
    TrueFalse,
    Cloze,
    Placement,
    Write,
    TableCell,
}

impl ItemKind {
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Flash,
        ItemKind::Choice,
        ItemKind::TrueFalse,
        ItemKind::Cloze,
        ItemKind::Placement,
        ItemKind::Write,
        ItemKind::TableCell,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Flash => "flash",
            ItemKind::Choice => "choice",
            ItemKind::TrueFalse => "truefalse",
            ItemKind::Cloze => "cloze",
            ItemKind::Placement => "placement",
            ItemKind::Write => "write",
            ItemKind::TableCell => "table-cell",
        }
    }
}

/// One reviewable thing with a stable id: a card, one gap of a cloze card (`<card>#n`), or a
/// table cell (`<deck>/<table>/<row>/<column>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    /// `<deck-id>/<card-id>`, `<deck-id>/<card-id>#<gap>` or `<deck>/<table>/<row>/<column>`.
    pub id: String,
    pub kind: ItemKind,
}

impl Card {
    pub fn kind(&self) -> ItemKind {
        match self.body {
            CardBody::Flash { .. } => ItemKind::Flash,
            CardBody::Choice { .. } => ItemKind::Choice,
            CardBody::TrueFalse { .. } => ItemKind::TrueFalse,
            CardBody::Cloze { .. } => ItemKind::Cloze,
            CardBody::Placement(_) => ItemKind::Placement,
            CardBody::Write(_) => ItemKind::Write,
        }
    }
}

impl Deck {
    /// Every item of the deck, in file order, with its stable id.
    pub fn items(&self) -> Vec<ItemRef> {
        let mut out = Vec::new();
        for card in &self.cards {
            let base = format!("{}/{}", self.id, card.id);
            match &card.body {
                CardBody::Cloze { gaps, .. } => {
                    for n in 1..=gaps.len() {
                        out.push(ItemRef {
                            id: format!("{base}#{n}"),
                            kind: ItemKind::Cloze,
                        });
                    }
                }
                _ => out.push(ItemRef {
                    id: base,
                    kind: card.kind(),
                }),
            }
        }
        for table in &self.tables {
            for row in &table.rows {
                for col in 0..table.columns.len() {
                    out.push(ItemRef {
                        id: format!("{}/{}/{}/{col}", self.id, table.id, row.id),
                        kind: ItemKind::TableCell,
                    });
                }
            }
        }
        out
    }

    /// Item counts per kind.
    pub fn counts(&self) -> BTreeMap<ItemKind, usize> {
        let mut counts = BTreeMap::new();
        for item in self.items() {
            *counts.entry(item.kind).or_insert(0) += 1;
        }
        counts
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The tags of one of this deck's items (an id as `items` gives it): a card's or cloze
    /// gap's own tags (which include the deck's), the deck's tags for a table cell.
    pub fn tags_of(&self, item: &str) -> Option<&[String]> {
        let rest = item.strip_prefix(self.id.as_str())?.strip_prefix('/')?;
        if rest.contains('/') {
            return Some(&self.tags);
        }
        let card = rest.split('#').next().unwrap_or(rest);
        self.card(card).map(|c| c.tags.as_slice())
    }
}
