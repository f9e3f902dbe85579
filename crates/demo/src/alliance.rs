//! The real alliance as a demonstration: the Belt and Road Medical Device Innovation and
//! Application Alliance, its members and partners, the events where they met and the
//! agreements they signed in Bishkek on 19 October 2023.
//!
//! Names, places and dates of the organisations and events are the real ones. Everything a
//! visitor could mistake for an official record is visibly marked as demonstration data:
//! registration numbers read `DEMO-...`, prices, needs and offers are illustrative, and
//! dates nobody published (the Belarus exhibition, membership dates) are left out or
//! labelled as planned. Affiliated clinics and the African hospitals are named generically.

use crate::DemoError;
use crate::vocabulary;
use medbridge_core::model::*;
use medbridge_core::*;
use medbridge_store::{Actor, Store};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The setting that marks a database as holding the demo.
const DEMO_SETTING: &str = "demo";

/// A demo sign-in for the server to give a password hash (hashing lives in the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub person: PersonId,
    pub email: Email,
    pub role: Role,
    pub organisation: OrgId,
    /// Suggested password, to be shown on the demo's sign-in page.
    pub password: &'static str,
}

/// What [`seed`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemoSummary {
    /// True when the database already held the demo and nothing was written.
    pub already_present: bool,
    pub organisations: usize,
    pub events: usize,
    pub agreements: usize,
    pub products: usize,
    pub opportunities: usize,
    pub accounts: Vec<DemoAccount>,
}

/// Builds an entity from JSON written like the API body; the demo data is fixed, and the
/// tests create all of it, so a mistake here fails the tests rather than a user.
fn data<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("demo data is invalid: {e}"))
}

/// Writes the demo (organisations, events, agreements, products, needs, offers, people) unless
/// the database already has it.
///
/// The demo flag is set last, so an interrupted seed can be told apart from a finished one;
/// writes go through the store's normal checks and audit log under `actor`.
pub async fn seed(store: &Store, actor: &Actor) -> Result<DemoSummary, DemoError> {
    if store.setting(DEMO_SETTING).await?.as_deref() == Some("true") {
        return Ok(DemoSummary {
            already_present: true,
            ..DemoSummary::default()
        });
    }
    let o = organisations(store, actor).await?;
    let events = events(store, actor, &o).await?;
    let agreements = agreements(store, actor, &o, events.ispc).await?;
    let products = products(&o);
    let opportunities = opportunities(&o, chrono::Utc::now().date_naive());
    let summary = DemoSummary {
        already_present: false,
        organisations: o.count,
        events: events.count,
        agreements,
        products: products.len(),
        opportunities: opportunities.len(),
        accounts: accounts(store, actor, &o).await?,
    };
    matchmaking(store, actor, events.matchmaking, &summary.accounts).await?;
    store.create_many(actor, products, &|_| {}).await?;
    store.create_many(actor, opportunities, &|_| {}).await?;
    store.set_setting(DEMO_SETTING, "true").await?;
    Ok(summary)
}

// ---------------------------------------------------------------- organisations

/// The ids of the demo organisations, by role in the story.
struct Orgs {
    count: usize,
    brmdia: OrgId,
    usst: OrgId,
    sjtu_med: OrgId,
    united_imaging: OrgId,
    cr_pharma: OrgId,
    microport: OrgId,
    sbipc: OrgId,
    hmec: OrgId,
    came: OrgId,
    ihsm: OrgId,
    ihsm_clinic: OrgId,
    ihsm_hospital: OrgId,
    knu: OrgId,
    caspian: OrgId,
    caspian_clinic: OrgId,
    bukhara: OrgId,
    moh_kg: OrgId,
    mes_kg: OrgId,
    moh_by: OrgId,
    addis_hospital: OrgId,
    dakar_hospital: OrgId,
}

fn org(name: Value, kind: &str, country: &str, city: &str, extra: Value) -> OrganisationData {
    let mut v = json!({"name": name, "kind": kind, "country": country, "city": city, "demo": true});
    if let (Some(obj), Value::Object(extra)) = (v.as_object_mut(), extra) {
        obj.extend(extra);
    }
    data(v)
}

async fn organisations(store: &Store, actor: &Actor) -> Result<Orgs, DemoError> {
    let brmdia = store
        .create(
            actor,
            org(
                json!({
                    "zh": "一带一路医疗器械创新与应用联盟",
                    "en": "Belt and Road Medical Device Innovation and Application Alliance",
                    "ru": "Альянс инноваций и применения медицинских изделий «Один пояс, один путь»",
                    "fr": "Alliance pour l'innovation et l'application des dispositifs médicaux « la Ceinture et la Route »"
                }),
                "association",
                "CN",
                "Shanghai",
                json!({"languages": ["zh", "en", "ru"], "description": {
                    "en": "Alliance of Chinese manufacturers, universities and hospitals cooperating on medical devices with partners in Central Asia, Belarus and Africa (BRMDIA).",
                    "zh": "由中国医疗器械企业、高校和医院组成的联盟，与中亚、白俄罗斯和非洲伙伴开展医疗器械合作。"
                }}),
            ),
        )
        .await?
        .id;
    // Active members; the date each joined is not public, so `since` stays empty.
    let member = || json!([{"alliance_id": brmdia, "status": "active"}]);
    let rows = vec![
        org(
            json!({"zh": "上海理工大学", "en": "University of Shanghai for Science and Technology", "ru": "Шанхайский университет науки и технологий", "fr": "Université des sciences et technologies de Shanghai"}),
            "university",
            "CN",
            "Shanghai",
            json!({"website": "https://www.usst.edu.cn", "memberships": member()}),
        ),
        org(
            json!({"zh": "上海交通大学医学院", "en": "Shanghai Jiao Tong University School of Medicine", "ru": "Медицинская школа Шанхайского университета Цзяо Тун", "fr": "École de médecine de l'Université Jiao Tong de Shanghai"}),
            "university",
            "CN",
            "Shanghai",
            json!({"website": "https://www.shsmu.edu.cn", "memberships": member()}),
        ),
        org(
            json!({"zh": "联影医疗", "en": "United Imaging Healthcare", "ru": "United Imaging Healthcare (Юнайтед Имиджинг)", "fr": "United Imaging Healthcare"}),
            "manufacturer",
            "CN",
            "Shanghai",
            json!({"website": "https://www.united-imaging.com", "languages": ["zh", "en"], "memberships": member()}),
        ),
        org(
            json!({"zh": "华润医药集团", "en": "China Resources Pharmaceutical Group", "ru": "Фармацевтическая группа China Resources", "fr": "China Resources Pharmaceutical Group"}),
            "distributor",
            "CN",
            "Beijing",
            json!({"memberships": member()}),
        ),
        org(
            json!({"zh": "微创医疗", "en": "MicroPort Scientific Corporation", "ru": "MicroPort (МикроПорт)", "fr": "MicroPort Scientific Corporation"}),
            "manufacturer",
            "CN",
            "Shanghai",
            json!({"website": "https://www.microport.com", "languages": ["zh", "en"], "memberships": member()}),
        ),
        org(
            json!({"zh": "上海市生物医药产业促进中心", "en": "Shanghai Biomedical Industry Promotion Center", "ru": "Шанхайский центр содействия биомедицинской промышленности"}),
            "government_body",
            "CN",
            "Shanghai",
            json!({"memberships": member()}),
        ),
        org(
            json!({"zh": "上海高端医疗装备创新中心", "en": "Shanghai High End Medical Equipment Innovation Center", "ru": "Шанхайский инновационный центр высокотехнологичного медицинского оборудования"}),
            "research_institute",
            "CN",
            "Shanghai",
            json!({"memberships": member()}),
        ),
        org(
            json!({"zh": "中国医学装备协会", "en": "China Association of Medical Equipment", "ru": "Китайская ассоциация медицинского оборудования", "fr": "Association chinoise des équipements médicaux"}),
            "association",
            "CN",
            "Beijing",
            json!({}),
        ),
        org(
            json!({"en": "International Higher School of Medicine (IHSM)", "ru": "Международная высшая школа медицины (МВШМ)", "ky": "Эл аралык жогорку медицина мектеби", "zh": "吉尔吉斯国际医学院", "fr": "École supérieure internationale de médecine (IHSM)"}),
            "university",
            "KG",
            "Bishkek",
            json!({"languages": ["ru", "ky", "en"]}),
        ),
        org(
            json!({"en": "IHSM University Clinic", "ru": "Университетская клиника МВШМ", "zh": "吉尔吉斯国际医学院附属大学诊所"}),
            "hospital",
            "KG",
            "Bishkek",
            json!({"description": {"en": "Teaching clinic affiliated with IHSM (demo profile)."}}),
        ),
        org(
            json!({"en": "IHSM Affiliated Teaching Hospital", "ru": "Клиническая база МВШМ", "zh": "吉尔吉斯国际医学院附属教学医院"}),
            "hospital",
            "KG",
            "Bishkek",
            json!({"description": {"en": "Teaching hospital affiliated with IHSM (demo profile)."}}),
        ),
        org(
            json!({"en": "Kyrgyz National University named after Jusup Balasagyn", "ru": "Кыргызский национальный университет имени Жусупа Баласагына", "ky": "Жусуп Баласагын атындагы Кыргыз улуттук университети", "zh": "吉尔吉斯国立大学", "fr": "Université nationale kirghize Jusup Balasagyn"}),
            "university",
            "KG",
            "Bishkek",
            json!({"languages": ["ky", "ru"]}),
        ),
        org(
            json!({"en": "Caspian International Medical College", "ru": "Каспийский международный медицинский колледж", "kk": "Каспий халықаралық медициналық колледжі", "zh": "里海国际医学院"}),
            "university",
            "KZ",
            "Almaty",
            json!({"languages": ["kk", "ru", "en"]}),
        ),
        org(
            json!({"en": "Caspian International Medical College Hospital", "ru": "Клиника Каспийского международного медицинского колледжа", "zh": "里海国际医学院附属医院"}),
            "hospital",
            "KZ",
            "Almaty",
            json!({"description": {"en": "Hospital of the Caspian International Medical College (demo profile)."}}),
        ),
        org(
            json!({"en": "Bukhara National Medical College", "ru": "Бухарский национальный медицинский колледж", "uz": "Buxoro milliy tibbiyot kolleji", "zh": "布哈拉国立医学院"}),
            "university",
            "UZ",
            "Bukhara",
            json!({"languages": ["uz", "ru"]}),
        ),
        org(
            json!({"en": "Ministry of Health of the Kyrgyz Republic", "ru": "Министерство здравоохранения Кыргызской Республики", "ky": "Кыргыз Республикасынын Саламаттык сактоо министрлиги", "zh": "吉尔吉斯共和国卫生部", "fr": "Ministère de la Santé de la République kirghize"}),
            "government_body",
            "KG",
            "Bishkek",
            json!({"languages": ["ky", "ru"]}),
        ),
        org(
            json!({"en": "Ministry of Education and Science of the Kyrgyz Republic", "ru": "Министерство образования и науки Кыргызской Республики", "ky": "Кыргыз Республикасынын Билим берүү жана илим министрлиги", "zh": "吉尔吉斯共和国教育与科学部", "fr": "Ministère de l'Éducation et des Sciences de la République kirghize"}),
            "government_body",
            "KG",
            "Bishkek",
            json!({"languages": ["ky", "ru"]}),
        ),
        org(
            json!({"en": "Ministry of Health of the Republic of Belarus", "ru": "Министерство здравоохранения Республики Беларусь", "be": "Міністэрства аховы здароўя Рэспублікі Беларусь", "zh": "白俄罗斯共和国卫生部", "fr": "Ministère de la Santé de la République du Bélarus"}),
            "government_body",
            "BY",
            "Minsk",
            json!({"languages": ["ru", "be"]}),
        ),
        org(
            json!({"en": "Addis Ababa Teaching Hospital", "fr": "Hôpital universitaire d'Addis-Abeba", "zh": "亚的斯亚贝巴教学医院"}),
            "hospital",
            "ET",
            "Addis Ababa",
            json!({"description": {"en": "Illustrative hospital profile for the China-Africa smart healthcare demo."}}),
        ),
        org(
            json!({"fr": "Centre hospitalier régional de Dakar", "en": "Dakar Regional Hospital Centre", "zh": "达喀尔地区医院中心"}),
            "hospital",
            "SN",
            "Dakar",
            json!({"languages": ["fr"], "description": {"fr": "Profil d'hôpital illustratif pour la démonstration Chine-Afrique."}}),
        ),
    ];
    let count = rows.len() + 1;
    let ids = store.create_many(actor, rows, &|_| {}).await?;
    let [
        usst,
        sjtu_med,
        united_imaging,
        cr_pharma,
        microport,
        sbipc,
        hmec,
        came,
        ihsm,
        ihsm_clinic,
        ihsm_hospital,
        knu,
        caspian,
        caspian_clinic,
        bukhara,
        moh_kg,
        mes_kg,
        moh_by,
        addis_hospital,
        dakar_hospital,
    ]: [OrgId; 20] = ids.try_into().expect("create_many returns one id per row");
    Ok(Orgs {
        count,
        brmdia,
        usst,
        sjtu_med,
        united_imaging,
        cr_pharma,
        microport,
        sbipc,
        hmec,
        came,
        ihsm,
        ihsm_clinic,
        ihsm_hospital,
        knu,
        caspian,
        caspian_clinic,
        bukhara,
        moh_kg,
        mes_kg,
        moh_by,
        addis_hospital,
        dakar_hospital,
    })
}

// ---------------------------------------------------------------- events and agreements

struct Events {
    count: usize,
    ispc: EventId,
    matchmaking: EventId,
}

async fn events(store: &Store, actor: &Actor, o: &Orgs) -> Result<Events, DemoError> {
    let event = |v: Value| -> EventData {
        let mut v = v;
        v["demo"] = json!(true);
        data(v)
    };
    let week = store
        .create(
            actor,
            event(json!({
                "name": {"zh": "2023上海国际生物医药产业周", "en": "2023 Shanghai International Biomedical Industry Week", "ru": "Шанхайская международная неделя биомедицинской индустрии 2023", "fr": "Semaine internationale de l'industrie biomédicale de Shanghai 2023"},
                "kind": "conference", "starts_on": "2023-10-16", "ends_on": "2023-10-22", "country": "CN", "city": "Shanghai", "utc_offset_minutes": 480,
                "description": {"en": "Umbrella programme of events in Shanghai and abroad (dates approximate in this demo).", "zh": "在上海及海外举办的系列活动（演示数据，日期为近似值）。"},
                "organisers": [{"organisation_id": o.sbipc, "role": "organiser"}]
            })),
        )
        .await?
        .id;
    let ispc = store
        .create(
            actor,
            event(json!({
                "name": {
                    "en": "2023 International Science and Practice Conference (ISPC): Central Asia & China High End Biomedical Exhibition",
                    "ru": "Международная научно-практическая конференция 2023 (ISPC): выставка высокотехнологичной биомедицины Центральной Азии и Китая",
                    "zh": "2023国际科学与实践会议暨中亚与中国高端生物医药展",
                    "ky": "Эл аралык илимий-практикалык конференция 2023 (ISPC)"
                },
                "kind": "conference", "parent_id": week, "starts_on": "2023-10-19", "ends_on": "2023-10-19", "country": "KG", "city": "Bishkek", "utc_offset_minutes": 360,
                "description": {"en": "Part of the 2023 Shanghai International Biomedical Industry Week. Agreements on joint training, clinical cooperation and device innovation were signed here."},
                "organisers": [
                    {"organisation_id": o.moh_kg, "role": "host"},
                    {"organisation_id": o.mes_kg, "role": "host"},
                    {"organisation_id": o.ihsm, "role": "co_host"},
                    {"organisation_id": o.brmdia, "role": "co_host"}
                ]
            })),
        )
        .await?
        .id;
    let conference = store
        .create(
            actor,
            event(json!({
                "name": {"zh": "2025中国医学装备国际合作大会", "en": "2025 China Medical Equipment International Cooperation Conference", "ru": "Международная конференция по сотрудничеству в области медицинского оборудования Китая 2025", "fr": "Conférence internationale de coopération sur les équipements médicaux chinois 2025"},
                "kind": "conference", "starts_on": "2025-07-11", "ends_on": "2025-07-12", "country": "CN", "city": "Shanghai", "utc_offset_minutes": 480,
                "description": {"zh": "主题：医装联动全球 合作共创未来", "en": "Theme: medical equipment connecting the world, cooperating to create the future", "ru": "Тема: медицинское оборудование объединяет мир, сотрудничество создаёт будущее"},
                "organisers": [{"organisation_id": o.came, "role": "organiser"}]
            })),
        )
        .await?
        .id;
    let sub_forums = vec![
        event(json!({
            "name": {"zh": "产业链国际合作对接会", "en": "Industry-chain international cooperation matchmaking", "ru": "Деловые встречи по международному сотрудничеству в производственной цепочке", "fr": "Rencontres de coopération internationale de la chaîne industrielle"},
            "kind": "matchmaking_session", "parent_id": conference, "starts_on": "2025-07-11", "ends_on": "2025-07-12", "country": "CN", "city": "Shanghai",
            "organisers": [{"organisation_id": o.came, "role": "organiser"}, {"organisation_id": o.brmdia, "role": "supporter"}],
            "utc_offset_minutes": 480,
            // Twelve 20-minute slots from 14:00 Shanghai time at ten tables (demo set-up).
            "matchmaking": {
                "slots": (0..12).map(|i| json!({"starts_at": format!("2025-07-11T{:02}:{:02}:00Z", 6 + i * 20 / 60, i * 20 % 60), "minutes": 20})).collect::<Vec<_>>(),
                "tables": 10, "rule": "participant", "fairness": 2
            }
        })),
        event(json!({
            "name": {"zh": "中非智慧医疗国际论坛", "en": "China-Africa Smart Healthcare International Forum", "fr": "Forum international Chine-Afrique sur la santé intelligente", "ru": "Международный форум Китай-Африка по умному здравоохранению"},
            "kind": "sub_forum", "parent_id": conference, "starts_on": "2025-07-11", "ends_on": "2025-07-12", "country": "CN", "city": "Shanghai", "utc_offset_minutes": 480,
            "organisers": [{"organisation_id": o.came, "role": "organiser"}]
        })),
        event(json!({
            "name": {"zh": "第二届中国医疗设备（白俄罗斯）展览会", "en": "Second China Medical Equipment (Belarus) Exhibition", "ru": "Вторая выставка медицинского оборудования Китая (Беларусь)", "be": "Другая выстаўка медыцынскага абсталявання Кітая (Беларусь)"},
            "kind": "exhibition", "starts_on": "2026-06-01", "ends_on": "2026-06-03", "country": "BY", "city": "Minsk", "utc_offset_minutes": 180,
            "description": {"en": "Planned; dates to be confirmed (placeholder dates in this demo).", "ru": "Планируется; даты уточняются (в демо условные даты)."},
            "organisers": [{"organisation_id": o.came, "role": "organiser"}, {"organisation_id": o.moh_by, "role": "supporter"}]
        })),
    ];
    let count = 3 + sub_forums.len();
    let ids = store.create_many(actor, sub_forums, &|_| {}).await?;
    Ok(Events {
        count,
        ispc,
        matchmaking: ids[0],
    })
}

/// The three agreements signed at ISPC; returns how many.
async fn agreements(
    store: &Store,
    actor: &Actor,
    o: &Orgs,
    ispc: EventId,
) -> Result<usize, DemoError> {
    let signed_at_ispc = |title: Value, kind: &str, parties: Value| -> AgreementData {
        data(json!({
            "title": title, "kind": kind, "parties": parties, "signed_on": "2023-10-19", "place": "Bishkek",
            "event_id": ispc, "status": "signed", "demo": true
        }))
    };
    let rows = vec![
        signed_at_ispc(
            json!({"zh": "国际学生联合培养协议", "en": "Joint training of international students", "ru": "Соглашение о совместной подготовке иностранных студентов"}),
            "joint_training",
            json!([
                {"organisation_id": o.usst, "role": "host university"},
                {"organisation_id": o.sjtu_med, "role": "host medical school"},
                {"organisation_id": o.ihsm, "role": "partner university"},
                {"organisation_id": o.knu, "role": "partner university"}
            ]),
        ),
        signed_at_ispc(
            json!({"zh": "临床医学合作协议", "en": "Clinical medical cooperation", "ru": "Соглашение о клиническом медицинском сотрудничестве"}),
            "clinical_cooperation",
            json!([
                {"organisation_id": o.sjtu_med, "role": "clinical partner"},
                {"organisation_id": o.ihsm, "role": "clinical partner"},
                {"organisation_id": o.ihsm_clinic, "role": "clinical site"},
                {"organisation_id": o.ihsm_hospital, "role": "clinical site"}
            ]),
        ),
        signed_at_ispc(
            json!({"zh": "医疗器械创新合作协议", "en": "Medical device innovation cooperation", "ru": "Соглашение о сотрудничестве в области инноваций медицинских изделий"}),
            "device_innovation",
            json!([
                {"organisation_id": o.brmdia, "role": "alliance"},
                {"organisation_id": o.usst, "role": "research partner"},
                {"organisation_id": o.united_imaging, "role": "manufacturer"},
                {"organisation_id": o.ihsm, "role": "clinical evaluation partner"}
            ]),
        ),
    ];
    let n = rows.len();
    store.create_many(actor, rows, &|_| {}).await?;
    Ok(n)
}

// ---------------------------------------------------------------- products, needs and offers

/// Registrations with obviously fictitious numbers: `DEMO-NMPA-0001`, `DEMO-CE-0002`, ...
fn registrations(authorities: &[Authority], serial: &mut u32) -> Value {
    let regs: Vec<Value> = authorities
        .iter()
        .map(|a| {
            *serial += 1;
            let label = match a {
                Authority::Nmpa => "NMPA",
                Authority::EuMdr => "CE",
                Authority::UsFda => "FDA",
                Authority::Eaeu => "EAEU",
                Authority::National => "NAT",
            };
            json!({"authority": a, "number": format!("DEMO-{label}-{serial:04}"), "valid_from": "2023-01-01", "valid_until": "2028-12-31"})
        })
        .collect();
    Value::Array(regs)
}

fn products(o: &Orgs) -> Vec<ProductData> {
    use Authority::{Eaeu, EuMdr, Nmpa, UsFda};
    use vocabulary::*;
    let central_asia = ["KG", "KZ", "UZ", "TJ", "BY"];
    let mut serial = 0;
    let mut product = |supplier: OrgId,
                       name: Value,
                       device: &DeviceType,
                       auth: &[Authority],
                       price: (u32, u32),
                       lead: u32|
     -> ProductData {
        data(json!({
            "supplier_id": supplier,
            "name": name,
            "description": {
                "en": format!("{} (demo catalogue entry; prices and registrations are illustrative).", device.en),
                "zh": format!("{}（演示数据，价格与注册信息仅供示例）", device.zh),
                "ru": format!("{} (демонстрационные данные; цены и регистрации условные).", device.ru)
            },
            "device_codes": device.codes,
            "risk_class": device.risk,
            "registrations": registrations(auth, &mut serial),
            "price": {"min": price.0, "max": price.1, "currency": "USD"},
            "lead_time_days": lead,
            "service_countries": central_asia,
            "documentation_languages": ["zh", "en", "ru"]
        }))
    };
    let ui = o.united_imaging;
    let mp = o.microport;
    vec![
        product(
            ui,
            json!({"en": "uCT 550 CT scanner", "zh": "uCT 550 CT", "ru": "Компьютерный томограф uCT 550"}),
            &CT,
            &[Nmpa, EuMdr, UsFda, Eaeu],
            (350_000, 520_000),
            90,
        ),
        product(
            ui,
            json!({"en": "uMR 780 3.0T MRI", "zh": "uMR 780 3.0T 磁共振", "ru": "МРТ uMR 780 3,0 Тл"}),
            &MRI,
            &[Nmpa, EuMdr, UsFda],
            (1_400_000, 1_900_000),
            150,
        ),
        product(
            ui,
            json!({"en": "uMI 550 PET/CT", "zh": "uMI 550 PET/CT", "ru": "ПЭТ/КТ uMI 550"}),
            &PET_CT,
            &[Nmpa, EuMdr, UsFda],
            (1_800_000, 2_600_000),
            180,
        ),
        product(
            ui,
            json!({"en": "uDR 780i digital radiography", "zh": "uDR 780i 数字化X射线摄影系统", "ru": "Цифровой рентген uDR 780i"}),
            &DR,
            &[Nmpa, EuMdr, Eaeu],
            (120_000, 200_000),
            60,
        ),
        product(
            ui,
            json!({"en": "United Imaging colour Doppler ultrasound", "zh": "联影彩色多普勒超声", "ru": "УЗИ-сканер United Imaging"}),
            &ULTRASOUND,
            &[Nmpa, EuMdr],
            (40_000, 95_000),
            45,
        ),
        product(
            mp,
            json!({"en": "Firehawk coronary stent", "zh": "Firehawk 火鹰冠脉支架", "ru": "Коронарный стент Firehawk"}),
            &CORONARY_STENT,
            &[Nmpa, EuMdr],
            (600, 1_200),
            30,
        ),
        product(
            mp,
            json!({"en": "MicroPort knee replacement system", "zh": "微创膝关节置换系统", "ru": "Система эндопротезирования коленного сустава MicroPort"}),
            &KNEE,
            &[Nmpa, EuMdr, UsFda],
            (3_000, 7_000),
            45,
        ),
        product(
            mp,
            json!({"en": "Toumai laparoscopic surgical robot", "zh": "图迈腔镜手术机器人", "ru": "Хирургический робот Toumai"}),
            &SURGICAL_ROBOT,
            &[Nmpa, EuMdr],
            (1_200_000, 2_000_000),
            180,
        ),
        product(
            o.hmec,
            json!({"en": "Portable ICU ventilator (prototype for partner trials)", "zh": "便携式ICU呼吸机（合作试用样机）", "ru": "Портативный аппарат ИВЛ (образец для испытаний)"}),
            &VENTILATOR,
            &[Nmpa],
            (18_000, 30_000),
            120,
        ),
    ]
}

/// The demo's needs and offers. Their deadlines are counted from `today`, the day the demo
/// is loaded, so that its needs stay open and matchable whenever it is tried (a need whose
/// deadline has passed is no longer matched).
fn opportunities(o: &Orgs, today: chrono::NaiveDate) -> Vec<OpportunityData> {
    use vocabulary::*;
    let due = |days: u64| (today + chrono::Days::new(days)).to_string();
    let opportunity = |org: OrgId,
                       direction: &str,
                       cooperation: &str,
                       title: Value,
                       description: Value,
                       countries: &[&str],
                       device: Option<&DeviceType>,
                       extra: Value|
     -> OpportunityData {
        let mut v = json!({
            "organisation_id": org, "direction": direction, "cooperation_type": cooperation,
            "title": title, "description": description, "countries": countries,
            "device_codes": device.map_or(&[][..], |d| d.codes), "status": "open"
        });
        if let (Some(obj), Value::Object(extra)) = (v.as_object_mut(), extra) {
            obj.extend(extra);
        }
        data(v)
    };
    vec![
        opportunity(
            o.ihsm_clinic,
            "need",
            "equipment_supply",
            json!({"ru": "Требуется компьютерный томограф (64 среза) для университетской клиники в Бишкеке"}),
            json!({"ru": "Клиника ищет поставщика КТ с монтажом, обучением персонала на русском языке и сервисом в Кыргызстане."}),
            &["KG"],
            Some(&CT),
            json!({"quantity": 1, "budget": {"amount": 450000, "currency": "USD"}, "deadline": due(270)}),
        ),
        opportunity(
            o.bukhara,
            "need",
            "education_training",
            json!({"ru": "Симуляторы и тренажёры для обучения клиническим навыкам", "uz": "Klinik ko'nikmalarni o'rgatish uchun simulyatorlar"}),
            json!({"ru": "Колледжу нужны манекены-симуляторы и программа подготовки преподавателей."}),
            &["UZ"],
            None,
            json!({"quantity": 20, "budget": {"amount": 120000, "currency": "USD"}, "deadline": due(360)}),
        ),
        opportunity(
            o.moh_by,
            "need",
            "equipment_supply",
            json!({"ru": "Аппараты ИВЛ и мониторы пациента для областных больниц", "be": "Апараты ШВЛ для абласных бальніц"}),
            json!({"ru": "Закупка с поставкой, вводом в эксплуатацию и сервисом на территории Республики Беларусь."}),
            &["BY"],
            Some(&VENTILATOR),
            json!({"quantity": 40, "budget": {"amount": 1600000, "currency": "USD"}, "deadline": due(300)}),
        ),
        opportunity(
            o.moh_kg,
            "need",
            "maintenance_service",
            json!({"ru": "Сервисное обслуживание КТ и МРТ в региональных больницах", "ky": "Аймактык ооруканалардагы КТ жана МРТ аппараттарын тейлөө"}),
            json!({"ru": "Долгосрочный сервисный контракт и обучение инженеров."}),
            &["KG"],
            Some(&MRI),
            json!({"deadline": due(200)}),
        ),
        opportunity(
            o.caspian_clinic,
            "need",
            "equipment_supply",
            json!({"ru": "Требуется МРТ 1,5 Тл для клиники колледжа", "kk": "Колледж клиникасына МРТ қажет"}),
            json!({"ru": "Рассматриваем также лизинг и совместное обучение рентгенологов."}),
            &["KZ"],
            Some(&MRI),
            json!({"quantity": 1, "budget": {"amount": 900000, "currency": "USD"}, "deadline": due(450)}),
        ),
        opportunity(
            o.caspian,
            "need",
            "education_training",
            json!({"ru": "Стажировки преподавателей по лучевой диагностике в Китае", "kk": "Оқытушыларға Қытайда тағылымдама", "en": "Radiology teaching staff fellowships in China"}),
            json!({"ru": "Три-шесть месяцев стажировки для пяти преподавателей, обучение на английском или русском языке."}),
            &["KZ"],
            Some(&CT),
            json!({"quantity": 5, "deadline": due(245)}),
        ),
        opportunity(
            o.dakar_hospital,
            "need",
            "equipment_supply",
            json!({"fr": "Besoin d'échographes et de formation des sages-femmes"}),
            json!({"fr": "Trois échographes Doppler couleur avec formation sur site en français et maintenance."}),
            &["SN"],
            Some(&ULTRASOUND),
            json!({"quantity": 3, "budget": {"amount": 150000, "currency": "EUR"}, "deadline": due(330)}),
        ),
        opportunity(
            o.addis_hospital,
            "need",
            "equipment_supply",
            json!({"en": "Digital radiography room with service contract", "fr": "Salle de radiographie numérique avec contrat de maintenance"}),
            json!({"en": "One DR system, installation, radiographer training and five years of maintenance."}),
            &["ET"],
            Some(&DR),
            json!({"quantity": 1, "budget": {"amount": 220000, "currency": "USD"}, "deadline": due(240)}),
        ),
        opportunity(
            o.united_imaging,
            "offer",
            "equipment_supply",
            json!({"zh": "面向中亚的CT/MRI设备供应、安装与培训", "en": "CT and MRI supply, installation and training for Central Asia", "ru": "Поставка, монтаж КТ и МРТ и обучение персонала в Центральной Азии"}),
            json!({"en": "Local engineers, Russian-language training and remote service."}),
            &["KG", "KZ", "UZ", "TJ"],
            Some(&CT),
            json!({}),
        ),
        opportunity(
            o.sjtu_med,
            "offer",
            "education_training",
            json!({"zh": "国际医学生联合培养与临床进修", "en": "Joint training of international medical students and clinical fellowships", "ru": "Совместная подготовка иностранных студентов-медиков и клинические стажировки"}),
            json!({"en": "Semester exchanges and 3-12 month clinical fellowships in Shanghai teaching hospitals."}),
            &["KG", "KZ", "UZ", "BY"],
            None,
            json!({}),
        ),
        opportunity(
            o.cr_pharma,
            "offer",
            "distribution",
            json!({"zh": "寻找非洲医疗器械分销合作伙伴", "en": "Seeking distribution partners for medical devices in Africa", "fr": "Recherche de partenaires de distribution de dispositifs médicaux en Afrique"}),
            json!({"fr": "Distribution, stockage et logistique pour hôpitaux publics et privés."}),
            &["ET", "SN", "NG", "KE", "EG"],
            None,
            json!({}),
        ),
        opportunity(
            o.microport,
            "offer",
            "clinical_cooperation",
            json!({"zh": "冠脉介入技术培训与临床合作", "en": "Coronary intervention training and clinical cooperation", "ru": "Обучение коронарным вмешательствам и клиническое сотрудничество"}),
            json!({"en": "Proctoring, cath-lab training and registry studies with partner hospitals."}),
            &["KZ", "UZ", "KG"],
            Some(&CORONARY_STENT),
            json!({}),
        ),
        opportunity(
            o.hmec,
            "offer",
            "technology_transfer",
            json!({"zh": "高端医疗装备联合研发与技术转移", "en": "Joint R&D and technology transfer for high-end medical equipment", "ru": "Совместные НИОКР и трансфер технологий высокотехнологичного оборудования"}),
            json!({"en": "Co-development of ventilators and imaging components with partner universities."}),
            &["BY", "KZ"],
            Some(&VENTILATOR),
            json!({}),
        ),
    ]
}

// ---------------------------------------------------------------- matchmaking

/// Delegations of the demo accounts' organisations at the matchmaking session, and two
/// meeting requests (one accepted, one awaiting an answer), so the session can be
/// scheduled from its page at once.
async fn matchmaking(
    store: &Store,
    actor: &Actor,
    session: EventId,
    accounts: &[DemoAccount],
) -> Result<(), DemoError> {
    let delegates: Vec<&DemoAccount> = accounts.iter().filter(|a| a.role != Role::Admin).collect();
    for a in &delegates {
        let reg: RegistrationData = data(json!({
            "event_id": session, "organisation_id": a.organisation, "status": "approved",
            "delegates": [{"person_id": a.person, "role": "delegate", "languages": ["en", "zh", "ru"]}]
        }));
        store.create(actor, reg).await?;
    }
    let by_email = |e: &str| delegates.iter().find(|a| a.email.as_str() == e).copied();
    if let (Some(uih), Some(ihsm), Some(microport)) = (
        by_email("uih.editor.demo@example.org"),
        by_email("ihsm.editor.demo@example.org"),
        by_email("microport.member.demo@example.org"),
    ) {
        let request = |from: &DemoAccount,
                       to: &DemoAccount,
                       status: &str,
                       message: &str|
         -> MeetingRequestData {
            data(json!({
                "event_id": session, "from_person": from.person, "from_organisation": from.organisation,
                "to_person": to.person, "to_organisation": to.organisation, "status": status,
                "message": message, "priority": 2
            }))
        };
        store
            .create(
                actor,
                request(
                    ihsm,
                    uih,
                    "accepted",
                    "CT and MRI for the IHSM university clinic in Bishkek",
                ),
            )
            .await?;
        store
            .create(
                actor,
                request(
                    microport,
                    ihsm,
                    "pending",
                    "Cardiac stents: clinical training in Bishkek",
                ),
            )
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- people

async fn accounts(store: &Store, actor: &Actor, o: &Orgs) -> Result<Vec<DemoAccount>, DemoError> {
    let people = [
        (
            "BRMDIA Secretariat (demo)",
            "secretariat.demo@example.org",
            Role::Admin,
            o.brmdia,
            "Secretariat administrator",
            "demo-secretariat-2023",
        ),
        (
            "United Imaging Editor (demo)",
            "uih.editor.demo@example.org",
            Role::Editor,
            o.united_imaging,
            "International business",
            "demo-uih-editor",
        ),
        (
            "IHSM Editor (demo)",
            "ihsm.editor.demo@example.org",
            Role::Editor,
            o.ihsm,
            "International office",
            "demo-ihsm-editor",
        ),
        (
            "MicroPort Member (demo)",
            "microport.member.demo@example.org",
            Role::Member,
            o.microport,
            "Regional sales",
            "demo-microport-member",
        ),
    ];
    let mut accounts = Vec::with_capacity(people.len());
    for (name, email, role, organisation, position, password) in people {
        let person: PersonData = data(json!({
            "name": name, "email": email, "organisation_id": organisation, "role": role,
            "position": position, "languages": ["en", "zh", "ru"]
        }));
        let email = person
            .email
            .clone()
            .expect("demo people have e-mail addresses");
        let id = store.create(actor, person).await?.id;
        accounts.push(DemoAccount {
            person: id,
            email,
            role,
            organisation,
            password,
        });
    }
    Ok(accounts)
}
