//! The generic half of the CSV layout: headers, cells and lists.
//!
//! Every cell goes through [`Cell`], which for core types is their `FromStr`/`Display`, so a
//! CSV cell is parsed by exactly the code that parses a JSON value or a query parameter.
//! Lists are `;`-separated and compound list items (registrations, memberships) `|`-separated;
//! a backslash escapes `\`, `;` and `|` inside an item, so any text survives a round trip.

use crate::error::RowError;
use chrono::NaiveDate;
use medbridge_core::model::{Authority, Membership, MembershipStatus, Registration};
use medbridge_core::{
    Amount, CountryCode, Currency, DeviceCode, FieldError, LanguageTag, MultilingualText, OrgId,
    WebUrl,
};
use std::collections::{BTreeSet, HashMap};

/// One column, or one family of columns, of an entity's layout.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    /// A single column.
    Plain(&'static str),
    /// Multilingual text: one column per language, `name.en`, `name.zh`, `name.ky`, ...
    Text(&'static str),
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Plain(n) | Column::Text(n) => n,
        }
    }
}

/// The columns of one entity, in file order.
#[derive(Debug)]
pub struct Layout {
    pub columns: &'static [Column],
    /// Columns (or text families) a file must have.
    pub required: &'static [&'static str],
    /// Columns that only make sense together (`price.min`, `price.max`, `price.currency`).
    pub groups: &'static [&'static [&'static str]],
}

/// Languages every export has a column for, so files from different databases line up.
pub const BASE_LANGUAGES: [&str; 4] = ["zh", "en", "ru", "fr"];

/// A parsed header: column names (language tags normalised) and their positions.
#[derive(Debug)]
pub struct Header {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Header {
    /// The header an export writes: every text family in the four base languages plus
    /// `extra` ones, in a stable order.
    pub fn for_languages(layout: &Layout, extra: &BTreeSet<LanguageTag>) -> Header {
        let mut languages: Vec<String> = BASE_LANGUAGES.iter().map(|l| l.to_string()).collect();
        languages.extend(
            extra
                .iter()
                .map(|l| l.to_string())
                .filter(|l| !BASE_LANGUAGES.contains(&l.as_str())),
        );
        let names = layout
            .columns
            .iter()
            .flat_map(|c| match *c {
                Column::Plain(n) => vec![n.to_string()],
                Column::Text(n) => languages.iter().map(|l| format!("{n}.{l}")).collect(),
            })
            .collect();
        Header::from_names(names)
    }

    fn from_names(names: Vec<String>) -> Header {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Header { names, index }
    }

    /// Checks a file's header line against the layout: every column known (typos are errors,
    /// not silently dropped data), none twice, the required ones present, groups complete.
    pub fn parse(layout: &Layout, fields: &csv::StringRecord) -> Result<Header, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut names = Vec::with_capacity(fields.len());
        for (i, raw) in fields.iter().enumerate() {
            let raw = raw.trim().trim_start_matches('\u{feff}');
            let at = |message: String| RowError {
                line: 1,
                column: Some(raw.to_string()),
                column_number: Some(i + 1),
                message,
            };
            let name = match canonical_column(layout, raw) {
                Ok(n) => n,
                Err(message) => {
                    errors.push(at(message));
                    raw.to_string()
                }
            };
            if names.contains(&name) {
                errors.push(at(format!("column '{name}' appears twice")));
            }
            names.push(name);
        }
        let header = Header::from_names(names);
        for req in layout.required {
            if !header.has_family(req) {
                let message = match layout.columns.iter().find(|c| c.name() == *req) {
                    Some(Column::Text(..)) => {
                        format!(
                            "required columns are missing: give {req} in at least one language, e.g. {req}.en"
                        )
                    }
                    _ => "required column is missing".to_string(),
                };
                errors.push(RowError {
                    line: 1,
                    column: Some(req.to_string()),
                    column_number: None,
                    message,
                });
            }
        }
        for group in layout.groups {
            if group.iter().any(|c| header.index.contains_key(*c)) {
                for c in group.iter().filter(|c| !header.index.contains_key(**c)) {
                    errors.push(RowError {
                        line: 1,
                        column: Some(c.to_string()),
                        column_number: None,
                        message: format!("column is missing: {} go together", group.join(", ")),
                    });
                }
            }
        }
        if errors.is_empty() {
            Ok(header)
        } else {
            Err(errors)
        }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// 1-based position of a column, if the file has it.
    pub fn number(&self, column: &str) -> Option<usize> {
        self.index.get(column).map(|i| i + 1)
    }

    fn has_family(&self, name: &str) -> bool {
        let prefix = format!("{name}.");
        self.index.contains_key(name) || self.names.iter().any(|n| n.starts_with(&prefix))
    }

    /// The columns of one text family with their language.
    fn family<'h>(&'h self, name: &'h str) -> impl Iterator<Item = (usize, &'h str)> + 'h {
        self.names.iter().enumerate().filter_map(move |(i, n)| {
            n.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('.'))
                .map(|lang| (i, lang))
        })
    }

    /// The column a field path of a `check()` error or store reference belongs to:
    /// `registrations[1].valid_until` -> `registrations`, `name.en` -> `name.en`.
    pub fn column_of<'f>(&self, field: &'f str) -> &'f str {
        if self.index.contains_key(field) {
            return field;
        }
        let root = field.split(['[', '.']).next().unwrap_or(field);
        if self.index.contains_key(root) {
            root
        } else {
            field
        }
    }
}

/// The normalised name of a header cell, or why it is not a column of this layout.
fn canonical_column(layout: &Layout, raw: &str) -> Result<String, String> {
    if layout
        .columns
        .iter()
        .any(|c| matches!(c, Column::Plain(n) if *n == raw))
    {
        return Ok(raw.to_string());
    }
    for c in layout.columns {
        if let Column::Text(family) = c
            && let Some(tag) = raw.strip_prefix(family).and_then(|r| r.strip_prefix('.'))
        {
            return tag
                .parse::<LanguageTag>()
                .map(|t| format!("{family}.{t}"))
                .map_err(|e| format!("unknown language in column name: {}", e.message));
        }
    }
    let expected: Vec<String> = layout
        .columns
        .iter()
        .map(|c| match c {
            Column::Plain(n) => n.to_string(),
            Column::Text(n) => format!("{n}.<language>"),
        })
        .collect();
    Err(format!(
        "unknown column '{raw}' (expected one of: {})",
        expected.join(", ")
    ))
}

// ---------------------------------------------------------------- cells

/// A value that lives in one CSV cell or one list item.
pub trait Cell: Sized {
    /// Parses a non-empty, trimmed cell; the error quotes the value and says what was expected.
    fn parse_cell(s: &str) -> Result<Self, String>;
    fn write_cell(&self) -> String;
    /// Parses one item of a `;` list, still escaped.
    fn parse_item(raw: &str) -> Result<Self, String> {
        Self::parse_cell(&unescape(raw))
    }
    fn write_item(&self) -> String {
        escape(&self.write_cell())
    }
}

/// Core value types: their `FromStr` already names the bad value and the expected form.
macro_rules! cell_via_from_str {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn parse_cell(s: &str) -> Result<Self, String> {
                s.parse().map_err(|e: FieldError| quoted(s, e.message))
            }
            fn write_cell(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
cell_via_from_str!(
    CountryCode,
    LanguageTag,
    Currency,
    Amount,
    DeviceCode,
    WebUrl
);
cell_via_from_str!(
    Authority,
    MembershipStatus,
    medbridge_core::model::OrgKind,
    medbridge_core::model::RiskClass
);
cell_via_from_str!(
    medbridge_core::model::Direction,
    medbridge_core::model::CooperationType
);
cell_via_from_str!(medbridge_core::model::OpportunityStatus);

/// Puts the offending value in front of a message that does not already quote it
/// ("must not be negative" becomes "'-5': must not be negative").
fn quoted(value: &str, message: String) -> String {
    if message.contains(&format!("'{value}'")) {
        message
    } else {
        format!("'{value}': {message}")
    }
}

impl Cell for String {
    fn parse_cell(s: &str) -> Result<Self, String> {
        Ok(s.to_string())
    }
    fn write_cell(&self) -> String {
        self.clone()
    }
}

/// Standard types, whose parse errors say nothing useful: the message is ours.
macro_rules! cell_with_message {
    ($($t:ty => $expected:literal),* $(,)?) => {$(
        impl Cell for $t {
            fn parse_cell(s: &str) -> Result<Self, String> {
                s.parse().map_err(|_| format!("'{s}' is not {}", $expected))
            }
            fn write_cell(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
cell_with_message!(
    u32 => "a whole number (expected e.g. 90)",
    bool => "a yes/no value (expected true or false)",
    NaiveDate => "a date (expected YYYY-MM-DD, e.g. 2025-07-11)",
    OrgId => "an organisation id (expected a number such as 17)",
);

impl<T: Cell> Cell for Option<T> {
    fn parse_cell(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            Ok(None)
        } else {
            T::parse_cell(s).map(Some)
        }
    }
    fn write_cell(&self) -> String {
        self.as_ref().map(Cell::write_cell).unwrap_or_default()
    }
}

/// `authority|number|valid_from|valid_until[|country]`; dates may be empty.
impl Cell for Registration {
    fn parse_cell(s: &str) -> Result<Self, String> {
        Self::parse_item(s)
    }
    fn write_cell(&self) -> String {
        self.write_item()
    }
    fn parse_item(raw: &str) -> Result<Self, String> {
        let parts = split_unescaped(raw, '|');
        if !(4..=5).contains(&parts.len()) {
            return Err(format!(
                "'{}' is not a registration (expected authority|number|valid_from|valid_until[|country], e.g. nmpa|DEMO-NMPA-0001|2023-01-01|2028-01-01)",
                unescape(raw)
            ));
        }
        let part = |i: usize| parts.get(i).map(|p| p.trim()).unwrap_or("");
        Ok(Registration {
            authority: Authority::parse_cell(part(0))?,
            number: part(1).to_string(),
            valid_from: Option::parse_cell(part(2))?,
            valid_until: Option::parse_cell(part(3))?,
            country: Option::parse_cell(part(4))?,
        })
    }
    fn write_item(&self) -> String {
        let mut parts = vec![
            self.authority.write_cell(),
            escape(&self.number),
            self.valid_from.write_cell(),
            self.valid_until.write_cell(),
        ];
        parts.extend(self.country.map(|c| c.write_cell()));
        parts.join("|")
    }
}

/// `alliance_id|status[|since]`.
impl Cell for Membership {
    fn parse_cell(s: &str) -> Result<Self, String> {
        Self::parse_item(s)
    }
    fn write_cell(&self) -> String {
        self.write_item()
    }
    fn parse_item(raw: &str) -> Result<Self, String> {
        let parts = split_unescaped(raw, '|');
        if !(2..=3).contains(&parts.len()) {
            return Err(format!(
                "'{}' is not a membership (expected alliance_id|status[|since], e.g. 1|active|2023-10-19)",
                unescape(raw)
            ));
        }
        Ok(Membership {
            alliance_id: OrgId::parse_cell(parts[0].trim())?,
            status: MembershipStatus::parse_cell(parts[1].trim())?,
            since: Option::parse_cell(parts.get(2).map(|p| p.trim()).unwrap_or(""))?,
        })
    }
    fn write_item(&self) -> String {
        let mut parts = vec![self.alliance_id.write_cell(), self.status.write_cell()];
        parts.extend(self.since.map(|d| d.write_cell()));
        parts.join("|")
    }
}

/// Splits on `sep` where it is not escaped, keeping escapes (a list item is split again).
fn split_raw(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        let current = out.last_mut().expect("never empty");
        if c == '\\' {
            current.push(c);
            current.extend(chars.next());
        } else if c == sep {
            out.push(String::new());
        } else {
            current.push(c);
        }
    }
    out
}

/// Splits on `sep` where it is not escaped and unescapes the pieces.
fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    split_raw(s, sep).iter().map(|p| unescape(p)).collect()
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace('|', "\\|")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------- reading a row

/// Reads one record's cells by column name, collecting every problem instead of stopping at
/// the first, so one pass over a file reports all of them.
pub struct RowReader<'a> {
    header: &'a Header,
    record: &'a csv::StringRecord,
    line: u64,
    pub(crate) errors: Vec<RowError>,
}

impl<'a> RowReader<'a> {
    pub(crate) fn new(header: &'a Header, record: &'a csv::StringRecord, line: u64) -> Self {
        RowReader {
            header,
            record,
            line,
            errors: Vec::new(),
        }
    }

    fn cell(&self, column: &str) -> &'a str {
        self.header
            .index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    pub(crate) fn error(&mut self, column: &str, message: String) {
        self.errors.push(RowError {
            line: self.line,
            column: Some(column.to_string()),
            column_number: self.header.number(column),
            message,
        });
    }

    /// A value that must be present.
    pub fn required<T: Cell>(&mut self, column: &str) -> Option<T> {
        if self.cell(column).is_empty() {
            self.error(column, "a value is required".to_string());
            return None;
        }
        self.optional(column)
    }

    /// `None` when the cell is empty (or invalid: the error is recorded).
    pub fn optional<T: Cell>(&mut self, column: &str) -> Option<T> {
        let raw = self.cell(column);
        if raw.is_empty() {
            return None;
        }
        T::parse_cell(raw).map_err(|m| self.error(column, m)).ok()
    }

    /// A yes/no value with the default the JSON API uses for a missing field.
    pub fn flag(&mut self, column: &str, default: bool) -> bool {
        self.optional(column).unwrap_or(default)
    }

    /// A `;`-separated list; empty items are skipped so a trailing `;` is harmless.
    pub fn list<T: Cell>(&mut self, column: &str) -> Vec<T> {
        let mut out = Vec::new();
        for item in split_raw(self.cell(column), ';') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            match T::parse_item(item) {
                Ok(v) => out.push(v),
                Err(m) => self.error(column, m),
            }
        }
        out
    }

    /// True when any of the columns has a value (an optional group such as a price is given).
    pub fn any(&self, columns: &[&str]) -> bool {
        columns.iter().any(|c| !self.cell(c).is_empty())
    }

    /// A multilingual text from its family of columns; each language is checked on its own
    /// so the error names the exact column.
    pub fn text(&mut self, family: &str, max: usize) -> MultilingualText {
        let mut text = MultilingualText::default();
        let cells: Vec<(usize, &str)> = self.header.family(family).collect();
        for (i, lang) in cells {
            let value = self.record.get(i).unwrap_or("");
            match MultilingualText::parse([(lang, value)], max) {
                Ok(one) => {
                    for (tag, v) in one.iter() {
                        text.insert(tag.clone(), v.to_string());
                    }
                }
                Err(e) => {
                    let column = format!("{family}.{lang}");
                    let shown: String = value.chars().take(40).collect();
                    let ellipsis = if value.chars().count() > 40 {
                        "..."
                    } else {
                        ""
                    };
                    self.error(
                        &column,
                        format!("'{shown}{ellipsis}' is too long: {}", e.message),
                    );
                }
            }
        }
        text
    }
}

// ---------------------------------------------------------------- writing a row

/// Fills one output record by column name.
pub struct RowWriter<'a> {
    header: &'a Header,
    pub(crate) cells: Vec<String>,
    /// A language found in the data that the header has no column for.
    pub(crate) missing_language: Option<String>,
}

impl<'a> RowWriter<'a> {
    pub(crate) fn new(header: &'a Header) -> Self {
        RowWriter {
            header,
            cells: vec![String::new(); header.len()],
            missing_language: None,
        }
    }

    pub fn set<T: Cell>(&mut self, column: &str, value: &T) {
        if let Some(&i) = self.header.index.get(column) {
            self.cells[i] = value.write_cell();
        }
    }

    pub fn set_list<T: Cell>(&mut self, column: &str, items: &[T]) {
        let joined: Vec<String> = items.iter().map(Cell::write_item).collect();
        self.set(column, &joined.join(";"));
    }

    pub fn set_text(&mut self, family: &str, text: &MultilingualText) {
        for (lang, v) in text.iter() {
            let column = format!("{family}.{lang}");
            match self.header.index.get(&column) {
                Some(&i) => self.cells[i] = v.to_string(),
                None => self.missing_language = Some(lang.to_string()),
            }
        }
    }
}
