//! Text: the one definition of how text folds and what a word is.
//!
//! * [`chars`]: what a separator, a word character, a word letter and a CJK
//!   character are.
//! * [`normalize`](mod@normalize): NFKC, case folding, CJK variant folding
//!   and separator folding, with the map from normalized bytes back to the
//!   original text.
//! * [`variants`]: the CJK variant forms (traditional, Japanese) and their
//!   simplified representative, from Unihan.
//! * [`boundary`]: where a term may begin and end.
//! * [`bytes`]: byte tests eight bytes at a time.
//! * [`floor_boundary`], [`ceil_boundary`]: a byte offset rounded to a
//!   character boundary, for windows read around a match.
//!
//! Rule terms, input text, pattern triggers, parameter context words and the
//! quantity scanner all use these definitions; none of them keeps its own.

pub(crate) mod boundary;
pub(crate) mod bytes;
pub(crate) mod chars;
mod normalize;
pub(crate) mod variants;
#[rustfmt::skip]
mod variants_table;

pub use normalize::{Normalized, normalize};

/// The last character boundary of `text` at or before `i` (the end of
/// `text` if `i` is past it).
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary of `text` at or after `i` (the end of
/// `text` if `i` is past it).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
