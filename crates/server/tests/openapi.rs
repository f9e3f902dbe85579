//! The OpenAPI document is generated from the handlers; this snapshot makes every change to
//! the public API visible in review. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test -p medbridge-server --test openapi`.

#[test]
fn openapi_document_matches_the_snapshot() {
    let doc = medbridge_server::openapi_json();
    let parsed: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert!(
        parsed["openapi"].as_str().unwrap().starts_with("3.1"),
        "OpenAPI 3.1"
    );
    for path in [
        "/organisations",
        "/organisations/{id}",
        "/products",
        "/opportunities/{id}",
        "/events",
        "/agreements",
        "/session",
        "/tokens",
        "/audit",
    ] {
        assert!(parsed["paths"].get(path).is_some(), "{path} documented");
    }
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &doc).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&file).expect("snapshot exists; create it with UPDATE_SNAPSHOTS=1");
    assert!(
        expected == doc,
        "the OpenAPI document changed; review and regenerate with UPDATE_SNAPSHOTS=1 (diff {} against the new output)",
        file.display()
    );
}
