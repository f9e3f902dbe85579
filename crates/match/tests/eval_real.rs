//! The judged needs over the real FDA 510(k) corpus, when ../shared/data is present.

use medbridge_core::shared_data;
use medbridge_match::eval;

#[test]
fn eval_on_real_510k_reaches_measured_targets() {
    let Some(data) = shared_data::locate() else {
        return;
    };
    let needs = eval::read_needs(include_str!("../eval/needs.tsv")).expect("needs.tsv parses");
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv"))
        .expect("the 510(k) file reads");
    let report = eval::run(&needs, &clearances);
    eprintln!("{}", report.markdown());
    // Every miss is named, held-out ones too: the held-out half was read need by need on
    // 2026-12-01 and its lexicon gaps fixed on 2026-12-04, so it is no longer blind. The
    // blind set is needs_fresh.tsv (test below), written without sight of the lexicon.
    eprintln!("missed over all offers: {:?}", report.missed);
    eprintln!(
        "missed per offer language: {:?}",
        report.missed_by_offer_lang
    );
    assert_eq!(report.violations, 0, "hard constraints are never violated");
    assert!(report.results_checked > 10_000);
    // What the engine measurably reaches today on the whole set, a little below the
    // figures in BENCHMARKS.md (issue targets: recall@10 >= 0.95 and nDCG@10 >= 0.85 in
    // every row; recall zh -> en is 0.94, see there why).
    let overall = report.overall();
    assert!(overall.recall_at_10 >= 0.96, "{overall:?}");
    assert!(overall.ndcg_at_10 >= 0.90, "{overall:?}");
    for row in &report.rows {
        assert!(row.engine.recall_at_10 >= 0.93, "{row:?}");
        assert!(row.engine.ndcg_at_10 >= 0.87, "{row:?}");
        // Clearly above plain BM25 wherever the languages differ.
        if row.need_lang != row.offer_lang {
            assert!(row.engine.ndcg_at_10 > row.bm25.ndcg_at_10 + 0.3, "{row:?}");
        }
    }
}

/// The blind set: written on 2026-12-04 by someone who had not seen the taxonomy's
/// lexicon, the engine or needs.tsv. Its figures say how the engine does on needs written
/// without it in mind (BENCHMARKS.md). Changes may be chosen by reading the misses of its
/// development half (`eval::half`), never of its held-out half, which stays blind.
#[test]
fn eval_on_the_blind_set() {
    blind_set(include_str!("../eval/needs_fresh.tsv"), 150);
}

/// The second blind set, written on 2026-12-06 by the same rules (160 needs, zh-601...),
/// without sight of the lexicon, the engine or the other sets.
#[test]
fn eval_on_the_second_blind_set() {
    blind_set(include_str!("../eval/needs_fresh2.tsv"), 160);
}

/// The third blind set, written on 2026-12-06 (fourth session) by the
/// same rules with more of the long tail a hospital procures (160 needs, zh-701...).
#[test]
fn eval_on_the_third_blind_set() {
    blind_set(include_str!("../eval/needs_fresh3.tsv"), 160);
}

/// The fourth blind set, written on 2026-12-06 (fourth session) by the same rules, with
/// regional names and the long tail (160 needs, zh-801...).
#[test]
fn eval_on_the_fourth_blind_set() {
    blind_set(include_str!("../eval/needs_fresh4.tsv"), 160);
}

/// The fifth blind set, written on 2026-12-06 (fifth session) by the same rules after the
/// long-tail taxonomy round, by a session that saw neither lexicon nor engine (160 needs,
/// zh-901...); its first run measured that round (BENCHMARKS.md).
#[test]
fn eval_on_the_fifth_blind_set() {
    blind_set(include_str!("../eval/needs_fresh5.tsv"), 160);
}

/// The sixth blind set, written on 2026-12-07 (seventh session) by the same rules, by a
/// session that saw neither lexicon nor engine nor the other sets (160 needs, 158 device
/// types, about 40% common equipment and 60% the long tail, zh-1001...).
#[test]
fn eval_on_the_sixth_blind_set() {
    blind_set(include_str!("../eval/needs_fresh6.tsv"), 160);
}

/// The seventh blind set, written on 2026-12-07 (seventh session) by the same rules, by a
/// session that saw neither lexicon nor engine nor the other sets: mostly the consumables,
/// reagents, instruments and accessories bought every month (160 needs, zh-1101...).
#[test]
fn eval_on_the_seventh_blind_set() {
    blind_set(include_str!("../eval/needs_fresh7.tsv"), 160);
}

/// The eighth blind set, written on 2026-12-07 (seventh session) by the same rules, by a
/// session that saw neither lexicon nor engine nor the other sets: needs as they come to a
/// matchmaking session or a tender, a third of them naming a device by its use (160 needs,
/// zh-1201...).
#[test]
fn eval_on_the_eighth_blind_set() {
    blind_set(include_str!("../eval/needs_fresh8.tsv"), 160);
}

/// The ninth blind set, written on 2026-12-07 (twelfth session) by the same rules, by a
/// session that saw neither lexicon nor engine nor the other sets: a third of its needs
/// describe the device by its use (160 needs, about 150 device types, zh-1301...).
#[test]
fn eval_on_the_ninth_blind_set() {
    blind_set(include_str!("../eval/needs_fresh9.tsv"), 160);
}

fn blind_set(tsv: &str, at_least: usize) {
    let Some(data) = shared_data::locate() else {
        return;
    };
    let needs = eval::read_needs(tsv).expect("the blind set parses");
    assert!(needs.len() >= at_least, "{} needs", needs.len());
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv"))
        .expect("the 510(k) file reads");
    let report = eval::run(&needs, &clearances);
    eprintln!("{}", report.markdown());
    // Its held-out half (`eval::half`) stays blind: only development misses are named.
    let development = |id: &String| eval::half(id) == eval::Half::Development;
    let missed: Vec<&String> = report.missed.iter().filter(|id| development(id)).collect();
    let missed_by_lang: Vec<&(String, String)> = report
        .missed_by_offer_lang
        .iter()
        .filter(|(id, _)| development(id))
        .collect();
    eprintln!("development misses over all offers: {missed:?}");
    eprintln!("development misses per offer language: {missed_by_lang:?}");
    assert_eq!(report.violations, 0, "hard constraints are never violated");
    assert!(report.results_checked > 3_000, "{}", report.results_checked);
    // Clearly above plain BM25 wherever the languages differ, as on needs.tsv; over all
    // offers, most of them English, at least 0.1 above it (0.24 for the English needs of
    // the fifth set, whose long tail the lexicon knows least).
    for row in &report.rows {
        let margin = if row.offer_lang == "all" { 0.1 } else { 0.3 };
        if row.need_lang != row.offer_lang {
            assert!(
                row.engine.ndcg_at_10 > row.bm25.ndcg_at_10 + margin,
                "{row:?}"
            );
        }
    }
}

/// Every name of the lexicon, asked alone, finds the 510(k) records of its concept (or of
/// a kind of it): a check of recogniser and ranking together that needs no judged labels.
/// On 2026-12-06 none of about 12,600 names missed and 14 ranked them below nDCG@10 0.6;
/// before, a name nested in a longer one by the plural reading made 11 miss, and
/// 'hospital information systems' was a name of all software, not of the HIS.
#[test]
fn every_name_finds_its_own_records() {
    let Some(data) = shared_data::locate() else {
        return;
    };
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv"))
        .expect("the 510(k) file reads");
    let (asked, weak) = eval::probe_names(&clearances, 0.6);
    let missed: Vec<_> = weak.iter().filter(|p| p.ndcg_at_10 == 0.0).collect();
    eprintln!("names asked {asked}; missed: {missed:?}");
    assert!(asked > 10_000, "{asked} names");
    assert!(missed.len() <= 1, "{} names miss: {missed:?}", missed.len());
    assert!(weak.len() <= 20, "{} names rank low: {weak:?}", weak.len());
}

/// The device-type inference, asked about needs.tsv and the blind sets' development halves
/// as if none of their words were recognised, reads most of them and few wrongly: on
/// 2026-12-06, 245 right, 56 wrong and 391 not at all of 692 (135, 20 and 537 with the
/// settings before). The held-out halves stay out of it.
#[test]
fn the_device_type_inference_reads_needs_it_is_asked_about() {
    let Some(data) = shared_data::locate() else {
        return;
    };
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv"))
        .expect("the 510(k) file reads");
    let mut needs = eval::read_needs(include_str!("../eval/needs.tsv")).expect("parses");
    needs.extend(
        eval::development_needs(&[
            include_str!("../eval/needs_fresh.tsv"),
            include_str!("../eval/needs_fresh2.tsv"),
            include_str!("../eval/needs_fresh3.tsv"),
        ])
        .expect("parses"),
    );
    let probe = eval::probe_inference(&needs, &clearances);
    let wrong = probe.wrong.len();
    eprintln!(
        "inference over {} needs: right {}, wrong {wrong}, none {}",
        needs.len(),
        probe.right,
        probe.none
    );
    // 245 right, 56 wrong before the long-tail taxonomy round of 2026-12-06 (431 more
    // device types: more of the best text matches carry a type, so more votes) and before
    // offers of no known type counted against the share (fewer wrong readings): 220, 45.
    assert!(probe.right >= 210, "{} right", probe.right);
    assert!(
        probe.right >= 4 * wrong,
        "{} right, {wrong} wrong",
        probe.right
    );
}
