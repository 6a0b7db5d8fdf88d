//! Byte tests sixteen bytes at a time, for the hot paths that decide
//! whether a string can be copied as it is: a record's strings on the way
//! out (`output`), a JSON line's strings on the way in (the command line's
//! JSONL reader). The library has it as `text::bytes`; the binary includes
//! this same file with `#[path]`, so both use one definition without
//! making it public API.
//!
//! Written as a plain loop without early exit inside a block, which the
//! compiler turns into vector compares (SSE2 on every x86-64, NEON on
//! aarch64) without `unsafe` or `std::arch`.

/// The block the test reads at a time.
const BLOCK: usize = 16;

/// Whether any byte of `block` is below U+0020 or one of `also` (every
/// byte is tested, so the loop vectorizes).
#[inline(always)]
fn block_has<const N: usize>(block: &[u8; BLOCK], also: [u8; N]) -> bool {
    let mut hit = false;
    for &b in block {
        let mut special = b < 0x20;
        for a in also {
            special |= b == a;
        }
        hit |= special;
    }
    hit
}

/// Whether any byte of `s` is below U+0020 or one of `also`.
#[inline]
pub(crate) fn any_control_or<const N: usize>(s: &[u8], also: [u8; N]) -> bool {
    debug_assert!(!also.contains(&b' '), "the tail is padded with spaces");
    let mut blocks = s.chunks_exact(BLOCK);
    for b in &mut blocks {
        if block_has(b.try_into().expect("a whole block"), also) {
            return true;
        }
    }
    // The tail, padded with spaces (which no test flags).
    let tail = blocks.remainder();
    let mut last = [b' '; BLOCK];
    last[..tail.len()].copy_from_slice(tail);
    block_has(&last, also)
}

/// Appends `s` to `out` if no byte of it is below U+0020 or one of
/// `also`, and says whether it did (`out` is left as it was if not).
/// Checks and copies in one pass, a block at a time: a string of 16 bytes
/// or more is copied in whole blocks, its last block overlapping the one
/// before, so no copy has a length only known at run time.
#[inline]
#[allow(dead_code)] // the binary's copy of this file (see above) does not copy
pub(crate) fn copy_plain<const N: usize>(out: &mut Vec<u8>, s: &[u8], also: [u8; N]) -> bool {
    debug_assert!(
        !also.contains(&b' '),
        "short strings are padded with spaces"
    );
    let start = out.len();
    let Some(last) = s.len().checked_sub(BLOCK) else {
        let mut block = [b' '; BLOCK];
        block[..s.len()].copy_from_slice(s);
        if block_has(&block, also) {
            return false;
        }
        out.extend_from_slice(s);
        return true;
    };
    out.reserve(s.len() + BLOCK);
    let mut blocks = s.chunks_exact(BLOCK);
    for b in &mut blocks {
        let b: &[u8; BLOCK] = b.try_into().expect("a whole block");
        if block_has(b, also) {
            out.truncate(start);
            return false;
        }
        out.extend_from_slice(b);
    }
    if !blocks.remainder().is_empty() {
        let b: &[u8; BLOCK] = s[last..].try_into().expect("a whole block");
        if block_has(b, also) {
            out.truncate(start);
            return false;
        }
        out.truncate(start + last);
        out.extend_from_slice(b);
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Mostly bytes that need no escape, some that do, at every length
    /// around the block size.
    fn bytes() -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(prop_oneof![12 => 0x20u8..=0xFF, 1 => any::<u8>()], 0..70)
    }

    proptest! {
        #[test]
        fn equals_a_byte_loop(s in bytes()) {
            let naive = s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(super::any_control_or(&s, [b'"', b'\\']), naive);
            let naive = s.iter().any(|&b| b < 0x20 || b == b'\\');
            prop_assert_eq!(super::any_control_or(&s, [b'\\']), naive);
        }

        #[test]
        fn copies_exactly_what_needs_no_escape(s in bytes(), before in bytes()) {
            let plain = !s.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            let mut out = before.clone();
            prop_assert_eq!(super::copy_plain(&mut out, &s, [b'"', b'\\']), plain);
            let expected = if plain { [&before[..], &s[..]].concat() } else { before };
            prop_assert_eq!(out, expected);
        }
    }
}
