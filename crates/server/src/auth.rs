//! Who is asking: sessions (browser), bearer tokens (integrations), or nobody (public).
//!
//! Session and token secrets are random 256-bit values; the database keeps only their SHA-256,
//! so a leaked database does not leak live credentials. Passwords are argon2id. Sessions live
//! in the database, so any server process behind a load balancer can serve any request.
//! Cookie-authenticated writes must carry the session's CSRF token (header `X-CSRF-Token` or
//! form field `csrf`); bearer-token requests cannot be forged by a browser and need none.

use crate::AppState;
use crate::error::ApiError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use chrono::{Duration, Utc};
use medbridge_core::model::Role;
use medbridge_core::{Email, OrgId, PersonId};
use medbridge_store::{Actor, LoginRecord, Scope};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "medbridge_session";
/// How long a sign-in lasts.
pub const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per account within [`FAILURE_WINDOW_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A new random secret, hex-encoded.
pub fn new_secret() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A signed-in person and how they proved it.
#[derive(Debug, Clone)]
pub struct Account {
    pub login: LoginRecord,
    /// The session's CSRF token; `None` for bearer tokens.
    pub csrf: Option<String>,
}

/// The requester. Extracting it never fails: an invalid or expired credential is anonymous.
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<Account>);

impl Viewer {
    pub fn account(&self) -> Result<&Account, ApiError> {
        self.0.as_ref().ok_or_else(ApiError::unauthorized)
    }

    pub fn role(&self) -> Option<Role> {
        self.0.as_ref().map(|a| a.login.role)
    }

    pub fn organisation(&self) -> Option<OrgId> {
        self.0.as_ref().and_then(|a| a.login.organisation)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    pub fn person(&self) -> Option<PersonId> {
        self.0.as_ref().map(|a| a.login.person)
    }

    /// What this viewer may read.
    pub fn scope(&self) -> Scope {
        match &self.0 {
            None => Scope::Public,
            Some(a) if a.login.role == Role::Admin => Scope::All,
            Some(a) => a
                .login
                .organisation
                .map(Scope::Member)
                .unwrap_or(Scope::Public),
        }
    }

    pub fn actor(&self) -> Actor {
        match &self.0 {
            Some(a) => Actor {
                person: Some(a.login.person),
                label: a
                    .login
                    .email
                    .clone()
                    .unwrap_or_else(|| a.login.name.clone()),
            },
            None => Actor::system("anonymous"),
        }
    }
}

pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let viewer = if let Some(token) = bearer {
            // A wrong token is an error, not anonymity: the client meant to authenticate.
            let login = state
                .store
                .api_token(&digest(token))
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "invalid_token",
                        "the API token is unknown or was revoked",
                    )
                })?;
            Viewer(Some(Account { login, csrf: None }))
        } else if let Some(secret) = cookie(parts, SESSION_COOKIE) {
            match state.store.session(&digest(secret), Utc::now()).await? {
                Some(s) => Viewer(Some(Account {
                    login: s.login,
                    csrf: Some(s.csrf),
                })),
                None => Viewer(None),
            }
        } else {
            Viewer(None)
        };
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// Checks the CSRF token of a cookie-authenticated write.
pub fn check_csrf(viewer: &Viewer, method: &Method, sent: Option<&str>) -> Result<(), ApiError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    match viewer.0.as_ref().and_then(|a| a.csrf.as_deref()) {
        Some(expected) if sent != Some(expected) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "the form or request is missing its CSRF token; reload the page and try again",
        )),
        _ => Ok(()),
    }
}

/// The outcome of a sign-in attempt.
pub struct SignedIn {
    pub login: LoginRecord,
    /// The cookie value; the database keeps only its digest.
    pub secret: String,
    pub csrf: String,
}

/// Verifies a password and opens a session; counts failures per account and refuses for a
/// while after [`MAX_FAILURES`], so passwords cannot be guessed at speed.
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> Result<SignedIn, ApiError> {
    let bad = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong e-mail address or password",
        )
    };
    let email: Email = email.parse().map_err(|_| bad())?;
    let key = format!("login:{email}");
    let now = Utc::now();
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    if state.store.login_failures(&key, since).await? >= MAX_FAILURES {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many failed sign-ins; try again in {FAILURE_WINDOW_MINUTES} minutes"),
        );
        e.retry_after = Some(FAILURE_WINDOW_MINUTES as u64 * 60);
        return Err(e);
    }
    let login = state.store.find_login(&email).await?;
    let ok = match &login {
        Some(l) => {
            l.password_hash
                .as_deref()
                .is_some_and(|h| verify_password(password, h))
                && l.role != Role::Contact
        }
        None => {
            // Spend the same time as a real check so response times do not reveal accounts.
            verify_password(password, &state.dummy_hash);
            false
        }
    };
    let Some(login) = login.filter(|_| ok) else {
        state.store.record_login_failure(&key, now, since).await?;
        return Err(bad());
    };
    state.store.clear_login_failures(&key).await?;
    let secret = new_secret();
    let csrf = new_secret();
    state
        .store
        .create_session(
            &digest(&secret),
            login.person,
            &csrf,
            now + Duration::days(SESSION_DAYS),
        )
        .await?;
    Ok(SignedIn {
        login,
        secret,
        csrf,
    })
}

pub fn session_cookie(secret: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 86400,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_salt_and_verify() {
        let a = hash_password("correct horse");
        let b = hash_password("correct horse");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("wrong", &a));
        assert!(!verify_password("x", "not a hash"));
    }
}
