//! Configuration: sensible defaults, then a TOML file, then environment variables
//! (`MEDBRIDGE__DB`, `MEDBRIDGE__LISTEN`, ...), then flags; each later source wins.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

pub const DEFAULT_DB: &str = "sqlite://medbridge-data/medbridge.db";

pub struct Config {
    pub db: String,
    pub listen: SocketAddr,
    pub secure_cookies: bool,
    /// Where uploaded documents are kept.
    pub files: std::path::PathBuf,
    /// The largest upload, in MiB.
    pub max_upload_mb: u64,
    /// The SMTP relay for reminders (`smtp://[user:password@]host[:port]`); none: mail waits
    /// in the outbox.
    pub smtp: Option<String>,
    pub mail_from: String,
    /// The address people reach this server at, for links in e-mails.
    pub public_url: String,
    /// Where `medbridge taxonomy import` keeps the nomenclature files it checked.
    pub taxonomy: std::path::PathBuf,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<String>,
    listen: Option<SocketAddr>,
    secure_cookies: Option<bool>,
    files: Option<std::path::PathBuf>,
    max_upload_mb: Option<u64>,
    smtp: Option<String>,
    mail_from: Option<String>,
    public_url: Option<String>,
    taxonomy: Option<std::path::PathBuf>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

impl Config {
    /// `db_flag` already includes `MEDBRIDGE__DB` (clap reads it).
    pub fn load(file: Option<&Path>, db_flag: Option<String>) -> Result<Config> {
        let f: FileConfig = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", p.display()))?;
                toml::from_str(&text).with_context(|| {
                    format!("{} is not a valid medbridge configuration", p.display())
                })?
            }
            None => FileConfig::default(),
        };
        let secure_env = std::env::var("MEDBRIDGE__SECURE_COOKIES")
            .ok()
            .map(|v| v == "true" || v == "1");
        let max_upload_mb = match env("MEDBRIDGE__MAX_UPLOAD_MB") {
            Some(v) => v.parse().with_context(|| {
                format!("MEDBRIDGE__MAX_UPLOAD_MB: '{v}' is not a number of MiB")
            })?,
            None => f.max_upload_mb.unwrap_or(20),
        };
        if !(1..=1024).contains(&max_upload_mb) {
            anyhow::bail!("max_upload_mb: {max_upload_mb} is not between 1 and 1024");
        }
        let listen = f
            .listen
            .unwrap_or_else(|| "127.0.0.1:8080".parse().expect("valid address"));
        Ok(Config {
            db: db_flag.or(f.db).unwrap_or_else(|| DEFAULT_DB.to_string()),
            secure_cookies: secure_env.or(f.secure_cookies).unwrap_or(false),
            files: env("MEDBRIDGE__FILES")
                .map(Into::into)
                .or(f.files)
                .unwrap_or_else(|| "medbridge-data/files".into()),
            max_upload_mb,
            smtp: env("MEDBRIDGE__SMTP").or(f.smtp),
            mail_from: env("MEDBRIDGE__MAIL_FROM")
                .or(f.mail_from)
                .unwrap_or_else(|| "medbridge@localhost".into()),
            public_url: env("MEDBRIDGE__PUBLIC_URL")
                .or(f.public_url)
                .unwrap_or_else(|| format!("http://{listen}")),
            taxonomy: env("MEDBRIDGE__TAXONOMY")
                .map(Into::into)
                .or(f.taxonomy)
                .unwrap_or_else(|| "medbridge-data/taxonomy".into()),
            listen,
        })
    }
}
