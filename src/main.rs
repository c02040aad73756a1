//! The `errcat` binary: parses the command line and hands over to the library.

mod cli;
mod console;

fn main() -> std::process::ExitCode {
    cli::run()
}
