//! Physical lines of the input, each bounded by `--max-row-bytes`, with
//! lines pushed back for re-reading after an unbalanced quote.

use std::collections::VecDeque;
use std::io::{self, BufRead};

/// One physical line, as read.
pub(super) enum Line {
    /// The line, with its terminator if it had one.
    Text(Vec<u8>),
    /// A line longer than the limit: its length without terminator; its
    /// bytes were skipped.
    TooLong(u64),
}

/// Physical lines of the input, each bounded by `max` bytes, with lines
/// pushed back for re-reading after an unbalanced quote.
pub(super) struct Lines<R: BufRead> {
    pub(super) reader: R,
    pub(super) max: usize,
    pub(super) pending: VecDeque<(u64, Line)>,
    /// Number of the last line returned, from 1.
    pub(super) number: u64,
    pub(super) started: bool,
    /// Bytes read from the input so far.
    pub(super) fresh: u64,
    /// Bytes of pushed-back lines returned again (the stray-quote
    /// recovery's re-reading); kept no larger than `fresh` plus a line.
    pub(super) replayed: u64,
    /// A line buffer handed back by the reader of the last line
    /// ([`Lines::recycle`]), filled by the next one instead of a new
    /// allocation.
    pub(super) spare: Vec<u8>,
}

/// The largest line buffer kept for reuse: a rare long line is not held
/// for the rest of the input.
const SPARE_MAX: usize = 64 << 10;

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            pending: VecDeque::new(),
            number: 0,
            started: false,
            fresh: 0,
            replayed: 0,
            spare: Vec::new(),
        }
    }

    /// Puts lines back, to be returned again, in order, by `next`.
    pub(super) fn push_back(&mut self, lines: Vec<(u64, Line)>) {
        for l in lines.into_iter().rev() {
            self.pending.push_front(l);
        }
    }

    /// The next line and its number, or `None` at the end of input.
    ///
    /// A line ends at `\n`, `\r\n`, or a `\r` not followed by `\n`
    /// (classic Mac OS line ends). A bare `\r` inside a quoted CSV field
    /// still belongs to the field: the CSV scanner keeps the terminator of
    /// a line that ends inside a quote.
    /// Hands back the buffer of a line read and done with, for the next
    /// line to fill: one allocation and one free less a line.
    pub(super) fn recycle(&mut self, buf: Vec<u8>) {
        if buf.capacity() <= SPARE_MAX {
            self.spare = buf;
        }
    }

    pub(super) fn next(&mut self) -> io::Result<Option<(u64, Line)>> {
        if let Some((n, l)) = self.pending.pop_front() {
            self.number = n;
            if let Line::Text(t) = &l {
                self.replayed = self.replayed.saturating_add(t.len() as u64);
            }
            return Ok(Some((n, l)));
        }
        // Room for the content and a two-byte terminator.
        let limit = self.max.saturating_add(2);
        let mut out = std::mem::take(&mut self.spare);
        out.clear();
        let mut content = 0u64;
        let mut overflow = false;
        let mut any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            // (content bytes, terminator bytes, line complete)
            let (body, term, done) = match memchr::memchr2(b'\n', b'\r', buf) {
                None => (buf.len(), 0, false),
                Some(i) if buf[i] == b'\n' => (i, 1, true),
                Some(i) if buf.get(i + 1) == Some(&b'\n') => (i, 2, true),
                Some(i) => (i, 1, true),
            };
            let take = body + term;
            // A `\r` that ends the buffer: a `\n` may start the next one.
            let cr_at_end = term == 1 && buf[body] == b'\r' && take == buf.len();
            content = content.saturating_add(body as u64);
            if !overflow {
                if out.len().saturating_add(take) <= limit {
                    out.extend_from_slice(&buf[..take]);
                } else {
                    overflow = true;
                    out = Vec::new();
                }
            }
            self.reader.consume(take);
            self.fresh = self.fresh.saturating_add(take as u64);
            if done {
                if cr_at_end {
                    let lf = loop {
                        match self.reader.fill_buf() {
                            Ok(b) => break b.first() == Some(&b'\n'),
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                            Err(e) => return Err(e),
                        }
                    };
                    if lf {
                        self.reader.consume(1);
                        self.fresh = self.fresh.saturating_add(1);
                        if !overflow {
                            out.push(b'\n');
                        }
                    }
                }
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.number += 1;
        if !self.started {
            self.started = true;
            if out.starts_with(b"\xEF\xBB\xBF") {
                out.drain(..3);
                content -= 3;
            }
        }
        if overflow || content > self.max as u64 {
            return Ok(Some((self.number, Line::TooLong(content))));
        }
        Ok(Some((self.number, Line::Text(out))))
    }
}

/// Length of the line terminator at the end of `line`: `\r\n`, `\n`, a
/// bare `\r`, or none (the last line of the input).
pub(super) fn terminator_len(line: &[u8]) -> usize {
    if line.ends_with(b"\r\n") {
        2
    } else if line.ends_with(b"\n") || line.ends_with(b"\r") {
        1
    } else {
        0
    }
}
