use medbridge_core::{ErrorCode, FieldError};

/// What can go wrong in the store. Variants a client caused carry enough to tell them what
/// to change; `Database` is ours.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    #[error(
        "{entity} {id} was changed by someone else: you sent version {sent}, it is now at version {current}"
    )]
    Conflict {
        entity: &'static str,
        id: i64,
        sent: i64,
        current: i64,
    },
    /// A reference to a record that does not exist, or a duplicate of a unique value.
    #[error("{0}")]
    Invalid(medbridge_core::FieldErrors),
    #[error("{entity} {id} is still referenced by other records ({detail}); remove those first")]
    InUse {
        entity: &'static str,
        id: i64,
        detail: String,
    },
    #[error("unsupported database URL '{0}': use sqlite://FILE or postgres://USER@HOST/DB")]
    BadUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored {entity} {id} could not be read: {message}")]
    Corrupt {
        entity: &'static str,
        id: i64,
        message: String,
    },
}

/// The field error for a reference to a record that does not exist.
pub(crate) fn missing_reference(field: &str, entity: &str, id: i64) -> FieldError {
    FieldError::new(
        field,
        ErrorCode::NotFound,
        format!("{entity} {id} does not exist"),
    )
}
