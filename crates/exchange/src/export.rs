//! Export: page through the table with the store's keyset pagination and write as we go, so a
//! million products never sit in memory at once.
//!
//! CSV needs its header before the first row, and the header has a column per language in
//! use; so a CSV export reads the table twice, first collecting language tags only. JSON has
//! no header and reads it once.

use crate::Format;
use crate::error::ExportError;
use crate::layout::Tabular;
use crate::table::{Header, RowWriter};
use medbridge_core::{Cursor, LanguageTag};
use medbridge_store::{Entity, ListQuery, Scope, Store};
use std::collections::BTreeSet;
use std::io::Write;
use std::marker::PhantomData;

/// Rows per page read from the store (its maximum).
const PAGE: u32 = 200;

/// Writes entities as CSV in the layout [`crate::import`] reads. Used by the export and by
/// anything that produces import files without a database (benchmarks, demo generators).
pub struct CsvWriter<E, W: Write> {
    header: Header,
    csv: csv::Writer<W>,
    rows: usize,
    entity: PhantomData<fn(&E)>,
}

impl<E: Tabular, W: Write> CsvWriter<E, W> {
    /// Writes the header: text columns for zh, en, ru, fr and every language in `extra`.
    pub fn new(extra: &BTreeSet<LanguageTag>, writer: W) -> Result<Self, ExportError> {
        let header = Header::for_languages(&E::LAYOUT, extra);
        let mut csv = csv::Writer::from_writer(writer);
        csv.write_record(header.names())?;
        Ok(CsvWriter {
            header,
            csv,
            rows: 0,
            entity: PhantomData,
        })
    }

    pub fn write(&mut self, row: &E) -> Result<(), ExportError> {
        let mut w = RowWriter::new(&self.header);
        row.write(&mut w);
        if let Some(language) = w.missing_language {
            return Err(ExportError::LanguageWithoutColumn {
                entity: E::NAME,
                language,
            });
        }
        self.csv.write_record(&w.cells)?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes and returns how many rows were written.
    pub fn finish(mut self) -> Result<usize, ExportError> {
        self.csv.flush()?;
        Ok(self.rows)
    }
}

pub(crate) async fn export_as<E: Tabular>(
    store: &Store,
    format: Format,
    query: &ListQuery,
    scope: Scope,
    mut writer: impl Write,
) -> Result<usize, ExportError> {
    match format {
        Format::Csv => {
            let mut languages = BTreeSet::new();
            for_each::<E>(store, query, scope, |e| {
                languages.extend(
                    e.texts()
                        .iter()
                        .flat_map(|t| t.iter().map(|(l, _)| l.clone())),
                );
                Ok(())
            })
            .await?;
            let mut out = CsvWriter::new(&languages, writer)?;
            for_each::<E>(store, query, scope, |e| out.write(e)).await?;
            out.finish()
        }
        Format::Json => {
            // One object per line: readable in a diff, and import errors then point at a line.
            writer.write_all(b"[")?;
            let mut separator: &[u8] = b"\n";
            let n = for_each::<E>(store, query, scope, |e| {
                writer.write_all(separator)?;
                serde_json::to_writer(&mut writer, e).map_err(std::io::Error::from)?;
                separator = b",\n";
                Ok(())
            })
            .await?;
            writer.write_all(b"\n]\n")?;
            writer.flush()?;
            Ok(n)
        }
    }
}

/// Calls `f` on every record the query selects, page by page; returns how many there were.
async fn for_each<E: Entity>(
    store: &Store,
    query: &ListQuery,
    scope: Scope,
    mut f: impl FnMut(&E) -> Result<(), ExportError>,
) -> Result<usize, ExportError> {
    let mut q = ListQuery {
        limit: PAGE,
        cursor: None,
        ..query.clone()
    };
    let mut n = 0;
    loop {
        let page = store.list::<E>(&q, scope).await?;
        for rec in &page.items {
            f(&rec.data)?;
            n += 1;
        }
        match page.next_cursor.as_deref().and_then(Cursor::decode) {
            Some(c) => q.cursor = Some(c),
            None => return Ok(n),
        }
    }
}
