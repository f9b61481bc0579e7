//! `[[interview]]`: a question interviewers ask, mapped to the cards that answer it. A deck
//! names cards of its own by id and cards of other decks as `deck/card`; the library checks
//! the latter once every deck is loaded (`Library::unknown_interview_cards`).

use super::parse::{Ctx, is_kebab};
use super::raw::RawInterview;
use std::collections::HashSet;

/// One interview question and the cards whose items answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewQuestion {
    pub id: String,
    pub question: String,
    /// Full card ids, `deck/card`, in the order written.
    pub cards: Vec<String>,
    /// Where the question is written, for errors found once every deck is loaded.
    pub line: usize,
    pub column: usize,
}

pub(super) fn question(
    cx: &mut Ctx,
    at: usize,
    raw: RawInterview,
    deck: Option<&str>,
    own_cards: &HashSet<String>,
) -> Option<InterviewQuestion> {
    let label = raw
        .id
        .as_ref()
        .map(|i| format!("interview question {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "interview question", at, ctx);
    let question = cx.text(&raw.question, "question", at, ctx);
    let mut cards = Vec::new();
    match &raw.items {
        None => cx.error(at, ctx, "missing field `items` (the cards that answer it)"),
        Some(items) if items.get_ref().is_empty() => {
            cx.error(
                items.span().start,
                ctx,
                "`items` is empty: name the cards that answer it",
            );
        }
        Some(items) => {
            for item in items.get_ref() {
                let text = item.get_ref().trim();
                let item_at = item.span().start;
                match text.split_once('/') {
                    None if own_cards.contains(text) => {
                        if let Some(d) = deck {
                            cards.push(format!("{d}/{text}"));
                        }
                    }
                    None => cx.error(
                        item_at,
                        ctx,
                        format!("{text:?} is not a card of this deck (a card of another deck is written deck/card)"),
                    ),
                    Some((d, c)) if is_kebab(d) && is_kebab(c) => cards.push(text.to_owned()),
                    Some(_) => cx.error(
                        item_at,
                        ctx,
                        format!("{text:?} is not a card id (card, or deck/card, in kebab-case)"),
                    ),
                }
            }
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    let (line, column) = super::error::line_col(cx.text, at);
    Some(InterviewQuestion {
        id: id?,
        question: question?,
        cards,
        line,
        column,
    })
}
