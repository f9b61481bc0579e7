//! One question as the learner sees it, built from any item id: a card, one gap of a cloze card,
//! or one cell of a comparison table (asked as a choice among the row's other cells). Review,
//! quiz and lessons all ask through this type, so every kind is graded the same way. Pure: the
//! only randomness (choice order) comes from the seed passed in.

use crate::deck::{CardBody, Deck, Gap, Library, PlacementCard, WriteCard};
use crate::placement::FeatureGates;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::BTreeSet;

/// What is asked, and what counts as right.
#[derive(Debug, Clone)]
pub enum Prompt {
    /// Self-graded: the learner reveals the back and says how well they knew it.
    Flash {
        front: String,
        back: String,
    },
    /// Choices in display order; `answers` index into `choices` as shown.
    Choice {
        prompt: String,
        choices: Vec<String>,
        answers: Vec<usize>,
        multi: bool,
        explain: String,
    },
    TrueFalse {
        statement: String,
        answer: bool,
        explain: String,
    },
    /// `gap` is the one asked; the other gaps are shown filled in.
    Cloze {
        text: String,
        gaps: Vec<Gap>,
        gap: usize,
        explain: String,
    },
    Placement(Box<PlacementCard>),
    /// Write (or fix) the DaemonSet: answered with a manifest from the learner's editor.
    Write(Box<WriteCard>),
}

/// A learner's answer to an automatically graded prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Picked(BTreeSet<usize>),
    Said(bool),
    Typed(String),
    Marked(BTreeSet<String>),
    /// A manifest as the learner saved it.
    Manifest(String),
}

#[derive(Debug, Clone)]
pub struct Question {
    /// The item id the answer is logged under.
    pub item: String,
    pub deck_title: String,
    pub tags: Vec<String>,
    /// The fact the item rests on (`domain-facts §3`), shown with the explanation.
    pub source: Option<String>,
    pub prompt: Prompt,
}

impl Question {
    /// Builds the question for an item id, or `None` when no loaded deck has it. `seed` orders
    /// shuffled choices (and table-cell choices), so the same seed shows the same order.
    pub fn for_item(library: &Library, item: &str, seed: u64) -> Option<Question> {
        let (deck_id, rest) = item.split_once('/')?;
        let deck = library.deck(deck_id)?;
        if rest.matches('/').count() == 2 {
            return table_cell(deck, item, rest, seed);
        }
        let (card_id, gap) = match rest.split_once('#') {
            Some((card, n)) => (card, Some(n.parse::<usize>().ok()?.checked_sub(1)?)),
            None => (rest, None),
        };
        let card = deck.card(card_id)?;
        let prompt = match (&card.body, gap) {
            (CardBody::Flash { front, back }, None) => Prompt::Flash {
                front: front.clone(),
                back: back.clone(),
            },
            (
                CardBody::Choice {
                    prompt,
                    choices,
                    answers,
                    multi,
                    explain,
                    shuffle,
                },
                None,
            ) => {
                let mut order: Vec<usize> = (0..choices.len()).collect();
                if *shuffle {
                    order.shuffle(&mut StdRng::seed_from_u64(seed));
                }
                Prompt::Choice {
                    prompt: prompt.clone(),
                    choices: order.iter().map(|&i| choices[i].clone()).collect(),
                    answers: (0..order.len())
                        .filter(|&shown| answers.contains(&order[shown]))
                        .collect(),
                    multi: *multi,
                    explain: explain.clone(),
                }
            }
            (
                CardBody::TrueFalse {
                    statement,
                    answer,
                    explain,
                },
                None,
            ) => Prompt::TrueFalse {
                statement: statement.clone(),
                answer: *answer,
                explain: explain.clone(),
            },
            (
                CardBody::Cloze {
                    text,
                    gaps,
                    explain,
                },
                Some(gap),
            ) if gap < gaps.len() => Prompt::Cloze {
                text: text.clone(),
                gaps: gaps.clone(),
                gap,
                explain: explain.clone(),
            },
            (CardBody::Placement(p), None) => Prompt::Placement(p.clone()),
            (CardBody::Write(w), None) => Prompt::Write(w.clone()),
            _ => return None,
        };
        Some(Question {
            item: item.to_owned(),
            deck_title: deck.title.clone(),
            tags: card.tags.clone(),
            source: card.source.clone(),
            prompt,
        })
    }

    /// Is this question checked by kubedrill (everything but flash cards)?
    pub fn is_graded(&self) -> bool {
        !matches!(self.prompt, Prompt::Flash { .. })
    }

    /// Grades a response; `None` when the response does not fit the prompt (a flash card, or
    /// true/false answered with choices).
    pub fn grade(&self, response: &Response, gates: FeatureGates) -> Option<bool> {
        match (&self.prompt, response) {
            (Prompt::Choice { answers, .. }, Response::Picked(picked)) => {
                let picked: Vec<usize> = picked.iter().copied().collect();
                Some(super::grade_choice(answers, &picked))
            }
            (Prompt::TrueFalse { answer, .. }, Response::Said(said)) => {
                Some(super::grade_truefalse(*answer, *said))
            }
            (Prompt::Cloze { gaps, gap, .. }, Response::Typed(typed)) => {
                Some(super::grade_cloze(&gaps[*gap], typed))
            }
            (Prompt::Placement(card), Response::Marked(marked)) => {
                Some(super::grade_placement(card, marked, gates).correct())
            }
            // A manifest the API server refuses is not an answer: the learner is told why.
            (Prompt::Write(card), Response::Manifest(text)) => {
                super::grade_write(card, text).ok().map(|g| g.all_correct())
            }
            _ => None,
        }
    }

    /// The right answer in words, for result lists.
    pub fn answer_text(&self, gates: FeatureGates) -> String {
        match &self.prompt {
            Prompt::Flash { back, .. } => back.clone(),
            Prompt::Choice {
                choices, answers, ..
            } => answers
                .iter()
                .map(|&i| format!("{}. {}", i + 1, choices[i]))
                .collect::<Vec<_>>()
                .join("; "),
            Prompt::TrueFalse { answer, .. } => if *answer { "true" } else { "false" }.into(),
            Prompt::Cloze { gaps, gap, .. } => gaps[*gap].answer.clone(),
            Prompt::Placement(card) => {
                let grade = super::grade_placement(card, &BTreeSet::new(), gates);
                let runs: Vec<&str> = grade
                    .nodes
                    .iter()
                    .filter(|n| n.gets_pod)
                    .map(|n| n.node.as_str())
                    .collect();
                if runs.is_empty() {
                    "no node gets a pod".into()
                } else {
                    format!("a pod on {}", runs.join(", "))
                }
            }
            Prompt::Write(card) => format!(
                "a pod on {} here, and the same on the variants; a reference:\n{}",
                super::write_expected(card).join(", "),
                card.solution.trim_end()
            ),
        }
    }

    /// A learner's response in words, beside the right answer in a quiz's results.
    pub fn response_text(&self, response: &Response) -> String {
        match (&self.prompt, response) {
            (Prompt::Choice { choices, .. }, Response::Picked(picked)) => picked
                .iter()
                .filter_map(|&i| choices.get(i).map(|c| format!("{}. {c}", i + 1)))
                .collect::<Vec<_>>()
                .join("; "),
            (Prompt::Flash { .. }, Response::Said(knew)) => {
                if *knew { "knew it" } else { "did not know it" }.into()
            }
            (_, Response::Said(said)) => if *said { "true" } else { "false" }.into(),
            (_, Response::Typed(typed)) => typed.trim().to_owned(),
            (_, Response::Marked(marked)) if marked.is_empty() => "no node marked".into(),
            (_, Response::Marked(marked)) => format!(
                "a pod on {}",
                marked.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
            (_, Response::Manifest(text)) => {
                format!("a manifest of {} lines", text.lines().count())
            }
            (_, Response::Picked(picked)) => picked
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// A cloze's text as it reads, every gap filled with its answer and the asked one marked
    /// `[answer]`; other prompts' text as it is.
    pub fn sentence(&self) -> String {
        match &self.prompt {
            Prompt::Cloze {
                text, gaps, gap, ..
            } => {
                let mut out = String::new();
                let mut at = 0;
                for (i, g) in gaps.iter().enumerate() {
                    out.push_str(&text[at..g.span.start]);
                    if i == *gap {
                        out.push_str(&format!("[{}]", g.answer));
                    } else {
                        out.push_str(&g.answer);
                    }
                    at = g.span.end;
                }
                out.push_str(&text[at..]);
                out
            }
            Prompt::Flash { front, .. } => front.clone(),
            Prompt::Choice { prompt, .. } => prompt.clone(),
            Prompt::TrueFalse { statement, .. } => statement.clone(),
            Prompt::Placement(card) => card.prompt.clone(),
            Prompt::Write(card) => card.prompt.clone(),
        }
    }

    /// The explanation shown after answering (empty for flash cards: their back is the answer).
    pub fn explanation(&self) -> &str {
        match &self.prompt {
            Prompt::Flash { .. } => "",
            Prompt::Choice { explain, .. }
            | Prompt::TrueFalse { explain, .. }
            | Prompt::Cloze { explain, .. } => explain,
            Prompt::Placement(card) => &card.explain,
            Prompt::Write(card) => &card.explain,
        }
    }
}

/// A table cell asked as a choice: "<feature>: which is true of <column>?", the choices being the
/// row's distinct cells. A cell whose text another column shares is right in either place.
fn table_cell(deck: &Deck, item: &str, rest: &str, seed: u64) -> Option<Question> {
    let mut parts = rest.split('/');
    let (table_id, row_id, col) = (parts.next()?, parts.next()?, parts.next()?);
    let col: usize = col.parse().ok()?;
    let table = deck.tables.iter().find(|t| t.id == table_id)?;
    let row = table.rows.iter().find(|r| r.id == row_id)?;
    let right = row.cells.get(col)?;
    let mut choices: Vec<String> = Vec::new();
    for cell in &row.cells {
        if !choices.contains(cell) {
            choices.push(cell.clone());
        }
    }
    choices.shuffle(&mut StdRng::seed_from_u64(seed));
    let answers = vec![choices.iter().position(|c| c == right)?];
    let column = &table.columns[col];
    let explain = table
        .columns
        .iter()
        .zip(&row.cells)
        .map(|(c, v)| format!("{c}: {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    Some(Question {
        item: item.to_owned(),
        deck_title: table.title.clone(),
        tags: deck.tags.clone(),
        source: row.source.clone().or_else(|| table.source.clone()),
        prompt: Prompt::Choice {
            prompt: format!("{}: which one describes the {column}?", row.feature),
            choices,
            answers,
            multi: false,
            explain,
        },
    })
}
