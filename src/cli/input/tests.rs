//! Unit tests of the reader: splitting, recovery, encodings.

use super::csv::*;
use super::encoding::Encoding;
use super::lines::*;
use super::*;
use std::io;

fn rows(input: &[u8], max: usize, enc: Encoding) -> Vec<(u64, String, Option<String>)> {
    let lines = Lines::new(io::Cursor::new(input.to_vec()), max);
    let cols = Columns {
        description: vec!["description".into()],
        hs: Some("hs_code".into()),
        hs_explicit: false,
        id: "id".into(),
        scheme: "scheme".into(),
        default_scheme: None,
    };
    CsvRows::new(lines, None, Some(b'"'), cols, enc)
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            (r.number, r.description, r.error)
        })
        .collect()
}

#[test]
fn detects_delimiters() {
    assert_eq!(
        detect_delimiter(b"id;description;hs_code\n", Some(b'"')),
        b';'
    );
    assert_eq!(detect_delimiter(b"id\tdescription\n", Some(b'"')), b'\t');
    assert_eq!(detect_delimiter(b"id|description\n", Some(b'"')), b'|');
    assert_eq!(detect_delimiter(b"description\n", Some(b'"')), b',');
    assert_eq!(detect_delimiter(b"\"a;b\",c\n", Some(b'"')), b',');
}

#[test]
fn multi_line_quoted_field_is_one_row() {
    let r = rows(
        b"id,description\n1,\"two\nlines\"\n2,x\n",
        100,
        Encoding::Utf8,
    );
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].1, "two\nlines");
    assert_eq!(r[1].1, "x");
}

#[test]
fn unbalanced_quote_costs_one_row() {
    let r = rows(
        b"id,description\n1,\"open\n2,fine\n3,also fine\n",
        100,
        Encoding::Utf8,
    );
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(r[0].2.as_deref().unwrap().starts_with("unbalanced quote"));
    assert_eq!(r[1].1, "fine");
    assert_eq!(r[2].1, "also fine");
    // A quote that closes later but leaves a row of the wrong width.
    let r = rows(
        b"id,description,hs_code\n1,\"open,8505\n2,fine\",x,y,z\n3,ok,1\n",
        100,
        Encoding::Utf8,
    );
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(
        r[0].2
            .as_deref()
            .unwrap()
            .contains("leaves a row of 5 fields, not 3")
    );
    assert!(r[1].2.as_deref().unwrap().contains("has 5 fields"));
    assert_eq!(r[2].1, "ok");
}

#[test]
fn long_lines_are_error_rows() {
    let r = rows(
        b"id,description\n1,short\n2,this one is long\n3,ok\n",
        16,
        Encoding::Utf8,
    );
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].1, "short");
    assert_eq!(
        r[1].2.as_deref(),
        Some("line 3 is 18 bytes long, more than --max-row-bytes 16; skipped")
    );
    assert_eq!(r[2].1, "ok");
}

#[test]
fn encodings() {
    assert_eq!(
        Encoding::Windows1252.decode(b"caf\xe9 \x93x\x94").unwrap(),
        "café “x”"
    );
    assert_eq!(Encoding::Latin1.decode(b"caf\xe9").unwrap(), "café");
    let e = Encoding::Latin1.decode(b"\x93x").unwrap_err();
    assert_eq!((e.what.as_str(), e.at), ("Latin-1 control code 0x93", 0));
    let e = Encoding::Windows1252.decode("café".as_bytes()).unwrap_err();
    assert_eq!(
        (e.what.as_str(), e.at),
        ("UTF-8 text, not Windows-1252,", 3)
    );
    let e = Encoding::Windows1252.decode(b"a\x81").unwrap_err();
    assert_eq!(e.what, "byte 0x81, undefined in Windows-1252,");
    let e = Encoding::Utf8.decode(b"caf\xe9").unwrap_err();
    assert_eq!((e.what.as_str(), e.at), ("invalid UTF-8", 3));
}

/// All fields of all records, as our reader splits them.
fn our_fields(input: &[u8], cols: usize) -> Vec<Vec<String>> {
    let lines = Lines::new(io::Cursor::new(input.to_vec()), 1 << 20);
    let columns = Columns {
        description: vec!["c0".into()],
        hs: None,
        hs_explicit: false,
        id: "id".into(),
        scheme: "scheme".into(),
        default_scheme: None,
    };
    let mut r = CsvRows::new(lines, Some(b','), Some(b'"'), columns, Encoding::Utf8).unwrap();
    assert_eq!(r.header_len, Some(cols));
    let mut out = Vec::new();
    loop {
        match r.record().unwrap() {
            Record::Eof => return out,
            Record::Bad(line, e) => panic!("line {line}: {e}"),
            Record::Fields(_) => out.push(
                (0..r.ends.len())
                    .map(|i| String::from_utf8(r.field_bytes(i).to_vec()).unwrap())
                    .collect(),
            ),
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// On well-formed CSV (any mix of delimiters, quotes, line breaks,
    /// CJK inside quoted fields; LF or CRLF) our reader splits exactly
    /// as the `csv` crate does.
    #[test]
    fn splits_like_the_csv_crate(
        cols in 1usize..5,
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["a", "b c", ",", "\"", "\n", "\r\n", " ", "日本", ";", "\t"]),
                    0..4,
                ),
                4,
            ),
            0..8,
        ),
        crlf in proptest::bool::ANY,
        quote_all in proptest::bool::ANY,
    ) {
        let term = if crlf { "\r\n" } else { "\n" };
        let mut text = (0..cols).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        text.push_str(term);
        for row in &rows {
            let fields: Vec<String> = row[..cols]
                .iter()
                .map(|parts| {
                    let f = parts.concat();
                    if quote_all || f.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", f.replace('"', "\"\""))
                    } else {
                        f
                    }
                })
                .collect();
            text.push_str(&fields.join(","));
            text.push_str(term);
        }
        let theirs: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        proptest::prop_assert_eq!(our_fields(text.as_bytes(), cols), theirs);
    }
}

/// A line limit of `usize::MAX` does not overflow (`max + 2` used to
/// panic in debug builds and wrap in release, making every row too long).
#[test]
fn huge_line_limit_does_not_overflow() {
    let mut lines = Lines::new(io::Cursor::new(b"abc\r\ndef".to_vec()), usize::MAX);
    assert!(matches!(lines.next().unwrap(), Some((1, Line::Text(t))) if t == b"abc\r\n"));
    assert!(matches!(lines.next().unwrap(), Some((2, Line::Text(t))) if t == b"def"));
    assert!(lines.next().unwrap().is_none());
}

/// A recycled line buffer holds the next line only, whatever the lengths;
/// one over the bound is not kept.
#[test]
fn recycled_line_buffers_hold_the_next_line_only() {
    let long = "x".repeat(100 << 10);
    let input = format!("{long}\nabcdef\nab\n\nlast");
    let mut lines = Lines::new(io::Cursor::new(input.into_bytes()), 1 << 20);
    let mut got = Vec::new();
    while let Some((n, l)) = lines.next().unwrap() {
        let Line::Text(t) = l else { panic!("too long") };
        got.push((n, t.len(), t.starts_with(b"x")));
        if n == 1 {
            // 100 KiB: over the bound, dropped rather than kept.
            lines.recycle(t);
            assert_eq!(lines.spare.capacity(), 0);
        } else {
            lines.recycle(t);
            assert!(lines.spare.capacity() > 0);
        }
    }
    assert_eq!(
        got,
        [
            (1, (100 << 10) + 1, true),
            (2, 7, false),
            (3, 3, false),
            (4, 1, false),
            (5, 4, false)
        ]
    );
    let mut lines = Lines::new(io::Cursor::new(b"abcdef\nab\n".to_vec()), 1 << 20);
    let Some((_, Line::Text(first))) = lines.next().unwrap() else {
        panic!()
    };
    lines.recycle(first);
    assert!(matches!(lines.next().unwrap(), Some((2, Line::Text(t))) if t == b"ab\n"));
}

/// All lines of `input` read through a buffer of `cap` bytes.
fn all_lines(input: &[u8], cap: usize) -> Vec<Vec<u8>> {
    let reader = io::BufReader::with_capacity(cap, io::Cursor::new(input.to_vec()));
    let mut lines = Lines::new(reader, 1 << 20);
    let mut out = Vec::new();
    while let Some((_, l)) = lines.next().unwrap() {
        match l {
            Line::Text(t) => out.push(t),
            Line::TooLong(_) => panic!("too long"),
        }
    }
    out
}

/// A bare `\r` ends a line (classic Mac OS), `\r\n` is one line end even
/// when a buffer boundary falls between `\r` and `\n`.
#[test]
fn bare_cr_ends_a_line_and_crlf_stays_one() {
    let input = b"a\rb\r\nc\nd\r\re\r";
    let want: Vec<&[u8]> = vec![b"a\r", b"b\r\n", b"c\n", b"d\r", b"\r", b"e\r"];
    for cap in 1..=input.len() + 1 {
        assert_eq!(all_lines(input, cap), want, "buffer of {cap} bytes");
    }
    // A bare `\r` inside a quoted field stays in the field.
    let r = rows(
        b"id,description\r1,\"two\rlines\"\r2,x\r",
        100,
        Encoding::Utf8,
    );
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0].1, "two\rlines");
    assert_eq!(r[1].1, "x");
}

/// What a JSON line gave when it was read into a `serde_json::Value` and
/// picked from (the reader before the streaming visitor): the reference
/// the visitor must equal.
fn jsonl_by_value(line: &str, cols: &Columns) -> Row {
    let mut row = Row {
        number: 1,
        ..Row::default()
    };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            row.error = Some(format!("malformed JSON: {e}"));
            return row;
        }
    };
    let Some(obj) = value.as_object() else {
        row.error = Some("malformed JSON: the line is not an object".into());
        return row;
    };
    let text = |key: &str| -> Option<String> {
        match obj.get(key)? {
            serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    row.id = text(&cols.id);
    row.hs = cols.hs.as_deref().and_then(text);
    row.scheme = text(&cols.scheme).or_else(|| cols.default_scheme.clone());
    if ORDER_COLUMNS.iter().any(|k| obj.contains_key(*k)) {
        row.order = Some(ORDER_COLUMNS.map(text));
    }
    let parts: Vec<String> = cols.description.iter().filter_map(|k| text(k)).collect();
    row.description = parts.join(" ");
    if row.description.is_empty() {
        row.error = Some(format!(
            "missing description (key `{}`)",
            cols.description.join("`, `")
        ));
    }
    row
}

fn jsonl_cols() -> Columns {
    Columns {
        description: vec!["description".into(), "name".into()],
        hs: Some("hs_code".into()),
        hs_explicit: false,
        id: "id".into(),
        scheme: "scheme".into(),
        default_scheme: Some("CN".into()),
    }
}

fn jsonl_row(line: &str) -> Row {
    let lines = Lines::new(io::Cursor::new(line.as_bytes().to_vec()), 1 << 20);
    let rows = super::jsonl::JsonlRows::new(lines, jsonl_cols(), Encoding::Utf8);
    rows.into_iter().next().unwrap().unwrap()
}

fn same_row(a: &Row, b: &Row) -> bool {
    (
        a.number,
        &a.id,
        &a.description,
        &a.hs,
        &a.scheme,
        &a.order,
        &a.error,
    ) == (
        b.number,
        &b.id,
        &b.description,
        &b.hs,
        &b.scheme,
        &b.order,
        &b.error,
    )
}

#[test]
fn jsonl_visitor_reads_what_value_read() {
    for line in [
        r#"{"id":"SKU-1","description":"Dysprosium oxide","hs_code":"2846.90"}"#,
        r#"{"id":7,"description":"  gallium  ","name":"ingot","hs_code":2846.9,"x":[1,{"a":null}]}"#,
        r#"{"description":"a","description":"b","destination":null}"#,
        r#"{"description":"\u00e9\"x","consignee":"Acme","end_use":{"k":1}}"#,
        r#"{"id":-3,"description":1e3,"scheme":"US","origin":"CN","extra":true}"#,
        r#"{"id":"x"}"#,
        r#"{"description":"a"} trailing"#,
        r#"{"description":"a","#,
        r#"[1,2]"#,
        r#""just a string""#,
        r#"{"description":"a","id":18446744073709551615,"hs_code":-0.0}"#,
    ] {
        let (ours, theirs) = (jsonl_row(line), jsonl_by_value(line, &jsonl_cols()));
        assert!(
            same_row(&ours, &theirs),
            "{line}\nours: {:?} {:?} {:?}\ntheirs: {:?} {:?} {:?}",
            ours.description,
            ours.order,
            ours.error,
            theirs.description,
            theirs.order,
            theirs.error
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]

    /// On any object of wanted and unwanted keys, with strings, numbers,
    /// nulls, booleans, arrays and nested objects as values (duplicates
    /// included), the streaming reader returns what the `Value` route did.
    #[test]
    fn jsonl_visitor_equals_value_route(
        entries in proptest::collection::vec(
            (
                proptest::sample::select(vec!["id", "description", "name", "hs_code", "scheme",
                    "destination", "consignee", "end_user", "end_use", "origin", "other", "dés\"c"]),
                proptest::sample::select(vec!["\"a b\"", "\"  \"", "\"日本\\u0041\"", "12", "-4.5e2",
                    "null", "true", "[1,\"x\",[]]", "{\"id\":\"in\"}", "\"\\\"q\\\"\"", "0.1"]),
            ),
            0..8,
        ),
    ) {
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
            .collect();
        let line = format!("{{{}}}", body.join(","));
        let (ours, theirs) = (jsonl_row(&line), jsonl_by_value(&line, &jsonl_cols()));
        proptest::prop_assert!(same_row(&ours, &theirs), "{}", line);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]

    /// Lines the reader takes without serde (flat objects of plain
    /// strings, spaces between tokens) and their near misses (a tab, an
    /// escape, a number, a missing comma or brace, trailing text) read as
    /// the `Value` route read them.
    #[test]
    fn jsonl_flat_lines_equal_value_route(
        entries in proptest::collection::vec(
            (
                proptest::sample::select(vec!["id", "description", "name", "hs_code", "scheme",
                    "destination", "consignee", "end_user", "end_use", "origin", "other", "日本"]),
                proptest::sample::select(vec!["a b", "  ", "", "日本 語", " x ", "{}", "[1]", ":,", "é\u{1F600}"]),
            ),
            0..8,
        ),
        space in proptest::sample::select(vec!["", " ", "  "]),
        breaker in proptest::sample::select(vec!["", "", "", "\t", "\\n", "7", ",", "}", "x", "\"", "{"]),
        at in 0usize..200,
    ) {
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("\"{k}\"{space}:{space}\"{v}\""))
            .collect();
        let mut line = format!("{{{space}{}{space}}}", body.join(&format!("{space},{space}")));
        // Break the line at a char boundary, or not at all.
        let cut = line.char_indices().map(|(i, _)| i).nth(at % (line.chars().count() + 1));
        if let Some(cut) = cut {
            line.insert_str(cut, breaker);
        }
        let (mut ours, mut theirs) = (jsonl_row(&line), jsonl_by_value(&line, &jsonl_cols()));
        // serde_json places an error in an ignored string (a key nobody
        // reads) one column off where it places it in a parsed one; the
        // error itself is the same.
        for r in [&mut ours, &mut theirs] {
            if let Some(e) = &mut r.error {
                e.truncate(e.find(" at line ").unwrap_or(e.len()));
            }
        }
        proptest::prop_assert!(
            same_row(&ours, &theirs),
            "{}\nours: {:?}\ntheirs: {:?}",
            line,
            (&ours.id, &ours.description, &ours.order, &ours.error),
            (&theirs.id, &theirs.description, &theirs.order, &theirs.error)
        );
    }
}

proptest::proptest! {
    /// The eight-at-a-time test for control characters and backslashes
    /// says what a byte-by-byte test says, wherever the byte sits.
    #[test]
    fn control_or_backslash_test_is_exact(
        bytes in proptest::collection::vec(
            proptest::sample::select(vec![0u8, 0x1f, 0x20, b'\\', b'[', b']', b'"', 0x7f, 0x80, 0xdc, 0xff, b'a']),
            0..40,
        ),
    ) {
        let naive = bytes.iter().any(|&c| c < 0x20 || c == b'\\');
        proptest::prop_assert_eq!(super::jsonl::has_control_or_backslash(&bytes), naive);
    }
}
