//! Command-line parsing and dispatch.

mod diff;
mod human;
pub(crate) mod input;
pub(crate) mod pipeline;
mod report;
pub(crate) mod screen;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dualuse::{Confidence, Matcher, NaiveDate, Regime, Ruleset};
use std::path::PathBuf;

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: `check`/`test` found failures, or `screen --fail-on-hit` saw a hit.
pub const EXIT_FAILURES: i32 = 1;
/// Exit status: usage, I/O or rule-loading error.
pub const EXIT_ERROR: i32 = 2;

/// Screen product descriptions and HS codes against export-control lists
/// and rare-earth dependencies.
#[derive(Parser, Debug)]
#[command(name = "dualuse", version, about, long_about = None, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Classify every row of a CSV, TSV or JSONL file; one JSON record per row, in order.
    Screen(screen::ScreenArgs),
    /// Classify one description and explain every hit.
    Explain(ExplainArgs),
    /// Validate rule files; print problems as file:line:col: message.
    Check(CheckArgs),
    /// Run every rule's examples; print `N passed, N failed`.
    Test(TestArgs),
    /// Show rows whose classification changes between two rule versions.
    Diff(diff::DiffArgs),
    /// Print the rule set as JSON: its fingerprint, rule-set headers and
    /// rules (what `screen --detail ids` leaves out of each record).
    Rules(RulesArgs),
    /// Serve screening over HTTP (JSON under /v1; see README "Service").
    #[cfg(feature = "serve")]
    Serve(crate::serve::ServeArgs),
    /// Print the JSON Schema of rule files (or, with --parties, of party
    /// files), for editors that validate and complete TOML.
    Schema(SchemaArgs),
}

#[derive(Args, Debug)]
struct SchemaArgs {
    /// The schema of party-list files (`parties/*.toml`) instead.
    #[arg(long)]
    parties: bool,
}

/// Where rules come from.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// Rule directory or file (repeatable); replaces the built-in rules.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

impl RuleArgs {
    /// Loads the rules named on the command line, or the built-in set.
    pub fn load(&self) -> Result<Ruleset, dualuse::Error> {
        load_rules(&self.rules)
    }

    /// Loads and compiles the rules.
    pub fn matcher(&self) -> Result<Matcher> {
        let rules = self.load().context("cannot load rules")?;
        Matcher::new(rules).context("cannot compile rules")
    }
}

/// Today's date in local time: the as-of date when none is given.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Loads rules from directories or files, or the built-in set if none.
pub fn load_rules(paths: &[PathBuf]) -> Result<Ruleset, dualuse::Error> {
    if paths.is_empty() {
        return Ruleset::builtin();
    }
    paths
        .iter()
        .fold(Ruleset::builder(), |b, p| b.add_path(p))
        .build()
}

/// Confidence levels on the command line.
#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum ConfidenceArg {
    /// HS-code leads and above.
    Hs,
    /// Text matches and above.
    Text,
    /// Text and HS code agree.
    Confirmed,
}

impl From<ConfidenceArg> for Confidence {
    fn from(c: ConfidenceArg) -> Confidence {
        match c {
            ConfidenceArg::Hs => Confidence::Hs,
            ConfidenceArg::Text => Confidence::Text,
            ConfidenceArg::Confirmed => Confidence::Confirmed,
        }
    }
}

/// Parses a regime code for `--regime`.
pub fn parse_regime(s: &str) -> Result<Regime, String> {
    Regime::parse(&s.to_ascii_uppercase())
        .ok_or_else(|| format!("unknown regime `{s}`; expected CN, EU, US, JP, WA or RE"))
}

#[derive(Args, Debug)]
struct ExplainArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Customs code of the item.
    #[arg(long)]
    hs: Option<String>,
    /// National scheme of the customs code (CN, US, …).
    #[arg(long)]
    scheme: Option<String>,
    /// Classify as of this date (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
    /// Print the result as one JSON record instead of text.
    #[arg(long)]
    json: bool,
    /// Destination of the order line (ISO code or country name); with any
    /// order flag, the verdict is explained too.
    #[arg(long)]
    destination: Option<String>,
    /// Consignee's name.
    #[arg(long)]
    consignee: Option<String>,
    /// End user's name.
    #[arg(long)]
    end_user: Option<String>,
    /// Stated end use.
    #[arg(long)]
    end_use: Option<String>,
    /// Country of origin of the item.
    #[arg(long)]
    origin: Option<String>,
    /// Party-list directory or file (repeatable); replaces the built-in lists.
    #[arg(long = "parties", value_name = "DIR")]
    parties: Vec<PathBuf>,
    /// The description to classify.
    text: String,
}

#[derive(Args, Debug)]
struct RulesArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// JSON output (the only format so far; kept explicit for scripts).
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Also check these party-list directories or files (repeatable).
    #[arg(long = "parties", value_name = "DIR")]
    parties: Vec<PathBuf>,
    /// Treat warnings (for example, rules without examples) as failures.
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
struct TestArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Also run the name examples of these party lists (repeatable).
    #[arg(long = "parties", value_name = "DIR")]
    parties: Vec<PathBuf>,
    /// Classify examples without `as_of` as of this date; default today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<NaiveDate>,
}

/// `dualuse schema`: prints the JSON Schema of rule or party files.
fn schema(parties: bool) -> Result<i32> {
    let s = if parties {
        dualuse::json_schema::party_files()
    } else {
        dualuse::json_schema::rule_files()
    };
    println!("{}", serde_json::to_string_pretty(&s)?);
    Ok(EXIT_OK)
}

/// Parses the command line, runs the command and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        Command::Screen(a) => screen::run(&a),
        Command::Explain(a) => {
            let order = [a.destination, a.consignee, a.end_user, a.end_use, a.origin];
            report::explain(
                &a.rules,
                &a.text,
                a.hs.as_deref(),
                a.scheme.as_deref(),
                a.as_of,
                a.json,
                (order.iter().any(Option::is_some)).then_some((&order, a.parties.as_slice())),
            )
        }
        Command::Check(a) => report::check(&a.rules, &a.parties, a.strict),
        Command::Test(a) => report::test(&a.rules, &a.parties, a.as_of),
        Command::Diff(a) => diff::run(&a),
        Command::Rules(a) => report::rules_json(&a.rules),
        #[cfg(feature = "serve")]
        Command::Serve(a) => crate::serve::run(a),
        Command::Schema(a) => schema(a.parties),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if screen::is_broken_pipe(&e) {
                return EXIT_OK;
            }
            eprintln!("dualuse: {e:#}");
            EXIT_ERROR
        }
    }
}
