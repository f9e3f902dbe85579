//! `medbridge match` end to end, through the binary, on the demo data: the need's reading
//! is printed in the reader's language before the results, and also when nothing matches;
//! `--json` carries it as `read_as`; the `--help` examples find what they promise.

use std::path::Path;
use std::process::Output;

mod common;
use common::{medbridge_with, scratch};

fn medbridge(dir: &Path, args: &[&str]) -> Output {
    medbridge_with(dir, args, &[])
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_reading_comes_first_in_the_readers_language_and_also_when_nothing_matches() {
    let dir = scratch("match-cli");
    let d = &dir.0;
    assert!(medbridge(d, &["demo", "load"]).status.success());

    let found = stdout(&medbridge(
        d,
        &[
            "match",
            "--text",
            "компьютерный томограф для больницы в Оше",
            "--country",
            "KG",
            "--lang",
            "ru",
        ],
    ));
    let mut lines = found.lines();
    assert_eq!(
        lines.next(),
        Some("понято как: компьютерный томограф (по названию)"),
        "{found}"
    );
    assert!(found.contains("тот же тип изделия"), "{found}");

    let none = stdout(&medbridge(
        d,
        &[
            "match",
            "--text",
            "good price, fast delivery",
            "--country",
            "KG",
        ],
    ));
    assert!(
        none.starts_with("no device type named or described: matched by its words only\n"),
        "{none}"
    );
    assert!(none.contains("no match among"), "{none}");
    // In the reader's language, like the reading.
    let aucune = stdout(&medbridge(
        d,
        &[
            "match",
            "--text",
            "bon prix, livraison rapide",
            "--country",
            "KG",
            "--lang",
            "fr",
        ],
    ));
    assert_eq!(
        aucune,
        "aucun type de dispositif nommé ni décrit : rapprochement par les mots seuls\n\
         aucune correspondance parmi 14 produits et offres (--relaxed montre les \
         quasi-correspondances)\n"
    );

    let json: serde_json::Value = serde_json::from_str(&stdout(&medbridge(
        d,
        &[
            "match",
            "--text",
            "呼吸机",
            "--country",
            "KG",
            "--relaxed",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(json["read_as"][0]["from"], "name", "{json}");
    assert_eq!(
        json["read_as"][0]["concept"], "respiratory.ventilator",
        "{json}"
    );
}

/// Every `medbridge match` example in `--help` shows at least one result or near miss on
/// the demo data: an example that prints nothing teaches little.
#[test]
fn the_help_examples_find_something_on_the_demo_data() {
    let dir = scratch("match-help");
    let d = &dir.0;
    assert!(medbridge(d, &["demo", "load"]).status.success());
    let help = stdout(&medbridge(d, &["match", "--help"]));
    let examples: Vec<&str> = help
        .lines()
        .filter_map(|l| l.trim().strip_prefix("medbridge match "))
        .collect();
    assert!(examples.len() >= 3, "{help}");
    for example in examples {
        let example = example.split("    #").next().unwrap();
        let args = shell_words(example);
        let mut all = vec!["match"];
        all.extend(args.iter().map(String::as_str));
        let out = stdout(&medbridge(d, &all));
        // The first result's row, or a non-empty `results` in JSON (whatever the language
        // of the "no match" line).
        let found = match serde_json::from_str::<serde_json::Value>(&out) {
            Ok(json) => json["results"].as_array().is_some_and(|r| !r.is_empty()),
            Err(_) => out.lines().any(|l| l.starts_with("1 ")),
        };
        assert!(
            found,
            "`medbridge match {example}` finds nothing on the demo data:\n{out}"
        );
    }
}

/// Splits a command line written with single quotes, as the examples are.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for ch in line.chars() {
        match ch {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            _ => {
                word.push(ch);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}
