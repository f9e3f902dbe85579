//! Top 10 of judged needs (needs.tsv and the blind sets) over the eval corpus, with reasons (debugging aid):
//! `cargo run -p medbridge-match --example explain_need -- en-024 ... [--only-lang en]`; `--dev ru` prints,
//! for every development-half need of the blind set in that language, one line: the
//! codes of its top 10, gold ones starred (the held-out half is never shown).
use medbridge_core::UiLang;
use medbridge_match::{EngineConfig, Need, Options, eval};

fn main() {
    let ids: Vec<String> = std::env::args().skip(1).collect();
    let dev_lang = match ids.as_slice() {
        [flag, lang] if flag == "--dev" => Some(lang.clone()),
        _ => None,
    };
    let data = medbridge_core::shared_data::locate().expect("shared data");
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv")).unwrap();
    let engine = eval::index(&eval::corpus(&clearances), &EngineConfig::default());
    let today = eval::eval_date();
    // As the eval asks: untagged text, a buyer in the US.
    let us_need = |text: &str| Need {
        country: Some("US".parse().unwrap()),
        ..Need::text(text, today)
    };
    let mut fresh = eval::read_needs(include_str!("../eval/needs_fresh.tsv")).unwrap();
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh2.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh3.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh4.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh5.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh6.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh7.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh8.tsv")).unwrap());
    fresh.extend(eval::read_needs(include_str!("../eval/needs_fresh9.tsv")).unwrap());
    if let Some(lang) = dev_lang {
        for n in fresh {
            if n.lang.as_str() != lang || eval::half(&n.id) != eval::Half::Development {
                continue;
            }
            let need = us_need(&n.text);
            let top: Vec<String> = engine
                .match_need(&need, &Options::default())
                .unwrap()
                .iter()
                .map(|m| {
                    let code = m
                        .codes
                        .first()
                        .map(|c| c.code().to_string())
                        .unwrap_or_default();
                    let gold = m
                        .codes
                        .iter()
                        .any(|c| n.codes.iter().any(|g| g == c.code()));
                    format!("{code}{}", if gold { "*" } else { "" })
                })
                .collect();
            println!("{} {:?} | {} | {}", n.id, n.codes, top.join(" "), n.text);
        }
        return;
    }
    let mut needs = eval::read_needs(include_str!("../eval/needs.tsv")).unwrap();
    // The blind sets' held-out halves stay blind: never shown need by need.
    needs.extend(
        fresh
            .into_iter()
            .filter(|n| eval::half(&n.id) == eval::Half::Development),
    );
    // `--only-lang en` among the ids: search offers in that language only.
    let only_lang = ids
        .iter()
        .position(|a| a == "--only-lang")
        .and_then(|i| ids.get(i + 1))
        .map(|l| {
            *medbridge_taxonomy::Lang::ALL
                .iter()
                .find(|x| x.as_str() == l)
                .expect("--only-lang takes zh, en, ru or fr")
        });
    // `text:...` among the ids: an ad-hoc need with no gold codes.
    for text in ids.iter().filter_map(|a| a.strip_prefix("text:")) {
        needs.push(eval::JudgedNeed {
            id: format!("text:{text}"),
            lang: medbridge_taxonomy::Lang::En,
            text: text.to_string(),
            codes: Vec::new(),
        });
    }
    for n in needs {
        if !ids.contains(&n.id) {
            continue;
        }
        println!("{} {} gold {:?}", n.id, n.text, n.codes);
        let need = us_need(&n.text);
        let options = Options {
            only_lang,
            ..Options::default()
        };
        for m in engine.match_need(&need, &options).unwrap() {
            let codes: Vec<String> = m.codes.iter().map(|c| c.to_string()).collect();
            println!(
                "  {:.3} {} {}",
                m.score,
                codes.join(" "),
                m.render_reasons(UiLang::En).join("; ")
            );
        }
    }
}
