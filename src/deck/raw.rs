//! The deck file as written, with spans, before validation. Unknown fields are errors.

use serde::Deserialize;
use toml::Spanned;

type S<T> = Option<Spanned<T>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeck {
    pub id: S<String>,
    pub title: S<String>,
    pub description: S<String>,
    pub tags: S<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    pub id: S<String>,
    pub kind: S<String>,
    pub tags: S<Vec<Spanned<String>>>,
    pub source: S<String>,
    pub front: S<String>,
    pub back: S<String>,
    pub prompt: S<String>,
    pub choices: S<Vec<Spanned<String>>>,
    /// An index for `choice`, a boolean for `truefalse`.
    pub answer: S<toml::Value>,
    pub answers: S<Vec<Spanned<i64>>>,
    pub shuffle: S<bool>,
    pub statement: S<String>,
    pub text: S<String>,
    pub explain: S<String>,
    pub nodes: S<String>,
    pub daemonset: S<String>,
    /// A write card's reference manifest.
    pub solution: S<String>,
    /// A write card's further clusters, each a Node list.
    pub hidden: S<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: S<String>,
    pub title: S<String>,
    pub columns: S<Vec<Spanned<String>>>,
    pub source: S<String>,
    #[serde(default)]
    pub row: Vec<Spanned<RawRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    pub id: S<String>,
    pub feature: S<String>,
    pub cells: S<Vec<Spanned<String>>>,
    pub source: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInterview {
    pub id: S<String>,
    pub question: S<String>,
    pub items: S<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLesson {
    pub id: S<String>,
    pub title: S<String>,
    pub source: S<String>,
    #[serde(default)]
    pub step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub title: S<String>,
    pub body: S<String>,
    pub check: S<String>,
}
