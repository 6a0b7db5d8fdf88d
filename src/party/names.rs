//! Party-name matching (interim): a query matches a listed name when both
//! normalize to the same key. The full matcher (legal forms, whole-name
//! containment, partial matches, one automaton) replaces this module.

use std::ops::Range;

/// Which field of a party a listed name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    Name,
    OtherName,
    Alias,
}

/// How a query met a listed name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    Exact,
    Normalized,
    Alias,
    Partial,
}

impl How {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Normalized => "normalized",
            How::Alias => "alias",
            How::Partial => "partial",
        }
    }
}

/// A listed name found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameHit {
    pub(crate) party: u32,
    pub(crate) name: u32,
    pub(crate) how: How,
    pub(crate) span: Range<usize>,
}

/// Every listed name's key.
#[derive(Debug, Default)]
pub(crate) struct NameMatcher {
    keys: Vec<(String, u32, NameKind, String)>,
}

/// The match key of a name.
pub(crate) fn key(name: &str) -> String {
    crate::text::normalize(name)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl NameMatcher {
    pub(crate) fn new(names: &[(u32, &str, NameKind)]) -> NameMatcher {
        NameMatcher {
            keys: names
                .iter()
                .map(|(p, n, k)| (key(n), *p, *k, n.to_string()))
                .filter(|(k, ..)| !k.is_empty())
                .collect(),
        }
    }

    pub(crate) fn find(&self, query: &str) -> Vec<NameHit> {
        let q = key(query);
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, (k, ..))| *k == q)
            .map(|(i, (_, party, kind, listed))| NameHit {
                party: *party,
                name: i as u32,
                how: match kind {
                    NameKind::Alias => How::Alias,
                    _ if listed == query => How::Exact,
                    _ => How::Normalized,
                },
                span: 0..query.len(),
            })
            .collect()
    }
}
