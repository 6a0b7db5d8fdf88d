//! Reading rule files: bounded, regular files only, and UTF-8 errors located.
//!
//! A rule file is read through [`Read::take`] with a limit
//! ([`MAX_RULE_FILE_BYTES`]), so `--rules /dev/zero` or a runaway generated
//! file fails with a clear error instead of reading without bound. Only
//! regular files and pipes (`--rules <(generate)`) are read; a directory,
//! device or socket named as a rule file is an error. Text that is not
//! UTF-8 is not an I/O error but a [`Diagnostic`] at the line and column of
//! the first invalid byte, like every other problem in a rule file.

use crate::error::{Diagnostic, Error, Severity};
use crate::rule::Location;
use std::io::Read;
use std::path::Path;

/// The most bytes a rule file may have: 64 MiB, about 200 times the
/// largest shipped file.
pub(crate) const MAX_RULE_FILE_BYTES: u64 = 64 << 20;

/// Reads one rule file. The outer error is an I/O problem (missing file,
/// not a file, too large); the inner one a file that is not UTF-8.
pub(crate) fn read_rule_file(path: &Path) -> Result<Result<String, Diagnostic>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let kind = file.metadata().map_err(io)?.file_type();
    if !(kind.is_file() || is_fifo(&kind)) {
        return Err(Error::NotAFile(path.to_path_buf()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_RULE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_RULE_FILE_BYTES,
        });
    }
    Ok(decode(&path.display().to_string(), bytes))
}

#[cfg(unix)]
fn is_fifo(kind: &std::fs::FileType) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(kind)
}

#[cfg(not(unix))]
fn is_fifo(_: &std::fs::FileType) -> bool {
    false
}

/// The text of a rule file, or an error at the first byte that is not
/// UTF-8 (line 1-based, column in characters as everywhere else).
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let err = e.utf8_error();
        let bytes = e.as_bytes();
        let at = err.valid_up_to();
        // Valid by definition of `valid_up_to`.
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let len = err.error_len().unwrap_or(bytes.len() - at);
        let shown: Vec<String> = bytes[at..at + len]
            .iter()
            .map(|b| format!("0x{b:02X}"))
            .collect();
        Diagnostic {
            severity: Severity::Error,
            location: Location {
                file: name.to_string(),
                line,
                col,
            },
            message: match err.error_len() {
                Some(_) => format!(
                    "the file is not UTF-8: invalid byte {} (save it as UTF-8)",
                    shown.join(" ")
                ),
                None => format!(
                    "the file is not UTF-8: it ends inside a character ({}; save it as UTF-8)",
                    shown.join(" ")
                ),
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let d = decode("f.toml", b"[ruleset]\nid = \"\xE9t\xC3\xA9\"\n".to_vec()).unwrap_err();
        assert_eq!(
            d.to_string(),
            "f.toml:2:7: error: the file is not UTF-8: invalid byte 0xE9 (save it as UTF-8)"
        );
        // Columns count characters, as elsewhere.
        let d = decode("f.toml", "a = \"é\u{4e2d}".bytes().chain([0xFF]).collect()).unwrap_err();
        assert_eq!(d.location.to_string(), "f.toml:1:8");
        let d = decode("f.toml", b"x\n\xE4\xB8".to_vec()).unwrap_err();
        assert_eq!(
            d.to_string(),
            "f.toml:2:1: error: the file is not UTF-8: it ends inside a character (0xE4 0xB8; save it as UTF-8)"
        );
        assert_eq!(decode("f", b"ok".to_vec()).unwrap(), "ok");
    }

    #[cfg(unix)]
    #[test]
    fn reads_are_bounded_and_only_of_files() {
        let e = read_rule_file(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(e, Error::NotAFile(_)), "{e:?}");
        assert_eq!(e.to_string(), "/dev/zero is not a regular file");
        let e = read_rule_file(Path::new("/")).unwrap_err();
        assert!(matches!(e, Error::NotAFile(_)), "{e:?}");
        let e = read_rule_file(Path::new("/no/such/rules.toml")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e:?}");
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn files_over_the_limit_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let f = std::fs::File::create(&path).unwrap();
        // Sparse: no disk space used.
        f.set_len(MAX_RULE_FILE_BYTES + 1).unwrap();
        let e = read_rule_file(&path).unwrap_err();
        assert!(matches!(e, Error::TooLarge { .. }), "{e:?}");
        assert!(
            e.to_string().ends_with("is larger than 67108864 bytes"),
            "{e}"
        );
    }
}
