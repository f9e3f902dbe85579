//! The matching benchmark without the CLI (which needs the whole workspace built):
//! `cargo run --release -p medbridge-match --example bench_match -- [PRODUCTS] [NEEDS]`.
//! Same function and parameters as `medbridge bench match --products P --needs N`.
fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a number"));
    let products = args.next().unwrap_or(1_000_000);
    let needs = args.next().unwrap_or(100_000);
    eprintln!("generating and indexing {products} products and {needs} needs (seed 42)");
    let report = medbridge_match::bench::run(
        products,
        needs,
        needs.min(10_000),
        needs.min(20_000),
        needs.min(50),
        &|msg| eprintln!("  {msg}"),
    );
    print!("{}", report.markdown());
}
