//! What every list page shares: filter parameters as a form sends them, the store query (built
//! by the API's `list_query`, so web and API filter alike), filter errors shown next to their
//! input, and keyset pagination as a "next page" link.

use super::forms::FormErrors;
use super::{Chrome, OrFail, WebError};
use crate::AppState;
use crate::api::crud::{ListParams, Resource, list_query};
use crate::error::ApiError;
use medbridge_core::model::{Organisation, OrganisationData, Record};
use medbridge_core::{ErrorCode, FieldError, FieldErrors, OrgId};
use medbridge_store::{Filter, ListQuery};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Results per page: enough to scan, short enough for slow connections.
const PAGE_SIZE: u32 = 20;

/// Filters as a GET form sends them: every field present, empty meaning "any". Unknown
/// parameters (`lang`) are ignored here, unlike in the API, since they come from links.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Filters {
    pub q: String,
    pub country: String,
    pub kind: String,
    pub alliance: String,
    pub direction: String,
    pub cooperation_type: String,
    pub status: String,
    pub device_code: String,
    pub sort: String,
    pub cursor: String,
}

fn given(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Filters {
    /// Whether the reader narrowed the list (an empty result then needs a different hint).
    pub fn narrowed(&self) -> bool {
        [
            &self.q,
            &self.country,
            &self.kind,
            &self.alliance,
            &self.direction,
            &self.cooperation_type,
            &self.status,
            &self.device_code,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }

    pub fn params(&self) -> Result<ListParams, FieldErrors> {
        let alliance = match given(&self.alliance) {
            None => None,
            Some(a) => Some(a.parse().map_err(|_| {
                FieldError::new(
                    "alliance",
                    ErrorCode::UnknownValue,
                    format!("'{a}' is not an organisation id"),
                )
            })?),
        };
        Ok(ListParams {
            q: given(&self.q),
            country: given(&self.country),
            kind: given(&self.kind),
            alliance,
            direction: given(&self.direction),
            cooperation_type: given(&self.cooperation_type),
            status: given(&self.status),
            device_code: given(&self.device_code),
            sort: given(&self.sort),
            cursor: given(&self.cursor),
            limit: Some(PAGE_SIZE),
            ..ListParams::default()
        })
    }

    /// This list from `cursor` on, with the same filters.
    fn page_href(&self, path: &str, cursor: &str) -> String {
        let next = Filters {
            cursor: cursor.to_string(),
            ..self.clone()
        };
        let fields = serde_urlencoded::to_string(&next).expect("strings serialise");
        // Leave out empty parameters: shorter links that read well when shared.
        let query: Vec<&str> = fields.split('&').filter(|kv| !kv.ends_with('=')).collect();
        format!("{path}?{}", query.join("&"))
    }
}

/// What `list.html` says about one kind of list.
pub struct Frame {
    pub path: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    /// The plural message for the number of results, e.g. `count-products`.
    pub count: &'static str,
}

/// One page of a list, as the list templates show it.
pub struct Listing<E: Resource> {
    pub items: Vec<Record<E::Id, E>>,
    /// The link to the next page, absent on the last.
    pub next: Option<String>,
    /// On a later page, the link back to the first.
    pub first: Option<String>,
    pub errors: FormErrors,
    pub narrowed: bool,
}

/// Loads the page of `E` that `f` asks for. Bad filter values are not an error page but
/// messages beside their inputs, with no results.
pub async fn load<E: Resource>(
    s: &AppState,
    c: &Chrome,
    path: &str,
    f: &Filters,
) -> Result<Listing<E>, ApiError> {
    let mut listing = Listing {
        items: Vec::new(),
        next: None,
        first: (!f.cursor.is_empty()).then(|| f.page_href(path, "")),
        errors: FormErrors::default(),
        narrowed: f.narrowed(),
    };
    match f.params().and_then(list_query::<E>) {
        Ok(q) => {
            let page = s.store.list::<E>(&q, c.viewer.scope()).await?;
            listing.next = page.next_cursor.map(|cur| f.page_href(path, &cur));
            listing.items = page.items;
        }
        Err(errs) => listing.errors = FormErrors::new(c.tr, "filter", &errs),
    }
    Ok(listing)
}

/// Up to 200 records of one query that the viewer may see, unpaged: for the short side lists
/// of a page (an organisation's products, an event's programme).
pub async fn all<E: Resource>(
    s: &AppState,
    c: &Chrome,
    filters: Vec<Filter>,
) -> Result<Vec<Record<E::Id, E>>, WebError> {
    let q = ListQuery {
        limit: 200,
        ..ListQuery::new(filters)
    };
    Ok(s.store
        .list::<E>(&q, c.viewer.scope())
        .await
        .or_fail(c)?
        .items)
}

/// An organisation a page mentions, if the viewer may see it.
pub async fn visible_org(s: &AppState, c: &Chrome, id: OrgId) -> Option<Organisation> {
    s.store
        .get::<OrganisationData>(id, c.viewer.scope())
        .await
        .ok()
}

/// Names of organisations in the reader's language, for lists that mention them; those the
/// viewer may not see are left out.
pub async fn org_names(
    s: &AppState,
    c: &Chrome,
    ids: impl Iterator<Item = OrgId>,
) -> BTreeMap<OrgId, String> {
    let mut names = BTreeMap::new();
    for id in ids.collect::<BTreeSet<_>>() {
        if let Some(o) = visible_org(s, c, id).await {
            names.insert(id, o.data.name.best(c.code()).to_string());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_page_keeps_the_filters_and_drops_empty_ones() {
        let f = Filters {
            q: "ct scanner".into(),
            country: "KG".into(),
            cursor: "old".into(),
            ..Filters::default()
        };
        assert_eq!(
            f.page_href("/products", "7b7d"),
            "/products?q=ct+scanner&country=KG&cursor=7b7d"
        );
        assert_eq!(
            f.page_href("/products", ""),
            "/products?q=ct+scanner&country=KG"
        );
        assert!(f.narrowed());
        assert!(
            !Filters {
                sort: "-name".into(),
                ..Filters::default()
            }
            .narrowed()
        );
    }

    #[test]
    fn a_bad_alliance_is_a_field_error() {
        let errs = Filters {
            alliance: "x".into(),
            ..Filters::default()
        }
        .params()
        .unwrap_err();
        assert_eq!(errs.0[0].field, "alliance");
    }
}
