//! The rule files of `rules/` and the party files of `parties/`, embedded at build time.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
