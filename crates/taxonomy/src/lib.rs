//! Medical-device taxonomy for medbridge.
//!
//! - [`Taxonomy::builtin`]: a concept tree written by the medbridge team in
//!   `data/concepts.toml` (categories → device types → subtypes), every concept named in
//!   Chinese, English, Russian and French as buyers write them, and mapped to FDA
//!   product codes, EMDN codes and China's 22 NMPA sub-catalogues.
//! - [`DeviceCode`]: the `SCHEME:CODE` form (`FDA:JAK`, `EMDN:Z110306`, `NMPA:06`,
//!   `GMDN:35186`, `MB:imaging.ct`), validated at construction.
//! - [`Recognizer`]: finds concepts in free text in any of the four languages.
//! - [`Nomenclature`]: importers for the EMDN CSV and the FDA product classification
//!   (CSV or the original pipe-delimited Windows-1252 file);
//!   [`Taxonomy::with_nomenclature`] hangs the imported terms under an `emdn` / `fda`
//!   branch and links them to the built-in concepts through the mappings;
//!   [`import_files`] keeps checked copies in a directory and [`Taxonomy::install`] makes
//!   the extended tree the [`Taxonomy::active`] one at start.
//!
//! ```
//! use medbridge_taxonomy::{DeviceCode, Lang, Recognizer, Taxonomy};
//!
//! let taxonomy = Taxonomy::builtin();
//! let cbk: DeviceCode = "FDA:CBK".parse().unwrap();
//! let ventilator = taxonomy.by_code(&cbk).next().unwrap();
//! assert_eq!(ventilator.name(Lang::Ru), "аппарат ИВЛ");
//!
//! let mentions = Recognizer::builtin().find("Закупка: аппараты ИВЛ для реанимации, 5 шт.");
//! assert_eq!(mentions[0].surface, "аппараты ИВЛ для реанимации");
//! assert_eq!(mentions[0].concept, "respiratory.ventilator.icu");
//! assert!(taxonomy.is_same_or_descendant(mentions[0].concept, ventilator.id()));
//! ```
//!
//! Design choices:
//! - The tree is data, not code: a reviewable TOML file compiled in with `include_str!`
//!   and validated once on first use (`OnceLock`), so nothing is deployed beside the
//!   binary and a bad edit fails this crate's tests rather than production.
//! - Concepts are addressed by their string id everywhere in the API: ids are what other
//!   crates store and send, and an index type would need translating at every boundary.
//! - A code maps to the most specific concept that every device carrying the code is an
//!   instance of. Matching "does this registered product satisfy that request" is then
//!   `by_code` followed by [`Taxonomy::is_same_or_descendant`], never a guess.
//! - Imported nomenclatures become ordinary concepts in their own branch rather than a
//!   parallel structure, so navigation and code lookup work the same on them.

mod import;
mod installed;
mod recognize;
mod taxonomy;
mod text;

pub use import::{ImportError, Nomenclature, Term};
pub use installed::{
    Checked, InstallError, Installed, NomenclatureFile, check_file, import_files, load_dir,
};
pub use medbridge_core::{CodeScheme, DeviceCode};
pub use recognize::{Mention, Recognizer};
pub use taxonomy::{Concept, DataError, Lang, Taxonomy};
