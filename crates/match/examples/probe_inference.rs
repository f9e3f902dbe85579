//! How well the device-type inference (`Engine::inferred_device_type`) reads needs whose
//! words are not recognised: every need of needs.tsv and of the development halves of
//! the blind sets is asked as if it named no type (see `eval::probe_inference`).
//!
//! `cargo run --release -p medbridge-match --example probe_inference [-- --wrong]`

use medbridge_core::shared_data;
use medbridge_match::eval;

fn main() {
    let show_wrong = std::env::args().any(|a| a == "--wrong");
    let data = shared_data::locate().expect("../shared/data");
    let clearances = eval::read_510k(&data.join("fda/510k/pmn_combined.clean.csv")).unwrap();
    let mut needs = eval::read_needs(include_str!("../eval/needs.tsv")).unwrap();
    needs.extend(
        eval::development_needs(&[
            include_str!("../eval/needs_fresh.tsv"),
            include_str!("../eval/needs_fresh2.tsv"),
            include_str!("../eval/needs_fresh3.tsv"),
        ])
        .unwrap(),
    );
    let probe = eval::probe_inference(&needs, &clearances);
    if show_wrong {
        for (id, inferred) in &probe.wrong {
            let need = needs.iter().find(|n| &n.id == id).expect("asked");
            println!("{id} {:?} -> {inferred}: {}", need.codes, need.text);
        }
    }
    println!(
        "needs {}: inferred right {}, wrong {}, none {}",
        needs.len(),
        probe.right,
        probe.wrong.len(),
        probe.none
    );
}
