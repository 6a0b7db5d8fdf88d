//! `dualuse screen` on awkward input: dialects, encodings, broken rows,
//! output formats, summaries, signals. Exact output is asserted.

mod common;
use common::{RULES, changed_re_rules, diff_args, dualuse as run, read_stderr, spawn};
use proptest::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output};

/// Runs `screen` on `file` (or stdin for `-`).
fn screen_file(extra: &[&str], file: &str, stdin: &[u8]) -> Output {
    let mut args = vec!["screen"];
    args.extend_from_slice(RULES);
    args.extend_from_slice(extra);
    args.push(file);
    run(&args, stdin)
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Each record as `row id error [rules…]`, for compact exact comparison.
fn brief(out: &Output) -> Vec<String> {
    records(out)
        .iter()
        .map(|r| {
            let rules: Vec<&str> = r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["rule"].as_str().unwrap())
                .collect();
            format!(
                "{} {} {} [{}]",
                r["row"],
                r["id"].as_str().unwrap_or("-"),
                r["error"].as_str().unwrap_or("ok"),
                rules.join(" ")
            )
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Start of the first hit's first term or pattern span.
fn first_start(out: &Output) -> u64 {
    records(out)[0]["hits"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "term" || e["kind"] == "pattern")
        .expect("a term or pattern")["start"]
        .as_u64()
        .unwrap()
}

#[test]
fn mixed_good_and_bad_rows_give_one_record_each_in_order() {
    let mut input = b"id,description,hs_code\n".to_vec();
    input.extend_from_slice(b"M1,SmCo magnet,8505.11\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(b"M2,caf\xe9 bolt,7318\n");
    input.extend_from_slice(b"M3,,8505.11\n");
    input.extend_from_slice(format!("M4,{},\n", "x".repeat(300)).as_bytes());
    input.extend_from_slice(b"M5,\"NdFeB, \"\"N52\"\" disc\",8505.11\n");
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(b"M6,\"open quote,8505\n");
    input.extend_from_slice(b"M7,NdFeB block,\n");
    input.extend_from_slice(b"M8,\"two-line\nSmCo magnet\",8505.11\n");
    input.extend_from_slice(b"M11,a,b,c,d\n");
    input.extend_from_slice(b"M9,\"never closed,8505\n");
    input.extend_from_slice(b"M10,SmCo magnet,\n");
    let out = screen_file(&["--max-row-bytes", "200"], "-", &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        brief(&out),
        [
            "1 M1 ok [CN-1C902.a.4 RE-MAG-NDFEB]",
            "2 M2 invalid UTF-8 in column `description` at byte 3 (line 4); if the file is Windows-1252 or Latin-1, use --encoding windows-1252 or --encoding latin1 []",
            "3 M3 missing description (column `description`) []",
            "4 - line 6 is 304 bytes long, more than --max-row-bytes 200; skipped []",
            "5 M5 ok [CN-1C902.a.4 RE-MAG-NDFEB]",
            "6 M6 unbalanced quote: the quoted field opened on line 9 closes on line 11 but leaves a row of 2 fields, not 3; line 9 is taken as this row alone and reading resumes on line 10 []",
            "7 M7 ok [RE-MAG-NDFEB]",
            "8 M8 ok [CN-1C902.a.4 RE-MAG-NDFEB]",
            "9 M11 line 13 has 5 fields but the header has 3; a field that contains the delimiter must be quoted []",
            "10 M9 unbalanced quote: the quoted field opened on line 14 never closes; line 14 is taken as this row alone and reading resumes on line 15 []",
            "11 M10 ok [CN-1C902.a.4]",
        ]
    );
    assert_eq!(
        stderr(&out),
        "dualuse: screened 11 rows: 11 records written, 5 with hits, 6 with errors\n"
    );
    // The quoted field keeps its line break; the span points into it.
    let recs = records(&out);
    assert_eq!(recs[7]["hits"][0]["evidence"][0]["start"], 9);
}

#[test]
fn delimiters_are_detected_from_the_header() {
    for (sep, name) in [
        (";", "semicolon"),
        ("\t", "tab"),
        ("|", "pipe"),
        (",", "comma"),
    ] {
        let input = format!(
            "id{sep}description{sep}hs_code\nD1{sep}\"SmCo magnet{sep} ring, 2 pcs\"{sep}8505.11\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cat.csv");
        std::fs::write(&path, &input).unwrap();
        let out = screen_file(&[], path.to_str().unwrap(), b"");
        assert_eq!(
            brief(&out),
            ["1 D1 ok [CN-1C902.a.4 RE-MAG-NDFEB]"],
            "{name}: {}",
            stderr(&out)
        );
        assert_eq!(records(&out)[0]["hits"][0]["confidence"], "confirmed");
    }
}

#[test]
fn delimiter_and_quote_flags() {
    // Forced delimiter: as many commas as semicolons in the header, so
    // detection settles on the comma.
    let input = b"id;description,long;hs_code,cn\n1;SmCo magnet, ring;8505.11\n";
    let out = screen_file(&[], "-", input);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "the header has no column `description` (columns: id;description, long;hs_code, cn; delimiter `,`)"
        ),
        "{}",
        stderr(&out)
    );
    let out = screen_file(
        &["--delimiter", ";", "--description-col", "description,long"],
        "-",
        input,
    );
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    let out = screen_file(
        &["--delimiter", "\\t"],
        "-",
        b"id\tdescription\n1\tSmCo, magnet\n",
    );
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    let out = screen_file(&["--delimiter", ";;"], "-", input);
    assert_eq!(out.status.code(), Some(2));
    // Another quote character.
    let out = screen_file(
        &["--quote", "'"],
        "-",
        b"id,description\n1,'SmCo, magnet'\n",
    );
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    // Quoting off: a leading quote is text.
    let input = b"id\tdescription\n1\t\"Sm\" grade SmCo magnet\n";
    let quoted = screen_file(&["--format", "tsv"], "-", input);
    let plain = screen_file(&["--format", "tsv", "--quote", "none"], "-", input);
    assert_eq!(first_start(&quoted), 9);
    assert_eq!(first_start(&plain), 11);
}

#[test]
fn several_description_columns_are_joined() {
    let input = b"id,name,details\n1,Magnet,SmCo ring\n2,,SmCo ring\n3,,\n";
    let out = screen_file(
        &["--description-col", "name", "--description-col", "details"],
        "-",
        input,
    );
    assert_eq!(
        brief(&out),
        [
            "1 1 ok [CN-1C902.a.4]",
            "2 2 ok [CN-1C902.a.4]",
            "3 3 missing description (column `name`, `details`) []",
        ]
    );
    assert_eq!(first_start(&out), "Magnet ".len() as u64);
    let jsonl = b"{\"id\":\"j\",\"name\":\"Magnet\",\"details\":\"SmCo ring\"}\n";
    let out = screen_file(
        &["--description-col", "name", "--description-col", "details"],
        "-",
        jsonl,
    );
    assert_eq!(brief(&out), ["1 j ok [CN-1C902.a.4]"]);
    assert_eq!(first_start(&out), 7);
}

#[test]
fn bom_crlf_and_gzip() {
    let out = screen_file(
        &[],
        "-",
        b"\xEF\xBB\xBFid,description\r\n1,SmCo magnet\r\n\r\n",
    );
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cat.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"id;description\n1;SmCo magnet\n2;bolt\n")
        .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let out = screen_file(&[], path.to_str().unwrap(), b"");
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]", "2 2 ok []"]);
}

#[test]
fn jsonl_with_bom_is_sniffed() {
    let out = screen_file(
        &[],
        "-",
        b"\xEF\xBB\xBF{\"id\":\"b\",\"description\":\"SmCo magnet\"}\n",
    );
    assert_eq!(brief(&out), ["1 b ok [CN-1C902.a.4]"]);
}

#[test]
fn a_read_error_keeps_the_rows_before_it_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut plain = String::from("id,description\n");
    for i in 0..5000 {
        plain.push_str(&format!("{i},SmCo magnet lot {}\n", i * 7919 % 10007));
    }
    gz.write_all(plain.as_bytes()).unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let out = screen_file(&["--batch-size", "100"], path.to_str().unwrap(), b"");
    assert_eq!(out.status.code(), Some(2));
    let recs = records(&out);
    assert!(!recs.is_empty() && recs.len() < 5000, "{}", recs.len());
    let n = recs.len();
    assert_eq!(recs[n - 1]["row"], n as u64);
    let err = stderr(&out);
    // The decoder's own words follow; they are flate2's, not ours.
    assert!(
        err.starts_with(&format!(
            "dualuse: screened {n} rows: {n} records written, {n} with hits, 0 with errors\n\
             dualuse: reading stopped after row {n}: cannot read input: "
        )),
        "{err}"
    );
}

#[test]
fn encodings_decode_or_say_why_not() {
    let cp1252 = b"id,description\n1,\x93SmCo\x94 magnet caf\xe9\n";
    let out = screen_file(&[], "-", cp1252);
    assert_eq!(
        brief(&out),
        [
            "1 1 invalid UTF-8 in column `description` at byte 0 (line 2); if the file is Windows-1252 or Latin-1, use --encoding windows-1252 or --encoding latin1 []"
        ]
    );
    let out = screen_file(&["--encoding", "windows-1252"], "-", cp1252);
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    assert_eq!(first_start(&out), "“".len() as u64);
    let out = screen_file(&["--encoding", "latin1"], "-", cp1252);
    assert_eq!(
        brief(&out),
        [
            "1 1 Latin-1 control code 0x93 in column `description` at byte 0 (line 2); the file is probably Windows-1252: use --encoding windows-1252 []"
        ]
    );
    let latin1 = b"id,description\n1,caf\xe9 SmCo magnet\n";
    let out = screen_file(&["--encoding", "latin1"], "-", latin1);
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
    assert_eq!(first_start(&out), "café ".len() as u64);
    // A UTF-8 file declared Windows-1252 would turn into mojibake: refused.
    let out = screen_file(
        &["--encoding", "windows-1252"],
        "-",
        "id,description\n1,café SmCo magnet\n2,SmCo magnet\n".as_bytes(),
    );
    assert_eq!(
        brief(&out),
        [
            "1 1 UTF-8 text, not Windows-1252, in column `description` at byte 3 (line 2); the file is probably UTF-8: drop --encoding []",
            "2 2 ok [CN-1C902.a.4]",
        ]
    );
    // JSON lines too.
    let out = screen_file(
        &["--encoding", "windows-1252", "--format", "jsonl"],
        "-",
        b"{\"id\":\"1\",\"description\":\"\x93SmCo\x94 magnet\"}\n",
    );
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]"]);
}

#[test]
fn over_long_jsonl_line_is_an_error_row() {
    let input = format!(
        "{{\"description\":\"SmCo magnet\"}}\n{{\"description\":\"{}\"}}\n{{\"description\":\"NdFeB\"}}\n",
        "y".repeat(100)
    );
    let out = screen_file(&["--max-row-bytes", "64"], "-", input.as_bytes());
    assert_eq!(
        brief(&out),
        [
            "1 - ok [CN-1C902.a.4]",
            "2 - line 2 is 118 bytes long, more than --max-row-bytes 64; skipped []",
            "3 - ok [RE-MAG-NDFEB]",
        ]
    );
}

#[test]
fn csv_output_one_line_per_hit() {
    let input = b"id,description,hs_code\n1,\"SmCo magnet, ring\",8505.11\n2,bolt,\n3,,\n4,Sm2Co17 magnet,85x5\n";
    let out = screen_file(&["--output", "csv"], "-", input);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let re = regex::Regex::new(r"sha256:[0-9a-f]{64}").unwrap();
    assert_eq!(
        re.replace_all(&text, "FP"),
        "row,id,rule,ruleset,regime,control_code,category,confidence,hs_prefix,hs_relation,terms,error,fingerprint\n\
         1,1,CN-1C902.a.4,cn-test,CN,1C902.a.4,dual-use,confirmed,8505.11,within,smco,,FP\n\
         1,1,RE-MAG-NDFEB,re-test,RE,,rare-earth-dependent,hs,8505.11,within,,,FP\n\
         2,2,,,,,,,,,,,FP\n\
         3,3,,,,,,,,,,missing description (column `description`),FP\n\
         4,4,CN-1C902.a.4,cn-test,CN,1C902.a.4,dual-use,text,,,Sm2Co17,\"HS code `85x5` has the character `x`; only digits, `.`, `-` and spaces are allowed\",FP\n"
    );
    let out = screen_file(&["--output", "csv", "--hits-only"], "-", input);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().map(|l| &l[..2]).collect::<Vec<_>>(),
        ["ro", "1,", "1,", "3,", "4,"]
    );
}

#[test]
fn summary_on_stderr_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("summary.json");
    let input = b"id,description,hs_code\n1,SmCo magnet,8505.11\n2,NdFeB block,\n3,,\n4,bolt,\n";
    let out = screen_file(
        &["--summary", "--summary-json", json.to_str().unwrap()],
        "-",
        input,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "dualuse: screened 4 rows: 4 records written, 2 with hits, 1 with errors\n\
         summary: 3 hits\n  by regime:\n           1  CN\n           2  RE\n\
         \x20 by control code:\n           1  CN 1C902.a.4\n           2  RE RE-MAG-NDFEB\n\
         \x20 by confidence:\n           1  confirmed\n           1  hs\n           1  text\n\
         \x20 error rows: 1\n    row 3: missing description (column `description`)\n"
    );
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(s["rows"], 4);
    assert_eq!(s["records"], 4);
    assert_eq!(s["rows_with_hits"], 2);
    assert_eq!(s["error_rows"], 1);
    assert_eq!(s["regimes"], serde_json::json!({"CN": 1, "RE": 2}));
    assert_eq!(
        s["control_codes"],
        serde_json::json!({"CN 1C902.a.4": 1, "RE RE-MAG-NDFEB": 2})
    );
    assert_eq!(
        s["confidence"],
        serde_json::json!({"confirmed": 1, "hs": 1, "text": 1})
    );
    assert_eq!(
        s["errors"],
        serde_json::json!([{"row": 3, "error": "missing description (column `description`)"}])
    );
    assert_eq!(s["as_of"], "2026-11-28");
}

#[test]
fn quiet_and_no_progress_bar_when_stderr_is_not_a_terminal() {
    let input = b"id,description\n1,SmCo magnet\n";
    let out = screen_file(&["--quiet"], "-", input);
    assert_eq!(stderr(&out), "");
    assert_eq!(records(&out).len(), 1);
    let out = screen_file(&[], "-", input);
    assert_eq!(
        stderr(&out),
        "dualuse: screened 1 rows: 1 records written, 1 with hits, 0 with errors\n"
    );
    let out = screen_file(
        &["--hits-only"],
        "-",
        b"id,description\n1,SmCo magnet\n2,bolt\n",
    );
    assert_eq!(
        stderr(&out),
        "dualuse: screened 2 rows: 1 records written, 1 with hits, 0 with errors\n"
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut input = String::from("id,description\n");
    for i in 0..20_000 {
        input.push_str(&format!("{i},SmCo magnet #{i}\n"));
    }
    let mut child = spawn(&[
        "screen",
        "--rules",
        "tests/data/rules",
        "--as-of",
        "2026-11-28",
        "-",
    ]);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.starts_with("{\"row\":1,"));
    drop(stdout);
    let err = read_stderr(&mut child);
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(err, "");
}

#[cfg(unix)]
#[test]
fn ctrl_c_flushes_what_was_screened_and_exits_130() {
    let mut child = spawn(&[
        "screen",
        "--rules",
        "tests/data/rules",
        "--as-of",
        "2026-11-28",
        "--batch-size",
        "1",
        "-",
    ]);
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"id,description\n1,SmCo magnet\n2,bolt\n3,NdFeB\n")
        .unwrap();
    stdin.flush().unwrap();
    // Records reach the pipe while the input is still open.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        lines.push(line);
    }
    assert!(lines[2].starts_with("{\"row\":3,"), "{lines:?}");
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let err = read_stderr(&mut child);
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{err}");
    assert_eq!(rest, "");
    assert_eq!(
        err,
        "dualuse: interrupted after 3 rows (3 rows: 3 records written, 2 with hits, 0 with errors)\n"
    );
}

#[test]
fn diff_table_output() {
    let (_dir, new) = changed_re_rules();
    let input = b"id,description,hs_code\n1,NdFeB disc,8505.11\n2,NdFeB block,8505.11\n3,,\n";
    let out = run(&diff_args(&new, &["--output", "table", "-"]), input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let re = regex::Regex::new(r"sha256:[0-9a-f]{64}").unwrap();
    assert_eq!(
        re.replace_all(&text, "FP"),
        "    row  id              changes (+ added, - removed, ~ confidence)\n\
         \x20     1  1               ~ RE-MAG-NDFEB confirmed -> hs\n\
         \x20     3  3               error: missing description (column `description`)\n\
         \n\
         1 of 3 rows change: 0 hits added, 0 removed, 1 changed confidence; 1 rows could not be read (old FP, new FP)\n"
    );
    assert_eq!(stderr(&out), "");
    // The same as JSON lines: unreadable rows are reported, not dropped.
    let out = run(&diff_args(&new, &["-"]), input);
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "{\"row\":1,\"id\":\"1\",\"description\":\"NdFeB disc\",\"added\":[],\"removed\":[],\"changed\":[{\"rule\":\"RE-MAG-NDFEB\",\"old\":\"confirmed\",\"new\":\"hs\"}],\"error\":null}\n\
         {\"row\":3,\"id\":\"3\",\"description\":\"\",\"added\":[],\"removed\":[],\"changed\":[],\"error\":\"missing description (column `description`)\"}\n"
    );
    assert!(
        re.replace_all(&stderr(&out), "FP")
            == "dualuse diff: 1 of 3 rows change: 0 hits added, 0 removed, 1 changed confidence; 1 rows could not be read (old FP, new FP)\n",
        "{}",
        stderr(&out)
    );
}

/// A random catalog line: descriptions with commas, quotes, CJK, line
/// breaks; random HS codes.
fn catalog() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "SmCo",
        "magnet",
        "NdFeB",
        "氧化镝",
        "ring",
        "bolt",
        "\"N52\"",
        "a,b",
        "サマリウム",
        "ferrite",
        "samarium-free",
        "disc",
        "Dy2O3",
        "粉末",
        "\n",
        "",
        "8505",
    ]);
    let desc = prop::collection::vec(word, 0..6).prop_map(|w| w.join(" "));
    let hs = prop::option::of("[0-9]{2,10}");
    let row = (desc, hs);
    prop::collection::vec(row, 0..40).prop_map(|rows| {
        let mut s = String::from("id,description,hs_code\n");
        for (i, (d, hs)) in rows.into_iter().enumerate() {
            let d = d.replace('"', "\"\"");
            s.push_str(&format!("R{i},\"{d}\",{}\n", hs.unwrap_or_default()));
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn threads_give_byte_identical_output(input in catalog()) {
        let one = screen_file(&["--threads", "1", "--batch-size", "3"], "-", input.as_bytes());
        let two = screen_file(&["--threads", "2", "--batch-size", "5"], "-", input.as_bytes());
        prop_assert_eq!(one.status.code(), Some(0));
        prop_assert_eq!(&one.stdout, &two.stdout);
        let rows = input.matches("\nR").count();
        prop_assert_eq!(records(&one).len(), rows);
        let csv1 = screen_file(&["--threads", "1", "--output", "csv"], "-", input.as_bytes());
        let csv2 = screen_file(&["--threads", "2", "--output", "csv"], "-", input.as_bytes());
        prop_assert_eq!(csv1.stdout, csv2.stdout);
    }
}

/// A slow producer (a pipe, `tail -f`): the record of a row comes back
/// while stdin is still open, not after 2,048 rows or the end of input.
#[test]
fn slow_producer_gets_records_before_end_of_input() {
    let mut args = vec!["screen"];
    args.extend_from_slice(RULES);
    args.push("-");
    let mut child = spawn(&args);
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"id,description,hs_code\nA1,NdFeB magnet,8505.11\n")
        .unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a record within 10 s while stdin is open");
    assert!(line.starts_with("{\"row\":1,\"id\":\"A1\""), "{line}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// Old Mac line ends (`\r` only): every row is a row. This file used to
/// give zero records and exit 0 (the whole file read as the header line),
/// and a lone `\r` in a LF file merged two rows into one record.
#[test]
fn classic_mac_line_ends_lose_no_row() {
    let out = screen_file(
        &[],
        "-",
        b"id,description,hs_code\rA1,NdFeB magnet,8505.11\rA2,ferrite magnet,8505.19\rA3,copper wire,\r",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        brief(&out),
        [
            "1 A1 ok [CN-1C902.a.4 RE-MAG-NDFEB]",
            "2 A2 ok []",
            "3 A3 ok []"
        ]
    );
    let out = screen_file(
        &[],
        "-",
        b"id,description\nA1,NdFeB magnet\rA2,copper wire\nA3,ferrite magnet\n",
    );
    assert_eq!(
        brief(&out),
        ["1 A1 ok [RE-MAG-NDFEB]", "2 A2 ok []", "3 A3 ok []"]
    );
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// A damaged gzip file: the deflate stream decompressed to garbage rows
/// that were screened and written as normal records, and the checksum
/// error came only at the end (exit 2 after 199,858 records of 200,000 in
/// the report). Now the file is checked first and nothing is written.
#[test]
fn damaged_gzip_writes_no_garbage_record() {
    let mut plain = String::from("id,description,hs_code\n");
    for i in 0..20000 {
        plain.push_str(&format!("S{i},samarium cobalt magnet number {i},8505.11\n"));
    }
    let mut bytes = gzip(plain.as_bytes());
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 40] {
        *b ^= 0x55;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv.gz");
    std::fs::write(&path, &bytes).unwrap();
    let out = screen_file(&[], path.to_str().unwrap(), b"");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "{} bytes written", out.stdout.len());
    assert!(
        stderr(&out).contains("is a damaged gzip file; nothing was screened"),
        "{}",
        stderr(&out)
    );
    // Through standard input the file cannot be checked first; the error
    // still ends the run with exit 2.
    let out = screen_file(&[], "-", &bytes);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Input is recognised by its first bytes, not only by its name: gzip
/// without `.gz` (a file or stdin) is decompressed; UTF-16, zstd, bzip2
/// and zip give a hint instead of a garbled column list.
#[test]
fn magic_bytes_are_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.csv");
    let gz = gzip(b"id,description\n1,SmCo magnet\n2,bolt\n");
    std::fs::write(&path, &gz).unwrap();
    let out = screen_file(&[], path.to_str().unwrap(), b"");
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]", "2 2 ok []"]);
    let out = screen_file(&[], "-", &gz);
    assert_eq!(brief(&out), ["1 1 ok [CN-1C902.a.4]", "2 2 ok []"]);

    let utf16le: Vec<u8> = "\u{feff}id,description\n1,SmCo magnet\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16be: Vec<u8> = "\u{feff}id,description\n1,SmCo magnet\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let no_bom = &utf16le[2..];
    for (input, says) in [
        (&utf16le[..], "iconv -f UTF-16 -t UTF-8"),
        (&utf16be[..], "iconv -f UTF-16 -t UTF-8"),
        (no_bom, "NUL bytes"),
        (&gzip(&utf16le)[..], "UTF-16"),
        (b"\x28\xb5\x2f\xfd\x00\x00".as_slice(), "zstd -dc"),
        (b"BZh91AY&SY".as_slice(), "bzip2 -dc"),
        (b"PK\x03\x04\x14\x00".as_slice(), "zip archive"),
    ] {
        let out = screen_file(&[], "-", input);
        assert_eq!(out.status.code(), Some(2), "{says}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).contains(says), "{says}: {}", stderr(&out));
    }
}

/// A quote in the header that closes lines later swallowed the rows in
/// between into a column name: rows lost with exit 0. Now an error.
#[test]
fn a_header_spanning_lines_is_an_error() {
    let out = screen_file(
        &[],
        "-",
        b"description,\"note\nNdFeB magnet,a\nbolt,b\"\nferrite magnet,c\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("a quoted name opened on line 1 closes on line 3"),
        "{}",
        stderr(&out)
    );
}

/// On a terminal `screen` shows people what it found: one line per hit
/// (row, id, rule, confidence, matched words, HS prefix) and per
/// unreadable row; rows without hits print nothing. Forced here with
/// `--output human`, as tests have no terminal; piped output stays JSON
/// lines (every other test) and `--json` keeps it so on a terminal.
#[test]
fn human_output_shows_what_was_found() {
    let input = b"id,description,hs_code\nA1,NdFeB magnet ring,8505.11\nA2,copper wire,\nA3,\"Sm2Co17 magnet\n";
    let out = screen_file(&["--output", "human"], "-", input);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        "   row  id              rule                  confidence  matched\n\
         \x20    1  A1              CN-1C902.a.4          hs          HS 8505.11 (within)\n\
         \x20    1  A1              RE-MAG-NDFEB          confirmed   \"NdFeB\", HS 8505.11 (within)\n\
         \x20    3  A3              error: unbalanced quote: the quoted field opened on line 4 never closes; line 4 is taken as this row alone and reading resumes on line 5\n"
    );
    let out = screen_file(&["--json"], "-", input);
    assert_eq!(records(&out).len(), 3);
    let out = screen_file(&["--json", "--output", "csv"], "-", input);
    assert_eq!(out.status.code(), Some(2), "--json and --output conflict");
}

/// With a terminal as stdout (through `script`, where installed) the
/// default is the human table.
#[test]
fn a_terminal_gets_the_human_table() {
    if Command::new("script").arg("--version").output().is_err() {
        return; // no `script`: nothing to drive a terminal with
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.csv");
    std::fs::write(
        &path,
        "id,description,hs_code\nA1,NdFeB magnet ring,8505.11\n",
    )
    .unwrap();
    let cmd = format!(
        "{} screen --rules tests/data/rules --as-of 2026-11-28 {}",
        env!("CARGO_BIN_EXE_dualuse"),
        path.display()
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    if !out.status.success() {
        return; // `script` without a usable pty here
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("   row  id"), "{text}");
    assert!(
        text.contains("RE-MAG-NDFEB          confirmed   \"NdFeB\""),
        "{text}"
    );
    assert!(!text.contains("{\"row\""), "{text}");
}

/// `--hits-only` over rows that span several chunks (a worker maps 64 rows
/// into one buffer, written as slices around the rows left out), hits,
/// misses and unreadable rows mixed: the records kept are exactly the full
/// output's records with hits or errors, byte for byte and in order, with
/// one thread and with two.
#[test]
fn hits_only_keeps_exactly_the_hit_and_error_records_across_chunks() {
    let mut input = String::from("id,description\n");
    for i in 0..500 {
        match i % 7 {
            0 | 3 => input.push_str(&format!("{i},SmCo magnet lot {i}\n")),
            5 => input.push_str(&format!("{i},\n")),
            _ => input.push_str(&format!("{i},steel bolt M{i}\n")),
        }
    }
    for threads in ["1", "2"] {
        let full = screen_file(&["--threads", threads], "-", input.as_bytes());
        let kept = screen_file(
            &["--threads", threads, "--hits-only"],
            "-",
            input.as_bytes(),
        );
        let lines = |out: &Output| -> Vec<String> {
            String::from_utf8(out.stdout.clone())
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect()
        };
        let expected: Vec<String> = lines(&full)
            .into_iter()
            .filter(|l| {
                let r: serde_json::Value = serde_json::from_str(l).unwrap();
                r["hits"].as_array().is_some_and(|h| !h.is_empty()) || !r["error"].is_null()
            })
            .collect();
        assert_eq!(lines(&full).len(), 500, "{threads} threads");
        // 143 rows with hits (i % 7 is 0 or 3) and 71 without a description.
        assert_eq!(expected.len(), 143 + 71, "{threads} threads");
        assert_eq!(lines(&kept), expected, "{threads} threads");
        assert_eq!(
            stderr(&kept),
            "dualuse: screened 500 rows: 214 records written, 143 with hits, 71 with errors\n",
            "{threads} threads"
        );
    }
}
