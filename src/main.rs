//! The `errcat` binary: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    errcat_cli::run()
}

#[path = "cli.rs"]
mod errcat_cli;
