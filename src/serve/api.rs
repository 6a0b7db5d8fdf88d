//! Request bodies of the service, their checks against the limits, and the
//! rows they become.
//!
//! A request item becomes the same [`Row`] a JSON-lines line of `dualuse
//! screen` becomes: text fields trimmed, a blank field absent, a number
//! accepted for `id` and `hs_code`, a blank description an error *record*
//! (`missing description (key \`description\`)`), not an error answer.
//! Numbered from 1 in request order, the rows then go through
//! [`crate::cli::screen::screen_row`], so a record is byte for byte what
//! `screen` writes for the same row.

use super::error::{ApiError, Code, from_json};
use crate::cli::input::Row;
use crate::cli::screen::DetailArg;
use dualuse::{Confidence, NaiveDate, Regime};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// `POST /v1/classify` and `POST /v1/orders`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest<I> {
    /// The items or order lines, in order.
    pub items: Vec<I>,
    /// The date to screen at; default today.
    pub as_of: Option<NaiveDate>,
    /// Hits of each record in full or by ids (`screen --detail`).
    #[serde(default)]
    pub detail: Detail,
    /// Drop hits below this confidence (`screen --min-confidence`).
    pub min_confidence: Option<MinConfidence>,
    /// Keep only hits of these regimes (`screen --regime`).
    #[serde(default)]
    pub regimes: Vec<RegimeCode>,
}

/// `detail` of a request.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Detail {
    /// Every field of every hit.
    #[default]
    Full,
    /// Ids, codes, spans and HS prefixes.
    Ids,
}

impl From<Detail> for DetailArg {
    fn from(d: Detail) -> DetailArg {
        match d {
            Detail::Full => DetailArg::Full,
            Detail::Ids => DetailArg::Ids,
        }
    }
}

/// `min_confidence` of a request.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MinConfidence {
    /// HS-code leads and above.
    Hs,
    /// Text matches and above.
    Text,
    /// Text and HS code agree.
    Confirmed,
}

impl From<MinConfidence> for Confidence {
    fn from(c: MinConfidence) -> Confidence {
        match c {
            MinConfidence::Hs => Confidence::Hs,
            MinConfidence::Text => Confidence::Text,
            MinConfidence::Confirmed => Confidence::Confirmed,
        }
    }
}

/// A regime code in a request (`CN`, `EU`, `US`, `JP`, `WA`, `RE`; any case).
#[derive(Debug, Clone, Copy)]
pub struct RegimeCode(pub Regime);

impl<'de> Deserialize<'de> for RegimeCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        crate::cli::parse_regime(&s)
            .map(RegimeCode)
            .map_err(serde::de::Error::custom)
    }
}

/// A text field: a string, or a number written as JSON writes it (as the
/// JSON-lines reader of `screen` takes `id` and `hs_code`).
#[derive(Debug, Clone)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            N(serde_json::Number),
        }
        match Raw::deserialize(d) {
            Ok(Raw::S(s)) => Ok(Text(s)),
            Ok(Raw::N(n)) => Ok(Text(n.to_string())),
            Err(_) => Err(serde::de::Error::custom("expected a string or a number")),
        }
    }
}

/// One item of `/v1/classify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemIn {
    /// The caller's id, echoed in the record.
    pub id: Option<Text>,
    /// The product description.
    pub description: String,
    /// The customs code.
    pub hs_code: Option<Text>,
    /// The national scheme of the customs code.
    pub scheme: Option<String>,
}

/// One order line of `/v1/orders`: an item and the order columns of
/// `screen` (see [`crate::cli::input::ORDER_COLUMNS`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderIn {
    /// The caller's id, echoed in the record.
    pub id: Option<Text>,
    /// The product description.
    pub description: String,
    /// The customs code.
    pub hs_code: Option<Text>,
    /// The national scheme of the customs code.
    pub scheme: Option<String>,
    /// Destination: ISO code or country name.
    pub destination: Option<String>,
    /// The consignee's name.
    pub consignee: Option<String>,
    /// The end user's name.
    pub end_user: Option<String>,
    /// The stated end use.
    pub end_use: Option<String>,
    /// Country of origin.
    pub origin: Option<String>,
}

/// `POST /v1/explain`: one item, and order fields for a verdict.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    /// The caller's id, echoed in the record.
    pub id: Option<Text>,
    /// The product description.
    pub description: String,
    /// The customs code.
    pub hs_code: Option<Text>,
    /// The national scheme of the customs code.
    pub scheme: Option<String>,
    /// Destination: ISO code or country name.
    pub destination: Option<String>,
    /// The consignee's name.
    pub consignee: Option<String>,
    /// The end user's name.
    pub end_user: Option<String>,
    /// The stated end use.
    pub end_use: Option<String>,
    /// Country of origin.
    pub origin: Option<String>,
    /// The date to classify at; default today.
    pub as_of: Option<NaiveDate>,
}

/// A request item that becomes a [`Row`].
pub trait ToRow {
    /// The fields by name, for the length limit.
    fn fields(&self) -> Vec<(&'static str, &str)>;
    /// The row numbered `number`.
    fn to_row(&self, number: u64) -> Row;
}

/// A field as the readers of `screen` keep it: trimmed, and absent when
/// blank.
fn cell(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// The item part of a row: what every request item has.
fn item_row(
    number: u64,
    id: Option<&Text>,
    description: &str,
    hs: Option<&Text>,
    scheme: Option<&str>,
) -> Row {
    let description = description.trim().to_string();
    Row {
        number,
        id: cell(id.map(|t| t.0.as_str())),
        hs: cell(hs.map(|t| t.0.as_str())),
        scheme: cell(scheme),
        error: description
            .is_empty()
            .then(|| "missing description (key `description`)".to_string()),
        description,
        order: None,
    }
}

fn item_fields<'a>(
    id: Option<&'a Text>,
    description: &'a str,
    hs: Option<&'a Text>,
    scheme: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    let mut f = vec![("description", description)];
    f.extend(id.map(|t| ("id", t.0.as_str())));
    f.extend(hs.map(|t| ("hs_code", t.0.as_str())));
    f.extend(scheme.map(|s| ("scheme", s)));
    f
}

impl ToRow for ItemIn {
    fn fields(&self) -> Vec<(&'static str, &str)> {
        item_fields(
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        )
    }

    fn to_row(&self, number: u64) -> Row {
        item_row(
            number,
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        )
    }
}

/// The order fields in the order of [`crate::cli::input::ORDER_COLUMNS`].
fn order_fields(fields: [&Option<String>; 5]) -> [Option<String>; 5] {
    fields.map(|f| cell(f.as_deref()))
}

impl ToRow for OrderIn {
    fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut f = item_fields(
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        );
        with_order_fields(
            &mut f,
            [
                &self.destination,
                &self.consignee,
                &self.end_user,
                &self.end_use,
                &self.origin,
            ],
        );
        f
    }

    fn to_row(&self, number: u64) -> Row {
        let mut row = item_row(
            number,
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        );
        row.order = Some(order_fields([
            &self.destination,
            &self.consignee,
            &self.end_user,
            &self.end_use,
            &self.origin,
        ]));
        row
    }
}

impl ExplainRequest {
    /// The request's item (and order line, if any order field is given)
    /// as row 1.
    pub fn to_row(&self) -> Row {
        let mut row = item_row(
            1,
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        );
        let order = [
            &self.destination,
            &self.consignee,
            &self.end_user,
            &self.end_use,
            &self.origin,
        ];
        if order.iter().any(|f| f.is_some()) {
            row.order = Some(order_fields(order));
        }
        row
    }

    /// The fields by name, for the length limit.
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let mut f = item_fields(
            self.id.as_ref(),
            &self.description,
            self.hs_code.as_ref(),
            self.scheme.as_deref(),
        );
        with_order_fields(
            &mut f,
            [
                &self.destination,
                &self.consignee,
                &self.end_user,
                &self.end_use,
                &self.origin,
            ],
        );
        f
    }
}

/// Adds the order fields that are given to `f`.
fn with_order_fields<'a>(f: &mut Vec<(&'static str, &'a str)>, order: [&'a Option<String>; 5]) {
    for (name, v) in crate::cli::input::ORDER_COLUMNS.iter().zip(order) {
        f.extend(v.as_deref().map(|v| (*name, v)));
    }
}

/// Parses a JSON body.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| from_json(e, body))
}

/// Checks a batch against the limits: not empty, at most `max_items`
/// items, no field longer than `max_field` bytes.
pub fn check_batch<I: ToRow>(
    items: &[I],
    max_items: usize,
    max_field: usize,
) -> Result<(), ApiError> {
    if items.is_empty() {
        return Err(ApiError::new(
            Code::EmptyBatch,
            "`items` is empty; send at least one item",
        ));
    }
    if items.len() > max_items {
        return Err(ApiError::new(
            Code::BatchTooLarge,
            format!(
                "{} items; at most {max_items} per request (--max-items)",
                items.len()
            ),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        check_fields(&item.fields(), max_field, Some(i))?;
    }
    Ok(())
}

/// Checks that no field is longer than `max_field` bytes; `index` names
/// the item in a batch.
pub fn check_fields(
    fields: &[(&'static str, &str)],
    max_field: usize,
    index: Option<usize>,
) -> Result<(), ApiError> {
    for (name, value) in fields {
        if value.len() > max_field {
            let at = index.map_or(String::new(), |i| format!("items[{i}]."));
            return Err(ApiError::new(
                Code::FieldTooLong,
                format!(
                    "{at}{name} is {} bytes long; at most {max_field} (--max-field-bytes)",
                    value.len()
                ),
            ));
        }
    }
    Ok(())
}
