//! Integration tests of the `dualuse` binary.

mod common;
use common::{RULES, changed_re_rules, diff_args, dualuse, root};
use std::process::Output;

fn screen(extra: &[&str], stdin: &[u8]) -> (Vec<serde_json::Value>, Output) {
    let mut args = vec!["screen"];
    args.extend_from_slice(RULES);
    args.extend_from_slice(extra);
    args.push("-");
    let out = dualuse(&args, stdin);
    let records = String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (records, out)
}

fn rules_hit(r: &serde_json::Value) -> Vec<String> {
    r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn screen_csv_from_stdin() {
    let (recs, out) = screen(
        &[],
        b"id,description,hs_code\nS1,SmCo magnet,8505.11\nS2,hex bolt,7318\n",
    );
    assert!(out.status.success());
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["row"], 1);
    assert_eq!(recs[0]["id"], "S1");
    assert_eq!(rules_hit(&recs[0]), ["CN-1C902.a.4", "RE-MAG-NDFEB"]);
    assert_eq!(recs[0]["hits"][0]["confidence"], "confirmed");
    assert_eq!(
        recs[0]["hits"][0]["evidence"][0],
        serde_json::json!({"kind": "term", "term": "smco", "start": 0, "end": 4})
    );
    assert!(
        recs[0]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert_eq!(recs[1]["hits"], serde_json::json!([]));
    assert_eq!(recs[1]["error"], serde_json::Value::Null);
}

#[test]
fn screen_jsonl_sniffed_from_stdin() {
    let input = "{\"id\":\"J1\",\"description\":\"氧化镝 4N\",\"hs_code\":\"2846901500\",\"scheme\":\"CN\"}\n{\"description\":\"washer\"}\n";
    let (recs, out) = screen(&[], input.as_bytes());
    assert!(out.status.success());
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["hits"][0]["rule"], "CN-1C905.b");
    assert_eq!(recs[0]["hits"][0]["confidence"], "confirmed");
    assert_eq!(
        recs[0]["hits"][0]["evidence"][1],
        serde_json::json!({"kind": "hs", "prefix": "2846.90.15.00", "scheme": "CN", "relation": "within"})
    );
    // The span covers the original (multi-byte) text.
    assert_eq!(recs[0]["hits"][0]["evidence"][0]["end"], "氧化镝".len());
}

#[test]
fn bad_rows_yield_error_records_and_the_rest_go_on() {
    let mut input = b"id,description,hs_code\nR1,SmCo magnet,\nR2,caf\xe9 magnet,8505\nR3,,8505.11\nR4,SmCo magnet,85x5\nR5,NdFeB block,\n".to_vec();
    input.extend_from_slice(b"R6,\"unterminated,8505\n");
    let (recs, out) = screen(&[], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let errors: Vec<_> = recs
        .iter()
        .map(|r| r["error"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        recs.iter()
            .map(|r| r["row"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6]
    );
    assert_eq!(errors[0], "");
    assert!(
        errors[1].starts_with("invalid UTF-8 in column `description` at byte 3"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("missing description"),
        "{}",
        errors[2]
    );
    assert!(errors[3].starts_with("HS code `85x5`"), "{}", errors[3]);
    // A bad HS code still lets the text be classified.
    assert_eq!(rules_hit(&recs[3]), ["CN-1C902.a.4"]);
    assert_eq!(rules_hit(&recs[4]), ["RE-MAG-NDFEB"]);
    assert_eq!(recs[1]["hits"], serde_json::json!([]));
}

#[test]
fn malformed_jsonl_lines_yield_error_records() {
    let input = b"{\"id\":\"a\",\"description\":\"SmCo magnet\"}\n{\"description\": \"caf\xe9\"}\nnot json\n[1]\n\n{\"id\":\"e\",\"description\":\"NdFeB\"}\n";
    let (recs, out) = screen(&["--format", "jsonl"], input);
    assert!(out.status.success());
    assert_eq!(recs.len(), 5, "blank lines are not rows");
    assert_eq!(
        recs[1]["error"],
        "invalid UTF-8 at byte 20 of line 2; if the file is Windows-1252 or Latin-1, use --encoding windows-1252 or --encoding latin1"
    );
    assert!(
        recs[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("malformed JSON")
    );
    assert_eq!(
        recs[3]["error"],
        "malformed JSON: the line is not an object"
    );
    assert_eq!(recs[4]["id"], "e");
    assert_eq!(rules_hit(&recs[4]), ["RE-MAG-NDFEB"]);
}

#[test]
fn empty_input_gives_no_records() {
    let (recs, out) = screen(&["--format", "csv"], b"");
    assert!(out.status.success());
    assert!(recs.is_empty());
    let (recs, out) = screen(&["--format", "jsonl"], b"");
    assert!(out.status.success());
    assert!(recs.is_empty());
}

#[test]
fn header_only_gives_no_records_and_missing_column_is_a_usage_error() {
    let (recs, out) = screen(&[], b"id,description\n");
    assert!(out.status.success());
    assert!(recs.is_empty());
    let (_, out) = screen(&[], b"sku,text\n1,SmCo magnet\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the header has no column `description` (columns: sku, text; delimiter `,`)"),
        "{err}"
    );
    let (recs, out) = screen(
        &["--description-col", "text", "--id-col", "sku"],
        b"sku,text\n1,SmCo magnet\n",
    );
    assert!(out.status.success());
    assert_eq!(recs[0]["id"], "1");
    assert_eq!(rules_hit(&recs[0]), ["CN-1C902.a.4"]);
}

#[test]
fn ten_megabyte_line() {
    let mut desc = "filler ".repeat(10 * 1024 * 1024 / 7);
    desc.push_str("samarium cobalt magnet");
    let input = format!("id,description\nbig,{desc}\nsmall,NdFeB\n");
    let (recs, out) = screen(&[], input.as_bytes());
    assert!(out.status.success());
    assert_eq!(recs.len(), 2);
    let ev = &recs[0]["hits"][0]["evidence"][0];
    assert_eq!(ev["term"], "samarium cobalt");
    assert_eq!(
        ev["start"].as_u64().unwrap() as usize,
        desc.len() - "samarium cobalt magnet".len()
    );
    assert_eq!(rules_hit(&recs[1]), ["RE-MAG-NDFEB"]);
}

#[test]
fn crlf_input() {
    let (recs, out) = screen(
        &[],
        b"id,description,hs_code\r\nC1,SmCo magnet,8505.11\r\nC2,bolt,\r\n",
    );
    assert!(out.status.success());
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["hits"][0]["confidence"], "confirmed");
    assert_eq!(recs[1]["id"], "C2");
    let (recs, _) = screen(
        &["--format", "jsonl"],
        b"{\"description\":\"SmCo magnet\"}\r\n{\"description\":\"bolt\"}\r\n",
    );
    assert_eq!(recs.len(), 2);
    assert_eq!(rules_hit(&recs[0]), ["CN-1C902.a.4"]);
}

#[test]
fn filters_and_fail_on_hit() {
    let input = b"id,description,hs_code\n1,SmCo magnet,8505.11\n2,ferrite magnet samarium-free,8505.11\n3,bolt,\n";
    let (recs, out) = screen(&["--min-confidence", "text"], input);
    assert!(out.status.success());
    assert_eq!(rules_hit(&recs[1]), Vec::<String>::new());
    let (recs, _) = screen(&["--regime", "re"], input);
    assert_eq!(rules_hit(&recs[0]), ["RE-MAG-NDFEB"]);
    let (recs, _) = screen(&["--hits-only"], input);
    assert_eq!(
        recs.iter()
            .map(|r| r["row"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2]
    );
    let (_, out) = screen(&["--fail-on-hit"], input);
    assert_eq!(out.status.code(), Some(1));
    let (_, out) = screen(&["--fail-on-hit"], b"id,description\n1,bolt\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn as_of_respects_suspension_windows() {
    // The test rule set is suspended from 2025-11-07 to 2026-11-10 inclusive.
    for (date, hits) in [
        ("2025-11-06", 1),
        ("2025-11-07", 0),
        ("2026-11-10", 0),
        ("2026-11-11", 1),
    ] {
        let out = dualuse(
            &[
                "screen",
                "--rules",
                "tests/data/rules/cn-test.toml",
                "--as-of",
                date,
                "-",
            ],
            b"description\nSmCo magnet\n",
        );
        let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(rec["hits"].as_array().unwrap().len(), hits, "as of {date}");
    }
}

#[test]
fn threads_give_identical_output() {
    let mut input = String::from("id,description,hs_code\n");
    for i in 0..3000 {
        let d = [
            "SmCo magnet",
            "bolt M6",
            "氧化镝",
            "NdFeB disc",
            "ferrite, samarium-free",
        ][i % 5];
        input.push_str(&format!("{i},{d} #{i},8505.11\n"));
    }
    let one = dualuse(
        &[
            "screen",
            "--rules",
            "tests/data/rules",
            "--as-of",
            "2026-11-28",
            "--threads",
            "1",
            "--batch-size",
            "7",
            "-",
        ],
        input.as_bytes(),
    );
    let two = dualuse(
        &[
            "screen",
            "--rules",
            "tests/data/rules",
            "--as-of",
            "2026-11-28",
            "--threads",
            "2",
            "-",
        ],
        input.as_bytes(),
    );
    assert!(one.status.success() && two.status.success());
    assert_eq!(String::from_utf8_lossy(&one.stdout).lines().count(), 3000);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn explain_shows_evidence_for_a_person() {
    let mut args = vec!["explain"];
    args.extend_from_slice(RULES);
    args.extend_from_slice(&["--hs", "8505.11.00", "Ｓｍ２Ｃｏ１７ ring magnet"]);
    let out = dualuse(&args, b"");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("confirmed CN 1C902.a.4  SmCo magnets  [CN-1C902.a.4]"),
        "{text}"
    );
    assert!(
        text.contains(
            "pattern \"\\\\bsm\\\\s?2\\\\s?co\\\\s?17\\\\b\" at 0..21: \"Ｓｍ２Ｃｏ１７\""
        ),
        "{text}"
    );
    assert!(text.contains("hs 8505.11: item code within"), "{text}");
    assert!(text.contains("applies again since 2026-11-11"), "{text}");
}

#[test]
fn check_reports_positions_and_exit_codes() {
    let out = dualuse(&["check", "--rules", "tests/data/rules"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "2 rule files, 3 rules: 0 errors, 0 warnings\n"
    );
    let out = dualuse(
        &["check", "--rules", "tests/golden/check/unknown-key.toml"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("tests/golden/check/unknown-key.toml:16:1: error: unknown field `colour`")
    );
    let out = dualuse(
        &["check", "--rules", "tests/golden/check/warnings.toml"],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "warnings pass without --strict");
    let out = dualuse(&["check", "--rules", "no/such/dir"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn test_command_passes_and_fails() {
    let out = dualuse(
        &[
            "test",
            "--rules",
            "tests/data/rules",
            "--as-of",
            "2026-11-28",
        ],
        b"",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "7 passed, 0 failed\n");
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join("tests/data/rules/re-test.toml")).unwrap();
    let broken = src
        .replace(
            "text = \"ferrite magnet Y30\"",
            "text = \"NdFeB magnet block\"",
        )
        .replace("confidence = \"confirmed\"", "confidence = \"text\"");
    let path = dir.path().join("re.toml");
    std::fs::write(&path, broken).unwrap();
    let out = dualuse(&["test", "--rules", path.to_str().unwrap()], b"");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.ends_with("0 passed, 2 failed\n"), "{text}");
    assert!(text.contains(": RE-MAG-NDFEB: expected hit (text), hit with confidence confirmed: \"NdFeB N52 disc magnet 10x3 mm\" hs 8505.11.00"), "{text}");
    assert!(
        text.contains(
            ": RE-MAG-NDFEB: expected miss, hit with confidence text: \"NdFeB magnet block\""
        ),
        "{text}"
    );
}

#[test]
fn diff_reports_changed_rows() {
    let (_dir, new) = changed_re_rules();
    let input = b"id,description,hs_code\n1,NdFeB disc,8505.11\n2,NdFeB block,8505.11\n3,bolt,\n";
    let out = dualuse(&diff_args(&new, &["-"]), input);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["row"], 1);
    assert_eq!(
        lines[0]["changed"],
        serde_json::json!([{"rule": "RE-MAG-NDFEB", "old": "confirmed", "new": "hs"}])
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 3 rows change"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dualuse(&["screen"], b"").status.code(), Some(2));
    assert_eq!(
        dualuse(&["screen", "--as-of", "yesterday", "-"], b"")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        dualuse(&["screen", "no-such-file.csv"], b"").status.code(),
        Some(2)
    );
    assert_eq!(dualuse(&["frobnicate"], b"").status.code(), Some(2));
}

/// Sizes from flags are bounded with a clear message: a huge
/// `--batch-size` used to abort the process (a 128 TB allocation), a
/// `--max-row-bytes` of `usize::MAX` overflowed (`max + 2`) and made every
/// row "too long", and `--threads 10000` spent a minute starting threads.
#[test]
fn sizes_from_flags_are_bounded() {
    let input = b"id,description\n1,NdFeB magnet\n";
    for (flag, value, says) in [
        ("--batch-size", "1000000000000", "batch size from 1 to"),
        ("--batch-size", "0", "batch size from 1 to"),
        ("--max-row-bytes", "18446744073709551615", "--max-row-bytes"),
        ("--threads", "10000", "threads from 1 to 1024"),
    ] {
        let mut args = vec!["screen"];
        args.extend_from_slice(RULES);
        args.extend_from_slice(&[flag, value, "-"]);
        let out = dualuse(&args, input);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(err.contains(says), "{flag} {value}: {err}");
        assert!(out.stdout.is_empty());
    }
    // The largest accepted values work, and more threads than 4 per core
    // are capped with a warning.
    let (records, out) = screen(
        &[
            "--max-row-bytes",
            "1073741824",
            "--batch-size",
            "1048576",
            "--threads",
            "1024",
        ],
        input,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["error"], serde_json::Value::Null);
    let err = String::from_utf8_lossy(&out.stderr);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if 1024 > 4 * cores {
        assert!(
            err.contains("--threads 1024 is more than 4 per available core"),
            "{err}"
        );
    }
}

/// `explain` with order flags explains the verdict: a listed subsidiary is
/// prohibited, its unlisted parent only needs a licence, and the reason
/// names the listing and how the name matched.
#[test]
fn explain_gives_the_verdict_of_an_order_line() {
    let run = |consignee: &str| {
        let out = dualuse(
            &[
                "explain",
                "--as-of",
                "2026-11-30",
                "--destination",
                "JP",
                "--consignee",
                consignee,
                "Dysprosium metal 99.9% 1 kg ingot",
            ],
            b"",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = run("MITSUBISHI HEAVY INDUSTRIES AERO ENGINES LTD");
    assert!(listed.contains("verdict: prohibited"), "{listed}");
    assert!(listed.contains("CN-ECL-2026-11-02"), "{listed}");
    assert!(listed.contains("normalized match"), "{listed}");
    let parent = run("Mitsubishi Heavy Industries, Ltd.");
    assert!(parent.contains("verdict: licence-required"), "{parent}");
    assert!(!parent.contains("names a listed party"), "{parent}");
}

/// `diff` reports verdict changes of order lines between two versions of
/// the party lists: without MOFCOM No. 11 of 2026, its listed parties are
/// not prohibited.
#[test]
fn diff_reports_verdict_changes_between_party_lists() {
    let old = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("parties")).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n != "cn-mofcom-2026-11.toml")
            && path.extension().is_some_and(|e| e == "toml")
        {
            std::fs::copy(&path, old.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let old_dir = old.path().to_str().unwrap();
    let out = dualuse(
        &[
            "diff",
            "--old",
            "rules",
            "--new",
            "rules",
            "--old-parties",
            old_dir,
            "--new-parties",
            "parties",
            "--as-of",
            "2026-11-30",
            "examples/orders.csv",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let changes: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let so01 = changes
        .iter()
        .find(|c| c["id"] == "SO-01")
        .expect("SO-01 changes");
    assert_eq!(so01["verdict"]["old"], "licence-required");
    assert_eq!(so01["verdict"]["new"], "prohibited");
    assert!(
        changes.iter().all(|c| c["id"] != "SO-02"),
        "the unlisted parent does not change"
    );
}

/// `--detail ids` writes hits by ids, codes, spans and HS prefix; `dualuse
/// rules --json` holds the rest, under the same fingerprint.
#[test]
fn compact_records_and_the_rules_dump_share_a_fingerprint() {
    let out = dualuse(
        &["screen", "--detail", "ids", "--as-of", "2026-11-28", "-"],
        b"id,description,hs_code\nA,Sm2Co17 permanent magnet ring,8505.11\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hit = rec["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["rule"] == "CN-1C902.a.4")
        .expect("the SmCo hit");
    assert_eq!(hit["code"], "1C902.a.4");
    assert_eq!(hit["confidence"], "confirmed");
    assert_eq!(hit["hs"], "8505.11");
    assert_eq!(hit["spans"][0], serde_json::json!([0, 7]));
    assert!(hit.get("title").is_none() && hit.get("evidence").is_none());
    let dump = dualuse(&["rules", "--json"], b"");
    assert!(dump.status.success());
    let dump: serde_json::Value = serde_json::from_slice(&dump.stdout).unwrap();
    assert_eq!(dump["fingerprint"], rec["fingerprint"]);
    let rule = dump["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "CN-1C902.a.4")
        .expect("the rule is in the dump");
    assert_eq!(rule["ruleset"], "cn-mofcom-2025-18");
    assert!(rule["title"].as_str().is_some_and(|t| t.contains("cobalt")));
}
