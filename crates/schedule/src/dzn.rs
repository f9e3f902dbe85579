//! Reader for the MiniZinc data files of the JAIR 2022 B2B benchmark.
//!
//! The format (see `shared/data/README.md`): `nBusiness`, `nMeetings`, `nTables`,
//! `nTotalSlots`, `nMorningSlots`, `requested = [| p1, p2, session | ... |]`
//! (1 morning, 2 afternoon, 3 either), `meetingsxBusiness` (each participant's
//! meetings shifted by +1, with 1 meaning "none"), `nMeetingsBusiness`,
//! `forbidden` (slots per participant, `{0}` = none), `fixed` (a forced slot per
//! meeting, 0 = free) and `precedences` (meetings that must come before each one).
//!
//! It is a small hand-written tokenizer and parser rather than a general MiniZinc
//! reader: the benchmark uses only integers, sets (with `a..b` ranges allowed),
//! 1-D arrays and one 2-D array, and a narrow reader gives precise errors. The
//! derived arrays (`meetingsxBusiness`, `nMeetingsBusiness`) are optional but,
//! when present, must agree with `requested`: a disagreement means a corrupt file.
//!
//! The fairness bound is not part of the files; the returned instance has
//! `fairness: None` and callers set the `d` they want (the paper uses 2).

use std::collections::HashMap;
use std::fmt;

use crate::model::{
    Instance, Lock, MAX_SLOTS, MeetingRequest, Participant, Session, SessionPreference, Slot,
};

/// What is wrong with a `.dzn` file, and on which (1-based) line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DznError {
    /// The text does not follow the grammar.
    Syntax {
        line: usize,
        expected: String,
        found: String,
    },
    Missing {
        name: &'static str,
    },
    Unknown {
        line: usize,
        name: String,
    },
    Duplicate {
        line: usize,
        name: String,
    },
    /// A value of the wrong shape or count.
    Shape {
        line: usize,
        name: String,
        expected: String,
    },
    /// A number outside what it may be.
    Range {
        line: usize,
        name: String,
        value: i64,
        expected: String,
    },
    /// A value that contradicts another part of the file.
    Inconsistent {
        line: usize,
        message: String,
    },
}

impl fmt::Display for DznError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DznError::Syntax {
                line,
                expected,
                found,
            } => write!(f, "line {line}: expected {expected}, found {found}"),
            DznError::Missing { name } => write!(f, "missing parameter `{name}`"),
            DznError::Unknown { line, name } => {
                write!(f, "line {line}: unknown parameter `{name}`")
            }
            DznError::Duplicate { line, name } => {
                write!(f, "line {line}: parameter `{name}` given twice")
            }
            DznError::Shape {
                line,
                name,
                expected,
            } => write!(f, "line {line}: `{name}` should be {expected}"),
            DznError::Range {
                line,
                name,
                value,
                expected,
            } => write!(f, "line {line}: `{name}` has {value}, expected {expected}"),
            DznError::Inconsistent { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl std::error::Error for DznError {}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Int(i64),
    Sym(&'static str),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(s) => write!(f, "`{s}`"),
            Tok::Int(i) => write!(f, "`{i}`"),
            Tok::Sym(s) => write!(f, "`{s}`"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<(usize, Tok)>, DznError> {
    const SYMBOLS: [&str; 11] = ["[|", "|]", "..", "=", ";", "[", "]", "|", "{", "}", ","];
    let mut toks = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let mut rest = raw.split('%').next().unwrap_or("");
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(sym) = SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
                toks.push((line, Tok::Sym(sym)));
                rest = &rest[sym.len()..];
                continue;
            }
            let first = rest.chars().next().expect("non-empty");
            let len = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            if first.is_ascii_digit() || first == '-' {
                let len = 1 + rest[1..]
                    .find(|ch: char| !ch.is_ascii_digit())
                    .unwrap_or(rest.len() - 1);
                let word = &rest[..len];
                let value = word.parse().map_err(|_| DznError::Syntax {
                    line,
                    expected: "an integer".into(),
                    found: format!("`{word}`"),
                })?;
                toks.push((line, Tok::Int(value)));
                rest = &rest[len..];
            } else if first.is_ascii_alphabetic() && len > 0 {
                toks.push((line, Tok::Ident(rest[..len].to_string())));
                rest = &rest[len..];
            } else {
                return Err(DznError::Syntax {
                    line,
                    expected: "a name, a number or one of = ; [ ] [| |] { } , ..".into(),
                    found: format!("`{first}`"),
                });
            }
        }
    }
    Ok(toks)
}

/// A parsed right-hand side.
#[derive(Debug)]
enum Value {
    Int(i64),
    /// A 1-D array of numbers or sets, each with its line.
    Array(Vec<(usize, Element)>),
    /// Rows of a 2-D array, each with its line.
    Rows(Vec<(usize, Vec<i64>)>),
}

#[derive(Debug)]
enum Element {
    Int(i64),
    Set(Vec<i64>),
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
}

impl Parser {
    fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(1, |t| t.0)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn error(&self, expected: &str) -> DznError {
        DznError::Syntax {
            line: self.line(),
            expected: expected.to_string(),
            found: self
                .peek()
                .map_or("the end of the file".to_string(), |t| t.to_string()),
        }
    }

    fn eat(&mut self, sym: &'static str) -> bool {
        if self.peek() == Some(&Tok::Sym(sym)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, sym: &'static str) -> Result<(), DznError> {
        if self.eat(sym) {
            Ok(())
        } else {
            Err(self.error(&format!("`{sym}`")))
        }
    }

    fn int(&mut self) -> Result<i64, DznError> {
        match self.peek() {
            Some(Tok::Int(i)) => {
                let i = *i;
                self.pos += 1;
                Ok(i)
            }
            _ => Err(self.error("an integer")),
        }
    }

    fn set(&mut self) -> Result<Vec<i64>, DznError> {
        self.expect("{")?;
        let mut items = Vec::new();
        if self.eat("}") {
            return Ok(items);
        }
        loop {
            let lo = self.int()?;
            if self.eat("..") {
                let hi = self.int()?;
                items.extend(lo..=hi);
            } else {
                items.push(lo);
            }
            if self.eat("}") {
                return Ok(items);
            }
            self.expect(",")?;
        }
    }

    fn value(&mut self) -> Result<Value, DznError> {
        if self.eat("[|") {
            let mut rows = Vec::new();
            loop {
                if self.eat("|]") {
                    return Ok(Value::Rows(rows));
                }
                let line = self.line();
                let mut row = vec![self.int()?];
                while self.eat(",") {
                    if matches!(self.peek(), Some(Tok::Sym("|" | "|]"))) {
                        break;
                    }
                    row.push(self.int()?);
                }
                rows.push((line, row));
                if !self.eat("|") && self.peek() != Some(&Tok::Sym("|]")) {
                    return Err(self.error("`,`, `|` or `|]`"));
                }
            }
        }
        if self.eat("[") {
            let mut items = Vec::new();
            if self.eat("]") {
                return Ok(Value::Array(items));
            }
            loop {
                let line = self.line();
                let element = if self.peek() == Some(&Tok::Sym("{")) {
                    Element::Set(self.set()?)
                } else {
                    Element::Int(self.int()?)
                };
                items.push((line, element));
                if self.eat("]") {
                    return Ok(Value::Array(items));
                }
                self.expect(",")?;
            }
        }
        match self.peek() {
            Some(Tok::Int(_)) => Ok(Value::Int(self.int()?)),
            _ => Err(self.error("a number, `[` or `[|`")),
        }
    }
}

const NAMES: [&str; 11] = [
    "nBusiness",
    "nMeetings",
    "nTables",
    "nTotalSlots",
    "nMorningSlots",
    "requested",
    "meetingsxBusiness",
    "nMeetingsBusiness",
    "forbidden",
    "fixed",
    "precedences",
];

/// Parses a JAIR B2B `.dzn` file into an [`Instance`] (participants named "1",
/// "2", ... as in the file; slot and meeting numbers shifted to 0-based).
pub fn parse(text: &str) -> Result<Instance, DznError> {
    let mut p = Parser {
        toks: tokenize(text)?,
        pos: 0,
    };
    let mut values: HashMap<&'static str, (usize, Value)> = HashMap::new();
    while p.peek().is_some() {
        let line = p.line();
        let name = match p.peek() {
            Some(Tok::Ident(name)) => name.clone(),
            _ => return Err(p.error("a parameter name")),
        };
        p.pos += 1;
        let Some(&known) = NAMES.iter().find(|n| **n == name) else {
            return Err(DznError::Unknown { line, name });
        };
        p.expect("=")?;
        let value = p.value()?;
        p.expect(";")?;
        if values.insert(known, (line, value)).is_some() {
            return Err(DznError::Duplicate { line, name });
        }
    }
    build(values)
}

fn build(mut values: HashMap<&'static str, (usize, Value)>) -> Result<Instance, DznError> {
    let mut scalar = |name: &'static str, lo: i64, hi: i64| -> Result<i64, DznError> {
        match values.remove(name) {
            None => Err(DznError::Missing { name }),
            Some((_, Value::Int(v))) if (lo..=hi).contains(&v) => Ok(v),
            Some((line, Value::Int(v))) => Err(DznError::Range {
                line,
                name: name.into(),
                value: v,
                expected: format!("a number from {lo} to {hi}"),
            }),
            Some((line, _)) => Err(DznError::Shape {
                line,
                name: name.into(),
                expected: "a single number".into(),
            }),
        }
    };
    let np = scalar("nBusiness", 0, 1 << 20)? as usize;
    let nm = scalar("nMeetings", 0, 1 << 24)? as usize;
    let nt = scalar("nTables", 0, u16::MAX as i64)? as u16;
    let ns = scalar("nTotalSlots", 1, MAX_SLOTS as i64)? as usize;
    let nmorning = scalar("nMorningSlots", 0, ns as i64)? as usize;

    let (line, rows) = match values.remove("requested") {
        None => return Err(DznError::Missing { name: "requested" }),
        Some((_, Value::Rows(rows))) => (0, rows),
        Some((line, Value::Array(a))) if a.is_empty() => (line, Vec::new()),
        Some((line, _)) => {
            return Err(DznError::Shape {
                line,
                name: "requested".into(),
                expected: "a 2-D array [| p1, p2, session | ... |]".into(),
            });
        }
    };
    if rows.len() != nm {
        return Err(DznError::Shape {
            line: rows.last().map_or(line, |r| r.0),
            name: "requested".into(),
            expected: format!("{nm} rows (nMeetings), not {}", rows.len()),
        });
    }
    let range = |line: usize, name: &str, value: i64, lo: i64, hi: i64, what: &str| {
        if (lo..=hi).contains(&value) {
            Ok(value)
        } else {
            Err(DznError::Range {
                line,
                name: name.into(),
                value,
                expected: format!("{what} from {lo} to {hi}"),
            })
        }
    };
    let mut requests = Vec::with_capacity(nm);
    for (line, row) in &rows {
        let &[a, b, session] = row.as_slice() else {
            return Err(DznError::Shape {
                line: *line,
                name: "requested".into(),
                expected: format!("rows of 3 numbers (p1, p2, session), not {}", row.len()),
            });
        };
        let a = range(*line, "requested", a, 1, np as i64, "a participant")? as usize - 1;
        let b = range(*line, "requested", b, 1, np as i64, "a participant")? as usize - 1;
        if a == b {
            return Err(DznError::Inconsistent {
                line: *line,
                message: format!(
                    "meeting {} is a request of participant {} to themselves",
                    requests.len() + 1,
                    a + 1
                ),
            });
        }
        let session = match range(*line, "requested", session, 1, 3, "a session code")? {
            1 => SessionPreference::Morning,
            2 => SessionPreference::Afternoon,
            _ => SessionPreference::Any,
        };
        let mut req = MeetingRequest::new(a, b);
        req.session = session;
        requests.push(req);
    }

    let mut array =
        |name: &'static str, len: usize| -> Result<Option<Vec<(usize, Element)>>, DznError> {
            match values.remove(name) {
                None => Ok(None),
                Some((_, Value::Array(items))) if items.len() == len => Ok(Some(items)),
                Some((line, _)) => Err(DznError::Shape {
                    line,
                    name: name.into(),
                    expected: format!("an array of {len} elements"),
                }),
            }
        };
    let sets =
        |name: &str, items: Vec<(usize, Element)>| -> Result<Vec<(usize, Vec<i64>)>, DznError> {
            items
                .into_iter()
                .map(|(line, e)| match e {
                    Element::Set(s) => Ok((line, s)),
                    Element::Int(_) => Err(DznError::Shape {
                        line,
                        name: name.into(),
                        expected: "an array of sets".into(),
                    }),
                })
                .collect()
        };
    let ints = |name: &str, items: Vec<(usize, Element)>| -> Result<Vec<(usize, i64)>, DznError> {
        items
            .into_iter()
            .map(|(line, e)| match e {
                Element::Int(i) => Ok((line, i)),
                Element::Set(_) => Err(DznError::Shape {
                    line,
                    name: name.into(),
                    expected: "an array of numbers".into(),
                }),
            })
            .collect()
    };

    let mut of: Vec<Vec<usize>> = vec![Vec::new(); np];
    for (m, r) in requests.iter().enumerate() {
        of[r.a].push(m);
        of[r.b].push(m);
    }
    if let Some(items) = array("meetingsxBusiness", np)? {
        for (p, (line, set)) in sets("meetingsxBusiness", items)?.into_iter().enumerate() {
            let mut listed: Vec<usize> = Vec::new();
            for v in set {
                let v = range(
                    line,
                    "meetingsxBusiness",
                    v,
                    1,
                    nm as i64 + 1,
                    "a shifted meeting number",
                )?;
                if v > 1 {
                    listed.push(v as usize - 2);
                }
            }
            listed.sort_unstable();
            listed.dedup();
            if listed != of[p] {
                return Err(DznError::Inconsistent {
                    line,
                    message: format!(
                        "meetingsxBusiness of participant {} lists meetings {:?} but `requested` gives {:?}",
                        p + 1,
                        listed.iter().map(|m| m + 1).collect::<Vec<_>>(),
                        of[p].iter().map(|m| m + 1).collect::<Vec<_>>()
                    ),
                });
            }
        }
    }
    if let Some(items) = array("nMeetingsBusiness", np)? {
        for (p, (line, count)) in ints("nMeetingsBusiness", items)?.into_iter().enumerate() {
            if count != of[p].len() as i64 {
                return Err(DznError::Inconsistent {
                    line,
                    message: format!(
                        "nMeetingsBusiness says participant {} has {count} meetings but `requested` gives {}",
                        p + 1,
                        of[p].len()
                    ),
                });
            }
        }
    }
    let mut participants: Vec<Participant> = (0..np)
        .map(|p| Participant {
            name: (p + 1).to_string(),
            ..Participant::default()
        })
        .collect();
    if let Some(items) = array("forbidden", np)? {
        for (p, (line, set)) in sets("forbidden", items)?.into_iter().enumerate() {
            for v in set {
                // 0 is the file's placeholder for "no forbidden slot".
                if range(line, "forbidden", v, 0, ns as i64, "a slot (0 = none)")? > 0 {
                    participants[p].unavailable.push(Slot(v as u16 - 1));
                }
            }
            participants[p].unavailable.sort_unstable();
            participants[p].unavailable.dedup();
        }
    }
    if let Some(items) = array("fixed", nm)? {
        for (m, (line, v)) in ints("fixed", items)?.into_iter().enumerate() {
            if range(line, "fixed", v, 0, ns as i64, "a slot (0 = free)")? > 0 {
                requests[m].lock = Some(Lock {
                    slot: Slot(v as u16 - 1),
                    table: None,
                });
            }
        }
    }
    if let Some(items) = array("precedences", nm)? {
        for (m, (line, set)) in sets("precedences", items)?.into_iter().enumerate() {
            for v in set {
                let v = range(line, "precedences", v, 0, nm as i64, "a meeting (0 = none)")?;
                if v as usize == m + 1 {
                    return Err(DznError::Inconsistent {
                        line,
                        message: format!("meeting {} must precede itself", m + 1),
                    });
                }
                if v > 0 {
                    requests[m].after.push(v as usize - 1);
                }
            }
        }
    }
    Ok(Instance {
        slots: (0..ns)
            .map(|s| {
                if s < nmorning {
                    Session::Morning
                } else {
                    Session::Afternoon
                }
            })
            .collect(),
        tables: nt,
        participants,
        requests,
        interpreters: Vec::new(),
        fairness: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "% a tiny event\n\
        nBusiness = 3;\nnMeetings = 2;\nnTables = 1;\nnTotalSlots = 4;\nnMorningSlots = 2;\n\
        requested = [|1, 2, 1,\n|2, 3,3, \n|];\n\
        meetingsxBusiness = [{1,2},\n{1,2,3},\n{1,3}];\n\
        nMeetingsBusiness = [1,2,1];\n\
        forbidden = [{0},\n{0,4},\n{2..3}];\n\
        fixed = [0,3];\n\
        precedences = [{},\n{1}];\n";

    #[test]
    fn parses_every_field() {
        let inst = parse(SMALL).expect("valid file");
        assert_eq!(inst.slots.len(), 4);
        assert_eq!(inst.slots[1], Session::Morning);
        assert_eq!(inst.slots[2], Session::Afternoon);
        assert_eq!(inst.tables, 1);
        assert_eq!(inst.participants[1].unavailable, vec![Slot(3)]);
        assert_eq!(inst.participants[2].unavailable, vec![Slot(1), Slot(2)]);
        assert_eq!((inst.requests[0].a, inst.requests[0].b), (0, 1));
        assert_eq!(inst.requests[0].session, SessionPreference::Morning);
        assert_eq!(inst.requests[1].session, SessionPreference::Any);
        assert_eq!(inst.requests[1].lock.map(|l| l.slot), Some(Slot(2)));
        assert_eq!(inst.requests[1].after, vec![0]);
        assert_eq!(inst.fairness, None);
    }

    fn error_of(text: &str) -> String {
        parse(text).expect_err("should be rejected").to_string()
    }

    fn header(rest: &str) -> String {
        format!(
            "nBusiness = 3;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 4;\nnMorningSlots = 2;\n{rest}"
        )
    }

    #[test]
    fn errors_name_the_line_and_the_expectation() {
        assert_eq!(
            error_of(&header("requested = [|1, 4, 3|];\n")),
            "line 6: `requested` has 4, expected a participant from 1 to 3"
        );
        assert_eq!(
            error_of(&header("requested = [|2, 2, 3|];\n")),
            "line 6: meeting 1 is a request of participant 2 to themselves"
        );
        assert_eq!(
            error_of(&header("requested = [|1, 2, 3|];\nfixed = [5];\n")),
            "line 7: `fixed` has 5, expected a slot (0 = free) from 0 to 4"
        );
        assert_eq!(
            error_of(&header(
                "requested = [|1, 2, 3|];\nforbidden = [{0},{9},{0}];\n"
            )),
            "line 7: `forbidden` has 9, expected a slot (0 = none) from 0 to 4"
        );
        assert_eq!(
            error_of(&header("requested = [|1, 2, 3|]\n")),
            "line 6: expected `;`, found the end of the file"
        );
        assert_eq!(
            error_of(&header("requested = [|1, 2|];\n")),
            "line 6: `requested` should be rows of 3 numbers (p1, p2, session), not 2"
        );
        assert_eq!(
            error_of(&header(
                "requested = [|1, 2, 3|];\nnMeetingsBusiness = [1,1,1];\n"
            )),
            "line 7: nMeetingsBusiness says participant 3 has 1 meetings but `requested` gives 0"
        );
        assert_eq!(
            error_of(&header(
                "requested = [|1, 2, 3|];\nmeetingsxBusiness = [{1,2},{1},{1}];\n"
            )),
            "line 7: meetingsxBusiness of participant 2 lists meetings [] but `requested` gives [1]"
        );
        assert_eq!(
            error_of("nBusiness = 3;\n"),
            "missing parameter `nMeetings`"
        );
        assert_eq!(
            error_of("nBusiness = 3;\nnColours = 2;\n"),
            "line 2: unknown parameter `nColours`"
        );
        assert_eq!(
            error_of("nBusiness = 3 $;"),
            "line 1: expected a name, a number or one of = ; [ ] [| |] { } , .., found `$`"
        );
        assert_eq!(
            error_of("nBusiness = 3;\nnMeetings = 1;\nnTables = 1;\nnTotalSlots = 65;\n"),
            "line 4: `nTotalSlots` has 65, expected a number from 1 to 64"
        );
    }
}
