//! Property tests and fuzzing of the catalog reader, in process: arbitrary
//! bytes and mutated CSV/JSONL (quotes, `\r`, `\n`, NUL, invalid UTF-8,
//! damaged gzip) must never panic, never hang (recovery re-reads each
//! line at most once), never lose a row, and number rows 1..N in order.
//! Bounded (a few hundred cases each) so they run on stable in CI.

use super::csv::CsvRows;
use super::encoding::Encoding;
use super::lines::Lines;
use super::{Columns, InputArgs, Row, rows};
use proptest::prelude::*;
use std::io::{self, Write};

fn args() -> InputArgs {
    InputArgs {
        format: None,
        delimiter: None,
        quote: None,
        encoding: Encoding::Utf8,
        max_row_bytes: 4096,
        description_col: Vec::new(),
        hs_col: None,
        id_col: None,
        scheme_col: None,
        scheme: None,
    }
}

/// Everything the reader makes of `bytes` named `name`: the rows, and the
/// error that ended reading, if any. Checks the numbering on the way.
fn read(bytes: &[u8], name: &str, args: &InputArgs) -> (Vec<Row>, Option<String>) {
    let it = match rows(Box::new(io::Cursor::new(bytes.to_vec())), name, args) {
        Ok(it) => it,
        Err(e) => return (Vec::new(), Some(format!("{e:#}"))),
    };
    let mut out = Vec::new();
    for r in it {
        match r {
            Ok(row) => {
                assert_eq!(row.number, out.len() as u64 + 1, "rows numbered in order");
                out.push(row);
            }
            Err(e) => return (out, Some(format!("{e:#}"))),
        }
    }
    (out, None)
}

fn columns() -> Columns {
    Columns::from_args(&args())
}

/// The rows of a CSV, with the reader's line counters: (rows, bytes read,
/// bytes re-read).
fn csv_rows(bytes: &[u8], max: usize, linear: bool) -> (Vec<Row>, u64, u64) {
    let lines = Lines::new(io::Cursor::new(bytes.to_vec()), max);
    let Ok(mut r) = CsvRows::new(lines, None, Some(b'"'), columns(), Encoding::Utf8) else {
        return (Vec::new(), 0, 0);
    };
    r.linear = linear;
    let mut out = Vec::new();
    for row in r.by_ref() {
        out.push(row.expect("in-memory input cannot fail"));
    }
    (out, r.lines.fresh, r.lines.replayed)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// Bytes that stress a CSV/JSONL reader.
fn nasty() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(vec![
                &b"\""[..], b",", b"\n", b"\r", b"\r\n", b"\0", b"\xff", b"\xe6\x97", b"a", b"NdFeB magnet",
                b";", b"\t", b"{", b"}", b"\"description\":", b"\xef\xbb\xbf", b" ",
            ]).prop_map(|b| b.to_vec()),
            1 => proptest::collection::vec(any::<u8>(), 0..8),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// A well-formed catalog: (text, data rows), unquoted fields without the
/// delimiter, a description in every row.
fn catalog() -> impl Strategy<Value = (Vec<Vec<String>>, &'static str)> {
    (
        proptest::collection::vec(
            proptest::collection::vec("[a-z0-9][a-z0-9 ]{0,8}", 3),
            1..20,
        ),
        proptest::sample::select(vec!["\n", "\r\n", "\r"]),
    )
}

fn render(rows: &[Vec<String>], term: &str) -> String {
    let mut text = format!("id,description,hs_code{term}");
    for r in rows {
        text.push_str(&r.join(","));
        text.push_str(term);
    }
    text
}

/// Cases per property: `DUALUSE_FUZZ_CASES` (CI's longer fuzz run) or
/// `default`.
fn fuzz_cases(default: u32) -> u32 {
    std::env::var("DUALUSE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(256), ..ProptestConfig::default() })]

    /// Arbitrary bytes as CSV, JSONL, sniffed, or gzip (whole or damaged):
    /// no panic, rows numbered 1..N (checked in `read`), and the CSV
    /// recovery re-reads no more than it read.
    #[test]
    fn arbitrary_input_never_panics(
        header in proptest::sample::select(vec!["id,description\n", "description;hs_code\r", "", "{\"description\":\"x\"}\n"]),
        body in nasty(),
        damage in proptest::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) {
        let mut text = header.as_bytes().to_vec();
        text.extend_from_slice(&body);
        for name in ["x.csv", "x.jsonl", "-"] {
            read(&text, name, &args());
        }
        let mut gz = gzip(&text);
        if let Some((at, byte)) = damage {
            let i = at.index(gz.len());
            gz[i] ^= byte | 1;
        }
        read(&gz, "-", &args());
        let (rows, fresh, replayed) = csv_rows(&text, 64, true);
        prop_assert!(replayed <= fresh, "re-read {replayed} of {fresh} bytes");
        // Re-reading or not, the rows are the same.
        let (slow, _, _) = csv_rows(&text, 64, false);
        prop_assert_eq!(format!("{rows:?}"), format!("{slow:?}"));
        let (rows, _, _) = csv_rows(&text, 12, true);
        let (slow, _, _) = csv_rows(&text, 12, false);
        prop_assert_eq!(format!("{rows:?}"), format!("{slow:?}"));
    }

    /// Well-formed CSV (LF, CRLF or CR line ends): one row per data line,
    /// each as written.
    #[test]
    fn well_formed_csv_loses_no_row((data, term) in catalog()) {
        let text = render(&data, term);
        let (rows, err) = read(text.as_bytes(), "x.csv", &args());
        prop_assert_eq!(err, None);
        prop_assert_eq!(rows.len(), data.len());
        for (row, want) in rows.iter().zip(&data) {
            prop_assert_eq!(row.description.as_str(), want[1].trim());
        }
        // The same as JSONL.
        let jsonl: String = data
            .iter()
            .map(|r| format!("{}{term}", serde_json::json!({"id": r[0], "description": r[1]})))
            .collect();
        let (rows, err) = read(jsonl.as_bytes(), "x.jsonl", &args());
        prop_assert_eq!(err, None);
        prop_assert_eq!(rows.len(), data.len());
    }

    /// A stray quote at the start of one field of well-formed CSV costs
    /// exactly that row (an error row); every other row is intact.
    #[test]
    fn a_stray_quote_costs_exactly_one_row(
        (data, term) in catalog(),
        at in any::<prop::sample::Index>(),
        field in 0usize..3,
    ) {
        let bad = at.index(data.len());
        let mut broken = data.clone();
        broken[bad][field].insert(0, '"');
        let text = render(&broken, term);
        let (rows, err) = read(text.as_bytes(), "x.csv", &args());
        prop_assert_eq!(err, None);
        prop_assert_eq!(rows.len(), data.len());
        for (i, (row, want)) in rows.iter().zip(&data).enumerate() {
            if i == bad {
                let e = row.error.as_deref().unwrap_or("");
                prop_assert!(e.starts_with("unbalanced quote"), "row {}: {:?}", i + 1, row);
            } else {
                prop_assert_eq!(row.error.as_deref(), None::<&str>);
                prop_assert_eq!(row.description.as_str(), want[1].trim());
            }
        }
    }
}

/// Lines that each close one quote and open the next (`"a",x,"b`) made
/// every line re-read the rest of the file: quadratic (20,000 lines took
/// minutes in a debug build). Now each line is re-read at most once.
#[test]
fn stray_quote_recovery_is_linear() {
    let mut text = String::from("id,description,hs_code,note\n");
    for k in 0..20_000 {
        text.push_str(&format!("\"S{k}\",magnet {k},8505.11,\"stray note\n"));
    }
    let started = std::time::Instant::now();
    let (rows, fresh, replayed) = csv_rows(text.as_bytes(), 16 << 20, true);
    assert_eq!(rows.len(), 20_000);
    assert!(rows.iter().all(|r| {
        r.error
            .as_deref()
            .is_some_and(|e| e.contains("never closes"))
    }));
    assert!(replayed <= fresh, "re-read {replayed} of {fresh} bytes");
    // Generous: the quadratic reader needed minutes here.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
