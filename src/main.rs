use clap::Parser;
use kubedrill::cli::Cli;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match kubedrill::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if !kubedrill::commands::is_quiet(&err) {
                // Every message is made inert once, here: a control character from any input
                // (a file name, a config key) is shown escaped, never sent to the terminal.
                // A stderr that is gone (a closed terminal) is no reason to panic.
                let message = kubedrill::commands::escape_controls(&format!("{err:#}"));
                let _ = writeln!(std::io::stderr(), "kubedrill: {message}");
            }
            ExitCode::from(kubedrill::commands::exit_code(&err))
        }
    }
}
