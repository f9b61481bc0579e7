use super::UsageError;
use super::data::open_store;
use super::study::Study;
use super::style::{inert, write_out};
use crate::store::Flags;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Items that reached the lapse threshold, with their lapses and whether they are suspended.
pub fn list(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<()> {
    let study = Study::load(data, deck_dirs)?;
    let mut leeches: Vec<(&String, u32, bool)> = study
        .states
        .iter()
        .filter(|(id, s)| s.leech || study.flags.get(*id).is_some_and(|f| f.leech))
        .map(|(id, s)| {
            (
                id,
                s.lapses,
                study.flags.get(id).is_some_and(|f| f.suspended),
            )
        })
        .collect();
    leeches.sort();
    write_out(|out| {
        if leeches.is_empty() {
            return writeln!(out, "no leeches");
        }
        for (id, lapses, suspended) in &leeches {
            writeln!(
                out,
                "{}  {lapses} lapses  {}",
                inert(id),
                if *suspended { "suspended" } else { "active" }
            )?;
        }
        writeln!(
            out,
            "{} leech{}; `kubedrill unsuspend ID` brings one back",
            leeches.len(),
            if leeches.len() == 1 { "" } else { "es" }
        )
    })
}

/// Every suspended item, and why: a leech (with its lapses) or suspended by hand.
pub fn suspended(data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<()> {
    let study = Study::load(data, deck_dirs)?;
    let mut items: Vec<(&String, String)> = study
        .flags
        .iter()
        .filter(|(_, f)| f.suspended)
        .map(|(id, f)| {
            let lapses = study.states.get(id).map_or(0, |s| s.lapses);
            let why = if f.leech {
                format!("leech: forgotten {lapses} times")
            } else {
                "suspended by you".to_owned()
            };
            (id, why)
        })
        .collect();
    items.sort();
    write_out(|out| {
        if items.is_empty() {
            return writeln!(out, "no suspended items");
        }
        let width = items
            .iter()
            .map(|(id, _)| id.chars().count())
            .max()
            .unwrap_or(0);
        for (id, why) in &items {
            writeln!(out, "{:<width$}  {why}", inert(id))?;
        }
        writeln!(
            out,
            "{} suspended; `kubedrill unsuspend ID` brings one back",
            items.len()
        )
    })
}

/// Lifts the suspension of an item; it stays marked as a leech.
/// An item no loaded deck has is "no such item", unless it is suspended (its deck may have
/// been removed since: it can still be brought back).
pub fn unsuspend(id: &str, data: Option<&Path>, deck_dirs: &[PathBuf]) -> Result<()> {
    let mut store = open_store(data)?;
    let flags = store.flags()?;
    let Some(current) = flags.get(id).filter(|f| f.suspended) else {
        let library = super::library::load_all(deck_dirs);
        let known = library
            .decks
            .iter()
            .any(|d| d.items().iter().any(|i| i.id == id));
        let message = if known {
            format!(
                "item {} is not suspended (see `kubedrill leeches`)",
                inert(id)
            )
        } else {
            format!(
                "no item {} in the loaded decks (`kubedrill decks` lists them; ids look like deck/card)",
                inert(id)
            )
        };
        return Err(UsageError(message).into());
    };
    store.set_flags(
        id,
        Flags {
            suspended: false,
            leech: current.leech,
        },
    )?;
    write_out(|out| writeln!(out, "unsuspended {}", inert(id)))
}
