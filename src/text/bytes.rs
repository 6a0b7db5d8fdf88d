//! Byte tests eight bytes at a time, for the hot paths that decide whether
//! a string can be copied as it is: a record's strings on the way out
//! (`output`), a JSON line's strings on the way in (the command line's
//! JSONL reader). The library has it as `text::bytes`; the binary includes
//! this same file with `#[path]`, so both use one definition without
//! making it public API.

/// Whether any byte of `s` is below U+0020 or one of `also`, eight bytes
/// at a time (the usual bit tricks: a byte below `n` or equal to `c` sets
/// the high bit of its lane; exact as to whether any lane does).
#[inline]
pub(crate) fn any_control_or<const N: usize>(s: &[u8], also: [u8; N]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(LO * n) & !w & HI;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(c);
        let w = u64::from_le_bytes(lane);
        let mut hit = below(w, 0x20);
        for b in also {
            hit |= below(w ^ (LO * u64::from(b)), 1);
        }
        if hit != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&c| c < 0x20 || also.contains(&c))
}
