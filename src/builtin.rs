//! The rule files of the project's `rules/` directory, embedded at build time.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
