use super::data::open_store;
use super::style::write_out;
use crate::store::iso_utc;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The decks as an Anki package: the shipped decks and the user's, or those `--deck` names.
pub fn anki(file: &Path, only: &[String], deck_dirs: &[PathBuf]) -> Result<()> {
    // Warnings about broken decks are printed as they load.
    let library = super::library::load_all(deck_dirs);
    for id in only {
        if library.deck(id).is_none() {
            return Err(super::UsageError(format!(
                "--deck {id:?}: no deck with that id (kubedrill decks lists them)"
            ))
            .into());
        }
    }
    let decks = crate::deck::anki_decks(&library, only, crate::placement::FeatureGates::default());
    let notes: usize = decks.iter().map(|d| d.notes.len()).sum();
    // A bar on a terminal, nothing when stderr is piped.
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(notes as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("writing notes {bar:40} {pos}/{len}")
            .expect("a valid template"),
    );
    crate::store::write_apkg(file, &decks, crate::store::now_ms(), &mut || bar.inc(1))?;
    bar.finish_and_clear();
    eprintln!(
        "wrote {}: {} deck{}, {notes} notes",
        file.display(),
        decks.len(),
        if decks.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// The review log as CSV: one row per answer, oldest first.
pub fn run(data_dir: Option<&Path>) -> Result<()> {
    let store = open_store(data_dir)?;
    let answers = store.answers()?;
    write_out(|out| {
        writeln!(
            out,
            "id,item,time_utc,at_ms,rating,duration_ms,mode,correct"
        )?;
        for (id, a) in &answers {
            let correct = match a.correct {
                Some(true) => "1",
                Some(false) => "0",
                None => "",
            };
            writeln!(
                out,
                "{},{},{},{},{},{},{},{correct}",
                id.0,
                csv_field(&a.item),
                iso_utc(a.at_ms),
                a.at_ms,
                a.rating.number(),
                a.duration_ms,
                a.mode
            )?;
        }
        Ok(())
    })
}

/// RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
