use super::library::{shipped_sources, user_sources};
use super::style::{inert, write_out};
use crate::cli::CheckArgs;
use crate::deck::{LoadWarning, load_library};
use anyhow::{Result, bail};

/// Validates decks and prints every error as `path:line:col: message`; fails if any.
pub fn run(args: &CheckArgs) -> Result<()> {
    let mut warnings = Vec::new();
    let sources = if args.paths.is_empty() {
        shipped_sources()
    } else {
        user_sources(&args.paths, &mut warnings)
    };
    let files = sources.len() + warnings.len();
    let user_decks = !args.paths.is_empty();
    let (library, more) = load_library(sources);
    // The app loads your decks beside the shipped ones, so an interview question of yours may
    // name a shipped card.
    let shipped_cards: std::collections::HashSet<String> = if user_decks {
        let (shipped, _) = load_library(shipped_sources());
        shipped
            .decks
            .iter()
            .flat_map(|d| d.cards.iter().map(move |c| format!("{}/{}", d.id, c.id)))
            .collect()
    } else {
        Default::default()
    };
    warnings.extend(more.into_iter().filter(|w| {
        !matches!(w, LoadWarning::UnknownInterviewCard { card, .. } if shipped_cards.contains(card))
    }));
    let mut errors = 0;
    write_out(|out| {
        for w in &warnings {
            match w {
                LoadWarning::Broken { errors: list, .. } => {
                    for e in list {
                        errors += 1;
                        writeln!(out, "{}", inert(&e.to_string()))?;
                    }
                }
                LoadWarning::DuplicateId { .. } | LoadWarning::UnknownInterviewCard { .. } => {
                    errors += 1;
                    writeln!(out, "{}", inert(&w.to_string()))?;
                }
            }
        }
        let items: usize = library.decks.iter().map(|d| d.items().len()).sum();
        writeln!(
            out,
            "checked {files} deck file{}: {} valid, {items} items, {errors} error{}",
            if files == 1 { "" } else { "s" },
            library.decks.len(),
            if errors == 1 { "" } else { "s" }
        )
    })?;
    if errors > 0 {
        bail!(
            "{errors} error{} in the decks",
            if errors == 1 { "" } else { "s" }
        );
    }
    if files == 0 {
        bail!("no deck files found");
    }
    Ok(())
}
