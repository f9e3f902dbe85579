//! Every name of the lexicon asked alone over the English 510(k) offers (see
//! `eval::probe_names`): prints the names whose own concept's records are missing from
//! the top 10 (MISS) or ranked low (WEAK, nDCG@10 < 0.6).
//! `cargo run --release -p medbridge-match --example probe_names`
use medbridge_match::eval;

fn main() {
    let data = medbridge_core::shared_data::locate().expect("shared data");
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv")).unwrap();
    let (asked, weak) = eval::probe_names(&clearances, 0.6);
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
