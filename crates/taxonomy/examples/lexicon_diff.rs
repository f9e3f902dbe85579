//! What a change to the concept file changes in what the recogniser reads: every text
//! read with an older concept file and with the one built in now, and the texts read
//! differently, with both readings. Run it before committing a lexicon change, and
//! read every line it prints (a new name one character from another concept's, or a
//! plural that is another thing, shows up here first).
//!
//! ```text
//! git show HEAD:crates/taxonomy/data/concepts.toml > /tmp/old.toml
//! cargo run --release -p medbridge-taxonomy --example lexicon_diff -- /tmp/old.toml [TEXTS.txt]
//! ```
//!
//! TEXTS.txt holds one text per line; without it, the distinct device names of the
//! FDA 510(k) file in `../shared/data` (about 50,000), which show most lexicon
//! mistakes. The recogniser's code is the same on both sides: to see a change to its
//! rules, compare the `recognize` example's output before and after instead.

use std::collections::BTreeSet;

use medbridge_taxonomy::{Recognizer, Taxonomy};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(old_path) = args.first() else {
        eprintln!("usage: lexicon_diff OLD_CONCEPTS.toml [TEXTS.txt]");
        std::process::exit(2);
    };
    let old_text = std::fs::read_to_string(old_path).unwrap_or_else(|e| {
        eprintln!("{old_path}: {e}");
        std::process::exit(2);
    });
    let old = Taxonomy::from_toml(&old_text).unwrap_or_else(|e| {
        eprintln!("{old_path}: {e}");
        std::process::exit(2);
    });
    let texts: Vec<String> = match args.get(1) {
        Some(path) => std::fs::read_to_string(path)
            .unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            })
            .lines()
            .map(str::to_string)
            .collect(),
        None => device_names_510k(),
    };
    let before = Recognizer::new(&old);
    let after = Recognizer::builtin();
    let read = |r: &Recognizer, text: &str| -> Vec<String> {
        r.find(text)
            .iter()
            .map(|m| format!("{} -> {}", m.surface, m.concept))
            .collect()
    };
    let mut changed = 0;
    for text in &texts {
        let (a, b) = (read(&before, text), read(after, text));
        if a != b {
            changed += 1;
            println!("{text}\n    - {}\n    + {}", a.join("; "), b.join("; "));
        }
    }
    println!(
        "{changed} of {} texts read differently ({} concepts before, {} now)",
        texts.len(),
        old.len(),
        Taxonomy::builtin().len()
    );
}

/// The distinct DEVICENAME values of the 510(k) file in `../shared/data`.
fn device_names_510k() -> Vec<String> {
    let Some(data) = medbridge_core::shared_data::locate() else {
        eprintln!("no texts given and ../shared/data not found");
        std::process::exit(2);
    };
    let path = data.join("fda/510k/pmn_combined.clean.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| {
        eprintln!("{}: {e}", path.display());
        std::process::exit(2);
    });
    let column = reader
        .byte_headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == b"DEVICENAME"))
        .unwrap_or_else(|| {
            eprintln!("{}: no column DEVICENAME", path.display());
            std::process::exit(2);
        });
    // The file has a few names in Windows-1252: read them as well as can be.
    let names: BTreeSet<String> = reader
        .byte_records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            r.get(column)
                .map(|s| String::from_utf8_lossy(s).trim().to_string())
        })
        .filter(|s| !s.is_empty())
        .collect();
    names.into_iter().collect()
}
