//! Helpers shared by the integration tests of the `dualuse` binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

/// The crate root; the binary runs there.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dualuse` with `args`, feeding `stdin` from a thread (so a large
/// input cannot deadlock against a full stdout pipe).
pub fn dualuse(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = spawn(args);
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("run dualuse");
    writer.join().expect("stdin writer");
    out
}

/// Starts `dualuse` with `args` and piped stdin, stdout and stderr, for
/// tests that drive the process themselves (signals, closed pipes).
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dualuse"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dualuse")
}

/// All that a spawned `dualuse` writes to stderr (until it closes it).
pub fn read_stderr(child: &mut Child) -> String {
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        std::io::Read::read_to_string(&mut e, &mut err).expect("read stderr");
    }
    err
}

/// The test rule set and a fixed date.
pub const RULES: &[&str] = &["--rules", "tests/data/rules", "--as-of", "2026-11-28"];

/// A copy of the test RE rules whose NdFeB rule also excludes "disc": the
/// "rule change" the diff tests review. Keep the directory alive while used.
/// `dualuse diff` of `tests/data/rules/re-test.toml` against `new` as of
/// 2026-11-28, then `extra` arguments.
pub fn diff_args<'a>(new: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "diff",
        "--old",
        "tests/data/rules/re-test.toml",
        "--new",
        new,
        "--as-of",
        "2026-11-28",
    ];
    args.extend_from_slice(extra);
    args
}

pub fn changed_re_rules() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = std::fs::read_to_string(root().join("tests/data/rules/re-test.toml"))
        .expect("read re-test.toml");
    std::fs::write(
        dir.path().join("re.toml"),
        src.replace(
            "exclude = [\"ferrite\"]",
            "exclude = [\"ferrite\", \"disc\"]",
        ),
    )
    .expect("write changed rules");
    let path = dir.path().to_str().expect("UTF-8 temp path").to_string();
    (dir, path)
}
