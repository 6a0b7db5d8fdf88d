//! `explain`, `check` and `test`: output for people.

use super::{EXIT_FAILURES, EXIT_OK, RuleArgs};
use anyhow::Result;
use dualuse::output::Record;
use dualuse::{Error, Evidence, MissReason, NaiveDate, Severity};

/// The order fields of `explain` (as [`super::input::ORDER_COLUMNS`]) and
/// the party lists to use.
type OrderFlags<'a> = (&'a [Option<String>; 5], &'a [std::path::PathBuf]);

pub fn explain(
    rules: &RuleArgs,
    text: &str,
    hs: Option<&str>,
    scheme: Option<&str>,
    as_of: Option<NaiveDate>,
    json: bool,
    order: Option<OrderFlags<'_>>,
) -> Result<i32> {
    let matcher = rules.matcher()?;
    let as_of = as_of.unwrap_or_else(crate::cli::today);
    let item = super::input::item(text, hs, scheme, as_of);
    let c = matcher.classify_explained(&item);
    // The verdict borrows the screener and the order fields.
    let (screener, row) = match order {
        Some((fields, parties)) => (
            Some(super::screen::order_screener(parties)?),
            super::input::Row {
                order: Some(fields.clone()),
                ..super::input::Row::default()
            },
        ),
        None => (None, super::input::Row::default()),
    };
    let screened = screener.as_ref().and_then(|screener| {
        let verdict = row.order(item).map(|o| screener.verdict(&o, &c, as_of));
        verdict.map(|v| (v, screener))
    });
    if json {
        let mut rec = Record::new(1, None, &c);
        if let Some((v, s)) = &screened {
            rec = rec.with_verdict(v, s.parties().fingerprint());
        }
        println!("{}", serde_json::to_string(&rec)?);
        return Ok(EXIT_OK);
    }
    explain_text(text, hs, scheme, as_of, &c)?;
    if let Some((v, s)) = &screened {
        print_verdict(v, s, as_of);
    }
    Ok(EXIT_OK)
}

/// Prints a verdict for a person: the level, then each reason in words.
fn print_verdict(v: &dualuse::Verdict<'_>, s: &dualuse::OrderScreener, as_of: NaiveDate) {
    println!(
        "\nverdict: {} (as of {as_of}, party lists {})",
        v.level.as_str(),
        s.parties().fingerprint()
    );
    if v.reasons.is_empty() {
        println!("  no listed party, no measure and no controlled item bear on this line");
    }
    for r in &v.reasons {
        println!("  {r}");
    }
}

fn explain_text(
    text: &str,
    hs: Option<&str>,
    scheme: Option<&str>,
    as_of: NaiveDate,
    c: &dualuse::Classification<'_>,
) -> Result<()> {
    let mut head = format!("{text:?}");
    if let Some(hs) = hs {
        head.push_str(&format!("  hs {hs}"));
        if let Some(s) = scheme {
            head.push_str(&format!(" ({s})"));
        }
    }
    println!("{head}");
    println!("as of {as_of}, rules {}", c.fingerprint);
    if let Some(w) = &c.warning {
        println!("warning: {w}");
    }
    if c.hits.is_empty() {
        println!("\nno hits");
    }
    for h in &c.hits {
        let code = h.rule.control_code.as_deref().unwrap_or("-");
        println!(
            "\n{:<9} {} {}  {}  [{}]",
            h.confidence.as_str(),
            h.ruleset.regime,
            code,
            h.rule.title,
            h.rule.id
        );
        let mut applies = format!("in force since {}", h.ruleset.effective);
        for s in h.suspensions_ended() {
            applies.push_str(&format!(
                "; suspended {} to {}, applies again since {}",
                s.from,
                s.until,
                s.until.succ_opt().unwrap_or(s.until)
            ));
        }
        println!("  {} ({}), {applies}", h.ruleset.instrument, h.ruleset.id);
        if !h.rule.elements.is_empty() {
            println!("  elements: {}", h.rule.elements.join(", "));
        }
        if let Some(m) = c.near_misses.iter().find(|m| std::ptr::eq(m.rule, h.rule)) {
            println!("  text not confirmed: {}", reason(m, as_of));
        }
        print_evidence(text, &h.evidence);
        if let Some(p) = &h.parameters {
            print_parameters(text, h.rule, p);
        }
    }
    let misses: Vec<_> = c
        .near_misses
        .iter()
        .filter(|m| !c.hits.iter().any(|h| std::ptr::eq(h.rule, m.rule)))
        .collect();
    if !misses.is_empty() {
        println!("\nnot hit:");
    }
    for m in misses {
        let code = m.rule.control_code.as_deref().unwrap_or("-");
        let why = reason(m, as_of);
        println!(
            "\n{:<9} {} {}  {}  [{}]",
            "-", m.ruleset.regime, code, m.rule.title, m.rule.id
        );
        println!("  {why}");
        print_evidence(text, &m.evidence);
        if let MissReason::ParametersFailed(ev) = &m.reason {
            print_quantities(text, ev);
        }
    }
    Ok(())
}

fn reason(m: &dualuse::NearMiss<'_>, as_of: NaiveDate) -> String {
    match &m.reason {
        MissReason::NotInForce => {
            let mut w = format!("not in force on {as_of} (effective {}", m.ruleset.effective);
            for s in &m.ruleset.suspended {
                w.push_str(&format!("; suspended {} to {}", s.from, s.until));
            }
            w + ")"
        }
        MissReason::Excluded => "an exclude term vetoed the text match".to_string(),
        MissReason::ParametersFailed(ev) => {
            let failed: Vec<String> = ev.iter().filter(|e| !e.met).map(|e| e.describe()).collect();
            format!("the numbers fail the thresholds: {}", failed.join("; "))
        }
        MissReason::RequireUnmet(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|&g| format!("[{}]", m.rule.require[g].join(", ")))
                .collect();
            format!("no term of required group {}", groups.join(" and "))
        }
        other => format!("{other:?}"),
    }
}

fn print_parameters(text: &str, rule: &dualuse::Rule, p: &dualuse::Parameters) {
    let wanted: Vec<String> = rule.params.iter().map(|s| s.describe()).collect();
    match p.status {
        dualuse::param::ParamStatus::Unknown => println!(
            "  parameters unknown: the description does not settle {}; check the datasheet",
            wanted.join(" and ")
        ),
        st => println!("  parameters {} ({})", st.as_str(), wanted.join(" and ")),
    }
    print_quantities(text, &p.evidence);
}

fn print_quantities(text: &str, evidence: &[dualuse::param::ParamEvidence]) {
    for e in evidence {
        let quoted = text.get(e.span.clone()).unwrap_or("");
        println!(
            "  value {quoted:?} at {}..{}: {}",
            e.span.start,
            e.span.end,
            e.describe()
        );
    }
}

fn print_evidence(text: &str, evidence: &[Evidence<'_>]) {
    for e in evidence {
        match e {
            Evidence::Term {
                kind,
                term,
                start,
                end,
            } => {
                let what = match kind {
                    dualuse::TermKind::Term => "term",
                    dualuse::TermKind::Require => "required",
                    dualuse::TermKind::Exclude => "excluded by",
                    _ => "word",
                };
                println!(
                    "  {what} {term:?} at {start}..{end}: {:?}",
                    &text[*start..*end]
                );
            }
            Evidence::Pattern {
                pattern,
                start,
                end,
            } => {
                println!(
                    "  pattern {pattern:?} at {start}..{end}: {:?}",
                    &text[*start..*end]
                );
            }
            Evidence::Cas { cas, start, end } => {
                println!(
                    "  cas {cas} at {start}..{end}: {:?}",
                    text.get(*start..*end).unwrap_or("")
                );
            }
            Evidence::Hs {
                prefix,
                scheme,
                relation,
            } => {
                let scheme = scheme.map(|s| format!(" ({s})")).unwrap_or_default();
                println!("  hs {prefix}{scheme}: item code {}", relation.as_str());
            }
            other => match other.span() {
                Some(s) => println!(
                    "  {} at {}..{}: {:?}",
                    other.kind_str(),
                    s.start,
                    s.end,
                    text.get(s.clone()).unwrap_or("")
                ),
                None => println!("  {}", other.kind_str()),
            },
        }
    }
}

pub fn check(rules: &RuleArgs, parties: &[std::path::PathBuf], strict: bool) -> Result<i32> {
    let rules = rules.load().map(|rs| {
        let summary = format!(
            "{}, {}",
            plural(rs.infos().len(), "rule file"),
            plural(rs.rules().len(), "rule")
        );
        (rs.warnings().to_vec(), summary)
    });
    let code = report_check(rules, strict)?;
    if parties.is_empty() {
        return Ok(code);
    }
    let lists = parties
        .iter()
        .fold(dualuse::PartyLists::builder(), |b, p| b.add_path(p))
        .build()
        .map(|lists| {
            let parties = match lists.parties().len() {
                1 => "1 party".to_string(),
                n => format!("{n} parties"),
            };
            let summary = format!("{}, {parties}", plural(lists.lists().len(), "party file"));
            (lists.warnings().to_vec(), summary)
        });
    Ok(code.max(report_check(lists, strict)?))
}

/// Prints what loading rule or party files found: the warnings and a count
/// line, or every diagnostic and the error count. The exit status.
fn report_check(
    loaded: Result<(Vec<dualuse::Diagnostic>, String), Error>,
    strict: bool,
) -> Result<i32> {
    match loaded {
        Ok((warnings, summary)) => {
            for w in &warnings {
                println!("{w}");
            }
            println!("{summary}: 0 errors, {}", plural(warnings.len(), "warning"));
            Ok(if strict && !warnings.is_empty() {
                EXIT_FAILURES
            } else {
                EXIT_OK
            })
        }
        Err(Error::Rules(d)) => {
            for diag in &d {
                println!("{diag}");
            }
            let errors = d.iter().filter(|x| x.severity == Severity::Error).count();
            println!("{}", plural(errors, "error"));
            Ok(EXIT_FAILURES)
        }
        Err(e) => Err(e.into()),
    }
}

pub fn test(
    rules: &RuleArgs,
    parties: &[std::path::PathBuf],
    as_of: Option<NaiveDate>,
) -> Result<i32> {
    let matcher = rules.matcher()?;
    let report = matcher.run_examples(as_of.unwrap_or_else(crate::cli::today));
    let (mut passed, mut failed) = (report.passed, report.failures.len());
    if !parties.is_empty() {
        let screener = crate::cli::screen::order_screener(parties)?;
        let r = screener.run_party_examples();
        for f in &r.failures {
            println!(
                "{}: {}: expected {}: {:?}",
                f.location,
                f.party,
                if f.expected_hit {
                    "a whole-name match"
                } else {
                    "no match"
                },
                f.name
            );
        }
        passed += r.passed;
        failed += r.failures.len();
    }
    for f in &report.failures {
        let hs = f
            .example
            .hs
            .as_deref()
            .map(|h| format!(" hs {h}"))
            .unwrap_or_default();
        let when = f
            .example
            .as_of
            .map(|d| format!(" as of {d}"))
            .unwrap_or_default();
        println!(
            "{}: {}: expected {}, {}: {:?}{hs}{when}",
            f.example.location,
            f.rule.id,
            match f.example.expect {
                dualuse::Expect::Hit => match f.example.confidence {
                    Some(c) => format!("hit ({})", c.as_str()),
                    None => "hit".to_string(),
                },
                dualuse::Expect::Miss => "miss".to_string(),
            },
            f.actual,
            f.example.text
        );
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 { EXIT_OK } else { EXIT_FAILURES })
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `dualuse rules --json`: the fingerprint, the rule-set headers and every
/// rule, for looking up what an `--detail ids` record names.
pub fn rules_json(rules: &RuleArgs) -> Result<i32> {
    let rs = rules.load()?;
    #[derive(serde::Serialize)]
    struct Dump<'a> {
        fingerprint: &'a str,
        rulesets: &'a [dualuse::RulesetInfo],
        rules: Vec<RuleDump<'a>>,
    }
    #[derive(serde::Serialize)]
    struct RuleDump<'a> {
        ruleset: &'a str,
        #[serde(flatten)]
        rule: &'a dualuse::Rule,
    }
    let dump = Dump {
        fingerprint: rs.fingerprint(),
        rulesets: rs.infos(),
        rules: rs
            .rules()
            .iter()
            .map(|r| RuleDump {
                ruleset: &rs.infos()[r.ruleset].id,
                rule: r,
            })
            .collect(),
    };
    println!("{}", serde_json::to_string(&dump)?);
    Ok(EXIT_OK)
}
