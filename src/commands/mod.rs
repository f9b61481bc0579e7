//! The commands behind the CLI: they read files and write to the terminal; the work itself is
//! done by the pure library modules.

mod check;
mod data;
mod decks;
mod export;
mod leeches;
mod library;
mod optimize;
mod predict;
mod stats;
mod study;
mod style;

use crate::cli::{Cli, Command};
use anyhow::Result;
use clap::CommandFactory;

/// A command line that parsed but cannot work (exit code 2, like clap's own usage errors).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit code for an error: 2 for usage, 1 for everything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<UsageError>().is_some() {
        2
    } else {
        1
    }
}

/// Runs the parsed command line, writing to stdout and stderr.
pub fn run(cli: Cli) -> Result<()> {
    let color = style::color_wanted(cli.no_color);
    match cli.command {
        Some(Command::Predict(args)) => predict::run(&args, color),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Decks(args)) => decks::run(&args, cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Export) => export::run(cli.data_dir.as_deref()),
        Some(Command::Stats(args)) => stats::run(&args, cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Optimize) => optimize::run(cli.data_dir.as_deref()),
        Some(Command::Leeches) => leeches::list(cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Unsuspend { id }) => leeches::unsuspend(&id, cli.data_dir.as_deref()),
        None => {
            // Until the terminal app exists, the bare command shows what kubedrill can do.
            let help = Cli::command().render_long_help();
            style::write_out(|out| write!(out, "{help}"))
        }
    }
}
