//! Prints the concepts the recogniser finds in each argument.
fn main() {
    for text in std::env::args().skip(1) {
        let found: Vec<&str> = medbridge_taxonomy::Recognizer::builtin()
            .find(&text)
            .iter()
            .map(|m| m.concept)
            .collect();
        println!("{text} -> {found:?}");
    }
}
