//! medbridge exchange: bulk import and export of organisations, products and opportunities
//! (needs and offers) as CSV or JSON.
//!
//! - **One meaning, two formats.** JSON is an array of the entity's `*Data` objects, exactly
//!   the API body. CSV uses the same field names as columns, with one column per language for
//!   multilingual text (`name.en`, `name.zh`, any `name.<tag>`) and flat lists; see
//!   [`layout`] for each entity's columns. Export writes what import reads, so
//!   export -> import round-trips.
//! - **Every cell is parsed by the core types** (`FromStr` of `CountryCode`, `DeviceCode`,
//!   `Amount`, ...) and every row then passes the entity's `check()`, so a file is held to the
//!   same rules as a form or an API call, with the same messages.
//! - **All or nothing.** Every row is read and checked (and every referenced organisation
//!   looked up) before anything is written; then all rows go to the store in one
//!   transaction (`Store::create_many`). Errors name the line (the header is line 1), the
//!   column and its number, the bad value and what was expected, up to [`MAX_ERRORS`] of
//!   them, so one round of fixing usually suffices.
//! - **Export streams** page by page with keyset pagination, never holding the table.
//!
//! References are organisation ids of records that already exist (import the organisations
//! first, then their products and needs).

mod error;
mod export;
mod import;
pub mod layout;
mod table;

pub use error::{ExportError, ImportError, RowError};
pub use export::CsvWriter;
pub use layout::Tabular;
pub use table::BASE_LANGUAGES;

use medbridge_core::model::{OpportunityData, OrganisationData, ProductData};
use medbridge_store::{Actor, ListQuery, Scope, Store};
use std::fmt;
use std::io::{Read, Write};
use std::str::FromStr;

/// An import stops collecting errors after this many: past that, the file is likely in the
/// wrong layout altogether and more messages would not help.
pub const MAX_ERRORS: usize = 50;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organisations,
    Products,
    /// Needs and offers.
    Opportunities,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Organisations, Kind::Products, Kind::Opportunities];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organisations => "organisations",
            Kind::Products => "products",
            Kind::Opportunities => "opportunities",
        }
    }
}

/// File formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Csv, Format::Json];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Parses the names the CLI accepts, listing them when the input is none of them.
macro_rules! named {
    ($t:ident) => {
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let all = $t::ALL;
                all.into_iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
                    .ok_or_else(|| {
                        let names: Vec<&str> = all.iter().map(|v| v.as_str()).collect();
                        format!("'{s}' is not one of: {}", names.join(", "))
                    })
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
named!(Kind);
named!(Format);

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Read and check everything, including that referenced organisations exist; write nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub kind: Kind,
    /// Rows read and found valid.
    pub rows: usize,
    /// False for a dry run.
    pub written: bool,
}

/// The phase a long import is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Parsing and checking rows; the total is unknown until the end of the file.
    Reading,
    /// Looking up referenced organisations.
    Checking,
    /// Writing to the database.
    Writing,
}

/// A progress report, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: Option<usize>,
}

/// Imports a whole file of `kind` from `reader`, all rows or none.
///
/// On success every row was written in one transaction (or, for a dry run, would have been).
/// On [`ImportError::Rejected`] nothing was written and the errors say where and why.
pub async fn import(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    format: Format,
    reader: impl Read,
    options: ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, ImportError> {
    match kind {
        Kind::Organisations => {
            import::import_as::<OrganisationData>(store, actor, format, reader, options, progress)
                .await
        }
        Kind::Products => {
            import::import_as::<ProductData>(store, actor, format, reader, options, progress).await
        }
        Kind::Opportunities => {
            import::import_as::<OpportunityData>(store, actor, format, reader, options, progress)
                .await
        }
    }
}

/// Exports the records of `kind` that `query` selects and `scope` may see (its filters and
/// sort apply; its cursor and page size are managed here), returning how many were written.
pub async fn export(
    store: &Store,
    kind: Kind,
    format: Format,
    query: &ListQuery,
    scope: Scope,
    writer: impl Write,
) -> Result<usize, ExportError> {
    match kind {
        Kind::Organisations => {
            export::export_as::<OrganisationData>(store, format, query, scope, writer).await
        }
        Kind::Products => {
            export::export_as::<ProductData>(store, format, query, scope, writer).await
        }
        Kind::Opportunities => {
            export::export_as::<OpportunityData>(store, format, query, scope, writer).await
        }
    }
}
