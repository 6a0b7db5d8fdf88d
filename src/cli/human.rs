//! `screen`'s output for people: what was found, one line per hit, as a
//! table (row, id, rule, confidence, the words that matched and the HS
//! prefix), and one line per row that could not be read. Rows without hits
//! print nothing; the count line on stderr says how many rows were read.
//!
//! It is the default only when stdout is a terminal (like ripgrep's
//! headings): a pipe or a file gets JSON lines unless `--output human` is
//! given, so pipelines and their golden files never see this format.

use super::input::Row;
use dualuse::{Classification, Evidence, TermKind};
use std::io::Write;

/// The table's heading.
pub fn header() -> String {
    format!(
        "{:>6}  {:<14}  {:<20}  {:<10}  matched\n",
        "row", "id", "rule", "confidence"
    )
}

/// Writes the lines of one unreadable row.
pub fn error_line(out: &mut Vec<u8>, row: &Row, error: &str) {
    let _ = writeln!(
        out,
        "{:>6}  {:<14}  error: {}",
        row.number,
        row.id.as_deref().unwrap_or("-"),
        one_line(error)
    );
}

/// Writes the verdict of an order line that is not clear: its level and,
/// per reason, what it rests on.
pub fn verdict_line(out: &mut Vec<u8>, row: &Row, v: &dualuse::Verdict<'_>) {
    if v.level == dualuse::Level::Clear {
        return;
    }
    let why: Vec<String> = v
        .reasons
        .iter()
        .map(|r| match r.subject() {
            Some(subject) => format!("{} {subject}", r.kind()),
            None => r.kind().to_string(),
        })
        .collect();
    let _ = writeln!(
        out,
        "{:>6}  {:<14}  verdict: {} ({})",
        row.number,
        row.id.as_deref().unwrap_or("-"),
        v.level.as_str(),
        why.join("; ")
    );
}

/// Writes the lines of one classified row: one per hit, then a warning if
/// there is one.
pub fn hit_lines(out: &mut Vec<u8>, row: &Row, c: &Classification<'_>) {
    let id = row.id.as_deref().unwrap_or("-");
    for h in &c.hits {
        let mut words: Vec<String> = Vec::new();
        let mut hs: Vec<String> = Vec::new();
        for e in &h.evidence {
            match e {
                // The words that made the rule hit, as in `--output csv`
                // (require and exclude words are conditions, not finds).
                Evidence::Term {
                    kind: TermKind::Require | TermKind::Exclude,
                    ..
                } => {}
                Evidence::Term { start, end, .. }
                | Evidence::Pattern { start, end, .. }
                | Evidence::Cas { start, end, .. } => {
                    if let Some(w) = row.description.get(*start..*end) {
                        let w = format!("\"{}\"", one_line(w));
                        if !words.contains(&w) {
                            words.push(w);
                        }
                    }
                }
                Evidence::Hs {
                    prefix, relation, ..
                } => hs.push(format!("HS {prefix} ({})", relation.as_str())),
                // Kinds added later: their words, if they point at any.
                other => {
                    if let Some(w) = other.span().and_then(|s| row.description.get(s)) {
                        let w = format!("\"{}\"", one_line(w));
                        if !words.contains(&w) {
                            words.push(w);
                        }
                    }
                }
            }
        }
        words.extend(hs);
        let _ = writeln!(
            out,
            "{:>6}  {:<14}  {:<20}  {:<10}  {}",
            row.number,
            id,
            h.rule.id,
            h.confidence.as_str(),
            words.join(", ")
        );
    }
    if let Some(w) = &c.warning {
        let _ = writeln!(
            out,
            "{:>6}  {:<14}  warning: {}",
            row.number,
            id,
            one_line(w)
        );
    }
}

/// Text on one line: line breaks and tabs shown as spaces.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}
