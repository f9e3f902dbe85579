//! `medbridge`: one binary for the whole platform. Subcommands are thin: parse arguments,
//! open the store, call a library crate, print the result (as text, or `--json` for scripts).

mod config;
mod data;
mod engines;
mod matching;
mod outcomes_bench;
mod reports;
mod taxonomy;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use config::Config;
use medbridge_core::Email;
use medbridge_core::model::{PersonData, Role};
use medbridge_server::{AppState, auth};
use medbridge_store::{Actor, Store};
use std::net::SocketAddr;

#[derive(Parser)]
#[command(
    name = "medbridge",
    version,
    about = "The open platform for international cooperation in medical equipment",
    long_about = "medbridge keeps the directory of organisations, their products and registrations, needs and offers, events and agreements, and serves them as web pages and a JSON API.\n\nWith no configuration it keeps its data in ./medbridge-data/medbridge.db (SQLite). Use --db postgres://... for PostgreSQL.",
    after_help = "Examples:\n  medbridge serve --demo                      # the demo alliance on http://127.0.0.1:8080\n  medbridge admin create-user --email admin@example.org --name 'Secretariat' --role admin\n  medbridge serve --db postgres://postgres@127.0.0.1/medbridge --listen 0.0.0.0:8080"
)]
struct Cli {
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, global = true, env = "MEDBRIDGE__DB")]
    db: Option<String>,
    /// A TOML configuration file (keys: db, listen, secure_cookies, files, max_upload_mb,
    /// smtp, mail_from, public_url, taxonomy)
    #[arg(long, global = true, env = "MEDBRIDGE__CONFIG")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages and the JSON API.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080]
        #[arg(long, env = "MEDBRIDGE__LISTEN")]
        listen: Option<SocketAddr>,
        /// Load the demo alliance (BRMDIA, its members, partners, events and agreements) if the
        /// database does not have it yet, with sign-ins printed at start.
        #[arg(long)]
        demo: bool,
    },
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Accounts and tokens.
    #[command(subcommand)]
    Admin(Admin),
    /// Import organisations, products or needs and offers from CSV or JSON: all rows or none.
    Import(data::ImportArgs),
    /// Export organisations, products or needs and offers as CSV or JSON.
    Export(data::ExportArgs),
    /// Demonstration and synthetic data.
    #[command(subcommand)]
    Demo(data::DemoCommand),
    /// Schedule one-to-one meetings of a B2B event given as a MiniZinc .dzn file.
    Schedule(engines::ScheduleArgs),
    /// The device taxonomy: import the EMDN and FDA nomenclatures into it, look codes up.
    #[command(subcommand)]
    Taxonomy(taxonomy::TaxonomyCommand),
    /// Rank the products and offers in the database for a need, with reasons.
    Match(matching::MatchArgs),
    /// Evaluate matching on judged needs over the FDA 510(k) corpus, beside plain BM25.
    Eval(matching::EvalArgs),
    /// Reminders: overdue agreement milestones and agreements whose term ends soon.
    Digest(reports::DigestArgs),
    /// E-mail waiting to be sent, sent, or failing: list it, or send what is due now.
    #[command(subcommand)]
    Outbox(reports::OutboxCommand),
    /// Benchmarks that print their figures beside a baseline measured in the same run.
    #[command(subcommand)]
    Bench(engines::BenchCommand),
}

#[derive(Subcommand)]
enum Admin {
    /// Create a person who can sign in (the first secretariat admin, for instance).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin (secretariat), editor or member
        #[arg(long, default_value = "admin")]
        role: String,
        /// Organisation id (required for editors and members)
        #[arg(long)]
        organisation: Option<i64>,
        /// The password; read from MEDBRIDGE_PASSWORD or asked on the terminal when absent
        #[arg(long, env = "MEDBRIDGE_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Set a new password for an existing account.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, env = "MEDBRIDGE_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Issue an API token for an account (printed once).
    CreateToken {
        #[arg(long)]
        email: String,
        /// What the token is for
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

fn read_password(given: Option<String>) -> Result<String> {
    let pw = match given {
        Some(p) => p,
        None => {
            eprint!("password (at least 10 characters): ");
            let mut s = String::new();
            std::io::stdin()
                .read_line(&mut s)
                .context("reading the password from standard input")?;
            s.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if pw.chars().count() < 10 {
        bail!("the password must have at least 10 characters");
    }
    Ok(pw)
}

pub(crate) async fn open(cfg: &Config) -> Result<Store> {
    Store::open(&cfg.db)
        .await
        .with_context(|| format!("opening the database {}", cfg.db))
}

async fn admin(store: &Store, cmd: Admin) -> Result<()> {
    let actor = Actor::system("cli");
    match cmd {
        Admin::CreateUser {
            email,
            name,
            role,
            organisation,
            password,
        } => {
            let role: Role = role.parse().map_err(|e: medbridge_core::FieldError| {
                anyhow::anyhow!("--role: {}", e.message)
            })?;
            let data: PersonData = serde_json::from_value(serde_json::json!({
                "name": name, "email": email, "role": role, "organisation_id": organisation
            }))
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}",
                    medbridge_core::FieldError::from_serde_message(&e.to_string())
                        .map(|f| f.to_string())
                        .unwrap_or(e.to_string())
                )
            })?;
            data.check().map_err(|e| anyhow::anyhow!("{e}"))?;
            let pw = read_password(password)?;
            let rec = store
                .create(&actor, data)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .set_password_hash(rec.id, &auth::hash_password(&pw))
                .await?;
            println!(
                "created {} <{}> as {} (person {})",
                rec.data.name, email, role, rec.id
            );
        }
        Admin::SetPassword { email, password } => {
            let login = find(store, &email).await?;
            let pw = read_password(password)?;
            store
                .set_password_hash(login.person, &auth::hash_password(&pw))
                .await?;
            println!("password changed for {email}");
        }
        Admin::CreateToken { email, name } => {
            let login = find(store, &email).await?;
            let token = auth::new_secret();
            store
                .create_api_token(&auth::digest(&token), login.person, &name)
                .await?;
            println!("{token}");
            eprintln!("send it as 'Authorization: Bearer <token>'; it is not shown again");
        }
    }
    Ok(())
}

async fn find(store: &Store, email: &str) -> Result<medbridge_store::LoginRecord> {
    let e: Email = email
        .parse()
        .map_err(|e: medbridge_core::FieldError| anyhow::anyhow!("--email: {}", e.message))?;
    store
        .find_login(&e)
        .await?
        .with_context(|| format!("no person with e-mail {email}"))
}

#[tokio::main]
async fn main() {
    // `medbridge export ... | head` should stop quietly when `head` has read enough, as
    // other command-line tools do, not panic on a broken pipe: Rust ignores SIGPIPE.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread could handle signals.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Errors are for people: the message and its causes, no backtrace.
    if let Err(e) = run().await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let cfg = Config::load(cli.config.as_deref(), cli.db)?;
    // Imported nomenclatures extend the tree before anything matches.
    if matches!(cli.command, Command::Serve { .. } | Command::Match(_)) {
        for (kind, terms) in taxonomy::install(&cfg)? {
            tracing::info!("taxonomy extended with {terms} {} terms", kind.scheme());
        }
    }
    match cli.command {
        Command::Taxonomy(cmd) => taxonomy::run(&cfg, cmd)?,
        Command::Migrate => {
            let store = open(&cfg).await?;
            println!("{} schema is up to date ({})", store.backend_name(), cfg.db);
        }
        Command::Admin(cmd) => admin(&open(&cfg).await?, cmd).await?,
        Command::Import(args) => data::import(&open(&cfg).await?, args).await?,
        Command::Export(args) => data::export(&open(&cfg).await?, args).await?,
        Command::Demo(cmd) => data::demo(&cfg, cmd).await?,
        Command::Schedule(args) => engines::schedule(args)?,
        Command::Bench(engines::BenchCommand::Outcomes(args)) => outcomes_bench::run(args).await?,
        Command::Bench(cmd) => engines::bench(cmd)?,
        Command::Match(args) => matching::run_match(&open(&cfg).await?, args).await?,
        Command::Eval(args) => matching::run_eval(args)?,
        Command::Digest(args) => reports::digest(&open(&cfg).await?, &cfg, args).await?,
        Command::Outbox(cmd) => reports::outbox(&open(&cfg).await?, &cfg, cmd).await?,
        Command::Serve { listen, demo } => {
            let store = open(&cfg).await?;
            if demo {
                data::load_demo(&store).await?;
            }
            let mut state = AppState::new(store);
            state.secure_cookies = cfg.secure_cookies;
            state.files =
                medbridge_server::files::FileStore::new(&cfg.files, cfg.max_upload_mb << 20);
            let mail = medbridge_server::Mailing {
                smtp: cfg
                    .smtp
                    .as_deref()
                    .map(|url| medbridge_server::mail::SmtpConfig::parse(url, &cfg.mail_from))
                    .transpose()
                    .map_err(|e| anyhow::anyhow!("smtp: {e}"))?,
                public_url: cfg.public_url.clone(),
            };
            medbridge_server::serve(state, listen.unwrap_or(cfg.listen), mail).await?;
        }
    }
    Ok(())
}
