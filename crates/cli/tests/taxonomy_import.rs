//! `medbridge taxonomy import` end to end, through the binary: a code only the imported
//! EMDN file holds is unknown before the import, and afterwards accepted and matched to
//! the built-in concept of its nearest mapped ancestor; a bad file changes nothing.

use std::path::Path;
use std::process::Output;

const EMDN: &str = include_str!("../../taxonomy/tests/fixtures/emdn-ct.csv");

mod common;
use common::{medbridge_with, scratch};

fn medbridge(dir: &Path, args: &[&str]) -> Output {
    medbridge_with(
        dir,
        args,
        &[("MEDBRIDGE__TAXONOMY", dir.join("taxonomy").into())],
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn imported_emdn_codes_are_accepted_and_matched_through_their_mapped_ancestor() {
    let dir = scratch("taxonomy-import");
    let d = &dir.0;
    assert!(medbridge(d, &["demo", "load"]).status.success());
    let wanted = [
        "match",
        "--code",
        "EMDN:Z11030605",
        "--country",
        "KZ",
        "--json",
    ];

    // Before: the 64-slice CT code is neither built in nor on any demo product.
    let before = medbridge(d, &wanted);
    assert!(!before.status.success());
    let err = text(&before.stderr);
    assert!(
        err.contains("codes[0]") && err.contains("EMDN:Z11030605"),
        "{err}"
    );

    std::fs::write(d.join("emdn.csv"), EMDN).unwrap();
    let import = medbridge(d, &["taxonomy", "import", "emdn.csv"]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    let out = text(&import.stdout);
    assert!(
        out.contains("5 EMDN terms, 2 of them under a built-in concept"),
        "{out}"
    );
    let kept = std::fs::read_to_string(d.join("taxonomy/emdn.csv")).unwrap();
    assert_eq!(kept, EMDN);

    let show = text(&medbridge(d, &["taxonomy", "show", "EMDN:Z11030605"]).stdout);
    assert!(show.contains("means: imaging.ct (CT scanner)"), "{show}");

    // After: the code is the registry class "CT scanner", so the demo's CT scanners match.
    let after = medbridge(d, &wanted);
    assert!(after.status.success(), "{}", text(&after.stderr));
    let json: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    let results = json["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{json}");
    for r in results {
        let codes: Vec<&str> = r["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(
            codes
                .iter()
                .any(|c| c.starts_with("EMDN:Z110306") || *c == "FDA:JAK"),
            "{r}"
        );
    }
    assert!(
        results[0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("CT scanner"),
        "{json}"
    );
}

#[test]
fn a_bad_file_names_its_line_and_column_and_keeps_the_earlier_import() {
    let dir = scratch("taxonomy-bad");
    let d = &dir.0;
    std::fs::write(d.join("emdn.csv"), EMDN).unwrap();
    assert!(
        medbridge(d, &["taxonomy", "import", "emdn.csv"])
            .status
            .success()
    );

    std::fs::write(d.join("broken.csv"), EMDN.replace(",5,YES", ",4,YES")).unwrap();
    let bad = medbridge(d, &["taxonomy", "import", "broken.csv"]);
    assert!(!bad.status.success());
    let err = text(&bad.stderr);
    assert!(
        err.contains("broken.csv: line 6, column 5 (level)")
            && err.contains("nothing was imported"),
        "{err}"
    );

    std::fs::write(d.join("notes.txt"), "hello\n").unwrap();
    let unknown = medbridge(d, &["taxonomy", "import", "notes.txt"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown.stderr).contains("notes.txt: expected the EMDN CSV"));

    // Two files, the second bad: the first is not kept either.
    std::fs::write(d.join("fda.csv"), "REVIEW_PANEL,MEDICALSPECIALTY,PRODUCTCODE,DEVICENAME,DEVICECLASS\nRA,RA,JAK,\"System, X-Ray, Tomography, Computed\",2\n").unwrap();
    let both = medbridge(d, &["taxonomy", "import", "fda.csv", "broken.csv"]);
    assert!(!both.status.success());
    assert!(!d.join("taxonomy/foiclass.csv").exists());

    assert_eq!(
        std::fs::read_to_string(d.join("taxonomy/emdn.csv")).unwrap(),
        EMDN
    );
    let show = text(&medbridge(d, &["taxonomy", "show"]).stdout);
    assert!(
        show.contains("imported: EMDN (5 terms)") && !show.contains("imported: FDA"),
        "{show}"
    );
}
