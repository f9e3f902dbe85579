//! Errors that name the field, say what was expected, and carry a stable code.

use serde::Serialize;
use std::fmt;

/// Stable machine-readable error codes. They appear in API problem documents and are the
/// keys the web UI translates, so a variant is never renamed once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong,
    TooMany,
    InvalidFormat,
    UnknownCountry,
    UnknownLanguage,
    UnknownCurrency,
    UnknownDeviceCode,
    UnknownValue,
    Negative,
    OutOfRange,
    DateOrder,
    CurrencyMismatch,
    NotFound,
    Duplicate,
    IllegalTransition,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::TooMany,
        ErrorCode::InvalidFormat,
        ErrorCode::UnknownCountry,
        ErrorCode::UnknownLanguage,
        ErrorCode::UnknownCurrency,
        ErrorCode::UnknownDeviceCode,
        ErrorCode::UnknownValue,
        ErrorCode::Negative,
        ErrorCode::OutOfRange,
        ErrorCode::DateOrder,
        ErrorCode::CurrencyMismatch,
        ErrorCode::NotFound,
        ErrorCode::Duplicate,
        ErrorCode::IllegalTransition,
    ];

    pub fn parse(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::TooMany => "too_many",
            ErrorCode::InvalidFormat => "invalid_format",
            ErrorCode::UnknownCountry => "unknown_country",
            ErrorCode::UnknownLanguage => "unknown_language",
            ErrorCode::UnknownCurrency => "unknown_currency",
            ErrorCode::UnknownDeviceCode => "unknown_device_code",
            ErrorCode::UnknownValue => "unknown_value",
            ErrorCode::Negative => "negative",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::DateOrder => "date_order",
            ErrorCode::CurrencyMismatch => "currency_mismatch",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::IllegalTransition => "illegal_transition",
        }
    }
}

/// One problem with one field. `field` is a path such as `name.en`, `registrations[1].valid_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            message: message.into(),
        }
    }

    /// The same error one level down, e.g. `code` inside `device_codes[2]`.
    pub fn under(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_string()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl FieldError {
    /// Packs the code and sub-field into a serde error message (`[code@field] message`), so
    /// that the JSON edge can recover them: serde errors carry only a string.
    pub fn to_serde_message(&self) -> String {
        if self.field.is_empty() {
            format!("[{}] {}", self.code.as_str(), self.message)
        } else {
            format!("[{}@{}] {}", self.code.as_str(), self.field, self.message)
        }
    }

    /// The inverse of [`FieldError::to_serde_message`]; `None` for serde's own messages.
    pub fn from_serde_message(msg: &str) -> Option<FieldError> {
        let rest = msg.strip_prefix('[')?;
        let (tag, message) = rest.split_once("] ")?;
        let (code, field) = tag.split_once('@').unwrap_or((tag, ""));
        Some(FieldError::new(field, ErrorCode::parse(code)?, message))
    }
}

impl FieldError {
    /// The field error for a serde failure at `path` (as serde_path_to_error prints it, `.`
    /// for the root) with serde's `message`: our value types' packed code and sub-field when
    /// present, else a code read from serde's own wording.
    pub fn from_serde(path: &str, message: &str) -> FieldError {
        let path = if path == "." { "" } else { path };
        // serde_json ends messages with " at line L column C"; the path says where better.
        let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
        let join = |sub: &str| match (path.is_empty(), sub.is_empty()) {
            (_, true) => path.to_string(),
            (true, false) => sub.to_string(),
            (false, false) => format!("{path}.{sub}"),
        };
        if let Some(e) = FieldError::from_serde_message(message) {
            return FieldError::new(join(&e.field), e.code, e.message);
        }
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            return FieldError::new(join(missing), ErrorCode::Required, message);
        }
        let code = if message.starts_with("unknown variant") {
            ErrorCode::UnknownValue
        } else {
            ErrorCode::InvalidFormat
        };
        FieldError::new(path, code, message)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

/// All the problems found in one input, so a form can show them together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        FieldErrors(vec![e])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
