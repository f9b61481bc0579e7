//! The commands behind the CLI: they read files and write to the terminal; the work itself is
//! done by the pure library modules.

mod predict;
mod style;

use crate::cli::{Cli, Command};
use anyhow::Result;
use clap::CommandFactory;

/// Runs the parsed command line, writing to stdout and stderr.
pub fn run(cli: Cli) -> Result<()> {
    let color = style::color_wanted(cli.no_color);
    match cli.command {
        Some(Command::Predict(args)) => predict::run(&args, color),
        None => {
            // Until the terminal app exists, the bare command shows what kubedrill can do.
            let help = Cli::command().render_long_help();
            style::write_out(|out| write!(out, "{help}"))
        }
    }
}
