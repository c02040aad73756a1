//! The `errcat` binary: parses the command line and hands over to the library.

mod cli;
mod console;

// Rendering allocates and frees many small strings and tera values; mimalloc does that faster than
// the system allocator (measured in scripts/bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
