//! The Arrow schema of the tables `classify_batch` and `screen_orders`
//! return: the fields of [`dualuse::output::Record`] as typed columns.
//!
//! Rows are filled from the record's own serde form (arrow-json's
//! `Decoder::serialize`) in strict mode, so a field the record gains and
//! this schema lacks is an error in the Python tests, never a silently
//! dropped value.

use arrow_schema::{DataType, Field, Fields, Schema};
use dualuse::output::Detail;
use std::sync::Arc;

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new_list(name, Field::new("item", item, true), true)
}

/// One piece of evidence: the union of the fields of every kind (`term`,
/// `exclude`, `require`, `pattern`, `element`, `cas`, `hs`, `quantity`);
/// the fields a kind does not have are null.
fn evidence() -> DataType {
    DataType::Struct(Fields::from(vec![
        utf8("kind"),
        utf8("term"),
        utf8("pattern"),
        utf8("element"),
        utf8("form"),
        utf8("cas"),
        utf8("prefix"),
        utf8("scheme"),
        utf8("relation"),
        utf8("quantity"),
        int("start"),
        int("end"),
        Field::new("value", DataType::Float64, true),
        utf8("unit"),
        utf8("op"),
        utf8("threshold"),
        Field::new("met", DataType::Boolean, true),
    ]))
}

fn hit_full() -> DataType {
    let suspension = DataType::Struct(Fields::from(vec![utf8("from"), utf8("until")]));
    let applies = DataType::Struct(Fields::from(vec![
        utf8("as_of"),
        utf8("effective"),
        list_of("suspensions_ended", suspension),
    ]));
    DataType::Struct(Fields::from(vec![
        utf8("rule"),
        utf8("ruleset"),
        utf8("regime"),
        utf8("control_code"),
        utf8("category"),
        utf8("confidence"),
        list_of("elements", DataType::Utf8),
        utf8("title"),
        utf8("instrument"),
        list_of("evidence", evidence()),
        utf8("parameters"),
        Field::new("applies", applies, true),
    ]))
}

fn hit_ids() -> DataType {
    let span = DataType::List(Arc::new(Field::new("item", DataType::Int64, true)));
    DataType::Struct(Fields::from(vec![
        utf8("rule"),
        utf8("code"),
        utf8("confidence"),
        list_of("spans", span),
        utf8("hs"),
    ]))
}

/// A verdict's reasons: the union of the fields of every kind (`party`,
/// `destination`, `military-use`, `items`, `hs-leads`, `unknown-country`,
/// `foreign-made`, `origin`).
fn verdict() -> DataType {
    let reason = DataType::Struct(Fields::from(vec![
        utf8("kind"),
        utf8("list"),
        utf8("list_kind"),
        utf8("party"),
        utf8("field"),
        utf8("matched"),
        utf8("how"),
        utf8("instrument"),
        utf8("status"),
        utf8("measure"),
        utf8("destination"),
        utf8("military"),
        utf8("end_use"),
        utf8("value"),
        utf8("origin"),
        list_of("items", DataType::Utf8),
    ]));
    DataType::Struct(Fields::from(vec![
        utf8("level"),
        list_of("reasons", reason),
        utf8("as_of"),
        utf8("lists"),
    ]))
}

/// The schema of a result table: `row`, `id`, `hits`, (`verdict` for
/// orders), `error`, `fingerprint`, in the record's order.
pub fn record_schema(detail: Detail, orders: bool) -> Schema {
    let hit = match detail {
        Detail::Ids => hit_ids(),
        _ => hit_full(),
    };
    let mut fields = vec![
        Field::new("row", DataType::Int64, false),
        utf8("id"),
        Field::new_list("hits", Field::new("item", hit, true), false),
    ];
    if orders {
        fields.push(Field::new("verdict", verdict(), true));
    }
    fields.push(utf8("error"));
    fields.push(Field::new("fingerprint", DataType::Utf8, false));
    Schema::new(fields)
}
