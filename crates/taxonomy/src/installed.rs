//! Imported nomenclatures kept in a directory, and the tree the program runs with.
//!
//! `medbridge taxonomy import` checks each file completely, then keeps a verbatim copy in
//! the taxonomy directory (`emdn.csv`, `foiclass.txt` or `foiclass.csv`); every later
//! start parses those copies again and installs the extended tree with
//! [`Taxonomy::install`]. Keeping the published file rather than a format of our own means
//! what is installed can always be compared with its source, and one parser is trusted.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::import::{ImportError, Nomenclature};
use crate::taxonomy::Taxonomy;
use medbridge_core::CodeScheme;

/// The shapes of file `medbridge taxonomy import` reads, told apart by their header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NomenclatureFile {
    /// The EMDN CSV (`category,category_description,code,term,level,terminal`).
    Emdn,
    /// The FDA product classification as published: pipe-delimited, Windows-1252.
    FdaTxt,
    /// The same FDA file converted to UTF-8 CSV.
    FdaCsv,
}

impl NomenclatureFile {
    pub const ALL: [NomenclatureFile; 3] = [
        NomenclatureFile::Emdn,
        NomenclatureFile::FdaTxt,
        NomenclatureFile::FdaCsv,
    ];

    /// The name its copy has in the taxonomy directory.
    pub fn file_name(self) -> &'static str {
        match self {
            NomenclatureFile::Emdn => "emdn.csv",
            NomenclatureFile::FdaTxt => "foiclass.txt",
            NomenclatureFile::FdaCsv => "foiclass.csv",
        }
    }

    pub fn scheme(self) -> CodeScheme {
        match self {
            NomenclatureFile::Emdn => CodeScheme::Emdn,
            NomenclatureFile::FdaTxt | NomenclatureFile::FdaCsv => CodeScheme::Fda,
        }
    }

    /// Which file `bytes` is, from its first line; `None` when it is neither.
    pub fn detect(bytes: &[u8]) -> Option<NomenclatureFile> {
        let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let header = String::from_utf8_lossy(header).to_ascii_uppercase();
        let header = header.trim_start_matches('\u{feff}');
        if header.starts_with("CATEGORY,") && header.contains(",TERM,") {
            Some(NomenclatureFile::Emdn)
        } else if header.contains("PRODUCTCODE") && header.contains('|') {
            Some(NomenclatureFile::FdaTxt)
        } else if header.contains("PRODUCTCODE") {
            Some(NomenclatureFile::FdaCsv)
        } else {
            None
        }
    }

    pub fn parse(self, bytes: &[u8]) -> Result<Nomenclature, ImportError> {
        match self {
            NomenclatureFile::Emdn => Nomenclature::from_emdn_csv(bytes),
            NomenclatureFile::FdaTxt => Nomenclature::from_fda_txt(bytes),
            NomenclatureFile::FdaCsv => Nomenclature::from_fda_csv(bytes),
        }
    }
}

/// Why a nomenclature file could not be read or kept, naming the file.
#[derive(Debug)]
pub enum InstallError {
    Io(PathBuf, std::io::Error),
    /// Neither an EMDN CSV nor an FDA product-classification file.
    Unrecognised(PathBuf),
    Invalid(PathBuf, ImportError),
    /// Two files of one scheme in one import.
    SameScheme(PathBuf, PathBuf),
}

impl fmt::Display for InstallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallError::Io(path, err) => write!(f, "{}: {err}", path.display()),
            InstallError::Unrecognised(path) => write!(
                f,
                "{}: expected the EMDN CSV (header category,category_description,code,term,level,terminal) \
                 or the FDA product classification (header with PRODUCTCODE and DEVICENAME, \
                 pipe-delimited or CSV), found neither header",
                path.display()
            ),
            InstallError::Invalid(path, err) => write!(f, "{}: {err}", path.display()),
            InstallError::SameScheme(a, b) => write!(
                f,
                "{} and {} hold the same nomenclature: import one of them",
                a.display(),
                b.display()
            ),
        }
    }
}

impl std::error::Error for InstallError {}

/// A file read and checked, ready to be kept.
pub struct Checked {
    pub kind: NomenclatureFile,
    pub nomenclature: Nomenclature,
    bytes: Vec<u8>,
}

/// Reads and checks one file completely.
pub fn check_file(path: &Path) -> Result<Checked, InstallError> {
    let bytes = std::fs::read(path).map_err(|e| InstallError::Io(path.to_owned(), e))?;
    let kind = NomenclatureFile::detect(&bytes)
        .ok_or_else(|| InstallError::Unrecognised(path.to_owned()))?;
    let nomenclature = kind
        .parse(&bytes)
        .map_err(|e| InstallError::Invalid(path.to_owned(), e))?;
    Ok(Checked {
        kind,
        nomenclature,
        bytes,
    })
}

/// Checks every file, then keeps copies of all of them in `dir`, replacing earlier imports
/// of the same schemes; when any file is wrong nothing in `dir` changes. Each copy is
/// written beside its final name and renamed over it, so a crash leaves the old or the
/// new file, never half of one.
pub fn import_files(dir: &Path, files: &[PathBuf]) -> Result<Vec<Checked>, InstallError> {
    let mut checked: Vec<(PathBuf, Checked)> = Vec::new();
    for path in files {
        let file = check_file(path)?;
        if let Some((other, _)) = checked
            .iter()
            .find(|(_, c)| c.kind.scheme() == file.kind.scheme())
        {
            return Err(InstallError::SameScheme(other.clone(), path.clone()));
        }
        checked.push((path.clone(), file));
    }
    std::fs::create_dir_all(dir).map_err(|e| InstallError::Io(dir.to_owned(), e))?;
    let mut staged = Vec::new();
    for (_, file) in &checked {
        let tmp = dir.join(format!(".{}.partial", file.kind.file_name()));
        std::fs::write(&tmp, &file.bytes).map_err(|e| InstallError::Io(tmp.clone(), e))?;
        staged.push((tmp, dir.join(file.kind.file_name()), file.kind));
    }
    for (tmp, target, kind) in staged {
        std::fs::rename(&tmp, &target).map_err(|e| InstallError::Io(target.clone(), e))?;
        // The other form of the same scheme is now out of date.
        for other in NomenclatureFile::ALL {
            if other != kind && other.scheme() == kind.scheme() {
                let stale = dir.join(other.file_name());
                if stale.exists() {
                    std::fs::remove_file(&stale).map_err(|e| InstallError::Io(stale, e))?;
                }
            }
        }
    }
    Ok(checked.into_iter().map(|(_, c)| c).collect())
}

/// The nomenclatures kept in `dir`, parsed again; none when `dir` does not exist.
pub fn load_dir(dir: &Path) -> Result<Vec<(NomenclatureFile, Nomenclature)>, InstallError> {
    let mut out = Vec::new();
    for kind in NomenclatureFile::ALL {
        let path = dir.join(kind.file_name());
        if path.exists() {
            let file = check_file(&path)?;
            out.push((kind, file.nomenclature));
        }
    }
    Ok(out)
}

/// What a taxonomy directory holds: each file kept, with its number of terms.
pub type Installed = Vec<(NomenclatureFile, usize)>;

static ACTIVE: OnceLock<Taxonomy> = OnceLock::new();

impl Taxonomy {
    /// The tree the program runs with: the built-in one, or what [`Taxonomy::install`] put
    /// in its place (the built-in tree extended with imported nomenclatures).
    pub fn active() -> &'static Taxonomy {
        ACTIVE.get().unwrap_or_else(Taxonomy::builtin)
    }

    /// Makes `taxonomy` the [`Taxonomy::active`] tree for the rest of the process. Call it
    /// at start, before any matching: it can be done once, and a second call returns
    /// `false` and changes nothing.
    pub fn install(taxonomy: Taxonomy) -> bool {
        ACTIVE.set(taxonomy).is_ok()
    }

    /// The built-in tree extended with every nomenclature kept in `dir`; `None` when `dir`
    /// holds none (the built-in tree is then all there is, and nothing is copied).
    pub fn with_installed(dir: &Path) -> Result<(Option<Taxonomy>, Installed), InstallError> {
        let mut tree: Option<Taxonomy> = None;
        let mut counts = Vec::new();
        for (kind, nomenclature) in load_dir(dir)? {
            counts.push((kind, nomenclature.len()));
            tree = Some(
                tree.as_ref()
                    .unwrap_or_else(|| Taxonomy::builtin())
                    .with_nomenclature(&nomenclature),
            );
        }
        Ok((tree, counts))
    }
}
