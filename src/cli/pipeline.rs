//! The batch pipeline shared by `screen` and `diff`: a reader thread turns
//! rows into batches, a worker pool maps each batch in parallel, and the
//! calling thread emits the results in row order.
//!
//! Guarantees, in one place:
//!
//! - **Order and completeness.** Every row number must arrive exactly once
//!   and in order (1, 2, 3, …), and the reader's final count must equal the
//!   rows emitted; anything else is an internal error (exit 2), never a
//!   silently shorter output.
//! - **Flat memory.** A batch closes at [`Limits::rows`] rows or
//!   [`Limits::bytes`] bytes of row text, whichever comes first, and at
//!   most [`QUEUED`] closed batches wait for the workers, so wide rows
//!   (1 MB descriptions) do not multiply memory by the batch size. At
//!   most `QUEUED` + 1 open + [`IN_FLIGHT`] + 1 being written batches
//!   are held at once: twelve, so at most 48 MiB of row text at the byte
//!   bound.
//! - **Prompt records for slow producers.** When no row has arrived for
//!   [`Limits::idle`], or when the first of them has waited ten times
//!   that (a steady trickle), the rows read so far are handed over as a
//!   partial batch, and the output is flushed whenever the workers wait for input:
//!   a row written to a pipe (`tail -f`, an order system) gets its record
//!   within a bounded delay, not after 2,048 rows or the end of input.
//!
//! The reader thread and the consumer share one small queue (a mutex and
//! two condition variables) rather than a channel of rows, so the cost per
//! row is an uncontended lock, and the partial-batch deadline can be
//! checked by the consumer while the reader is blocked in `read`.

use super::input::Row;
use anyhow::{Context, Result, bail};
use std::collections::VecDeque;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Closed batches that may wait for the workers. Four rather than two: the
/// reader, two workers and the writer share two cores, and with two
/// batches queued the workers waited for the reader whenever the scheduler
/// left it out for a while (1,000,000 JSONL rows on two threads: median
/// 1.64 → 1.51 s over five alternating runs).
pub const QUEUED: usize = 4;

/// Default rows per batch (`--batch-size`).
pub const DEFAULT_BATCH_ROWS: usize = 2048;
/// Largest `--batch-size` accepted.
pub const MAX_BATCH_ROWS: usize = 1 << 20;

/// At most this many rows of a batch are allocated before they arrive
/// (a `--batch-size` near [`MAX_BATCH_ROWS`] grows as rows come).
const PREALLOCATED_ROWS: usize = 1 << 14;
/// Bytes of row text at which a batch closes.
pub const DEFAULT_BATCH_BYTES: usize = 4 << 20;
/// Rows of a batch whose arrival time is each read; after these, every
/// this many rows.
const CLOCKED_ROWS: usize = 64;
/// How long a partial batch waits for more rows before it is handed over.
pub const DEFAULT_IDLE: Duration = Duration::from_millis(100);

/// When a batch closes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// At this many rows.
    pub rows: usize,
    /// At this many bytes of row text (a batch holds at least one row).
    pub bytes: usize,
    /// When no row arrived for this long and the batch is not empty.
    pub idle: Duration,
}

impl Limits {
    /// `rows` per batch (clamped to 1..=[`MAX_BATCH_ROWS`]), with the
    /// default byte bound and idle delay.
    pub fn rows(rows: usize) -> Limits {
        Limits {
            rows: rows.clamp(1, MAX_BATCH_ROWS),
            bytes: DEFAULT_BATCH_BYTES,
            idle: DEFAULT_IDLE,
        }
    }
}

/// How reading ended.
pub enum Ending {
    /// All rows were read and emitted.
    Done,
    /// Reading failed after this many rows (all of them emitted).
    Failed(anyhow::Error, u64),
    /// Stopped on Ctrl-C; the rows read before were emitted.
    Interrupted,
}

/// How the reader thread ended.
enum ReadEnd {
    End(u64),
    Failed(anyhow::Error, u64),
    Stopped,
}

#[derive(Default)]
struct Queue {
    closed: VecDeque<Vec<Row>>,
    open: Vec<Row>,
    open_bytes: usize,
    /// When the last row was added to `open`.
    last_row: Option<Instant>,
    /// When the first row of `open` was added.
    first_row: Option<Instant>,
    end: Option<ReadEnd>,
    /// The consumer went away: the reader stops.
    gone: bool,
    /// A batch in the workers finished: the consumer has results to write.
    finished: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a batch closes or reading ends.
    ready: Condvar,
    /// Signalled when the consumer takes a batch (or goes away).
    room: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A poisoned lock means the other side panicked; its state is
        // still consistent enough to wind down.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Queue {
    fn close_open(&mut self) {
        if !self.open.is_empty() {
            self.closed.push_back(std::mem::take(&mut self.open));
            self.open_bytes = 0;
        }
    }
}

/// Reads `rows` on a thread into batches.
struct Batches {
    shared: Arc<Shared>,
    limits: Limits,
}

impl Batches {
    fn start(
        rows: Box<dyn Iterator<Item = Result<Row>> + Send>,
        limits: Limits,
        stop: Arc<AtomicBool>,
    ) -> Result<Batches> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue::default()),
            ready: Condvar::new(),
            room: Condvar::new(),
        });
        let s = shared.clone();
        // Named, like the workers, so that `top -H`, `perf` and the
        // benchmark's per-thread figures tell the threads apart.
        let reader = std::thread::Builder::new().name("reader".into());
        reader
            .spawn(move || {
                let mut count = 0u64;
                let end = 'read: {
                    for row in rows {
                        let row = match row {
                            Ok(r) => r,
                            Err(e) => break 'read ReadEnd::Failed(e, count),
                        };
                        count += 1;
                        let mut q = s.lock();
                        while q.closed.len() >= QUEUED && !q.gone {
                            q = s.room.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                        if q.gone {
                            return;
                        }
                        q.open_bytes = q.open_bytes.saturating_add(row.text_len());
                        // The clock is read for each of the first rows of a
                        // batch, then for every 64th: a fast producer fills a
                        // batch in milliseconds (reading the clock per row was
                        // a tenth of the reader's time), and a slow one is
                        // handed over long before; a `last_row` a few rows old
                        // only hands a batch over sooner.
                        let now = (q.open.len() < CLOCKED_ROWS || q.open.len() % CLOCKED_ROWS == 0)
                            .then(Instant::now);
                        if q.open.is_empty() {
                            q.first_row = now;
                            // Room for a whole batch at once: growing it by
                            // doubling copied every row about twice.
                            q.open.reserve(limits.rows.min(PREALLOCATED_ROWS));
                        }
                        q.open.push(row);
                        if now.is_some() {
                            q.last_row = now;
                        }
                        if q.open.len() >= limits.rows || q.open_bytes >= limits.bytes {
                            q.close_open();
                            s.ready.notify_one();
                        }
                        drop(q);
                        if stop.load(Ordering::Relaxed) {
                            break 'read ReadEnd::Stopped;
                        }
                    }
                    ReadEnd::End(count)
                };
                let mut q = s.lock();
                q.close_open();
                q.end = Some(end);
                s.ready.notify_one();
            })
            .context("cannot start the reader thread")?;
        Ok(Batches { shared, limits })
    }

    /// The next batch, or how reading ended, or (with `in_flight`) word
    /// that a batch in the workers finished. Flushes `out` before waiting,
    /// so records of rows already screened are not held back while the
    /// input is idle. `None` on Ctrl-C.
    fn next(
        &mut self,
        out: &mut dyn Write,
        stop: &AtomicBool,
        in_flight: bool,
    ) -> Result<Option<Next>> {
        let mut flushed = false;
        loop {
            {
                let mut q = self.shared.lock();
                if std::mem::take(&mut q.finished) && in_flight {
                    return Ok(Some(Next::Finished));
                }
                if let Some(b) = q.closed.pop_front() {
                    self.shared.room.notify_one();
                    return Ok(Some(Next::Batch(b)));
                }
                if let Some(end) = q.end.take() {
                    return Ok(Some(Next::End(end)));
                }
                let idle = q.last_row.map(|t| t.elapsed());
                let age = q.first_row.map(|t| t.elapsed());
                let max_age = self.limits.idle.saturating_mul(10);
                if !q.open.is_empty()
                    && (idle.is_some_and(|i| i >= self.limits.idle)
                        || age.is_some_and(|a| a >= max_age))
                {
                    q.open_bytes = 0;
                    return Ok(Some(Next::Batch(std::mem::take(&mut q.open))));
                }
                if flushed {
                    if stop.load(Ordering::Relaxed) {
                        return Ok(None);
                    }
                    // Wake for a closed batch, or when the open one is due.
                    let wait = match (q.open.is_empty(), idle, age) {
                        (false, Some(i), Some(a)) => self
                            .limits
                            .idle
                            .saturating_sub(i)
                            .min(max_age.saturating_sub(a)),
                        _ => self.limits.idle,
                    }
                    .max(Duration::from_millis(1));
                    drop(self.shared.ready.wait_timeout(q, wait));
                    continue;
                }
            }
            out.flush().context("cannot write output")?;
            flushed = true;
        }
    }
}

/// What [`Batches::next`] found.
enum Next {
    /// Rows to screen.
    Batch(Vec<Row>),
    /// Reading ended.
    End(ReadEnd),
    /// A batch in the workers finished.
    Finished,
}

impl Batches {
    /// Tells a waiting [`Batches::next`] that a batch in the workers
    /// finished.
    fn finished(shared: &Shared) {
        shared.lock().finished = true;
        shared.ready.notify_one();
    }
}

impl Drop for Batches {
    fn drop(&mut self) {
        let mut q = self.shared.lock();
        q.gone = true;
        q.closed.clear();
        self.shared.room.notify_all();
    }
}

/// Rows a worker maps at once ([`run`]'s `work`): one output buffer, one
/// result and one hand-over per 64 rows instead of per row. 64 rows of
/// catalog records (about 36 KB) are more than the output buffer of
/// `screen`, so they go to the file without a copy; a batch of 2,048 rows
/// is still 32 chunks for the workers to share.
pub const CHUNK_ROWS: usize = 64;

/// Runs the pipeline: `work` maps the rows of a batch on `pool`, a chunk
/// of at most [`CHUNK_ROWS`] rows at a time (chunks in parallel), and
/// `emit` writes each chunk's result to `out` in row order. Returns how
/// reading ended; an out-of-order or missing row is an error.
///
/// Reading, screening and writing overlap: the calling thread writes the
/// results of one batch while the workers screen the next (at most
/// [`IN_FLIGHT`] batches are in the workers, so memory stays flat). With
/// one worker too: `--threads 1` is still one thread screening, and its
/// records are written beside it instead of between its batches (writing
/// them to a file took a sixth of the wall time there).
pub fn run<T: Send>(
    rows: Box<dyn Iterator<Item = Result<Row>> + Send>,
    limits: Limits,
    pool: &rayon::ThreadPool,
    stop: &Arc<AtomicBool>,
    out: &mut dyn Write,
    work: impl Fn(&[Row]) -> T + Sync,
    mut emit: impl FnMut(&[Row], T, &mut dyn Write) -> Result<()>,
) -> Result<Ending> {
    use rayon::prelude::*;
    use std::sync::mpsc;
    let mut batches = Batches::start(rows, limits, stop.clone())?;
    let shared = batches.shared.clone();
    let mut emitted = 0u64;
    let work = &work;
    let shared = &shared;
    let mut write = |batch: Vec<Row>,
                     results: Vec<T>,
                     emitted: &mut u64,
                     out: &mut dyn Write|
     -> Result<()> {
        for (rows, result) in batch.chunks(CHUNK_ROWS).zip(results) {
            for row in rows {
                if row.number != *emitted + 1 {
                    bail!(
                        "internal error: row {} arrived where row {} was expected; output stops here",
                        row.number,
                        *emitted + 1
                    );
                }
                *emitted += 1;
            }
            emit(rows, result, out)?;
        }
        Ok(())
    };
    type Results<T> = mpsc::Receiver<(Vec<Row>, Vec<T>)>;
    let wait = |rx: Results<T>| {
        rx.recv()
            .map_err(|_| anyhow::anyhow!("internal error: a batch was lost in the workers"))
    };
    pool.in_place_scope(|scope| {
        // Batches in the workers, oldest first.
        let mut in_flight: VecDeque<Results<T>> = VecDeque::new();
        let ending = loop {
            // Write the oldest batch once it is done, or when the workers
            // hold as many as they may.
            if let Some(rx) = in_flight.front() {
                match rx.try_recv() {
                    Ok((b, r)) => {
                        in_flight.pop_front();
                        write(b, r, &mut emitted, out)?;
                        continue;
                    }
                    Err(mpsc::TryRecvError::Empty) if in_flight.len() >= IN_FLIGHT => {
                        let (b, r) = in_flight
                            .pop_front()
                            .map(wait)
                            .transpose()?
                            .unwrap_or_default();
                        write(b, r, &mut emitted, out)?;
                        continue;
                    }
                    Err(mpsc::TryRecvError::Empty) => {}
                    Err(mpsc::TryRecvError::Disconnected) => {
                        bail!("internal error: a batch was lost in the workers")
                    }
                }
            }
            match batches.next(out, stop, !in_flight.is_empty())? {
                None => break None,
                Some(Next::Finished) => {}
                Some(Next::Batch(batch)) => {
                    let (tx, rx) = mpsc::sync_channel(1);
                    scope.spawn(move |_| {
                        let results: Vec<T> = batch.par_chunks(CHUNK_ROWS).map(work).collect();
                        // The receiver is gone only if the run failed.
                        let _ = tx.send((batch, results));
                        Batches::finished(shared);
                    });
                    in_flight.push_back(rx);
                }
                Some(Next::End(end)) => break Some(end),
            }
        };
        // Every batch read is written before the ending is weighed.
        while let Some(rx) = in_flight.pop_front() {
            let (b, r) = wait(rx)?;
            write(b, r, &mut emitted, out)?;
        }
        Ok(match ending {
            None | Some(ReadEnd::Stopped) => Ending::Interrupted,
            Some(ReadEnd::End(n)) if n == emitted => Ending::Done,
            Some(ReadEnd::End(n)) => {
                bail!("internal error: the reader read {n} rows but {emitted} were screened")
            }
            Some(ReadEnd::Failed(e, n)) if n == emitted => Ending::Failed(e, n),
            Some(ReadEnd::Failed(e, n)) => {
                return Err(e.context(format!(
                    "internal error: reading failed after row {n} but {emitted} rows were screened"
                )));
            }
        })
    })
}

/// Output buffers the writer hands back for the workers to fill again
/// (one per chunk of [`CHUNK_ROWS`] rows): the records of a run reuse a
/// few dozen buffers instead of allocating one per record on the worker
/// and freeing it on the writer, which made the allocator return pages to
/// the system and fault them in again.
#[derive(Default)]
pub struct Buffers(Mutex<Vec<Vec<u8>>>);

impl Buffers {
    /// Capacity of a new buffer: 64 rows of 1 KiB, above most chunks.
    const NEW: usize = CHUNK_ROWS << 10;
    /// Buffers kept at most: more than the chunks of the batches in flight.
    const KEPT: usize = 128;
    /// A buffer that grew beyond this (huge records) is freed, not kept,
    /// so memory stays flat: at most 32 MiB kept.
    const LARGEST: usize = 256 << 10;

    /// An empty buffer, reused if one was handed back.
    pub fn take(&self) -> Vec<u8> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner()).pop();
        kept.unwrap_or_else(|| Vec::with_capacity(Self::NEW))
    }

    /// Hands `buf` back once its contents are written.
    pub fn give(&self, mut buf: Vec<u8>) {
        if buf.capacity() > Self::LARGEST {
            return;
        }
        buf.clear();
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() < Self::KEPT {
            kept.push(buf);
        }
    }
}

/// Batches that may be in the workers at once when reading, screening and
/// writing overlap. With two, two workers on two cores often ran out of
/// work while the calling thread, woken on the core they shared, had not
/// yet handed them the next batch: the machine sat idle for 0.6 of its
/// 3.5 core-seconds (1,000,000 catalog rows, `benches/thread_cpu.py`).
/// Six keep them busy (idle 0.4 core-seconds; wall time 1.75–1.85 →
/// 1.65–1.69 s in alternating runs); more, or more `QUEUED` batches,
/// changed nothing.
pub const IN_FLIGHT: usize = 6;

/// Sets a flag on the first Ctrl-C; a second one exits at once.
pub fn on_interrupt() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // Failing to install the handler (one already installed) only costs
    // the graceful stop.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(super::screen::EXIT_INTERRUPTED);
        }
    });
    stop
}

/// Largest `--threads` accepted.
pub const MAX_THREADS: usize = 1024;

/// Parses `--threads`: 1 to [`MAX_THREADS`].
pub fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a number of threads from 1 to {MAX_THREADS}"
        )),
    }
}

/// Parses `--batch-size`: 1 to [`MAX_BATCH_ROWS`].
pub fn parse_batch_size(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_BATCH_ROWS).contains(&n) => Ok(n),
        _ => Err(format!(
            "expected a batch size from 1 to {MAX_BATCH_ROWS} rows"
        )),
    }
}

/// The number of worker threads for `--threads n`: at most four per
/// available core (more only costs start-up time and memory), with a
/// warning when `n` is capped.
pub fn thread_count(threads: Option<usize>, available: usize) -> Option<usize> {
    let cap = available.max(1).saturating_mul(4);
    threads.map(|n| {
        if n > cap {
            eprintln!(
                "dualuse: warning: --threads {n} is more than 4 per available core ({available}); using {cap}"
            );
        }
        n.clamp(1, cap)
    })
}

/// Builds the worker pool.
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let available = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut b = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("worker-{i}"));
    if let Some(n) = thread_count(threads, available) {
        b = b.num_threads(n);
    }
    b.build().context("cannot start worker threads")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn row(number: u64, bytes: usize) -> Result<Row> {
        Ok(Row {
            number,
            description: "x".repeat(bytes),
            ..Row::default()
        })
    }

    /// All batches, as their row counts.
    fn batch_sizes(rows: Vec<Result<Row>>, limits: Limits) -> Vec<usize> {
        let stop = AtomicBool::new(false);
        let mut b = Batches::start(
            Box::new(rows.into_iter()),
            limits,
            Arc::new(AtomicBool::new(false)),
        )
        .unwrap();
        let mut sizes = Vec::new();
        while let Some(Next::Batch(batch)) = b.next(&mut std::io::sink(), &stop, false).unwrap() {
            sizes.push(batch.len());
        }
        sizes
    }

    /// Wide rows close a batch by bytes long before the row count: 1 MB
    /// rows give batches of 4, not 2,048 (memory stays flat).
    #[test]
    fn wide_rows_close_batches_by_bytes() {
        let rows = (1..=20).map(|n| row(n, 1 << 20)).collect();
        let sizes = batch_sizes(rows, Limits::rows(2048));
        assert!(sizes.iter().all(|&n| n <= 4), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 20);
        // Narrow rows still fill whole batches.
        let rows = (1..=5000).map(|n| row(n, 10)).collect();
        assert_eq!(batch_sizes(rows, Limits::rows(2048)), [2048, 2048, 904]);
    }

    /// A row followed by silence (a slow producer) is handed over as a
    /// partial batch after the idle delay, not when the batch fills.
    #[test]
    fn idle_input_hands_over_a_partial_batch() {
        let (tx, rx) = mpsc::channel::<()>();
        let rows = std::iter::once(row(1, 10)).chain(std::iter::from_fn(move || {
            // Blocks until the test ends, like a pipe nobody writes to.
            let _ = rx.recv();
            None
        }));
        let stop = AtomicBool::new(false);
        let mut b = Batches::start(Box::new(rows), Limits::rows(2048), Arc::new(stop)).unwrap();
        let started = Instant::now();
        let stop = AtomicBool::new(false);
        match b.next(&mut std::io::sink(), &stop, false).unwrap() {
            Some(Next::Batch(batch)) => assert_eq!(batch.len(), 1),
            _ => panic!("expected a batch"),
        }
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(tx);
    }

    /// With two workers and many small batches that finish out of order
    /// (later rows are cheaper), every row is written once, in order, and
    /// the run ends `Done`; likewise with one worker.
    #[test]
    fn overlapped_batches_are_written_in_order() {
        for threads in [1, 2] {
            let pool = pool(Some(threads)).unwrap();
            let n = 3_000u64;
            // Busy work that shrinks with the row number, so a later batch
            // tends to finish before an earlier one.
            let busy = |r: u64| {
                let spins = (n - r) % 97 * 50;
                (0..spins).fold(r, |a, b| std::hint::black_box(a ^ b)) ^ r.rotate_left(7)
            };
            let rows: Vec<Result<Row>> = (1..=n).map(|i| row(i, 3)).collect();
            let stop = Arc::new(AtomicBool::new(false));
            let mut out = Vec::new();
            let mut seen = Vec::new();
            let ending = run(
                Box::new(rows.into_iter()),
                Limits::rows(7),
                &pool,
                &stop,
                &mut out,
                |rows| rows.iter().map(|r| busy(r.number)).collect::<Vec<_>>(),
                |rows, v, _| {
                    assert_eq!(rows.len(), v.len());
                    seen.extend(rows.iter().map(|r| r.number).zip(v));
                    Ok(())
                },
            )
            .unwrap();
            assert!(matches!(ending, Ending::Done));
            let numbers: Vec<u64> = seen.iter().map(|s| s.0).collect();
            assert_eq!(numbers, (1..=n).collect::<Vec<_>>(), "{threads} threads");
            // Each row's result came back with that row.
            assert!(seen.iter().all(|&(r, v)| v == busy(r)), "{threads} threads");
        }
    }

    /// Batches of more rows than a chunk are mapped in chunks of at most
    /// [`CHUNK_ROWS`] rows, each a run of consecutive rows, and every row
    /// is in exactly one chunk, in order.
    #[test]
    fn batches_are_mapped_in_chunks_of_consecutive_rows() {
        for threads in [1, 2] {
            let pool = pool(Some(threads)).unwrap();
            let n = 1_000u64;
            let rows: Vec<Result<Row>> = (1..=n).map(|i| row(i, 3)).collect();
            let stop = Arc::new(AtomicBool::new(false));
            let mut chunks = Vec::new();
            let ending = run(
                Box::new(rows.into_iter()),
                Limits::rows(150),
                &pool,
                &stop,
                &mut std::io::sink(),
                |rows| rows.iter().map(|r| r.number).collect::<Vec<_>>(),
                |rows, numbers, _| {
                    assert_eq!(numbers, rows.iter().map(|r| r.number).collect::<Vec<_>>());
                    chunks.push(numbers);
                    Ok(())
                },
            )
            .unwrap();
            assert!(matches!(ending, Ending::Done));
            assert!(
                chunks
                    .iter()
                    .all(|c| !c.is_empty() && c.len() <= CHUNK_ROWS)
            );
            assert!(
                chunks
                    .iter()
                    .all(|c| c.windows(2).all(|w| w[1] == w[0] + 1))
            );
            // Batches of 150 rows: chunks of 64, 64 and 22.
            assert_eq!(
                chunks[..3].iter().map(Vec::len).collect::<Vec<_>>(),
                [64, 64, 22]
            );
            let all: Vec<u64> = chunks.concat();
            assert_eq!(all, (1..=n).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    /// An error while writing stops the run with that error, whatever is
    /// still in the workers.
    #[test]
    fn a_write_error_stops_the_run() {
        let pool = pool(Some(2)).unwrap();
        let rows: Vec<Result<Row>> = (1..=1000).map(|i| row(i, 3)).collect();
        let stop = Arc::new(AtomicBool::new(false));
        let r = run(
            Box::new(rows.into_iter()),
            Limits::rows(5),
            &pool,
            &stop,
            &mut std::io::sink(),
            |rows| rows.len(),
            |rows, _, _| {
                if rows.iter().any(|r| r.number == 123) {
                    bail!("disk full")
                }
                Ok(())
            },
        );
        assert_eq!(r.err().map(|e| e.to_string()).as_deref(), Some("disk full"));
    }

    /// A buffer handed back comes back empty, with its memory; one that
    /// grew past the bound is freed, and no more than the bound are kept.
    #[test]
    fn buffers_are_reused_empty_and_bounded() {
        let buffers = Buffers::default();
        let mut a = buffers.take();
        assert!(a.is_empty() && a.capacity() >= Buffers::NEW);
        a.extend_from_slice(b"a record\n");
        let at = a.as_ptr();
        buffers.give(a);
        let a = buffers.take();
        assert!(a.is_empty());
        assert_eq!(a.as_ptr(), at, "the same allocation");
        buffers.give(Vec::with_capacity(Buffers::LARGEST + 1));
        assert!(
            buffers.0.lock().unwrap().is_empty(),
            "a huge buffer is not kept"
        );
        buffers.give(a);
        assert_eq!(buffers.0.lock().unwrap().len(), 1);
        for _ in 0..Buffers::KEPT + 10 {
            buffers.give(Vec::with_capacity(16));
        }
        assert_eq!(buffers.0.lock().unwrap().len(), Buffers::KEPT);
    }

    #[test]
    fn thread_counts_are_capped() {
        assert_eq!(thread_count(None, 2), None);
        assert_eq!(thread_count(Some(3), 2), Some(3));
        assert_eq!(thread_count(Some(10000), 2), Some(8));
        assert_eq!(thread_count(Some(5), 0), Some(4));
        assert!(parse_threads("0").is_err());
        assert!(parse_threads("1025").is_err());
        assert_eq!(parse_batch_size("2048"), Ok(2048));
        assert!(parse_batch_size("1000000000000").is_err());
    }

    /// A steady trickle (a row every 20 ms, never idle for 100 ms) is
    /// handed over within about a second, not after 2,048 rows.
    #[test]
    fn a_trickle_is_handed_over_within_a_second() {
        let mut n = 0;
        let rows = std::iter::from_fn(move || {
            n += 1;
            if n > 1 {
                std::thread::sleep(Duration::from_millis(20));
            }
            (n <= 500).then(|| row(n, 10))
        });
        let stop = AtomicBool::new(false);
        let mut b = Batches::start(
            Box::new(rows),
            Limits::rows(2048),
            Arc::new(AtomicBool::new(false)),
        )
        .unwrap();
        let started = Instant::now();
        match b.next(&mut std::io::sink(), &stop, false).unwrap() {
            Some(Next::Batch(batch)) => assert!(batch.len() < 500, "{}", batch.len()),
            _ => panic!("expected a batch"),
        }
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
