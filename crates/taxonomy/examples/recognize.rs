//! Prints the concepts found in each line of standard input, with timing.
//!
//! `cargo run --release --example recognize < descriptions.txt`

use std::io::BufRead;
use std::time::Instant;

use medbridge_taxonomy::{Lang, Recognizer, Taxonomy};

fn main() {
    let start = Instant::now();
    let taxonomy = Taxonomy::builtin();
    let recognizer = Recognizer::builtin();
    eprintln!("taxonomy and recognizer built in {:?}", start.elapsed());
    let lines: Vec<String> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .collect();
    for line in &lines {
        let found: Vec<String> = recognizer
            .find(line)
            .iter()
            .map(|m| {
                let name = taxonomy.get(m.concept).map_or("?", |c| c.name(Lang::En));
                format!(
                    "{:?} -> {} ({name}){}",
                    m.surface,
                    m.concept,
                    if m.fuzzy { " ~" } else { "" }
                )
            })
            .collect();
        println!("{line}\n    {}", found.join("\n    "));
    }
    // Repeat small inputs so the timing covers about a million texts.
    let rounds = (1_000_000 / lines.len().max(1)).max(1);
    let start = Instant::now();
    let mut mentions = 0;
    for _ in 0..rounds {
        for line in &lines {
            mentions += recognizer.find(line).len();
        }
    }
    let texts = rounds * lines.len();
    let seconds = start.elapsed().as_secs_f64();
    eprintln!(
        "{texts} texts, {mentions} mentions in {seconds:.3} s: {:.0} texts/s, {:.2} µs/text",
        texts as f64 / seconds,
        seconds * 1e6 / texts as f64
    );
}
