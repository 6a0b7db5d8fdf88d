//! Embeds every `rules/*.toml` file into the crate as the built-in rule set,
//! and every `parties/*.toml` file as the built-in party lists.
//!
//! A missing or empty `rules/` or `parties/` fails the build with a
//! message: the crate without them would screen against nothing.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    embed(&root, "rules", "FILES", "rule files", &mut out);
    embed(&root, "parties", "PARTY_FILES", "party files", &mut out);
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write builtin_rules.rs");
}

/// Writes `static NAME: &[(file name, contents)]` for `root/dir/*.toml`.
fn embed(root: &std::path::Path, dir: &str, name: &str, what: &str, out: &mut String) {
    let dir = root.join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    // The built-in data is the crate's default: building without it would
    // give a binary that screens against nothing and says so nowhere.
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; the crate embeds its {what} (*.toml) and cannot be built without them",
            dir.display()
        )
    });
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    if files.is_empty() {
        panic!(
            "no {what} (*.toml) in {}; the crate embeds them and cannot be built without them",
            dir.display()
        );
    }
    files.sort();
    writeln!(
        out,
        "/// The built-in {what}: (file name, contents).\npub(crate) static {name}: &[(&str, &str)] = &["
    )
    .expect("write to String");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let file = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file names are UTF-8");
        writeln!(
            out,
            "    ({file:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to String");
    }
    out.push_str("];\n");
}
