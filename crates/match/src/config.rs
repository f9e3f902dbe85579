//! Configuration the hard constraints depend on: which registrations open which markets,
//! and what a currency is worth. Both are TOML with a built-in default, so the engine works
//! with no file and the secretariat can correct either without a release.
//!
//! `markets.toml` (the built-in default is `data/markets.toml`):
//! ```toml
//! eaeu = ["AM", "BY", "KG", "KZ", "RU"]   # one EAEU registration covers all members
//! eu_mdr = ["AT", "BE", ...]              # EU member states plus EEA (IS, LI, NO)
//! nmpa = ["CN"]
//! us_fda = ["US"]
//! # a `national` registration covers the country it names, nothing else
//! ```
//! `rates.toml` (built-in default `data/rates.toml`): units of each currency per one unit
//! of `base`, with the date the table was taken on:
//! ```toml
//! base = "USD"
//! date = "2025-06-02"
//! [per_base]
//! CNY = 7.19
//! ```

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use medbridge_core::model::{Authority, Registration};
use medbridge_core::{Amount, CountryCode, Currency, ErrorCode, FieldError, Money};
use serde::Deserialize;

/// Countries where each registration authority's approval allows sale.
#[derive(Clone, Debug, PartialEq)]
pub struct Markets {
    covered: HashMap<Authority, HashSet<CountryCode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkets {
    #[serde(default)]
    eaeu: Vec<CountryCode>,
    #[serde(default)]
    eu_mdr: Vec<CountryCode>,
    #[serde(default)]
    nmpa: Vec<CountryCode>,
    #[serde(default)]
    us_fda: Vec<CountryCode>,
}

impl Markets {
    pub fn builtin() -> Markets {
        Markets::from_toml(include_str!("../data/markets.toml"))
            .expect("data/markets.toml is valid (tested)")
    }

    pub fn from_toml(text: &str) -> Result<Markets, String> {
        let raw: RawMarkets = toml::from_str(text).map_err(|e| e.to_string())?;
        let covered = [
            (Authority::Eaeu, raw.eaeu),
            (Authority::EuMdr, raw.eu_mdr),
            (Authority::Nmpa, raw.nmpa),
            (Authority::UsFda, raw.us_fda),
        ]
        .into_iter()
        .map(|(authority, countries)| (authority, countries.into_iter().collect()))
        .collect();
        Ok(Markets { covered })
    }

    /// Does `registration` allow sale in `country` (dates aside)?
    pub fn covers(&self, registration: &Registration, country: CountryCode) -> bool {
        match registration.authority {
            Authority::National => registration.country == Some(country),
            authority => self
                .covered
                .get(&authority)
                .is_some_and(|countries| countries.contains(&country)),
        }
    }

    /// Every country `registration` allows sale in (dates aside).
    pub fn countries(&self, registration: &Registration) -> Vec<CountryCode> {
        match registration.authority {
            Authority::National => registration.country.into_iter().collect(),
            authority => self
                .covered
                .get(&authority)
                .map(|c| c.iter().copied().collect())
                .unwrap_or_default(),
        }
    }

    /// The first registration valid on `day` that allows sale in `country`.
    pub fn valid_in<'r>(
        &self,
        registrations: &'r [Registration],
        country: CountryCode,
        day: NaiveDate,
    ) -> Option<&'r Registration> {
        registrations
            .iter()
            .find(|r| is_valid_on(r, day) && self.covers(r, country))
    }
}

/// Open-ended dates count as valid, as in `ProductData::registrations_valid_on`.
pub fn is_valid_on(registration: &Registration, day: NaiveDate) -> bool {
    registration.valid_from.is_none_or(|from| from <= day)
        && registration.valid_until.is_none_or(|until| day <= until)
}

/// Exchange rates against one base currency, as of one date.
#[derive(Clone, Debug, PartialEq)]
pub struct Rates {
    pub base: Currency,
    pub date: NaiveDate,
    per_base: HashMap<Currency, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRates {
    base: Currency,
    date: NaiveDate,
    per_base: HashMap<Currency, f64>,
}

impl Rates {
    pub fn builtin() -> Rates {
        Rates::from_toml(include_str!("../data/rates.toml"))
            .expect("data/rates.toml is valid (tested)")
    }

    pub fn from_toml(text: &str) -> Result<Rates, String> {
        let raw: RawRates = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some((currency, rate)) = raw
            .per_base
            .iter()
            .find(|(_, rate)| !(rate.is_finite() && **rate > 0.0))
        {
            return Err(format!(
                "rate of {currency} must be a positive number, not {rate}"
            ));
        }
        let mut per_base = raw.per_base;
        per_base.insert(raw.base, 1.0);
        Ok(Rates {
            base: raw.base,
            date: raw.date,
            per_base,
        })
    }

    pub fn knows(&self, currency: Currency) -> bool {
        self.per_base.contains_key(&currency)
    }

    /// `amount` of `from` in units of the base currency. An unknown currency is an error
    /// for `field`, so the caller says which input carried it.
    pub fn to_base(&self, amount: Amount, from: Currency, field: &str) -> Result<f64, FieldError> {
        self.per_base
            .get(&from)
            .map(|rate| amount.as_f64() / rate)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    ErrorCode::UnknownCurrency,
                    format!(
                        "no exchange rate for {from} in the rate table of {} (base {})",
                        self.date, self.base
                    ),
                )
            })
    }

    /// `money` in `to`, for showing a price in the buyer's currency.
    pub fn convert(&self, money: Money, to: Currency, field: &str) -> Result<f64, FieldError> {
        let base = self.to_base(money.amount, money.currency, field)?;
        Ok(base * self.per_base.get(&to).copied().unwrap_or(f64::NAN))
    }
}

/// Everything an [`crate::Engine`] is configured with.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub markets: Markets,
    pub rates: Rates,
    /// Tantivy indexing memory budget in bytes (split across writer threads).
    pub writer_memory: usize,
    pub writer_threads: usize,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            markets: Markets::builtin(),
            rates: Rates::builtin(),
            writer_memory: 200_000_000,
            writer_threads: 1,
        }
    }
}
