use clap::Parser;
use kubedrill::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match kubedrill::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kubedrill: {err:#}");
            ExitCode::from(kubedrill::commands::exit_code(&err))
        }
    }
}
