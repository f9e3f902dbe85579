//! The JSON API under `/api/v1`.
//!
//! Every resource has the same five actions, written once as generic functions in
//! [`crud`] and exposed per resource by the `resource!` macro, which puts a
//! `#[utoipa::path]` on each handler so the OpenAPI document is generated from the code that
//! serves it and cannot drift.

pub mod check_in;
pub mod crud;
pub mod documents;
pub mod extract;
pub mod matches;
pub mod meetings;
pub mod open_data;
pub mod session;
pub mod suggestions;

use crate::AppState;
use crate::error::Problem;
use crud::ListParams;
use medbridge_core::model::*;
use medbridge_core::*;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "medbridge API",
        description = "The cooperation registry of medbridge: organisations, people, products, needs and offers, events and agreements. Errors are RFC 9457 problem documents with a stable `code`. Lists use keyset pagination (`next_cursor`). Updates need `If-Match` with the ETag from a read; a stale one gets 412.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "organisations", description = "The directory of organisations and alliance memberships"),
        (name = "people", description = "People and their accounts (signed-in users only)"),
        (name = "products", description = "Products and capabilities, coded to device nomenclatures, with registrations per market"),
        (name = "opportunities", description = "Needs and offers"),
        (name = "events", description = "Conferences, exhibitions, forums and their sub-events"),
        (name = "agreements", description = "Cooperation agreements"),
        (name = "suggestions", description = "Matches kept for your needs and saved searches, with their status; new ones are alerts"),
        (name = "session", description = "Sign-in, sign-out and API tokens"),
        (name = "audit", description = "The audit log of every write (secretariat only)")
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::new(crate::auth::SESSION_COOKIE),
            )),
        );
    }
}

/// Declares the five handlers of one resource with their OpenAPI descriptions.
macro_rules! resource {
    ($module:ident, $tag:tt, $list_path:tt, $item_path:tt, $data:ty, $id:ty) => {
        pub mod $module {
            use super::*;
            use crate::api::crud;
            use crate::api::extract::{ApiJson, ApiQuery, IfMatch};
            use crate::auth::Viewer;
            use crate::error::ApiError;
            use axum::extract::{Path, State};
            use axum::http::StatusCode;
            use axum::response::IntoResponse;

            #[utoipa::path(get, path = $list_path, tag = $tag, params(ListParams),
                responses((status = 200, description = "One page", body = Page<Record<$id, $data>>),
                          (status = 422, description = "A filter value is invalid", body = Problem, content_type = "application/problem+json")))]
            pub async fn list(State(s): State<AppState>, viewer: Viewer, ApiQuery(p): ApiQuery<ListParams>) -> Result<impl IntoResponse, ApiError> {
                crud::list::<$data>(&s, &viewer, p).await
            }

            #[utoipa::path(get, path = $item_path, tag = $tag, params(("id" = i64, Path)),
                responses((status = 200, description = "The record; its ETag is the version", body = Record<$id, $data>),
                          (status = 404, description = "No such record, or not visible to you", body = Problem, content_type = "application/problem+json")))]
            pub async fn get(State(s): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Result<impl IntoResponse, ApiError> {
                crud::get::<$data>(&s, &viewer, id).await
            }

            #[utoipa::path(post, path = $list_path, tag = $tag, request_body = $data,
                responses((status = 201, description = "Created", body = Record<$id, $data>),
                          (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
                          (status = 403, description = "Not allowed for your role or organisation", body = Problem, content_type = "application/problem+json"),
                          (status = 422, description = "Invalid input; `errors` names each field", body = Problem, content_type = "application/problem+json")),
                security(("bearer" = []), ("session" = [])))]
            pub async fn create(State(s): State<AppState>, viewer: Viewer, ApiJson(data): ApiJson<$data>) -> Result<impl IntoResponse, ApiError> {
                crud::create(&s, &viewer, data).await.map(|r| (StatusCode::CREATED, r))
            }

            #[utoipa::path(put, path = $item_path, tag = $tag, request_body = $data,
                params(("id" = i64, Path), ("If-Match" = String, Header, description = "The ETag (version) you read")),
                responses((status = 200, description = "Updated", body = Record<$id, $data>),
                          (status = 412, description = "Someone else changed it since you read it", body = Problem, content_type = "application/problem+json"),
                          (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
                          (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json")),
                security(("bearer" = []), ("session" = [])))]
            pub async fn update(State(s): State<AppState>, viewer: Viewer, Path(id): Path<i64>, if_match: IfMatch, ApiJson(data): ApiJson<$data>) -> Result<impl IntoResponse, ApiError> {
                crud::update(&s, &viewer, id, if_match.required()?, data).await
            }

            #[utoipa::path(delete, path = $item_path, tag = $tag,
                params(("id" = i64, Path), ("If-Match" = Option<String>, Header, description = "Delete only if still at this version")),
                responses((status = 204, description = "Deleted"),
                          (status = 409, description = "Other records still refer to it", body = Problem, content_type = "application/problem+json")),
                security(("bearer" = []), ("session" = [])))]
            pub async fn delete(State(s): State<AppState>, viewer: Viewer, Path(id): Path<i64>, if_match: IfMatch) -> Result<impl IntoResponse, ApiError> {
                crud::delete::<$data>(&s, &viewer, id, if_match.0).await.map(|_| StatusCode::NO_CONTENT)
            }
        }
    };
}

resource!(
    organisations,
    "organisations",
    "/organisations",
    "/organisations/{id}",
    OrganisationData,
    OrgId
);
resource!(
    people,
    "people",
    "/people",
    "/people/{id}",
    PersonData,
    PersonId
);
resource!(
    products,
    "products",
    "/products",
    "/products/{id}",
    ProductData,
    ProductId
);
resource!(
    opportunities,
    "opportunities",
    "/opportunities",
    "/opportunities/{id}",
    OpportunityData,
    OpportunityId
);
resource!(
    events,
    "events",
    "/events",
    "/events/{id}",
    EventData,
    EventId
);
resource!(
    agreements,
    "agreements",
    "/agreements",
    "/agreements/{id}",
    AgreementData,
    AgreementId
);

resource!(
    registrations,
    "events",
    "/registrations",
    "/registrations/{id}",
    RegistrationData,
    RegistrationId
);
resource!(
    meeting_requests,
    "events",
    "/meeting-requests",
    "/meeting-requests/{id}",
    MeetingRequestData,
    MeetingRequestId
);

/// The API routes and their OpenAPI document, to be nested under `/api/v1`.
pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(organisations::list, organisations::create))
        .routes(routes!(
            organisations::get,
            organisations::update,
            organisations::delete
        ))
        .routes(routes!(people::list, people::create))
        .routes(routes!(people::get, people::update, people::delete))
        .routes(routes!(products::list, products::create))
        .routes(routes!(products::get, products::update, products::delete))
        .routes(routes!(opportunities::list, opportunities::create))
        .routes(routes!(
            opportunities::get,
            opportunities::update,
            opportunities::delete
        ))
        .routes(routes!(events::list, events::create))
        .routes(routes!(events::get, events::update, events::delete))
        .routes(routes!(registrations::list, registrations::create))
        .routes(routes!(
            registrations::get,
            registrations::update,
            registrations::delete
        ))
        .routes(routes!(meeting_requests::list, meeting_requests::create))
        .routes(routes!(
            meeting_requests::get,
            meeting_requests::update,
            meeting_requests::delete
        ))
        .routes(routes!(check_in::check_in_delegate))
        .routes(routes!(meetings::schedule))
        .routes(routes!(meetings::agenda_ics))
        .routes(routes!(meetings::suggested_meetings))
        .routes(routes!(open_data::agreements))
        .routes(routes!(matches::opportunity_matches))
        .routes(routes!(matches::product_matches))
        .routes(routes!(matches::ad_hoc))
        .routes(routes!(suggestions::list))
        .routes(routes!(suggestions::update))
        .routes(routes!(suggestions::list_saved, suggestions::create_saved))
        .routes(routes!(suggestions::delete_saved))
        .routes(routes!(documents::upload, documents::list))
        .routes(routes!(documents::get, documents::delete))
        .routes(routes!(agreements::list, agreements::create))
        .routes(routes!(
            agreements::get,
            agreements::update,
            agreements::delete
        ))
        .routes(routes!(
            session::sign_in,
            session::whoami,
            session::sign_out
        ))
        .routes(routes!(session::create_token))
        .routes(routes!(session::audit))
        .split_for_parts();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    (router, doc)
}
