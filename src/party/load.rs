//! Loading party files (`parties/*.toml`): the schema and its checks.
//!
//! Strict like rule loading, with the same diagnostics machinery
//! ([`crate::load::Ctx`]): unknown keys, duplicate ids, unknown regimes or
//! list kinds, malformed dates and countries, empty names and suspension
//! windows that end before they begin are errors naming file, line and
//! column; a party without a hit and a miss example is a warning (which
//! `check --strict` fails). Files are read bounded and only if regular, as
//! rule files are.

use super::{ListInfo, ListKind, Party, PartyExample, PartyLists};
use crate::error::{Diagnostic, Error, Severity};
use crate::load::schema::{Datetime, RawSuspension};
use crate::load::{Ctx, Sources, warnings_or_errors};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// The header: which list of which announcement the file holds.
    #[cfg_attr(feature = "schema", schemars(with = "RawList"))]
    list: Spanned<RawList>,
    /// The listed parties, one `[[party]]` table each.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawParty>"))]
    party: Vec<Spanned<RawParty>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawList {
    /// Unique across all loaded files, e.g. `cn-mofcom-2026-11`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    id: Spanned<String>,
    /// The regime that keeps the list.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::RegimeName"))]
    regime: Spanned<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::json_schema::ListKindName")
    )]
    /// Which list: control, watch or unreliable.
    kind: Spanned<String>,
    /// What the list is.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    title: Spanned<String>,
    /// The announcement, e.g. `MOFCOM Announcement No. 11 of 2026`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    instrument: Spanned<String>,
    /// Where a person can read it (a URL).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    source: Spanned<String>,
    /// The date from which the listings apply.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    effective: Spanned<Datetime>,
    /// Windows in which the listings do not apply; both ends inclusive.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSuspension>"))]
    suspended: Vec<Spanned<RawSuspension>>,
    /// When a person last checked this file against its source.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::TomlDate"))]
    reviewed: Spanned<Datetime>,
    /// Free text for people.
    notes: Option<String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawParty {
    /// Unique across all loaded files.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    id: Spanned<String>,
    /// The listed name.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    name: Spanned<String>,
    /// The name in other scripts.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    names: Vec<Spanned<String>>,
    /// Other names the party goes by.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    aliases: Vec<Spanned<String>>,
    /// ISO 3166 alpha-2 code of its country.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    country: Spanned<String>,
    /// As listed.
    address: Option<String>,
    /// Windows in which this listing's measures are suspended.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawSuspension>"))]
    suspended: Vec<Spanned<RawSuspension>>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::json_schema::TomlDate>")
    )]
    /// The date from which this listing's measures stopped.
    stopped: Option<Spanned<Datetime>>,
    /// Free text for people.
    notes: Option<String>,
    /// Names `dualuse test --parties` checks.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<RawExample>"))]
    examples: Vec<Spanned<RawExample>>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawExample {
    /// A name as an order might spell it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    name: Spanned<String>,
    /// hit or miss.
    #[cfg_attr(feature = "schema", schemars(with = "crate::json_schema::ExpectName"))]
    expect: Spanned<String>,
}

/// The JSON Schema of a party file, from the structs above
/// ([`crate::json_schema::party_files`]).
#[cfg(feature = "schema")]
pub(crate) fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
    g.root_schema_for::<RawFile>()
}

/// Builds [`PartyLists`] from files, directories and text.
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build`"]
pub struct PartyListsBuilder {
    sources: Sources,
}

impl PartyListsBuilder {
    /// A builder with no sources.
    pub fn new() -> PartyListsBuilder {
        PartyListsBuilder::default()
    }

    /// Adds party-file text; `name` is used in diagnostics.
    pub fn add_source(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.add_source(name.into(), text.into());
        self
    }

    /// Adds one party file (a regular file or pipe of at most 64 MiB).
    pub fn add_file(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.add_file(path.as_ref());
        self
    }

    /// Adds every `*.toml` file of a directory, in name order; a directory
    /// without any is [`Error::NoRuleFiles`].
    pub fn add_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.sources.add_dir(dir.as_ref());
        self
    }

    /// [`add_dir`](Self::add_dir) for a directory, [`add_file`](Self::add_file)
    /// for anything else: what a `--parties PATH` flag means.
    pub fn add_path(mut self, path: impl AsRef<Path>) -> Self {
        self.sources.add_path(path.as_ref());
        self
    }

    /// Parses and validates everything added; any error fails the whole set.
    pub fn build(self) -> Result<PartyLists, Error> {
        let mut l = Loader::default();
        self.sources.load_each(|name, text| match text {
            Ok(text) => l.load_source(name, text),
            Err(not_utf8) => l.diagnostics.push(not_utf8.clone()),
        })?;
        let warnings = warnings_or_errors(l.diagnostics)?;
        Ok(PartyLists::new(l.lists, l.parties, warnings))
    }
}

#[derive(Default)]
struct Loader {
    lists: Vec<ListInfo>,
    parties: Vec<Party>,
    diagnostics: Vec<Diagnostic>,
    list_ids: HashMap<String, String>,
    party_ids: HashMap<String, String>,
}

impl Loader {
    fn load_source(&mut self, name: &str, text: &str) {
        let mut ctx = Ctx::new(name, text);
        match toml::from_str::<RawFile>(text) {
            Ok(raw) => self.load_file(&mut ctx, raw, name),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                ctx.error(span, e.message().trim().replace('\n', " "));
            }
        }
        self.diagnostics.append(&mut ctx.diagnostics);
    }

    fn load_file(&mut self, ctx: &mut Ctx<'_>, raw: RawFile, origin: &str) {
        let l = raw.list.get_ref();
        let id = ctx.non_empty(&l.id, "id");
        let here = ctx.pos.locate(l.id.span().start).to_string();
        if let Some(first) = self.list_ids.insert(id.clone(), here) {
            ctx.error(
                l.id.span(),
                format!("duplicate list id `{id}` (first at {first})"),
            );
        }
        let regime = ctx.regime(&l.regime);
        let kind = ListKind::parse(l.kind.get_ref());
        if kind.is_none() {
            ctx.error(
                l.kind.span(),
                format!(
                    "unknown list kind `{}`; expected control, watch or unreliable",
                    l.kind.get_ref()
                ),
            );
        }
        let title = ctx.non_empty(&l.title, "title");
        let instrument = ctx.non_empty(&l.instrument, "instrument");
        let source = ctx.non_empty(&l.source, "source");
        let effective = ctx.date(&l.effective, "effective");
        let reviewed = ctx.date(&l.reviewed, "reviewed");
        let suspended = ctx.suspensions(&l.suspended);
        let (Some(regime), Some(kind), Some(effective), Some(reviewed)) =
            (regime, kind, effective, reviewed)
        else {
            return;
        };
        let index = self.lists.len();
        self.lists.push(ListInfo {
            id,
            regime,
            kind,
            title,
            instrument,
            source,
            effective,
            suspended,
            reviewed,
            notes: l.notes.clone(),
            origin: origin.to_string(),
        });
        for p in &raw.party {
            if let Some(party) = self.load_party(ctx, p, index) {
                self.parties.push(party);
            }
        }
    }

    fn load_party(
        &mut self,
        ctx: &mut Ctx<'_>,
        raw: &Spanned<RawParty>,
        list: usize,
    ) -> Option<Party> {
        let p = raw.get_ref();
        let before = ctx.diagnostics.len();
        let id = ctx.non_empty(&p.id, "id");
        let here = ctx.pos.locate(p.id.span().start).to_string();
        if let Some(first) = self.party_ids.insert(id.clone(), here) {
            ctx.error(
                p.id.span(),
                format!("duplicate party id `{id}` (first at {first})"),
            );
        }
        let name = party_name(ctx, &p.name, "name");
        let names = p
            .names
            .iter()
            .map(|n| party_name(ctx, n, "other name"))
            .collect();
        let aliases = p
            .aliases
            .iter()
            .map(|n| party_name(ctx, n, "alias"))
            .collect();
        let country = p.country.get_ref().clone();
        if !(country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase())) {
            ctx.error(
                p.country.span(),
                format!("country `{country}` must be an ISO 3166 alpha-2 code such as JP, US, TW"),
            );
        }
        let suspended = ctx.suspensions(&p.suspended);
        let stopped = p.stopped.as_ref().and_then(|d| ctx.date(d, "stopped"));
        let mut examples = Vec::new();
        for ex in &p.examples {
            let e = ex.get_ref();
            let hit = match e.expect.get_ref().as_str() {
                "hit" => true,
                "miss" => false,
                other => {
                    ctx.error(
                        e.expect.span(),
                        format!("`expect` must be `hit` or `miss`, not `{other}`"),
                    );
                    continue;
                }
            };
            examples.push(PartyExample {
                name: e.name.get_ref().clone(),
                hit,
                location: ctx.pos.locate(e.name.span().start),
            });
        }
        let hits = examples.iter().filter(|e| e.hit).count();
        if hits == 0 || hits == examples.len() {
            ctx.warning(
                p.id.span(),
                format!("party `{id}` needs at least one `hit` and one `miss` example (has {hits} and {})", examples.len() - hits),
            );
        }
        let failed = ctx.diagnostics[before..]
            .iter()
            .any(|d| d.severity == Severity::Error);
        (!failed).then(|| Party {
            id,
            list,
            name,
            names,
            aliases,
            country,
            address: p.address.clone(),
            suspended,
            stopped,
            notes: p.notes.clone(),
            examples,
            location: ctx.pos.locate(raw.span().start),
        })
    }
}

/// A listed name: it must name something once normalized.
fn party_name(ctx: &mut Ctx<'_>, n: &Spanned<String>, what: &str) -> String {
    if !crate::text::normalize(n.get_ref())
        .chars()
        .any(char::is_alphanumeric)
    {
        ctx.error(
            n.span(),
            format!(
                "{what} `{}` has no letter or digit",
                n.get_ref().escape_debug()
            ),
        );
    } else if super::names::key(n.get_ref()).is_empty() {
        ctx.error(
            n.span(),
            format!(
                "{what} `{}` is only legal-form words (Co., Ltd., 株式会社, …): it names no one",
                n.get_ref()
            ),
        );
    }
    n.get_ref().clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::party::ListingStatus;
    use chrono::NaiveDate;

    const HEAD: &str = "[list]\nid = 'l'\nregime = 'CN'\nkind = 'control'\ntitle = 't'\ninstrument = 'i'\nsource = 's'\neffective = 2025-01-02\nreviewed = 2026-11-30\n";

    fn load(body: &str) -> Result<PartyLists, Error> {
        PartyLists::from_source("p.toml", &format!("{HEAD}{body}"))
    }

    fn first_error(body: &str) -> String {
        match load(body) {
            Err(Error::Rules(d)) => d.iter().next().unwrap().to_string(),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = first_error("\n[[party]]\nid = 'A'\nname = 'X Co'\ncountry = 'Japan'\n");
        assert_eq!(
            e,
            "p.toml:14:11: error: country `Japan` must be an ISO 3166 alpha-2 code such as JP, US, TW"
        );
        let e = first_error("\n[[party]]\nid = 'A'\nname = 'X'\ncountry = 'JP'\ncolour = 1\n");
        assert!(
            e.starts_with("p.toml:15:1: error: unknown field `colour`"),
            "{e}"
        );
        let e = first_error("\n[[party]]\nid = 'A'\nname = '株式会社'\ncountry = 'JP'\n");
        assert!(
            e.contains("name `株式会社` is only legal-form words"),
            "{e}"
        );
        let e = first_error("\n[[party]]\nid = 'B'\nname = ' '\ncountry = 'JP'\n");
        assert!(e.contains("name ` ` has no letter or digit"), "{e}");
        let e = PartyLists::from_source("p.toml", &HEAD.replace("control", "banned")).unwrap_err();
        assert!(e.to_string().contains("unknown list kind `banned`"), "{e}");
    }

    #[test]
    fn statuses_follow_dates_and_windows() {
        let lists = load("\n[[party]]\nid = 'A'\nname = 'Alpha'\ncountry = 'US'\nsuspended = [{ from = 2025-11-10, until = 2026-11-09 }]\n[[party]]\nid = 'B'\nname = 'Beta'\ncountry = 'US'\nstopped = 2025-06-01\n").unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let list = &lists.lists()[0];
        let a = &lists.parties()[0];
        let b = &lists.parties()[1];
        assert_eq!(a.status_at(list, d(2025, 1, 1)), ListingStatus::NotYet);
        assert_eq!(a.status_at(list, d(2025, 5, 1)), ListingStatus::InForce);
        assert_eq!(a.status_at(list, d(2026, 11, 9)), ListingStatus::Suspended);
        assert_eq!(a.status_at(list, d(2026, 11, 10)), ListingStatus::InForce);
        assert_eq!(b.status_at(list, d(2025, 5, 31)), ListingStatus::InForce);
        assert_eq!(b.status_at(list, d(2025, 6, 1)), ListingStatus::Stopped);
        // Warnings for parties without a hit and a miss example.
        assert_eq!(lists.warnings().len(), 2);
    }

    #[test]
    fn duplicate_ids_across_files_are_errors() {
        let one = format!("{HEAD}\n[[party]]\nid = 'A'\nname = 'Alpha'\ncountry = 'US'\n");
        let two = one.replace("id = 'l'", "id = 'm'");
        let e = PartyLists::builder()
            .add_source("a.toml", one)
            .add_source("b.toml", two)
            .build()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("duplicate party id `A` (first at a.toml:"),
            "{e}"
        );
    }
}
