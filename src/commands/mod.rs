//! The commands behind the CLI: they read files and write to the terminal; the work itself is
//! done by the pure library modules.

mod check;
mod data;
mod decks;
mod drill;
mod export;
mod grade;
mod leeches;
mod library;
mod manual;
mod optimize;
mod predict;
mod stats;
mod study;
mod style;
mod sync;
mod tui;

use crate::cli::{Cli, Command};
use crate::exercise::QuizFilter;
use crate::tui::Start;
use crate::tui::screens::{quiz::QuizOptions, review::ReviewOptions};
use anyhow::Result;

/// A command line that parsed but cannot work (exit code 2, like clap's own usage errors).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The app was ended by a signal (its number); the terminal was restored and every answer
/// given was already saved. It exits with 128 + the signal's number, as a shell reports it.
#[derive(Debug, thiserror::Error)]
#[error("ended by signal {0}")]
pub struct Interrupted(pub i32);

/// The exit code for an error: 2 for usage, 128 + n for a signal, 1 for everything else.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(Interrupted(signal)) = err.downcast_ref::<Interrupted>() {
        return u8::try_from(128 + signal).unwrap_or(1);
    }
    if err.downcast_ref::<UsageError>().is_some() {
        2
    } else {
        1
    }
}

/// An error message made safe for the terminal: control characters escaped (as `inert` does),
/// line breaks kept. Text escaped before is left as it is, so nothing is escaped twice.
pub fn escape_controls(message: &str) -> String {
    message
        .split('\n')
        .map(style::inert)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the error is worth a message: a signal is not (the user or the system sent it).
pub fn is_quiet(err: &anyhow::Error) -> bool {
    err.downcast_ref::<Interrupted>().is_some()
}

/// The whole program, as `program` (`kubedrill`, or `kubectl kubedrill` for the kubectl
/// plugin): parses the command line, runs it, and reports an error on stderr as
/// `program: message` with the command's exit code.
pub fn main_as(program: &'static str) -> std::process::ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    use std::io::Write;
    let matches = Cli::command().name(program).bin_name(program).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            if !is_quiet(&err) {
                // Every message is made inert once, here: a control character from any input
                // (a file name, a config key) is shown escaped, never sent to the terminal.
                // A stderr that is gone (a closed terminal) is no reason to panic.
                let message = escape_controls(&format!("{err:#}"));
                let _ = writeln!(std::io::stderr(), "{program}: {message}");
            }
            std::process::ExitCode::from(exit_code(&err))
        }
    }
}

/// Runs the parsed command line, writing to stdout and stderr.
pub fn run(cli: Cli) -> Result<()> {
    let color = style::color_wanted(cli.no_color);
    let (data, decks) = (cli.data_dir.clone(), cli.decks.clone());
    let open = |start: Start| tui::run(start, data.as_deref(), &decks, color);
    match cli.command {
        Some(Command::Predict(args)) => predict::run(&args, color),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Decks(args)) => decks::run(&args, cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Export(args)) => match &args.anki {
            Some(file) => export::anki(file, &args.deck, &cli.decks),
            None => export::run(cli.data_dir.as_deref()),
        },
        Some(Command::Stats(args)) if !args.json && tui::has_terminal() => open(Start::Stats),
        Some(Command::Stats(args)) => stats::run(&args, cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Review(args)) => open(Start::Review(ReviewOptions {
            deck: args.deck,
            tag: args.tag,
            cram: args.cram,
        })),
        Some(Command::Quiz(args)) => open(Start::Quiz(QuizOptions {
            filter: QuizFilter {
                deck: args.deck,
                tag: args.tag,
                only: None,
            },
            not_ready: args.not_ready,
            count: args.count as usize,
            minutes: args.minutes,
            seed: args.seed.unwrap_or_else(tui::session_seed),
            practice: args.practice,
        })),
        Some(Command::Learn { lesson }) => open(Start::Learn(lesson)),
        Some(Command::Drill(args)) => drill::run(&args, data.as_deref(), open),
        Some(Command::Grade(args)) => grade::run(&args, data.as_deref()),
        Some(Command::Compare { table }) => open(Start::Compare(table)),
        Some(Command::Browse { query }) => open(Start::Browse(query.join(" "))),
        Some(Command::Optimize) => optimize::run(cli.data_dir.as_deref()),
        Some(Command::Leeches) => leeches::list(cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Suspended) => leeches::suspended(cli.data_dir.as_deref(), &cli.decks),
        Some(Command::Unsuspend { id }) => {
            leeches::unsuspend(&id, cli.data_dir.as_deref(), &cli.decks)
        }
        Some(Command::Completions { shell }) => manual::completions(shell, "kubedrill"),
        Some(Command::Man { out }) => manual::man(out.as_deref()),
        Some(Command::Sync { dir }) => sync::run(&dir, cli.data_dir.as_deref()),
        // Home needs a terminal; piped or scripted, the bare command shows what kubedrill does.
        None if !tui::has_terminal() => {
            let help = <Cli as clap::CommandFactory>::command().render_long_help();
            style::write_out(|out| write!(out, "{help}"))
        }
        None => open(Start::Home),
    }
}
