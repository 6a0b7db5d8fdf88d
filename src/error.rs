//! Errors and diagnostics.

use crate::rule::Location;
use std::fmt;
use std::path::PathBuf;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Severity {
    /// The rule set cannot be used (for example, an unknown key).
    Error,
    /// The rule set loads, but `dualuse check --strict` fails (for example,
    /// a rule without examples).
    Warning,
}

/// A problem found in a rule file, with its position.
///
/// ```
/// let err = dualuse::Ruleset::from_source("r.toml", "[ruleset]\nid = 1\n").unwrap_err();
/// let dualuse::Error::Rules(diagnostics) = err else { panic!("{err}") };
/// let first = diagnostics.iter().next().unwrap();
/// assert_eq!(first.severity, dualuse::Severity::Error);
/// assert_eq!((first.location.line, first.location.col), (2, 6));
/// assert_eq!(first.to_string(), "r.toml:2:6: error: invalid type: integer `1`, expected a string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File, line and column.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

/// Formats as `file:line:col: error: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}: {}", self.location, self.message)
    }
}

/// A list of diagnostics, displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Iterates over the diagnostics.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong loading rules or building a matcher.
///
/// Errors keep their cause as their [`source`](std::error::Error::source);
/// the message of each names only what failed. Rule-file problems are
/// [`Error::Rules`], one [`Diagnostic`] per problem:
///
/// ```
/// let err = dualuse::Ruleset::from_dir("no/such/dir").unwrap_err();
/// assert!(matches!(err, dualuse::Error::Io { .. }));
/// assert_eq!(err.to_string(), "cannot read no/such/dir");
/// assert!(std::error::Error::source(&err).is_some());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rule file or directory could not be read. The I/O error is the
    /// [`source`](std::error::Error::source), not part of the message.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A path given as a rule file is a directory, device or socket, not a
    /// regular file (or a pipe).
    #[error("{} is not a regular file", .0.display())]
    NotAFile(PathBuf),
    /// A rule file is larger than the loader reads (64 MiB).
    #[error("rule file {} is larger than {limit} bytes", path.display())]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// The most bytes a rule file may have.
        limit: u64,
    },
    /// A rule directory has no `*.toml` files.
    #[error("no rule files (*.toml) in {}", .0.display())]
    NoRuleFiles(PathBuf),
    /// The rule files have errors; each names file, line and column.
    #[error("{0}")]
    Rules(Diagnostics),
    /// The term automaton could not be built (for example, too many terms
    /// for its state identifiers); the automaton's error is the
    /// [`source`](std::error::Error::source).
    #[error("cannot build the term automaton")]
    Automaton(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl From<aho_corasick::BuildError> for Error {
    fn from(e: aho_corasick::BuildError) -> Error {
        Error::Automaton(Box::new(e))
    }
}
