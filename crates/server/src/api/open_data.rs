//! Public agreements as open data, shaped after the Open Contracting Data Standard 1.1
//! (a release package: parties with roles, contracts with value, period, items classified
//! by device code, and milestones), so ministries and researchers can reuse them with
//! OCDS tools. Drafts and confidential agreements are never included.

use crate::AppState;
use crate::api::meetings::everything_in;
use crate::error::ApiError;
use axum::extract::State;
use medbridge_core::model::*;
use medbridge_store::Scope;
use serde_json::{Value, json};

fn contract_status(s: AgreementStatus) -> &'static str {
    match s {
        AgreementStatus::Draft => "pending",
        AgreementStatus::Signed | AgreementStatus::InForce => "active",
        AgreementStatus::Completed | AgreementStatus::Expired | AgreementStatus::Terminated => {
            "terminated"
        }
    }
}

/// One OCDS release for one agreement.
pub fn release(
    a: &Agreement,
    orgs: &std::collections::HashMap<medbridge_core::OrgId, Organisation>,
    product: Option<&Product>,
    today: chrono::NaiveDate,
) -> Value {
    let parties: Vec<Value> = a
        .data
        .parties
        .iter()
        .map(|p| {
            let org = orgs.get(&p.organisation_id);
            json!({
                "id": format!("org-{}", p.organisation_id.0),
                "name": org.map(|o| o.data.name.best("en").to_string()).unwrap_or_default(),
                "address": {"countryName": org.map(|o| o.data.country.to_string()).unwrap_or_default()},
                "roles": ["party"],
                "details": {"role": p.role},
            })
        })
        .collect();
    let items: Vec<Value> = product
        .map(|p| {
            p.data
                .device_codes
                .iter()
                .enumerate()
                .map(|(i, code)| {
                    json!({
                        "id": format!("{}-{}", p.id.0, i + 1),
                        "description": p.data.name.best("en"),
                        "classification": {"scheme": code.scheme().to_string(), "id": code.code()},
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let milestones: Vec<Value> = a
        .data
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let status = match m.completed_on {
                Some(_) => "met",
                None if m.due_on < today => "notMet",
                None => "scheduled",
            };
            json!({
                "id": format!("{}-{}", a.id.0, i + 1),
                "title": m.title.best("en"),
                "dueDate": format!("{}T00:00:00Z", m.due_on),
                "dateMet": m.completed_on.map(|d| format!("{d}T00:00:00Z")),
                "status": status,
            })
        })
        .collect();
    let mut contract = json!({
        "id": format!("agreement-{}", a.id.0),
        "title": a.data.title.best("en"),
        "description": a.data.description.best("en"),
        "status": contract_status(a.data.status),
        "dateSigned": a.data.signed_on.map(|d| format!("{d}T00:00:00Z")),
        "period": {
            "startDate": a.data.starts_on.map(|d| format!("{d}T00:00:00Z")),
            "endDate": a.data.ends_on.map(|d| format!("{d}T00:00:00Z")),
        },
        "items": items,
        "milestones": milestones,
        // medbridge's own fields, in the extension namespace style.
        "medbridge": {"kind": a.data.kind.as_str(), "status": a.data.status.as_str(), "place": a.data.place, "title": a.data.title},
    });
    if let Some(v) = a.data.value {
        contract["value"] =
            json!({"amount": v.amount.as_f64(), "currency": v.currency.to_string()});
    }
    json!({
        "ocid": format!("ocds-medbridge-{}", a.id.0),
        "id": format!("agreement-{}-{}", a.id.0, a.version),
        "date": a.updated_at.to_rfc3339(),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "contracts": [contract],
    })
}

/// Public agreements as an OCDS release package.
#[utoipa::path(get, path = "/open-data/agreements", tag = "agreements",
    responses((status = 200, description = "An OCDS 1.1 release package of the public agreements", content_type = "application/json")))]
pub async fn agreements(State(s): State<AppState>) -> Result<axum::Json<Value>, ApiError> {
    let list = everything_in::<AgreementData>(&s, Vec::new(), Scope::Public).await?;
    let mut orgs = std::collections::HashMap::new();
    let mut releases = Vec::with_capacity(list.len());
    let today = chrono::Utc::now().date_naive();
    for a in &list {
        for p in &a.data.parties {
            if let std::collections::hash_map::Entry::Vacant(e) = orgs.entry(p.organisation_id)
                && let Ok(o) = s
                    .store
                    .get::<OrganisationData>(p.organisation_id, Scope::Public)
                    .await
            {
                e.insert(o);
            }
        }
        let product = match a.data.origin.product_id {
            Some(p) => s.store.get::<ProductData>(p, Scope::Public).await.ok(),
            None => None,
        };
        releases.push(release(a, &orgs, product.as_ref(), today));
    }
    Ok(axum::Json(json!({
        "uri": "/api/v1/open-data/agreements",
        "version": "1.1",
        "publishedDate": chrono::Utc::now().to_rfc3339(),
        "publisher": {"name": "medbridge"},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "releases": releases,
    })))
}
