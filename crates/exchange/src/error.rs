//! Errors a person fixing a spreadsheet can act on: which line, which column, what was wrong,
//! what was expected.

use medbridge_store::StoreError;
use std::fmt;

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the file where the row (CSV record or JSON object) starts; the CSV
    /// header is line 1.
    pub line: u64,
    /// The CSV column (`country`, `name.ru`), or for JSON the field path
    /// (`registrations[0].valid_until`). `None` when the whole row is at fault.
    pub column: Option<String>,
    /// 1-based position of the column in the CSV header, when it is in the file.
    pub column_number: Option<usize>,
    /// What was wrong, quoting the bad value, and what was expected.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        match (&self.column, self.column_number) {
            (Some(c), Some(n)) => write!(f, ", column {c} ({n})")?,
            (Some(c), None) => write!(f, ", column {c}")?,
            (None, _) => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The input has problems; nothing was written. At most [`crate::MAX_ERRORS`] are listed.
    #[error("{}", list(.0))]
    Rejected(Vec<RowError>),
    #[error("could not read the input: {0}")]
    Io(#[from] std::io::Error),
    /// The database failed for a reason unrelated to the input.
    #[error(transparent)]
    Store(StoreError),
}

impl ImportError {
    /// The row errors, empty for I/O and database failures.
    pub fn rows(&self) -> &[RowError] {
        match self {
            ImportError::Rejected(rows) => rows,
            _ => &[],
        }
    }
}

fn list(rows: &[RowError]) -> String {
    rows.iter()
        .map(RowError::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write the output: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A record gained a language between the pass that wrote the CSV header and the pass
    /// that wrote the rows; running the export again picks it up.
    #[error(
        "{entity} text in language '{language}' has no column in this export (the data changed while exporting; run it again)"
    )]
    LanguageWithoutColumn {
        entity: &'static str,
        language: String,
    },
}
