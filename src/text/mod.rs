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
