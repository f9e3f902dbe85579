//! The CSV layout of each entity: which columns, in which order, and how a row maps onto the
//! entity's `*Data` struct. Column names are the JSON field names, so the two formats describe
//! the same thing and a spreadsheet header reads like the API documentation.
//!
//! | entity | columns |
//! |---|---|
//! | organisations | `name.<lang>`…, `kind`*, `country`*, `city`, `website`, `languages`, `description.<lang>`…, `memberships`, `published`, `demo` |
//! | products | `supplier_id`*, `name.<lang>`…, `description.<lang>`…, `device_codes`, `risk_class`, `registrations`, `price.min`, `price.max`, `price.currency`, `lead_time_days`, `service_countries`, `documentation_languages`, `published` |
//! | opportunities | `organisation_id`*, `direction`*, `cooperation_type`*, `title.<lang>`…, `description.<lang>`…, `countries`, `device_codes`, `quantity`, `budget.amount`, `budget.currency`, `deadline`, `status` |
//!
//! `*` required; a text family (`name`, `title`) is required in at least one language. Lists
//! are `;`-separated: `device_codes` = `FDA:JAK;EMDN:Z110306`. A registration is
//! `authority|number|valid_from|valid_until[|country]`, a membership `alliance_id|status[|since]`.
//! Dates are `YYYY-MM-DD`, flags `true`/`false`; empty cells take the API's defaults.

use crate::Kind;
use crate::table::{Column, Layout, RowReader, RowWriter};
use medbridge_core::model::{OpportunityData, OrganisationData, ProductData};
use medbridge_core::{MAX_LONG_TEXT, MAX_SHORT_TEXT, Money, MultilingualText, PriceRange};
use medbridge_store::Entity;

/// An entity that can travel as a CSV row. Implemented for the three exchangeable entities.
pub trait Tabular: Entity {
    const KIND: Kind;
    const LAYOUT: Layout;
    /// Builds the entity from a row; problems are recorded in the reader, and the result is
    /// only meaningful when there are none.
    fn read(row: &mut RowReader) -> Option<Self>;
    fn write(&self, row: &mut RowWriter);
    /// The multilingual fields, whose languages decide the export's text columns.
    fn texts(&self) -> [&MultilingualText; 2];
}

impl Tabular for OrganisationData {
    const KIND: Kind = Kind::Organisations;
    const LAYOUT: Layout = Layout {
        columns: &[
            Column::Text("name"),
            Column::Plain("kind"),
            Column::Plain("country"),
            Column::Plain("city"),
            Column::Plain("website"),
            Column::Plain("languages"),
            Column::Text("description"),
            Column::Plain("memberships"),
            Column::Plain("published"),
            Column::Plain("demo"),
        ],
        required: &["name", "kind", "country"],
        groups: &[],
    };

    fn read(r: &mut RowReader) -> Option<Self> {
        let name = r.text("name", MAX_SHORT_TEXT);
        let kind = r.required("kind");
        let country = r.required("country");
        let city = r.optional("city");
        let website = r.optional("website");
        let languages = r.list("languages");
        let description = r.text("description", MAX_LONG_TEXT);
        let memberships = r.list("memberships");
        let published = r.flag("published", true);
        let demo = r.flag("demo", false);
        Some(OrganisationData {
            name,
            kind: kind?,
            country: country?,
            city,
            website,
            languages,
            description,
            memberships,
            published,
            demo,
        })
    }

    fn write(&self, w: &mut RowWriter) {
        w.set_text("name", &self.name);
        w.set("kind", &self.kind);
        w.set("country", &self.country);
        w.set("city", &self.city);
        w.set("website", &self.website);
        w.set_list("languages", &self.languages);
        w.set_text("description", &self.description);
        w.set_list("memberships", &self.memberships);
        w.set("published", &self.published);
        w.set("demo", &self.demo);
    }

    fn texts(&self) -> [&MultilingualText; 2] {
        [&self.name, &self.description]
    }
}

const PRICE: &[&str] = &["price.min", "price.max", "price.currency"];
const BUDGET: &[&str] = &["budget.amount", "budget.currency"];

impl Tabular for ProductData {
    const KIND: Kind = Kind::Products;
    const LAYOUT: Layout = Layout {
        columns: &[
            Column::Plain("supplier_id"),
            Column::Text("name"),
            Column::Text("description"),
            Column::Plain("device_codes"),
            Column::Plain("risk_class"),
            Column::Plain("registrations"),
            Column::Plain("price.min"),
            Column::Plain("price.max"),
            Column::Plain("price.currency"),
            Column::Plain("lead_time_days"),
            Column::Plain("service_countries"),
            Column::Plain("documentation_languages"),
            Column::Plain("published"),
        ],
        required: &["supplier_id", "name"],
        groups: &[PRICE],
    };

    fn read(r: &mut RowReader) -> Option<Self> {
        let supplier_id = r.required("supplier_id");
        let name = r.text("name", MAX_SHORT_TEXT);
        let description = r.text("description", MAX_LONG_TEXT);
        let device_codes = r.list("device_codes");
        let risk_class = r.optional("risk_class");
        let registrations = r.list("registrations");
        let price = if r.any(PRICE) {
            let (min, max, currency) = (
                r.required(PRICE[0]),
                r.required(PRICE[1]),
                r.required(PRICE[2]),
            );
            Some(PriceRange {
                min: min?,
                max: max?,
                currency: currency?,
            })
        } else {
            None
        };
        let lead_time_days = r.optional("lead_time_days");
        let service_countries = r.list("service_countries");
        let documentation_languages = r.list("documentation_languages");
        let published = r.flag("published", true);
        Some(ProductData {
            supplier_id: supplier_id?,
            name,
            description,
            device_codes,
            risk_class,
            registrations,
            price,
            lead_time_days,
            service_countries,
            documentation_languages,
            published,
        })
    }

    fn write(&self, w: &mut RowWriter) {
        w.set("supplier_id", &self.supplier_id);
        w.set_text("name", &self.name);
        w.set_text("description", &self.description);
        w.set_list("device_codes", &self.device_codes);
        w.set("risk_class", &self.risk_class);
        w.set_list("registrations", &self.registrations);
        if let Some(p) = &self.price {
            w.set(PRICE[0], &p.min);
            w.set(PRICE[1], &p.max);
            w.set(PRICE[2], &p.currency);
        }
        w.set("lead_time_days", &self.lead_time_days);
        w.set_list("service_countries", &self.service_countries);
        w.set_list("documentation_languages", &self.documentation_languages);
        w.set("published", &self.published);
    }

    fn texts(&self) -> [&MultilingualText; 2] {
        [&self.name, &self.description]
    }
}

impl Tabular for OpportunityData {
    const KIND: Kind = Kind::Opportunities;
    const LAYOUT: Layout = Layout {
        columns: &[
            Column::Plain("organisation_id"),
            Column::Plain("direction"),
            Column::Plain("cooperation_type"),
            Column::Text("title"),
            Column::Text("description"),
            Column::Plain("countries"),
            Column::Plain("device_codes"),
            Column::Plain("quantity"),
            Column::Plain("budget.amount"),
            Column::Plain("budget.currency"),
            Column::Plain("deadline"),
            Column::Plain("status"),
        ],
        required: &["organisation_id", "direction", "cooperation_type", "title"],
        groups: &[BUDGET],
    };

    fn read(r: &mut RowReader) -> Option<Self> {
        let organisation_id = r.required("organisation_id");
        let direction = r.required("direction");
        let cooperation_type = r.required("cooperation_type");
        let title = r.text("title", MAX_SHORT_TEXT);
        let description = r.text("description", MAX_LONG_TEXT);
        let countries = r.list("countries");
        let device_codes = r.list("device_codes");
        let quantity = r.optional("quantity");
        let budget = if r.any(BUDGET) {
            let (amount, currency) = (r.required(BUDGET[0]), r.required(BUDGET[1]));
            Some(Money {
                amount: amount?,
                currency: currency?,
            })
        } else {
            None
        };
        let deadline = r.optional("deadline");
        let status = r.optional("status");
        Some(OpportunityData {
            organisation_id: organisation_id?,
            direction: direction?,
            cooperation_type: cooperation_type?,
            title,
            description,
            countries,
            device_codes,
            quantity,
            budget,
            deadline,
            status: status.unwrap_or(medbridge_core::model::OpportunityStatus::Open),
        })
    }

    fn write(&self, w: &mut RowWriter) {
        w.set("organisation_id", &self.organisation_id);
        w.set("direction", &self.direction);
        w.set("cooperation_type", &self.cooperation_type);
        w.set_text("title", &self.title);
        w.set_text("description", &self.description);
        w.set_list("countries", &self.countries);
        w.set_list("device_codes", &self.device_codes);
        w.set("quantity", &self.quantity);
        if let Some(b) = &self.budget {
            w.set(BUDGET[0], &b.amount);
            w.set(BUDGET[1], &b.currency);
        }
        w.set("deadline", &self.deadline);
        w.set("status", &self.status);
    }

    fn texts(&self) -> [&MultilingualText; 2] {
        [&self.title, &self.description]
    }
}
