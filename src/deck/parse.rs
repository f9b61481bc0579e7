//! TOML text → validated `Deck`, collecting every error with its line and column.

use super::cloze::gaps;
use super::error::{DeckError, line_col};
use super::raw::{RawCard, RawDeck, RawLesson, RawRow, RawStep, RawTable};
use super::{Card, CardBody, Deck, Lesson, Origin, PlacementCard, Row, Step, Table};
use crate::manifest::{self, ManifestError};
use serde::Deserialize;
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A deck file larger than this is refused before parsing.
pub const MAX_DECK_BYTES: usize = 8 << 20;
/// The longest text field (a prompt, a YAML manifest...).
pub const MAX_TEXT_BYTES: usize = 64 << 10;
/// Deepest nesting of arrays and inline tables; the TOML parser recurses, so this is checked
/// before it runs.
const MAX_NESTING: usize = 32;

const KINDS: [&str; 5] = ["flash", "choice", "truefalse", "cloze", "placement"];

struct Ctx<'a> {
    path: &'a str,
    text: &'a str,
    errors: Vec<DeckError>,
    require_source: bool,
}

impl Ctx<'_> {
    fn error(&mut self, at: usize, context: Option<&str>, message: impl Into<String>) {
        let (line, column) = line_col(self.text, at);
        self.errors.push(DeckError {
            path: self.path.to_owned(),
            line,
            column,
            context: context.map(str::to_owned),
            message: message.into(),
        });
    }

    fn toml_error(&mut self, e: &toml::de::Error, context: Option<&str>) {
        let at = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().replace('\n', " ");
        self.error(at, context, message);
    }

    /// A required text field: present, non-empty, printable, not too long.
    fn text(
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
    fn optional_text(
        &mut self,
        field: &Option<Spanned<String>>,
        name: &str,
        ctx: Option<&str>,
    ) -> Option<String> {
        field
            .as_ref()
            .and_then(|v| self.check_text(v, name, ctx, true))
    }

    fn check_text(
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

    fn id(
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

    fn source(
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

    fn tags(
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

    /// Complains about fields that do not belong to this card kind.
    fn unused(&mut self, present: &[(&str, Option<usize>)], kind: &str, ctx: Option<&str>) {
        for (name, at) in present {
            if let Some(at) = at {
                self.error(
                    *at,
                    ctx,
                    format!("field `{name}` does not belong to a {kind} card"),
                );
            }
        }
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn at<T>(f: &Option<Spanned<T>>) -> Option<usize> {
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
    for (key, value) in root {
        let key_at = key.span().start;
        match key.get_ref().as_ref() {
            "deck" => raw_deck = deserialize::<RawDeck>(&mut cx, value, None).map(|d| (key_at, d)),
            "card" => cards = array_of::<RawCard>(&mut cx, value, "card"),
            "table" => tables = array_of::<RawTable>(&mut cx, value, "table"),
            "lesson" => lessons = array_of::<RawLesson>(&mut cx, value, "lesson"),
            other => cx.error(
                key_at,
                None,
                format!("unknown table `{other}`, expected `deck`, `card`, `table` or `lesson`"),
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

fn card(cx: &mut Ctx, card_at: usize, raw: &RawCard, deck_tags: &[String]) -> Option<Card> {
    let label = raw.id.as_ref().map(|i| format!("card {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "card", card_at, ctx);
    let source = cx.source(&raw.source, card_at, ctx);
    let mut tags = deck_tags.to_vec();
    for t in cx.tags(&raw.tags, ctx) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let kind = match &raw.kind {
        None => {
            cx.error(
                card_at,
                ctx,
                format!("missing field `kind` (one of {})", KINDS.join(", ")),
            );
            return None;
        }
        Some(k) if !KINDS.contains(&k.get_ref().as_str()) => {
            cx.error(
                k.span().start,
                ctx,
                format!("kind {:?} is not one of {}", k.get_ref(), KINDS.join(", ")),
            );
            return None;
        }
        Some(k) => k.get_ref().as_str(),
    };
    let body = match kind {
        "flash" => flash(cx, card_at, raw, ctx),
        "choice" => choice(cx, card_at, raw, ctx),
        "truefalse" => truefalse(cx, card_at, raw, ctx),
        "cloze" => cloze(cx, card_at, raw, ctx),
        _ => placement(cx, card_at, raw, ctx),
    };
    if cx.errors.len() > before {
        return None;
    }
    Some(Card {
        id: id?,
        tags,
        source,
        body: body?,
    })
}

fn flash(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    cx.unused(
        &[
            ("prompt", at(&raw.prompt)),
            ("choices", at(&raw.choices)),
            ("answer", at(&raw.answer)),
            ("answers", at(&raw.answers)),
            ("shuffle", at(&raw.shuffle)),
            ("statement", at(&raw.statement)),
            ("text", at(&raw.text)),
            ("explain", at(&raw.explain)),
            ("nodes", at(&raw.nodes)),
            ("daemonset", at(&raw.daemonset)),
        ],
        "flash",
        ctx,
    );
    let front = cx.text(&raw.front, "front", card_at, ctx);
    let back = cx.text(&raw.back, "back", card_at, ctx);
    Some(CardBody::Flash {
        front: front?,
        back: back?,
    })
}

fn choice(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    cx.unused(
        &[
            ("front", at(&raw.front)),
            ("back", at(&raw.back)),
            ("statement", at(&raw.statement)),
            ("text", at(&raw.text)),
            ("nodes", at(&raw.nodes)),
            ("daemonset", at(&raw.daemonset)),
        ],
        "choice",
        ctx,
    );
    let prompt = cx.text(&raw.prompt, "prompt", card_at, ctx);
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let Some(choices_field) = &raw.choices else {
        cx.error(card_at, ctx, "missing field `choices`");
        return None;
    };
    let mut choices = Vec::new();
    for c in choices_field.get_ref() {
        let text = cx.check_text(c, "choices", ctx, false)?;
        if choices.contains(&text) {
            cx.error(
                c.span().start,
                ctx,
                format!("choice {text:?} appears twice"),
            );
        }
        choices.push(text);
    }
    let n = choices.len();
    if n < 2 {
        cx.error(
            choices_field.span().start,
            ctx,
            format!("a choice card needs at least 2 choices, found {n}"),
        );
        return None;
    }
    let in_range = |cx: &mut Ctx, i: i64, at: usize| -> Option<usize> {
        if i < 0 || i as usize >= n {
            cx.error(
                at,
                ctx,
                format!("answer {i} is out of range ({n} choices, numbered from 0)"),
            );
            None
        } else {
            Some(i as usize)
        }
    };
    let (answers, multi) = match (&raw.answer, &raw.answers) {
        (Some(_), Some(list)) => {
            cx.error(
                list.span().start,
                ctx,
                "give either `answer` or `answers`, not both",
            );
            return None;
        }
        (None, None) => {
            cx.error(
                card_at,
                ctx,
                "missing field `answer` (or `answers` for several right choices)",
            );
            return None;
        }
        (Some(a), None) => match a.get_ref() {
            toml::Value::Integer(i) => (vec![in_range(cx, *i, a.span().start)?], false),
            other => {
                cx.error(
                    a.span().start,
                    ctx,
                    format!(
                        "`answer` of a choice card is a choice number, found {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        },
        (None, Some(list)) => {
            let mut out = Vec::new();
            for a in list.get_ref() {
                let i = in_range(cx, *a.get_ref(), a.span().start)?;
                if out.contains(&i) {
                    cx.error(a.span().start, ctx, format!("answer {i} is listed twice"));
                    return None;
                }
                out.push(i);
            }
            if out.is_empty() {
                cx.error(list.span().start, ctx, "`answers` is empty");
                return None;
            }
            out.sort_unstable();
            (out, true)
        }
    };
    Some(CardBody::Choice {
        prompt: prompt?,
        choices,
        answers,
        multi,
        explain,
        shuffle: raw.shuffle.as_ref().is_none_or(|s| *s.get_ref()),
    })
}

fn truefalse(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    cx.unused(
        &[
            ("front", at(&raw.front)),
            ("back", at(&raw.back)),
            ("prompt", at(&raw.prompt)),
            ("choices", at(&raw.choices)),
            ("answers", at(&raw.answers)),
            ("shuffle", at(&raw.shuffle)),
            ("text", at(&raw.text)),
            ("nodes", at(&raw.nodes)),
            ("daemonset", at(&raw.daemonset)),
        ],
        "truefalse",
        ctx,
    );
    let statement = cx.text(&raw.statement, "statement", card_at, ctx);
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let answer = match &raw.answer {
        None => {
            cx.error(card_at, ctx, "missing field `answer` (true or false)");
            return None;
        }
        Some(a) => match a.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                cx.error(
                    a.span().start,
                    ctx,
                    format!(
                        "`answer` of a truefalse card is true or false, found {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        },
    };
    Some(CardBody::TrueFalse {
        statement: statement?,
        answer,
        explain,
    })
}

fn cloze(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    cx.unused(
        &[
            ("front", at(&raw.front)),
            ("back", at(&raw.back)),
            ("prompt", at(&raw.prompt)),
            ("choices", at(&raw.choices)),
            ("answer", at(&raw.answer)),
            ("answers", at(&raw.answers)),
            ("shuffle", at(&raw.shuffle)),
            ("statement", at(&raw.statement)),
            ("nodes", at(&raw.nodes)),
            ("daemonset", at(&raw.daemonset)),
        ],
        "cloze",
        ctx,
    );
    let text = cx.text(&raw.text, "text", card_at, ctx)?;
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let text_at = content_start(
        cx.text,
        raw.text.as_ref().map_or(card_at, |t| t.span().start),
    );
    match gaps(&text) {
        Err((offset, message)) => {
            cx.error(text_at + offset, ctx, message);
            None
        }
        Ok(g) if g.is_empty() => {
            cx.error(text_at, ctx, "cloze text has no {{gap}}");
            None
        }
        Ok(gaps) => Some(CardBody::Cloze {
            text,
            gaps,
            explain,
        }),
    }
}

fn placement(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    cx.unused(
        &[
            ("front", at(&raw.front)),
            ("back", at(&raw.back)),
            ("choices", at(&raw.choices)),
            ("answer", at(&raw.answer)),
            ("answers", at(&raw.answers)),
            ("shuffle", at(&raw.shuffle)),
            ("statement", at(&raw.statement)),
            ("text", at(&raw.text)),
        ],
        "placement",
        ctx,
    );
    let prompt = cx.text(&raw.prompt, "prompt", card_at, ctx);
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let nodes_yaml = cx.text(&raw.nodes, "nodes", card_at, ctx);
    let ds_yaml = cx.text(&raw.daemonset, "daemonset", card_at, ctx);
    let nodes = nodes_yaml.as_ref().and_then(|y| {
        let m = read_yaml(cx, y, raw.nodes.as_ref()?.span(), "nodes", ctx)?;
        if m.nodes.is_empty() {
            cx.error(
                raw.nodes.as_ref()?.span().start,
                ctx,
                "`nodes` holds no Node",
            );
            return None;
        }
        let mut names = HashSet::new();
        if let Some(dup) = m
            .nodes
            .iter()
            .find(|n| !names.insert(n.metadata.name.clone()))
        {
            cx.error(
                raw.nodes.as_ref()?.span().start,
                ctx,
                format!("`nodes` names node {:?} twice", dup.metadata.name),
            );
            return None;
        }
        Some(m.nodes)
    });
    let daemonset = ds_yaml.as_ref().and_then(|y| {
        let span = raw.daemonset.as_ref()?.span();
        let mut m = read_yaml(cx, y, span.clone(), "daemonset", ctx)?;
        if m.daemonsets.len() != 1 {
            cx.error(
                span.start,
                ctx,
                format!(
                    "`daemonset` must hold exactly one DaemonSet, found {}",
                    m.daemonsets.len()
                ),
            );
            return None;
        }
        m.daemonsets.pop()
    });
    Some(CardBody::Placement(Box::new(PlacementCard {
        prompt: prompt?,
        nodes_yaml: nodes_yaml?,
        daemonset_yaml: ds_yaml?,
        nodes: nodes?,
        daemonset: daemonset?,
        explain,
    })))
}

/// Reads a YAML field, placing its errors at the right line of the deck file.
fn read_yaml(
    cx: &mut Ctx,
    yaml: &str,
    span: Range<usize>,
    field: &str,
    ctx: Option<&str>,
) -> Option<manifest::Manifest> {
    match manifest::parse(field, yaml.as_bytes()) {
        Ok(m) => Some(m),
        Err(e) => {
            let start = content_start(cx.text, span.start);
            let (at, message) = match &e {
                ManifestError::Syntax {
                    line,
                    column,
                    message,
                    ..
                } => (
                    offset_in(yaml, *line as usize, *column as usize),
                    message.clone(),
                ),
                ManifestError::Invalid { place, message, .. } => (0, format!("{place}: {message}")),
                other => (0, other.to_string()),
            };
            cx.error(start + at, ctx, format!("`{field}` YAML: {message}"));
            None
        }
    }
}

/// Byte offset within `text` of 1-based (line, column).
fn offset_in(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Where a string value's content starts, given the offset of its opening quote: after `'''` or
/// `"""` (and the newline TOML trims right after them), or after a single quote. Exact for
/// literal strings, which is how decks write YAML.
fn content_start(text: &str, quote_at: usize) -> usize {
    let rest = &text[quote_at.min(text.len())..];
    if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        let after = &rest[3..];
        quote_at
            + 3
            + if after.starts_with("\r\n") {
                2
            } else if after.starts_with('\n') {
                1
            } else {
                0
            }
    } else if rest.starts_with('\'') || rest.starts_with('"') {
        quote_at + 1
    } else {
        quote_at
    }
}

fn table(cx: &mut Ctx, table_at: usize, raw: RawTable) -> Option<Table> {
    let label = raw.id.as_ref().map(|i| format!("table {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "table", table_at, ctx);
    let title = cx.text(&raw.title, "title", table_at, ctx);
    let table_source = cx.optional_text(&raw.source, "source", ctx);
    let mut columns = Vec::new();
    match &raw.columns {
        None => cx.error(table_at, ctx, "missing field `columns`"),
        Some(cols) => {
            for c in cols.get_ref() {
                if let Some(t) = cx.check_text(c, "columns", ctx, false) {
                    columns.push(t);
                }
            }
            if cols.get_ref().len() < 2 {
                cx.error(cols.span().start, ctx, "a table needs at least 2 columns");
            }
        }
    }
    if raw.row.is_empty() {
        cx.error(table_at, ctx, "the table has no [[table.row]]");
    }
    let mut rows = Vec::new();
    let mut row_ids = HashSet::new();
    for row_spanned in &raw.row {
        let row_at = row_spanned.span().start;
        let r: &RawRow = row_spanned.get_ref();
        let row_label = match (&label, &r.id) {
            (Some(t), Some(i)) => Some(format!("{t}, row {:?}", i.get_ref())),
            _ => label.clone(),
        };
        let rctx = row_label.as_deref();
        let id = cx.id(&r.id, "row", row_at, rctx);
        let feature = cx.text(&r.feature, "feature", row_at, rctx);
        let source = cx
            .optional_text(&r.source, "source", rctx)
            .or_else(|| table_source.clone());
        if source.is_none() && cx.require_source {
            cx.error(row_at, rctx, "missing field `source` (on the row or the table): every shipped item cites the fact it rests on");
        }
        let mut cells = Vec::new();
        match &r.cells {
            None => cx.error(row_at, rctx, "missing field `cells`"),
            Some(cs) => {
                for c in cs.get_ref() {
                    if let Some(t) = cx.check_text(c, "cells", rctx, false) {
                        cells.push(t);
                    }
                }
                if cs.get_ref().len() != columns.len() && !columns.is_empty() {
                    cx.error(
                        cs.span().start,
                        rctx,
                        format!("{} cells for {} columns", cs.get_ref().len(), columns.len()),
                    );
                }
            }
        }
        if let Some(id) = &id
            && !row_ids.insert(id.clone())
        {
            cx.error(row_at, rctx, "duplicate row id in this table");
        }
        if let (Some(id), Some(feature)) = (id, feature) {
            rows.push(Row {
                id,
                feature,
                cells,
                source,
            });
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Table {
        id: id?,
        title: title?,
        columns,
        rows,
        source: table_source,
    })
}

fn lesson(
    cx: &mut Ctx,
    lesson_at: usize,
    raw: RawLesson,
    cards: &HashSet<String>,
) -> Option<Lesson> {
    let label = raw.id.as_ref().map(|i| format!("lesson {:?}", i.get_ref()));
    let ctx = label.as_deref();
    let before = cx.errors.len();
    let id = cx.id(&raw.id, "lesson", lesson_at, ctx);
    let title = cx.text(&raw.title, "title", lesson_at, ctx);
    let source = cx.source(&raw.source, lesson_at, ctx);
    if raw.step.is_empty() {
        cx.error(lesson_at, ctx, "the lesson has no [[lesson.step]]");
    }
    let mut steps = Vec::new();
    for s in &raw.step {
        let step_at = s.span().start;
        let st: &RawStep = s.get_ref();
        let title = cx.text(&st.title, "title", step_at, ctx);
        let body = cx.text(&st.body, "body", step_at, ctx);
        let check = cx.optional_text(&st.check, "check", ctx);
        if let (Some(c), Some(f)) = (&check, &st.check)
            && !cards.contains(c)
        {
            cx.error(
                f.span().start,
                ctx,
                format!("check card {c:?} is not a card of this deck"),
            );
        }
        if let (Some(title), Some(body)) = (title, body) {
            steps.push(Step { title, body, check });
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Lesson {
        id: id?,
        title: title?,
        source,
        steps,
    })
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
