//! TOML text → validated `Deck`, collecting every error with its line and column.

use super::card::card;
use super::error::{DeckError, line_col};
use super::extras::{lesson, table};
use super::raw::{RawCard, RawDeck, RawInterview, RawLesson, RawTable};
use super::{Deck, Origin};
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A deck file larger than this is refused before parsing.
pub const MAX_DECK_BYTES: usize = 8 << 20;
/// The longest text field (a prompt, a YAML manifest...).
pub const MAX_TEXT_BYTES: usize = 64 << 10;
/// Deepest nesting of arrays and inline tables; the TOML parser recurses, so this is checked
/// before it runs.
const MAX_NESTING: usize = 32;

/// The file being validated and the errors found so far.
pub(super) struct Ctx<'a> {
    pub(super) path: &'a str,
    pub(super) text: &'a str,
    pub(super) errors: Vec<DeckError>,
    pub(super) require_source: bool,
}

impl Ctx<'_> {
    pub(super) fn error(&mut self, at: usize, context: Option<&str>, message: impl Into<String>) {
        let (line, column) = line_col(self.text, at);
        self.errors.push(DeckError {
            path: self.path.to_owned(),
            line,
            column,
            context: context.map(str::to_owned),
            message: message.into(),
        });
    }

    pub(super) fn toml_error(&mut self, e: &toml::de::Error, context: Option<&str>) {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().replace('\n', " ");
        self.error(at, context, message);
    }

    /// A required text field: present, non-empty, printable, not too long.
    pub(super) fn text(
        &mut self,
        field: &Option<Spanned<String>>,
        name: &str,
        at: usize,
        ctx: Option<&str>,
    ) -> Option<String> {
        match field {
            None => {
                self.error(at, ctx, format!("missing field `{name}`"));
                None
            }
            Some(v) => self.check_text(v, name, ctx, false),
        }
    }

    /// An optional text field: absent is fine, present must be valid.
    pub(super) fn optional_text(
        &mut self,
        field: &Option<Spanned<String>>,
        name: &str,
        ctx: Option<&str>,
    ) -> Option<String> {
        field
            .as_ref()
            .and_then(|v| self.check_text(v, name, ctx, true))
    }

    pub(super) fn check_text(
        &mut self,
        v: &Spanned<String>,
        name: &str,
        ctx: Option<&str>,
        may_be_empty: bool,
    ) -> Option<String> {
        let s = v.get_ref();
        let at = v.span().start;
        if !may_be_empty && s.trim().is_empty() {
            self.error(at, ctx, format!("`{name}` is empty"));
            return None;
        }
        if s.len() > MAX_TEXT_BYTES {
            self.error(
                at,
                ctx,
                format!(
                    "`{name}` is {} bytes long; the limit is {MAX_TEXT_BYTES}",
                    s.len()
                ),
            );
            return None;
        }
        if let Some(c) = s
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            self.error(
                at,
                ctx,
                format!("`{name}` contains the control character U+{:04X}", c as u32),
            );
            return None;
        }
        Some(s.clone())
    }

    pub(super) fn id(
        &mut self,
        field: &Option<Spanned<String>>,
        what: &str,
        at: usize,
        ctx: Option<&str>,
    ) -> Option<String> {
        let id = self.text(field, "id", at, ctx)?;
        if !is_kebab(&id) {
            let at = field.as_ref().map_or(at, |f| f.span().start);
            self.error(at, ctx, format!("{what} id {id:?} is not kebab-case (lowercase letters, digits and single dashes)"));
            return None;
        }
        Some(id)
    }

    pub(super) fn source(
        &mut self,
        field: &Option<Spanned<String>>,
        at: usize,
        ctx: Option<&str>,
    ) -> Option<String> {
        let source = self
            .optional_text(field, "source", ctx)
            .filter(|s| !s.trim().is_empty());
        if source.is_none() && field.is_none() && self.require_source {
            self.error(
                at,
                ctx,
                "missing field `source`: every shipped item cites the fact it rests on",
            );
        }
        source
    }

    pub(super) fn tags(
        &mut self,
        field: &Option<Spanned<Vec<Spanned<String>>>>,
        ctx: Option<&str>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for tag in field.iter().flat_map(|t| t.get_ref()) {
            if tag.get_ref().trim().is_empty() || tag.get_ref().chars().any(char::is_control) {
                self.error(
                    tag.span().start,
                    ctx,
                    format!("tag {:?} is empty or has control characters", tag.get_ref()),
                );
            } else {
                out.push(tag.get_ref().clone());
            }
        }
        out
    }
}

pub(super) fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub(super) fn at<T>(f: &Option<Spanned<T>>) -> Option<usize> {
    f.as_ref().map(|s| s.span().start)
}

/// Parses and validates one deck file. `path` names it in errors; shipped decks must cite a
/// source on every item.
pub fn parse_deck(path: &str, text: &str, origin: Origin) -> Result<Deck, Vec<DeckError>> {
    let mut cx = Ctx {
        path,
        text,
        errors: Vec::new(),
        require_source: matches!(origin, Origin::Shipped(_)),
    };
    if text.len() > MAX_DECK_BYTES {
        cx.error(
            0,
            None,
            format!(
                "the file is {} bytes; decks are limited to {MAX_DECK_BYTES}",
                text.len()
            ),
        );
        return Err(cx.errors);
    }
    if let Some(offset) = too_deep(text) {
        cx.error(
            offset,
            None,
            format!("arrays or inline tables nest deeper than {MAX_NESTING} levels"),
        );
        return Err(cx.errors);
    }
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in &syntax {
            cx.toml_error(e, None);
        }
        return Err(cx.errors);
    }
    let root = root.into_inner();

    let mut raw_deck = None;
    let mut cards = Vec::new();
    let mut tables = Vec::new();
    let mut lessons = Vec::new();
    let mut interview = Vec::new();
    for (key, value) in root {
        let key_at = key.span().start;
        match key.get_ref().as_ref() {
            "deck" => raw_deck = deserialize::<RawDeck>(&mut cx, value, None).map(|d| (key_at, d)),
            "card" => cards = array_of::<RawCard>(&mut cx, value, "card"),
            "table" => tables = array_of::<RawTable>(&mut cx, value, "table"),
            "lesson" => lessons = array_of::<RawLesson>(&mut cx, value, "lesson"),
            "interview" => interview = array_of::<RawInterview>(&mut cx, value, "interview"),
            other => cx.error(
                key_at,
                None,
                format!(
                    "unknown table `{other}`, expected `deck`, `card`, `table`, `lesson` or `interview`"
                ),
            ),
        }
    }

    let Some((deck_at, raw_deck)) = raw_deck else {
        if cx.errors.is_empty() {
            cx.error(
                0,
                None,
                "missing `[deck]` table with the deck's id and title",
            );
        }
        return Err(cx.errors);
    };
    let deck_ctx = raw_deck
        .id
        .as_ref()
        .map(|i| format!("deck {:?}", i.get_ref()));
    let deck_ctx = deck_ctx.as_deref();
    let id = cx.id(&raw_deck.id, "deck", deck_at, deck_ctx);
    let title = cx.text(&raw_deck.title, "title", deck_at, deck_ctx);
    let description = cx
        .optional_text(&raw_deck.description, "description", deck_ctx)
        .unwrap_or_default();
    let deck_tags = cx.tags(&raw_deck.tags, deck_ctx);

    let mut seen = HashSet::new();
    let mut out_cards = Vec::new();
    for (card_at, raw) in cards {
        if let Some(card) = card(&mut cx, card_at, &raw, &deck_tags) {
            if !seen.insert(card.id.clone()) {
                cx.error(
                    at(&raw.id).unwrap_or(card_at),
                    Some(&format!("card {:?}", card.id)),
                    "duplicate card id in this deck",
                );
            } else {
                out_cards.push(card);
            }
        }
    }
    let mut out_tables = Vec::new();
    let mut table_ids = HashSet::new();
    for (table_at, raw) in tables {
        if let Some(t) = table(&mut cx, table_at, raw)
            && table_ids.insert(t.id.clone())
        {
            out_tables.push(t);
        }
    }
    let mut out_lessons = Vec::new();
    let mut lesson_ids = HashSet::new();
    for (lesson_at, raw) in lessons {
        if let Some(l) = lesson(&mut cx, lesson_at, raw, &seen) {
            if lesson_ids.insert(l.id.clone()) {
                out_lessons.push(l);
            } else {
                cx.error(
                    lesson_at,
                    Some(&format!("lesson {:?}", l.id)),
                    "duplicate lesson id in this deck",
                );
            }
        }
    }
    let mut out_interview = Vec::new();
    let mut question_ids = HashSet::new();
    for (question_at, raw) in interview {
        if let Some(q) = super::interview::question(&mut cx, question_at, raw, id.as_deref(), &seen)
        {
            if question_ids.insert(q.id.clone()) {
                out_interview.push(q);
            } else {
                cx.error(
                    question_at,
                    Some(&format!("interview question {:?}", q.id)),
                    "duplicate interview question id in this deck",
                );
            }
        }
    }
    if out_cards.is_empty()
        && out_tables.is_empty()
        && out_lessons.is_empty()
        && cx.errors.is_empty()
    {
        cx.error(
            deck_at,
            deck_ctx,
            "the deck has no cards, tables or lessons",
        );
    }
    match (id, title, cx.errors.is_empty()) {
        (Some(id), Some(title), true) => Ok(Deck {
            id,
            title,
            description,
            tags: deck_tags,
            cards: out_cards,
            tables: out_tables,
            lessons: out_lessons,
            interview: out_interview,
            origin,
        }),
        _ => Err(cx.errors),
    }
}

fn deserialize<'i, T: Deserialize<'i>>(
    cx: &mut Ctx,
    value: Spanned<DeValue<'i>>,
    ctx: Option<&str>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            cx.toml_error(&e, ctx);
            None
        }
    }
}

/// `[[name]]`: each table deserialized on its own, so one broken card does not hide the others.
fn array_of<'i, T: Deserialize<'i>>(
    cx: &mut Ctx,
    value: Spanned<DeValue<'i>>,
    name: &str,
) -> Vec<(usize, T)> {
    let at = value.span().start;
    let DeValue::Array(items) = value.into_inner() else {
        cx.error(
            at,
            None,
            format!("`{name}` must be an array of tables, written [[{name}]]"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let item_at = item.span().start;
        let ctx = match item.get_ref() {
            DeValue::Table(t) => t.get("id").and_then(|v| match v.get_ref() {
                DeValue::String(s) => Some(format!("{name} {:?}", s.as_ref())),
                _ => None,
            }),
            _ => None,
        };
        if let Some(v) = deserialize::<T>(cx, item, ctx.as_deref()) {
            out.push((item_at, v));
        }
    }
    out
}

/// The offset where arrays/inline tables nest deeper than allowed, if they do. Strings and
/// comments are skipped; `[[header]]` lines only nest two deep and close at once.
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = b[i..].starts_with(&[q, q, q]);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if triple && b[i..].starts_with(&[q, q, q]) {
                        i += 2;
                        break;
                    }
                    if !triple && (b[i] == q || b[i] == b'\n') {
                        break;
                    }
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}
