//! Standard output and standard error of the binary: every line errcat prints goes through here.
//!
//! A reader that goes away early (`errcat dump-ir | head -1`, a CI step that stops reading a
//! log) closes the pipe, and writing to it fails with `EPIPE` (Rust ignores `SIGPIPE`, so the
//! process is not killed). `println!` would panic there; here the closed stream is marked closed
//! and what is written to it afterwards is dropped, quietly. errcat finishes what it was doing
//! (a `generate` still writes its files, whoever reads its log) and exits with the status it
//! would have had, so `set -o pipefail` sees the catalog's verdict, not the reader's impatience.
//!
//! Any other failure to write standard output (a full disk behind `> file`) means the output is
//! incomplete: it is reported once on standard error and the run exits with status 2.

use std::fmt;
use std::io::{self, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Prints a line on standard output (the data stream: documents, JSON, explanations).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::console::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints a line on standard error (messages to the user; ANSI styles are stripped unless
/// standard error is a terminal or colour is forced).
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::console::err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {errln, outln};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first error, other than a closed pipe, met while writing standard output.
static STDOUT_FAILED: Mutex<Option<String>> = Mutex::new(None);

/// Writes `text` to standard output and flushes it.
pub fn out(text: fmt::Arguments) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = io::stdout().lock();
    let result = stdout.write_fmt(text).and_then(|()| stdout.flush());
    if let Err(e) = result {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            let mut failed = STDOUT_FAILED.lock().unwrap_or_else(|p| p.into_inner());
            failed.get_or_insert_with(|| e.to_string());
        }
    }
}

/// Writes `text` to standard error. A failure there has nowhere to be reported: the stream is
/// marked closed and the run goes on.
pub fn err(text: fmt::Arguments) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stderr = anstream::stderr().lock();
    if stderr
        .write_fmt(text)
        .and_then(|()| stderr.flush())
        .is_err()
    {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// The run's exit code, once everything is printed: `code`, unless standard output could not be
/// written for another reason than a closed pipe, which is reported here and exits with 2.
pub fn finish(code: ExitCode, usage: u8) -> ExitCode {
    let failed = STDOUT_FAILED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    match failed {
        Some(e) => {
            let style = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::BrightRed.into()));
            err(format_args!(
                "{style}error{style:#}: cannot write to standard output: {e}; the output is \
                 incomplete\n"
            ));
            ExitCode::from(usage)
        }
        None => code,
    }
}
