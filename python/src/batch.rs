//! `classify_batch` and `screen_orders`: Arrow columns in, an Arrow table
//! out, one row per input row, classified on every core without the GIL.

use crate::error::{BindingError, Result};
use crate::{OrderFields, RowIn, with_record};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use dualuse::output::Detail;
use dualuse::{Matcher, NaiveDate, OrderScreener};
use pyo3_arrow::{PyChunkedArray, PyTable};
use rayon::prelude::*;
use std::sync::Arc;

/// Rows per Arrow record batch, and per unit of parallel work.
const ROWS_PER_BATCH: usize = 4096;

/// One input column, cast to a single type, chunk by chunk.
struct Column {
    name: &'static str,
    chunks: Vec<ArrayRef>,
}

impl Column {
    fn strings(name: &'static str, c: PyChunkedArray) -> Result<Column> {
        Column::cast(name, c, &DataType::LargeUtf8)
    }

    fn cast(name: &'static str, c: PyChunkedArray, to: &DataType) -> Result<Column> {
        let chunks = c
            .chunks()
            .iter()
            .map(|a| arrow_cast::cast(a, to))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| BindingError::Input(format!("column `{name}`: {e}")))?;
        Ok(Column { name, chunks })
    }

    fn len(&self) -> usize {
        self.chunks.iter().map(|a| a.len()).sum()
    }

    fn str_values(&self) -> Vec<Option<&str>> {
        let mut v = Vec::with_capacity(self.len());
        for a in &self.chunks {
            v.extend(a.as_string::<i64>().iter());
        }
        v
    }

    fn int_values(&self) -> Vec<Option<i64>> {
        let mut v = Vec::with_capacity(self.len());
        for a in &self.chunks {
            v.extend(a.as_primitive::<Int64Type>().iter());
        }
        v
    }
}

/// The input columns of a batch, owned (the Arrow buffers Python handed
/// over, cast where needed).
pub struct Columns {
    texts: Column,
    hs: Option<Column>,
    scheme: Option<Column>,
    ids: Option<Column>,
    rows: Option<Column>,
    order: Option<[Option<Column>; 5]>,
}

impl Columns {
    /// Takes the columns; all must have as many rows as `texts`.
    pub fn new(
        texts: PyChunkedArray,
        hs: Option<PyChunkedArray>,
        scheme: Option<PyChunkedArray>,
        ids: Option<PyChunkedArray>,
        rows: Option<PyChunkedArray>,
        order: Option<[Option<PyChunkedArray>; 5]>,
    ) -> Result<Columns> {
        let opt = |name, c: Option<PyChunkedArray>| c.map(|c| Column::strings(name, c)).transpose();
        let order = match order {
            Some([a, b, c, d, e]) => Some([
                opt("destination", a)?,
                opt("consignee", b)?,
                opt("end_user", c)?,
                opt("end_use", d)?,
                opt("origin", e)?,
            ]),
            None => None,
        };
        let cols = Columns {
            texts: Column::strings("texts", texts)?,
            hs: opt("hs", hs)?,
            scheme: opt("scheme", scheme)?,
            ids: opt("ids", ids)?,
            rows: rows
                .map(|c| Column::cast("rows", c, &DataType::Int64))
                .transpose()?,
            order,
        };
        let n = cols.texts.len();
        let others = [&cols.hs, &cols.scheme, &cols.ids, &cols.rows]
            .into_iter()
            .chain(cols.order.iter().flatten())
            .flatten();
        for c in others {
            if c.len() != n {
                return Err(BindingError::Input(format!(
                    "column `{}` has {} rows but texts has {n}",
                    c.name,
                    c.len()
                )));
            }
        }
        Ok(cols)
    }
}

/// How a batch is screened.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The scheme of rows whose `scheme` is null.
    pub default_scheme: Option<&'a str>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// How much each hit spells out.
    pub detail: Detail,
    /// Add `record`, the JSON line of `dualuse screen`.
    pub record_json: bool,
    /// The error of a row without a description.
    pub missing: &'a str,
}

/// Classifies every row (and gives order lines their verdict) in parallel
/// and builds the table: the record's fields as columns, plus `record`
/// (the JSON line of `dualuse screen`) when `record_json`.
pub fn screen(
    matcher: &Matcher,
    screener: Option<&OrderScreener>,
    cols: &Columns,
    opts: &Options<'_>,
) -> Result<PyTable> {
    let Options {
        default_scheme,
        as_of,
        detail,
        record_json,
        missing,
    } = *opts;
    let texts = cols.texts.str_values();
    let n = texts.len();
    let none = || vec![None; n];
    let hs = cols.hs.as_ref().map_or_else(none, Column::str_values);
    let scheme = cols.scheme.as_ref().map_or_else(none, Column::str_values);
    let ids = cols.ids.as_ref().map_or_else(none, Column::str_values);
    let rows = cols
        .rows
        .as_ref()
        .map_or_else(|| vec![None; n], Column::int_values);
    let order: Option<[Vec<Option<&str>>; 5]> = cols.order.as_ref().map(|o| {
        o.each_ref()
            .map(|c| c.as_ref().map_or_else(none, Column::str_values))
    });

    let mut schema = crate::schema::record_schema(detail, screener.is_some());
    let decoded = Arc::new(schema.clone());
    if record_json {
        let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new("record", DataType::Utf8, false));
        schema = Schema::new(fields);
    }
    let schema = Arc::new(schema);

    let starts: Vec<usize> = (0..n).step_by(ROWS_PER_BATCH).collect();
    let batches = starts
        .into_par_iter()
        .map(|start| -> Result<Option<RecordBatch>> {
            let end = (start + ROWS_PER_BATCH).min(n);
            let mut decoder = arrow_json::ReaderBuilder::new(decoded.clone())
                .with_strict_mode(true)
                .with_batch_size(end - start)
                .build_decoder()?;
            let mut lines = Vec::with_capacity(if record_json { end - start } else { 0 });
            for i in start..end {
                let order_fields: Option<OrderFields<'_>> = order
                    .as_ref()
                    .map(|o| [o[0][i], o[1][i], o[2][i], o[3][i], o[4][i]]);
                let r = RowIn {
                    row: rows[i].map_or(i as u64 + 1, |r| r as u64),
                    id: ids[i],
                    text: texts[i],
                    hs: hs[i],
                    scheme: scheme[i].or(default_scheme),
                    order: order_fields,
                };
                with_record(
                    matcher,
                    screener,
                    &r,
                    as_of,
                    detail,
                    missing,
                    |rec| -> Result<()> {
                        decoder.serialize(std::slice::from_ref(rec))?;
                        if record_json {
                            lines.push(rec.to_json());
                        }
                        Ok(())
                    },
                )?;
            }
            let Some(batch) = decoder.flush()? else {
                return Ok(None);
            };
            if !record_json {
                return Ok(Some(batch));
            }
            let mut columns = batch.columns().to_vec();
            columns.push(Arc::new(StringArray::from(lines)));
            Ok(Some(RecordBatch::try_new(schema.clone(), columns)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let batches: Vec<RecordBatch> = batches.into_iter().flatten().collect();
    Ok(PyTable::try_new(batches, schema)?)
}
