//! Behaviour of the engine on small hand-made and generated catalogues.

use chrono::NaiveDate;
use medbridge_core::model::{Authority, CooperationType, Registration};
use medbridge_core::{Amount, CountryCode, ErrorCode, Money, OrgId, PriceRange, ProductId, UiLang};
use medbridge_match::{
    Constraint, Engine, EngineConfig, ItemRef, Markets, Need, NeedForm, Offer, Options, Rates,
    ReadFrom, Reason, TaggedText, TypeRead, audit, bench, render_reading,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn country(c: &str) -> CountryCode {
    c.parse().unwrap()
}

fn registration(
    authority: Authority,
    country: Option<&str>,
    until: (i32, u32, u32),
) -> Registration {
    Registration {
        authority,
        country: country.map(|c| c.parse().unwrap()),
        number: "R-1".into(),
        valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
        valid_until: NaiveDate::from_ymd_opt(until.0, until.1, until.2),
    }
}

fn product(id: i64, text: &str, regs: Vec<Registration>) -> Offer {
    Offer {
        texts: vec![TaggedText::new(None, text)],
        registrations: regs,
        supplier: Some(OrgId(id)),
        ..Offer::empty(ItemRef::Product(ProductId(id)))
    }
}

fn engine(offers: Vec<Offer>) -> Engine {
    let engine = Engine::new(EngineConfig::default());
    for offer in offers {
        engine.upsert_offer(offer);
    }
    engine.commit().unwrap();
    engine
}

fn need(text: &str, c: &str) -> Need {
    Need {
        country: Some(country(c)),
        ..Need::text(text, today())
    }
}

fn ids(found: &[medbridge_match::Match]) -> Vec<i64> {
    found
        .iter()
        .map(|m| match m.item {
            ItemRef::Product(p) => p.0,
            ItemRef::Opportunity(o) => -o.0,
            ItemRef::SavedSearch(s) => panic!("no saved searches in these tests: {s}"),
        })
        .collect()
}

#[test]
fn engine_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Engine>();
}

#[test]
fn eaeu_registration_covers_every_member_and_nothing_else() {
    let eaeu = vec![registration(Authority::Eaeu, None, (2027, 5, 1))];
    let e = engine(vec![product(1, "Аппарат ИВЛ реанимационный", eaeu)]);
    for member in ["AM", "BY", "KG", "KZ", "RU"] {
        let found = e
            .match_need(&need("аппарат ИВЛ", member), &Options::default())
            .unwrap();
        assert_eq!(ids(&found), vec![1], "EAEU covers {member}");
        let rendered = found[0].render_reasons(UiLang::En).join("; ");
        assert!(
            rendered.contains("EAEU registration valid until 2027-05-01"),
            "{rendered}"
        );
    }
    for outside in ["UZ", "CN", "DE", "US"] {
        let found = e
            .match_need(&need("аппарат ИВЛ", outside), &Options::default())
            .unwrap();
        assert!(found.is_empty(), "EAEU does not cover {outside}");
    }
    // Expired on the day: no longer legal anywhere.
    let expired = Need {
        today: NaiveDate::from_ymd_opt(2027, 5, 2).unwrap(),
        ..need("аппарат ИВЛ", "KG")
    };
    assert!(
        e.match_need(&expired, &Options::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn markets_load_from_toml() {
    let markets = Markets::from_toml("eaeu = [\"KG\"]\nnmpa = [\"CN\"]").unwrap();
    let r = registration(Authority::Eaeu, None, (2030, 1, 1));
    assert!(markets.covers(&r, country("KG")));
    assert!(!markets.covers(&r, country("KZ")));
    let national = registration(Authority::National, Some("UZ"), (2030, 1, 1));
    assert!(markets.covers(&national, country("UZ")));
    assert!(!markets.covers(&national, country("KG")));
    assert!(Markets::from_toml("eaeu = [\"XX\"]").is_err());
}

#[test]
fn relaxed_mode_names_the_failed_constraint() {
    let e = engine(vec![product(
        1,
        "便携式彩超",
        vec![registration(Authority::Nmpa, None, (2030, 1, 1))],
    )]);
    let n = need("портативный УЗИ аппарат", "KG");
    assert!(e.match_need(&n, &Options::default()).unwrap().is_empty());
    let relaxed = Options {
        relaxed: true,
        ..Options::default()
    };
    let found = e.match_need(&n, &relaxed).unwrap();
    assert_eq!(ids(&found), vec![1]);
    assert_eq!(
        found[0].failed,
        vec![Constraint::Registration {
            country: country("KG")
        }]
    );
    assert_eq!(
        found[0].failed[0].render(UiLang::En),
        "would match if registered in KG"
    );
}

#[test]
fn a_russian_need_finds_a_chinese_only_product_through_the_concept() {
    let nmpa_eaeu = vec![
        registration(Authority::Nmpa, None, (2030, 1, 1)),
        registration(Authority::Eaeu, None, (2030, 1, 1)),
    ];
    let e = engine(vec![
        product(1, "便携式彩超，型号 M7", nmpa_eaeu.clone()),
        product(2, "呼吸机 重症监护", nmpa_eaeu.clone()),
        product(3, "多参数监护仪", nmpa_eaeu),
    ]);
    let found = e
        .match_need(
            &need("Нужен портативный УЗИ аппарат", "KG"),
            &Options::default(),
        )
        .unwrap();
    assert_eq!(ids(&found), vec![1]);
    let reasons = found[0].render_reasons(UiLang::Ru).join("; ");
    assert!(reasons.contains("ЕАЭС"), "{reasons}");
}

#[test]
fn words_refine_a_general_code_but_do_not_replace_it() {
    let us = || vec![registration(Authority::UsFda, None, (2030, 1, 1))];
    let coded = |id: i64, text: &str| Offer {
        codes: vec!["FDA:CBK".parse().unwrap()],
        ..product(id, text, us())
    };
    // CBK is the general ventilator code; only the first offer says it is a transport one,
    // and the third names a transport ventilator but is coded as a CT scanner.
    let e = engine(vec![
        coded(1, "ET-3 emergency transport ventilator"),
        coded(2, "Servo ICU ventilator"),
        Offer {
            codes: vec!["FDA:JAK".parse().unwrap()],
            ..product(
                3,
                "CT scanner, fits a transport ventilator on its table",
                us(),
            )
        },
    ]);
    let found = e
        .match_need(&need("transport ventilator", "US"), &Options::default())
        .unwrap();
    assert_eq!(ids(&found), vec![1, 2]);
    let concept = "respiratory.ventilator.transport".to_string();
    assert_eq!(found[0].reasons[0], Reason::SameDeviceType { concept });
    // The other CBK ventilator may be one too (see the next test), but ranks below.
    assert!(matches!(found[1].reasons[0], Reason::BroaderCode { .. }));
    let found = e
        .match_need(&need("ventilator", "US"), &Options::default())
        .unwrap();
    let mut both = ids(&found);
    both.sort();
    assert_eq!(
        both,
        vec![1, 2],
        "a refined offer is still what its code says"
    );
}

#[test]
fn an_offer_coded_at_the_class_above_the_type_asked_ranks_below_it() {
    let us = || vec![registration(Authority::UsFda, None, (2030, 1, 1))];
    let coded = |id: i64, code: &str, text: &str| Offer {
        codes: vec![code.parse().unwrap()],
        ..product(id, text, us())
    };
    // BTL is the transport-ventilator code, CBK the general ventilator code.
    let e = engine(vec![
        coded(1, "FDA:CBK", "Model 7200 ventilator"),
        coded(2, "FDA:BTL", "Model 50 ventilator"),
        coded(3, "FDA:JAK", "Model 9800 CT"),
    ]);
    let found = e
        .match_need(&need("ventilateur de transport", "US"), &Options::default())
        .unwrap();
    assert_eq!(ids(&found), vec![2, 1]);
    assert_eq!(
        found[1].reasons[0].render(UiLang::En),
        "registered under FDA:CBK, the general code for ventilator: may be a transport ventilator"
    );
    // A need for the general type does not take the specific code for another kind.
    let found = e
        .match_need(&need("CT scanner", "US"), &Options::default())
        .unwrap();
    assert_eq!(ids(&found), vec![3]);
}

#[test]
fn the_thing_named_first_ranks_before_what_it_goes_with() {
    let regs = || vec![registration(Authority::Nmpa, None, (2030, 1, 1))];
    let e = engine(vec![
        product(1, "便携式彩超 M7", regs()),
        product(2, "凸阵探头 C5-2", regs()),
    ]);
    let first = |text: &str| {
        let found = e
            .match_need(&need(text, "CN"), &Options::default())
            .unwrap();
        ids(&found)
    };
    assert_eq!(first("portable ultrasound with convex probes"), vec![1, 2]);
    assert_eq!(
        first("convex probe for our portable ultrasound"),
        vec![2, 1]
    );
    assert_eq!(
        first("Датчик конвексный к портативному УЗИ аппарату"),
        vec![2, 1]
    );
    // Chinese puts the head last, unspaced: a colour Doppler convex probe is a probe,
    // and two device types separated by punctuation are both asked for in order.
    assert_eq!(first("便携式彩超凸阵探头"), vec![2, 1]);
    assert_eq!(first("便携式彩超，凸阵探头"), vec![1, 2]);
}

#[test]
fn a_list_of_device_types_gets_each_in_turn() {
    let regs = || vec![registration(Authority::Nmpa, None, (2030, 1, 1))];
    let e = engine(vec![
        product(1, "无影灯 LED 吊顶式", regs()),
        product(2, "无影灯 LED 移动式", regs()),
        product(3, "无影灯 卤素", regs()),
        product(4, "电动手术台", regs()),
        product(5, "高频电刀", regs()),
    ]);
    let found = e
        .match_need(
            &need("需要：无影灯2套、电动手术台2张、高频电刀1台", "CN"),
            &Options::default(),
        )
        .unwrap();
    let ids = ids(&found);
    // The first three results answer the three items, whatever the lights' scores.
    let mut first: Vec<i64> = ids[..3].to_vec();
    first.sort_unstable();
    assert!(
        first.contains(&4) && first.contains(&5),
        "{ids:?}: each item in the first round"
    );
    assert_eq!(ids.len(), 5);
}

#[test]
fn reasons_render_in_all_four_languages() {
    let e = engine(vec![Offer {
        codes: vec!["FDA:JAK".parse().unwrap()],
        price: Some(PriceRange {
            min: Amount::from_cents(30_000_000).unwrap(),
            max: Amount::from_cents(40_000_000).unwrap(),
            currency: "USD".parse().unwrap(),
        }),
        lead_time_days: Some(60),
        supplier_country: Some(country("KG")),
        ..product(
            1,
            "CT scanner 64 slice, portable workstation",
            vec![registration(Authority::Eaeu, None, (2027, 5, 1))],
        )
    }]);
    let n = Need {
        budget: Some(Money {
            amount: Amount::from_cents(50_000_000).unwrap(),
            currency: "USD".parse().unwrap(),
        }),
        deadline: NaiveDate::from_ymd_opt(2025, 12, 1),
        ..need("CT scanner", "KG")
    };
    let found = e.match_need(&n, &Options::default()).unwrap();
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert!(
        m.reasons
            .iter()
            .any(|r| matches!(r, Reason::SameDeviceType { .. }))
    );
    assert!(
        m.reasons
            .iter()
            .any(|r| matches!(r, Reason::MatchedWord { .. }))
    );
    assert!(
        m.reasons
            .iter()
            .any(|r| matches!(r, Reason::WithinBudget { .. }))
    );
    assert!(
        m.reasons
            .iter()
            .any(|r| matches!(r, Reason::DeliveryInTime { .. }))
    );
    assert!(
        m.reasons
            .iter()
            .any(|r| matches!(r, Reason::PresentInCountry { .. }))
    );
    let expect = [
        (UiLang::En, "same device type: CT scanner"),
        (UiLang::Zh, "同类设备：CT"),
        (UiLang::Ru, "тот же тип изделия: компьютерный томограф"),
        (UiLang::Fr, "même type de dispositif : scanner"),
    ];
    for (ui, first) in expect {
        let rendered = m.render_reasons(ui);
        assert_eq!(rendered[0], first);
        assert_eq!(rendered.len(), m.reasons.len());
        let all = rendered.join("; ");
        // Every reason is rendered in that language, none left empty.
        assert!(rendered.iter().all(|r| !r.is_empty()), "{all}");
    }
    assert!(
        m.render_reasons(UiLang::En)
            .contains(&"matched word: CT".to_string())
            || m.render_reasons(UiLang::En)
                .contains(&"matched word: scanner".to_string())
    );
}

#[test]
fn price_is_compared_after_currency_conversion() {
    let rates = Rates::builtin();
    let offer = |id: i64, cny_cents: i64| Offer {
        price: Some(PriceRange {
            min: Amount::from_cents(cny_cents).unwrap(),
            max: Amount::from_cents(cny_cents).unwrap(),
            currency: "CNY".parse().unwrap(),
        }),
        ..product(
            id,
            "呼吸机",
            vec![registration(Authority::Eaeu, None, (2030, 1, 1))],
        )
    };
    // 10,000 USD at the built-in rate in CNY: just under and just over.
    let usd_in_cny = rates
        .convert(
            Money {
                amount: Amount::from_cents(1_000_000).unwrap(),
                currency: "USD".parse().unwrap(),
            },
            "CNY".parse().unwrap(),
            "budget",
        )
        .unwrap();
    let cheap = (usd_in_cny * 100.0 * 0.99) as i64;
    let dear = (usd_in_cny * 100.0 * 1.01) as i64;
    let e = engine(vec![offer(1, cheap), offer(2, dear)]);
    let n = Need {
        budget: Some(Money {
            amount: Amount::from_cents(1_000_000).unwrap(),
            currency: "USD".parse().unwrap(),
        }),
        ..need("ventilator", "KZ")
    };
    assert_eq!(
        ids(&e.match_need(&n, &Options::default()).unwrap()),
        vec![1]
    );
    let relaxed = e
        .match_need(
            &n,
            &Options {
                relaxed: true,
                ..Options::default()
            },
        )
        .unwrap();
    assert_eq!(ids(&relaxed), vec![1, 2]);
    assert!(matches!(relaxed[1].failed[..], [Constraint::Price { .. }]));
    // Per unit: 2 units for the same budget and neither fits.
    let two = Need {
        quantity: Some(2),
        ..n.clone()
    };
    assert!(e.match_need(&two, &Options::default()).unwrap().is_empty());
    // A rate table without CNY: the budget side is fine, the offers fail on their currency.
    let only_usd =
        Rates::from_toml("base = \"USD\"\ndate = \"2025-01-01\"\n[per_base]\nEUR = 0.9").unwrap();
    assert!(!only_usd.knows("CNY".parse().unwrap()));
    let err = only_usd
        .to_base(
            Amount::from_cents(100).unwrap(),
            "CNY".parse().unwrap(),
            "budget.currency",
        )
        .unwrap_err();
    assert_eq!(err.field, "budget.currency");
    assert_eq!(err.code, ErrorCode::UnknownCurrency);
}

#[test]
fn bad_input_errors_name_the_field() {
    let e = engine(vec![product(1, "CT", vec![])]);
    let fields = |form: NeedForm| -> Vec<(String, ErrorCode)> {
        match form.parse(today()) {
            Ok(n) => match e.match_need(&n, &Options::default()) {
                Ok(_) => vec![],
                Err(errs) => errs.0.into_iter().map(|f| (f.field, f.code)).collect(),
            },
            Err(errs) => errs.0.into_iter().map(|f| (f.field, f.code)).collect(),
        }
    };
    let base = || NeedForm {
        text: "CT scanner".into(),
        ..NeedForm::default()
    };
    assert_eq!(
        fields(NeedForm {
            text: "  ".into(),
            ..NeedForm::default()
        }),
        vec![("text".into(), ErrorCode::Required)]
    );
    assert_eq!(
        fields(NeedForm {
            country: Some("XX".into()),
            ..base()
        }),
        vec![("country".into(), ErrorCode::UnknownCountry)]
    );
    assert_eq!(
        fields(NeedForm {
            budget_amount: Some("100".into()),
            budget_currency: Some("ABC".into()),
            ..base()
        }),
        vec![("budget.currency".into(), ErrorCode::UnknownCurrency)]
    );
    // A real ISO currency that the rate table does not know is caught by the engine.
    assert_eq!(
        fields(NeedForm {
            budget_amount: Some("100".into()),
            budget_currency: Some("BOB".into()),
            ..base()
        }),
        vec![("budget.currency".into(), ErrorCode::UnknownCurrency)]
    );
    assert_eq!(
        fields(NeedForm {
            budget_amount: Some("-5".into()),
            budget_currency: Some("USD".into()),
            ..base()
        }),
        vec![("budget.amount".into(), ErrorCode::Negative)]
    );
    assert_eq!(
        fields(NeedForm {
            codes: vec!["FDA:ZZZ".into()],
            ..base()
        }),
        vec![("codes[0]".into(), ErrorCode::UnknownDeviceCode)]
    );
    assert_eq!(
        fields(NeedForm {
            codes: vec!["FDA:12".into()],
            ..base()
        })[0]
            .0,
        "codes[0]"
    );
    assert_eq!(
        fields(NeedForm {
            deadline: Some("2020-01-01".into()),
            ..base()
        }),
        vec![("deadline".into(), ErrorCode::DateOrder)]
    );
}

#[test]
fn remove_and_upsert_take_effect() {
    let regs = vec![registration(Authority::Eaeu, None, (2030, 1, 1))];
    let e = engine(vec![
        product(1, "呼吸机", regs.clone()),
        product(2, "呼吸机", regs.clone()),
    ]);
    let n = need("ventilator", "KG");
    assert_eq!(
        ids(&e.match_need(&n, &Options::default()).unwrap()).len(),
        2
    );
    e.remove(ItemRef::Product(ProductId(1)));
    assert_eq!(
        ids(&e.match_need(&n, &Options::default()).unwrap()),
        vec![2]
    );
    e.upsert_offer(product(2, "多参数监护仪", regs));
    e.commit().unwrap();
    assert!(e.match_need(&n, &Options::default()).unwrap().is_empty());
    assert_eq!(e.len(), 1);
}

#[test]
fn the_reciprocal_direction_finds_needs() {
    let e = Engine::new(EngineConfig::default());
    let regs = vec![registration(Authority::Eaeu, None, (2030, 1, 1))];
    e.upsert_need(medbridge_match::NeedDoc {
        item: ItemRef::Opportunity(medbridge_core::OpportunityId(7)),
        need: need("Требуется аппарат ИВЛ для реанимации", "KG"),
    });
    e.upsert_need(medbridge_match::NeedDoc {
        item: ItemRef::Opportunity(medbridge_core::OpportunityId(8)),
        need: need("Требуется аппарат ИВЛ для реанимации", "UZ"),
    });
    e.upsert_need(medbridge_match::NeedDoc {
        item: ItemRef::Opportunity(medbridge_core::OpportunityId(9)),
        need: need("монитор пациента", "KG"),
    });
    let offer = Offer {
        service_countries: vec![country("KG")],
        codes: vec!["FDA:CBK".parse().unwrap()],
        ..product(1, "ICU ventilator", regs)
    };
    e.upsert_offer(offer.clone());
    e.commit().unwrap();
    let found = e.match_offer(&offer, &Options::default()).unwrap();
    assert_eq!(ids(&found), vec![-7], "KG is covered by EAEU, UZ is not");
    assert!(found[0].mutual.is_some());
    let by_ref = e
        .match_offer_ref(ItemRef::Product(ProductId(1)), &Options::default())
        .unwrap();
    assert_eq!(ids(&by_ref), vec![-7]);
}

/// Property: over generated catalogues and needs, nothing returned in normal mode breaks
/// a hard constraint according to the independent checker, and every near miss of
/// relaxed mode breaks exactly what it says it breaks.
#[test]
fn constraints_are_never_violated_on_generated_data() {
    let config = EngineConfig::default();
    let e = Engine::new(config.clone());
    // 7,000 offers: the generator spreads its catalogue over every device type, and each
    // taxonomy round thins it (3,000 offers gave 274 results with 682 types; 4,000 gave
    // 306 with the 1,113 of the long-tail round; 6,000 gave 331 with the 1,319 of its
    // second round and 270 with the 1,330 of the infrastructure types, which reshuffled
    // it; 7,000 give 330), under or near the 300 results that show the property was
    // exercised.
    let offers: Vec<Offer> = bench::offers(7, 7_000).collect();
    for o in &offers {
        e.upsert_offer(o.clone());
    }
    e.commit().unwrap();
    let by_id: std::collections::HashMap<ItemRef, &Offer> =
        offers.iter().map(|o| (o.item, o)).collect();
    let (mut returned, mut near) = (0, 0);
    for doc in bench::needs(7, 300) {
        let n = doc.need;
        for m in e.match_need(&n, &Options::default()).unwrap() {
            returned += 1;
            let v = audit::violations(&n, by_id[&m.item], &config.markets, &config.rates);
            assert!(v.is_empty(), "{:?} breaks {v:?} for {:?}", m.item, n.texts);
            assert!(m.failed.is_empty());
        }
        let relaxed = Options {
            relaxed: true,
            limit: 30,
            ..Options::default()
        };
        for m in e.match_need(&n, &relaxed).unwrap() {
            let mut v = audit::violations(&n, by_id[&m.item], &config.markets, &config.rates);
            let mut said: Vec<&str> = m.failed.iter().map(|f| f.name()).collect();
            v.sort();
            said.sort();
            assert_eq!(v, said, "{:?} for {:?}", m.item, n.texts);
            near += usize::from(!m.failed.is_empty());
        }
    }
    assert!(
        returned > 300,
        "the property was exercised ({returned} results, {near} near)"
    );
    assert!(near > 100, "relaxed mode produced near misses ({near})");
}

#[test]
fn cooperation_types_must_fit() {
    let regs = vec![registration(Authority::Eaeu, None, (2030, 1, 1))];
    let e = engine(vec![
        Offer {
            cooperation: vec![CooperationType::TechnologyTransfer],
            ..product(1, "ventilator production line", regs.clone())
        },
        product(2, "ventilator", regs),
    ]);
    let n = Need {
        cooperation: Some(CooperationType::JointRnd),
        ..need("ventilator", "KG")
    };
    assert_eq!(
        ids(&e.match_need(&n, &Options::default()).unwrap()),
        vec![1]
    );
}

#[test]
fn bench_runs_at_small_scale() {
    // 6,000 products: the generator spreads them over every device type (with 2,000 over
    // the 1,113 types of the long-tail round a query found 0.41 results on average, with
    // 4,000 over the 1,319 of its second round 0.5; 6,000 give 0.8).
    let report = bench::run(6_000, 200, 100, 100, 5, &|_| {});
    assert_eq!(report.latency_queries, 100);
    assert_eq!(report.violations, 0);
    assert!(report.mean_results > 0.5, "{}", report.markdown());
    assert!(report.p50_ms > 0.0 && report.p99_ms >= report.p50_ms);
}

#[test]
fn a_need_naming_no_device_type_is_read_as_the_type_its_words_match() {
    let us = || vec![registration(Authority::UsFda, None, (2030, 1, 1))];
    let e = engine(vec![
        product(1, "Acme ZX-9 ventilator", us()),
        product(2, "Acme ZX-9 ICU ventilator, refurbished", us()),
        product(3, "Acme ZX-9 transport ventilator", us()),
        product(4, "Аппарат ИВЛ реанимационный", us()),
        product(5, "Acme ZX-9 mug", us()),
        product(6, "Монитор пациента", us()),
    ]);
    // "Acme ZX-9" names no device type; the offers it matches are ventilators, so the
    // Russian ventilator (no shared word) is found, and the mug and monitor are not.
    let found = e
        .match_need(&need("Acme ZX-9", "US"), &Options::default())
        .unwrap();
    let got = ids(&found);
    assert!(got.contains(&4), "{got:?}");
    assert!(!got.contains(&5) && !got.contains(&6), "{got:?}");
    assert!(
        found.iter().all(|m| m.reasons.iter().any(|r| matches!(
            r,
            Reason::InferredDeviceType { concept } if concept.starts_with("respiratory.ventilator")
        ))),
        "{found:?}"
    );
    // A need that names no type, matches no agreeing offers, and describes a type is read
    // as that type, but only first: offers its words match still follow.
    let e = engine(vec![
        product(1, "Doppler fœtal de poche", us()),
        product(2, "小仪器收纳盒", us()),
    ]);
    let found = e
        .match_need(&need("小仪器用来听宝宝胎心", "US"), &Options::default())
        .unwrap();
    assert_eq!(ids(&found), [1, 2], "{found:?}");
    assert!(found[0].reasons.iter().any(|r| matches!(
        r,
        Reason::DescribedDeviceType { concept } if concept == "obgyn.fetal_doppler"
    )));
    // Words that match no agreeing offers infer nothing: plain text ranking as before.
    let e = engine(vec![
        product(1, "Acme ZX-9 ventilator", us()),
        product(2, "Acme ZX-9 mug", us()),
        product(3, "Acme ZX-9 monitor", us()),
    ]);
    let found = e
        .match_need(&need("Acme ZX-9", "US"), &Options::default())
        .unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn a_type_read_from_a_description_brings_its_offers_past_many_word_matches() {
    // More offers share the need's words than the first candidate round holds (1,000),
    // and none of them is of a known type; the fetal Dopplers share no word with it.
    let us = || vec![registration(Authority::UsFda, None, (2030, 1, 1))];
    let mut offers: Vec<Offer> = (10..1_210)
        .map(|i| product(i, &format!("Baby heartbeat sticker, design {i}"), us()))
        .collect();
    // Offers that share no word, so that the shared words are rare enough to outscore
    // the exact-type bonus of the first round.
    offers.extend((2_000..4_000).map(|i| product(i, &format!("Catalogue page {i}"), us())));
    offers.push(product(1, "Doppler fœtal de poche", us()));
    offers.push(product(2, "胎心多普勒", us()));
    offers.push(product(3, "Фетальный допплер карманный", us()));
    let e = engine(offers);
    let asked = need("device for midwives to hear the baby's heartbeat", "US");
    assert_eq!(
        e.device_types_read(&asked)
            .iter()
            .map(|r| (r.concept, r.from))
            .collect::<Vec<_>>(),
        [("obgyn.fetal_doppler", ReadFrom::Description)]
    );
    let found = e.match_need(&asked, &Options::default()).unwrap();
    let mut first: Vec<i64> = ids(&found).into_iter().take(3).collect();
    first.sort_unstable();
    assert_eq!(first, [1, 2, 3], "{found:?}");
    // A guess, not a constraint: the word matches still follow.
    assert_eq!(found.len(), Options::default().limit, "{found:?}");
}

#[test]
fn the_reading_of_a_need_is_shown_even_when_nothing_matches() {
    // An empty catalogue: nothing matches, yet how each need was read is known.
    let engine = engine(Vec::new());
    let read = |text: &str| -> Vec<(&str, ReadFrom)> {
        engine
            .device_types_read(&need(text, "KZ"))
            .iter()
            .map(|r| (r.concept, r.from))
            .collect()
    };
    assert_eq!(
        read("КТ 64 среза"),
        [("imaging.ct", ReadFrom::Name)],
        "a name"
    );
    assert_eq!(
        read("Lampe pour traiter la jaunisse des nouveau-nés"),
        [("neonatal.phototherapy", ReadFrom::Description)],
        "a description by use"
    );
    let coded = Need {
        codes: vec!["FDA:JAK".parse().unwrap()],
        ..need("", "KZ")
    };
    assert_eq!(
        engine.device_types_read(&coded),
        [TypeRead {
            concept: "imaging.ct",
            from: ReadFrom::Code,
            secondary: false
        }]
    );
    // What the thing goes with is read too, as secondary, and said to rank after.
    let apron = engine.device_types_read(&need("lead apron for the CT room", "KZ"));
    let secondary: Vec<(&str, bool)> = apron.iter().map(|r| (r.concept, r.secondary)).collect();
    assert_eq!(
        secondary,
        [("imaging.xray.protection", false), ("imaging.ct", true)]
    );
    assert_eq!(
        render_reading(&apron, UiLang::En),
        "read as: lead apron (from its name); also named, ranked after: CT scanner (from its \
         name)"
    );
    // A supply for a device is not the device: the UPS is asked, the MRI ranks after.
    let ups = engine.device_types_read(&need("UPS for the MRI", "KZ"));
    let ups: Vec<(&str, bool)> = ups.iter().map(|r| (r.concept, r.secondary)).collect();
    assert_eq!(ups, [("infrastructure.ups", false), ("imaging.mri", true)]);
    assert_eq!(read("xyz widget"), [], "nothing to read");
    assert!(
        engine
            .match_need(&need("КТ 64 среза", "KZ"), &Options::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn words_that_name_no_device_do_not_make_a_match_alone() {
    let us = || vec![registration(Authority::UsFda, None, (2030, 1, 1))];
    let e = engine(vec![
        product(1, "Acme ZX-9, best price, delivery in a week", us()),
        product(
            2,
            "Acme QT-3 medical equipment, цена по запросу, 医疗设备价格优惠",
            us(),
        ),
        product(3, "Acme ZX-9 spare parts kit", us()),
    ]);
    let found = |text: &str| {
        ids(&e
            .match_need(&need(text, "US"), &Options::default())
            .unwrap())
    };
    // Price, delivery, quality and "medical equipment" say nothing about what is wanted;
    // nor does a comma (jieba makes it a token of the Chinese text).
    assert_eq!(found("good price, fast delivery"), Vec::<i64>::new());
    assert_eq!(
        found("хорошая цена, медицинское оборудование"),
        Vec::<i64>::new()
    );
    assert_eq!(found("医疗设备 价格 优惠"), Vec::<i64>::new());
    // A word that does name something matches, and the generic ones then rank: the ZX-9
    // with the good price comes before the ZX-9 kit.
    assert_eq!(found("ZX-9, good price"), [1, 3]);
    assert_eq!(found("ZX-9 spare kit, good price")[0], 3);
}
