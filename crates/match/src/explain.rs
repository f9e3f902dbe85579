//! Why a result matched ([`Reason`]) and which hard constraint a near miss failed
//! ([`Constraint`]), as data first and text second: the API returns the data, the pages
//! and the CLI render it in the reader's language.

use crate::{ReadFrom, TypeRead};
use chrono::NaiveDate;
use medbridge_core::model::{Authority, CooperationType};
use medbridge_core::{CountryCode, DeviceCode, Money, UiLang};
use medbridge_taxonomy::{Lang, Taxonomy};
use serde::Serialize;

/// One reason a result was ranked where it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The offer is the device type the need asks for.
    SameDeviceType { concept: String },
    /// The need names no device type its words were read as; offers its words match best
    /// are mostly of this type, and so is the offer (see `Engine::match_need`).
    InferredDeviceType { concept: String },
    /// The need names no device type; its words are closest to this type's names (a
    /// device described by its use, see `described`), and so is the offer.
    DescribedDeviceType { concept: String },
    /// The offer is a narrower kind of the device type asked for.
    NarrowerDeviceType { concept: String, asked: String },
    /// The offer's code is the most specific code its registry has for the device type
    /// asked for (FDA `CBK` "ventilator" for an ICU ventilator).
    CodeCovers { code: DeviceCode, asked: String },
    /// The offer's code is the registry's general code for `class`, a broader type that
    /// includes the one asked for; devices of the type asked are often registered so
    /// (FDA `CBK` "ventilator" for a transport ventilator).
    BroaderCode {
        code: DeviceCode,
        class: String,
        asked: String,
    },
    /// The need gave a device code the offer carries.
    SameCode { code: DeviceCode },
    /// A word of the need (as the buyer wrote it) also occurs in the offer.
    MatchedWord { word: String },
    /// A registration valid today that allows sale in the buyer's country.
    Registration {
        authority: Authority,
        country: CountryCode,
        valid_until: Option<NaiveDate>,
    },
    /// The unit price is within the unit budget.
    WithinBudget { price: Money, budget: Money },
    /// Delivery fits before the deadline.
    DeliveryInTime {
        lead_time_days: u32,
        deadline: NaiveDate,
    },
    /// The supplier is based in the buyer's country or services it.
    PresentInCountry { country: CountryCode },
    /// The supplier has cooperated in the buyer's country before.
    PastCooperation { country: CountryCode, times: u32 },
    /// The forms of cooperation fit.
    Cooperation { kind: CooperationType },
}

/// A hard constraint a result failed; only relaxed mode returns such results.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "constraint", rename_all = "snake_case")]
pub enum Constraint {
    /// None of the offered forms of cooperation fits the one wanted.
    Cooperation {
        wanted: CooperationType,
        offered: Vec<CooperationType>,
    },
    /// The offer is not the device type asked for (nor a narrower kind of it).
    DeviceType { asked: Vec<String> },
    /// No registration valid on the day allows sale in the buyer's country.
    Registration { country: CountryCode },
    /// The unit price is above the unit budget (both in the budget's currency).
    Price { price: Money, budget: Money },
    /// The offer's price is in a currency the rate table does not know.
    PriceCurrency { price: Money },
    /// Delivery takes longer than the days left before the deadline.
    LeadTime { lead_time_days: u32, days_left: i64 },
}

fn lang(ui: UiLang) -> Lang {
    match ui {
        UiLang::Zh => Lang::Zh,
        UiLang::En => Lang::En,
        UiLang::Ru => Lang::Ru,
        UiLang::Fr => Lang::Fr,
    }
}

/// The name of device type `id` in the viewer's language (the id itself for a type the
/// taxonomy does not hold).
pub fn concept_name(id: &str, ui: UiLang) -> String {
    Taxonomy::builtin()
        .get(id)
        .map_or_else(|| id.to_string(), |c| c.name(lang(ui)).to_string())
}

fn authority_name(authority: Authority, ui: UiLang) -> &'static str {
    match (authority, ui) {
        (Authority::Eaeu, UiLang::Zh) => "欧亚经济联盟",
        (Authority::Eaeu, UiLang::Ru) => "ЕАЭС",
        (Authority::Eaeu, UiLang::Fr) => "UEEA",
        (Authority::Eaeu, UiLang::En) => "EAEU",
        (Authority::EuMdr, UiLang::Zh) => "欧盟 MDR/CE",
        (Authority::EuMdr, UiLang::Ru) => "EU MDR/CE",
        (Authority::EuMdr, _) => "EU MDR/CE",
        (Authority::Nmpa, UiLang::Zh) => "国家药监局 (NMPA)",
        (Authority::Nmpa, _) => "NMPA",
        (Authority::UsFda, UiLang::Zh) => "美国 FDA",
        (Authority::UsFda, _) => "US FDA",
        (Authority::National, UiLang::Zh) => "国家",
        (Authority::National, UiLang::Ru) => "национальная",
        (Authority::National, UiLang::Fr) => "nationale",
        (Authority::National, UiLang::En) => "national",
    }
}

fn cooperation_name(kind: CooperationType, ui: UiLang) -> &'static str {
    use CooperationType::*;
    match (kind, ui) {
        (EquipmentSupply, UiLang::Zh) => "设备供应",
        (EquipmentSupply, UiLang::Ru) => "поставка оборудования",
        (EquipmentSupply, UiLang::Fr) => "fourniture d'équipement",
        (EquipmentSupply, UiLang::En) => "equipment supply",
        (Distribution, UiLang::Zh) => "经销代理",
        (Distribution, UiLang::Ru) => "дистрибуция",
        (Distribution, UiLang::Fr) => "distribution",
        (Distribution, UiLang::En) => "distribution",
        (TechnologyTransfer, UiLang::Zh) => "技术转让",
        (TechnologyTransfer, UiLang::Ru) => "передача технологий",
        (TechnologyTransfer, UiLang::Fr) => "transfert de technologie",
        (TechnologyTransfer, UiLang::En) => "technology transfer",
        (JointRnd, UiLang::Zh) => "联合研发",
        (JointRnd, UiLang::Ru) => "совместные НИОКР",
        (JointRnd, UiLang::Fr) => "R&D conjointe",
        (JointRnd, UiLang::En) => "joint R&D",
        (ClinicalCooperation, UiLang::Zh) => "临床合作",
        (ClinicalCooperation, UiLang::Ru) => "клиническое сотрудничество",
        (ClinicalCooperation, UiLang::Fr) => "coopération clinique",
        (ClinicalCooperation, UiLang::En) => "clinical cooperation",
        (EducationTraining, UiLang::Zh) => "教育培训",
        (EducationTraining, UiLang::Ru) => "обучение",
        (EducationTraining, UiLang::Fr) => "formation",
        (EducationTraining, UiLang::En) => "education and training",
        (MaintenanceService, UiLang::Zh) => "维修服务",
        (MaintenanceService, UiLang::Ru) => "сервисное обслуживание",
        (MaintenanceService, UiLang::Fr) => "maintenance",
        (MaintenanceService, UiLang::En) => "maintenance and service",
        (Investment, UiLang::Zh) => "投资",
        (Investment, UiLang::Ru) => "инвестиции",
        (Investment, UiLang::Fr) => "investissement",
        (Investment, UiLang::En) => "investment",
    }
}

fn money(m: &Money) -> String {
    format!("{} {}", m.amount, m.currency)
}

impl Reason {
    /// The reason as a sentence fragment in `ui`.
    pub fn render(&self, ui: UiLang) -> String {
        match self {
            Reason::SameDeviceType { concept } => {
                let name = concept_name(concept, ui);
                match ui {
                    UiLang::Zh => format!("同类设备：{name}"),
                    UiLang::En => format!("same device type: {name}"),
                    UiLang::Ru => format!("тот же тип изделия: {name}"),
                    UiLang::Fr => format!("même type de dispositif : {name}"),
                }
            }
            Reason::InferredDeviceType { concept } => {
                let name = concept_name(concept, ui);
                match ui {
                    UiLang::Zh => format!("按相似产品推断的设备类型：{name}"),
                    UiLang::En => format!("device type read from similar offers: {name}"),
                    UiLang::Ru => format!("тип изделия определён по похожим предложениям: {name}"),
                    UiLang::Fr => format!("type de dispositif déduit d'offres semblables : {name}"),
                }
            }
            Reason::DescribedDeviceType { concept } => {
                let name = concept_name(concept, ui);
                match ui {
                    UiLang::Zh => format!("按需求的描述判断的设备类型：{name}"),
                    UiLang::En => format!("device type read from the need's description: {name}"),
                    UiLang::Ru => format!("тип изделия определён по описанию в заявке: {name}"),
                    UiLang::Fr => format!("type de dispositif déduit de la description : {name}"),
                }
            }
            Reason::NarrowerDeviceType { concept, asked } => {
                let (name, asked) = (concept_name(concept, ui), concept_name(asked, ui));
                match ui {
                    UiLang::Zh => format!("{asked}的一种：{name}"),
                    UiLang::En => format!("a kind of {asked}: {name}"),
                    UiLang::Ru => format!("разновидность ({asked}): {name}"),
                    UiLang::Fr => format!("une sorte de {asked} : {name}"),
                }
            }
            Reason::CodeCovers { code, asked } => {
                let asked = concept_name(asked, ui);
                match ui {
                    UiLang::Zh => format!("编码{code}涵盖：{asked}"),
                    UiLang::En => format!("code {code} covers: {asked}"),
                    UiLang::Ru => format!("код {code} охватывает: {asked}"),
                    UiLang::Fr => format!("le code {code} couvre : {asked}"),
                }
            }
            Reason::BroaderCode { code, class, asked } => {
                let (class, asked) = (concept_name(class, ui), concept_name(asked, ui));
                match ui {
                    UiLang::Zh => format!("注册编码{code}（{class}的通用编码），可能是：{asked}"),
                    UiLang::En => format!(
                        "registered under {code}, the general code for {class}: may be a {asked}"
                    ),
                    UiLang::Ru => format!(
                        "зарегистрирован под общим кодом {code} ({class}): возможно, {asked}"
                    ),
                    UiLang::Fr => format!(
                        "enregistré sous le code général {code} ({class}) : peut-être {asked}"
                    ),
                }
            }
            Reason::SameCode { code } => match ui {
                UiLang::Zh => format!("器械编码相同：{code}"),
                UiLang::En => format!("same device code: {code}"),
                UiLang::Ru => format!("тот же код изделия: {code}"),
                UiLang::Fr => format!("même code de dispositif : {code}"),
            },
            Reason::MatchedWord { word } => match ui {
                UiLang::Zh => format!("匹配词：{word}"),
                UiLang::En => format!("matched word: {word}"),
                UiLang::Ru => format!("совпавшее слово: {word}"),
                UiLang::Fr => format!("mot correspondant : {word}"),
            },
            Reason::Registration {
                authority,
                country,
                valid_until,
            } => {
                let who = authority_name(*authority, ui);
                match (ui, valid_until) {
                    (UiLang::Zh, Some(d)) => format!("{who}注册证有效期至{d}（{country}）"),
                    (UiLang::Zh, None) => format!("{who}注册证在{country}有效"),
                    (UiLang::En, Some(d)) => {
                        format!("{who} registration valid until {d} ({country})")
                    }
                    (UiLang::En, None) => format!("{who} registration valid in {country}"),
                    (UiLang::Ru, Some(d)) => {
                        format!("регистрация {who} действует до {d} ({country})")
                    }
                    (UiLang::Ru, None) => format!("регистрация {who} действует в {country}"),
                    (UiLang::Fr, Some(d)) => {
                        format!("enregistrement {who} valable jusqu'au {d} ({country})")
                    }
                    (UiLang::Fr, None) => format!("enregistrement {who} valable en {country}"),
                }
            }
            Reason::WithinBudget { price, budget } => {
                let (p, b) = (money(price), money(budget));
                match ui {
                    UiLang::Zh => format!("价格 {p} 在预算 {b} 之内"),
                    UiLang::En => format!("price {p} within budget {b}"),
                    UiLang::Ru => format!("цена {p} в пределах бюджета {b}"),
                    UiLang::Fr => format!("prix {p} dans le budget de {b}"),
                }
            }
            Reason::DeliveryInTime {
                lead_time_days: days,
                deadline,
            } => match ui {
                UiLang::Zh => format!("交货期{days}天，{deadline}前可到"),
                UiLang::En => format!("delivery in {days} days, before {deadline}"),
                UiLang::Ru => format!("поставка за {days} дн., до {deadline}"),
                UiLang::Fr => format!("livraison en {days} jours, avant le {deadline}"),
            },
            Reason::PresentInCountry { country } => match ui {
                UiLang::Zh => format!("供应商在{country}有业务"),
                UiLang::En => format!("supplier present in {country}"),
                UiLang::Ru => format!("поставщик работает в {country}"),
                UiLang::Fr => format!("fournisseur présent en {country}"),
            },
            Reason::PastCooperation { country, times } => match ui {
                UiLang::Zh => format!("曾在{country}合作{times}次"),
                UiLang::En => format!("cooperated in {country} before ({times}×)"),
                UiLang::Ru => format!("уже сотрудничал в {country} ({times} раз)"),
                UiLang::Fr => format!("a déjà coopéré en {country} ({times} fois)"),
            },
            Reason::Cooperation { kind } => {
                let k = cooperation_name(*kind, ui);
                match ui {
                    UiLang::Zh => format!("合作方式：{k}"),
                    UiLang::En => format!("cooperation: {k}"),
                    UiLang::Ru => format!("форма сотрудничества: {k}"),
                    UiLang::Fr => format!("coopération : {k}"),
                }
            }
        }
    }
}

impl Constraint {
    /// Short machine name, for counting and filtering.
    pub fn name(&self) -> &'static str {
        match self {
            Constraint::Cooperation { .. } => "cooperation",
            Constraint::DeviceType { .. } => "device_type",
            Constraint::Registration { .. } => "registration",
            Constraint::Price { .. } | Constraint::PriceCurrency { .. } => "price",
            Constraint::LeadTime { .. } => "lead_time",
        }
    }

    /// What would make it a match, in `ui`: "would match if registered in KG".
    pub fn render(&self, ui: UiLang) -> String {
        match self {
            Constraint::Cooperation { wanted, offered } => {
                let wanted = cooperation_name(*wanted, ui);
                let offered: Vec<&str> = offered.iter().map(|k| cooperation_name(*k, ui)).collect();
                let offered = offered.join(", ");
                match ui {
                    UiLang::Zh => format!("合作方式不符：需要{wanted}，提供{offered}"),
                    UiLang::En => format!("would match if it offered {wanted} (offers {offered})"),
                    UiLang::Ru => {
                        format!("подошло бы при форме «{wanted}» (предлагается: {offered})")
                    }
                    UiLang::Fr => {
                        format!("conviendrait s'il proposait : {wanted} (propose : {offered})")
                    }
                }
            }
            Constraint::DeviceType { asked } => {
                let names: Vec<String> = asked.iter().map(|c| concept_name(c, ui)).collect();
                let names = names.join(", ");
                match ui {
                    UiLang::Zh => format!("设备类型不同（需要：{names}）"),
                    UiLang::En => format!("another device type (asked: {names})"),
                    UiLang::Ru => format!("другой тип изделия (нужен: {names})"),
                    UiLang::Fr => format!("autre type de dispositif (demandé : {names})"),
                }
            }
            Constraint::Registration { country } => match ui {
                UiLang::Zh => format!("若在{country}注册即可匹配"),
                UiLang::En => format!("would match if registered in {country}"),
                UiLang::Ru => format!("подошло бы при регистрации в {country}"),
                UiLang::Fr => format!("conviendrait s'il était enregistré en {country}"),
            },
            Constraint::Price { price, budget } => {
                let (p, b) = (money(price), money(budget));
                match ui {
                    UiLang::Zh => format!("价格 {p} 超出预算 {b}"),
                    UiLang::En => format!("would match if the price {p} fitted the budget {b}"),
                    UiLang::Ru => format!("цена {p} выше бюджета {b}"),
                    UiLang::Fr => format!("prix {p} au-dessus du budget de {b}"),
                }
            }
            Constraint::PriceCurrency { price } => {
                let p = money(price);
                match ui {
                    UiLang::Zh => format!("价格 {p} 的币种没有汇率"),
                    UiLang::En => format!("price {p} is in a currency without an exchange rate"),
                    UiLang::Ru => format!("для валюты цены {p} нет курса"),
                    UiLang::Fr => format!("pas de taux de change pour le prix {p}"),
                }
            }
            Constraint::LeadTime {
                lead_time_days,
                days_left,
            } => match ui {
                UiLang::Zh => format!("交货期{lead_time_days}天，但距截止日仅{days_left}天"),
                UiLang::En => format!(
                    "would match with delivery in {days_left} days (takes {lead_time_days})"
                ),
                UiLang::Ru => {
                    format!("срок поставки {lead_time_days} дн., до крайнего срока {days_left} дн.")
                }
                UiLang::Fr => {
                    format!("délai de livraison {lead_time_days} jours, il en reste {days_left}")
                }
            },
        }
    }
}

impl ReadFrom {
    /// Where the type was read from, as shown after its name.
    pub fn render(self, ui: UiLang) -> &'static str {
        match (self, ui) {
            (ReadFrom::Code, UiLang::Zh) => "根据编码",
            (ReadFrom::Code, UiLang::En) => "from its code",
            (ReadFrom::Code, UiLang::Ru) => "по коду",
            (ReadFrom::Code, UiLang::Fr) => "d'après son code",
            (ReadFrom::Name, UiLang::Zh) => "根据名称",
            (ReadFrom::Name, UiLang::En) => "from its name",
            (ReadFrom::Name, UiLang::Ru) => "по названию",
            (ReadFrom::Name, UiLang::Fr) => "d'après son nom",
            (ReadFrom::SimilarOffers, UiLang::Zh) => "根据相似产品",
            (ReadFrom::SimilarOffers, UiLang::En) => "from similar offers",
            (ReadFrom::SimilarOffers, UiLang::Ru) => "по похожим предложениям",
            (ReadFrom::SimilarOffers, UiLang::Fr) => "d'après des offres semblables",
            (ReadFrom::Description, UiLang::Zh) => "根据描述",
            (ReadFrom::Description, UiLang::En) => "from its description",
            (ReadFrom::Description, UiLang::Ru) => "по описанию",
            (ReadFrom::Description, UiLang::Fr) => "d'après sa description",
        }
    }
}

/// How a need was read (see [`Engine::device_types_read`](crate::Engine::device_types_read))
/// as one line in `ui`: the device types and where each was read from, or that none was and
/// the need is matched by its words only; secondary types (what the thing goes with,
/// where it is used) after the others, said to rank after. Shown also when nothing
/// matches, so that a misreading can be told from an empty catalogue.
pub fn render_reading(read: &[TypeRead], ui: UiLang) -> String {
    if read.is_empty() {
        return match ui {
            UiLang::Zh => "未识别出设备类型：仅按文字匹配".to_string(),
            UiLang::En => "no device type named or described: matched by its words only".into(),
            UiLang::Ru => "тип изделия не назван и не описан: подбор только по словам".into(),
            UiLang::Fr => {
                "aucun type de dispositif nommé ni décrit : rapprochement par les mots seuls".into()
            }
        };
    }
    let (sep, open, close) = match ui {
        UiLang::Zh => ("；", "（", "）"),
        _ => ("; ", " (", ")"),
    };
    let list = |secondary: bool| -> String {
        let types: Vec<String> = read
            .iter()
            .filter(|r| r.secondary == secondary)
            .map(|r| {
                let name = concept_name(r.concept, ui);
                format!("{name}{open}{}{close}", r.from.render(ui))
            })
            .collect();
        types.join(sep)
    };
    let (asked, secondary) = (list(false), list(true));
    let mut line = match ui {
        UiLang::Zh => format!("识别为：{asked}"),
        UiLang::En => format!("read as: {asked}"),
        UiLang::Ru => format!("понято как: {asked}"),
        UiLang::Fr => format!("compris comme : {asked}"),
    };
    if !secondary.is_empty() {
        line.push_str(&match ui {
            UiLang::Zh => format!("；另提及（排在其后）：{secondary}"),
            UiLang::En => format!("; also named, ranked after: {secondary}"),
            UiLang::Ru => format!("; также названо, ниже в списке: {secondary}"),
            UiLang::Fr => format!(" ; aussi nommé, classé après : {secondary}"),
        });
    }
    line
}
