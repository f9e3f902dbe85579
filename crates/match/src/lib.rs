//! The medbridge matching engine: which offers answer a buyer's need, and which needs an
//! offer answers, across Chinese, English, Russian and French, never suggesting what cannot
//! legally be sold in the buyer's country, and saying why each match was made.
//!
//! - Input: plain values ([`Offer`], [`Need`], [`NeedDoc`]) that the server fills from its
//!   records (conversions from `medbridge_core::model` are in [`input`]). No SQL, no HTTP.
//! - Candidates: a tantivy index with one text field per language (jieba for Chinese,
//!   Snowball stemmers for Russian, French and English; untagged text routed by script,
//!   see [`lang`]) and a concept field holding every concept an item is, with all its
//!   ancestors, so "the concept asked for or a narrower one" is one term query.
//! - Cross-lingual matching goes through concepts, not translation: codes and words in
//!   any language name concepts of the built-in taxonomy (`medbridge-taxonomy`). A need
//!   whose words name no type is read as the type of the offers they match best, or else
//!   as the type whose names share its telling words (a device described by its use);
//!   the second is a guess that ranks that type first without hiding other offers.
//! - Hard constraints (cooperation type, device type, registration valid in the buyer's
//!   country, price within budget after conversion, lead time within the deadline) are
//!   checked on every candidate; [`Options::relaxed`] returns near misses with the
//!   [`Constraint`] they failed instead of dropping them.
//! - Every [`Match`] carries structured [`Reason`]s that render in zh/en/ru/fr.
//! - [`eval`] measures the engine on judged needs against a plain BM25 baseline, and
//!   [`bench`] measures it at scale on generated data; [`audit`] is the independent
//!   checker both use to count constraint violations.
//!
//! ```
//! use medbridge_match::{Engine, EngineConfig, Need, Offer, Options, ItemRef, TaggedText};
//! use medbridge_core::{ProductId, UiLang};
//! let engine = Engine::new(EngineConfig::default());
//! engine.upsert_offer(Offer {
//!     texts: vec![TaggedText::new(None, "便携式彩超")],
//!     ..Offer::empty(ItemRef::Product(ProductId(1)))
//! });
//! engine.commit().unwrap();
//! let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let found = engine.match_need(&Need::text("портативный УЗИ аппарат", today), &Options::default()).unwrap();
//! assert_eq!(found[0].item, ItemRef::Product(ProductId(1)));
//! println!("{}", found[0].reasons[0].render(UiLang::Ru));
//! ```

pub mod audit;
pub mod bench;
mod concepts;
pub mod config;
mod described;
mod engine;
pub mod eval;
mod explain;
pub mod input;
pub mod lang;

pub use config::{EngineConfig, Markets, Rates};
pub use engine::{
    Engine, Indexed, Match, Options, PastCooperation, Ranking, ReadFrom, TypeRead, compatible,
    needs_registration,
};
pub use explain::{Constraint, Reason, concept_name, render_reading};
pub use input::{ItemRef, Need, NeedDoc, NeedForm, Offer, TaggedText};
pub use medbridge_taxonomy::Lang;
