//! The data commands: import, export, the demo alliance and synthetic data.

use crate::config::Config;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use medbridge_core::OrgId;
use medbridge_exchange::{Format, ImportError, ImportOptions, Kind, Stage};
use medbridge_server::auth;
use medbridge_store::{Actor, ListQuery, Scope, Store};
use std::path::PathBuf;

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge import products catalogue.csv --dry-run\n  medbridge import organisations partners.json\n\nCSV: a header row with the JSON field names; one column per language for texts (name.en, name.zh, ...); lists separated by ';' (device_codes = FDA:JAK;EMDN:Z11030601). Errors name the line and column; nothing is written unless every row is valid."
)]
pub struct ImportArgs {
    /// organisations, products or opportunities
    kind: Kind,
    /// The file to read (.csv or .json; '-' for standard input with --format)
    file: PathBuf,
    /// csv or json [default: from the file name]
    #[arg(long)]
    format: Option<Format>,
    /// Check every row, including references, and write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge export products --format csv > products.csv\n  medbridge export opportunities --format json --output needs.json"
)]
pub struct ExportArgs {
    /// organisations, products or opportunities
    kind: Kind,
    /// csv or json
    #[arg(long, default_value = "csv")]
    format: Format,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum DemoCommand {
    /// Load the demo alliance (as `serve --demo` does) and print its sign-ins.
    Load,
    /// Generate deterministic synthetic organisations, products, needs and offers into the database.
    Generate {
        #[arg(long, default_value_t = 100)]
        orgs: usize,
        #[arg(long, default_value_t = 1000)]
        products: usize,
        #[arg(long, default_value_t = 200)]
        needs: usize,
        #[arg(long, default_value_t = 100)]
        offers: usize,
        /// The same seed gives the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write N synthetic products as an import-ready CSV, for suppliers 1..=SUPPLIERS.
    ProductsCsv {
        #[arg(long)]
        products: usize,
        #[arg(long, default_value_t = 100)]
        suppliers: i64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, short)]
        output: PathBuf,
    },
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new(len)
    } else {
        ProgressBar::hidden()
    };
    pb.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})")
            .expect("template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

pub async fn import(store: &Store, args: ImportArgs) -> Result<()> {
    let format = match args.format {
        Some(f) => f,
        None => match args
            .file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => bail!(
                "cannot tell the format of {} from its name: pass --format csv or --format json",
                args.file.display()
            ),
        },
    };
    let reader: Box<dyn std::io::Read> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .with_context(|| format!("opening {}", args.file.display()))?,
        )
    };
    let pb = bar(0, "reading");
    let progress = |p: medbridge_exchange::Progress| {
        pb.set_message(match p.stage {
            Stage::Reading => "reading",
            Stage::Checking => "checking",
            Stage::Writing => "writing",
        });
        if let Some(t) = p.total {
            pb.set_length(t as u64);
        }
        pb.set_position(p.done as u64);
    };
    let started = std::time::Instant::now();
    let res = medbridge_exchange::import(
        store,
        &Actor::system("cli import"),
        args.kind,
        format,
        std::io::BufReader::new(reader),
        ImportOptions {
            dry_run: args.dry_run,
        },
        &progress,
    )
    .await;
    pb.finish_and_clear();
    match res {
        Ok(r) if r.written => println!(
            "imported {} {} in {:.1} s",
            r.rows,
            args.kind,
            started.elapsed().as_secs_f64()
        ),
        Ok(r) => println!(
            "dry run: all {} {} are valid; nothing was written",
            r.rows, args.kind
        ),
        Err(ImportError::Rejected(rows)) => {
            for e in &rows {
                eprintln!("{}: {e}", args.file.display());
            }
            bail!(
                "{} rejected: {} error(s); nothing was written",
                args.file.display(),
                rows.len()
            );
        }
        Err(e) => bail!("{}: {e}; nothing was written", args.file.display()),
    }
    Ok(())
}

pub async fn export(store: &Store, args: ExportArgs) -> Result<()> {
    let q = ListQuery::new(vec![]);
    let n = match &args.output {
        Some(path) => {
            let f = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            medbridge_exchange::export(
                store,
                args.kind,
                args.format,
                &q,
                Scope::All,
                std::io::BufWriter::new(f),
            )
            .await?
        }
        None => {
            medbridge_exchange::export(
                store,
                args.kind,
                args.format,
                &q,
                Scope::All,
                std::io::BufWriter::new(std::io::stdout().lock()),
            )
            .await?
        }
    };
    eprintln!("exported {n} {}", args.kind);
    Ok(())
}

/// Loads the demo alliance if it is not there yet and gives its accounts their passwords.
pub async fn load_demo(store: &Store) -> Result<()> {
    let summary = medbridge_demo::seed(store, &Actor::system("demo"))
        .await
        .context("loading the demo data")?;
    if summary.already_present {
        eprintln!("demo: already loaded (sign-ins are listed in README.md)");
        return Ok(());
    }
    for a in &summary.accounts {
        store
            .set_password_hash(a.person, &auth::hash_password(a.password))
            .await?;
    }
    eprintln!(
        "demo: loaded {} organisations, {} products, {} needs and offers, {} events, {} agreements",
        summary.organisations,
        summary.products,
        summary.opportunities,
        summary.events,
        summary.agreements
    );
    eprintln!("demo sign-ins:");
    for a in &summary.accounts {
        eprintln!(
            "  {:<10} {:<40} password: {}",
            a.role.as_str(),
            a.email.as_str(),
            a.password
        );
    }
    Ok(())
}

pub async fn demo(cfg: &Config, cmd: DemoCommand) -> Result<()> {
    match cmd {
        DemoCommand::Load => load_demo(&crate::open(cfg).await?).await,
        DemoCommand::Generate {
            orgs,
            products,
            needs,
            offers,
            seed,
        } => {
            let store = crate::open(cfg).await?;
            let pb = bar((orgs + products + needs + offers) as u64, "generating");
            let base = std::sync::atomic::AtomicU64::new(0);
            let started = std::time::Instant::now();
            let summary = medbridge_demo::generate(
                &store,
                &Actor::system("demo generate"),
                medbridge_demo::GenerateConfig {
                    orgs,
                    products,
                    needs,
                    offers,
                    seed,
                },
                &|p| {
                    pb.set_message(p.what);
                    if p.done == p.total {
                        base.fetch_add(p.total as u64, std::sync::atomic::Ordering::Relaxed);
                        pb.set_position(base.load(std::sync::atomic::Ordering::Relaxed));
                    } else {
                        pb.set_position(
                            base.load(std::sync::atomic::Ordering::Relaxed) + p.done as u64,
                        );
                    }
                },
            )
            .await?;
            pb.finish_and_clear();
            println!(
                "generated {} organisations, {} products, {} needs, {} offers in {:.1} s (seed {seed})",
                summary.organisations,
                summary.products,
                summary.needs,
                summary.offers,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        DemoCommand::ProductsCsv {
            products,
            suppliers,
            seed,
            output,
        } => {
            if suppliers < 1 {
                bail!("--suppliers must be at least 1");
            }
            let ids: Vec<OrgId> = (1..=suppliers).map(OrgId).collect();
            let f = std::fs::File::create(&output)
                .with_context(|| format!("creating {}", output.display()))?;
            let n = medbridge_demo::write_products_csv(
                seed,
                &ids,
                products,
                std::io::BufWriter::new(f),
            )?;
            println!(
                "wrote {n} products to {} (suppliers 1..={suppliers} must exist before import)",
                output.display()
            );
            Ok(())
        }
    }
}
