use super::library::load_all;
use super::style::{inert, write_out};
use crate::cli::DecksArgs;
use crate::deck::ItemKind;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Serialize)]
struct DeckRow {
    id: String,
    title: String,
    /// `shipped`, or the file it was read from.
    source: String,
    items: usize,
    counts: BTreeMap<&'static str, usize>,
    lessons: usize,
}

pub fn run(args: &DecksArgs, dirs: &[PathBuf]) -> Result<()> {
    let library = load_all(dirs);
    let rows: Vec<DeckRow> = library
        .decks
        .iter()
        .map(|d| {
            let counts = d.counts();
            DeckRow {
                id: d.id.clone(),
                title: d.title.clone(),
                source: d.origin.label().to_owned(),
                items: counts.values().sum(),
                counts: ItemKind::ALL
                    .iter()
                    .map(|k| (k.name(), counts.get(k).copied().unwrap_or(0)))
                    .collect(),
                lessons: d.lessons.len(),
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
            "{:w$}  ITEMS  FLASH  CHOICE  T/F  CLOZE  PLACE  CELLS  LESSONS  SOURCE  TITLE",
            "ID"
        )?;
        for r in &rows {
            let c = |k: ItemKind| r.counts[k.name()];
            writeln!(
                out,
                "{:w$}  {:>5}  {:>5}  {:>6}  {:>3}  {:>5}  {:>5}  {:>5}  {:>7}  {}  {}",
                inert(&r.id),
                r.items,
                c(ItemKind::Flash),
                c(ItemKind::Choice),
                c(ItemKind::TrueFalse),
                c(ItemKind::Cloze),
                c(ItemKind::Placement),
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
