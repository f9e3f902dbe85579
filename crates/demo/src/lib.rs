//! medbridge demo data, in two flavours.
//!
//! - [`seed`]: the real Belt and Road Medical Device Innovation and Application Alliance
//!   (BRMDIA), its members and partners in Kyrgyzstan, Kazakhstan, Uzbekistan and Belarus, the
//!   Bishkek conference of 19 October 2023 with the agreements signed there, the 2025
//!   Shanghai cooperation conference, and illustrative products, needs and offers around
//!   them, all marked as demo data. Small, hand-written, idempotent: for showing the platform.
//! - [`generate`]: synthetic organisations, products, needs and offers at any scale,
//!   deterministic for a seed, written in batches: for load tests and benchmarks. The row
//!   generators ([`product_rows`], ...) also work without a database, e.g. to write an
//!   import file with [`write_products_csv`].
//!
//! Both build their words from [`vocabulary`]: device types with real FDA and EMDN codes, and
//! places named in Chinese, English, Russian and French.

mod alliance;
mod outcomes;
mod synthetic;
pub mod vocabulary;

pub use alliance::{DemoAccount, DemoSummary, seed};
pub use outcomes::{OutcomesConfig, OutcomesSummary, generate_outcomes, history_start};
pub use synthetic::{
    BATCH, GenerateConfig, GenerateProgress, GenerateSummary, OrgRef, generate, opportunity_rows,
    organisation_rows, product_rows, write_products_csv,
};

use medbridge_store::StoreError;

/// Why demo data could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request does not make sense, e.g. products without any organisation to own them.
    #[error("{0}")]
    Config(String),
}
