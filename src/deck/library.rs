//! All loaded decks: shipped ones first, then the user's. A broken deck is skipped with its
//! errors; a user deck whose id is taken is skipped with a warning naming both files.

use super::parse::parse_deck;
use super::{Deck, DeckError, Origin};

#[derive(Debug, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
}

/// Why a deck, or part of one, was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadWarning {
    /// An interview question names a card of another deck that no loaded deck has; the deck
    /// loads, and the question goes without that card.
    UnknownInterviewCard {
        path: String,
        line: usize,
        column: usize,
        question: String,
        card: String,
    },
    /// The deck has errors; every one is listed.
    Broken {
        path: String,
        errors: Vec<DeckError>,
    },
    /// Another deck already uses this id.
    DuplicateId {
        id: String,
        path: String,
        first: String,
    },
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadWarning::UnknownInterviewCard {
                path,
                line,
                column,
                question,
                card,
            } => write!(
                f,
                "{path}:{line}:{column}: interview question {question:?}: no loaded deck has card {card:?}"
            ),
            LoadWarning::Broken { path, errors } => {
                write!(
                    f,
                    "skipping deck {path}: {} error{}",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                )?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            LoadWarning::DuplicateId { id, path, first } => {
                write!(
                    f,
                    "skipping deck {path}: deck id {id:?} is already used by {first}"
                )
            }
        }
    }
}

/// Parses every source in order; sources are (origin, text).
pub fn load_library(sources: Vec<(Origin, String)>) -> (Library, Vec<LoadWarning>) {
    let mut library = Library::default();
    let mut warnings = Vec::new();
    for (origin, text) in sources {
        let path = origin.path().to_owned();
        match parse_deck(&path, &text, origin) {
            Err(errors) => warnings.push(LoadWarning::Broken { path, errors }),
            Ok(deck) => match library.decks.iter().find(|d| d.id == deck.id) {
                Some(first) => warnings.push(LoadWarning::DuplicateId {
                    id: deck.id,
                    path,
                    first: first.origin.path().to_owned(),
                }),
                None => library.decks.push(deck),
            },
        }
    }
    // Interview questions may name cards of other decks: checked now that all are loaded.
    let known: std::collections::HashSet<String> = library
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(move |c| format!("{}/{}", d.id, c.id)))
        .collect();
    for deck in &mut library.decks {
        let path = deck.origin.path().to_owned();
        for q in &mut deck.interview {
            q.cards.retain(|card| {
                let found = known.contains(card);
                if !found {
                    warnings.push(LoadWarning::UnknownInterviewCard {
                        path: path.clone(),
                        line: q.line,
                        column: q.column,
                        question: q.id.clone(),
                        card: card.clone(),
                    });
                }
                found
            });
        }
    }
    (library, warnings)
}

impl Library {
    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    /// Every interview question of every deck, in deck order.
    pub fn interview_questions(&self) -> impl Iterator<Item = &super::InterviewQuestion> {
        self.decks.iter().flat_map(|d| d.interview.iter())
    }

    /// The item ids of a card (`deck/card`): the card itself, or a cloze card's gaps (the ids
    /// `Deck::items` gives them), without building the deck's whole item list.
    pub fn items_of_card(&self, card: &str) -> Vec<String> {
        let Some(found) = card
            .split_once('/')
            .and_then(|(deck, id)| self.deck(deck)?.card(id))
        else {
            return Vec::new();
        };
        match &found.body {
            super::CardBody::Cloze { gaps, .. } => {
                (1..=gaps.len()).map(|n| format!("{card}#{n}")).collect()
            }
            _ => vec![card.to_owned()],
        }
    }

    /// The tags of any item id (`<deck>/...`), or `None` when no loaded deck has it.
    pub fn item_tags(&self, item: &str) -> Option<&[String]> {
        let (deck, _) = item.split_once('/')?;
        self.deck(deck)?.tags_of(item)
    }
}
