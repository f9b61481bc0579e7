//! All loaded decks: shipped ones first, then the user's. A broken deck is skipped with its
//! errors; a user deck whose id is taken is skipped with a warning naming both files.

use super::parse::parse_deck;
use super::{Deck, DeckError, Origin};

#[derive(Debug, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
}

/// Why a deck was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadWarning {
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
    (library, warnings)
}

impl Library {
    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    /// The tags of any item id (`<deck>/...`), or `None` when no loaded deck has it.
    pub fn item_tags(&self, item: &str) -> Option<&[String]> {
        let (deck, _) = item.split_once('/')?;
        self.deck(deck)?.tags_of(item)
    }
}
