//! Documents attached to agreements: the signed contract, annexes, minutes. Anyone who may
//! see the agreement may read them (so a confidential agreement's documents stay with its
//! parties and the secretariat); the secretariat and editors of a party attach and remove
//! them. See [`crate::files`] for how an upload is kept whole or not at all.

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use crate::files::{FileError, Upload};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Document, NewDocument};
use serde::{Deserialize, Serialize};

/// A document as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: i64,
    pub agreement_id: i64,
    pub file_name: String,
    pub media_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the contents, hex: anyone holding a copy can check it is this one.
    pub sha256: String,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: DateTime<Utc>,
    /// Where to download it.
    pub href: String,
}

impl From<Document> for DocumentView {
    fn from(d: Document) -> Self {
        DocumentView {
            href: format!("/api/v1/agreements/{}/documents/{}", d.agreement.0, d.id.0),
            id: d.id.0,
            agreement_id: d.agreement.0,
            file_name: d.file_name,
            media_type: d.media_type,
            size: d.size,
            sha256: d.sha256,
            uploaded_by: d.uploaded_by.map(|p| p.0),
            uploaded_at: d.uploaded_at,
        }
    }
}

impl From<FileError> for ApiError {
    fn from(e: FileError) -> ApiError {
        match e {
            FileError::TooLarge { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "file_too_large",
                e.to_string(),
            ),
            FileError::Unsupported(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_file_type",
                e.to_string(),
            ),
            FileError::Empty => ApiError::field("file", ErrorCode::Required, e.to_string()),
            FileError::BadName(m) => ApiError::field("file_name", ErrorCode::InvalidFormat, m),
            FileError::Io(io) => ApiError::internal(io),
        }
    }
}

/// May `viewer` attach documents to (and remove them from) this agreement?
pub fn may_attach(agreement: &AgreementData, viewer: &Viewer) -> bool {
    viewer.is_admin()
        || (viewer.role() == Some(Role::Editor)
            && agreement
                .parties
                .iter()
                .any(|p| Some(p.organisation_id) == viewer.organisation()))
}

/// The agreement if `viewer` may see it, and whether they may attach to it.
pub async fn visible(
    s: &AppState,
    viewer: &Viewer,
    id: AgreementId,
) -> Result<(Agreement, bool), ApiError> {
    let a = s.store.get::<AgreementData>(id, viewer.scope()).await?;
    let may = may_attach(&a.data, viewer);
    Ok((a, may))
}

/// Where the bytes of an upload come from: a raw request body or a multipart field.
pub(crate) trait Chunks {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ApiError>;
}

impl Chunks for Body {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        use http_body_util::BodyExt;
        loop {
            match self.frame().await {
                None => return Ok(None),
                Some(Err(e)) => {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "upload_interrupted",
                        format!("the upload was interrupted: {e}"),
                    ));
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        return Ok(Some(data));
                    }
                }
            }
        }
    }
}

impl Chunks for axum::extract::multipart::Field<'_> {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        self.chunk().await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "upload_interrupted",
                format!("the upload was interrupted: {e}"),
            )
        })
    }
}

/// Streams `body` into the file store, then records it. Checks permission before reading a
/// byte. Nothing is kept if anything fails: the temporary file is removed, and a file kept
/// just now is removed again if its record cannot be written.
pub(crate) async fn attach(
    s: &AppState,
    viewer: &Viewer,
    id: AgreementId,
    file_name: &str,
    body: &mut impl Chunks,
) -> Result<Document, ApiError> {
    viewer.account()?;
    let (_, may) = visible(s, viewer, id).await?;
    if !may {
        return Err(ApiError::forbidden(
            "documents are attached by the secretariat or an editor of one of the parties",
        ));
    }
    let mut upload: Upload = s.files.begin(file_name).await?;
    while let Some(chunk) = body.next_chunk().await? {
        upload.write(&chunk).await?;
    }
    let name = upload.file_name().to_string();
    let stored = upload.finish().await?;
    let new = NewDocument {
        agreement: id,
        file_name: name,
        media_type: stored.media_type.to_string(),
        size: stored.size as i64,
        sha256: stored.sha256.clone(),
    };
    match s.store.add_document(&viewer.actor(), &new).await {
        Ok(d) => Ok(d),
        Err(e) => {
            if stored.new_file {
                let _ = s.files.remove(&stored.sha256).await;
            }
            Err(e.into())
        }
    }
}

/// Removes a document's record, and its bytes unless another record shares them.
pub async fn detach(
    s: &AppState,
    viewer: &Viewer,
    id: AgreementId,
    doc: DocumentId,
) -> Result<(), ApiError> {
    viewer.account()?;
    let (_, may) = visible(s, viewer, id).await?;
    if !may {
        return Err(ApiError::forbidden(
            "documents are removed by the secretariat or an editor of one of the parties",
        ));
    }
    let (gone, shared) = s.store.delete_document(&viewer.actor(), id, doc).await?;
    if !shared && let Err(e) = s.files.remove(&gone.sha256).await {
        tracing::warn!("document {} removed, its file not: {e}", doc.0);
    }
    Ok(())
}

/// The file as a download.
pub async fn download(
    s: &AppState,
    viewer: &Viewer,
    id: AgreementId,
    doc: DocumentId,
) -> Result<Response, ApiError> {
    visible(s, viewer, id).await?;
    let d = s.store.document(id, doc).await?;
    let bytes = s.files.read(&d.sha256).await.map_err(|e| match e {
        FileError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            ApiError::internal(format!(
                "document {} is recorded but its file {} is missing",
                doc.0, d.sha256
            ))
        }
        other => other.into(),
    })?;
    let encoded: String = form_urlencoded::byte_serialize(d.file_name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        d.file_name
            .chars()
            .map(|c| if c.is_ascii_graphic() && c != '"' || c == ' ' {
                c
            } else {
                '_'
            })
            .collect::<String>(),
        encoded.replace('+', "%20")
    );
    Ok((
        [
            (header::CONTENT_TYPE, d.media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            (header::ETAG, format!("\"{}\"", d.sha256)),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The file's name, with its extension (`contract.pdf`).
    pub file_name: String,
}

#[utoipa::path(post, path = "/agreements/{id}/documents", tag = "agreements",
    params(("id" = i64, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file's bytes: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or UTF-8 text, up to the configured limit (20 MiB by default)"),
    responses((status = 201, description = "Kept, with its hash", body = DocumentView),
              (status = 403, description = "Only the secretariat or an editor of a party attaches documents", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "No such agreement, or not visible to you", body = Problem, content_type = "application/problem+json"),
              (status = 413, description = "Larger than the limit; nothing kept", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Not an accepted document type; nothing kept", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "A bad file name, or an empty file", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn upload(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    crate::api::extract::ApiQuery(p): crate::api::extract::ApiQuery<UploadParams>,
    mut body: Body,
) -> Result<impl IntoResponse, ApiError> {
    let d = attach(&s, &viewer, AgreementId(id), &p.file_name, &mut body).await?;
    Ok((StatusCode::CREATED, Json(DocumentView::from(d))))
}

#[utoipa::path(get, path = "/agreements/{id}/documents", tag = "agreements", params(("id" = i64, Path)),
    responses((status = 200, description = "The agreement's documents, oldest first", body = Vec<DocumentView>),
              (status = 404, description = "No such agreement, or not visible to you", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DocumentView>>, ApiError> {
    visible(&s, &viewer, AgreementId(id)).await?;
    let docs = s.store.documents(AgreementId(id)).await?;
    Ok(Json(docs.into_iter().map(DocumentView::from).collect()))
}

#[utoipa::path(get, path = "/agreements/{id}/documents/{doc}", tag = "agreements",
    params(("id" = i64, Path), ("doc" = i64, Path)),
    responses((status = 200, description = "The file, as uploaded", content_type = "application/octet-stream"),
              (status = 404, description = "No such document, or its agreement is not visible to you", body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    State(s): State<AppState>,
    viewer: Viewer,
    Path((id, doc)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    download(&s, &viewer, AgreementId(id), DocumentId(doc)).await
}

#[utoipa::path(delete, path = "/agreements/{id}/documents/{doc}", tag = "agreements",
    params(("id" = i64, Path), ("doc" = i64, Path)),
    responses((status = 204, description = "Removed"),
              (status = 403, description = "Only the secretariat or an editor of a party removes documents", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "No such document", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn delete(
    State(s): State<AppState>,
    viewer: Viewer,
    Path((id, doc)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    detach(&s, &viewer, AgreementId(id), DocumentId(doc)).await?;
    Ok(StatusCode::NO_CONTENT)
}
