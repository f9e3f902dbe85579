//! Import and export against a real SQLite database: round trips, and every class of bad
//! input reported at its exact line and column with nothing written.

use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_exchange::{
    Format, ImportError, ImportOptions, ImportReport, Kind, MAX_ERRORS, export, import,
};
use medbridge_store::testing::TestDb;
use medbridge_store::{Actor, ListQuery, Scope, SortField, Store};
use serde_json::json;

fn actor() -> Actor {
    Actor::system("import-test")
}

fn by_id() -> ListQuery {
    ListQuery {
        sort: SortField::Created,
        ..ListQuery::default()
    }
}

/// An alliance, a member manufacturer and a hospital, a product and a need that use every
/// column, including a language beyond the base four and text that needs escaping.
async fn sample(store: &Store) -> (OrgId, OrgId) {
    let alliance: OrganisationData = serde_json::from_value(json!({
        "name": {"zh": "一带一路医疗器械创新与应用联盟", "en": "Belt and Road Medical Device Innovation and Application Alliance"},
        "kind": "association", "country": "CN", "city": "Shanghai", "demo": true
    }))
    .unwrap();
    let alliance = store.create(&actor(), alliance).await.unwrap().id;
    let maker: OrganisationData = serde_json::from_value(json!({
        "name": {"zh": "联影医疗", "en": "United Imaging", "ru": "Юнайтед Имиджинг"},
        "kind": "manufacturer", "country": "CN", "website": "https://www.united-imaging.com",
        "languages": ["zh", "en"], "description": {"en": "CT, MRI; PET-CT | \"quoted\", with comma\nand a second line"},
        "memberships": [{"alliance_id": alliance, "status": "active", "since": "2023-10-19"}]
    }))
    .unwrap();
    let maker = store.create(&actor(), maker).await.unwrap().id;
    let hospital: OrganisationData = serde_json::from_value(json!({
        "name": {"ky": "Бишкек шаардык клиникалык ооруканасы", "ru": "Городская клиническая больница Бишкека"},
        "kind": "hospital", "country": "KG", "published": false
    }))
    .unwrap();
    let hospital = store.create(&actor(), hospital).await.unwrap().id;
    let product: ProductData = serde_json::from_value(json!({
        "supplier_id": maker, "name": {"en": "uCT 550", "zh": "uCT 550 计算机断层扫描"},
        "device_codes": ["FDA:JAK", "EMDN:Z110306"], "risk_class": "IIb",
        "registrations": [
            {"authority": "nmpa", "number": "DEMO-NMPA-0001", "valid_from": "2023-01-01", "valid_until": "2028-01-01"},
            {"authority": "national", "number": "DEMO;KG|0002\\x", "country": "KG"}
        ],
        "price": {"min": 300000, "max": 450000.5, "currency": "USD"}, "lead_time_days": 90,
        "service_countries": ["KG", "KZ", "UZ"], "documentation_languages": ["ru", "en"]
    }))
    .unwrap();
    store.create(&actor(), product).await.unwrap();
    let need: OpportunityData = serde_json::from_value(json!({
        "organisation_id": hospital, "direction": "need", "cooperation_type": "equipment_supply",
        "title": {"ru": "Требуется компьютерный томограф 64 среза"}, "countries": ["KG"],
        "device_codes": ["FDA:JAK"], "quantity": 1, "budget": {"amount": 350000, "currency": "USD"},
        "deadline": "2026-12-31", "status": "open"
    }))
    .unwrap();
    store.create(&actor(), need).await.unwrap();
    (maker, hospital)
}

async fn export_to_string(store: &Store, kind: Kind, format: Format) -> String {
    let mut out = Vec::new();
    export(store, kind, format, &by_id(), Scope::All, &mut out)
        .await
        .unwrap();
    String::from_utf8(out).unwrap()
}

async fn import_str(
    store: &Store,
    kind: Kind,
    format: Format,
    text: &str,
    dry_run: bool,
) -> Result<ImportReport, ImportError> {
    import(
        store,
        &actor(),
        kind,
        format,
        text.as_bytes(),
        ImportOptions { dry_run },
        &|_| {},
    )
    .await
}

/// The import's errors, one per line as a user sees them.
async fn rejected(store: &Store, kind: Kind, format: Format, text: &str) -> Vec<String> {
    match import_str(store, kind, format, text, false).await {
        Err(ImportError::Rejected(rows)) => rows.iter().map(|r| r.to_string()).collect(),
        other => panic!("expected the import to be rejected, got {other:?}"),
    }
}

async fn counts(store: &Store) -> (i64, i64, i64) {
    (
        store.count::<OrganisationData>().await.unwrap(),
        store.count::<ProductData>().await.unwrap(),
        store.count::<OpportunityData>().await.unwrap(),
    )
}

#[tokio::test]
async fn export_then_import_round_trips_in_both_formats() {
    for format in Format::ALL {
        let db = TestDb::sqlite().await;
        let s = &db.store;
        sample(s).await;
        for kind in Kind::ALL {
            let first = export_to_string(s, kind, format).await;
            let report = import_str(s, kind, format, &first, false).await.unwrap();
            assert_eq!(
                report,
                ImportReport {
                    kind,
                    rows: if kind == Kind::Organisations { 3 } else { 1 },
                    written: true
                }
            );
            // Re-exporting now lists every record twice, identically.
            let second = export_to_string(s, kind, format).await;
            match format {
                Format::Csv => {
                    let (header, rows) = first.split_once('\n').unwrap();
                    assert_eq!(second, format!("{header}\n{rows}{rows}"), "{kind}");
                }
                Format::Json => {
                    let a: Vec<serde_json::Value> = serde_json::from_str(&first).unwrap();
                    let b: Vec<serde_json::Value> = serde_json::from_str(&second).unwrap();
                    assert_eq!(b, [a.clone(), a].concat(), "{kind}");
                }
            }
        }
        db.finish().await;
    }
}

#[tokio::test]
async fn csv_layout_has_documented_columns_and_escaped_lists() {
    let db = TestDb::sqlite().await;
    sample(&db.store).await;
    let products = export_to_string(&db.store, Kind::Products, Format::Csv).await;
    let mut lines = products.lines();
    assert_eq!(
        lines.next().unwrap(),
        "supplier_id,name.zh,name.en,name.ru,name.fr,description.zh,description.en,description.ru,description.fr,\
         device_codes,risk_class,registrations,price.min,price.max,price.currency,lead_time_days,service_countries,\
         documentation_languages,published"
    );
    assert_eq!(
        lines.next().unwrap(),
        "2,uCT 550 计算机断层扫描,uCT 550,,,,,,,FDA:JAK;EMDN:Z110306,IIb,\
         nmpa|DEMO-NMPA-0001|2023-01-01|2028-01-01;national|DEMO\\;KG\\|0002\\\\x|||KG,300000,450000.50,USD,90,KG;KZ;UZ,ru;en,true"
    );
    // A language beyond zh/en/ru/fr gets its own column, after the base four.
    let orgs = export_to_string(&db.store, Kind::Organisations, Format::Csv).await;
    assert!(
        orgs.starts_with("name.zh,name.en,name.ru,name.fr,name.ky,kind,country,"),
        "{orgs}"
    );
    db.finish().await;
}

#[tokio::test]
async fn every_class_of_bad_input_names_line_and_column() {
    let db = TestDb::sqlite().await;
    let s = &db.store;
    let (maker, hospital) = sample(s).await;
    let before = counts(s).await;
    let org_csv = Kind::Organisations;
    let csv = Format::Csv;

    // A bad country on line 3, after a good line 2.
    let e = rejected(
        s,
        org_csv,
        csv,
        "name.en,kind,country\nIHSM,university,KG\nKNU,university,XX\n",
    )
    .await;
    assert_eq!(
        e,
        [
            "line 3, column country (3): 'XX' is not an ISO 3166-1 alpha-2 country code (expected e.g. KG, CN, BY)"
        ]
    );

    // A language column that is no language.
    let e = rejected(
        s,
        org_csv,
        csv,
        "name.en,name.xx,kind,country\nIHSM,x,university,KG\n",
    )
    .await;
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("line 1, column name.xx (2): unknown language in column name: 'xx' is not a known language tag"), "{e:?}");

    // Missing and unknown columns are reported before any row is read.
    let e = rejected(s, Kind::Products, csv, "name.en,colour\nuCT,red\n").await;
    assert_eq!(
        e,
        [
            "line 1, column colour (2): unknown column 'colour' (expected one of: supplier_id, name.<language>, description.<language>, \
             device_codes, risk_class, registrations, price.min, price.max, price.currency, lead_time_days, service_countries, \
             documentation_languages, published)",
            "line 1, column supplier_id: required column is missing",
        ]
    );

    // A negative budget.
    let text = format!(
        "organisation_id,direction,cooperation_type,title.ru,budget.amount,budget.currency\n{hospital},need,equipment_supply,КТ,-5,USD\n"
    );
    let e = rejected(s, Kind::Opportunities, csv, &text).await;
    assert_eq!(
        e,
        ["line 2, column budget.amount (5): '-5': must not be negative"]
    );

    // A registration that ends before it starts: the check names which one.
    let text = format!(
        "supplier_id,name.en,registrations\n{maker},uMR 780,eaeu|DEMO-EAEU-1|2024-01-01|2023-01-01\n"
    );
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [
            "line 2, column registrations (3): registrations[0].valid_until: ends 2023-01-01 before it starts 2024-01-01"
        ]
    );

    // Bad dates and flags inside a registration and a cell.
    let text = format!(
        "supplier_id,name.en,registrations,published\n{maker},uMR 780,eaeu|DEMO-EAEU-1|2023-13-01|,yes\n"
    );
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [
            "line 2, column registrations (3): '2023-13-01' is not a date (expected YYYY-MM-DD, e.g. 2025-07-11)",
            "line 2, column published (4): 'yes' is not a yes/no value (expected true or false)",
        ]
    );

    // An unclosed quote swallows the rest of the file; the row it starts on is named.
    let text = format!(
        "supplier_id,name.en,lead_time_days\n{maker},uCT,30\n{maker},\"uMR 780,60\n{maker},uDR,10\n"
    );
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [
            "line 3: this row has 2 fields but the header has 3 (a quote left open, or a separator too many?)"
        ]
    );

    // A supplier that does not exist, found before writing.
    let text = format!("supplier_id,name.en\n{maker},uCT 550\n999,uMR 780\n");
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [
            "line 3, column supplier_id (1): organisation 999 does not exist (expected the id of an existing organisation)"
        ]
    );

    // Oversized text, on line 4 because line 2's quoted description spans two lines.
    let long = "x".repeat(MAX_SHORT_TEXT + 1);
    let text =
        format!("supplier_id,name.en,description.en\n{maker},ok,\"two\nlines\"\n{maker},{long},\n");
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [format!(
            "line 4, column name.en (2): '{}...' is too long: 301 characters; at most 300 allowed",
            "x".repeat(40)
        )]
    );

    // Several problems in one row, and bad values inside lists, are all reported.
    let text = format!(
        "supplier_id,name.en,device_codes,price.min,price.max,price.currency\n{maker},uCT,FDA:JAK;CT:1,5,,EUR\n"
    );
    let e = rejected(s, Kind::Products, csv, &text).await;
    assert_eq!(
        e,
        [
            "line 2, column device_codes (3): 'CT:1': unknown code scheme 'CT' (expected EMDN, FDA, NMPA, GMDN or MB)",
            "line 2, column price.max (5): a value is required",
        ]
    );

    // JSON: errors point at the line where the object starts.
    let text = format!(
        "[\n  {{\"supplier_id\": {maker}, \"name\": {{\"en\": \"ok\"}}}},\n  {{\"supplier_id\": {maker},\n   \"name\": {{\"en\": \"uCT\"}}, \"price\": {{\"min\": 9, \"max\": 1, \"currency\": \"USD\"}}}}\n]"
    );
    let e = rejected(s, Kind::Products, Format::Json, &text).await;
    assert_eq!(
        e,
        ["line 3, column price.max: maximum 1 is below minimum 9"]
    );
    let e = rejected(
        s,
        org_csv,
        Format::Json,
        "[{\"name\": {\"en\": \"a\"}, \"kind\": \"hospital\", \"country\": \"XX\"}]",
    )
    .await;
    assert_eq!(
        e,
        [
            "line 1, column country: 'XX' is not an ISO 3166-1 alpha-2 country code (expected e.g. KG, CN, BY)"
        ],
        "JSON errors name the field"
    );
    let e = rejected(
        s,
        org_csv,
        Format::Json,
        "[\n{\"name\": {\"en\": \"a\"},\n \"kind\": \"hospital\" \"country\": \"KG\"}]",
    )
    .await;
    assert_eq!(e, ["line 3: malformed JSON: expected `,` or `}`"]);

    assert_eq!(counts(s).await, before, "no rejected import wrote anything");
    db.finish().await;
}

#[tokio::test]
async fn errors_stop_at_the_limit() {
    let db = TestDb::sqlite().await;
    let mut text = String::from("name.en,kind,country\n");
    for i in 0..MAX_ERRORS + 20 {
        text.push_str(&format!("Clinic {i},clinic,KG\n"));
    }
    let e = rejected(&db.store, Kind::Organisations, Format::Csv, &text).await;
    assert_eq!(e.len(), MAX_ERRORS);
    assert!(
        e[0].starts_with(
            "line 2, column kind (2): 'clinic' is not one of: manufacturer, distributor"
        ),
        "{}",
        e[0]
    );
    assert!(e[MAX_ERRORS - 1].starts_with(&format!("line {}, ", MAX_ERRORS + 1)));
    db.finish().await;
}

#[tokio::test]
async fn dry_run_checks_references_and_writes_nothing() {
    let db = TestDb::sqlite().await;
    let s = &db.store;
    let (maker, _) = sample(s).await;
    let before = counts(s).await;
    let good =
        format!("supplier_id,name.en,name.zh\n{maker},uMR 780,uMR 780 磁共振\n{maker},uDR 770i,\n");
    let report = import_str(s, Kind::Products, Format::Csv, &good, true)
        .await
        .unwrap();
    assert_eq!(
        report,
        ImportReport {
            kind: Kind::Products,
            rows: 2,
            written: false
        }
    );
    assert_eq!(counts(s).await, before);

    let bad = format!("supplier_id,name.en\n{maker},uMR 780\n4242,uDR\n");
    let e = import_str(s, Kind::Products, Format::Csv, &bad, true)
        .await
        .unwrap_err();
    assert_eq!(e.rows().len(), 1);
    assert_eq!(
        (e.rows()[0].line, e.rows()[0].column.as_deref()),
        (3, Some("supplier_id"))
    );
    assert_eq!(counts(s).await, before);

    // The same file for real writes both rows, and reports progress up to the total.
    let last = std::sync::Mutex::new(None);
    let report = import(
        s,
        &actor(),
        Kind::Products,
        Format::Csv,
        good.as_bytes(),
        ImportOptions::default(),
        &|p| *last.lock().unwrap() = Some(p),
    )
    .await
    .unwrap();
    assert!(report.written);
    assert_eq!(counts(s).await.1, before.1 + 2);
    let last = last.lock().unwrap().unwrap();
    assert_eq!((last.done, last.total), (2, Some(2)));
    db.finish().await;
}

#[tokio::test]
async fn export_applies_the_query_filters() {
    let db = TestDb::sqlite().await;
    sample(&db.store).await;
    let mut out = Vec::new();
    let q = ListQuery {
        filters: vec![medbridge_store::Filter::Country("KG".parse().unwrap())],
        ..by_id()
    };
    let n = export(
        &db.store,
        Kind::Organisations,
        Format::Json,
        &q,
        Scope::All,
        &mut out,
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    let orgs: Vec<OrganisationData> = serde_json::from_slice(&out).unwrap();
    assert_eq!(orgs[0].kind, OrgKind::Hospital);
    // Public scope hides the unpublished hospital.
    let n = export(
        &db.store,
        Kind::Organisations,
        Format::Csv,
        &q,
        Scope::Public,
        &mut Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(n, 0);
    db.finish().await;
}
