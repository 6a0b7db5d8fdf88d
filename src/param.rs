//! Parameter conditions in rule files (`[[rule.params]]`) and their
//! evaluation against the quantities of a description.
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

use crate::text::boundary::contains_term;
use std::ops::Range;

use serde::{Deserialize, Serialize, Serializer};
use toml::Spanned;

use crate::quantity::{Bound, Dimension, Quantity, parse_threshold};

/// Bytes around a quantity searched for `near` words.
pub const NEAR_WINDOW: usize = 40;

/// One `[[rule.params]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    /// Dimension name or alias.
    #[serde(default)]
    pub quantity: Option<Spanned<String>>,
    /// Comparison: `>`, `>=`, `<`, `<=`, `range`.
    #[serde(default)]
    pub op: Option<Spanned<String>>,
    /// Threshold with unit (lower end for `range`).
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    pub max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    pub near: Option<Vec<Spanned<String>>>,
    /// Alternative sub-conditions; excludes `quantity`/`op`/`value`/`max`/`near`.
    #[serde(default)]
    pub any: Option<Spanned<Vec<RawCondition>>>,
}

/// A sub-condition inside `any = [...]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    /// Dimension name or alias.
    #[serde(default)]
    pub quantity: Option<Spanned<String>>,
    /// Comparison.
    #[serde(default)]
    pub op: Option<Spanned<String>>,
    /// Threshold with unit.
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    /// Upper end for `range`.
    #[serde(default)]
    pub max: Option<Spanned<String>>,
    /// Words of which one must occur near the quantity.
    #[serde(default)]
    pub near: Option<Vec<Spanned<String>>>,
}

/// A validation error pointing into the TOML source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParamError {
    /// Byte span in the TOML source (empty `0..0` when no field was present
    /// to point at; callers should then use the entry's own position).
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl ParamError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        ParamError {
            span,
            message: message.into(),
        }
    }

    /// 1-based `(line, column)` of the span start in `source` (column in chars).
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        let mut at = self.span.start.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let before = &source[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Parses `>`, `>=`, `<`, `<=`, `range`.
    pub fn parse(s: &str) -> Option<Op> {
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
pub fn format_si(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        let inf = if value > 0.0 { "∞" } else { "-∞" };
        return format!("{inf} {unit}");
    }
    format!("{} {unit}", compact(value))
}

fn field<'a>(
    f: &'a Option<Spanned<String>>,
    name: &str,
    fallback: &Range<usize>,
) -> Result<&'a Spanned<String>, ParamError> {
    f.as_ref()
        .ok_or_else(|| ParamError::new(fallback.clone(), format!("missing `{name}`")))
}

fn an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn threshold(
    s: &Spanned<String>,
    dim: Dimension,
    label: &str,
) -> Result<(f64, String), ParamError> {
    let text = s.get_ref().trim().to_string();
    let (v, d) = parse_threshold(&text)
        .map_err(|e| ParamError::new(s.span(), format!("cannot parse threshold: {e}")))?;
    if !dim.accepts(d) {
        let p = d.prose();
        return Err(ParamError::new(
            s.span(),
            if label == dim.prose() {
                format!(
                    "threshold `{text}` is {} {p} but quantity is `{label}`",
                    an(&p)
                )
            } else {
                format!(
                    "threshold `{text}` is {} {p} but quantity is `{label}` ({})",
                    an(&p),
                    dim.prose()
                )
            },
        ));
    }
    Ok((v, text))
}

fn condition(
    quantity: &Option<Spanned<String>>,
    op: &Option<Spanned<String>>,
    value: &Option<Spanned<String>>,
    max: &Option<Spanned<String>>,
    near: &Option<Vec<Spanned<String>>>,
    fallback: Range<usize>,
) -> Result<Condition, ParamError> {
    let fb = [quantity, op, value, max]
        .iter()
        .find_map(|f| f.as_ref().map(|s| s.span()))
        .unwrap_or(fallback);
    let q = field(quantity, "quantity", &fb)?;
    let label = q.get_ref().trim().to_string();
    let dimension = Dimension::from_name(&label).ok_or_else(|| {
        let names: Vec<&str> = Dimension::ALL.iter().map(|d| d.name()).collect();
        ParamError::new(
            q.span(),
            format!(
                "unknown quantity `{label}`; expected one of {}",
                names.join(", ")
            ),
        )
    })?;
    let o = field(op, "op", &fb)?;
    let op = Op::parse(o.get_ref()).ok_or_else(|| {
        ParamError::new(
            o.span(),
            format!(
                "unknown op `{}`; expected one of `>`, `>=`, `<`, `<=`, `range`",
                o.get_ref()
            ),
        )
    })?;
    let v = field(value, "value", &fb)?;
    let (threshold_v, mut text) = threshold(v, dimension, &label)?;
    let mut threshold_max = None;
    match (op, max) {
        (Op::Range, None) => {
            return Err(ParamError::new(o.span(), "op `range` needs `max`"));
        }
        (Op::Range, Some(m)) => {
            let (mv, mt) = threshold(m, dimension, &label)?;
            if mv < threshold_v {
                return Err(ParamError::new(
                    m.span(),
                    format!("range max `{mt}` is below value `{text}`"),
                ));
            }
            threshold_max = Some(mv);
            text = format!("{text}..{mt}");
        }
        (_, Some(m)) => {
            return Err(ParamError::new(
                m.span(),
                "`max` is only allowed with op = \"range\"",
            ));
        }
        (_, None) => {}
    }
    let mut words = Vec::new();
    for w in near.iter().flatten() {
        let t = w.get_ref().trim().to_lowercase();
        if t.is_empty() {
            return Err(ParamError::new(w.span(), "empty `near` word"));
        }
        words.push(t);
    }
    Ok(Condition {
        label,
        dimension,
        op,
        threshold: threshold_v,
        threshold_max,
        threshold_text: text,
        near: words,
    })
}

impl ParamSpec {
    /// Validates a raw entry: known quantity and op, parsable thresholds whose
    /// dimension matches the quantity, `max` exactly with `range`, and either
    /// `any` or a single condition.
    pub fn from_raw(raw: &RawParam) -> Result<ParamSpec, ParamError> {
        if let Some(any) = &raw.any {
            let single = [&raw.quantity, &raw.op, &raw.value, &raw.max]
                .iter()
                .find_map(|f| f.as_ref().map(|s| s.span()));
            if let Some(sp) = single {
                return Err(ParamError::new(
                    sp,
                    "an entry with `any` must not also have quantity/op/value/max",
                ));
            }
            if raw.near.is_some() {
                return Err(ParamError::new(
                    any.span(),
                    "put `near` inside the `any` sub-conditions",
                ));
            }
            if any.get_ref().is_empty() {
                return Err(ParamError::new(any.span(), "`any` must not be empty"));
            }
            let conds = any
                .get_ref()
                .iter()
                .map(|c| condition(&c.quantity, &c.op, &c.value, &c.max, &c.near, any.span()))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(ParamSpec::Any(conds));
        }
        condition(
            &raw.quantity,
            &raw.op,
            &raw.value,
            &raw.max,
            &raw.near,
            0..0,
        )
        .map(ParamSpec::Single)
    }

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
        let mut a = span.start.saturating_sub(NEAR_WINDOW).min(text.len());
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = span.end.saturating_add(NEAR_WINDOW).min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
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
pub fn evaluate(
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
    use crate::quantity::extract;

    #[derive(Deserialize)]
    struct File {
        rule: Vec<Rule>,
    }
    #[derive(Deserialize)]
    struct Rule {
        #[allow(dead_code)]
        id: String,
        #[serde(default)]
        params: Vec<RawParam>,
    }

    /// Parses `[[rule.params]]` bodies of one rule.
    fn raws(toml_params: &str) -> (String, Vec<RawParam>) {
        let src = format!("[[rule]]\nid = \"X\"\n{toml_params}");
        let f: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        let params = f
            .rule
            .into_iter()
            .next()
            .map(|r| r.params)
            .unwrap_or_default();
        (src, params)
    }

    fn specs(toml_params: &str) -> Vec<ParamSpec> {
        raws(toml_params)
            .1
            .iter()
            .map(|r| ParamSpec::from_raw(r).unwrap_or_else(|e| panic!("{}", e.message)))
            .collect()
    }

    fn err(toml_params: &str) -> (String, ParamError) {
        let (src, rs) = raws(toml_params);
        let e = rs
            .iter()
            .map(ParamSpec::from_raw)
            .find_map(Result::err)
            .unwrap_or_else(|| panic!("expected an error for {toml_params}"));
        (src, e)
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
    fn error_dimension_mismatch_points_at_value() {
        let (src, e) = err(r#"
[[rule.params]]
quantity = "power"
op = ">"
value = "1064 nm"
"#);
        assert_eq!(
            e.message,
            "threshold `1064 nm` is a length but quantity is `power`"
        );
        assert_eq!(&src[e.span.clone()], "\"1064 nm\"");
        assert_eq!(e.line_col(&src), (7, 9));
    }

    #[test]
    fn error_unknown_quantity() {
        let (src, e) = err(r#"
[[rule.params]]
quantity = "powr"
op = ">"
value = "1 kW"
"#);
        assert!(
            e.message
                .starts_with("unknown quantity `powr`; expected one of frequency, power, length"),
            "{}",
            e.message
        );
        assert_eq!(&src[e.span.clone()], "\"powr\"");
        assert_eq!(e.line_col(&src), (5, 12));
    }

    #[test]
    fn error_bad_op() {
        let (src, e) = err(r#"
[[rule.params]]
quantity = "power"
op = "=>"
value = "1 kW"
"#);
        assert!(e.message.starts_with("unknown op `=>`"), "{}", e.message);
        assert_eq!(&src[e.span.clone()], "\"=>\"");
    }

    #[test]
    fn error_unparsable_values() {
        for (v, want) in [
            ("1 furlong", "unknown unit `furlong`"),
            ("lots", "no number"),
            ("1000", "no unit"),
            (">= 1 kW", "comparison"),
            ("", "empty"),
        ] {
            let (src, e) = err(&format!(
                "[[rule.params]]\nquantity = \"power\"\nop = \">\"\nvalue = \"{v}\"\n"
            ));
            assert!(e.message.contains(want), "{v}: {}", e.message);
            assert_eq!(&src[e.span.clone()], format!("\"{v}\""));
        }
    }

    #[test]
    fn error_structure() {
        let cases = [
            (
                "[[rule.params]]\nquantity = \"length\"\nop = \"range\"\nvalue = \"1 nm\"\n",
                "needs `max`",
            ),
            (
                "[[rule.params]]\nquantity = \"length\"\nop = \">\"\nvalue = \"1 nm\"\nmax = \"2 nm\"\n",
                "only allowed with op",
            ),
            (
                "[[rule.params]]\nquantity = \"length\"\nop = \"range\"\nvalue = \"2 nm\"\nmax = \"1 nm\"\n",
                "below value",
            ),
            (
                "[[rule.params]]\nquantity = \"length\"\nop = \"range\"\nvalue = \"2 nm\"\nmax = \"1 W\"\n",
                "is a power",
            ),
            (
                "[[rule.params]]\nop = \">\"\nvalue = \"1 W\"\n",
                "missing `quantity`",
            ),
            (
                "[[rule.params]]\nquantity = \"power\"\nvalue = \"1 W\"\n",
                "missing `op`",
            ),
            (
                "[[rule.params]]\nquantity = \"power\"\nop = \">\"\n",
                "missing `value`",
            ),
            ("[[rule.params]]\nany = []\n", "must not be empty"),
            (
                "[[rule.params]]\nquantity = \"power\"\nany = [{quantity = \"power\", op = \">\", value = \"1 W\"}]\n",
                "must not also have",
            ),
            (
                "[[rule.params]]\nnear = [\"x\"]\nany = [{quantity = \"power\", op = \">\", value = \"1 W\"}]\n",
                "inside the `any`",
            ),
            (
                "[[rule.params]]\nany = [{quantity = \"power\", op = \">\", value = \"1 nm\"}]\n",
                "is a length",
            ),
            (
                "[[rule.params]]\nquantity = \"power\"\nop = \">\"\nvalue = \"1 W\"\nnear = [\" \"]\n",
                "empty `near`",
            ),
        ];
        for (t, want) in cases {
            let (_, e) = err(t);
            assert!(e.message.contains(want), "{t}: {}", e.message);
        }
    }

    #[test]
    fn unknown_fields_are_rejected_by_serde() {
        let src = "[[rule]]\nid = \"X\"\n[[rule.params]]\nquantity = \"power\"\nop = \">\"\nvalue = \"1 W\"\nunit = \"W\"\n";
        let e = toml::from_str::<File>(src)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("unknown field `unit`"), "{e}");
        assert!(e.contains("line 7"), "{e}");
    }

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
}
