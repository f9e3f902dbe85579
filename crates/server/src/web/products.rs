//! The product catalogue: list with filters, and the detail page with codes, registrations
//! per market, price and lead time.

use super::listing::{self, Filters, Frame, Listing, org_names};
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use medbridge_core::model::*;
use medbridge_core::{OrgId, ProductId};
use std::collections::BTreeMap;

const FRAME: Frame = Frame {
    path: "/products",
    heading: "products-title",
    intro: "products-intro",
    count: "count-products",
};

#[derive(Template)]
#[template(path = "products.html")]
struct ListPage {
    c: Chrome,
    frame: Frame,
    f: Filters,
    list: Listing<ProductData>,
    suppliers: BTreeMap<OrgId, String>,
}

impl ListPage {
    fn supplier(&self, id: &OrgId) -> &str {
        self.suppliers.get(id).map(String::as_str).unwrap_or("")
    }
}

pub async fn list(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let list = listing::load::<ProductData>(&s, &c, FRAME.path, &f)
        .await
        .or_fail(&c)?;
    let suppliers = org_names(&s, &c, list.items.iter().map(|p| p.data.supplier_id)).await;
    Ok(render(&ListPage {
        c,
        frame: FRAME,
        f,
        list,
        suppliers,
    }))
}

#[derive(Template)]
#[template(path = "product.html")]
struct ShowPage {
    c: Chrome,
    product: Product,
    supplier: Option<Organisation>,
    today: NaiveDate,
    matches: Vec<crate::api::matches::MatchView>,
    relaxed: bool,
    matches_heading: &'static str,
    /// Only needs are read (see the matches panel).
    reading: Option<String>,
    matches_problem: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Shown {
    relaxed: bool,
}

impl ShowPage {
    fn valid_today(&self, r: &Registration) -> bool {
        self.product
            .data
            .registrations_valid_on(self.today)
            .any(|v| v == r)
    }
}

pub async fn show(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<Shown>,
) -> Result<Response, WebError> {
    let product = s
        .store
        .get::<ProductData>(ProductId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let supplier = s
        .store
        .get::<OrganisationData>(product.data.supplier_id, c.viewer.scope())
        .await
        .ok();
    let options = medbridge_match::Options {
        limit: 10,
        relaxed: q.relaxed,
        ..medbridge_match::Options::default()
    };
    let matches = crate::api::matches::for_product(&s, &c.viewer, id, &options, c.tr.0)
        .await
        .unwrap_or_default();
    Ok(render(&ShowPage {
        c,
        product,
        supplier,
        today: Utc::now().date_naive(),
        matches,
        relaxed: q.relaxed,
        matches_heading: "matches-for-product",
        reading: None,
        matches_problem: None,
    }))
}
