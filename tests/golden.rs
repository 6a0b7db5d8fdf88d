//! Golden files: a broken rule file next to its expected diagnostics, a
//! catalog next to its expected JSONL. Set `DUALUSE_BLESS=1` to rewrite the
//! expected files after an intended change; the diff shows the change.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_dualuse"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run dualuse");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Compares `actual` with the file, or rewrites the file when blessing.
fn compare(expected: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("DUALUSE_BLESS").is_some() {
        std::fs::write(expected, actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let want = std::fs::read_to_string(expected)
        .map_err(|e| format!("{}: {e} (run with DUALUSE_BLESS=1)", expected.display()))?;
    if want == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs:\n--- expected\n{want}\n--- actual\n{actual}",
            expected.display()
        ))
    }
}

fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| !p.to_string_lossy().contains(".expected."))
        .collect();
    v.sort();
    v
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_diagnostics() {
    let mut failures = Vec::new();
    let cases = files("tests/golden/check", "toml");
    assert!(cases.len() >= 10);
    for case in cases {
        let (out, code) = run(&["check", "--strict", "--rules", &rel(&case)]);
        let actual = format!("{out}exit: {code}\n");
        if let Err(e) = compare(&case.with_extension("out"), &actual) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What `check` says about paths that are not rule files: it reads only
/// regular files (and pipes), and at most 64 MiB of one; `/dev/zero` used to
/// be read without end.
#[cfg(unix)]
#[test]
fn check_reads_only_rule_files() {
    let out = Command::new(env!("CARGO_BIN_EXE_dualuse"))
        .current_dir(root())
        .args(["check", "--rules", "/dev/zero"])
        .output()
        .expect("run dualuse");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero is not a regular file"),
        "{stderr}"
    );
}

/// Replaces the fingerprint so that unrelated rule edits do not touch every line.
fn mask_fingerprint(s: &str) -> String {
    let re = regex::Regex::new(r#""(fingerprint|lists)":"sha256:[0-9a-f]{64}""#).unwrap();
    re.replace_all(s, r#""$1":"sha256:…""#).into_owned()
}

#[test]
fn screen_outputs() {
    let mut failures = Vec::new();
    for ext in ["csv", "jsonl", "tsv"] {
        for case in files("tests/golden/screen", ext) {
            // Extra flags for a case live next to it in NAME.args.
            let extra = std::fs::read_to_string(case.with_extension("args")).unwrap_or_default();
            let mut args = vec![
                "screen",
                "--rules",
                "tests/data/rules",
                "--as-of",
                "2026-11-28",
            ];
            args.extend(extra.split_whitespace());
            let path = rel(&case);
            args.push(&path);
            let (out, code) = run(&args);
            assert_eq!(code, 0, "{}", case.display());
            let expected = PathBuf::from(format!(
                "{}.expected.jsonl",
                case.with_extension("").display()
            ));
            if let Err(e) = compare(&expected, &mask_fingerprint(&out)) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The shipped sample catalog under the built-in rules: a rule change shows
/// up in this file's diff.
#[test]
fn sample_catalog_with_builtin_rules() {
    let (out, code) = run(&["screen", "--as-of", "2026-11-28", "examples/catalog.csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 400, "one record per row");
    compare(
        &root().join("tests/golden/sample-catalog.expected.jsonl"),
        &mask_fingerprint(&out),
    )
    .unwrap();
}

/// The shipped sample of order lines under the built-in rules, party lists
/// and measures: every verdict level and the traps of the party lists
/// (a parent that is not listed, a stopped listing, a traditional-Chinese
/// spelling of a simplified annex name, an origin outside China, a magnet
/// made outside China under MOFCOM No. 61 of 2025, an advanced-chip end use
/// under the same announcement).
#[test]
fn sample_orders_with_builtin_lists() {
    let (out, code) = run(&["screen", "--as-of", "2026-11-30", "examples/orders.csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 17, "one record per order line");
    let masked = mask_fingerprint(&out);
    compare(&root().join("tests/golden/orders.expected.jsonl"), &masked).unwrap();
}
