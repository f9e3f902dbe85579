//! medbridge core: the domain, with no I/O.
//!
//! Every value that crosses a layer boundary is a validated type ("parse, don't validate"):
//! a [`CountryCode`] is always a real ISO 3166-1 code, a [`LanguageTag`] a real language,
//! a [`DeviceCode`] a well-formed code of a known nomenclature. Parsing happens once, at the
//! edge (JSON body, CSV cell, CLI flag), and the error says which value was wrong and what
//! was expected, so the store, the engines and the pages never re-check.
//!
//! Cross-field rules (an end date before a start date, a price range upside down) live in the
//! `check` methods of the drafts in [`model`], which collect every problem at once as
//! [`FieldError`]s with a stable machine-readable [`ErrorCode`] that the UI translates.

pub mod error;
pub mod ids;
pub mod model;
pub mod page;
pub mod shared_data;
pub mod values;

pub use error::{ErrorCode, FieldError, FieldErrors};
pub use ids::*;
pub use page::{Cursor, Page, SortOrder};
pub use values::*;
