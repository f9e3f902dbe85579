//! The concept tree: built-in data, navigation, code lookup and extension by imports.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::import::Nomenclature;
use medbridge_core::{CodeScheme, DeviceCode, FieldError};

/// The languages every built-in concept is named in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
    Ru,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Zh, Lang::En, Lang::Ru, Lang::Fr];

    /// The ISO 639-1 code, also the key in the data file.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Fr => "fr",
        }
    }
}

/// One node of the tree: a device category, device type or subtype.
#[derive(Clone, Debug)]
pub struct Concept {
    id: String,
    parent: Option<String>,
    /// Indexed by `Lang as usize`; the first name of each list is the preferred one.
    names: [Vec<String>; 4],
    codes: Vec<DeviceCode>,
    imported_from: Option<CodeScheme>,
}

impl Concept {
    /// The stable id, e.g. `imaging.ct`; imported terms get `fda.JAK`, `emdn.Z110306`.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn parent_id(&self) -> Option<&str> {
        self.parent.as_deref()
    }

    /// Preferred name in `lang`, falling back to English, then to any name.
    pub fn name(&self, lang: Lang) -> &str {
        [lang, Lang::En]
            .into_iter()
            .chain(Lang::ALL)
            .find_map(|lang| self.names(lang).first())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Preferred name followed by the synonyms, as buyers write them in `lang`.
    pub fn names(&self, lang: Lang) -> &[String] {
        &self.names[lang as usize]
    }

    /// External codes of this device type (FDA, EMDN, NMPA, GMDN). An FDA or EMDN code
    /// sits on the most specific concept that every device carrying it is an instance of,
    /// so subtypes often have none and inherit the meaning of their ancestors' codes.
    pub fn codes(&self) -> &[DeviceCode] {
        &self.codes
    }

    /// `None` for the built-in concepts; the source scheme for imported terms.
    pub fn imported_from(&self) -> Option<CodeScheme> {
        self.imported_from
    }
}

/// A validated concept tree with its indexes.
#[derive(Clone, Debug)]
pub struct Taxonomy {
    concepts: Vec<Concept>,
    by_id: HashMap<String, usize>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    by_code: HashMap<DeviceCode, Vec<usize>>,
    /// Imported term <-> built-in concepts it falls under, both directions.
    links: Vec<Vec<usize>>,
}

const BUILTIN_DATA: &str = include_str!("../data/concepts.toml");

impl Taxonomy {
    /// The built-in tree from `data/concepts.toml`, parsed and validated on first use.
    ///
    /// # Panics
    /// If the bundled data file is invalid; the crate's tests make that a build failure.
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Taxonomy::from_toml(BUILTIN_DATA)
                .unwrap_or_else(|err| panic!("data/concepts.toml is invalid: {err}"))
        })
    }

    /// Parses and validates a concept file in the format of `data/concepts.toml`.
    pub fn from_toml(text: &str) -> Result<Taxonomy, DataError> {
        let file: RawFile =
            toml::from_str(text).map_err(|err| DataError::Syntax(err.to_string()))?;
        let concepts = file
            .concept
            .into_iter()
            .map(RawConcept::into_concept)
            .collect::<Result<Vec<_>, _>>()?;
        Taxonomy::index(concepts)
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// All concepts, built-in ones in data-file order, then imported ones.
    pub fn concepts(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.by_id.get(id).map(|&i| &self.concepts[i])
    }

    /// Concepts without a parent: the categories and the imported-scheme branches.
    pub fn roots(&self) -> impl Iterator<Item = &Concept> {
        self.concepts.iter().filter(|c| c.parent.is_none())
    }

    pub fn parent(&self, id: &str) -> Option<&Concept> {
        let parent = self.parents[*self.by_id.get(id)?]?;
        Some(&self.concepts[parent])
    }

    /// Direct children; empty for unknown ids.
    pub fn children(&self, id: &str) -> impl Iterator<Item = &Concept> {
        self.related(id, &self.children)
    }

    /// Parent, grandparent, ... up to the root; empty for unknown ids.
    pub fn ancestors(&self, id: &str) -> impl Iterator<Item = &Concept> {
        let start = self.by_id.get(id).and_then(|&i| self.parents[i]);
        std::iter::successors(start, |&i| self.parents[i]).map(|i| &self.concepts[i])
    }

    /// True when `a` is `b` or lies below it, e.g. (`imaging.ultrasound.doppler`, `imaging`).
    /// Unknown ids are related to nothing.
    pub fn is_same_or_descendant(&self, a: &str, b: &str) -> bool {
        self.get(a).is_some() && (a == b || self.ancestors(a).any(|ancestor| ancestor.id == b))
    }

    /// Concepts carrying `code`: built-in concepts mapped to it and the imported term
    /// itself; for [`CodeScheme::Mb`], the concept with that id.
    pub fn by_code(&self, code: &DeviceCode) -> impl Iterator<Item = &Concept> {
        let found: &[usize] = match code.scheme() {
            CodeScheme::Mb => self
                .by_id
                .get(code.code())
                .map(std::slice::from_ref)
                .unwrap_or(&[]),
            _ => self.by_code.get(code).map_or(&[], Vec::as_slice),
        };
        found.iter().map(|&i| &self.concepts[i])
    }

    /// For an imported term, the built-in concepts it is a kind of: those mapped to its
    /// code or, failing that, to its nearest ancestor's code (an EMDN leaf under
    /// `Z110306` belongs to whatever `Z110306` is mapped to). For a built-in concept,
    /// the imported terms so linked to it.
    pub fn links(&self, id: &str) -> impl Iterator<Item = &Concept> {
        self.related(id, &self.links)
    }

    /// A copy of this tree with `nomenclature`'s terms added under a branch named after
    /// its scheme (`fda`, `emdn`), replacing any earlier import of the same scheme.
    pub fn with_nomenclature(&self, nomenclature: &Nomenclature) -> Taxonomy {
        let scheme = nomenclature.scheme();
        let branch = scheme.as_str().to_ascii_lowercase();
        let node_id = |code: &DeviceCode| format!("{branch}.{}", code.code());
        let mut concepts: Vec<Concept> = self
            .concepts
            .iter()
            .filter(|c| c.imported_from != Some(scheme))
            .cloned()
            .collect();
        // Imported names are English registry labels; `Concept::name` falls back to them.
        let imported =
            |id: String, parent: Option<String>, name: &str, code: Option<&DeviceCode>| Concept {
                id,
                parent,
                names: [vec![], vec![name.to_owned()], vec![], vec![]],
                codes: code.into_iter().cloned().collect(),
                imported_from: Some(scheme),
            };
        concepts.push(imported(branch.clone(), None, nomenclature.title(), None));
        concepts.extend(nomenclature.terms().map(|term| {
            let parent = term.parent().map_or_else(|| branch.clone(), node_id);
            imported(
                node_id(term.code()),
                Some(parent),
                term.name(),
                Some(term.code()),
            )
        }));
        // Importers guarantee unique codes whose parents precede them, and built-in ids
        // cannot start with a scheme branch name, so the merged tree is always valid.
        Taxonomy::index(concepts).expect("an imported nomenclature always forms a valid branch")
    }

    fn related<'a>(
        &'a self,
        id: &str,
        table: &'a [Vec<usize>],
    ) -> impl Iterator<Item = &'a Concept> {
        let found = self.by_id.get(id).map_or(&[][..], |&i| table[i].as_slice());
        found.iter().map(|&i| &self.concepts[i])
    }

    /// Builds the indexes and checks the tree invariants: unique ids, known parents,
    /// no cycles, built-in ids clear of the import branches.
    fn index(concepts: Vec<Concept>) -> Result<Taxonomy, DataError> {
        let mut by_id = HashMap::with_capacity(concepts.len());
        for (i, concept) in concepts.iter().enumerate() {
            if concept.imported_from.is_none() {
                let root = concept.id.split('.').next().unwrap_or_default();
                if CodeScheme::ALL
                    .iter()
                    .any(|s| s.as_str().eq_ignore_ascii_case(root))
                {
                    return Err(DataError::ReservedId(concept.id.clone()));
                }
            }
            if by_id.insert(concept.id.clone(), i).is_some() {
                return Err(DataError::DuplicateId(concept.id.clone()));
            }
        }
        let parents =
            concepts
                .iter()
                .map(|c| match &c.parent {
                    None => Ok(None),
                    Some(parent) => by_id.get(parent).map(|&p| Some(p)).ok_or_else(|| {
                        DataError::UnknownParent {
                            id: c.id.clone(),
                            parent: parent.clone(),
                        }
                    }),
                })
                .collect::<Result<Vec<_>, _>>()?;
        // A chain longer than the number of concepts must revisit one of them.
        for (i, concept) in concepts.iter().enumerate() {
            if std::iter::successors(parents[i], |&p| parents[p])
                .nth(concepts.len())
                .is_some()
            {
                return Err(DataError::Cycle(concept.id.clone()));
            }
        }
        let mut children = vec![Vec::new(); concepts.len()];
        let mut by_code: HashMap<DeviceCode, Vec<usize>> = HashMap::new();
        for (i, concept) in concepts.iter().enumerate() {
            if let Some(p) = parents[i] {
                children[p].push(i);
            }
            for code in &concept.codes {
                by_code.entry(code.clone()).or_default().push(i);
            }
        }
        let mut links = vec![Vec::new(); concepts.len()];
        for (i, concept) in concepts.iter().enumerate() {
            if concept.imported_from.is_none() {
                continue;
            }
            let builtin_for = |j: usize| -> Vec<usize> {
                concepts[j]
                    .codes
                    .iter()
                    .flat_map(|code| &by_code[code])
                    .copied()
                    .filter(|&k| concepts[k].imported_from.is_none())
                    .collect()
            };
            let targets = std::iter::successors(Some(i), |&j| parents[j])
                .map(builtin_for)
                .find(|found| !found.is_empty())
                .unwrap_or_default();
            for target in targets {
                links[i].push(target);
                links[target].push(i);
            }
        }
        Ok(Taxonomy {
            concepts,
            by_id,
            parents,
            children,
            by_code,
            links,
        })
    }
}

/// Why a concept file was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// Not valid TOML, or not the expected fields (message from the TOML parser, with position).
    Syntax(String),
    DuplicateId(String),
    /// Built-in ids must not start with `fda`, `emdn`, ...: those branches hold imports.
    ReservedId(String),
    MalformedId(String),
    UnknownParent {
        id: String,
        parent: String,
    },
    Cycle(String),
    /// A concept without any name in a language.
    MissingName {
        id: String,
        lang: Lang,
    },
    BadCode {
        id: String,
        error: FieldError,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Syntax(message) => write!(f, "{message}"),
            DataError::DuplicateId(id) => write!(f, "concept {id:?} is defined twice"),
            DataError::ReservedId(id) => write!(
                f,
                "concept id {id:?} starts with a scheme name, reserved for imported terms"
            ),
            DataError::MalformedId(id) => write!(
                f,
                "concept id {id:?}: expected dot-separated segments of ASCII letters, digits and '_'"
            ),
            DataError::UnknownParent { id, parent } => {
                write!(
                    f,
                    "concept {id:?} has parent {parent:?}, which is not defined"
                )
            }
            DataError::Cycle(id) => write!(f, "concept {id:?} is its own ancestor"),
            DataError::MissingName { id, lang } => {
                write!(f, "concept {id:?} has no name in {:?}", lang.as_str())
            }
            DataError::BadCode { id, error } => write!(f, "concept {id:?}: {error}"),
        }
    }
}

impl std::error::Error for DataError {}

#[derive(Deserialize)]
struct RawFile {
    concept: Vec<RawConcept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: String,
    parent: Option<String>,
    zh: Vec<String>,
    en: Vec<String>,
    ru: Vec<String>,
    fr: Vec<String>,
    #[serde(default)]
    fda: Vec<String>,
    #[serde(default)]
    emdn: Vec<String>,
    #[serde(default)]
    nmpa: Vec<String>,
    #[serde(default)]
    gmdn: Vec<String>,
}

impl RawConcept {
    fn into_concept(self) -> Result<Concept, DataError> {
        if !DeviceCode::new(CodeScheme::Mb, &self.id).is_ok_and(|id| id.code() == self.id) {
            return Err(DataError::MalformedId(self.id));
        }
        let names = [self.zh, self.en, self.ru, self.fr].map(|names| {
            names
                .into_iter()
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
        });
        if let Some(lang) = Lang::ALL
            .into_iter()
            .find(|&l| names[l as usize].is_empty())
        {
            return Err(DataError::MissingName { id: self.id, lang });
        }
        let mut codes = Vec::new();
        for (scheme, list) in [
            (CodeScheme::Fda, self.fda),
            (CodeScheme::Emdn, self.emdn),
            (CodeScheme::Nmpa, self.nmpa),
            (CodeScheme::Gmdn, self.gmdn),
        ] {
            for code in list {
                match DeviceCode::new(scheme, &code) {
                    Ok(code) => codes.push(code),
                    Err(error) => return Err(DataError::BadCode { id: self.id, error }),
                }
            }
        }
        Ok(Concept {
            id: self.id,
            parent: self.parent,
            names,
            codes,
            imported_from: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn code(text: &str) -> DeviceCode {
        text.parse().unwrap()
    }

    fn ids<'a>(concepts: impl Iterator<Item = &'a Concept>) -> Vec<&'a str> {
        concepts.map(Concept::id).collect()
    }

    #[test]
    fn builtin_tree_is_large_complete_and_acyclic() {
        let t = Taxonomy::builtin();
        assert!(t.len() >= 300, "only {} concepts", t.len());
        let unique: HashSet<&str> = t.concepts().map(Concept::id).collect();
        assert_eq!(unique.len(), t.len());
        for concept in t.concepts() {
            for lang in Lang::ALL {
                assert!(
                    !concept.names(lang).is_empty(),
                    "{} lacks {lang:?}",
                    concept.id()
                );
                // The file is reviewed by hand: a name listed twice is noise.
                let mut seen = HashSet::new();
                for name in concept.names(lang) {
                    assert!(
                        seen.insert(name.to_lowercase()),
                        "{} lists {name:?} twice ({lang:?})",
                        concept.id()
                    );
                }
            }
            let root = t.ancestors(concept.id()).last().unwrap_or(concept);
            assert!(root.parent_id().is_none());
            assert!(concept.imported_from().is_none());
        }
    }

    #[test]
    fn most_device_types_map_to_fda_and_emdn() {
        let t = Taxonomy::builtin();
        let device_types: Vec<&Concept> =
            t.concepts().filter(|c| c.parent_id().is_some()).collect();
        let share = |schemes: &[CodeScheme]| {
            let mapped = device_types
                .iter()
                .filter(|c| {
                    c.codes()
                        .iter()
                        .any(|code| schemes.contains(&code.scheme()))
                })
                .count();
            mapped as f64 / device_types.len() as f64
        };
        assert!(
            share(&[CodeScheme::Fda]) >= 0.7,
            "FDA coverage {}",
            share(&[CodeScheme::Fda])
        );
        assert!(share(&[CodeScheme::Fda, CodeScheme::Emdn]) >= 0.9);
        // IVD reagents, controls, calibrators and stains (China registers them under its
        // separate IVD reagent catalogue) and goods that are not devices there (spectacles,
        // toothbrushes, culture media) have no sub-catalogue: about 400 of the device types
        // since the long-tail rounds of 2026-12-06, when the share fell from 0.8 to 0.61.
        assert!(
            share(&[CodeScheme::Nmpa]) >= 0.6,
            "NMPA coverage {}",
            share(&[CodeScheme::Nmpa])
        );
    }

    #[test]
    fn navigates_the_tree() {
        let t = Taxonomy::builtin();
        let doppler = "imaging.ultrasound.colour_doppler";
        assert_eq!(
            t.parent(doppler).map(Concept::id),
            Some("imaging.ultrasound")
        );
        assert_eq!(ids(t.ancestors(doppler)), ["imaging.ultrasound", "imaging"]);
        assert!(ids(t.children("imaging.ultrasound")).contains(&doppler));
        assert!(t.is_same_or_descendant(doppler, "imaging"));
        assert!(t.is_same_or_descendant("imaging", "imaging"));
        assert!(!t.is_same_or_descendant("imaging", doppler));
        assert!(!t.is_same_or_descendant("imaging.ct", "respiratory"));
        assert!(!t.is_same_or_descendant("no.such", "no.such"));
        assert!(t.parent("imaging").is_none());
        assert_eq!(t.children("no.such").count(), 0);
        assert_eq!(t.ancestors("no.such").count(), 0);
        assert!(ids(t.roots()).contains(&"respiratory"));
    }

    #[test]
    fn looks_concepts_up_by_external_code() {
        let t = Taxonomy::builtin();
        assert_eq!(ids(t.by_code(&code("FDA:JAK"))), ["imaging.ct"]);
        assert_eq!(ids(t.by_code(&code("FDA:CBK"))), ["respiratory.ventilator"]);
        assert_eq!(
            ids(t.by_code(&code("EMDN:Z12030301"))),
            ["infusion.infusion_pump"]
        );
        assert_eq!(ids(t.by_code(&code("MB:imaging.mri"))), ["imaging.mri"]);
        assert!(ids(t.by_code(&code("NMPA:06"))).contains(&"imaging.ct"));
        assert_eq!(t.by_code(&code("FDA:ZZZ")).count(), 0);
        assert_eq!(t.by_code(&code("MB:no.such")).count(), 0);
    }

    #[test]
    fn names_in_each_language_with_preferred_first() {
        let ct = Taxonomy::builtin().get("imaging.ct").unwrap();
        assert_eq!(ct.name(Lang::En), "CT scanner");
        assert_eq!(ct.name(Lang::Ru), "компьютерный томограф");
        assert_eq!(ct.name(Lang::Fr), "scanner");
        assert_eq!(ct.name(Lang::Zh), "CT");
        assert!(ct.names(Lang::Ru).iter().any(|n| n == "КТ"));
    }

    const TWO: &str = r#"
        [[concept]]
        id = "a"
        zh = ["甲"]
        en = ["a"]
        ru = ["а"]
        fr = ["a"]

        [[concept]]
        id = "a.b"
        parent = "a"
        zh = ["乙"]
        en = ["b"]
        ru = ["б"]
        fr = ["b"]
        fda = ["jak"]
    "#;

    #[test]
    fn parses_a_concept_file() {
        let t = Taxonomy::from_toml(TWO).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.get("a.b").unwrap().codes(), [code("FDA:JAK")]);
    }

    #[test]
    fn rejects_invalid_concept_files() {
        type Check = fn(&DataError) -> bool;
        let cases: [(String, Check); 8] = [
            (
                TWO.replace("\"a.b\"", "\"a\""),
                |e| matches!(e, DataError::DuplicateId(id) if id == "a"),
            ),
            (
                TWO.replace("parent = \"a\"", "parent = \"x\""),
                |e| matches!(e, DataError::UnknownParent { parent, .. } if parent == "x"),
            ),
            (
                TWO.replace("id = \"a\"\n", "id = \"a\"\n        parent = \"a.b\"\n"),
                |e| matches!(e, DataError::Cycle(_)),
            ),
            (TWO.replace("ru = [\"б\"]", "ru = []"), |e| {
                matches!(e, DataError::MissingName { lang: Lang::Ru, .. })
            }),
            (TWO.replace("[\"jak\"]", "[\"JA\"]"), |e| {
                matches!(e, DataError::BadCode { .. })
            }),
            (TWO.replace("\"a.b\"", "\"fda.b\""), |e| {
                matches!(e, DataError::ReservedId(_))
            }),
            (TWO.replace("\"a.b\"", "\"a b\""), |e| {
                matches!(e, DataError::MalformedId(_))
            }),
            (
                TWO.replace("fda = ", "icd = "),
                |e| matches!(e, DataError::Syntax(m) if m.contains("icd")),
            ),
        ];
        for (text, expected) in cases {
            let err = Taxonomy::from_toml(&text).unwrap_err();
            assert!(expected(&err), "unexpected {err:?}");
            assert!(!err.to_string().is_empty());
        }
    }
}
