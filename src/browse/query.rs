//! The browser's query language: whitespace-separated terms, all of which must match.
//! A plain word matches the id, the deck or the card's text (case-insensitively); `deck:ID`,
//! `tag:T`, `kind:K` and `is:STATE` match a field; `-term` negates a term. Pure.

use super::{Row, RowState};
use crate::deck::ItemKind;
use std::fmt;

/// The `is:` filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Is {
    /// Studied and due now (suspended items are not due: reviews skip them).
    Due,
    New,
    /// Learning or relearning (Anki's `is:learn`).
    Learning,
    Review,
    Suspended,
    Leech,
}

impl Is {
    pub const ALL: [Is; 6] = [
        Is::Due,
        Is::New,
        Is::Learning,
        Is::Review,
        Is::Suspended,
        Is::Leech,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Is::Due => "due",
            Is::New => "new",
            Is::Learning => "learning",
            Is::Review => "review",
            Is::Suspended => "suspended",
            Is::Leech => "leech",
        }
    }

    fn parse(value: &str) -> Option<Is> {
        Is::ALL.into_iter().find(|i| i.name() == value)
    }
}

/// The kinds an item in the browser can have: table cells are asked in quizzes only and are
/// not listed (as in every count).
pub const KINDS: [ItemKind; 6] = [
    ItemKind::Flash,
    ItemKind::Choice,
    ItemKind::TrueFalse,
    ItemKind::Cloze,
    ItemKind::Placement,
    ItemKind::Write,
];

/// What one term asks of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// A lowercase word found in the id, the deck or the card's text.
    Text(String),
    Deck(String),
    Tag(String),
    Kind(ItemKind),
    Is(Is),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub negated: bool,
    pub test: Test,
}

/// A parsed query; the empty query matches every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// Why a query does not parse, shown on the query line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    UnknownIs(String),
    UnknownKind(String),
    /// `deck:`, `tag:`, `kind:` or `is:` with nothing after the colon.
    Empty(&'static str),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |names: Vec<&str>| names.join(" ");
        match self {
            QueryError::UnknownIs(v) => write!(
                f,
                "unknown is:{v}; try is:{}",
                list(Is::ALL.iter().map(|i| i.name()).collect()).replace(' ', " is:")
            ),
            QueryError::UnknownKind(v) => write!(
                f,
                "unknown kind:{v}; kinds are {}",
                list(KINDS.iter().map(|k| k.name()).collect())
            ),
            QueryError::Empty(field) => write!(f, "{field}: needs a value, as {field}:x"),
        }
    }
}

impl std::error::Error for QueryError {}

impl Query {
    /// Parses a query; the first bad term is the error.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut terms = Vec::new();
        for word in text.split_whitespace() {
            let (negated, word) = match word.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest),
                // A lone "-" is a word like any other.
                _ => (false, word),
            };
            let test = match word.split_once(':') {
                Some((field, value)) => {
                    let field = field.to_lowercase();
                    let value = value.to_lowercase();
                    match field.as_str() {
                        "deck" | "tag" | "kind" | "is" if value.is_empty() => {
                            return Err(QueryError::Empty(match field.as_str() {
                                "deck" => "deck",
                                "tag" => "tag",
                                "kind" => "kind",
                                _ => "is",
                            }));
                        }
                        "deck" => Test::Deck(value),
                        "tag" => Test::Tag(value),
                        "kind" => Test::Kind(
                            KINDS
                                .into_iter()
                                .find(|k| k.name() == value)
                                .ok_or(QueryError::UnknownKind(value))?,
                        ),
                        "is" => Test::Is(Is::parse(&value).ok_or(QueryError::UnknownIs(value))?),
                        // `node.kubernetes.io/unschedulable:NoSchedule` is text to look for.
                        _ => Test::Text(word.to_lowercase()),
                    }
                }
                None => Test::Text(word.to_lowercase()),
            };
            terms.push(Term { negated, test });
        }
        Ok(Query { terms })
    }

    /// Does the row match every term at `now_ms`?
    pub fn matches(&self, row: &Row, now_ms: i64) -> bool {
        self.terms
            .iter()
            .all(|t| t.test.matches(row, now_ms) != t.negated)
    }
}

impl Test {
    fn matches(&self, row: &Row, now_ms: i64) -> bool {
        match self {
            Test::Text(word) => row.haystack.contains(word.as_str()),
            Test::Deck(deck) => row.deck.eq_ignore_ascii_case(deck),
            Test::Tag(tag) => row.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)),
            Test::Kind(kind) => row.kind == *kind,
            Test::Is(is) => match is {
                Is::Due => row.is_due(now_ms),
                Is::New => row.phase_state() == RowState::New,
                Is::Learning => {
                    matches!(row.phase_state(), RowState::Learning | RowState::Relearning)
                }
                Is::Review => row.phase_state() == RowState::Review,
                Is::Suspended => row.suspended,
                Is::Leech => row.leech,
            },
        }
    }
}
