//! Import: read and check every row, then write all of them in one transaction.
//!
//! Nothing is written until the whole file is known to be good, because a half-imported
//! catalogue is worse than none: the person fixing the spreadsheet would have to work out
//! which rows already went in. The cost is that the rows are held in memory until the write.

use crate::error::{ImportError, RowError};
use crate::layout::Tabular;
use crate::table::{Header, RowReader};
use crate::{Format, ImportOptions, ImportReport, MAX_ERRORS, Progress, Stage};
use medbridge_core::model::OrganisationData;
use medbridge_core::{FieldError, OrgId};
use medbridge_store::{Actor, Entity, Scope, Store, StoreError};
use std::collections::HashMap;
use std::io::Read;

/// How often (in rows) reading and checking report progress.
const PROGRESS_EVERY: usize = 1000;

struct Row<E> {
    line: u64,
    data: E,
}

/// Turns a field path into a location the reader of the file understands: for CSV (with a
/// header) the column and its number, for JSON the field path itself.
fn locate(header: Option<&Header>, line: u64, field: &str, message: &str) -> RowError {
    match header {
        Some(header) => {
            let column = header.column_of(field);
            RowError {
                line,
                column: Some(column.to_string()),
                column_number: header.number(column),
                // Keep the detail a column alone loses: which registration, which item.
                message: if column == field {
                    message.to_string()
                } else {
                    format!("{field}: {message}")
                },
            }
        }
        None => RowError {
            line,
            column: (!field.is_empty()).then(|| field.to_string()),
            column_number: None,
            message: message.to_string(),
        },
    }
}

/// Runs the entity's cross-field rules, adding what they find to `errors`.
fn check<E: Entity>(
    header: Option<&Header>,
    line: u64,
    data: &E,
    errors: &mut Vec<RowError>,
) -> bool {
    match data.check() {
        Ok(()) => true,
        Err(fe) => {
            errors.extend(
                fe.0.iter()
                    .map(|e| locate(header, line, &e.field, &e.message)),
            );
            false
        }
    }
}

pub(crate) async fn import_as<E: Tabular>(
    store: &Store,
    actor: &Actor,
    format: Format,
    reader: impl Read,
    options: ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, ImportError> {
    let (header, rows) = match format {
        Format::Csv => read_csv::<E>(reader, progress)?,
        Format::Json => read_json::<E>(reader, progress)?,
    };
    check_references(store, header.as_ref(), &rows, progress).await?;
    let report = ImportReport {
        kind: E::KIND,
        rows: rows.len(),
        written: !options.dry_run,
    };
    if options.dry_run {
        return Ok(report);
    }
    let (lines, data): (Vec<u64>, Vec<E>) = rows.into_iter().map(|r| (r.line, r.data)).unzip();
    let total = data.len();
    let writing = |done| {
        progress(Progress {
            stage: Stage::Writing,
            done,
            total: Some(total),
        })
    };
    match store.create_many(actor, data, &writing).await {
        Ok(_) => Ok(report),
        // Whatever the store still refuses (a reference removed since the check) names the row
        // as `[index].field`; turn that back into the file's line.
        Err(StoreError::Invalid(errs)) => Err(ImportError::Rejected(
            errs.0
                .iter()
                .map(|e| {
                    let (index, field) = split_row_index(&e.field);
                    let line = index.and_then(|i| lines.get(i)).copied().unwrap_or(0);
                    locate(header.as_ref(), line, field, &e.message)
                })
                .collect(),
        )),
        Err(e) => Err(ImportError::Store(e)),
    }
}

/// `[12].supplier_id` -> (Some(12), "supplier_id").
fn split_row_index(field: &str) -> (Option<usize>, &str) {
    field
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(i, rest)| Some((i.parse().ok()?, rest.trim_start_matches('.'))))
        .map_or((None, field), |(i, f)| (Some(i), f))
}

fn rejected_if_any(errors: Vec<RowError>) -> Result<(), ImportError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Rejected(errors))
    }
}

fn read_csv<E: Tabular>(
    reader: impl Read,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Option<Header>, Vec<Row<E>>), ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let header = match csv.headers() {
        Ok(fields) => Header::parse(&E::LAYOUT, fields).map_err(ImportError::Rejected)?,
        Err(e) => return Err(csv_error(e)),
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut read = 0;
    while errors.len() < MAX_ERRORS {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => match csv_error(e) {
                // After a quoting error the reader's idea of where rows start is unreliable,
                // so report it and stop.
                ImportError::Rejected(mut bad) => {
                    errors.append(&mut bad);
                    break;
                }
                other => return Err(other),
            },
        }
        let line = record.position().map_or(0, |p| p.line());
        let mut cells = RowReader::new(&header, &record, line);
        match E::read(&mut cells) {
            Some(data) if cells.errors.is_empty() => {
                if check(Some(&header), line, &data, &mut errors) {
                    rows.push(Row { line, data });
                }
            }
            _ => errors.append(&mut cells.errors),
        }
        read += 1;
        if read % PROGRESS_EVERY == 0 {
            progress(Progress {
                stage: Stage::Reading,
                done: read,
                total: None,
            });
        }
    }
    errors.truncate(MAX_ERRORS);
    rejected_if_any(errors)?;
    Ok((Some(header), rows))
}

fn csv_error(e: csv::Error) -> ImportError {
    let line = e.position().map_or(1, |p| p.line());
    let message = match e.into_kind() {
        csv::ErrorKind::Io(io) => return ImportError::Io(io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!(
                "this row has {len} fields but the header has {expected_len} (a quote left open, or a separator too many?)"
            )
        }
        csv::ErrorKind::Utf8 { .. } => {
            "the text is not valid UTF-8 (save the file as UTF-8 CSV)".to_string()
        }
        other => format!("malformed CSV: {other:?}"),
    };
    ImportError::Rejected(vec![RowError {
        line,
        column: None,
        column_number: None,
        message,
    }])
}

/// Reads a JSON array of objects, remembering the line each object starts on so that errors
/// point into the file like CSV errors do.
fn read_json<E: Tabular>(
    mut reader: impl Read,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Option<Header>, Vec<Row<E>>), ImportError> {
    let mut text = String::new();
    reader.read_to_string(&mut text)?;
    let bytes = text.as_bytes();
    let mut lines = LineCounter::default();
    let syntax = |line: u64, message: String| {
        ImportError::Rejected(vec![RowError {
            line,
            column: None,
            column_number: None,
            message,
        }])
    };
    let mut pos = skip_whitespace(bytes, 0);
    if bytes.get(pos) != Some(&b'[') {
        return Err(syntax(
            lines.at(bytes, pos),
            "expected a JSON array of objects: [ {...}, {...} ]".into(),
        ));
    }
    pos = skip_whitespace(bytes, pos + 1);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut closed = bytes.get(pos) == Some(&b']');
    let mut read = 0;
    while !closed && errors.len() < MAX_ERRORS {
        let line = lines.at(bytes, pos);
        let mut stream =
            serde_json::Deserializer::from_str(&text[pos..]).into_iter::<serde_json::Value>();
        let value = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                // serde_json counts from the start of this object; say where it is in the file.
                let shown = e.to_string();
                let message = shown
                    .rsplit_once(" at line ")
                    .map_or(shown.as_str(), |(m, _)| m);
                return Err(syntax(
                    line + e.line() as u64 - 1,
                    format!("malformed JSON: {message}"),
                ));
            }
            None => return Err(syntax(line, "the array is not closed with ]".into())),
        };
        pos = skip_whitespace(bytes, pos + stream.byte_offset());
        match bytes.get(pos) {
            Some(b',') => pos = skip_whitespace(bytes, pos + 1),
            Some(b']') => closed = true,
            _ => {
                return Err(syntax(
                    lines.at(bytes, pos),
                    "expected , or ] after an object".into(),
                ));
            }
        }
        match serde_path_to_error::deserialize::<_, E>(value) {
            Ok(data) => {
                if check(None, line, &data, &mut errors) {
                    rows.push(Row { line, data });
                }
            }
            Err(e) => {
                let path = e.path().to_string();
                let err = FieldError::from_serde(&path, &e.into_inner().to_string());
                errors.push(locate(None, line, &err.field, &err.message));
            }
        }
        read += 1;
        if read % PROGRESS_EVERY == 0 {
            progress(Progress {
                stage: Stage::Reading,
                done: read,
                total: None,
            });
        }
    }
    if closed && skip_whitespace(bytes, pos + 1) < bytes.len() {
        errors.push(locate(
            None,
            lines.at(bytes, pos + 1),
            "",
            "unexpected text after the closing ]",
        ));
    }
    errors.truncate(MAX_ERRORS);
    rejected_if_any(errors)?;
    Ok((None, rows))
}

fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
        pos += 1;
    }
    pos
}

/// Line numbers of byte offsets, for offsets that only move forward (linear overall).
#[derive(Default)]
struct LineCounter {
    pos: usize,
    newlines: u64,
}

impl LineCounter {
    fn at(&mut self, bytes: &[u8], pos: usize) -> u64 {
        let pos = pos.min(bytes.len());
        self.newlines += bytes[self.pos.min(pos)..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.pos = self.pos.max(pos);
        self.newlines + 1
    }
}

/// Checks that every organisation a row points to exists, before anything is written, so
/// all missing references are reported at once with their line (the store would stop at the
/// first). Each distinct id is looked up once.
async fn check_references<E: Tabular>(
    store: &Store,
    header: Option<&Header>,
    rows: &[Row<E>],
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(), ImportError> {
    let mut known: HashMap<i64, bool> = HashMap::new();
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // Other kinds of reference (none in these layouts today) are still checked by the store.
        for r in row
            .data
            .references()
            .into_iter()
            .filter(|r| r.entity == OrganisationData::NAME)
        {
            let exists = match known.get(&r.id) {
                Some(&e) => e,
                None => {
                    let e = match store.get::<OrganisationData>(OrgId(r.id), Scope::All).await {
                        Ok(_) => true,
                        Err(StoreError::NotFound { .. }) => false,
                        Err(e) => return Err(ImportError::Store(e)),
                    };
                    known.insert(r.id, e);
                    e
                }
            };
            if !exists {
                let message = format!(
                    "organisation {} does not exist (expected the id of an existing organisation)",
                    r.id
                );
                errors.push(locate(header, row.line, &r.field, &message));
            }
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
        if (i + 1) % PROGRESS_EVERY == 0 {
            progress(Progress {
                stage: Stage::Checking,
                done: i + 1,
                total: Some(rows.len()),
            });
        }
    }
    errors.truncate(MAX_ERRORS);
    rejected_if_any(errors)
}

#[cfg(test)]
mod tests {
    use super::split_row_index;

    #[test]
    fn store_errors_name_their_row() {
        assert_eq!(
            split_row_index("[12].supplier_id"),
            (Some(12), "supplier_id")
        );
        assert_eq!(
            split_row_index("[0].memberships[1].alliance_id"),
            (Some(0), "memberships[1].alliance_id")
        );
        assert_eq!(split_row_index("supplier_id"), (None, "supplier_id"));
        assert_eq!(split_row_index("[x].name"), (None, "[x].name"));
    }
}
