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
}

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            pending: VecDeque::new(),
            number: 0,
            started: false,
        }
    }

    /// Puts lines back, to be returned again, in order, by `next`.
    pub(super) fn push_back(&mut self, lines: Vec<(u64, Line)>) {
        for l in lines.into_iter().rev() {
            self.pending.push_front(l);
        }
    }

    /// The next line and its number, or `None` at the end of input.
    pub(super) fn next(&mut self) -> io::Result<Option<(u64, Line)>> {
        if let Some((n, l)) = self.pending.pop_front() {
            self.number = n;
            return Ok(Some((n, l)));
        }
        let mut out = Vec::new();
        let mut total = 0u64;
        let mut overflow = false;
        let mut any = false;
        // Terminator length of the line, tracked for over-long lines whose
        // bytes are not kept.
        let (mut last_cr, mut term) = (false, 0u64);
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
            let (take, end) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            total += take as u64;
            if end {
                let cr = if take >= 2 {
                    buf[take - 2] == b'\r'
                } else {
                    last_cr
                };
                term = if cr { 2 } else { 1 };
            } else {
                last_cr = buf[take - 1] == b'\r';
            }
            if !overflow {
                // Keep up to max + 2 bytes: room for a `\r\n` terminator.
                if out.len().saturating_add(take) <= self.max.saturating_add(2) {
                    out.extend_from_slice(&buf[..take]);
                } else {
                    overflow = true;
                    out.clear();
                    out.shrink_to_fit();
                }
            }
            self.reader.consume(take);
            if end {
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
                total -= 3;
            }
        }
        let content = if overflow {
            total - term
        } else {
            (out.len() - terminator_len(&out)) as u64
        };
        if overflow || content > self.max as u64 {
            return Ok(Some((self.number, Line::TooLong(content))));
        }
        Ok(Some((self.number, Line::Text(out))))
    }
}

pub(super) fn terminator_len(line: &[u8]) -> usize {
    if line.ends_with(b"\r\n") {
        2
    } else if line.ends_with(b"\n") {
        1
    } else {
        0
    }
}
