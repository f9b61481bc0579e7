//! The kubectl plugin: with this binary on PATH, `kubectl kubedrill predict -n nodes.yaml -d
//! ds.yaml` runs exactly like `kubedrill predict` (kubectl runs `kubectl-<name>` for
//! `kubectl <name>`), and its usage text and errors say `kubectl kubedrill`.

fn main() -> std::process::ExitCode {
    kubedrill::commands::main_as("kubectl kubedrill")
}
