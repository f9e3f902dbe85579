//! `medbridge taxonomy`: extend the built-in device tree with the EMDN and FDA files, and
//! look codes up in it.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use medbridge_taxonomy::{CodeScheme, DeviceCode, Installed, Lang, Taxonomy};
use std::path::{Path, PathBuf};

use crate::config::Config;

#[derive(Subcommand)]
pub enum TaxonomyCommand {
    /// Check nomenclature files completely and keep them: every later start extends the
    /// built-in tree with them, so products and needs may carry any of their codes.
    Import(ImportArgs),
    /// What the tree holds, or where a code sits in it and which built-in concept it means.
    Show(ShowArgs),
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge taxonomy import ../shared/data/emdn/emdn_v2.csv ../shared/data/fda/foiclass.txt\n  medbridge taxonomy show EMDN:Z11030605\n\nFiles are told apart by their header: the EMDN CSV (category,category_description,code,term,level,terminal), the FDA product classification as published (pipe-delimited, Windows-1252) or as UTF-8 CSV. Every row is checked before anything is kept; an error names the file, line and column, and leaves the earlier import in place. Copies are kept in the taxonomy directory (configuration key 'taxonomy', default medbridge-data/taxonomy); a new import of a nomenclature replaces the old one. Restart a running server to use them."
)]
pub struct ImportArgs {
    /// The EMDN CSV and/or the FDA product-classification file
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Args)]
#[command(
    after_help = "Examples:\n  medbridge taxonomy show                  # built-in concepts and imported nomenclatures\n  medbridge taxonomy show FDA:CBK EMDN:Z12030101\n  medbridge taxonomy show MB:imaging.ct --lang ru"
)]
pub struct ShowArgs {
    /// Codes written SCHEME:CODE (FDA:JAK, EMDN:Z110306, NMPA:06, MB:imaging.ct)
    codes: Vec<String>,
    /// Language of the concept names (zh, en, ru, fr)
    #[arg(long, default_value = "en")]
    lang: String,
}

/// Installs the tree extended with what `medbridge taxonomy import` kept, if anything,
/// before any matching runs. Returns what was installed.
pub fn install(cfg: &Config) -> Result<Installed> {
    let (tree, counts) = load(&cfg.taxonomy)?;
    if let Some(tree) = tree
        && !Taxonomy::install(tree)
    {
        bail!("the taxonomy was in use before the imported nomenclatures could be installed");
    }
    Ok(counts)
}

fn load(dir: &Path) -> Result<(Option<Taxonomy>, Installed)> {
    Taxonomy::with_installed(dir).map_err(|e| {
        anyhow::anyhow!(
            "the taxonomy directory {} holds a file that no longer reads: {e}; import it again",
            dir.display()
        )
    })
}

pub fn run(cfg: &Config, cmd: TaxonomyCommand) -> Result<()> {
    match cmd {
        TaxonomyCommand::Import(args) => import(cfg, args),
        TaxonomyCommand::Show(args) => show(cfg, args),
    }
}

fn import(cfg: &Config, args: ImportArgs) -> Result<()> {
    let checked = medbridge_taxonomy::import_files(&cfg.taxonomy, &args.files)
        .map_err(|e| anyhow::anyhow!("{e}; nothing was imported"))?;
    // Read back from the directory: the tree also holds the other scheme's earlier import.
    let (tree, _) = load(&cfg.taxonomy)?;
    let tree = tree.as_ref().unwrap_or_else(|| Taxonomy::builtin());
    for (file, path) in checked.iter().zip(&args.files) {
        let scheme = file.kind.scheme();
        let terms = file.nomenclature.len();
        let linked = file
            .nomenclature
            .terms()
            .filter(|t| {
                tree.by_code(t.code())
                    .any(|c| c.imported_from().is_none() || tree.links(c.id()).next().is_some())
            })
            .count();
        println!(
            "{}: {terms} {scheme} terms, {linked} of them under a built-in concept",
            path.display()
        );
    }
    println!(
        "kept in {}; the tree now has {} concepts ({} built in)",
        cfg.taxonomy.display(),
        tree.len(),
        Taxonomy::builtin().len()
    );
    Ok(())
}

fn show(cfg: &Config, args: ShowArgs) -> Result<()> {
    let lang = match args.lang.as_str() {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        "ru" => Lang::Ru,
        "fr" => Lang::Fr,
        other => bail!("--lang: expected zh, en, ru or fr, found '{other}'"),
    };
    let (tree, counts) = load(&cfg.taxonomy)?;
    let tree = tree.as_ref().unwrap_or_else(|| Taxonomy::builtin());
    if args.codes.is_empty() {
        let builtin = Taxonomy::builtin();
        println!(
            "{} built-in concepts in {} categories",
            builtin.len(),
            builtin.roots().count()
        );
        for scheme in [CodeScheme::Fda, CodeScheme::Emdn, CodeScheme::Nmpa] {
            let mapped = builtin
                .concepts()
                .flat_map(|c| c.codes())
                .filter(|k| k.scheme() == scheme)
                .count();
            println!("  {mapped} mappings to {scheme} codes");
        }
        if counts.is_empty() {
            println!(
                "no nomenclature imported into {} (medbridge taxonomy import --help)",
                cfg.taxonomy.display()
            );
        }
        for (kind, n) in counts {
            println!(
                "imported: {} ({n} terms) from {}",
                kind.scheme(),
                cfg.taxonomy.join(kind.file_name()).display()
            );
        }
        return Ok(());
    }
    for text in &args.codes {
        let code: DeviceCode = text
            .parse()
            .map_err(|e: medbridge_core::FieldError| anyhow::anyhow!("{text}: {}", e.message))?;
        let found: Vec<_> = if code.scheme() == CodeScheme::Mb {
            tree.get(code.code()).into_iter().collect()
        } else {
            tree.by_code(&code).collect()
        };
        if found.is_empty() {
            println!("{code}: not in the tree");
            continue;
        }
        for concept in found {
            let path: Vec<String> = std::iter::once(concept)
                .chain(tree.ancestors(concept.id()))
                .map(|c| format!("{} ({})", c.id(), c.name(lang)))
                .collect();
            println!("{code}: {}", path.join(" < "));
            if concept.imported_from().is_some() {
                let links: Vec<String> = tree
                    .links(concept.id())
                    .map(|c| format!("{} ({})", c.id(), c.name(lang)))
                    .collect();
                if links.is_empty() {
                    println!("  no built-in concept: matched by its code and words only");
                } else {
                    println!("  means: {}", links.join(", "));
                }
            }
        }
    }
    Ok(())
}
