//! Character encodings of the input: UTF-8, Windows-1252 and Latin-1.
//!
//! Decoding never substitutes replacement characters: bytes that are not
//! valid in the chosen encoding are an error that names the likely
//! encoding, so a wrong guess gives an error row, not mojibake.

use clap::ValueEnum;
use std::borrow::Cow;

/// Character encoding of the input.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (a leading byte-order mark is skipped).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Western European, the usual "ANSI" of Excel exports).
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// ISO-8859-1 (Latin-1).
    #[value(name = "latin1", alias = "iso-8859-1", alias = "latin-1")]
    Latin1,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Latin1 => "Latin-1",
        }
    }

    /// Decodes `b`, or says why it is not text in this encoding. Never
    /// substitutes replacement characters: a wrong guess is an error, not
    /// mojibake.
    pub fn decode(self, b: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
        if b.is_ascii() {
            // ASCII is the same in all three; the common case is cheap.
            return Ok(Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default()));
        }
        match self {
            Encoding::Utf8 => std::str::from_utf8(b).map(Cow::Borrowed).map_err(|e| DecodeError {
                what: "invalid UTF-8".into(),
                at: e.valid_up_to(),
                hint: "if the file is Windows-1252 or Latin-1, use --encoding windows-1252 or --encoding latin1",
            }),
            Encoding::Windows1252 | Encoding::Latin1 => {
                if std::str::from_utf8(b).is_ok() {
                    return Err(DecodeError {
                        what: format!("UTF-8 text, not {},", self.name()),
                        at: b.iter().position(|c| !c.is_ascii()).unwrap_or(0),
                        hint: "the file is probably UTF-8: drop --encoding",
                    });
                }
                if self == Encoding::Windows1252 {
                    // Bytes that Windows-1252 leaves undefined.
                    if let Some(i) = b
                        .iter()
                        .position(|&c| matches!(c, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
                    {
                        return Err(DecodeError {
                            what: format!("byte 0x{:02X}, undefined in Windows-1252,", b[i]),
                            at: i,
                            hint: "check the file's encoding",
                        });
                    }
                    Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(b).0)
                } else {
                    // C1 control codes: in practice these bytes are
                    // Windows-1252 punctuation (“ ” – €), not Latin-1.
                    if let Some(i) = b.iter().position(|&c| (0x80..=0x9F).contains(&c)) {
                        return Err(DecodeError {
                            what: format!("Latin-1 control code 0x{:02X}", b[i]),
                            at: i,
                            hint: "the file is probably Windows-1252: use --encoding windows-1252",
                        });
                    }
                    Ok(encoding_rs::mem::decode_latin1(b))
                }
            }
        }
    }
}

/// Why bytes are not text in the chosen encoding.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// What is wrong, e.g. "invalid UTF-8".
    pub what: String,
    /// Byte offset of the first bad byte.
    pub at: usize,
    /// What to do about it.
    pub hint: &'static str,
}
