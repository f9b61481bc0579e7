//! Validating one `[[card]]` of each kind.

use super::cloze::gaps;
use super::parse::{Ctx, at};
use super::raw::RawCard;
use super::{Card, CardBody, PlacementCard};
use crate::manifest::{self, ManifestError};
use std::collections::HashSet;
use std::ops::Range;

const KINDS: [&str; 6] = [
    "flash",
    "choice",
    "truefalse",
    "cloze",
    "placement",
    "write",
];

/// The fields each kind uses, besides `id`, `kind`, `tags` and `source` which every card has.
fn kind_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "flash" => &["front", "back"],
        "choice" => &[
            "prompt", "choices", "answer", "answers", "shuffle", "explain",
        ],
        "truefalse" => &["statement", "answer", "explain"],
        "cloze" => &["text", "explain"],
        "write" => &[
            "prompt",
            "nodes",
            "daemonset",
            "solution",
            "hidden",
            "explain",
        ],
        _ => &["prompt", "nodes", "daemonset", "explain"],
    }
}

/// Every kind-specific field the card wrote, with where.
fn written_fields(raw: &RawCard) -> [(&'static str, Option<usize>); 14] {
    [
        ("front", at(&raw.front)),
        ("back", at(&raw.back)),
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
        ("solution", at(&raw.solution)),
        ("hidden", at(&raw.hidden)),
    ]
}

pub(super) fn card(
    cx: &mut Ctx,
    card_at: usize,
    raw: &RawCard,
    deck_tags: &[String],
) -> Option<Card> {
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
    for (name, written_at) in written_fields(raw) {
        if let Some(field_at) = written_at
            && !kind_fields(kind).contains(&name)
        {
            cx.error(
                field_at,
                ctx,
                format!("field `{name}` does not belong to a {kind} card"),
            );
        }
    }
    let body = match kind {
        "flash" => flash(cx, card_at, raw, ctx),
        "choice" => choice(cx, card_at, raw, ctx),
        "truefalse" => truefalse(cx, card_at, raw, ctx),
        "cloze" => cloze(cx, card_at, raw, ctx),
        "write" => super::write_card::write(cx, card_at, raw, ctx),
        _ => placement(cx, card_at, raw, ctx),
    };
    if cx.errors.len() > before {
        return None;
    }
    Some(Card {
        id: id?,
        line: super::error::line_col(cx.text, card_at).0,
        tags,
        source,
        body: body?,
    })
}

fn flash(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
    let front = cx.text(&raw.front, "front", card_at, ctx);
    let back = cx.text(&raw.back, "back", card_at, ctx);
    Some(CardBody::Flash {
        front: front?,
        back: back?,
    })
}

fn choice(cx: &mut Ctx, card_at: usize, raw: &RawCard, ctx: Option<&str>) -> Option<CardBody> {
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
    let prompt = cx.text(&raw.prompt, "prompt", card_at, ctx);
    let explain = cx
        .optional_text(&raw.explain, "explain", ctx)
        .unwrap_or_default();
    let nodes_yaml = cx.text(&raw.nodes, "nodes", card_at, ctx);
    let ds_yaml = cx.text(&raw.daemonset, "daemonset", card_at, ctx);
    let nodes = nodes_yaml
        .as_ref()
        .and_then(|y| node_list(cx, y, raw.nodes.as_ref()?.span(), "nodes", ctx));
    let daemonset = ds_yaml.as_ref().and_then(|y| {
        let span = raw.daemonset.as_ref()?.span();
        // A card's DaemonSet is read as the API server reads it: a misspelled field is an
        // error at its line in the deck, never a card whose answer rests on a dropped field.
        let start = content_start(cx.text, span.start);
        let refused = manifest::strict::check(y);
        for f in &refused {
            let at = offset_in(y, f.problem.at.line, f.problem.at.column);
            cx.error(start + at, ctx, format!("`daemonset` YAML: {}", f.problem));
        }
        if !refused.is_empty() {
            return None;
        }
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

/// A field holding a Node list: at least one node, each name once.
pub(super) fn node_list(
    cx: &mut Ctx,
    yaml: &str,
    span: Range<usize>,
    field: &str,
    ctx: Option<&str>,
) -> Option<Vec<crate::placement::objects::Node>> {
    let m = read_yaml(cx, yaml, span.clone(), field, ctx)?;
    if m.nodes.is_empty() {
        cx.error(span.start, ctx, format!("`{field}` holds no Node"));
        return None;
    }
    let mut names = HashSet::new();
    if let Some(dup) = m
        .nodes
        .iter()
        .find(|n| !names.insert(n.metadata.name.clone()))
    {
        cx.error(
            span.start,
            ctx,
            format!("`{field}` names node {:?} twice", dup.metadata.name),
        );
        return None;
    }
    Some(m.nodes)
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
pub(super) fn offset_in(text: &str, line: usize, column: usize) -> usize {
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
pub(super) fn content_start(text: &str, quote_at: usize) -> usize {
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
