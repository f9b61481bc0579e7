//! `kubedrill completions SHELL` and `kubedrill man [--out DIR]`: generated from the same clap
//! definition the command line is parsed with, so they never drift from it.

use super::style::write_out;
use crate::cli::Cli;
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::path::Path;

/// The completion script for `shell`, for the command as it is invoked (`kubedrill`, or
/// `kubectl-kubedrill` for the plugin binary, which kubectl's own completion calls).
pub fn completions(shell: clap_complete::Shell, bin: &str) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, bin, &mut script);
    write_out(|out| out.write_all(&script))?;
    Ok(())
}

/// Every page: the command's own, then one per subcommand (`kubedrill-review`, ...), each
/// named and sectioned as man(1) expects.
fn pages() -> Vec<(String, clap::Command)> {
    let mut cmd = Cli::command().name("kubedrill");
    cmd.build();
    let mut pages = vec![("kubedrill".to_owned(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("kubedrill-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    pages
}

fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .section("1")
        .manual("kubedrill manual")
        .render(&mut page)
        .context("writing the manual page")?;
    Ok(page)
}

/// Roff on stdout (every page, one after another, as `man -l -` reads them), or one file per
/// page in `out`.
pub fn man(out: Option<&Path>) -> Result<()> {
    let pages = pages();
    let Some(dir) = out else {
        let mut all = Vec::new();
        for (_, cmd) in pages {
            all.extend(render(cmd)?);
        }
        write_out(|o| o.write_all(&all))?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, render(cmd)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
