//! The decks as Anki notes, for `kubedrill export --anki`: Basic notes for flash, choice,
//! true/false, placement and write cards, Cloze notes for cloze cards (`{{c1::…}}` per gap, so
//! Anki's card N is kubedrill's item `#N`). Fields are HTML. Pure: the package itself is
//! written by `store::anki_package`.

use super::{CardBody, Deck, Library};
use crate::placement::{FeatureGates, Placement};

/// The note type a note uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnkiModel {
    /// Fields Front and Back; one card.
    Basic,
    /// Fields Text and Back Extra; one card per cloze number.
    Cloze,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNote {
    /// The kubedrill card (`deck/card`): the note's GUID is derived from it, so a newer export
    /// updates the notes an older one made.
    pub card: String,
    pub model: AnkiModel,
    /// Front and Back, or Text and Back Extra.
    pub fields: [String; 2],
    pub tags: Vec<String>,
    /// How many Anki cards the note makes (a cloze note: its gaps).
    pub cards: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiDeck {
    /// The kubedrill deck id, from which the Anki deck id is derived.
    pub id: String,
    /// `kubedrill::<title>`.
    pub name: String,
    pub description: String,
    pub notes: Vec<AnkiNote>,
}

/// Every card of the given decks (all when `only` is empty), in deck order. Comparison-table
/// cells stay out: they are asked as a table, which an Anki note cannot show.
pub fn anki_decks(library: &Library, only: &[String], gates: FeatureGates) -> Vec<AnkiDeck> {
    library
        .decks
        .iter()
        .filter(|d| only.is_empty() || only.contains(&d.id))
        .map(|d| AnkiDeck {
            id: d.id.clone(),
            name: format!("kubedrill::{}", d.title),
            description: d.description.clone(),
            notes: d.cards.iter().map(|c| note(d, c, gates)).collect(),
        })
        .collect()
}

fn note(deck: &Deck, card: &super::Card, gates: FeatureGates) -> AnkiNote {
    let basic = |front: String, back: String| AnkiNote {
        card: format!("{}/{}", deck.id, card.id),
        model: AnkiModel::Basic,
        fields: [front, back],
        tags: card.tags.clone(),
        cards: 1,
    };
    match &card.body {
        CardBody::Flash { front, back } => basic(text(front), text(back)),
        CardBody::Choice {
            prompt,
            choices,
            answers,
            explain,
            ..
        } => {
            let list: String = choices
                .iter()
                .map(|c| format!("<li>{}</li>", text(c)))
                .collect();
            let right: Vec<String> = answers
                .iter()
                .map(|&i| format!("{}. {}", letter(i), text(&choices[i])))
                .collect();
            basic(
                format!("{}<ol type=\"A\">{list}</ol>", text(prompt)),
                with_explain(right.join("<br>"), explain),
            )
        }
        CardBody::TrueFalse {
            statement,
            answer,
            explain,
        } => basic(
            format!("True or false?<br>{}", text(statement)),
            with_explain(if *answer { "True" } else { "False" }.into(), explain),
        ),
        CardBody::Cloze {
            text: source,
            gaps,
            explain,
        } => {
            // The text between gaps keeps its spaces (the gaps' spans index the text as written).
            let mut out = String::new();
            let mut at = 0;
            for (n, gap) in gaps.iter().enumerate() {
                out.push_str(&lines(&source[at..gap.span.start]));
                out.push_str(&format!("{{{{c{}::{}}}}}", n + 1, text(&gap.answer)));
                at = gap.span.end;
            }
            out.push_str(&lines(&source[at..]));
            let out = out.trim().to_owned();
            AnkiNote {
                card: format!("{}/{}", deck.id, card.id),
                model: AnkiModel::Cloze,
                fields: [out, text(explain)],
                tags: card.tags.clone(),
                cards: gaps.len(),
            }
        }
        CardBody::Placement(p) => {
            let placement = Placement::evaluate(&p.daemonset, &p.nodes, gates);
            let rows: String = p
                .nodes
                .iter()
                .zip(&placement.decisions)
                .map(|(n, d)| {
                    let why = d
                        .reasons
                        .iter()
                        .map(|r| format!("{}: {}", r.rule, text(&r.message)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    format!(
                        "<tr><td>{}</td><td>{}</td><td>{why}</td></tr>",
                        text(n.name()),
                        d.outcome.as_str()
                    )
                })
                .collect();
            basic(
                format!(
                    "{}<pre>{}</pre><pre>{}</pre>",
                    text(&p.prompt),
                    escape(&p.nodes_yaml),
                    escape(&p.daemonset_yaml)
                ),
                with_explain(
                    format!(
                        "<table><tr><th>node</th><th>outcome</th><th>why</th></tr>{rows}</table>"
                    ),
                    &p.explain,
                ),
            )
        }
        CardBody::Write(w) => basic(
            format!(
                "{}<pre>{}</pre>Start from:<pre>{}</pre>",
                text(&w.prompt),
                escape(&w.nodes_yaml),
                escape(&w.starter)
            ),
            with_explain(format!("<pre>{}</pre>", escape(&w.solution)), &w.explain),
        ),
    }
}

fn letter(i: usize) -> char {
    char::from(b'A' + (i % 26) as u8)
}

fn with_explain(answer: String, explain: &str) -> String {
    if explain.trim().is_empty() {
        answer
    } else {
        format!("{answer}<br><br>{}", text(explain))
    }
}

/// Text as HTML: escaped, line breaks kept.
fn text(s: &str) -> String {
    lines(s.trim())
}

fn lines(s: &str) -> String {
    escape(s).replace('\n', "<br>")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Anki separates fields with U+001F; no field may hold one.
            '\u{1f}' => {}
            c => out.push(c),
        }
    }
    out
}
