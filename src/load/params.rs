//! Validating `[[rule.params]]` entries into [`ParamSpec`]s.
//!
//! The entries as written are [`RawParam`]s (see [`super::schema`]); the
//! validated conditions and their evaluation live in [`crate::param`]. Each
//! error carries the byte span of the offending value so that the loader
//! can report file, line and column.

use super::schema::RawParam;
use crate::param::{Condition, Op, ParamSpec};
use crate::quantity::{Dimension, parse_threshold};
use std::ops::Range;
use toml::Spanned;

/// A validation error pointing into the TOML source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct ParamError {
    /// Byte span in the TOML source (empty `0..0` when no field was present
    /// to point at; callers should then use the entry's own position).
    pub(crate) span: Range<usize>,
    /// What is wrong.
    pub(crate) message: String,
}

impl ParamError {
    fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        ParamError {
            span,
            message: message.into(),
        }
    }

    #[cfg(test)]
    /// 1-based `(line, column)` of the span start in `source` (column in chars).
    fn line_col(&self, source: &str) -> (usize, usize) {
        let at = crate::text::floor_boundary(source, self.span.start);
        let before = &source[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
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

/// Validates a raw entry: known quantity and op, parsable thresholds whose
/// dimension matches the quantity, `max` exactly with `range`, and either
/// `any` or a single condition.
pub(crate) fn spec(raw: &RawParam) -> Result<ParamSpec, ParamError> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::Deserialize;

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

    /// Parses `[[rule.params]]` bodies of one rule (the parameter model's
    /// tests use it too).
    pub(crate) fn raws(toml_params: &str) -> (String, Vec<RawParam>) {
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

    fn err(toml_params: &str) -> (String, ParamError) {
        let (src, rs) = raws(toml_params);
        let e = rs
            .iter()
            .map(spec)
            .find_map(Result::err)
            .unwrap_or_else(|| panic!("expected an error for {toml_params}"));
        (src, e)
    }

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
}
