//! Bounds on one template render: time, output size and memory growth. tera has no budget of its
//! own, so a render runs on a worker thread that the caller watches ([`wait`]) and writes into a
//! [`CappedWriter`]; a `--templates` override is user input, as a catalog is.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Limits that keep a template from running forever or filling memory. Each has a `--max-*` flag
/// of `generate`; breaching one is a `limit-exceeded` error naming the flag. The time and memory
/// limits watch renders only when the engine has a template override (the built-in templates
/// always end); the output size limit holds for every render.
#[derive(Debug, Clone)]
pub struct RenderLimits {
    /// Longest time one template may render (`--max-render-time`, in seconds).
    pub max_render_time: Duration,
    /// Most bytes one template may write (`--max-output-size`).
    pub max_output_bytes: usize,
    /// Most the process's resident memory may grow while one template renders, in bytes
    /// (`--max-render-memory`). Catches what the output limit cannot see: text a template
    /// collects in `{% set %}` or `{% filter %}` blocks. Checked where the system reports
    /// resident memory (Linux); elsewhere the time limit bounds it.
    pub max_render_memory: u64,
}

impl Default for RenderLimits {
    /// Several times what the largest catalog the load limits admit (100,000 errors) needs.
    fn default() -> Self {
        RenderLimits {
            max_render_time: Duration::from_secs(60),
            max_output_bytes: 256 * 1024 * 1024,
            max_render_memory: 1024 * 1024 * 1024,
        }
    }
}

/// How waiting for a render ended.
pub(crate) enum Waited<T> {
    /// The render finished (well or not) and sent `T`.
    Done(T),
    /// The time limit passed first.
    TooLong,
    /// Resident memory grew past the memory limit first.
    TooMuchMemory,
    /// The render thread ended without sending (it panicked).
    Stopped,
}

/// How often a waiting caller looks at the process's memory.
const POLL: Duration = Duration::from_millis(10);

/// Waits for the render thread's result within `limits`' time and memory limits.
pub(crate) fn wait<T>(result: &mpsc::Receiver<T>, limits: &RenderLimits) -> Waited<T> {
    let start = Instant::now();
    let baseline = resident_bytes();
    loop {
        let left = limits.max_render_time.saturating_sub(start.elapsed());
        match result.recv_timeout(left.min(POLL)) {
            Ok(value) => return Waited::Done(value),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Waited::Stopped,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if start.elapsed() >= limits.max_render_time {
                    return Waited::TooLong;
                }
                if let (Some(before), Some(now)) = (baseline, resident_bytes())
                    && now.saturating_sub(before) > limits.max_render_memory
                {
                    return Waited::TooMuchMemory;
                }
            }
        }
    }
}

/// The resident memory of this process in bytes, where the system reports it.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}

/// `2 s`, `0.5 s`.
pub(crate) fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// The render's output: refuses to grow past `limit` bytes, and refuses everything once the
/// caller has stopped waiting (`cancelled`), so a render over a limit stops at its next write
/// instead of going on in the background.
pub(crate) struct CappedWriter {
    pub(crate) bytes: Vec<u8>,
    limit: usize,
    /// Whether a write was refused for the size limit.
    pub(crate) over: bool,
    cancelled: Arc<AtomicBool>,
}

impl CappedWriter {
    pub(crate) fn new(limit: usize, cancelled: Arc<AtomicBool>) -> CappedWriter {
        CappedWriter {
            bytes: Vec::new(),
            limit,
            over: false,
            cancelled,
        }
    }
}

impl Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("the render was stopped"));
        }
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(std::io::Error::other("the render wrote too much"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
