//! E-mail: reminders written to the outbox, and a small SMTP client that delivers them.
//!
//! Reminders are *queued*, never sent inline: the digest decides what to remind whom of and
//! writes it to the outbox (once per milestone, recipient and day, by its dedup key); a sender
//! delivers what is due and, when a send fails, keeps the mail with its error and tries again
//! later with growing pauses. A server that crashes, a relay that is down for a day: nothing
//! is lost, nothing is sent twice on purpose.
//!
//! The client speaks plain SMTP (RFC 5321) to a relay, with AUTH PLAIN when the URL carries
//! credentials. It does not do TLS: point it at a local relay (Postfix, msmtpd, the
//! organisation's submission relay inside its network) that carries mail on. That keeps a TLS
//! stack out of the binary; it is the one thing a deployment must provide.

use crate::web::i18n::Tr;
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Filter, Mail, Scope, Store};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Where and as whom to send.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The From address.
    pub from: String,
}

impl SmtpConfig {
    /// `smtp://[user:password@]host[:port]` (port 25 by default) and a From address.
    pub fn parse(url: &str, from: &str) -> Result<SmtpConfig, String> {
        let rest = url.strip_prefix("smtp://").ok_or_else(|| {
            format!("'{url}': an SMTP relay is smtp://[user:password@]host[:port]")
        })?;
        let (auth, hostport) = match rest.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, rest),
        };
        let hostport = hostport.trim_end_matches('/');
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse()
                    .map_err(|_| format!("'{p}' is not a port number in '{url}'"))?,
            ),
            None => (hostport, 25),
        };
        if host.is_empty() {
            return Err(format!("'{url}' names no host"));
        }
        let decode = |s: &str| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let (username, password) = match auth.map(|a| a.split_once(':').unwrap_or((a, ""))) {
            Some((u, p)) => (Some(decode(u)), Some(decode(p))),
            None => (None, None),
        };
        if !from.contains('@') || from.contains(['<', '>', '\r', '\n']) {
            return Err(format!("'{from}' is not a From address"));
        }
        Ok(SmtpConfig {
            host: host.to_string(),
            port,
            username,
            password,
            from: from.to_string(),
        })
    }
}

/// How long to wait before trying a failed mail again: 1 min, 5 min, 30 min, 2 h, then 12 h.
pub fn backoff(attempts: i64) -> chrono::Duration {
    chrono::Duration::minutes(match attempts {
        ..=1 => 1,
        2 => 5,
        3 => 30,
        4 => 120,
        _ => 720,
    })
}

const TIMEOUT: Duration = Duration::from_secs(30);

struct Conn {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Conn {
    /// Reads one reply (all its lines) and checks its code is `want`'s first digit.
    async fn reply(&mut self, want: char, after: &str) -> Result<String, String> {
        let mut text = String::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(TIMEOUT, self.reader.read_line(&mut line))
                .await
                .map_err(|_| format!("no answer to {after} within {} s", TIMEOUT.as_secs()))?
                .map_err(|e| format!("reading the answer to {after}: {e}"))?;
            if n == 0 {
                return Err(format!("the relay closed the connection after {after}"));
            }
            text.push_str(&line);
            // "250-..." continues, "250 ..." ends a reply.
            if line.as_bytes().get(3) != Some(&b'-') {
                break;
            }
        }
        if text.starts_with(want) {
            Ok(text)
        } else {
            Err(format!("{after}: {}", text.trim()))
        }
    }

    async fn command(&mut self, line: &str, want: char, what: &str) -> Result<String, String> {
        tokio::time::timeout(
            TIMEOUT,
            self.writer.write_all(format!("{line}\r\n").as_bytes()),
        )
        .await
        .map_err(|_| format!("sending {what} timed out"))?
        .map_err(|e| format!("sending {what}: {e}"))?;
        self.reply(want, what).await
    }
}

/// An RFC 2047 encoded-word for a header holding any text.
fn header_text(s: &str) -> String {
    if s.is_ascii() && !s.contains(['\r', '\n']) {
        s.to_string()
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(s.replace(['\r', '\n'], " "))
        )
    }
}

/// The message as sent: headers, then the body in base64 (so no line can be a lone "." and
/// every script survives any relay).
pub fn message(cfg: &SmtpConfig, id: i64, mail: &Mail, at: DateTime<Utc>) -> String {
    let body = base64::engine::general_purpose::STANDARD.encode(mail.body.as_bytes());
    let mut lines: Vec<String> = vec![
        format!("From: medbridge <{}>", cfg.from),
        format!("To: <{}>", mail.to),
        format!("Subject: {}", header_text(&mail.subject)),
        format!("Date: {}", at.to_rfc2822()),
        format!("Message-ID: <outbox-{id}.{}@medbridge>", at.timestamp()),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=utf-8".into(),
        "Content-Transfer-Encoding: base64".into(),
        String::new(),
    ];
    lines.extend(
        body.as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8_lossy(c).into_owned()),
    );
    lines.join("\r\n")
}

/// Sends one mail; the error says which step failed and what the relay answered.
pub async fn send(cfg: &SmtpConfig, id: i64, mail: &Mail) -> Result<(), String> {
    if mail.to.contains(['<', '>', '\r', '\n']) || !mail.to.contains('@') {
        return Err(format!("'{}' is not an address", mail.to));
    }
    let stream = tokio::time::timeout(TIMEOUT, TcpStream::connect((cfg.host.as_str(), cfg.port)))
        .await
        .map_err(|_| format!("connecting to {}:{} timed out", cfg.host, cfg.port))?
        .map_err(|e| format!("connecting to {}:{}: {e}", cfg.host, cfg.port))?;
    let (r, w) = stream.into_split();
    let mut c = Conn {
        reader: BufReader::new(r),
        writer: w,
    };
    c.reply('2', "connecting").await?;
    c.command("EHLO medbridge", '2', "EHLO").await?;
    if let (Some(u), Some(p)) = (&cfg.username, &cfg.password) {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("\0{u}\0{p}"));
        c.command(&format!("AUTH PLAIN {token}"), '2', "AUTH")
            .await?;
    }
    c.command(&format!("MAIL FROM:<{}>", cfg.from), '2', "MAIL FROM")
        .await?;
    c.command(&format!("RCPT TO:<{}>", mail.to), '2', "RCPT TO")
        .await?;
    c.command("DATA", '3', "DATA").await?;
    let text = message(cfg, id, mail, Utc::now());
    c.command(&format!("{text}\r\n."), '2', "the message")
        .await?;
    let _ = c.command("QUIT", '2', "QUIT").await;
    Ok(())
}

/// What one pass over the outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every mail due at `now` (up to `limit`); failures are kept for a later pass.
pub async fn deliver_due(
    store: &Store,
    cfg: &SmtpConfig,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Delivery, medbridge_store::StoreError> {
    let mut d = Delivery::default();
    for m in store.due_mail(now, limit).await? {
        match send(cfg, m.id, &m.mail).await {
            Ok(()) => {
                store.mail_sent(m.id, Utc::now()).await?;
                d.sent += 1;
            }
            Err(e) => {
                tracing::warn!(
                    "mail {} to {} not sent (try {}): {e}",
                    m.id,
                    m.mail.to,
                    m.attempts + 1
                );
                store
                    .mail_failed(m.id, &e, Utc::now() + backoff(m.attempts + 1))
                    .await?;
                d.failed += 1;
            }
        }
    }
    Ok(d)
}

fn tr_for(p: &PersonData) -> Tr {
    let lang = p
        .languages
        .iter()
        .find_map(|l| UiLang::parse(l.as_str()))
        .unwrap_or(UiLang::En);
    Tr(lang)
}

/// People of `org` who act for it (editors and members) and have an e-mail address.
async fn contacts(
    store: &Store,
    org: OrgId,
) -> Result<Vec<PersonData>, medbridge_store::StoreError> {
    let people = crate::api::meetings::all_visible::<PersonData>(
        store,
        vec![Filter::Organisation(org)],
        Scope::All,
    )
    .await
    .map_err(|e| {
        medbridge_store::StoreError::Invalid(
            FieldError::new("organisation", ErrorCode::NotFound, e.detail).into(),
        )
    })?;
    Ok(people
        .into_iter()
        .map(|p| p.data)
        .filter(|p| p.email.is_some() && matches!(p.role, Role::Editor | Role::Member))
        .collect())
}

/// The reminders of `today`'s digest, one per recipient: each overdue milestone to the people
/// of the party responsible for it (every party when none is named), and each agreement
/// ending within `horizon_days` to the people of every party. In each reader's language;
/// `base_url` makes the links absolute.
pub async fn reminders(
    store: &Store,
    today: NaiveDate,
    horizon_days: u32,
    base_url: &str,
) -> Result<Vec<Mail>, medbridge_store::StoreError> {
    let digest = store
        .agreement_digest(today, horizon_days, Scope::All, 1000)
        .await?;
    let mut out = Vec::new();
    let base = base_url.trim_end_matches('/');
    for a in &digest.overdue {
        for (i, m) in a.data.overdue_on(today) {
            let orgs: Vec<OrgId> = match m.owner_id {
                Some(o) => vec![o],
                None => a.data.parties.iter().map(|p| p.organisation_id).collect(),
            };
            for org in orgs {
                for p in contacts(store, org).await? {
                    let tr = tr_for(&p);
                    let email = p.email.as_ref().expect("contacts have e-mail").to_string();
                    let agreement = a.data.title.best(tr.code());
                    let milestone = m.title.best(tr.code());
                    let days = (today - m.due_on).num_days().to_string();
                    out.push(Mail {
                        dedup_key: format!("milestone:{}:{i}:{today}:{email}", a.id.0),
                        to: email,
                        subject: tr.a("mail-milestone-subject", "milestone", milestone),
                        body: tr.args(
                            "mail-milestone-body",
                            &[
                                ("name", p.name.as_str()),
                                ("milestone", milestone),
                                ("agreement", agreement),
                                ("due", &m.due_on.to_string()),
                                ("days", &days),
                                ("link", &format!("{base}/agreements/{}", a.id.0)),
                            ],
                        ),
                    });
                }
            }
        }
    }
    for a in &digest.expiring {
        let Some(ends) = a.data.ends_on else { continue };
        for party in &a.data.parties {
            for p in contacts(store, party.organisation_id).await? {
                let tr = tr_for(&p);
                let email = p.email.as_ref().expect("contacts have e-mail").to_string();
                let agreement = a.data.title.best(tr.code());
                out.push(Mail {
                    dedup_key: format!("expiring:{}:{ends}:{email}", a.id.0),
                    to: email,
                    subject: tr.a("mail-expiring-subject", "agreement", agreement),
                    body: tr.args(
                        "mail-expiring-body",
                        &[
                            ("name", p.name.as_str()),
                            ("agreement", agreement),
                            ("ends", &ends.to_string()),
                            ("days", &(ends - today).num_days().to_string()),
                            ("link", &format!("{base}/agreements/{}", a.id.0)),
                        ],
                    ),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relay_urls_are_read_or_refused_with_a_reason() {
        let c = SmtpConfig::parse("smtp://relay.example.org", "noreply@brmdia.org").unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.username),
            ("relay.example.org", 25, None)
        );
        let c = SmtpConfig::parse(
            "smtp://bot%40brmdia.org:p%3Ass@127.0.0.1:2525",
            "noreply@brmdia.org",
        )
        .unwrap();
        assert_eq!(c.port, 2525);
        assert_eq!(c.username.as_deref(), Some("bot@brmdia.org"));
        assert_eq!(c.password.as_deref(), Some("p:ss"));
        assert!(
            SmtpConfig::parse("smtps://x", "a@b")
                .unwrap_err()
                .contains("smtp://")
        );
        assert!(
            SmtpConfig::parse("smtp://x:port", "a@b")
                .unwrap_err()
                .contains("port")
        );
        assert!(SmtpConfig::parse("smtp://x", "not-an-address").is_err());
    }

    #[test]
    fn messages_carry_any_script_safely() {
        let cfg = SmtpConfig::parse("smtp://x", "noreply@brmdia.org").unwrap();
        let mail = Mail {
            dedup_key: "k".into(),
            to: "aibek@osh.kg".into(),
            subject: "Этап просрочен: поставка".into(),
            body: ".\r\nline\n".repeat(40),
        };
        let text = message(&cfg, 7, &mail, Utc::now());
        assert!(text.contains("Subject: =?UTF-8?B?"));
        assert!(text.lines().all(|l| l != "." && l.len() <= 998));
        let body: String = text.split("\r\n\r\n").nth(1).unwrap().replace("\r\n", "");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), mail.body);
    }

    #[test]
    fn retries_slow_down() {
        let waits: Vec<i64> = (1..=7).map(|a| backoff(a).num_minutes()).collect();
        assert_eq!(waits, [1, 5, 30, 120, 720, 720, 720]);
    }
}
