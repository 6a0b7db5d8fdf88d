//! Loading and validating rule files.
//!
//! Loading is strict and all-or-nothing: every problem in every file is
//! collected as a [`Diagnostic`] naming file, line and column, and a rule set
//! with any error is not built at all.
//!
//! * [`read`]: reading a file, bounded ([`read::MAX_RULE_FILE_BYTES`]),
//!   with text that is not UTF-8 located at its first invalid byte;
//! * [`schema`]: the file format as serde reads it (the only place it is
//!   declared);
//! * this module: turning those tables into the validated model
//!   ([`crate::rule`]), with one diagnostic per problem;
//! * [`pattern`]: checking `patterns` by parsing them, with the compiler's
//!   syntax settings and a size bound, instead of compiling them (the
//!   matcher compiles each pattern once, on first use);
//! * [`params`]: validating `[[rule.params]]` into [`crate::param::ParamSpec`].
//!
//! # Errors and warnings
//!
//! An *error* is a file that does not say what it means: a malformed or
//! unknown value, a duplicate id, a term that is empty or names nothing
//! after normalization (only separators, combining marks or invisible
//! characters such as a zero-width space), a pattern that does not compile,
//! is too big or only matches the empty string, or a size beyond the limits
//! below. A rule set with an error does not load.
//!
//! A *warning* is a file that says something well-defined but probably not
//! meant: a rule without a `hit` and a `miss` example, a term too short to
//! be specific, an `exclude` term equal to one of the rule's `terms` after
//! normalization (the rule never hits on that term; with all terms
//! excluded and no patterns it can never hit by text), a pattern that can
//! match the empty string. Such a rule set loads, so big generated rule
//! sets are not held up by one dead condition; `dualuse check` reports the
//! warnings and `dualuse check --strict`, which the project's CI runs,
//! fails on them.
//!
//! # Limits
//!
//! Limits keep loading and building the matcher fast and bounded; each is
//! far above anything the shipped rules use, and exceeding one is an error
//! at the offending value:
//!
//! * a rule file has at most 64 MiB ([`read::MAX_RULE_FILE_BYTES`]);
//! * a term (`terms`, `require`, `exclude`) has at most
//!   [`MAX_TERM_BYTES`] = 256 bytes after normalization (the automaton of
//!   all terms builds slowly from very long terms);
//! * a rule has at most [`MAX_REQUIRE_GROUPS`] = 64 `require` groups
//!   (the matcher tracks them in a 64-bit mask); its `terms`, `patterns`
//!   and `exclude` lists have no limit of their own beyond the file size,
//!   since the matcher keeps their indices in 32 bits;
//! * a pattern's estimated automaton size is at most
//!   [`pattern::MAX_PATTERN_COST`] (counted repetitions multiply it).

pub(crate) mod params;
mod pattern;
pub(crate) mod read;
pub(crate) mod schema;

use crate::error::{Diagnostic, Error, Severity};
use crate::hs::{HsCode, INTERNATIONAL_DIGITS, MAX_DIGITS};
use crate::param::ParamStatus;
use crate::rule::{
    Category, Example, Expect, Header, Location, Regime, Rule, RulesetInfo, Suspension,
};
use crate::text::normalize;
use crate::{Confidence, Ruleset, elements};
use chrono::NaiveDate;
use schema::{RawExample, RawFile, RawRule};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The most `require` groups a rule may have.
pub(crate) const MAX_REQUIRE_GROUPS: usize = 64;

/// The most bytes a term (`terms`, `require`, `exclude`) may have after
/// normalization. Every term goes into one automaton whose construction
/// slows down sharply with very long terms (one term of 16,000 to 64,000
/// characters made `screen`, `test` and `explain` take minutes, while
/// `check` passed it); the longest shipped term has 57 bytes.
pub(crate) const MAX_TERM_BYTES: usize = 256;

/// Collects rule sources and builds a [`Ruleset`].
///
/// ```
/// let rules = dualuse::Ruleset::builder()
///     .add_source("inline.toml", r#"
/// [ruleset]
/// id = "demo"
/// regime = "RE"
/// title = "Demo"
/// instrument = "none"
/// source = "https://example.org"
/// effective = 2025-01-01
/// reviewed = 2025-01-01
///
/// [[rule]]
/// id = "RE-DEMO"
/// category = "rare-earth-dependent"
/// title = "Neodymium magnets"
/// terms = ["ndfeb"]
/// "#)
///     .build()?;
/// assert_eq!(rules.rules().len(), 1);
/// # Ok::<(), dualuse::Error>(())
/// ```
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build`"]
pub struct RulesetBuilder {
    sources: Sources,
}

/// What a builder has been given: each source's name and text (or the
/// diagnostic of a file that is not UTF-8), and the errors of files and
/// directories that could not be read. Rule and party builders share it.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    texts: Vec<(String, Result<String, Diagnostic>)>,
    errors: Vec<Error>,
}

impl Sources {
    pub(crate) fn add_source(&mut self, name: String, text: String) {
        self.texts.push((name, Ok(text)));
    }

    /// Reads one file: a regular file or pipe of at most 64 MiB.
    pub(crate) fn add_file(&mut self, path: &Path) {
        match read::read_rule_file(path) {
            Ok(text) => self.texts.push((path.display().to_string(), text)),
            Err(e) => self.errors.push(e),
        }
    }

    /// A directory's files, or one file.
    pub(crate) fn add_path(&mut self, path: &Path) {
        if path.is_dir() {
            self.add_dir(path)
        } else {
            self.add_file(path)
        }
    }

    /// Reads every `*.toml` file of a directory, in name order.
    pub(crate) fn add_dir(&mut self, dir: &Path) {
        match toml_files(dir) {
            Ok(files) if files.is_empty() => {
                self.errors.push(Error::NoRuleFiles(dir.to_path_buf()))
            }
            Ok(files) => {
                for f in files {
                    self.add_file(&f);
                }
            }
            Err(source) => self.errors.push(Error::Io {
                path: dir.to_path_buf(),
                source,
            }),
        }
    }

    /// Hands each source, in order, to `load`: its name and its text, or
    /// the diagnostic of a file that is not UTF-8. The first error of
    /// reading instead, if there was one.
    pub(crate) fn load_each(
        mut self,
        mut load: impl FnMut(&str, Result<&str, &Diagnostic>),
    ) -> Result<(), Error> {
        if let Some(e) = self.errors.drain(..).next() {
            return Err(e);
        }
        for (name, text) in &self.texts {
            load(name, text.as_deref());
        }
        Ok(())
    }
}

/// The warnings among `diagnostics`, or all the errors as
/// [`Error::Rules`] if there is any: a set with an error is not built.
pub(crate) fn warnings_or_errors(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if errors.is_empty() {
        Ok(warnings)
    } else {
        Err(Error::Rules(errors.into()))
    }
}

impl RulesetBuilder {
    /// A builder with no sources.
    pub fn new() -> RulesetBuilder {
        RulesetBuilder::default()
    }

    /// Adds rule-file text; `name` is used in diagnostics.
    #[must_use = "the builder is returned with the source added"]
    pub fn add_source(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.add_source(name.into(), text.into());
        self
    }

    /// Adds one rule file.
    ///
    /// The file must be a regular file (or a pipe) of at most 64 MiB;
    /// otherwise [`build`](Self::build) fails with [`Error::NotAFile`] or
    /// [`Error::TooLarge`], having read at most one byte more than the
    /// limit. Text that is not UTF-8 is reported like any other problem in
    /// the file, as a [`Diagnostic`] at the first invalid byte.
    #[must_use = "the builder is returned with the source added"]
    pub fn add_file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.add_file(path.as_ref());
        self
    }

    /// Adds every `*.toml` file of a directory (not recursive), in name
    /// order. Entries that are not regular files (directories, devices,
    /// broken links) are skipped; a directory without rule files is
    /// [`Error::NoRuleFiles`].
    #[must_use = "the builder is returned with the source added"]
    pub fn add_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.sources.add_dir(dir.as_ref());
        self
    }

    /// [`add_dir`](Self::add_dir) for a directory, [`add_file`](Self::add_file)
    /// for anything else: what a `--rules PATH` flag means.
    #[must_use = "the builder is returned with the source added"]
    pub fn add_path(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.add_path(path.as_ref());
        self
    }

    /// Parses and validates everything added. Any error fails the whole set.
    pub fn build(self) -> Result<Ruleset, Error> {
        let mut loader = Loader::default();
        self.sources.load_each(|name, text| match text {
            Ok(text) => loader.load_source(name, text),
            Err(not_utf8) => loader.diagnostics.push(not_utf8.clone()),
        })?;
        loader.finish()
    }
}

pub(crate) fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Maps byte offsets of one source to line and column.
pub(crate) struct Positions<'a> {
    name: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(name: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            name,
            text,
            line_starts,
        }
    }

    pub(crate) fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Location {
            file: self.name.to_string(),
            line,
            col,
        }
    }
}

#[derive(Default)]
struct Loader {
    infos: Vec<RulesetInfo>,
    rules: Vec<Rule>,
    diagnostics: Vec<Diagnostic>,
    ruleset_ids: HashMap<String, Location>,
    rule_ids: HashMap<String, Location>,
}

/// Per-source context for validation (rule files here, party files in
/// `crate::party`).
pub(crate) struct Ctx<'a> {
    pub(crate) pos: Positions<'a>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// A context for the source `name` with text `text`.
    pub(crate) fn new(name: &'a str, text: &'a str) -> Ctx<'a> {
        Ctx {
            pos: Positions::new(name, text),
            diagnostics: Vec::new(),
        }
    }
}

impl Ctx<'_> {
    pub(crate) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.push(Severity::Error, span, message);
    }

    pub(crate) fn warning(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.push(Severity::Warning, span, message);
    }

    fn push(&mut self, severity: Severity, span: Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            severity,
            location: self.pos.locate(span.start),
            message: message.into(),
        });
    }

    /// A regime code (rule sets, party lists).
    pub(crate) fn regime(&mut self, r: &Spanned<String>) -> Option<Regime> {
        let regime = Regime::parse(r.get_ref());
        if regime.is_none() {
            self.error(
                r.span(),
                format!(
                    "unknown regime `{}`; expected one of CN, EU, US, JP, WA, RE",
                    r.get_ref()
                ),
            );
        }
        regime
    }

    /// Suspension windows (rule sets, party lists and listings,
    /// measures), sorted; a window that ends before it starts is an error.
    pub(crate) fn suspensions(
        &mut self,
        raw: &[Spanned<schema::RawSuspension>],
    ) -> Vec<Suspension> {
        let mut suspended = Vec::new();
        for s in raw {
            let (from, until) = (
                self.date(&s.get_ref().from, "from"),
                self.date(&s.get_ref().until, "until"),
            );
            if let (Some(from), Some(until)) = (from, until) {
                if from > until {
                    self.error(
                        s.span(),
                        format!("suspension window ends ({until}) before it starts ({from})"),
                    );
                }
                suspended.push(Suspension { from, until });
            }
        }
        suspended.sort();
        suspended
    }

    pub(crate) fn non_empty(&mut self, s: &Spanned<String>, what: &str) -> String {
        if s.get_ref().trim().is_empty() {
            self.error(s.span(), format!("`{what}` must not be empty"));
        }
        s.get_ref().clone()
    }

    pub(crate) fn date(&mut self, d: &Spanned<schema::Datetime>, what: &str) -> Option<NaiveDate> {
        let v = d.get_ref();
        let date = match (v.date, v.time, v.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            _ => None,
        };
        if date.is_none() {
            self.error(
                d.span(),
                format!("`{what}` must be a date such as 2025-04-04, not `{v}`"),
            );
        }
        date
    }

    /// A term as written, if it is one: after normalization it must have a
    /// letter or digit and at most [`MAX_TERM_BYTES`] bytes.
    fn term(&mut self, t: &Spanned<String>, what: &str) -> Option<String> {
        let n = normalize(t.get_ref());
        let n = n.trim_matches(' ');
        if n.trim().is_empty() {
            self.error(
                t.span(),
                format!("{what} `{}` is empty after normalization", t.get_ref()),
            );
            return None;
        }
        if !n.chars().any(char::is_alphanumeric) {
            self.error(
                t.span(),
                format!(
                    "{what} `{}` has no letter or digit after normalization (only separators, marks or invisible characters such as a zero-width space): it names nothing to match",
                    t.get_ref().escape_debug()
                ),
            );
            return None;
        }
        if n.len() > MAX_TERM_BYTES {
            let head: String = t.get_ref().chars().take(24).collect();
            self.error(
                t.span(),
                format!(
                    "{what} `{head}…` is {} bytes long after normalization; at most {MAX_TERM_BYTES} are allowed (a term names a product; use several terms or a `pattern`)",
                    n.len()
                ),
            );
            return None;
        }
        Some(t.get_ref().clone())
    }
}

impl Loader {
    fn load_source(&mut self, name: &str, text: &str) {
        let mut ctx = Ctx {
            pos: Positions::new(name, text),
            diagnostics: Vec::new(),
        };
        match toml::from_str::<RawFile>(text) {
            Ok(raw) => self.load_file(&mut ctx, raw),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().replace('\n', " ");
                ctx.error(span, message);
            }
        }
        self.diagnostics.append(&mut ctx.diagnostics);
    }

    fn load_file(&mut self, ctx: &mut Ctx<'_>, raw: RawFile) {
        let header_span = raw.ruleset.span();
        let rs = raw.ruleset.into_inner();
        let id = ctx.non_empty(&rs.id, "id");
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            ctx.error(
                rs.id.span(),
                format!("ruleset id `{id}` may only use ASCII letters, digits, `-`, `_` and `.`"),
            );
        }
        let here = ctx.pos.locate(rs.id.span().start);
        if let Some(prev) = self.ruleset_ids.insert(id.clone(), here) {
            ctx.error(
                rs.id.span(),
                format!("duplicate ruleset id `{id}`; first defined at {prev}"),
            );
        }
        let regime = ctx.regime(&rs.regime);
        let title = ctx.non_empty(&rs.title, "title");
        let instrument = ctx.non_empty(&rs.instrument, "instrument");
        let source = ctx.non_empty(&rs.source, "source");
        let effective = ctx.date(&rs.effective, "effective");
        let reviewed = ctx.date(&rs.reviewed, "reviewed");
        let suspended = ctx.suspensions(&rs.suspended);
        let (Some(regime), Some(effective), Some(reviewed)) = (regime, effective, reviewed) else {
            return;
        };
        let index = self.infos.len();
        let info = RulesetInfo {
            id,
            regime,
            title,
            instrument,
            source,
            effective,
            suspended,
            reviewed,
            notes: rs.notes,
            origin: ctx.pos.name.to_string(),
        };
        let header = Header(Arc::new(info.clone()));
        self.infos.push(info);
        if raw.rule.is_empty() {
            ctx.warning(header_span, "rule file has no [[rule]] tables");
        }
        for r in raw.rule {
            if let Some(rule) = self.load_rule(ctx, r, index, &header) {
                self.rules.push(rule);
            }
        }
    }

    fn load_rule(
        &mut self,
        ctx: &mut Ctx<'_>,
        raw: Spanned<RawRule>,
        ruleset: usize,
        header: &Header,
    ) -> Option<Rule> {
        let regime = header.0.regime;
        let errors_before = ctx.diagnostics.len();
        let span = raw.span();
        let r = raw.into_inner();
        let id = ctx.non_empty(&r.id, "id");
        let here = ctx.pos.locate(r.id.span().start);
        if let Some(prev) = self.rule_ids.insert(id.clone(), here) {
            ctx.error(
                r.id.span(),
                format!("duplicate rule id `{id}`; first defined at {prev}"),
            );
        }
        let control_code = match (&r.control_code, regime) {
            (Some(c), Regime::RE) => {
                ctx.error(c.span(), "rules of regime RE have no `control_code`");
                None
            }
            (Some(c), _) => Some(ctx.non_empty(c, "control_code")),
            (None, Regime::RE) => None,
            (None, _) => {
                ctx.error(
                    r.id.span(),
                    format!("rule `{id}` needs a `control_code` (regime {regime})"),
                );
                None
            }
        };
        let category = match r.category.get_ref().as_str() {
            "dual-use" => Some(Category::DualUse),
            "rare-earth-dependent" => Some(Category::RareEarthDependent),
            other => {
                ctx.error(
                    r.category.span(),
                    format!(
                        "unknown category `{other}`; expected `dual-use` or `rare-earth-dependent`"
                    ),
                );
                None
            }
        };
        let title = ctx.non_empty(&r.title, "title");
        let mut elements = Vec::new();
        for e in &r.elements {
            if elements::is_symbol(e.get_ref()) {
                elements.push(e.get_ref().clone());
            } else {
                ctx.error(
                    e.span(),
                    format!("unknown element symbol `{}`", e.get_ref()),
                );
            }
        }
        let mut hs = Vec::new();
        for h in &r.hs {
            match HsCode::parse_len(h.get_ref(), 2, INTERNATIONAL_DIGITS) {
                Ok(code) => hs.push(code),
                Err(e) => ctx.error(
                    h.span(),
                    format!("{e} (international HS prefix; national codes go in `hs_national`)"),
                ),
            }
        }
        let mut hs_national = BTreeMap::new();
        for (scheme, codes) in &r.hs_national {
            let valid_scheme = scheme.len() >= 2 && scheme.chars().all(|c| c.is_ascii_uppercase());
            let mut list = Vec::new();
            for h in codes {
                if !valid_scheme {
                    ctx.error(h.span(), format!("national scheme `{scheme}` must be upper-case letters such as CN, EU, US, JP"));
                }
                match HsCode::parse_len(h.get_ref(), 4, MAX_DIGITS) {
                    Ok(code) => list.push(code),
                    Err(e) => ctx.error(h.span(), e.to_string()),
                }
            }
            hs_national.insert(scheme.clone(), list);
        }
        let cas = cas_numbers(ctx, &r.cas);
        let terms: Vec<String> = r.terms.iter().filter_map(|t| ctx.term(t, "term")).collect();
        for t in &r.terms {
            lint_short_term(ctx, t);
        }
        let mut patterns = Vec::new();
        for p in &r.patterns {
            match pattern::check(p.get_ref()) {
                Ok(hir) => {
                    if pattern::matches_only_empty(&hir) {
                        ctx.error(
                            p.span(),
                            format!(
                                "pattern `{}` only matches the empty string, which is never a hit",
                                p.get_ref()
                            ),
                        );
                    } else if pattern::can_match_empty(&hir) {
                        ctx.warning(
                            p.span(),
                            format!("pattern `{}` can match the empty string; an empty match is no hit, and the leftmost match of a text may be the empty one, so the pattern misses texts it seems to match (require at least one character)", p.get_ref()),
                        );
                    }
                    patterns.push(p.get_ref().clone());
                }
                Err(e) => ctx.error(p.span(), e.to_string()),
            }
        }
        let mut require = Vec::new();
        if r.require.len() > MAX_REQUIRE_GROUPS {
            ctx.error(
                r.require[MAX_REQUIRE_GROUPS].span(),
                format!("at most {MAX_REQUIRE_GROUPS} `require` groups"),
            );
        }
        for g in &r.require {
            if g.get_ref().is_empty() {
                ctx.error(g.span(), "a `require` group needs at least one term");
            }
            require.push(
                g.get_ref()
                    .iter()
                    .filter_map(|t| ctx.term(t, "require term"))
                    .collect(),
            );
        }
        let exclude = r
            .exclude
            .iter()
            .filter_map(|t| ctx.term(t, "exclude term"))
            .collect();
        lint_excluded_terms(ctx, &r, &id);
        let mut forms = Vec::new();
        for f in &r.forms {
            match crate::chem::ElementForm::parse(f.get_ref()) {
                Some(form) if !forms.contains(&form) => forms.push(form),
                Some(_) => ctx.warning(f.span(), format!("form `{}` is listed twice", f.get_ref())),
                None => ctx.error(
                    f.span(),
                    format!(
                        "unknown form `{}`; expected one of {}",
                        f.get_ref(),
                        crate::chem::ElementForm::ALL
                            .iter()
                            .map(|f| f.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        let first = r.elements.first().map(|f| f.get_ref().as_str());
        let with = partner_symbols(
            ctx,
            &r.with,
            "with",
            first,
            "`with` lists the other elements of the compound",
            &[],
        );
        let with_optional = partner_symbols(
            ctx,
            &r.with_optional,
            "with_optional",
            first,
            "it lists other elements the compound may have",
            &with,
        );
        if !r.with_optional.is_empty() && r.with.is_empty() {
            ctx.error(
                r.with_optional[0].span(),
                format!("rule `{id}` has `with_optional` but no `with`: the optional partners widen the exact partner set `with` names"),
            );
        }
        if !r.with.is_empty() && r.forms.is_empty() {
            ctx.error(
                r.with[0].span(),
                format!("rule `{id}` has `with` but no `forms`: `with` qualifies the element mentions that `forms` select"),
            );
        }
        if !r.forms.is_empty() && r.elements.is_empty() {
            ctx.error(
                r.forms[0].span(),
                format!("rule `{id}` has `forms` but no `elements`: forms select mentions of its first element"),
            );
        }
        let has_text = !r.terms.is_empty()
            || !r.patterns.is_empty()
            || !r.forms.is_empty()
            || !r.cas.is_empty();
        let mut params = Vec::new();
        for p in &r.params {
            match params::spec(p.get_ref()) {
                Ok(spec) => params.push(spec),
                // An entry with no fields has no span of its own.
                Err(e) if e.span == (0..0) => ctx.error(p.span(), e.message),
                Err(e) => ctx.error(e.span, e.message),
            }
        }
        if !r.params.is_empty() && !has_text {
            ctx.error(
                r.params[0].span(),
                format!("rule `{id}` has `params` but no `terms`, `patterns`, `cas` or `forms`: parameters are read only from descriptions that name the product"),
            );
        }
        let has_hs = !r.hs.is_empty() || r.hs_national.values().any(|v| !v.is_empty());
        if !has_text && !has_hs {
            ctx.error(
                r.id.span(),
                format!(
                    "rule `{id}` has neither text conditions (`terms`, `patterns`, `cas`, `forms`) nor HS codes"
                ),
            );
        }
        if !has_text && (!r.require.is_empty() || !r.exclude.is_empty()) {
            ctx.error(r.id.span(), format!("rule `{id}` has `require`/`exclude` but no `terms`, `patterns`, `cas` or `forms` for them to qualify"));
        }
        let mut examples = Vec::new();
        for ex in &r.examples {
            if let Some(e) = load_example(ctx, ex, !r.params.is_empty()) {
                examples.push(e);
            }
        }
        let hits = examples.iter().filter(|e| e.expect == Expect::Hit).count();
        let misses = examples.len() - hits;
        if hits == 0 || misses == 0 {
            ctx.warning(
                r.id.span(),
                format!("rule `{id}` needs at least one `hit` and one `miss` example (has {hits} and {misses})"),
            );
        }
        let failed = ctx.diagnostics[errors_before..]
            .iter()
            .any(|d| d.severity == Severity::Error);
        Some(Rule {
            id,
            ruleset,
            control_code,
            category: category?,
            title,
            elements,
            hs,
            hs_national,
            cas,
            terms,
            patterns,
            require,
            exclude,
            forms,
            with,
            with_optional,
            params,
            notes: r.notes,
            examples,
            location: ctx.pos.locate(span.start),
            header: header.clone(),
            record_parts: Default::default(),
        })
        .filter(|_| !failed)
    }

    fn finish(self) -> Result<Ruleset, Error> {
        let warnings = warnings_or_errors(self.diagnostics)?;
        Ok(Ruleset::new(self.infos, self.rules, warnings))
    }
}

fn load_example(ctx: &mut Ctx<'_>, raw: &Spanned<RawExample>, has_params: bool) -> Option<Example> {
    let ex = raw.get_ref();
    let text = ex.text.get_ref().clone();
    if let Some(h) = &ex.hs {
        if let Err(e) = HsCode::parse(h.get_ref()) {
            ctx.error(h.span(), e.to_string());
        }
    }
    let as_of = match &ex.as_of {
        Some(d) => Some(ctx.date(d, "as_of")?),
        None => None,
    };
    let expect = match ex.expect.get_ref().as_str() {
        "hit" => Expect::Hit,
        "miss" => Expect::Miss,
        other => {
            ctx.error(
                ex.expect.span(),
                format!("`expect` must be `hit` or `miss`, not `{other}`"),
            );
            return None;
        }
    };
    let confidence = match &ex.confidence {
        Some(c) => match Confidence::parse(c.get_ref()) {
            Some(conf) if expect == Expect::Hit => Some(conf),
            Some(_) => {
                ctx.error(c.span(), "`confidence` only goes with `expect = \"hit\"`");
                None
            }
            None => {
                ctx.error(
                    c.span(),
                    format!(
                        "unknown confidence `{}`; expected `confirmed`, `text` or `hs`",
                        c.get_ref()
                    ),
                );
                None
            }
        },
        None => None,
    };
    let parameters = match &ex.parameters {
        None => None,
        Some(p) if !has_params => {
            ctx.error(p.span(), "`parameters` needs a rule with `params`");
            None
        }
        Some(p) if expect != Expect::Hit => {
            ctx.error(p.span(), "`parameters` only goes with `expect = \"hit\"`");
            None
        }
        Some(p) => match ParamStatus::parse(p.get_ref()) {
            Some(st @ (ParamStatus::Met | ParamStatus::Unknown)) => Some(st),
            _ => {
                ctx.error(
                    p.span(),
                    format!(
                        "`parameters` must be `met` or `unknown`, not `{}` (a rule whose parameters fail does not hit)",
                        p.get_ref()
                    ),
                );
                None
            }
        },
    };
    Some(Example {
        text,
        hs: ex.hs.as_ref().map(|h| h.get_ref().clone()),
        scheme: ex.scheme.as_ref().map(|s| s.get_ref().clone()),
        as_of,
        expect,
        confidence,
        parameters,
        location: ctx.pos.locate(raw.span().start),
    })
}

/// A rule's `cas` list: each a well-formed CAS Registry Number with the
/// right check digit (an error names the digit the others give), listed
/// once.
fn cas_numbers(ctx: &mut Ctx<'_>, raw: &[Spanned<String>]) -> Vec<String> {
    let mut seen: HashMap<crate::cas::Cas, Range<usize>> = HashMap::new();
    let mut list = Vec::new();
    for c in raw {
        match crate::cas::parse(c.get_ref()) {
            Ok(cas) => {
                if let Some(first) = seen.get(&cas) {
                    let at = ctx.pos.locate(first.start);
                    ctx.warning(
                        c.span(),
                        format!("CAS number `{cas}` is listed twice in this rule; first at {at}"),
                    );
                } else {
                    seen.insert(cas, c.span());
                }
                list.push(c.get_ref().clone());
            }
            Err(e) => ctx.error(
                c.span(),
                format!("CAS number `{}` {e}", c.get_ref().escape_debug()),
            ),
        }
    }
    list
}

/// Warns about `exclude` terms that are also `terms` of the rule (after
/// normalization): the rule never hits on such a term, since the term's own
/// occurrence vetoes it; with every term excluded and no patterns, the rule
/// can never hit by its text at all.
/// The element symbols of a partner list (`with`, `with_optional`),
/// validated: known symbols, not the rule's `first` element (`why` says
/// what the list is for), none of `required` (the `with` list, for
/// `with_optional`), each once.
fn partner_symbols(
    ctx: &mut Ctx<'_>,
    list: &[Spanned<String>],
    key: &str,
    first: Option<&str>,
    why: &str,
    required: &[String],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in list {
        let sym = e.get_ref();
        if !elements::is_symbol(sym) {
            ctx.error(e.span(), format!("unknown element symbol `{sym}`"));
        } else if first == Some(sym.as_str()) {
            ctx.error(
                e.span(),
                format!("`{key}` names the rule's first element `{sym}`: {why}"),
            );
        } else if required.contains(sym) {
            ctx.error(
                e.span(),
                format!("element `{sym}` is both in `with` (required) and in `{key}`"),
            );
        } else if out.contains(sym) {
            ctx.warning(
                e.span(),
                format!("element `{sym}` is listed twice in `{key}`"),
            );
        } else {
            out.push(sym.clone());
        }
    }
    out
}

fn lint_excluded_terms(ctx: &mut Ctx<'_>, r: &RawRule, id: &str) {
    let key = |t: &Spanned<String>| normalize(t.get_ref()).trim_matches(' ').to_string();
    let terms: Vec<String> = r.terms.iter().map(key).collect();
    let mut dead = vec![false; terms.len()];
    for e in &r.exclude {
        let e_key = key(e);
        let mut first = None;
        for (i, t) in terms.iter().enumerate() {
            if *t == e_key {
                dead[i] = true;
                first.get_or_insert(i);
            }
        }
        if let Some(i) = first {
            ctx.warning(
                e.span(),
                format!(
                    "exclude term `{}` is also the term `{}` of this rule: a text with that term always excludes itself, so the rule never hits on it",
                    e.get_ref(),
                    r.terms[i].get_ref()
                ),
            );
        }
    }
    if !dead.is_empty() && dead.iter().all(|&d| d) && r.patterns.is_empty() {
        ctx.warning(
            r.id.span(),
            format!("rule `{id}` excludes every one of its terms and has no patterns: it can never hit by its text"),
        );
    }
}

/// Warns about terms too short to be specific, such as a bare element symbol.
fn lint_short_term(ctx: &mut Ctx<'_>, t: &Spanned<String>) {
    let n = normalize(t.get_ref());
    let n = n.trim();
    if n.chars().count() <= 2 && n.chars().all(|c| c.is_ascii_alphanumeric()) {
        ctx.warning(
            t.span(),
            format!("term `{}` is too short to be specific (a bare symbol or abbreviation); use a longer name, a formula or a `pattern`", t.get_ref()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = r#"[ruleset]
id = "t"
regime = "CN"
title = "T"
instrument = "I"
source = "https://example.org"
effective = 2025-04-04
reviewed = 2026-01-01
"#;

    fn load(body: &str) -> Result<Ruleset, Error> {
        Ruleset::builder()
            .add_source("t.toml", format!("{HEADER}{body}"))
            .build()
    }

    fn first_error(body: &str) -> String {
        match load(body) {
            Err(Error::Rules(d)) => d.iter().next().map(|d| d.to_string()).unwrap_or_default(),
            other => panic!("expected rule errors, got {other:?}"),
        }
    }

    #[test]
    fn positions_are_one_based() {
        let p = Positions::new("f", "ab\ncdé\nx");
        assert_eq!(p.locate(0).to_string(), "f:1:1");
        assert_eq!(p.locate(3).to_string(), "f:2:1");
        assert_eq!(p.locate(7).to_string(), "f:2:4");
        assert_eq!(p.locate(8).to_string(), "f:3:1");
    }

    #[test]
    fn loads_a_valid_rule() {
        let rs = load(
            r#"
[[rule]]
id = "CN-1"
control_code = "1C902.a"
category = "dual-use"
title = "Samarium"
elements = ["Sm"]
hs = ["2805.30"]
hs_national = { CN = ["2805301910"] }
terms = ["samarium"]
"#,
        )
        .unwrap();
        let r = &rs.rules()[0];
        assert_eq!(r.hs[0].digits(), "280530");
        assert_eq!(r.hs_national["CN"][0].digits(), "2805301910");
        assert_eq!(r.location.line, 10);
    }

    /// `with` names element symbols other than the first element, and
    /// only qualifies `forms`; each problem is located at its value.
    #[test]
    fn with_is_validated() {
        let body = |rest: &str| {
            format!(
                "\n[[rule]]\nid = \"W\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nelements = [\"Ga\", \"As\"]\n{rest}\n"
            )
        };
        let rs = load(&body("forms = [\"compound\"]\nwith = [\"As\"]")).unwrap();
        assert_eq!(rs.rules()[0].with, ["As"]);
        assert_eq!(
            first_error(&body("forms = [\"compound\"]\nwith = [\"Xx\"]")),
            "t.toml:17:9: error: unknown element symbol `Xx`"
        );
        assert_eq!(
            first_error(&body("forms = [\"compound\"]\nwith = [\"As\", \"Ga\"]")),
            "t.toml:17:15: error: `with` names the rule's first element `Ga`: `with` lists the other elements of the compound"
        );
        assert_eq!(
            first_error(&body("terms = [\"gaas\"]\nwith = [\"As\"]")),
            "t.toml:17:9: error: rule `W` has `with` but no `forms`: `with` qualifies the element mentions that `forms` select"
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = first_error(
            "\n[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nterms = [\"a b c\"]\nelements = [\"Xx\"]\n",
        );
        assert_eq!(e, "t.toml:16:13: error: unknown element symbol `Xx`");
        let e = first_error(
            "\n[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nhs = [\"85x5\"]\n",
        );
        assert!(e.starts_with("t.toml:15:7: error: HS code `85x5`"), "{e}");
        let e = first_error(
            "\n[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\npatterns = [\"(\"]\n",
        );
        assert!(
            e.starts_with("t.toml:15:13: error: pattern does not compile"),
            "{e}"
        );
        let e = first_error(
            "\n[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\n",
        );
        assert!(e.contains("neither text conditions"), "{e}");
        let e = first_error(
            "\n[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nterms = [\"x\"]\nbogus = 1\n",
        );
        assert!(
            e.starts_with("t.toml:16:1: error: unknown field `bogus`"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_ids_across_sources() {
        let rule = "[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nterms = [\"abc\"]\n";
        let other = HEADER.replace("id = \"t\"", "id = \"u\"");
        let e = Ruleset::builder()
            .add_source("a.toml", format!("{HEADER}{rule}"))
            .add_source("b.toml", format!("{other}{rule}"))
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("b.toml:10:6: error: duplicate rule id `X`; first defined at a.toml:10:6"),
            "{e}"
        );
    }

    #[test]
    fn missing_examples_and_short_terms_warn() {
        let rs = load("[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\nterms = [\"Tb\", \"terbium\"]\n").unwrap();
        let w: Vec<String> = rs.warnings().iter().map(|d| d.to_string()).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().any(|w| w.contains("term `Tb` is too short")));
        assert!(
            w.iter()
                .any(|w| w.contains("needs at least one `hit` and one `miss` example"))
        );
    }

    const RULE: &str =
        "[[rule]]\nid = \"X\"\ncontrol_code = \"1\"\ncategory = \"dual-use\"\ntitle = \"t\"\n";

    #[test]
    fn long_terms_are_errors() {
        // One term of 16,000 characters used to load, and then building the
        // matcher took minutes.
        let long = "ab ".repeat(5_000) + "c";
        let e = first_error(&format!("{RULE}terms = [\"x1\", \"{long}\"]\n"));
        assert!(
            e.starts_with("t.toml:14:16: error: term `ab ab ab ab ab ab ab ab …` is 15001 bytes long after normalization; at most 256 are allowed"),
            "{e}"
        );
        // Exactly at the limit loads.
        let at = "a".repeat(MAX_TERM_BYTES);
        assert!(load(&format!("{RULE}terms = [\"{at}\"]\n")).is_ok());
    }

    #[test]
    fn terms_without_letters_or_digits_are_errors() {
        for (t, col) in [("\\u200B", 16), ("\\u0301", 16), ("\\uFEFF\\u00AD", 16)] {
            let e = first_error(&format!("{RULE}terms = [\"x1\", \"{t}\"]\n"));
            assert!(
                e.starts_with(&format!("t.toml:14:{col}: error: term `\\u{{")),
                "{e}"
            );
            assert!(
                e.contains("has no letter or digit after normalization"),
                "{e}"
            );
        }
        // A letter with a combining mark is a term.
        assert!(load(&format!("{RULE}terms = [\"e\\u0301tain\"]\n")).is_ok());
    }

    #[test]
    fn cas_numbers_are_validated_at_their_position() {
        let e = first_error(&format!("{RULE}cas = [\"7440-54-2\", \"7440-54-3\"]\n"));
        assert_eq!(
            e,
            "t.toml:14:21: error: CAS number `7440-54-3` has the wrong check digit 3: the other digits give 2"
        );
        for (bad, col) in [
            ("7440542", 8),
            ("123-45-6789", 8),
            ("07440-54-2", 8),
            ("7440 54 2", 8),
        ] {
            let e = first_error(&format!("{RULE}cas = [\"{bad}\"]\n"));
            assert_eq!(
                e,
                format!(
                    "t.toml:14:{col}: error: CAS number `{bad}` is not a CAS Registry Number: expected 2 to 7 digits (no leading zero), a hyphen, 2 digits, a hyphen and a check digit, such as 7440-54-2"
                )
            );
        }
        // A rule with only CAS numbers has a text condition, and may have
        // `require` and `exclude`.
        let rs = load(&format!(
            "{RULE}cas = [\"7440-54-2\", \"12064-62-9\"]\nexclude = [\"phosphor\"]\n"
        ))
        .unwrap();
        let r = &rs.rules()[0];
        assert_eq!(r.cas, ["7440-54-2", "12064-62-9"]);
        assert!(r.has_text_conditions());
        // Listed twice: a warning.
        let rs = load(&format!("{RULE}cas = [\"7440-54-2\", \"7440-54-2\"]\n")).unwrap();
        assert!(
            rs.warnings().iter().any(|d| d.to_string()
                == "t.toml:14:21: warning: CAS number `7440-54-2` is listed twice in this rule; first at t.toml:14:8"),
            "{:?}",
            rs.warnings()
        );
    }

    #[test]
    fn the_fingerprint_covers_cas_numbers() {
        let a = load(&format!("{RULE}terms = [\"gadolinium\"]\n")).unwrap();
        let b = load(&format!(
            "{RULE}cas = [\"7440-54-2\"]\nterms = [\"gadolinium\"]\n"
        ))
        .unwrap();
        let c = load(&format!(
            "{RULE}cas = [\"7440-55-3\"]\nterms = [\"gadolinium\"]\n"
        ))
        .unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_ne!(b.fingerprint(), c.fingerprint());
    }

    #[test]
    fn dead_conditions_warn() {
        let rs = load(&format!(
            "{RULE}terms = [\"Nd-Fe-B\", \"ndfeb\"]\nexclude = [\"nd fe b\"]\npatterns = ['x?']\n"
        ))
        .unwrap();
        let w: Vec<String> = rs.warnings().iter().map(|d| d.to_string()).collect();
        assert!(
            w.iter().any(|w| w.starts_with(
                "t.toml:15:12: warning: exclude term `nd fe b` is also the term `Nd-Fe-B`"
            )),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|w| w
                    .starts_with("t.toml:16:13: warning: pattern `x?` can match the empty string")),
            "{w:?}"
        );
        assert!(!w.iter().any(|w| w.contains("can never hit")), "{w:?}");
        let rs = load(&format!(
            "{RULE}terms = [\"ndfeb\"]\nexclude = [\"NDFEB\"]\n"
        ))
        .unwrap();
        assert!(
            rs.warnings()
                .iter()
                .any(|d| d.to_string() == "t.toml:10:6: warning: rule `X` excludes every one of its terms and has no patterns: it can never hit by its text"),
            "{:?}",
            rs.warnings()
        );
        let e = first_error(&format!("{RULE}terms = [\"x1\"]\npatterns = ['\\b']\n"));
        assert_eq!(
            e,
            "t.toml:15:13: error: pattern `\\b` only matches the empty string, which is never a hit"
        );
    }
}
