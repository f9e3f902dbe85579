//! Importers for external nomenclature files.
//!
//! Each importer validates every row it uses and returns either the complete
//! [`Nomenclature`] or the first error, never a partial set: a half-imported
//! nomenclature would silently make some products unmatchable.
//! The FDA file comes in two shapes that share one row parser: the UTF-8 CSV and the
//! file as the FDA publishes it (pipe-delimited, Windows-1252, CRLF, no quoting, which
//! is why quoting is turned off for it: device names contain bare `"`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;

use medbridge_core::{CodeScheme, DeviceCode};

/// The terms of one external nomenclature, ready for [`crate::Taxonomy::with_nomenclature`].
#[derive(Clone, Debug)]
pub struct Nomenclature {
    scheme: CodeScheme,
    terms: Vec<Term>,
}

/// One code of a nomenclature with its official name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    code: DeviceCode,
    parent: Option<DeviceCode>,
    name: String,
}

impl Term {
    pub fn code(&self) -> &DeviceCode {
        &self.code
    }

    /// The enclosing term (EMDN groups); `None` at the top of the nomenclature.
    pub fn parent(&self) -> Option<&DeviceCode> {
        self.parent.as_ref()
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

const EMDN_COLUMNS: [&str; 6] = [
    "category",
    "category_description",
    "code",
    "term",
    "level",
    "terminal",
];
const FDA_COLUMNS: [&str; 2] = ["PRODUCTCODE", "DEVICENAME"];

impl Nomenclature {
    /// Reads the EMDN CSV (`category,category_description,code,term,level,terminal`).
    ///
    /// EMDN codes form a prefix tree (`Z11` < `Z1103` < `Z110306`); each term's parent
    /// must appear on an earlier line, so the result is a tree by construction.
    pub fn from_emdn_csv(input: impl Read) -> Result<Nomenclature, ImportError> {
        let mut rows = Rows::new(csv_reader(input, b',', true), &EMDN_COLUMNS)?;
        let mut terms: Vec<Term> = Vec::new();
        let mut seen: HashMap<DeviceCode, u64> = HashMap::new();
        let mut terminals: HashSet<DeviceCode> = HashSet::new();
        while let Some(row) = rows.next_row()? {
            let code = row.code(CodeScheme::Emdn, "code")?;
            let category = row.field("category");
            if !code.code().starts_with(category) || category.len() != 1 {
                return Err(row.error(
                    "category",
                    format!("the first letter of code {}", code.code()),
                ));
            }
            let depth = code.code().len().div_ceil(2);
            if row.field("level").parse::<usize>() != Ok(depth) {
                return Err(row.error(
                    "level",
                    format!("{depth}, the depth of code {}", code.code()),
                ));
            }
            let terminal = match row.field("terminal") {
                "YES" => true,
                "NO" => false,
                _ => return Err(row.error("terminal", "YES or NO".into())),
            };
            let name = row.nonempty("term")?;
            let parent = match code.code().len() {
                1 => None,
                len => Some(
                    DeviceCode::new(CodeScheme::Emdn, &code.code()[..len - 2])
                        .expect("a prefix of a valid EMDN code is valid"),
                ),
            };
            if let Some(parent) = &parent {
                let Some(line) = seen.get(parent) else {
                    let expected = format!("parent term {} on an earlier line", parent.code());
                    return Err(row.error("code", expected));
                };
                if terminals.contains(parent) {
                    let expected = format!(
                        "a code under a non-terminal term, but {} (line {line}) is terminal",
                        parent.code()
                    );
                    return Err(row.error("code", expected));
                }
            }
            row.define("code", &code, &mut seen)?;
            if terminal {
                terminals.insert(code.clone());
            }
            terms.push(Term { code, parent, name });
        }
        Ok(Nomenclature {
            scheme: CodeScheme::Emdn,
            terms,
        })
    }

    /// Reads the FDA product classification as UTF-8 CSV (`foiclass.utf8.csv`).
    pub fn from_fda_csv(input: impl Read) -> Result<Nomenclature, ImportError> {
        Nomenclature::from_fda(csv_reader(input, b',', true))
    }

    /// Reads `foiclass.txt` as the FDA publishes it: pipe-delimited Windows-1252.
    pub fn from_fda_txt(bytes: &[u8]) -> Result<Nomenclature, ImportError> {
        let text = decode_windows_1252(bytes);
        Nomenclature::from_fda(csv_reader(text.as_bytes(), b'|', false))
    }

    fn from_fda<R: Read>(reader: csv::Reader<R>) -> Result<Nomenclature, ImportError> {
        let mut rows = Rows::new(reader, &FDA_COLUMNS)?;
        let mut terms = Vec::new();
        let mut seen: HashMap<DeviceCode, u64> = HashMap::new();
        while let Some(row) = rows.next_row()? {
            let code = row.code(CodeScheme::Fda, "PRODUCTCODE")?;
            let name = row.nonempty("DEVICENAME")?;
            row.define("PRODUCTCODE", &code, &mut seen)?;
            terms.push(Term {
                code,
                parent: None,
                name,
            });
        }
        Ok(Nomenclature {
            scheme: CodeScheme::Fda,
            terms,
        })
    }

    pub fn scheme(&self) -> CodeScheme {
        self.scheme
    }

    /// Terms in file order (parents before children).
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter()
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The name of the branch the terms are attached under.
    pub(crate) fn title(&self) -> &'static str {
        match self.scheme {
            CodeScheme::Fda => "FDA product classification",
            CodeScheme::Emdn => "European Medical Device Nomenclature (EMDN)",
            CodeScheme::Nmpa => "NMPA medical device classification catalogue",
            CodeScheme::Gmdn => "Global Medical Device Nomenclature (GMDN)",
            CodeScheme::Mb => "medbridge concepts",
        }
    }
}

/// A CSV reader ending records at `\n` only: the `csv` crate's default CRLF handling
/// reports the line after a `\r\n` as the previous one, and error lines must be exact.
/// The `\r` left at the end of the last field is trimmed with the other whitespace.
fn csv_reader<R: Read>(input: R, delimiter: u8, quoting: bool) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(quoting)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(input)
}

/// Windows-1252 to Unicode. Bytes 0x80..=0x9F hold the typographic characters; the five
/// bytes Windows leaves undefined map to the C1 controls of the same value, as the
/// WHATWG encoding standard does, so decoding never fails.
fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// A header-checked CSV reader that hands out rows with their line numbers.
struct Rows<R> {
    reader: csv::Reader<R>,
    columns: HashMap<String, usize>,
    record: csv::StringRecord,
}

struct Row<'a> {
    line: u64,
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl<R: Read> Rows<R> {
    fn new(mut reader: csv::Reader<R>, required: &[&str]) -> Result<Self, ImportError> {
        let header = reader.headers().map_err(ImportError::from_csv)?;
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim_start_matches('\u{feff}').trim().to_owned(), i))
            .collect();
        if let Some(missing) = required.iter().find(|name| !columns.contains_key(**name)) {
            return Err(ImportError::Invalid {
                line: 1,
                column: None,
                expected: format!("a header with the columns {}", required.join(", ")),
                found: format!("no column {missing}"),
            });
        }
        Ok(Rows {
            reader,
            columns,
            record: csv::StringRecord::new(),
        })
    }

    fn next_row(&mut self) -> Result<Option<Row<'_>>, ImportError> {
        if !self
            .reader
            .read_record(&mut self.record)
            .map_err(ImportError::from_csv)?
        {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line());
        Ok(Some(Row {
            line,
            record: &self.record,
            columns: &self.columns,
        }))
    }
}

impl Row<'_> {
    /// Columns are looked up by name, so it must be one the header was checked for.
    fn field(&self, column: &str) -> &str {
        self.record
            .get(self.columns[column])
            .unwrap_or_default()
            .trim()
    }

    fn error(&self, column: &str, expected: String) -> ImportError {
        ImportError::Invalid {
            line: self.line,
            column: Some(format!("{} ({column})", self.columns[column] + 1)),
            expected,
            found: format!("{:?}", self.field(column)),
        }
    }

    /// Records `code` as defined on this row: a nomenclature defines each code once.
    fn define(
        &self,
        column: &str,
        code: &DeviceCode,
        seen: &mut HashMap<DeviceCode, u64>,
    ) -> Result<(), ImportError> {
        match seen.insert(code.clone(), self.line) {
            Some(line) => {
                Err(self.error(column, format!("a code not already defined (line {line})")))
            }
            None => Ok(()),
        }
    }

    fn nonempty(&self, column: &str) -> Result<String, ImportError> {
        match self.field(column) {
            "" => Err(self.error(column, "a non-empty name".into())),
            name => Ok(name.to_owned()),
        }
    }

    fn code(&self, scheme: CodeScheme, column: &str) -> Result<DeviceCode, ImportError> {
        let raw = self.field(column);
        // Case is significant in nomenclature files, so `jak` is an error here even
        // though `DeviceCode` would accept and upper-case it.
        match DeviceCode::new(scheme, raw) {
            Ok(code) if code.code() == raw => Ok(code),
            Ok(_) => Err(self.error(column, "an upper-case code".into())),
            Err(_) => Err(self.error(column, scheme.expected().into())),
        }
    }
}

/// Why an import failed. Lines are 1-based and count the header; columns are 1-based
/// and named as in the header.
#[derive(Debug)]
pub enum ImportError {
    Io(std::io::Error),
    Invalid {
        line: u64,
        column: Option<String>,
        expected: String,
        found: String,
    },
}

impl ImportError {
    fn from_csv(err: csv::Error) -> ImportError {
        let line = err.position().map_or(0, |p| p.line());
        match err.into_kind() {
            csv::ErrorKind::Io(io) => ImportError::Io(io),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => ImportError::Invalid {
                line,
                column: None,
                expected: format!("{expected_len} fields like the header"),
                found: format!("{len} fields"),
            },
            csv::ErrorKind::Utf8 { err, .. } => ImportError::Invalid {
                line,
                column: Some((err.field() + 1).to_string()),
                expected: "UTF-8 text".into(),
                found: "invalid UTF-8 bytes".into(),
            },
            other => ImportError::Invalid {
                line,
                column: None,
                expected: "a well-formed CSV record".into(),
                found: format!("{other:?}"),
            },
        }
    }

    /// The 1-based line the error is on, when it is about the content.
    pub fn line(&self) -> Option<u64> {
        match self {
            ImportError::Io(_) => None,
            ImportError::Invalid { line, .. } => Some(*line),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io(err) => write!(f, "cannot read the nomenclature: {err}"),
            ImportError::Invalid {
                line,
                column,
                expected,
                found,
            } => {
                write!(f, "line {line}")?;
                if let Some(column) = column {
                    write!(f, ", column {column}")?;
                }
                write!(f, ": expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    /// Five EMDN rows from Z down to a CT leaf; the CLI test imports the same file.
    const EMDN: &str = include_str!("../tests/fixtures/emdn-ct.csv");

    const FDA_CSV: &str = "\
REVIEW_PANEL,MEDICALSPECIALTY,PRODUCTCODE,DEVICENAME,DEVICECLASS
RA,RA,JAK,\"System, X-Ray, Tomography, Computed\",2
AN,AN,CBK,\"Ventilator, Continuous, Facility Use\",2
";

    fn error_at(result: Result<Nomenclature, ImportError>) -> (Option<u64>, String) {
        let err = result.unwrap_err();
        (err.line(), err.to_string())
    }

    #[test]
    fn imports_the_emdn_prefix_tree() {
        let emdn = Nomenclature::from_emdn_csv(EMDN.as_bytes()).unwrap();
        assert_eq!((emdn.scheme(), emdn.len()), (CodeScheme::Emdn, 5));
        let leaf = emdn.terms().last().unwrap();
        assert_eq!(leaf.code().to_string(), "EMDN:Z11030605");
        assert_eq!(
            leaf.parent().map(ToString::to_string).as_deref(),
            Some("EMDN:Z110306")
        );
        assert_eq!(emdn.terms().next().unwrap().parent(), None);
    }

    #[test]
    fn rejects_malformed_emdn_rows_naming_line_and_column() {
        let cases = [
            (
                EMDN.replace(",5,YES", ",4,YES"),
                6,
                "column 5 (level): expected 5, the depth of code Z11030605, found \"4\"",
            ),
            (
                EMDN.replace(
                    "Z,\"MEDICAL EQUIPMENT\",Z110306",
                    "Y,\"MEDICAL EQUIPMENT\",Z110306",
                ),
                5,
                "column 1 (category)",
            ),
            (
                EMDN.replace(",Z1103,", ",Z11X3,"),
                4,
                "column 3 (code): expected a letter followed by pairs of digits",
            ),
            (
                EMDN.replace(",3,NO", ",3,MAYBE"),
                4,
                "column 6 (terminal): expected YES or NO",
            ),
            (
                EMDN.replace("4,NO", "4,YES"),
                6,
                "but Z110306 (line 5) is terminal",
            ),
            (
                EMDN.replace(
                    "Z,\"MEDICAL EQUIPMENT\",Z11,",
                    "Z,\"MEDICAL EQUIPMENT\",Z12,",
                ),
                4,
                "parent term Z11 on an earlier line",
            ),
            (
                EMDN.replace("\"COMPUTED TOMOGRAPHS (CT)\"", "\"\""),
                5,
                "column 4 (term): expected a non-empty name",
            ),
            (
                format!("{EMDN}Z,\"MEDICAL EQUIPMENT\",Z11,\"AGAIN\",2,NO\n"),
                7,
                "not already defined (line 3)",
            ),
            (
                EMDN.replace(",4,NO", ",4"),
                5,
                "expected 6 fields like the header, found 5 fields",
            ),
        ];
        for (text, line, message) in cases {
            let (got_line, got) = error_at(Nomenclature::from_emdn_csv(text.as_bytes()));
            assert_eq!(got_line, Some(line), "{got}");
            assert!(got.contains(message), "{got:?} lacks {message:?}");
        }
        let (line, message) = error_at(Nomenclature::from_emdn_csv("code,term\nZ,X\n".as_bytes()));
        assert_eq!(line, Some(1));
        assert!(message.contains("no column category"), "{message}");
    }

    #[test]
    fn imports_the_fda_csv() {
        let fda = Nomenclature::from_fda_csv(FDA_CSV.as_bytes()).unwrap();
        let names: Vec<(String, &str)> = fda
            .terms()
            .map(|t| (t.code().to_string(), t.name()))
            .collect();
        assert_eq!(
            names,
            [
                ("FDA:JAK".to_owned(), "System, X-Ray, Tomography, Computed"),
                ("FDA:CBK".to_owned(), "Ventilator, Continuous, Facility Use"),
            ]
        );
    }

    #[test]
    fn rejects_malformed_fda_rows() {
        let cases = [
            (
                FDA_CSV.replace("CBK", "CB"),
                3,
                "column 3 (PRODUCTCODE): expected three letters",
            ),
            (
                FDA_CSV.replace("CBK", "cbk"),
                3,
                "expected an upper-case code",
            ),
            (
                FDA_CSV.replace("CBK", "JAK"),
                3,
                "not already defined (line 2)",
            ),
            (
                FDA_CSV.replace("\"Ventilator, Continuous, Facility Use\"", ""),
                3,
                "column 4 (DEVICENAME)",
            ),
            (
                FDA_CSV.replace("PRODUCTCODE", "CODE"),
                1,
                "no column PRODUCTCODE",
            ),
        ];
        for (text, line, message) in cases {
            let (got_line, got) = error_at(Nomenclature::from_fda_csv(text.as_bytes()));
            assert_eq!(got_line, Some(line), "{got}");
            assert!(got.contains(message), "{got:?} lacks {message:?}");
        }
        let (line, message) = error_at(Nomenclature::from_fda_csv(
            &b"PRODUCTCODE,DEVICENAME\nJAK,Syst\xe8me\n"[..],
        ));
        assert_eq!(line, Some(2));
        assert!(message.contains("expected UTF-8 text"), "{message}");
    }

    #[test]
    fn imports_the_original_pipe_delimited_windows_1252_file() {
        // 0x96 is an en dash and 0xE9 an e-acute in Windows-1252; a bare quote is data.
        let bytes = b"REVIEW_PANEL|PRODUCTCODE|DEVICENAME\r\nRA|JAK|System, X-Ray \x96 Tomograph\xe9\r\nCV|DQX|Wire, Guide, \"J\" Tip\r\n";
        let fda = Nomenclature::from_fda_txt(bytes).unwrap();
        let names: Vec<&str> = fda.terms().map(Term::name).collect();
        assert_eq!(
            names,
            ["System, X-Ray – Tomographé", "Wire, Guide, \"J\" Tip"]
        );
        let (line, message) = error_at(Nomenclature::from_fda_txt(
            b"PRODUCTCODE|DEVICENAME\r\nJAK|ok\r\nJ4K|bad\r\n",
        ));
        assert!(
            message.starts_with("line 3, column 1 (PRODUCTCODE)"),
            "{message}"
        );
        assert_eq!(line, Some(3));
    }

    #[test]
    fn decodes_every_windows_1252_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let text = decode_windows_1252(&all);
        assert_eq!(text.chars().count(), 256);
        assert_eq!(text.chars().nth(0x80), Some('€'));
        assert_eq!(text.chars().nth(0x9F), Some('Ÿ'));
        assert_eq!(text.chars().nth(0x81), Some('\u{81}'));
        assert_eq!(text.chars().nth(0xFF), Some('ÿ'));
    }

    #[test]
    fn imported_terms_hang_under_a_scheme_branch_and_link_to_builtin_concepts() {
        let emdn = Nomenclature::from_emdn_csv(EMDN.as_bytes()).unwrap();
        let fda = Nomenclature::from_fda_csv(FDA_CSV.as_bytes()).unwrap();
        let builtin = Taxonomy::builtin();
        let t = builtin.with_nomenclature(&emdn).with_nomenclature(&fda);
        assert_eq!(t.len(), builtin.len() + 6 + 3);

        let leaf = t.get("emdn.Z11030605").unwrap();
        assert_eq!(leaf.imported_from(), Some(CodeScheme::Emdn));
        assert_eq!(
            leaf.name(crate::Lang::Ru),
            "COMPUTED TOMOGRAPHS - 64 LAYERS OR MORE BUT LESS THAN 128 LAYERS"
        );
        let path: Vec<&str> = t.ancestors("emdn.Z11030605").map(|c| c.id()).collect();
        assert_eq!(
            path,
            ["emdn.Z110306", "emdn.Z1103", "emdn.Z11", "emdn.Z", "emdn"]
        );
        // The leaf has no mapping of its own; its group Z110306 is mapped to imaging.ct.
        let links: Vec<&str> = t.links("emdn.Z11030605").map(|c| c.id()).collect();
        assert_eq!(links, ["imaging.ct"]);
        assert!(t.links("imaging.ct").any(|c| c.id() == "fda.JAK"));
        let jak: Vec<&str> = t
            .by_code(&"FDA:JAK".parse().unwrap())
            .map(|c| c.id())
            .collect();
        assert_eq!(jak, ["imaging.ct", "fda.JAK"]);
        assert_eq!(
            t.links("fda.CBK").map(|c| c.id()).collect::<Vec<_>>(),
            ["respiratory.ventilator"]
        );

        // A second import of a scheme replaces the first instead of clashing with it.
        let again = t.with_nomenclature(&fda);
        assert_eq!(again.len(), t.len());
    }
}
