//! Parameter conditions in rule files (`[[rule.params]]`): the validated
//! model ([`ParamSpec`]), its evaluation against the quantities of a
//! description, and the evidence a hit reports ([`ParamStatus`],
//! [`ParamEvidence`]). Reading and validating the entries as written is the
//! loader's job (`load::params`); nothing here depends on TOML.
//!
//! ```toml
//! [[rule.params]]                  # every entry must hold (all-of)
//! quantity = "power"               # a Dimension name or alias
//! op = ">"                         # ">", ">=", "<", "<=", "range"
//! value = "1 kW"                   # threshold with unit
//! near = ["output", "cw"]          # optional: one of these within 40 bytes
//!
//! [[rule.params]]
//! quantity = "wavelength"
//! op = "range"
//! value = "1000 nm"
//! max = "1100 nm"                  # only with op = "range"; inclusive
//!
//! [[rule.params]]                  # holds if any sub-condition holds
//! any = [ { quantity = "power", op = ">", value = "1 kW" },
//!         { quantity = "energy", op = ">", value = "1 J", near = ["pulse"] } ]
//! ```
//!
//! # Semantics
//!
//! A stated quantity denotes a set of values ([`Quantity::interval`]): a plain
//! number or range is itself, `≥ v`/`> v` is open upwards, `≤ v`/`< v`/`up to
//! v` open downwards; tolerance and `approx.` are ignored (the nominal
//! decides). A condition is met by a quantity when *some* value of that set
//! satisfies it, because controls catch capability: `up to 2 W` meets `> 1 W`,
//! `≥ 500 W` meets `< 1 kW`, `< 50 µm` meets `<= 50 µm`, `> 500 W` does not
//! meet `<= 500 W`. Values within 1e-9 relative of the threshold count as
//! equal (`4N` meets `>= 99.99 %`). `N x V` quantities compare the per-unit
//! value `V`.
//!
//! A condition is `Met` if some quantity of its dimension (frame-rate
//! conditions also read `Hz`) satisfies it, `Failed` if such quantities exist
//! and none does, `Unknown` if there is none. With `near`, only quantities
//! with one of the words (case-insensitive; Latin words on word boundaries)
//! within 40 bytes before or after their span are considered. All entries:
//! any `Failed` → `Failed`, else any `Unknown` → `Unknown`, else `Met` (no
//! entries → `Met`). An `any` group: any `Met` → `Met`, else any `Unknown` →
//! `Unknown`, else `Failed`.

use crate::quantity::{Bound, Dimension, Quantity};
use crate::text::boundary::contains_term;
use serde::{Deserialize, Serialize, Serializer};
use std::ops::Range;

/// Bytes around a quantity searched for `near` words.
pub(crate) const NEAR_WINDOW: usize = 40;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Op {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `range`: inclusive `[value, max]`.
    Range,
}

impl Serialize for Op {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Op {
    /// Parses `>`, `>=`, `<`, `<=`, `range` (and `≥`, `≤`).
    pub(crate) fn parse(s: &str) -> Option<Op> {
        Some(match s.trim() {
            ">" => Op::Gt,
            ">=" | "≥" => Op::Ge,
            "<" => Op::Lt,
            "<=" | "≤" => Op::Le,
            "range" => Op::Range,
            _ => return None,
        })
    }

    /// The operator as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Range => "range",
        }
    }
}

/// One validated comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Condition {
    /// The quantity name as written (e.g. `wavelength`), for messages.
    pub label: String,
    /// Dimension compared.
    pub dimension: Dimension,
    /// Comparison.
    pub op: Op,
    /// Threshold in SI (lower end for `range`).
    pub threshold: f64,
    /// Upper end for `range`, SI.
    pub threshold_max: Option<f64>,
    /// Threshold as written (`"1 kW"`, or `"1000 nm..1100 nm"` for ranges).
    pub threshold_text: String,
    /// Lower-cased `near` words; empty = no constraint.
    pub near: Vec<String>,
}

/// A validated `[[rule.params]]` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ParamSpec {
    /// A single condition.
    Single(Condition),
    /// Holds if any of the conditions holds.
    Any(Vec<Condition>),
}

/// Outcome of parameter evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamStatus {
    /// The numbers satisfy the conditions.
    Met,
    /// Numbers of the right kind are given and do not satisfy.
    Failed,
    /// No number of the needed kind: a person must check the datasheet.
    Unknown,
}

impl ParamStatus {
    /// Parses `met`, `failed` or `unknown`.
    pub fn parse(s: &str) -> Option<ParamStatus> {
        match s {
            "met" => Some(ParamStatus::Met),
            "failed" => Some(ParamStatus::Failed),
            "unknown" => Some(ParamStatus::Unknown),
            _ => None,
        }
    }

    /// `"met"`, `"failed"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamStatus::Met => "met",
            ParamStatus::Failed => "failed",
            ParamStatus::Unknown => "unknown",
        }
    }
}

/// One quantity compared with one threshold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ParamEvidence {
    /// Dimension name of the condition.
    pub quantity: String,
    /// Byte span of the quantity in the description.
    pub span: Range<usize>,
    /// The compared value in SI (the end of a range or bound that decided).
    pub value: f64,
    /// SI unit of `value` and `threshold`.
    pub unit_si: &'static str,
    /// Operator as written in rule files.
    pub op: String,
    /// Threshold in SI (lower end for `range`).
    pub threshold: f64,
    /// Threshold as written.
    pub threshold_text: String,
    /// Whether this quantity satisfied the condition.
    pub met: bool,
}

impl ParamEvidence {
    /// Human-readable form, e.g. `power 800 W > 1 kW: failed`; the value is
    /// shown in the threshold's unit where that is a plain scale factor
    /// (`1070 nm`, `290 Wh/kg`), else in SI.
    pub fn describe(&self) -> String {
        let verdict = if self.met { "met" } else { "failed" };
        let op = if self.op == "range" { "in" } else { &self.op };
        let value = self
            .in_threshold_unit()
            .unwrap_or_else(|| format_si(self.value, self.unit_si));
        format!(
            "{} {value} {op} {}: {verdict}",
            self.quantity, self.threshold_text
        )
    }

    /// The value in the unit the threshold is written in, if that unit is a
    /// multiple of SI (not dBm, not °C).
    fn in_threshold_unit(&self) -> Option<String> {
        let first = self.threshold_text.split("..").next()?.trim();
        let split = first
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(first.len());
        let number: f64 = first[..split].parse().ok()?;
        let unit = first[split..].trim();
        let offset_or_log = ["dB", "°C", "°F", "℃", "℉"];
        if unit.is_empty() || offset_or_log.iter().any(|u| unit.contains(u)) {
            return None;
        }
        if number == 0.0 || self.threshold == 0.0 || !self.value.is_finite() {
            return None;
        }
        let factor = self.threshold / number;
        Some(format!("{} {unit}", compact(self.value / factor)))
    }
}

/// Six significant digits, no float noise: `1070`, `0.05`, `1.07e-6`.
fn compact(value: f64) -> String {
    let rounded: f64 = format!("{value:.5e}").parse().unwrap_or(value);
    let a = rounded.abs();
    if a == 0.0 || (1e-4..1e9).contains(&a) {
        let s = format!("{rounded:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{rounded:e}")
    }
}

/// Formats an SI value compactly: `1200 W`, `1.07e-6 m`, `∞`.
pub(crate) fn format_si(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        let inf = if value > 0.0 { "∞" } else { "-∞" };
        return format!("{inf} {unit}");
    }
    format!("{} {unit}", compact(value))
}

impl ParamSpec {
    /// Human-readable form, e.g. `power > 1 kW` or
    /// `any of (power > 1 kW; energy > 1 J)`.
    pub fn describe(&self) -> String {
        match self {
            ParamSpec::Single(c) => c.describe(),
            ParamSpec::Any(cs) => {
                let parts: Vec<String> = cs.iter().map(Condition::describe).collect();
                format!("any of ({})", parts.join("; "))
            }
        }
    }
}

impl Condition {
    /// Human-readable form, e.g. `power > 1 kW near "output"`.
    pub fn describe(&self) -> String {
        let mut s = match self.op {
            Op::Range => format!("{} in {}", self.label, self.threshold_text),
            op => format!("{} {} {}", self.label, op.as_str(), self.threshold_text),
        };
        if !self.near.is_empty() {
            let w: Vec<String> = self.near.iter().map(|w| format!("\"{w}\"")).collect();
            s.push_str(&format!(" near {}", w.join(" or ")));
        }
        s
    }

    fn evaluate(&self, text: &str, qs: &[Quantity], ev: &mut Vec<ParamEvidence>) -> ParamStatus {
        let mut considered = false;
        let mut met_any = false;
        for q in qs {
            if !self.dimension.accepts(q.dimension) || !self.is_near(text, &q.span) {
                continue;
            }
            considered = true;
            let (met, value) = self.test(q);
            met_any |= met;
            ev.push(ParamEvidence {
                quantity: self.dimension.name().to_string(),
                span: q.span.clone(),
                value,
                unit_si: self.dimension.si_unit(),
                op: self.op.as_str().to_string(),
                threshold: self.threshold,
                threshold_text: self.threshold_text.clone(),
                met,
            });
        }
        match (considered, met_any) {
            (false, _) => ParamStatus::Unknown,
            (true, true) => ParamStatus::Met,
            (true, false) => ParamStatus::Failed,
        }
    }

    /// Whether `q` can satisfy the condition, and the value that decided.
    fn test(&self, q: &Quantity) -> (bool, f64) {
        let (lo, hi) = q.interval();
        let lo_open = q.bound == Bound::MoreThan;
        let hi_open = q.bound == Bound::LessThan;
        let t = self.threshold;
        let pick = |a: f64, b: f64| if a.is_finite() { a } else { b };
        match self.op {
            Op::Gt => (gt(hi, t), pick(hi, lo)),
            Op::Ge => (
                if hi_open {
                    gt(hi, t)
                } else {
                    gt(hi, t) || eq(hi, t)
                },
                pick(hi, lo),
            ),
            Op::Lt => (gt(t, lo), pick(lo, hi)),
            Op::Le => (
                if lo_open {
                    gt(t, lo)
                } else {
                    gt(t, lo) || eq(t, lo)
                },
                pick(lo, hi),
            ),
            Op::Range => {
                let tmax = self.threshold_max.unwrap_or(t);
                let upper_ok = if hi_open {
                    gt(hi, t)
                } else {
                    gt(hi, t) || eq(hi, t)
                };
                let lower_ok = if lo_open {
                    gt(tmax, lo)
                } else {
                    gt(tmax, lo) || eq(tmax, lo)
                };
                (upper_ok && lower_ok, pick(lo, hi))
            }
        }
    }

    fn is_near(&self, text: &str, span: &Range<usize>) -> bool {
        if self.near.is_empty() {
            return true;
        }
        // A reversed span (from a caller's own quantity) counts as the
        // span between its ends.
        let (start, end) = (span.start.min(span.end), span.start.max(span.end));
        let a = crate::text::floor_boundary(text, start.saturating_sub(NEAR_WINDOW));
        let b = crate::text::ceil_boundary(text, end.saturating_add(NEAR_WINDOW));
        let window = text[a..b].to_lowercase();
        self.near.iter().any(|w| contains_term(&window, w))
    }
}

fn eq(a: f64, b: f64) -> bool {
    if !a.is_finite() || !b.is_finite() {
        return a == b;
    }
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// `a > b` beyond floating noise.
fn gt(a: f64, b: f64) -> bool {
    a > b && !eq(a, b)
}

/// Evaluates all-of `specs` against the quantities extracted from `text`
/// (see the module docs for the rules). Returns the status and one evidence
/// entry per quantity considered by any condition.
pub(crate) fn evaluate(
    specs: &[ParamSpec],
    text: &str,
    quantities: &[Quantity],
) -> (ParamStatus, Vec<ParamEvidence>) {
    let mut ev = Vec::new();
    let mut failed = false;
    let mut unknown = false;
    for spec in specs {
        let st = match spec {
            ParamSpec::Single(c) => c.evaluate(text, quantities, &mut ev),
            ParamSpec::Any(cs) => {
                let sts: Vec<ParamStatus> = cs
                    .iter()
                    .map(|c| c.evaluate(text, quantities, &mut ev))
                    .collect();
                if sts.contains(&ParamStatus::Met) {
                    ParamStatus::Met
                } else if sts.contains(&ParamStatus::Unknown) {
                    ParamStatus::Unknown
                } else {
                    ParamStatus::Failed
                }
            }
        };
        match st {
            ParamStatus::Failed => failed = true,
            ParamStatus::Unknown => unknown = true,
            ParamStatus::Met => {}
        }
    }
    let status = if failed {
        ParamStatus::Failed
    } else if unknown {
        ParamStatus::Unknown
    } else {
        ParamStatus::Met
    };
    (status, ev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::params::tests::raws;
    use crate::quantity::extract;

    fn specs(toml_params: &str) -> Vec<ParamSpec> {
        raws(toml_params)
            .1
            .iter()
            .map(|r| crate::load::params::spec(r).unwrap_or_else(|e| panic!("{}", e.message)))
            .collect()
    }

    fn eval(toml_params: &str, text: &str) -> (ParamStatus, Vec<ParamEvidence>) {
        let s = specs(toml_params);
        evaluate(&s, text, &extract(text))
    }

    const LASER: &str = r#"
[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"
"#;

    #[test]
    fn describe() {
        let s = specs(
            r#"
[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"
near = ["Output", "CW"]

[[rule.params]]
quantity = "wavelength"
op = "range"
value = "1000 nm"
max = "1100 nm"

[[rule.params]]
any = [ { quantity = "power", op = ">=", value = "100 W" },
        { quantity = "energy", op = ">", value = "1 J" } ]
"#,
        );
        let d: Vec<String> = s.iter().map(ParamSpec::describe).collect();
        assert_eq!(
            d,
            [
                "power > 1 kW near \"output\" or \"cw\"",
                "wavelength in 1000 nm..1100 nm",
                "any of (power >= 100 W; energy > 1 J)",
            ]
        );
    }

    #[test]
    fn above_below_at_and_missing() {
        let cases = [
            ("Fiber laser 1.5 kW", ParamStatus::Met),
            ("Fiber laser 500 W", ParamStatus::Failed),
            ("Fiber laser 1 kW", ParamStatus::Failed),
            ("Fiber laser 1000 W", ParamStatus::Failed),
            ("Fiber laser, 1070 nm", ParamStatus::Unknown),
            ("Fiber laser", ParamStatus::Unknown),
            ("Fiber laser up to 2 kW", ParamStatus::Met),
            ("Fiber laser < 1 kW", ParamStatus::Failed),
            ("Fiber laser ≥ 1 kW", ParamStatus::Met),
            ("Fiber laser > 1 kW", ParamStatus::Met),
            ("Fiber laser 500-1500 W", ParamStatus::Met),
            ("Fiber laser 2 x 600 W", ParamStatus::Failed),
            ("Laser 65 dBm", ParamStatus::Met),
            ("Laser 200 W and 1.2 kW", ParamStatus::Met),
        ];
        for (text, want) in cases {
            let (st, ev) = eval(LASER, text);
            assert_eq!(st, want, "{text}: {ev:?}");
        }
        // `>=` at the threshold is met, `<` and `<=` mirror it.
        let ge = "[[rule.params]]\nquantity = \"power\"\nop = \">=\"\nvalue = \"1 kW\"\n";
        assert_eq!(eval(ge, "laser 1000 W").0, ParamStatus::Met);
        assert_eq!(eval(ge, "laser 999 W").0, ParamStatus::Failed);
        assert_eq!(eval(ge, "laser < 1 kW").0, ParamStatus::Failed);
        let lt = "[[rule.params]]\nquantity = \"particle_size\"\nop = \"<\"\nvalue = \"50 µm\"\n";
        assert_eq!(eval(lt, "diamond powder 40 µm").0, ParamStatus::Met);
        assert_eq!(eval(lt, "diamond powder 50 µm").0, ParamStatus::Failed);
        assert_eq!(eval(lt, "diamond powder 60 µm").0, ParamStatus::Failed);
        assert_eq!(eval(lt, "diamond powder 40-60 µm").0, ParamStatus::Met);
        assert_eq!(eval(lt, "diamond powder > 50 µm").0, ParamStatus::Failed);
        assert_eq!(eval(lt, "diamond powder").0, ParamStatus::Unknown);
        let le = "[[rule.params]]\nquantity = \"length\"\nop = \"<=\"\nvalue = \"50 µm\"\n";
        assert_eq!(eval(le, "powder 50 µm").0, ParamStatus::Met);
        assert_eq!(eval(le, "powder > 50 µm").0, ParamStatus::Failed);
        assert_eq!(eval(le, "powder < 50 µm").0, ParamStatus::Met);
    }

    #[test]
    fn purity_and_rounding_at_threshold() {
        let p = "[[rule.params]]\nquantity = \"purity\"\nop = \">=\"\nvalue = \"99.99 %\"\n";
        assert_eq!(eval(p, "gallium 4N").0, ParamStatus::Met);
        assert_eq!(eval(p, "gallium 99.99%").0, ParamStatus::Met);
        assert_eq!(eval(p, "gallium 5N").0, ParamStatus::Met);
        assert_eq!(eval(p, "gallium 3N").0, ParamStatus::Failed);
        assert_eq!(eval(p, "gallium 99.9 %").0, ParamStatus::Failed);
        let p5 = "[[rule.params]]\nquantity = \"purity\"\nop = \">=\"\nvalue = \"5N\"\n";
        assert_eq!(eval(p5, "germanium 99.999 %").0, ParamStatus::Met);
        assert_eq!(eval(p5, "germanium 4N5").0, ParamStatus::Failed);
    }

    #[test]
    fn range_condition() {
        let r = "[[rule.params]]\nquantity = \"wavelength\"\nop = \"range\"\nvalue = \"1000 nm\"\nmax = \"1100 nm\"\n";
        assert_eq!(eval(r, "laser 1064 nm").0, ParamStatus::Met);
        assert_eq!(eval(r, "laser 1000 nm").0, ParamStatus::Met);
        assert_eq!(eval(r, "laser 1100 nm").0, ParamStatus::Met);
        assert_eq!(eval(r, "laser 532 nm").0, ParamStatus::Failed);
        assert_eq!(eval(r, "laser 1.55 µm").0, ParamStatus::Failed);
        assert_eq!(eval(r, "laser tunable 700-1050 nm").0, ParamStatus::Met);
        assert_eq!(eval(r, "laser").0, ParamStatus::Unknown);
        let (_, ev) = eval(r, "laser 1064 nm");
        assert_eq!(ev[0].op, "range");
        assert_eq!(ev[0].threshold_text, "1000 nm..1100 nm");
    }

    #[test]
    fn evidence_lists_each_quantity() {
        let text = "Fiber laser 500 W / 1.5 kW, 1070 nm";
        let (st, ev) = eval(LASER, text);
        assert_eq!(st, ParamStatus::Met);
        assert_eq!(ev.len(), 2);
        assert_eq!(&text[ev[0].span.clone()], "500 W");
        assert!(!ev[0].met);
        assert_eq!(&text[ev[1].span.clone()], "1.5 kW");
        assert!(ev[1].met);
        assert_eq!(ev[1].quantity, "power");
        assert_eq!(ev[1].unit_si, "W");
        assert_eq!(ev[1].op, ">");
        assert_eq!(ev[1].threshold, 1000.0);
        assert_eq!(ev[1].threshold_text, "1 kW");
        assert_eq!(ev[1].value, 1500.0);
        // a bound reports the end that decided
        let (_, ev) = eval(LASER, "up to 2 kW");
        assert_eq!(ev[0].value, 2000.0);
        let (_, ev) = eval(LASER, "500-800 W");
        assert_eq!(ev[0].value, 800.0);
    }

    #[test]
    fn near_binding() {
        let p = r#"
[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"
near = ["output", "出力"]
"#;
        // the only power near "output" is 500 W
        let (st, ev) = eval(
            p,
            "Input 2 kW from the fibre-coupled pump diode stack, and the laser output 500 W",
        );
        assert_eq!(st, ParamStatus::Failed, "{ev:?}");
        assert_eq!(
            eval(p, "Output power: 1.5 kW; pump 300 W").0,
            ParamStatus::Met
        );
        assert_eq!(eval(p, "OUTPUT 2 kW").0, ParamStatus::Met);
        assert_eq!(eval(p, "レーザー出力 2kW").0, ParamStatus::Met);
        // too far away: not considered, so unknown
        let far = format!("output {} 2 kW", "x".repeat(60));
        assert_eq!(eval(p, &far).0, ParamStatus::Unknown);
        // whole words only for Latin words
        assert_eq!(eval(p, "outputs 2 kW").0, ParamStatus::Unknown);
        // near binds after the quantity too
        assert_eq!(eval(p, "2 kW output").0, ParamStatus::Met);
    }

    #[test]
    fn all_of_combination() {
        let p = r#"
[[rule.params]]
quantity = "power"
op = ">"
value = "1 kW"

[[rule.params]]
quantity = "wavelength"
op = "range"
value = "1000 nm"
max = "1100 nm"
"#;
        assert_eq!(eval(p, "laser 2 kW 1070 nm").0, ParamStatus::Met);
        assert_eq!(eval(p, "laser 2 kW 532 nm").0, ParamStatus::Failed);
        assert_eq!(eval(p, "laser 2 kW").0, ParamStatus::Unknown);
        assert_eq!(eval(p, "laser 500 W").0, ParamStatus::Failed);
        assert_eq!(eval("", "anything").0, ParamStatus::Met);
    }

    #[test]
    fn any_groups() {
        let p = r#"
[[rule.params]]
any = [ { quantity = "power", op = ">", value = "1 kW" },
        { quantity = "energy", op = ">", value = "1 J", near = ["pulse"] } ]
"#;
        assert_eq!(eval(p, "laser 2 kW").0, ParamStatus::Met);
        assert_eq!(eval(p, "laser 10 W, pulse energy 2 J").0, ParamStatus::Met);
        assert_eq!(eval(p, "laser 10 W").0, ParamStatus::Unknown);
        assert_eq!(
            eval(p, "laser 10 W, pulse energy 0.5 J").0,
            ParamStatus::Failed
        );
        assert_eq!(eval(p, "laser").0, ParamStatus::Unknown);
        let (_, ev) = eval(p, "laser 10 W, pulse energy 2 J");
        assert_eq!(ev.len(), 2);
        assert_eq!(ev.iter().filter(|e| e.met).count(), 1);
    }

    #[test]
    fn frame_rate_reads_hz() {
        let p = "[[rule.params]]\nquantity = \"frame_rate\"\nop = \">\"\nvalue = \"60 fps\"\n";
        assert_eq!(eval(p, "IR camera 640×512 120 Hz").0, ParamStatus::Met);
        assert_eq!(eval(p, "IR camera 640×512 30 fps").0, ParamStatus::Failed);
        assert_eq!(eval(p, "IR camera 640×512").0, ParamStatus::Unknown);
    }

    #[test]
    fn chinese_rule_examples() {
        let p =
            "[[rule.params]]\nquantity = \"specific_energy\"\nop = \">=\"\nvalue = \"310 Wh/kg\"\n";
        assert_eq!(eval(p, "锂电池 能量密度≥320Wh/kg").0, ParamStatus::Met);
        assert_eq!(eval(p, "锂电池 能量密度310Wh/kg").0, ParamStatus::Met);
        assert_eq!(eval(p, "锂电池 能量密度 280 Wh/kg").0, ParamStatus::Failed);
        assert_eq!(eval(p, "锂电池 3.2V 100Ah").0, ParamStatus::Unknown);
    }

    /// A caller may hand `evaluate` quantities of its own: a reversed span,
    /// or one outside the text, used to panic when slicing the `near`
    /// window.
    #[test]
    fn odd_spans_do_not_panic() {
        let p = "[[rule.params]]\nquantity = \"power\"\nop = \">\"\nvalue = \"1 kW\"\nnear = [\"output\"]\n";
        let s = specs(p);
        let text = format!("output 2 kW {}", "é".repeat(150));
        let good = extract(&text);
        assert_eq!(evaluate(&s, &text, &good).0, ParamStatus::Met);
        for (start, end) in [
            (250, 10),
            (10, 3),
            (3, 250),
            (400, 500),
            (13, 14),
            (usize::MAX, 0),
        ] {
            let span = start..end;
            let mut qs = good.clone();
            qs[0].span = span.clone();
            let (status, ev) = evaluate(&s, &text, &qs);
            assert!(ev.len() <= 1, "{span:?}");
            assert!(status != ParamStatus::Failed, "{span:?}");
        }
    }
}
