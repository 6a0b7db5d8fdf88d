//! `dualuse._dualuse`: the native part of the `dualuse` Python package.
//!
//! Every record this module hands to Python is a [`dualuse::output::Record`]
//! (the JSON record `dualuse screen` writes), serialized with serde: as a
//! JSON line for `classify_json`, through `json.loads` for the plain dicts of
//! `classify`, and through arrow-json's serde decoder for the Arrow tables of
//! `classify_batch` and `screen_orders`. The Python layer (`dualuse/__init__.py`)
//! turns lists and pandas Series into Arrow arrays and raises the exception
//! classes of `dualuse/_errors.py`.

mod batch;
mod error;
mod schema;

use crate::error::{BindingError, Result};
use dualuse::output::{Detail, Record};
use dualuse::{Classification, Evidence, Item, MissReason, NaiveDate, Order, OrderScreener};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A compiled rule set: the built-in one, or one loaded from directories.
enum Rules {
    Builtin(&'static dualuse::Matcher),
    Loaded(Box<dualuse::Matcher>),
}

/// A compiled rule set, and the party lists for order lines.
///
/// Build one with `Matcher.builtin()` or `Matcher.from_dirs([...])`; it is
/// immutable and safe to share between threads.
#[pyclass(module = "dualuse._dualuse", name = "Matcher", frozen)]
pub struct PyMatcher {
    rules: Rules,
    /// Party-list paths; empty for the built-in lists.
    parties: Vec<PathBuf>,
    /// The order screener, built on first use of the built-in lists, or at
    /// construction when party lists are named.
    screener: OnceLock<OrderScreener>,
}

impl PyMatcher {
    fn matcher(&self) -> &dualuse::Matcher {
        match &self.rules {
            Rules::Builtin(m) => m,
            Rules::Loaded(m) => m,
        }
    }

    fn screener(&self) -> Result<&OrderScreener> {
        if let Some(s) = self.screener.get() {
            return Ok(s);
        }
        let s = build_screener(&self.parties)?;
        // Another thread may have built it meanwhile; either is the same.
        let _ = self.screener.set(s);
        Ok(self.screener.get().expect("set above"))
    }
}

fn build_screener(parties: &[PathBuf]) -> Result<OrderScreener> {
    let lists = if parties.is_empty() {
        dualuse::PartyLists::builtin()?
    } else {
        parties
            .iter()
            .fold(dualuse::PartyLists::builder(), |b, p| b.add_path(p))
            .build()?
    };
    Ok(OrderScreener::new(lists, dualuse::Measures::builtin()?))
}

/// Reads `detail="full"|"ids"`.
pub(crate) fn parse_detail(detail: &str) -> Result<Detail> {
    match detail {
        "full" => Ok(Detail::Full),
        "ids" => Ok(Detail::Ids),
        other => Err(BindingError::Input(format!(
            "unknown detail `{other}`; expected \"full\" or \"ids\""
        ))),
    }
}

/// Reads an as-of date: a `datetime.date`, an ISO `YYYY-MM-DD` string or
/// None (today, in local time, as the CLI).
pub(crate) fn parse_as_of(as_of: Option<&Bound<'_, PyAny>>) -> Result<NaiveDate> {
    let Some(v) = as_of.filter(|v| !v.is_none()) else {
        return Ok(chrono::Local::now().date_naive());
    };
    if let Ok(s) = v.extract::<String>() {
        return s.parse::<NaiveDate>().map_err(|e| {
            BindingError::Input(format!("as_of `{s}` is not a YYYY-MM-DD date: {e}"))
        });
    }
    // A datetime.datetime is a datetime.date too: take its date.
    if let Ok(dt) = v.extract::<chrono::NaiveDateTime>() {
        return Ok(dt.date());
    }
    v.extract::<NaiveDate>().map_err(|_| {
        BindingError::Input("as_of must be a datetime.date or a YYYY-MM-DD string".into())
    })
}

/// An order line's fields: destination, consignee, end user, end use,
/// origin (the order of the CLI's columns).
pub(crate) type OrderFields<'a> = [Option<&'a str>; 5];

pub(crate) fn order_of<'a>(item: Item<'a>, f: &OrderFields<'a>) -> Order<'a> {
    Order::from_fields(item, *f)
}

/// One input row, borrowed from Python strings or Arrow buffers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowIn<'a> {
    pub row: u64,
    pub id: Option<&'a str>,
    pub text: Option<&'a str>,
    pub hs: Option<&'a str>,
    pub scheme: Option<&'a str>,
    /// For an order line, its fields (all may be None).
    pub order: Option<OrderFields<'a>>,
}

/// The message of a row without a description (`screen_table` names the
/// column, as the CLI does).
pub(crate) const MISSING_DESCRIPTION: &str = "missing description";

/// Classifies one row and hands its record to `f`: the one place the
/// bindings turn a row into a [`Record`] (the CLI's `screen_row` does the
/// same with the same library calls: `Record::new`, `with_verdict`,
/// `with_detail`, `Record::error`).
pub(crate) fn with_record<T>(
    matcher: &dualuse::Matcher,
    screener: Option<&OrderScreener>,
    r: &RowIn<'_>,
    as_of: NaiveDate,
    detail: Detail,
    missing: &str,
    f: impl FnOnce(&Record<'_>) -> T,
) -> T {
    let fp = matcher.fingerprint();
    let text = r.text.filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        return f(&Record::error(r.row, r.id, missing.into(), fp));
    };
    let mut item = Item::new(text).as_of(as_of);
    if let Some(hs) = r.hs {
        item = item.hs(hs);
    }
    if let Some(s) = r.scheme {
        item = item.scheme(s);
    }
    let c: Classification<'_> = matcher.classify(&item);
    let verdict = screener
        .zip(r.order.as_ref())
        .map(|(s, o)| (s, s.verdict(&order_of(item, o), &c, as_of)));
    let mut rec = Record::new(r.row, r.id, &c).with_detail(detail);
    if let Some((s, v)) = &verdict {
        rec = rec.with_verdict(v, s.parties().fingerprint());
    }
    f(&rec)
}

fn json_loads<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((s,))
}

#[pymethods]
impl PyMatcher {
    /// The rule set compiled into the package (the project's `rules/`),
    /// with the built-in party lists and measures for order lines.
    #[staticmethod]
    fn builtin() -> Result<PyMatcher> {
        let m = dualuse::Matcher::builtin().map_err(|e| BindingError::Builtin(e.to_string()))?;
        Ok(PyMatcher {
            rules: Rules::Builtin(m),
            parties: Vec::new(),
            screener: OnceLock::new(),
        })
    }

    /// Loads rule files from directories or files (all `*.toml` of a
    /// directory) and compiles them; `parties` names party-list
    /// directories or files that replace the built-in lists.
    ///
    /// Raises `RulesError` (with `.diagnostics`, `.file`, `.line`, `.col`)
    /// when a file has errors, `ReadError` when one cannot be read.
    #[staticmethod]
    #[pyo3(signature = (dirs, parties=None))]
    fn from_dirs(
        py: Python<'_>,
        dirs: Vec<PathBuf>,
        parties: Option<Vec<PathBuf>>,
    ) -> Result<PyMatcher> {
        let parties = parties.unwrap_or_default();
        py.detach(|| {
            let rules = if dirs.is_empty() {
                dualuse::Ruleset::builtin()?
            } else {
                dirs.iter()
                    .fold(dualuse::Ruleset::builder(), |b, p| b.add_path(p))
                    .build()?
            };
            let screener = OnceLock::new();
            if !parties.is_empty() {
                let _ = screener.set(build_screener(&parties)?);
            }
            Ok(PyMatcher {
                rules: Rules::Loaded(Box::new(dualuse::Matcher::new(rules)?)),
                parties,
                screener,
            })
        })
    }

    /// The rule set's fingerprint (`sha256:…`), as every record carries it.
    #[getter]
    fn fingerprint(&self) -> &str {
        self.matcher().fingerprint()
    }

    /// The party lists' fingerprint, as a verdict's `lists` carries it.
    #[getter]
    fn parties_fingerprint(&self) -> Result<String> {
        Ok(self.screener()?.parties().fingerprint().to_string())
    }

    /// The record of one item as the JSON line `dualuse screen` writes
    /// (without the newline).
    #[pyo3(signature = (text, hs=None, scheme=None, as_of=None, detail="full", id=None, row=1))]
    #[allow(clippy::too_many_arguments)]
    fn classify_json(
        &self,
        py: Python<'_>,
        text: String,
        hs: Option<String>,
        scheme: Option<String>,
        as_of: Option<&Bound<'_, PyAny>>,
        detail: &str,
        id: Option<String>,
        row: u64,
    ) -> Result<String> {
        let as_of = parse_as_of(as_of)?;
        let detail = parse_detail(detail)?;
        let r = RowIn {
            row,
            id: id.as_deref(),
            text: Some(&text),
            hs: hs.as_deref(),
            scheme: scheme.as_deref(),
            order: None,
        };
        let m = self.matcher();
        Ok(py.detach(|| {
            with_record(m, None, &r, as_of, detail, MISSING_DESCRIPTION, |rec| {
                rec.to_json()
            })
        }))
    }

    /// The record of one order line (an item plus destination, consignee,
    /// end user, end use, origin) with its `verdict`, as a JSON line.
    #[pyo3(signature = (text, hs=None, scheme=None, destination=None, consignee=None, end_user=None, end_use=None, origin=None, as_of=None, detail="full", id=None, row=1))]
    #[allow(clippy::too_many_arguments)]
    fn screen_order_json(
        &self,
        py: Python<'_>,
        text: String,
        hs: Option<String>,
        scheme: Option<String>,
        destination: Option<String>,
        consignee: Option<String>,
        end_user: Option<String>,
        end_use: Option<String>,
        origin: Option<String>,
        as_of: Option<&Bound<'_, PyAny>>,
        detail: &str,
        id: Option<String>,
        row: u64,
    ) -> Result<String> {
        let as_of = parse_as_of(as_of)?;
        let detail = parse_detail(detail)?;
        let r = RowIn {
            row,
            id: id.as_deref(),
            text: Some(&text),
            hs: hs.as_deref(),
            scheme: scheme.as_deref(),
            order: Some([
                destination.as_deref(),
                consignee.as_deref(),
                end_user.as_deref(),
                end_use.as_deref(),
                origin.as_deref(),
            ]),
        };
        let m = self.matcher();
        py.detach(|| {
            let s = self.screener()?;
            Ok(with_record(
                m,
                Some(s),
                &r,
                as_of,
                detail,
                MISSING_DESCRIPTION,
                |rec| rec.to_json(),
            ))
        })
    }

    /// The record of one item with the rules that matched in part but gave
    /// no hit (`near_misses`: rule, ruleset, reason and the evidence found),
    /// for a person asking why a line did or did not hit.
    #[pyo3(signature = (text, hs=None, scheme=None, as_of=None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: String,
        hs: Option<String>,
        scheme: Option<String>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> Result<Bound<'py, PyAny>> {
        let as_of = parse_as_of(as_of)?;
        let mut item = Item::new(&text).as_of(as_of);
        if let Some(hs) = &hs {
            item = item.hs(hs);
        }
        if let Some(s) = &scheme {
            item = item.scheme(s);
        }
        let c = self.matcher().classify_explained(&item);
        let mut value = serde_json::to_value(Record::new(1, None, &c))?;
        let misses: Vec<serde_json::Value> = c
            .near_misses
            .iter()
            .map(|m| {
                let (reason, detail) = match &m.reason {
                    MissReason::NotInForce => ("not-in-force", serde_json::Value::Null),
                    MissReason::Excluded => ("excluded", serde_json::Value::Null),
                    MissReason::RequireUnmet(groups) => {
                        ("require-unmet", serde_json::json!(groups))
                    }
                    MissReason::ParametersFailed(p) => (
                        "parameters-failed",
                        p.iter().map(|q| q.describe()).collect::<Vec<_>>().into(),
                    ),
                    _ => ("other", serde_json::Value::Null),
                };
                let found: Vec<serde_json::Value> = m
                    .evidence
                    .iter()
                    .map(|e| {
                        let span = e.span();
                        let (kind, what) = match e {
                            Evidence::Term { kind, term, .. } => (
                                serde_json::to_value(kind).unwrap_or_default(),
                                term.to_string(),
                            ),
                            Evidence::Pattern { pattern, .. } => {
                                ("pattern".into(), pattern.to_string())
                            }
                            Evidence::Element { element, .. } => {
                                ("element".into(), element.to_string())
                            }
                            Evidence::Cas { cas, .. } => ("cas".into(), cas.to_string()),
                            Evidence::Hs { prefix, .. } => ("hs".into(), prefix.to_string()),
                            _ => ("other".into(), String::new()),
                        };
                        serde_json::json!({
                            "kind": kind,
                            "what": what,
                            "start": span.as_ref().map(|s| s.start),
                            "end": span.as_ref().map(|s| s.end),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "rule": m.rule.id,
                    "ruleset": m.ruleset.id,
                    "reason": reason,
                    "detail": detail,
                    "evidence": found,
                })
            })
            .collect();
        value["near_misses"] = misses.into();
        Ok(json_loads(py, &value.to_string())?)
    }

    /// Runs every rule example (and, with party lists, every party name
    /// example); see `dualuse.test`.
    #[pyo3(signature = (as_of=None))]
    fn run_examples<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<&Bound<'py, PyAny>>,
    ) -> Result<Bound<'py, PyDict>> {
        let as_of = parse_as_of(as_of)?;
        let report = self.matcher().run_examples(as_of);
        let d = PyDict::new(py);
        let failures = PyList::empty(py);
        for f in &report.failures {
            let x = PyDict::new(py);
            x.set_item("rule", &f.rule.id)?;
            x.set_item("text", &f.example.text)?;
            x.set_item("location", f.example.location.to_string())?;
            x.set_item("actual", &f.actual)?;
            failures.append(x)?;
        }
        let mut passed = report.passed;
        let mut failed = report.failures.len();
        if !self.parties.is_empty() {
            let pr = self.screener()?.run_party_examples();
            passed += pr.passed;
            failed += pr.failures.len();
            for f in &pr.failures {
                let x = PyDict::new(py);
                x.set_item("party", &f.party)?;
                x.set_item("text", &f.name)?;
                x.set_item("location", &f.location)?;
                x.set_item("actual", if f.expected_hit { "missed" } else { "matched" })?;
                failures.append(x)?;
            }
        }
        d.set_item("passed", passed)?;
        d.set_item("failed", failed)?;
        d.set_item("failures", failures)?;
        Ok(d)
    }

    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (texts, hs, scheme, default_scheme, ids, rows, order, as_of, detail, record_json, missing=None))]
    fn _batch<'py>(
        &self,
        py: Python<'py>,
        texts: pyo3_arrow::PyChunkedArray,
        hs: Option<pyo3_arrow::PyChunkedArray>,
        scheme: Option<pyo3_arrow::PyChunkedArray>,
        default_scheme: Option<String>,
        ids: Option<pyo3_arrow::PyChunkedArray>,
        rows: Option<pyo3_arrow::PyChunkedArray>,
        order: Option<[Option<pyo3_arrow::PyChunkedArray>; 5]>,
        as_of: Option<&Bound<'py, PyAny>>,
        detail: &str,
        record_json: bool,
        missing: Option<String>,
    ) -> Result<Bound<'py, PyAny>> {
        let as_of = parse_as_of(as_of)?;
        let detail = parse_detail(detail)?;
        let screener = match &order {
            Some(_) => Some(self.screener()?),
            None => None,
        };
        let columns = batch::Columns::new(texts, hs, scheme, ids, rows, order)?;
        let m = self.matcher();
        let table = py.detach(|| {
            batch::screen(
                m,
                screener,
                &columns,
                &batch::Options {
                    default_scheme: default_scheme.as_deref(),
                    as_of,
                    detail,
                    record_json,
                    missing: missing.as_deref().unwrap_or(MISSING_DESCRIPTION),
                },
            )
        })?;
        Ok(table.into_pyarrow(py)?)
    }
}

/// One problem in a rule or party file: `severity` (`"error"` or
/// `"warning"`), `file`, `line`, `col` (1-based, in characters) and
/// `message`; `str()` gives `file:line:col: severity: message`.
#[pyclass(module = "dualuse._dualuse", name = "Diagnostic", frozen, get_all)]
#[derive(Debug, Clone)]
pub struct PyDiagnostic {
    severity: &'static str,
    file: String,
    line: usize,
    col: usize,
    message: String,
    text: String,
}

impl From<&dualuse::Diagnostic> for PyDiagnostic {
    fn from(d: &dualuse::Diagnostic) -> Self {
        PyDiagnostic {
            severity: match d.severity {
                dualuse::Severity::Error => "error",
                _ => "warning",
            },
            file: d.location.file.clone(),
            line: d.location.line,
            col: d.location.col,
            message: d.message.clone(),
            text: d.to_string(),
        }
    }
}

#[pymethods]
impl PyDiagnostic {
    fn __str__(&self) -> &str {
        &self.text
    }

    fn __repr__(&self) -> String {
        format!("<Diagnostic {}>", self.text)
    }
}

/// Loads rule files (and party files) as `dualuse check` does and returns
/// every diagnostic, errors and warnings; an empty list means the files are
/// clean. Raises `ReadError` when a file cannot be read.
#[pyfunction]
#[pyo3(signature = (dirs, parties=None))]
fn check(
    py: Python<'_>,
    dirs: Vec<PathBuf>,
    parties: Option<Vec<PathBuf>>,
) -> Result<Vec<PyDiagnostic>> {
    py.detach(|| {
        let mut out = Vec::new();
        let rules = dirs
            .iter()
            .fold(dualuse::Ruleset::builder(), |b, p| b.add_path(p))
            .build()
            .map(|rs| rs.warnings().to_vec());
        collect(rules, &mut out)?;
        if let Some(parties) = parties.filter(|p| !p.is_empty()) {
            let lists = parties
                .iter()
                .fold(dualuse::PartyLists::builder(), |b, p| b.add_path(p))
                .build()
                .map(|l| l.warnings().to_vec());
            collect(lists, &mut out)?;
        }
        Ok(out)
    })
}

fn collect(
    loaded: std::result::Result<Vec<dualuse::Diagnostic>, dualuse::Error>,
    out: &mut Vec<PyDiagnostic>,
) -> Result<()> {
    match loaded {
        Ok(w) => out.extend(w.iter().map(PyDiagnostic::from)),
        Err(dualuse::Error::Rules(d)) => out.extend(d.iter().map(PyDiagnostic::from)),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// The Python module.
#[pymodule]
fn _dualuse(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMatcher>()?;
    m.add_class::<PyDiagnostic>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
