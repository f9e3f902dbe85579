//! What the engine matches: plain values the server fills from its records.
//!
//! The engine never sees a database row. [`Offer`] is a product or an offer (an opportunity
//! whose direction is `offer`); [`Need`] is what a buyer asks for, either typed ad hoc or
//! taken from a need record ([`NeedDoc`] when it is indexed for the reciprocal direction).
//! The conversions from `medbridge_core::model` are here so the server converts records
//! without knowing how the engine is built.

use std::fmt;

use chrono::NaiveDate;
use medbridge_core::model::{
    CooperationType, Direction, OpportunityData, ProductData, Registration,
};
use medbridge_core::{
    CountryCode, DeviceCode, ErrorCode, FieldError, FieldErrors, LanguageTag, Money,
    MultilingualText, OpportunityId, OrgId, PriceRange, ProductId, SavedSearchId,
};

/// What a match points at, typed so a product id cannot pass for an opportunity id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ItemRef {
    Product(ProductId),
    /// A need or an offer.
    Opportunity(OpportunityId),
    /// A person's saved search, indexed like a need so that a new offer finds the searches
    /// it answers (the reciprocal direction) and raises their alerts.
    SavedSearch(SavedSearchId),
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Product(id) => write!(f, "product:{id}"),
            ItemRef::Opportunity(id) => write!(f, "opportunity:{id}"),
            ItemRef::SavedSearch(id) => write!(f, "saved_search:{id}"),
        }
    }
}

/// A text with the language it is written in, when known. Untagged texts (and tags other
/// than zh, en, ru, fr) are routed by the script detector in [`crate::lang`].
#[derive(Clone, Debug, PartialEq)]
pub struct TaggedText {
    pub lang: Option<LanguageTag>,
    pub text: String,
}

impl TaggedText {
    pub fn new(lang: Option<LanguageTag>, text: impl Into<String>) -> TaggedText {
        TaggedText {
            lang,
            text: text.into(),
        }
    }

    /// Every version of a multilingual text, tagged.
    pub fn all(text: &MultilingualText) -> impl Iterator<Item = TaggedText> + '_ {
        text.iter()
            .map(|(lang, t)| TaggedText::new(Some(lang.clone()), t))
    }
}

/// A product or an offer, as the engine ranks it for needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub item: ItemRef,
    pub supplier: Option<OrgId>,
    /// Where the supplier is based: counts as presence in that country.
    pub supplier_country: Option<CountryCode>,
    pub texts: Vec<TaggedText>,
    pub codes: Vec<DeviceCode>,
    pub registrations: Vec<Registration>,
    pub price: Option<PriceRange>,
    pub lead_time_days: Option<u32>,
    /// The forms of cooperation offered; a product offers supply and distribution.
    pub cooperation: Vec<CooperationType>,
    /// Countries where the supplier installs and services; for an offer record, the
    /// countries it applies to. It is what the offer side "wants" for the mutual score.
    pub service_countries: Vec<CountryCode>,
}

impl Offer {
    /// A catalogue product; `supplier_country` is its supplier organisation's country.
    pub fn from_product(
        id: ProductId,
        product: &ProductData,
        supplier_country: Option<CountryCode>,
    ) -> Offer {
        Offer {
            item: ItemRef::Product(id),
            supplier: Some(product.supplier_id),
            supplier_country,
            texts: TaggedText::all(&product.name)
                .chain(TaggedText::all(&product.description))
                .collect(),
            codes: product.device_codes.clone(),
            registrations: product.registrations.clone(),
            price: product.price,
            lead_time_days: product.lead_time_days,
            cooperation: vec![
                CooperationType::EquipmentSupply,
                CooperationType::Distribution,
            ],
            service_countries: product.service_countries.clone(),
        }
    }

    /// An offer record; `None` for a need (use [`NeedDoc::from_opportunity`]).
    pub fn from_opportunity(
        id: OpportunityId,
        offer: &OpportunityData,
        organisation_country: Option<CountryCode>,
    ) -> Option<Offer> {
        (offer.direction == Direction::Offer).then(|| Offer {
            item: ItemRef::Opportunity(id),
            supplier: Some(offer.organisation_id),
            supplier_country: organisation_country,
            texts: TaggedText::all(&offer.title)
                .chain(TaggedText::all(&offer.description))
                .collect(),
            codes: offer.device_codes.clone(),
            registrations: Vec::new(),
            price: offer.budget.map(|m| PriceRange {
                min: m.amount,
                max: m.amount,
                currency: m.currency,
            }),
            lead_time_days: None,
            cooperation: vec![offer.cooperation_type],
            service_countries: offer.countries.clone(),
        })
    }
}

/// What a buyer wants. `today` is passed in: the engine never reads the clock, so a
/// result is reproducible and a test can stand on any date.
#[derive(Clone, Debug, PartialEq)]
pub struct Need {
    pub texts: Vec<TaggedText>,
    /// The buyer's country: registrations must be valid there.
    pub country: Option<CountryCode>,
    pub buyer: Option<OrgId>,
    pub codes: Vec<DeviceCode>,
    /// Total budget; divided by `quantity` for the unit price.
    pub budget: Option<Money>,
    pub quantity: Option<u32>,
    /// Delivery wanted by this date.
    pub deadline: Option<NaiveDate>,
    pub cooperation: Option<CooperationType>,
    pub today: NaiveDate,
}

impl Need {
    /// A need given by text alone, the rest left open.
    pub fn text(text: impl Into<String>, today: NaiveDate) -> Need {
        Need {
            texts: vec![TaggedText::new(None, text)],
            country: None,
            buyer: None,
            codes: Vec::new(),
            budget: None,
            quantity: None,
            deadline: None,
            cooperation: None,
            today,
        }
    }

    /// The checks that need no index: something to match on, a deadline not yet passed.
    /// (Unknown countries and currencies cannot reach here: they fail to parse; see
    /// [`NeedForm`]. Unknown device codes and currencies without a rate are checked by
    /// the engine, which knows the taxonomy and the rate table.)
    pub(crate) fn check_shape(&self) -> FieldErrors {
        let mut errors = FieldErrors::default();
        if self.texts.iter().all(|t| t.text.trim().is_empty()) && self.codes.is_empty() {
            errors.push(FieldError::new(
                "text",
                ErrorCode::Required,
                "describe the need in words or give at least one device code",
            ));
        }
        if self.quantity == Some(0) {
            errors.push(FieldError::new(
                "quantity",
                ErrorCode::OutOfRange,
                "at least 1 when given",
            ));
        }
        if let Some(deadline) = self.deadline
            && deadline < self.today
        {
            errors.push(FieldError::new(
                "deadline",
                ErrorCode::DateOrder,
                format!("{deadline} is already past (today is {})", self.today),
            ));
        }
        errors
    }
}

/// A need record indexed for the reciprocal direction (offer → needs).
#[derive(Clone, Debug, PartialEq)]
pub struct NeedDoc {
    pub item: ItemRef,
    pub need: Need,
}

impl NeedDoc {
    /// A need record; `None` for an offer (use [`Offer::from_opportunity`]). The buyer's
    /// country is the first country of the record, else its organisation's.
    pub fn from_opportunity(
        id: OpportunityId,
        need: &OpportunityData,
        organisation_country: Option<CountryCode>,
        today: NaiveDate,
    ) -> Option<NeedDoc> {
        (need.direction == Direction::Need).then(|| NeedDoc {
            item: ItemRef::Opportunity(id),
            need: Need {
                texts: TaggedText::all(&need.title)
                    .chain(TaggedText::all(&need.description))
                    .collect(),
                country: need.countries.first().copied().or(organisation_country),
                buyer: Some(need.organisation_id),
                codes: need.device_codes.clone(),
                budget: need.budget,
                quantity: need.quantity,
                deadline: need.deadline,
                cooperation: Some(need.cooperation_type),
                today,
            },
        })
    }
}

/// A need as typed by a person (CLI flags, a web form): every field a string, parsed at
/// once into a [`Need`] with every error named by its field.
#[derive(Clone, Debug, Default)]
pub struct NeedForm {
    pub text: String,
    pub lang: Option<String>,
    pub country: Option<String>,
    pub codes: Vec<String>,
    pub budget_amount: Option<String>,
    pub budget_currency: Option<String>,
    pub quantity: Option<u32>,
    pub deadline: Option<String>,
    pub cooperation: Option<String>,
}

impl NeedForm {
    pub fn parse(&self, today: NaiveDate) -> Result<Need, FieldErrors> {
        let errors = std::cell::RefCell::new(FieldErrors::default());
        fn keep<T>(
            errors: &std::cell::RefCell<FieldErrors>,
            result: Result<T, FieldError>,
            field: &str,
        ) -> Option<T> {
            result
                .map_err(|e| errors.borrow_mut().push(e.under(field)))
                .ok()
        }
        let lang = self
            .lang
            .as_deref()
            .and_then(|l| keep(&errors, l.parse::<LanguageTag>(), "lang"));
        let country = self
            .country
            .as_deref()
            .and_then(|c| keep(&errors, c.parse::<CountryCode>(), "country"));
        let codes: Vec<DeviceCode> = self
            .codes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| keep(&errors, c.parse(), &format!("codes[{i}]")))
            .collect();
        let amount = self
            .budget_amount
            .as_deref()
            .and_then(|a| keep(&errors, a.parse(), "budget.amount"));
        let currency = self
            .budget_currency
            .as_deref()
            .and_then(|c| keep(&errors, c.parse(), "budget.currency"));
        let deadline = self.deadline.as_deref().and_then(|d| {
            keep(
                &errors,
                d.trim().parse::<NaiveDate>().map_err(|_| {
                    FieldError::new(
                        "",
                        ErrorCode::InvalidFormat,
                        format!("'{d}' is not a date (expected YYYY-MM-DD)"),
                    )
                }),
                "deadline",
            )
        });
        let cooperation = self
            .cooperation
            .as_deref()
            .and_then(|c| keep(&errors, c.parse::<CooperationType>(), "cooperation_type"));
        let budget = match (amount, currency, &self.budget_amount, &self.budget_currency) {
            (Some(amount), Some(currency), _, _) => Some(Money { amount, currency }),
            (_, None, Some(_), None) => {
                errors.borrow_mut().push(FieldError::new(
                    "budget.currency",
                    ErrorCode::Required,
                    "a budget needs its currency (e.g. USD, CNY, KGS)",
                ));
                None
            }
            _ => None,
        };
        let need = Need {
            texts: vec![TaggedText::new(lang, self.text.trim())],
            country,
            buyer: None,
            codes,
            budget,
            quantity: self.quantity,
            deadline,
            cooperation,
            today,
        };
        let mut errors = errors.into_inner();
        for e in need.check_shape().0 {
            errors.push(e);
        }
        errors.into_result().map(|()| need)
    }
}

impl Offer {
    /// An offer with nothing but its reference, to fill with struct update syntax.
    pub fn empty(item: ItemRef) -> Offer {
        Offer {
            item,
            supplier: None,
            supplier_country: None,
            texts: Vec::new(),
            codes: Vec::new(),
            registrations: Vec::new(),
            price: None,
            lead_time_days: None,
            cooperation: vec![
                CooperationType::EquipmentSupply,
                CooperationType::Distribution,
            ],
            service_countries: Vec::new(),
        }
    }
}
