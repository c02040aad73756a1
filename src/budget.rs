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
///
/// The output is kept in chunks rather than one growing `Vec`: a `Vec` doubling up to a 30 MB
/// file holds the old and the new buffer at once (48 MB) and copies every byte again at each
/// doubling, while the render's context is still alive. The chunks are joined once, into a
/// buffer of the exact size, after the render has dropped its context ([`Self::into_bytes`]).
pub(crate) struct CappedWriter {
    /// Written bytes, in order; each chunk is full but the last.
    chunks: Vec<Vec<u8>>,
    /// The bytes in all chunks.
    len: usize,
    limit: usize,
    /// Whether a write was refused for the size limit.
    pub(crate) over: bool,
    cancelled: Arc<AtomicBool>,
}

impl CappedWriter {
    pub(crate) fn new(limit: usize, cancelled: Arc<AtomicBool>) -> CappedWriter {
        CappedWriter {
            chunks: Vec::new(),
            len: 0,
            limit,
            over: false,
            cancelled,
        }
    }
}

/// The first chunk of a render's output, and the largest.
const MIN_CHUNK: usize = 8 * 1024;
const MAX_CHUNK: usize = 1024 * 1024;

impl CappedWriter {
    /// Everything written, in one buffer of the exact size. Each chunk is freed as soon as it is
    /// copied, so this holds at most the output and one chunk.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        if self.chunks.len() == 1 {
            return self.chunks.into_iter().next().unwrap_or_default();
        }
        // One byte more: `GeneratedFile::new` may add the final newline.
        let mut bytes = Vec::with_capacity(self.len + 1);
        for chunk in self.chunks {
            bytes.extend_from_slice(&chunk);
        }
        bytes
    }
}

impl Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("the render was stopped"));
        }
        if self.len + buf.len() > self.limit {
            self.over = true;
            return Err(std::io::Error::other("the render wrote too much"));
        }
        let mut rest = buf;
        while !rest.is_empty() {
            if self.chunks.last().is_none_or(|c| c.len() == c.capacity()) {
                // Small outputs stay small; large ones grow by a megabyte at a time.
                let size = self.len.clamp(MIN_CHUNK, MAX_CHUNK);
                self.chunks.push(Vec::with_capacity(size));
            }
            let Some(last) = self.chunks.last_mut() else {
                break;
            };
            let take = rest.len().min(last.capacity() - last.len());
            last.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
        }
        self.len += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_is_joined_in_order_across_chunks_and_capped_at_the_limit() {
        let cancelled = Arc::new(AtomicBool::new(false));
        let mut writer = CappedWriter::new(3 * MAX_CHUNK, Arc::clone(&cancelled));
        let mut expected = Vec::new();
        for i in 0..(2 * MAX_CHUNK / 1000) {
            let piece = format!("{i:0999}\n");
            writer.write_all(piece.as_bytes()).unwrap();
            expected.extend_from_slice(piece.as_bytes());
        }
        assert!(writer.chunks.len() > 2, "{} chunks", writer.chunks.len());
        assert!(writer.write_all(&vec![b'x'; 2 * MAX_CHUNK]).is_err());
        assert!(writer.over);
        assert_eq!(writer.into_bytes(), expected);
    }
}
