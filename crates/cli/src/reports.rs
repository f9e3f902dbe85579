//! `medbridge digest`: the reminders the secretariat acts on, overdue milestones and
//! agreements whose term ends soon, as text for people or JSON for scripts and mailers.

use crate::config::Config;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use medbridge_server::mail;
use medbridge_store::{Scope, Store};

#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  medbridge digest                       # today, agreements ending in the next 60 days\n  medbridge digest --days 30 --lang ru\n  medbridge digest --today 2026-04-01 --json"
)]
pub struct DigestArgs {
    /// The day to report on (YYYY-MM-DD) [default: today]
    #[arg(long)]
    today: Option<NaiveDate>,
    /// How far ahead to look for agreements whose term ends
    #[arg(long, default_value_t = 60)]
    days: u32,
    /// Language of titles: zh, en, ru or fr (falls back to another language when missing)
    #[arg(long, default_value = "en")]
    lang: String,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
    /// Also queue the reminders as e-mail to the people of the parties concerned (once per
    /// milestone, person and day); `medbridge outbox send` or a running server sends them
    #[arg(long)]
    queue: bool,
}

pub async fn digest(store: &Store, cfg: &Config, args: DigestArgs) -> Result<()> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    if !["zh", "en", "ru", "fr"].contains(&args.lang.as_str()) {
        anyhow::bail!("--lang: expected zh, en, ru or fr, got '{}'", args.lang);
    }
    let lang = args.lang.as_str();
    let d = store
        .agreement_digest(today, args.days, Scope::All, 1000)
        .await?;
    if args.queue {
        let mails = mail::reminders(store, today, args.days, &cfg.public_url).await?;
        let queued = store.queue_mail(&mails).await?;
        eprintln!(
            "{queued} reminder e-mails queued ({} already queued before)",
            mails.len() - queued
        );
    }
    let overdue: Vec<serde_json::Value> = d
        .overdue
        .iter()
        .flat_map(|r| {
            r.data.overdue_on(today).map(move |(i, m)| {
                serde_json::json!({
                    "agreement_id": r.id.0,
                    "agreement": r.data.title.best(lang),
                    "milestone": i,
                    "title": m.title.best(lang),
                    "owner_id": m.owner_id.map(|o| o.0),
                    "due_on": m.due_on,
                    "days_overdue": (today - m.due_on).num_days(),
                })
            })
        })
        .collect();
    let expiring: Vec<serde_json::Value> = d
        .expiring
        .iter()
        .map(|r| {
            serde_json::json!({
                "agreement_id": r.id.0,
                "agreement": r.data.title.best(lang),
                "status": r.data.status,
                "ends_on": r.data.ends_on,
                "days_left": r.data.ends_on.map(|e| (e - today).num_days()),
            })
        })
        .collect();
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "today": today, "horizon_days": args.days,
                "overdue_milestones": overdue, "expiring_agreements": expiring
            }))?
        );
        return Ok(());
    }
    println!("Digest for {today}");
    if overdue.is_empty() {
        println!("\nNo overdue milestones.");
    } else {
        println!("\nOverdue milestones ({}):", overdue.len());
        for o in &overdue {
            println!(
                "  agreement {:>6}  due {}  {:>4} days late  {}  ({})",
                o["agreement_id"],
                o["due_on"].as_str().unwrap_or_default(),
                o["days_overdue"],
                o["title"].as_str().unwrap_or_default(),
                o["agreement"].as_str().unwrap_or_default()
            );
        }
    }
    if expiring.is_empty() {
        println!("\nNo agreement ends within {} days.", args.days);
    } else {
        println!(
            "\nAgreements ending within {} days ({}):",
            args.days,
            expiring.len()
        );
        for e in &expiring {
            println!(
                "  agreement {:>6}  ends {}  in {:>3} days  {}",
                e["agreement_id"],
                e["ends_on"].as_str().unwrap_or_default(),
                e["days_left"],
                e["agreement"].as_str().unwrap_or_default()
            );
        }
    }
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum OutboxCommand {
    /// The newest mails: sent, waiting, and failing with the relay's last answer.
    #[command(after_help = "Example:\n  medbridge outbox list --limit 20")]
    List {
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Send every mail that is due now through the configured relay (smtp in the config file
    /// or MEDBRIDGE__SMTP); a failed one stays queued for a later try.
    #[command(
        after_help = "Example:\n  MEDBRIDGE__SMTP=smtp://127.0.0.1:25 MEDBRIDGE__MAIL_FROM=noreply@brmdia.org medbridge outbox send"
    )]
    Send,
}

pub async fn outbox(store: &Store, cfg: &Config, cmd: OutboxCommand) -> Result<()> {
    match cmd {
        OutboxCommand::List { limit, json } => {
            let all = store.outbox(limit).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
                return Ok(());
            }
            if all.is_empty() {
                println!(
                    "The outbox is empty. `medbridge digest --queue` queues today's reminders."
                );
            }
            for m in all {
                let state = match (&m.sent_at, &m.last_error) {
                    (Some(at), _) => format!("sent {}", at.format("%Y-%m-%d %H:%M")),
                    (None, Some(e)) => format!(
                        "failed {} times, next try {}: {e}",
                        m.attempts,
                        m.next_attempt_at.format("%Y-%m-%d %H:%M")
                    ),
                    (None, None) => "waiting".to_string(),
                };
                println!(
                    "{:>6}  {:<32}  {:<40}  {state}",
                    m.id, m.mail.to, m.mail.subject
                );
            }
        }
        OutboxCommand::Send => {
            let url = cfg.smtp.as_deref().context(
                "no SMTP relay configured: set smtp in the config file or MEDBRIDGE__SMTP=smtp://host:port",
            )?;
            let smtp = mail::SmtpConfig::parse(url, &cfg.mail_from).map_err(anyhow::Error::msg)?;
            let d = mail::deliver_due(store, &smtp, chrono::Utc::now(), 1000).await?;
            println!(
                "{} sent, {} failed (kept for a later try)",
                d.sent, d.failed
            );
            if d.failed > 0 {
                anyhow::bail!(
                    "{} mails could not be sent; `medbridge outbox list` shows why",
                    d.failed
                );
            }
        }
    }
    Ok(())
}
