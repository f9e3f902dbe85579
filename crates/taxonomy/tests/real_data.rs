//! Checks against the official nomenclature files in `../shared/data` (see its README).
//! Each test says "skipped: ../shared/data not found" when the folder is absent.

use std::collections::HashSet;
use std::path::PathBuf;

use medbridge_taxonomy::{CodeScheme, DeviceCode, Nomenclature, Taxonomy};

fn shared_data() -> Option<PathBuf> {
    medbridge_core::shared_data::locate()
}

fn read(dir: &std::path::Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|err| panic!("{file}: {err}"))
}

fn codes(nomenclature: &Nomenclature) -> HashSet<DeviceCode> {
    nomenclature.terms().map(|t| t.code().clone()).collect()
}

fn builtin_codes(scheme: CodeScheme) -> Vec<(&'static str, &'static DeviceCode)> {
    Taxonomy::builtin()
        .concepts()
        .flat_map(|c| c.codes().iter().map(move |code| (c.id(), code)))
        .filter(|(_, code)| code.scheme() == scheme)
        .collect()
}

#[test]
fn fda_file_imports_identically_in_both_published_forms() {
    let Some(dir) = shared_data() else { return };
    let csv = Nomenclature::from_fda_csv(&read(&dir, "fda/foiclass.utf8.csv")[..]).unwrap();
    let txt = Nomenclature::from_fda_txt(&read(&dir, "fda/foiclass.txt")).unwrap();
    assert_eq!(csv.len(), 6530);
    assert_eq!(codes(&csv), codes(&txt));
    let names = |n: &Nomenclature| {
        n.terms()
            .map(|t| (t.code().clone(), t.name().to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&csv), names(&txt));
}

#[test]
fn emdn_file_imports_as_a_tree() {
    let Some(dir) = shared_data() else { return };
    let emdn = Nomenclature::from_emdn_csv(&read(&dir, "emdn/emdn_v2.csv")[..]).unwrap();
    assert_eq!(emdn.len(), 8454);
    // 23 single-letter categories A..Z (no E, I, O); the data README's "22" predates X.
    assert_eq!(emdn.terms().filter(|t| t.parent().is_none()).count(), 23);
}

#[test]
fn every_builtin_fda_and_emdn_code_exists() {
    let Some(dir) = shared_data() else { return };
    for (scheme, nomenclature) in [
        (
            CodeScheme::Fda,
            Nomenclature::from_fda_csv(&read(&dir, "fda/foiclass.utf8.csv")[..]).unwrap(),
        ),
        (
            CodeScheme::Emdn,
            Nomenclature::from_emdn_csv(&read(&dir, "emdn/emdn_v2.csv")[..]).unwrap(),
        ),
    ] {
        let known = codes(&nomenclature);
        let unknown: Vec<String> = builtin_codes(scheme)
            .into_iter()
            .filter(|(_, code)| !known.contains(code))
            .map(|(id, code)| format!("{id}: {code}"))
            .collect();
        assert!(
            unknown.is_empty(),
            "codes missing from the {scheme} file: {unknown:?}"
        );
    }
}

#[test]
fn every_builtin_nmpa_code_is_a_listed_sub_catalogue() {
    let Some(dir) = shared_data() else { return };
    let text = String::from_utf8(read(&dir, "china/nmpa_22_subcatalogues.csv")).unwrap();
    let listed: HashSet<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(listed.len(), 22);
    for (id, code) in builtin_codes(CodeScheme::Nmpa) {
        assert!(listed.contains(code.code()), "{id}: {code}");
    }
}

#[test]
fn imported_nomenclatures_link_to_builtin_concepts() {
    let Some(dir) = shared_data() else { return };
    let fda = Nomenclature::from_fda_txt(&read(&dir, "fda/foiclass.txt")).unwrap();
    let emdn = Nomenclature::from_emdn_csv(&read(&dir, "emdn/emdn_v2.csv")[..]).unwrap();
    let builtin = Taxonomy::builtin();
    let t = builtin.with_nomenclature(&fda).with_nomenclature(&emdn);
    assert_eq!(t.len(), builtin.len() + 1 + 6530 + 1 + 8454);
    let linked = |id: &str| t.links(id).map(|c| c.id().to_owned()).collect::<Vec<_>>();
    assert_eq!(linked("fda.JAK"), ["imaging.ct"]);
    assert_eq!(linked("emdn.Z11030605"), ["imaging.ct"]);
    assert_eq!(linked("emdn.Z1203010502"), ["respiratory.ventilator.icu"]);
    assert!(
        linked("fda.BRW").is_empty(),
        "a dental protector is not in the built-in tree"
    );
    let linked_fda = t
        .concepts()
        .filter(|c| c.imported_from() == Some(CodeScheme::Fda) && t.links(c.id()).next().is_some())
        .count();
    let linked_emdn = t
        .concepts()
        .filter(|c| c.imported_from() == Some(CodeScheme::Emdn) && t.links(c.id()).next().is_some())
        .count();
    println!(
        "linked to built-in concepts: {linked_fda} FDA product codes, {linked_emdn} EMDN terms"
    );
    assert!(linked_fda >= 200 && linked_emdn >= 1000);
}

#[test]
fn the_real_files_install_and_their_leaves_fall_under_builtin_concepts() {
    let Some(dir) = shared_data() else { return };
    let target =
        std::env::temp_dir().join(format!("medbridge-taxonomy-real-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    let files = [dir.join("emdn/emdn_v2.csv"), dir.join("fda/foiclass.txt")];
    let checked = medbridge_taxonomy::import_files(&target, &files).unwrap();
    let counts: Vec<usize> = checked.iter().map(|c| c.nomenclature.len()).collect();
    assert_eq!(counts, [8454, 6530]);
    let (tree, installed) = Taxonomy::with_installed(&target).unwrap();
    let tree = tree.expect("two nomenclatures installed");
    std::fs::remove_dir_all(&target).unwrap();
    assert_eq!(installed.len(), 2);
    // Every term plus one branch node per scheme.
    assert_eq!(tree.len(), Taxonomy::builtin().len() + 8454 + 6530 + 2);
    let links = |id: &str| {
        tree.links(id)
            .map(|c| c.id().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(links("emdn.Z11030605"), ["imaging.ct"]);
    assert_eq!(links("fda.CBK"), ["respiratory.ventilator"]);
    // Most of the FDA's 6,530 codes have no built-in concept; they are known codes still.
    assert!(links("fda.BRW").is_empty());
    assert!(tree.by_code(&"FDA:BRW".parse().unwrap()).next().is_some());
}
