//! Fuzzing `dualuse screen` end to end (reader, batches, workers, output):
//! hostile bytes never crash the binary, every record it writes is one
//! JSON line numbered 1..N in order, and well-formed input gives one
//! record per data row. Bounded (a few dozen processes) for CI.

mod common;
use common::{RULES, dualuse};
use proptest::prelude::*;

fn screen(extra: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut args = vec!["screen"];
    args.extend_from_slice(RULES);
    args.extend_from_slice(extra);
    args.push("-");
    dualuse(&args, stdin)
}

/// Row numbers of the records on stdout (each line must be JSON).
fn rows(out: &std::process::Output) -> Vec<u64> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            v["row"].as_u64().expect("a row number")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn hostile_bytes_never_crash_the_binary(
        body in proptest::collection::vec(
            proptest::sample::select(vec![
                &b"\""[..], b",", b"\n", b"\r", b"\r\n", b"\0", b"\xff", b"a", b"NdFeB magnet", b";", b"{",
            ]),
            0..200,
        ),
        batch in 1usize..5,
    ) {
        let mut input = b"id,description\n".to_vec();
        input.extend(body.concat());
        let out = screen(&["--batch-size", &batch.to_string(), "--threads", "2"], &input);
        let err = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!err.contains("panicked"), "{}", err);
        prop_assert!(matches!(out.status.code(), Some(0 | 2)), "{:?}: {}", out.status, err);
        let rows = rows(&out);
        prop_assert_eq!(rows, (1..).take(rows_len(&out)).collect::<Vec<u64>>());
        prop_assert!(err.contains(&format!("screened {} rows", rows_len(&out))), "{}", err);
    }

    #[test]
    fn well_formed_rows_each_give_a_record(
        descriptions in proptest::collection::vec("[a-zA-Z0-9 ]{1,20}", 0..40),
        term in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
    ) {
        let mut input = format!("id,description{term}");
        for (i, d) in descriptions.iter().enumerate() {
            input.push_str(&format!("{i},x{d}{term}"));
        }
        let out = screen(&["--batch-size", "3"], input.as_bytes());
        prop_assert_eq!(out.status.code(), Some(0));
        prop_assert_eq!(rows(&out), (1..=descriptions.len() as u64).collect::<Vec<_>>());
    }
}

fn rows_len(out: &std::process::Output) -> usize {
    out.stdout.iter().filter(|&&b| b == b'\n').count()
}
