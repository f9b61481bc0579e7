use super::study::Study;
use super::style::{inert, write_out};
use crate::cli::DecksArgs;
use crate::deck::ItemKind;
use crate::store::now_ms;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct DeckRow {
    id: String,
    title: String,
    /// `shipped`, or the file it was read from.
    source: String,
    items: usize,
    counts: BTreeMap<&'static str, usize>,
    lessons: usize,
    /// Items due now (learning and reviews).
    due: usize,
    /// New items available today, within the daily limit.
    new: usize,
    /// Learning items due later today.
    later: usize,
}

pub fn run(args: &DecksArgs, data: Option<&Path>, dirs: &[PathBuf]) -> Result<()> {
    let study = Study::load(data, dirs)?;
    let now = now_ms();
    // The counts Home shows (Study::counts): ITEMS are the reviewable items; the per-kind
    // counts beside them include comparison-table cells, which quizzes ask.
    let shared = study.counts(now);
    let rows: Vec<DeckRow> = study
        .library
        .decks
        .iter()
        .zip(&shared.decks)
        .map(|(d, c)| {
            let counts = d.counts();
            let (due, new) = (c.due, c.new);
            DeckRow {
                id: d.id.clone(),
                title: d.title.clone(),
                source: d.origin.label().to_owned(),
                items: c.items,
                counts: ItemKind::ALL
                    .iter()
                    .map(|k| (k.name(), counts.get(k).copied().unwrap_or(0)))
                    .collect(),
                lessons: d.lessons.len(),
                due,
                new,
                later: c.later,
            }
        })
        .collect();
    if args.json {
        return write_out(|out| {
            serde_json::to_writer(&mut *out, &serde_json::json!({ "decks": rows }))
                .map_err(std::io::Error::from)?;
            writeln!(out)
        });
    }
    write_out(|out| {
        let w = rows
            .iter()
            .map(|r| r.id.chars().count())
            .max()
            .unwrap_or(2)
            .max(2);
        writeln!(
            out,
            "{:w$}  DUE  NEW  LATER  ITEMS  FLASH  CHOICE  T/F  CLOZE  PLACE  WRITE  CELLS  LESSONS  SOURCE  TITLE",
            "ID"
        )?;
        for r in &rows {
            let c = |k: ItemKind| r.counts[k.name()];
            writeln!(
                out,
                "{:w$}  {:>3}  {:>3}  {:>5}  {:>5}  {:>5}  {:>6}  {:>3}  {:>5}  {:>5}  {:>5}  {:>5}  {:>7}  {}  {}",
                inert(&r.id),
                r.due,
                r.new,
                r.later,
                r.items,
                c(ItemKind::Flash),
                c(ItemKind::Choice),
                c(ItemKind::TrueFalse),
                c(ItemKind::Cloze),
                c(ItemKind::Placement),
                c(ItemKind::Write),
                c(ItemKind::TableCell),
                r.lessons,
                inert(&r.source),
                inert(&r.title)
            )?;
        }
        let total: usize = rows.iter().map(|r| r.items).sum();
        writeln!(out, "{} decks, {total} items", rows.len())
    })
}
