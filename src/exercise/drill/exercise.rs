//! One shape for every drill kind. A kind is a question type that implements [`Exercise`]:
//! it draws itself from the generator's step, knows its expected answer, grades an answer
//! per item, and lists the rows the learner fills in. `register_kinds!` (in `kinds.rs`) turns
//! the list of kinds into `DrillKind`, `Question` and `Answer` and every dispatching match, so
//! a new kind is its module and one registration line.

use super::DrillError;
use super::manifest_task::ManifestTask;
use super::rule_key::{Practice, RuleKey};
use super::score::Graded;
use super::step::{Built, Step};
use crate::placement::objects::Pod;

/// What a drill kind provides.
pub trait Exercise: Sized {
    /// The learner's answer, typed.
    type Answer;
    /// Which rules this kind's items can count toward (for "practise my weakest rule").
    const PRACTISES: &'static [Practice];
    /// Draws this kind's drill, or `None` when the draw does not make a good one (no mix of
    /// outcomes, nothing happens...): the generator then draws again from the same RNG.
    fn generate(step: &mut Step<'_>) -> Option<Built<Self>>;
    /// The engine's answer.
    fn expected(&self) -> Self::Answer;
    /// Grades an answer per item, with the deciding rule and the engine's reason; `Err` when
    /// the answer cannot be graded at all (a manifest the API server would refuse).
    fn grade(&self, answer: &Self::Answer) -> Result<Graded, DrillError>;
    /// The items with their expected answers and reasons: the expected answer graded.
    fn answer_items(&self) -> Graded {
        self.grade(&self.expected()).unwrap_or_default()
    }
    /// The rows the learner answers, in order.
    fn rows(&self) -> Vec<Row>;
    /// The answer that the rows' values make (`values` is in the order of `rows`).
    fn answer(&self, rows: &[Row], values: &[RowValue]) -> Self::Answer;
    /// The pods already in the cluster, where the question has them.
    fn pods(&self) -> &[Pod] {
        &[]
    }
    /// The manifest task, for the kinds answered with a manifest (write, fix).
    fn task(&self) -> Option<&ManifestTask> {
        None
    }
}

/// Does a kind that practises `families` score `key`?
pub fn practises(families: &[Practice], key: RuleKey) -> bool {
    families.contains(&key.practice())
}

/// What one row of an answer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowInput {
    /// A node is marked or not (unmarked is an answer: no pod).
    Mark,
    /// One of these values, cycled with Space.
    Choice(&'static [&'static str]),
    /// A typed number.
    Number,
    /// A whole manifest, written in the learner's editor.
    Manifest,
}

/// One row the learner answers: a node or a sub-question (`maxSurge`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub input: RowInput,
}

impl Row {
    pub fn new(id: impl Into<String>, input: RowInput) -> Row {
        Row {
            id: id.into(),
            input,
        }
    }
}

/// What the learner has put in a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RowValue {
    #[default]
    Empty,
    Marked,
    /// The index into the row's `Choice` values.
    Choice(usize),
    Number(u32),
    Manifest(String),
}

impl RowValue {
    pub fn is_empty(&self) -> bool {
        *self == RowValue::Empty
    }

    /// The row's value as the screen shows it.
    pub fn text(&self, input: RowInput) -> String {
        match (self, input) {
            (RowValue::Choice(i), RowInput::Choice(options)) => {
                options.get(*i).copied().unwrap_or("").to_owned()
            }
            (RowValue::Number(n), _) => n.to_string(),
            (RowValue::Marked, _) => "gets pod".to_owned(),
            _ => String::new(),
        }
    }
}

/// The value of row `id` (Empty when there is no such row).
pub fn value_of<'a>(rows: &[Row], values: &'a [RowValue], id: &str) -> &'a RowValue {
    rows.iter()
        .position(|r| r.id == id)
        .and_then(|i| values.get(i))
        .unwrap_or(&RowValue::Empty)
}

/// Pairs each row with its value, choices resolved through `options` (the typed values in the
/// same order as the row's `Choice` labels).
pub fn chosen<'a, T: Copy>(
    rows: &'a [Row],
    values: &'a [RowValue],
    options: &'a [T],
) -> impl Iterator<Item = (String, T)> + 'a {
    rows.iter()
        .zip(values)
        .filter_map(|(row, value)| match value {
            RowValue::Choice(i) => options.get(*i).map(|o| (row.id.clone(), *o)),
            _ => None,
        })
}
