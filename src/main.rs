fn main() -> std::process::ExitCode {
    kubedrill::commands::main_as("kubedrill")
}
