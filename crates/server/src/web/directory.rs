//! The directory of organisations and their profiles.

use super::listing::{self, Filters, Frame, Listing, all, visible_org};
use super::{Chrome, OrFail, WebError, render};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use medbridge_core::OrgId;
use medbridge_core::model::*;
use medbridge_store::Filter;

const FRAME: Frame = Frame {
    path: "/organisations",
    heading: "orgs-title",
    intro: "orgs-intro",
    count: "count-organisations",
};

#[derive(Template)]
#[template(path = "organisations.html")]
struct ListPage {
    c: Chrome,
    frame: Frame,
    f: Filters,
    list: Listing<OrganisationData>,
    /// The alliances and associations whose members the directory can be narrowed to.
    alliances: Vec<Organisation>,
}

pub async fn list(
    State(s): State<AppState>,
    c: Chrome,
    Query(f): Query<Filters>,
) -> Result<Response, WebError> {
    let list = listing::load(&s, &c, FRAME.path, &f).await.or_fail(&c)?;
    let alliances =
        all::<OrganisationData>(&s, &c, vec![Filter::OrgKind(OrgKind::Association)]).await?;
    Ok(render(&ListPage {
        c,
        frame: FRAME,
        f,
        list,
        alliances,
    }))
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct ShowPage {
    c: Chrome,
    org: Organisation,
    /// Each membership with the alliance's record, when visible.
    memberships: Vec<(Membership, Option<Organisation>)>,
    products: Vec<Product>,
    opportunities: Vec<Opportunity>,
}

pub async fn show(
    State(s): State<AppState>,
    c: Chrome,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let org = s
        .store
        .get::<OrganisationData>(OrgId(id), c.viewer.scope())
        .await
        .or_fail(&c)?;
    let mut memberships = Vec::new();
    for m in &org.data.memberships {
        memberships.push((m.clone(), visible_org(&s, &c, m.alliance_id).await));
    }
    let products = all::<ProductData>(&s, &c, vec![Filter::Organisation(org.id)]).await?;
    let opportunities = all::<OpportunityData>(&s, &c, vec![Filter::Organisation(org.id)]).await?;
    Ok(render(&ShowPage {
        c,
        org,
        memberships,
        products,
        opportunities,
    }))
}
