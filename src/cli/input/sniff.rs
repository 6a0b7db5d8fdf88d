//! What the first bytes of the input say it is, whatever its name.
//!
//! A gzip file without `.gz` is decompressed anyway; a file in a format
//! that cannot be read as text rows (UTF-16, zstd, bzip2, xz, zip) is an
//! error with a hint on how to convert it, instead of a header of garbled
//! column names or rows that silently run together. Only magic numbers
//! and byte-order marks are checked: cheap, and never wrong for text.

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Magic {
    /// gzip (`1f 8b`): decompressed transparently.
    Gzip,
    /// Something we do not read: the message says what and what to do.
    Unreadable(&'static str),
}

/// Sniffs the start of the raw input (before any decompression).
pub(super) fn magic(start: &[u8]) -> Option<Magic> {
    const UTF16: &str = "the input is UTF-16 (it starts with a UTF-16 byte-order mark); convert it to UTF-8 first, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.csv`";
    Some(match start {
        [0x1f, 0x8b, ..] => Magic::Gzip,
        [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => Magic::Unreadable(UTF16),
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Magic::Unreadable(
            "the input is zstd-compressed; decompress it first, e.g. `zstd -dc FILE | dualuse screen -`",
        ),
        [b'B', b'Z', b'h', ..] => Magic::Unreadable(
            "the input is bzip2-compressed; decompress it first, e.g. `bzip2 -dc FILE | dualuse screen -`",
        ),
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Magic::Unreadable(
            "the input is xz-compressed; decompress it first, e.g. `xz -dc FILE | dualuse screen -`",
        ),
        [b'P', b'K', 0x03, 0x04, ..] => Magic::Unreadable(
            "the input is a zip archive (an .xlsx workbook is one too); extract the CSV first, or save the sheet as CSV UTF-8",
        ),
        _ => return None,
    })
}

/// Checks the first line of the (decompressed) text: NUL bytes there mean
/// UTF-16 without a byte-order mark, or a binary file. Rows of such a file
/// cannot be told apart, so this is an error, not a run of error rows.
pub(super) fn check_text(start: &[u8]) -> Result<(), String> {
    // A compressed or UTF-16 file inside the gzip stream.
    if let Some(Magic::Unreadable(why)) = magic(start) {
        return Err(why.to_string());
    }
    let first_line = match memchr::memchr(b'\n', start) {
        Some(i) => &start[..i],
        None => start,
    };
    if first_line.contains(&0) {
        return Err("the first line contains NUL bytes: the input looks like UTF-16 without a byte-order mark, or is not text; if it is UTF-16, convert it to UTF-8 first, e.g. `iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8.csv`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(magic(b"\x1f\x8b\x08\x00"), Some(Magic::Gzip));
        assert!(
            matches!(magic(b"\xff\xfei\x00d\x00"), Some(Magic::Unreadable(m)) if m.contains("iconv"))
        );
        assert!(
            matches!(magic(b"\xfe\xff\x00i"), Some(Magic::Unreadable(m)) if m.contains("UTF-16"))
        );
        assert!(
            matches!(magic(b"\x28\xb5\x2f\xfd"), Some(Magic::Unreadable(m)) if m.contains("zstd"))
        );
        assert!(matches!(magic(b"BZh91AY"), Some(Magic::Unreadable(m)) if m.contains("bzip2")));
        assert!(matches!(magic(b"PK\x03\x04"), Some(Magic::Unreadable(m)) if m.contains("zip")));
        assert_eq!(magic(b"id,description\n"), None);
        assert_eq!(magic(b"\xef\xbb\xbfid"), None);
        assert_eq!(magic(b""), None);
        assert!(check_text(b"i\x00d\x00,\x00").is_err());
        assert!(check_text(b"id,description\n1,a\x00b\n").is_ok());
    }
}
