//! Every name of the lexicon asked alone over the English 510(k) offers (see
//! `eval::probe_names`): prints the names whose own concept's records are missing from
//! the top 10 (MISS) or ranked low (WEAK, nDCG@10 < 0.6).
//! `cargo run --release -p medbridge-match --example probe_names`
use medbridge_match::eval;

fn main() {
    let data = medbridge_core::shared_data::locate().expect("shared data");
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv")).unwrap();
    let mode = std::env::args().nth(1).unwrap_or_default();
    let (asked, weak) = match mode.as_str() {
        "" => eval::probe_names(&clearances, 0.6),
        _ => eval::probe_names_with(&clearances, 0.6, &|name, lang| variant(&mode, name, lang)),
    };
    let missed = weak.iter().filter(|p| p.ndcg_at_10 == 0.0).count();
    for p in &weak {
        let kind = if p.ndcg_at_10 == 0.0 { "MISS" } else { "WEAK" };
        println!(
            "{kind} {:.2} {} {} [{}] top {}",
            p.ndcg_at_10,
            p.concept,
            p.lang,
            p.name,
            p.top.join(" ")
        );
    }
    println!(
        "names asked {asked}, missed {missed}, weak (nDCG@10 < 0.6) {}",
        weak.len() - missed
    );
}

/// A name as buyers write it around and through it.
fn variant(mode: &str, name: &str, lang: medbridge_taxonomy::Lang) -> Vec<String> {
    use medbridge_taxonomy::Lang;
    match mode {
        "sentence" => vec![match lang {
            Lang::En => {
                format!("We need {name} for the regional hospital, 2 units, delivery to Almaty")
            }
            Lang::Ru => {
                format!("Требуется {name} для областной больницы, 2 шт., поставка в Алматы")
            }
            Lang::Fr => format!(
                "Nous recherchons {name} pour l'hôpital régional, 2 unités, livraison à Dakar"
            ),
            Lang::Zh => format!("求购{name}两台，用于州立医院，发货到阿拉木图"),
        }],
        "upper" => vec![name.to_uppercase()],
        "typo" => {
            // Drop one letter inside the longest word of eight letters or more.
            let words: Vec<&str> = name.split(' ').collect();
            let Some((i, w)) = words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.chars().count() >= 8 && w.chars().all(char::is_alphabetic))
                .max_by_key(|(_, w)| w.chars().count())
            else {
                return Vec::new();
            };
            let chars: Vec<char> = w.chars().collect();
            let mid = chars.len() / 2;
            let typo: String = chars[..mid].iter().chain(&chars[mid + 1..]).collect();
            let mut out = words.clone();
            out[i] = &typo;
            vec![out.join(" ")]
        }
        _ => panic!("modes: sentence, upper, typo"),
    }
}
