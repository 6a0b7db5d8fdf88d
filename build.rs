//! Embeds every `rules/*.toml` file into the crate as the built-in rule set.
//!
//! A missing or empty `rules/` fails the build with a message: the crate
//! without its rules would screen against nothing.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = root.join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    // The built-in rule set is the crate's default: building without it
    // would give a binary that screens against nothing and says so nowhere.
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "cannot read the built-in rules directory {}: {e}; the crate embeds rules/*.toml and cannot be built without them",
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
            "no rule files (*.toml) in {}; the crate embeds them as its built-in rule set and cannot be built without them",
            dir.display()
        );
    }
    files.sort();
    let mut out = String::from(
        "/// The built-in rule files: (file name, contents).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .expect("rule file names are UTF-8");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write builtin_rules.rs");
}
