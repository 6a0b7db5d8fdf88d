//! Errors of the bindings and the Python exceptions they become.
//!
//! The exception classes live in `dualuse/_errors.py` (so that they can
//! inherit from both `DualuseError` and a built-in such as `ValueError`):
//! `RulesError` carries the `file:line:col` diagnostics, `ReadError` a file
//! that cannot be read, `InvalidInputError` a bad argument.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// Everything that can go wrong in the bindings.
#[derive(Debug, thiserror::Error)]
pub enum BindingError {
    /// Loading or compiling rules or party lists failed.
    #[error(transparent)]
    Dualuse(#[from] dualuse::Error),
    /// The rules compiled into the package do not load (a build defect).
    #[error("the built-in rules do not load: {0}")]
    Builtin(String),
    /// A bad argument: a date, a `detail`, columns of different lengths.
    #[error("{0}")]
    Input(String),
    /// Building the Arrow table failed.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// Serializing a record failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A Python error, passed through.
    #[error(transparent)]
    Python(#[from] PyErr),
}

/// The bindings' result.
pub type Result<T> = std::result::Result<T, BindingError>;

fn exception<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("dualuse._errors")?.getattr(name)
}

impl BindingError {
    fn into_pyerr(self, py: Python<'_>) -> PyResult<PyErr> {
        let message = self.to_string();
        let err = match self {
            BindingError::Python(e) => return Ok(e),
            BindingError::Dualuse(dualuse::Error::Rules(d)) => {
                let list = PyList::empty(py);
                for x in &d {
                    list.append(crate::PyDiagnostic::from(x))?;
                }
                exception(py, "RulesError")?.call1((message, list))?
            }
            BindingError::Dualuse(e) => {
                let mut text = e.to_string();
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    text.push_str(&format!(": {c}"));
                    cause = c.source();
                }
                let class = match e {
                    dualuse::Error::Automaton(_) => "DualuseError",
                    _ => "ReadError",
                };
                exception(py, class)?.call1((text,))?
            }
            BindingError::Input(_) => exception(py, "InvalidInputError")?.call1((message,))?,
            BindingError::Builtin(_) | BindingError::Arrow(_) | BindingError::Json(_) => {
                exception(py, "DualuseError")?.call1((message,))?
            }
        };
        Ok(PyErr::from_value(err))
    }
}

impl From<BindingError> for PyErr {
    fn from(e: BindingError) -> PyErr {
        Python::attach(|py| e.into_pyerr(py).unwrap_or_else(|err| err))
    }
}
