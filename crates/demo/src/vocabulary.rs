//! The words demo data is built from: device types with their real nomenclature codes, and
//! places in the alliance's partner countries, each in Chinese, English, Russian and French.
//!
//! FDA product codes are from the FDA product classification database and EMDN codes from
//! the European Medical Device Nomenclature (checked against both files), so matching and
//! code filters behave on demo data as they would on real data.

use medbridge_core::model::RiskClass;

/// A kind of device, named in zh/en/ru/fr.
pub struct DeviceType {
    pub zh: &'static str,
    pub en: &'static str,
    pub ru: &'static str,
    pub fr: &'static str,
    /// `SCHEME:CODE` device codes.
    pub codes: &'static [&'static str],
    pub risk: RiskClass,
    /// Typical price band in US dollars.
    pub price_usd: (u32, u32),
    /// Short model prefix for generated model names.
    pub model: &'static str,
}

macro_rules! devices {
    ($($id:ident: $zh:literal, $en:literal, $ru:literal, $fr:literal, [$($code:literal),*], $risk:ident, $min:literal..$max:literal, $model:literal;)*) => {
        $(pub const $id: DeviceType = DeviceType {
            zh: $zh, en: $en, ru: $ru, fr: $fr, codes: &[$($code),*], risk: RiskClass::$risk,
            price_usd: ($min, $max), model: $model,
        };)*
        /// Every device type, for generators.
        pub const DEVICES: &[DeviceType] = &[$($id),*];
    };
}

devices! {
    CT: "CT扫描仪", "CT scanner", "компьютерный томограф", "scanner CT", ["FDA:JAK", "EMDN:Z110306"], IIb, 250000..900000, "CT";
    MRI: "磁共振成像系统", "MRI system", "магнитно-резонансный томограф", "système d'IRM", ["FDA:LNH", "EMDN:Z110501"], IIa, 600000..2500000, "MR";
    PET_CT: "PET/CT系统", "PET/CT system", "ПЭТ/КТ-система", "système TEP/TDM", ["FDA:KPS", "EMDN:Z11020401"], IIb, 1500000..3500000, "MI";
    DR: "数字X射线摄影系统", "digital radiography system", "цифровой рентгеновский аппарат", "système de radiographie numérique", ["FDA:MQB", "EMDN:Z110311"], IIb, 80000..300000, "DR";
    ULTRASOUND: "彩色多普勒超声诊断仪", "colour Doppler ultrasound system", "ультразвуковой сканер с допплером", "échographe Doppler couleur", ["FDA:IYN", "EMDN:Z110401"], IIa, 20000..150000, "US";
    MAMMOGRAPHY: "数字乳腺X射线摄影系统", "digital mammography system", "цифровой маммограф", "mammographe numérique", ["FDA:IZH", "EMDN:Z11030202"], IIb, 150000..450000, "MG";
    VENTILATOR: "呼吸机", "ICU ventilator", "аппарат ИВЛ", "ventilateur de réanimation", ["FDA:CBK", "EMDN:Z12030105"], IIb, 15000..60000, "VT";
    MONITOR: "多参数病人监护仪", "multi-parameter patient monitor", "монитор пациента", "moniteur patient multiparamétrique", ["FDA:MHX", "EMDN:Z1203020201"], IIb, 3000..20000, "PM";
    INFUSION_PUMP: "输液泵", "infusion pump", "инфузионный насос", "pompe à perfusion", ["FDA:FRN", "EMDN:Z12030301"], IIb, 1500..6000, "IP";
    ANAESTHESIA: "麻醉机", "anaesthesia workstation", "наркозно-дыхательный аппарат", "station d'anesthésie", ["FDA:BSZ", "EMDN:Z12030101"], IIb, 30000..120000, "AW";
    DIALYSIS: "血液透析机", "haemodialysis machine", "аппарат для гемодиализа", "générateur d'hémodialyse", ["EMDN:Z12090201"], IIb, 15000..40000, "HD";
    GASTROSCOPE: "电子胃镜", "video gastroscope", "видеогастроскоп", "vidéogastroscope", ["FDA:FDS", "EMDN:Z12020511"], IIa, 20000..60000, "GE";
    ECG: "心电图机", "electrocardiograph", "электрокардиограф", "électrocardiographe", ["FDA:DPS", "EMDN:Z12050301"], IIa, 2000..12000, "EC";
    INCUBATOR: "婴儿培养箱", "neonatal incubator", "инкубатор для новорождённых", "incubateur néonatal", ["FDA:FMZ", "EMDN:Z12080403"], IIb, 8000..30000, "NI";
    AED: "自动体外除颤器", "automated external defibrillator", "автоматический наружный дефибриллятор", "défibrillateur automatisé externe", ["FDA:MKJ", "EMDN:Z12030501"], III, 1200..3000, "AD";
    CORONARY_STENT: "药物洗脱冠脉支架", "drug-eluting coronary stent", "коронарный стент с лекарственным покрытием", "stent coronaire à élution médicamenteuse", ["FDA:NIQ", "EMDN:P07040201"], III, 300..1500, "CS";
    HIP: "髋关节假体", "hip prosthesis", "эндопротез тазобедренного сустава", "prothèse de hanche", ["FDA:LPH", "EMDN:P0908"], III, 2000..8000, "HP";
    KNEE: "膝关节假体", "knee prosthesis", "эндопротез коленного сустава", "prothèse de genou", ["FDA:JWH", "EMDN:P0909"], III, 2500..9000, "KP";
    SURGICAL_ROBOT: "腔镜手术机器人", "laparoscopic surgical robot", "роботизированная хирургическая система", "robot chirurgical laparoscopique", ["FDA:NAY", "EMDN:Z12020101"], IIb, 1000000..2500000, "SR";
}

/// A city, named in zh/en/ru/fr, in a country (ISO code).
pub struct City {
    pub country: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub ru: &'static str,
    pub fr: &'static str,
}

macro_rules! cities {
    ($($country:literal: $zh:literal, $en:literal, $ru:literal, $fr:literal;)*) => {
        pub const CITIES: &[City] = &[$(City { country: $country, zh: $zh, en: $en, ru: $ru, fr: $fr }),*];
    };
}

cities! {
    "KG": "比什凯克", "Bishkek", "Бишкек", "Bichkek";
    "KG": "奥什", "Osh", "Ош", "Och";
    "KZ": "阿拉木图", "Almaty", "Алматы", "Almaty";
    "KZ": "阿斯塔纳", "Astana", "Астана", "Astana";
    "UZ": "塔什干", "Tashkent", "Ташкент", "Tachkent";
    "UZ": "布哈拉", "Bukhara", "Бухара", "Boukhara";
    "UZ": "撒马尔罕", "Samarkand", "Самарканд", "Samarcande";
    "TJ": "杜尚别", "Dushanbe", "Душанбе", "Douchanbé";
    "BY": "明斯克", "Minsk", "Минск", "Minsk";
    "BY": "戈梅利", "Gomel", "Гомель", "Gomel";
    "RU": "新西伯利亚", "Novosibirsk", "Новосибирск", "Novossibirsk";
    "RU": "喀山", "Kazan", "Казань", "Kazan";
    "CN": "上海", "Shanghai", "Шанхай", "Shanghai";
    "CN": "深圳", "Shenzhen", "Шэньчжэнь", "Shenzhen";
    "CN": "苏州", "Suzhou", "Сучжоу", "Suzhou";
    "CN": "北京", "Beijing", "Пекин", "Pékin";
    "ET": "亚的斯亚贝巴", "Addis Ababa", "Аддис-Абеба", "Addis-Abeba";
    "SN": "达喀尔", "Dakar", "Дакар", "Dakar";
    "SN": "捷斯", "Thiès", "Тиес", "Thiès";
    "NG": "拉各斯", "Lagos", "Лагос", "Lagos";
    "NG": "阿布贾", "Abuja", "Абуджа", "Abuja";
    "KE": "内罗毕", "Nairobi", "Найроби", "Nairobi";
    "EG": "开罗", "Cairo", "Каир", "Le Caire";
}

/// Country weights for generated organisations: the alliance's partners first.
pub const COUNTRY_WEIGHTS: &[(&str, u32)] = &[
    ("CN", 30),
    ("KG", 12),
    ("KZ", 10),
    ("UZ", 10),
    ("TJ", 4),
    ("BY", 8),
    ("RU", 6),
    ("ET", 5),
    ("SN", 4),
    ("NG", 4),
    ("KE", 4),
    ("EG", 3),
];

/// Local currency of a country and roughly how many units buy one US dollar, for budgets in
/// the buyer's own money.
pub fn local_currency(country: &str) -> (&'static str, u64) {
    match country {
        "KG" => ("KGS", 87),
        "KZ" => ("KZT", 500),
        "UZ" => ("UZS", 12_600),
        "TJ" => ("TJS", 11),
        "BY" => ("BYN", 3),
        "RU" => ("RUB", 90),
        "ET" => ("ETB", 120),
        "SN" => ("XOF", 600),
        "NG" => ("NGN", 1_500),
        "KE" => ("KES", 130),
        "EG" => ("EGP", 48),
        _ => ("CNY", 7),
    }
}

/// Short product features, aligned across languages: (zh, en, ru, fr).
pub const FEATURES: &[(&str, &str, &str, &str)] = &[
    (
        "低剂量扫描协议",
        "low-dose protocols",
        "низкодозовые протоколы",
        "protocoles à faible dose",
    ),
    (
        "人工智能辅助工作流",
        "AI-assisted workflow",
        "рабочий процесс с поддержкой ИИ",
        "flux de travail assisté par IA",
    ),
    (
        "远程运维服务",
        "remote service and monitoring",
        "удалённый сервис и мониторинг",
        "maintenance et supervision à distance",
    ),
    (
        "紧凑型设计",
        "compact footprint",
        "компактная конструкция",
        "encombrement réduit",
    ),
    (
        "多语言操作界面",
        "multilingual user interface",
        "многоязычный интерфейс",
        "interface multilingue",
    ),
    (
        "本地工程师培训",
        "training for local engineers",
        "обучение местных инженеров",
        "formation des ingénieurs locaux",
    ),
    (
        "适应不稳定电网",
        "tolerates unstable power supply",
        "устойчивость к перепадам напряжения",
        "tolère une alimentation électrique instable",
    ),
];

/// Brand stems for generated Chinese companies: (zh, Latin, Cyrillic).
pub const BRANDS: &[(&str, &str, &str)] = &[
    ("康达", "Kangda", "Кангда"),
    ("华瑞", "Huarui", "Хуажуй"),
    ("联科", "Lianke", "Ляньке"),
    ("瑞康", "Ruikang", "Жуйкан"),
    ("安泰", "Antai", "Аньтай"),
    ("迈德", "Maide", "Майдэ"),
    ("恒信", "Hengxin", "Хэнсинь"),
    ("博宁", "Boning", "Бонин"),
    ("天合", "Tianhe", "Тяньхэ"),
    ("睿影", "Ruiying", "Жуйин"),
    ("长风", "Changfeng", "Чанфэн"),
    ("明德", "Mingde", "Миндэ"),
];
