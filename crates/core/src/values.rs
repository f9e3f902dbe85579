//! Validated value types. Each parses from text with `FromStr` (CSV cells, query strings,
//! CLI flags) and from JSON through the same function, so the rules live in one place.

use crate::error::{ErrorCode, FieldError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Implements serde for a type through its `FromStr` and `Display`, so JSON and text input
/// share one parser and one error message.
macro_rules! serde_via_str {
    ($t:ty, $example:literal) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse()
                    .map_err(|e: FieldError| serde::de::Error::custom(e.to_serde_message()))
            }
        }
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .examples([serde_json::json!($example)])
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {}
    };
}

// ---------------------------------------------------------------- countries

/// ISO 3166-1 alpha-2 codes, officially assigned.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A country as an ISO 3166-1 alpha-2 code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }

    pub fn all() -> impl Iterator<Item = CountryCode> {
        ISO_3166_ALPHA2.split(' ').map(|c| {
            let b = c.as_bytes();
            CountryCode([b[0], b[1]])
        })
    }
}

impl FromStr for CountryCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let up = s.trim().to_ascii_uppercase();
        if up.len() == 2 && ISO_3166_ALPHA2.split(' ').any(|c| c == up) {
            let b = up.as_bytes();
            Ok(CountryCode([b[0], b[1]]))
        } else {
            Err(FieldError::new(
                "",
                ErrorCode::UnknownCountry,
                format!(
                    "'{s}' is not an ISO 3166-1 alpha-2 country code (expected e.g. KG, CN, BY)"
                ),
            ))
        }
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
serde_via_str!(CountryCode, "KG");

// ---------------------------------------------------------------- languages

/// ISO 639-1 two-letter language codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A BCP 47 language tag restricted to what medbridge needs: an ISO 639-1 language with an
/// optional script (`zh-Hans`, `uz-Cyrl`) and region (`fr-SN`), normalised to canonical case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The language without script or region: `zh` for `zh-Hans-CN`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl FromStr for LanguageTag {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                "",
                ErrorCode::UnknownLanguage,
                format!(
                    "'{s}' is not a known language tag (expected an ISO 639-1 code such as zh, en, ru, fr, ky, optionally with a script or region: zh-Hans, fr-SN)"
                ),
            )
        };
        let mut parts = s.trim().split(['-', '_']);
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        if primary.len() != 2 || !ISO_639_1.split(' ').any(|c| c == primary) {
            return Err(err());
        }
        let mut out = primary;
        let mut seen_region = false;
        for (i, p) in parts.enumerate() {
            if p.len() == 4 && i == 0 && p.chars().all(|c| c.is_ascii_alphabetic()) {
                let mut cs = p.chars();
                let first = cs.next().expect("4 chars").to_ascii_uppercase();
                out.push('-');
                out.push(first);
                out.extend(cs.map(|c| c.to_ascii_lowercase()));
            } else if p.len() == 2 && !seen_region && p.chars().all(|c| c.is_ascii_alphabetic()) {
                seen_region = true;
                out.push('-');
                out.push_str(&p.to_ascii_uppercase());
            } else {
                return Err(err());
            }
        }
        Ok(LanguageTag(out))
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_via_str!(LanguageTag, "ru");

/// The four languages of the user interface.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    Zh,
    #[default]
    En,
    Ru,
    Fr,
}

impl UiLang {
    pub const ALL: [UiLang; 4] = [UiLang::Zh, UiLang::En, UiLang::Ru, UiLang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            UiLang::Zh => "zh",
            UiLang::En => "en",
            UiLang::Ru => "ru",
            UiLang::Fr => "fr",
        }
    }

    /// Its own name, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            UiLang::Zh => "中文",
            UiLang::En => "English",
            UiLang::Ru => "Русский",
            UiLang::Fr => "Français",
        }
    }

    pub fn parse(s: &str) -> Option<UiLang> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        UiLang::ALL.into_iter().find(|l| l.code() == primary)
    }
}

// ---------------------------------------------------------------- multilingual text

/// Text in several languages, keyed by language tag: `{"zh": "联影", "en": "United Imaging"}`.
/// Never empty; the original-language version is simply one more entry (`ky`, `kk`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
#[schema(value_type = BTreeMap<String, String>, example = json!({"en": "CT scanner", "ru": "Компьютерный томограф"}))]
pub struct MultilingualText(BTreeMap<LanguageTag, String>);

impl MultilingualText {
    /// Builds a text, checking every language tag and each entry's length (in characters).
    pub fn parse<K: AsRef<str>, V: AsRef<str>>(
        entries: impl IntoIterator<Item = (K, V)>,
        max_chars: usize,
    ) -> Result<Self, FieldError> {
        let mut map = BTreeMap::new();
        for (k, v) in entries {
            let tag: LanguageTag = k
                .as_ref()
                .parse()
                .map_err(|e: FieldError| e.under(k.as_ref()))?;
            let v = v.as_ref().trim();
            if v.is_empty() {
                continue;
            }
            if v.chars().count() > max_chars {
                return Err(FieldError::new(
                    tag.as_str(),
                    ErrorCode::TooLong,
                    format!(
                        "{} characters; at most {max_chars} allowed",
                        v.chars().count()
                    ),
                ));
            }
            map.insert(tag, v.to_string());
        }
        Ok(MultilingualText(map))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.primary() == lang)
            .map(|(_, v)| v.as_str())
    }

    /// The best text for a reader of `lang`: theirs, else English, else any.
    pub fn best(&self, lang: &str) -> &str {
        self.get(lang)
            .or_else(|| self.get("en"))
            .or_else(|| self.0.values().next().map(String::as_str))
            .unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = (&LanguageTag, &str)> {
        self.0.iter().map(|(k, v)| (k, v.as_str()))
    }

    pub fn insert(&mut self, lang: LanguageTag, text: String) {
        self.0.insert(lang, text);
    }

    /// All versions, lower-cased and joined: what list filters search in.
    pub fn search_text(&self) -> String {
        let mut s = String::new();
        for v in self.0.values() {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&v.to_lowercase());
        }
        s
    }
}

impl<'de> Deserialize<'de> for MultilingualText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, String>::deserialize(d)?;
        MultilingualText::parse(raw, MAX_LONG_TEXT)
            .map_err(|e| serde::de::Error::custom(e.to_serde_message()))
    }
}

/// Longest name or title, in characters.
pub const MAX_SHORT_TEXT: usize = 300;
/// Longest description, in characters.
pub const MAX_LONG_TEXT: usize = 20_000;

// ---------------------------------------------------------------- money

/// Active ISO 4217 currency codes.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/// An ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }
}

impl FromStr for Currency {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let up = s.trim().to_ascii_uppercase();
        if up.len() == 3 && ISO_4217.split(' ').any(|c| c == up) {
            let b = up.as_bytes();
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(FieldError::new(
                "",
                ErrorCode::UnknownCurrency,
                format!(
                    "'{s}' is not an ISO 4217 currency code (expected e.g. USD, CNY, EUR, KGS)"
                ),
            ))
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
serde_via_str!(Currency, "USD");

/// A non-negative amount, held in hundredths so arithmetic is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

impl Amount {
    pub const MAX_UNITS: i64 = 1_000_000_000_000;

    pub fn from_cents(cents: i64) -> Result<Amount, FieldError> {
        if cents < 0 {
            Err(FieldError::new(
                "",
                ErrorCode::Negative,
                "must not be negative",
            ))
        } else if cents > Self::MAX_UNITS * 100 {
            Err(FieldError::new(
                "",
                ErrorCode::OutOfRange,
                "larger than 10^12",
            ))
        } else {
            Ok(Amount(cents))
        }
    }
    pub fn cents(self) -> i64 {
        self.0
    }
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl FromStr for Amount {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let t = s.trim().replace(['_', ' '], "");
        let bad = || {
            FieldError::new(
                "",
                ErrorCode::InvalidFormat,
                format!(
                    "'{s}' is not an amount (expected a number with at most two decimals, e.g. 125000 or 99.50)"
                ),
            )
        };
        if let Some(rest) = t.strip_prefix('-') {
            if rest.parse::<f64>().is_ok() {
                return Err(FieldError::new(
                    "",
                    ErrorCode::Negative,
                    "must not be negative",
                ));
            }
            return Err(bad());
        }
        let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        if whole > Self::MAX_UNITS {
            return Err(FieldError::new(
                "",
                ErrorCode::OutOfRange,
                "larger than 10^12",
            ));
        }
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        Amount::from_cents(whole * 100 + frac)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 100 == 0 {
            write!(f, "{}", self.0 / 100)
        } else {
            write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Accept 125000, 99.5 and "99.50"; the text form keeps decimals exact.
        let v = serde_json::Value::deserialize(d)?;
        let text = match &v {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => return Err(serde::de::Error::custom("expected a number")),
        };
        text.parse()
            .map_err(|e: FieldError| serde::de::Error::custom(e.to_serde_message()))
    }
}

impl utoipa::PartialSchema for Amount {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0.0))
            .examples([serde_json::json!(125000)])
            .into()
    }
}
impl utoipa::ToSchema for Amount {}

/// An amount of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Money {
    pub amount: Amount,
    pub currency: Currency,
}

/// A price band `min..=max` in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PriceRange {
    pub min: Amount,
    pub max: Amount,
    pub currency: Currency,
}

// ---------------------------------------------------------------- device codes

/// The nomenclatures a device can be coded in.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum CodeScheme {
    /// European Medical Device Nomenclature, e.g. Z12030101.
    Emdn,
    /// US FDA product code, three letters, e.g. JAK.
    Fda,
    /// China's medical device classification catalogue, sub-catalogue 01..22 with optional
    /// first/second-level products, e.g. 06, 06-01, 06-01-02.
    Nmpa,
    /// Global Medical Device Nomenclature term code, five digits.
    Gmdn,
    /// medbridge's own concept id, e.g. imaging.ct.
    Mb,
}

impl CodeScheme {
    pub const ALL: [CodeScheme; 5] = [
        CodeScheme::Emdn,
        CodeScheme::Fda,
        CodeScheme::Nmpa,
        CodeScheme::Gmdn,
        CodeScheme::Mb,
    ];

    /// What a well-formed code of this scheme looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            CodeScheme::Emdn => "a letter followed by pairs of digits, e.g. Z12030101",
            CodeScheme::Fda => "three letters, e.g. JAK",
            CodeScheme::Nmpa => "a sub-catalogue 01..22, optionally -NN-NN, e.g. 06-01",
            CodeScheme::Gmdn => "five or six digits, e.g. 37629",
            CodeScheme::Mb => "a concept id such as imaging.ct",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CodeScheme::Emdn => "EMDN",
            CodeScheme::Fda => "FDA",
            CodeScheme::Nmpa => "NMPA",
            CodeScheme::Gmdn => "GMDN",
            CodeScheme::Mb => "MB",
        }
    }
}

impl fmt::Display for CodeScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CodeScheme {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        CodeScheme::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                FieldError::new(
                    "",
                    ErrorCode::UnknownDeviceCode,
                    format!("unknown code scheme '{s}' (expected EMDN, FDA, NMPA, GMDN or MB)"),
                )
            })
    }
}

/// A device code in one nomenclature, written `SCHEME:CODE` (`FDA:JAK`, `EMDN:Z12030101`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceCode {
    scheme: CodeScheme,
    code: String,
}

impl DeviceCode {
    /// Checks the code's shape for its scheme; whether it exists is the taxonomy's business.
    pub fn new(scheme: CodeScheme, code: &str) -> Result<DeviceCode, FieldError> {
        let c = code.trim();
        let ok = match scheme {
            CodeScheme::Emdn => {
                let c = c.to_ascii_uppercase();
                let mut chars = c.chars();
                matches!(chars.next(), Some('A'..='Z'))
                    && c.len() <= 13
                    && (c.len() - 1).is_multiple_of(2)
                    && chars.all(|ch| ch.is_ascii_digit())
            }
            CodeScheme::Fda => c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()),
            CodeScheme::Nmpa => {
                let mut parts = c.split('-');
                let top_ok = parts
                    .next()
                    .and_then(|p| (p.len() == 2).then(|| p.parse::<u8>().ok()).flatten())
                    .is_some_and(|n| (1..=22).contains(&n));
                let parts: Vec<&str> = parts.collect();
                top_ok
                    && parts.len() <= 2
                    && parts
                        .iter()
                        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            }
            CodeScheme::Gmdn => (5..=6).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()),
            CodeScheme::Mb => {
                !c.is_empty()
                    && c.len() <= 80
                    && c.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b)
                    })
            }
        };
        if !ok {
            let expected = scheme.expected();
            return Err(FieldError::new(
                "",
                ErrorCode::UnknownDeviceCode,
                format!(
                    "'{code}' is not a valid {} code (expected {expected})",
                    scheme.as_str()
                ),
            ));
        }
        let code = match scheme {
            CodeScheme::Mb | CodeScheme::Nmpa | CodeScheme::Gmdn => c.to_string(),
            CodeScheme::Emdn | CodeScheme::Fda => c.to_ascii_uppercase(),
        };
        Ok(DeviceCode { scheme, code })
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn scheme(&self) -> CodeScheme {
        self.scheme
    }
}

impl FromStr for DeviceCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let Some((scheme, code)) = s.trim().split_once(':') else {
            return Err(FieldError::new(
                "",
                ErrorCode::UnknownDeviceCode,
                format!(
                    "'{s}' is not a device code (expected SCHEME:CODE, e.g. FDA:JAK or EMDN:Z12030101)"
                ),
            ));
        };
        DeviceCode::new(scheme.parse()?, code)
    }
}

impl fmt::Display for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme.as_str(), self.code)
    }
}
serde_via_str!(DeviceCode, "FDA:JAK");

// ---------------------------------------------------------------- contact details

/// An e-mail address, trimmed and lower-cased; checked for shape only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let t = s.trim().to_lowercase();
        let valid = t.len() <= 254
            && t.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            })
            && !t.contains(char::is_whitespace)
            && t.matches('@').count() == 1;
        if valid {
            Ok(Email(t))
        } else {
            Err(FieldError::new(
                "",
                ErrorCode::InvalidFormat,
                format!("'{s}' is not an e-mail address"),
            ))
        }
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_via_str!(Email, "aibek@ihsm.kg");

/// A web address with an http or https scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for WebUrl {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        let rest = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"));
        match rest {
            Some(host)
                if t.len() <= 500
                    && host.split('/').next().is_some_and(|h| h.contains('.'))
                    && !t.contains(char::is_whitespace) =>
            {
                Ok(WebUrl(t.to_string()))
            }
            _ => Err(FieldError::new(
                "",
                ErrorCode::InvalidFormat,
                format!("'{s}' is not a web address (expected https://example.org)"),
            )),
        }
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
serde_via_str!(WebUrl, "https://www.united-imaging.com");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_iso_codes_only() {
        assert_eq!("kg".parse::<CountryCode>().unwrap().as_str(), "KG");
        assert_eq!(CountryCode::all().count(), 249);
        let e = "XX".parse::<CountryCode>().unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownCountry);
        assert!(e.message.contains("'XX'"));
        assert!("KGZ".parse::<CountryCode>().is_err());
    }

    #[test]
    fn language_tags_are_normalised_and_checked() {
        assert_eq!(
            "zh_hans_cn".parse::<LanguageTag>().unwrap().as_str(),
            "zh-Hans-CN"
        );
        assert_eq!("FR-sn".parse::<LanguageTag>().unwrap().as_str(), "fr-SN");
        assert_eq!("ky".parse::<LanguageTag>().unwrap().primary(), "ky");
        for bad in [
            "",
            "xx",
            "english",
            "en-",
            "en-toolongsubtag",
            "zh-Hans-CN-extra",
        ] {
            let e = bad.parse::<LanguageTag>().unwrap_err();
            assert_eq!(e.code, ErrorCode::UnknownLanguage, "{bad}");
        }
    }

    #[test]
    fn amounts_are_exact_and_non_negative() {
        assert_eq!("125000".parse::<Amount>().unwrap().cents(), 12_500_000);
        assert_eq!("99.5".parse::<Amount>().unwrap().cents(), 9950);
        assert_eq!("0.05".parse::<Amount>().unwrap().to_string(), "0.05");
        assert_eq!(
            "-3".parse::<Amount>().unwrap_err().code,
            ErrorCode::Negative
        );
        assert_eq!(
            "1.234".parse::<Amount>().unwrap_err().code,
            ErrorCode::InvalidFormat
        );
        assert_eq!(
            "abc".parse::<Amount>().unwrap_err().code,
            ErrorCode::InvalidFormat
        );
        let m: Money = serde_json::from_str(r#"{"amount": 99.5, "currency": "usd"}"#).unwrap();
        assert_eq!(m.amount.cents(), 9950);
        assert_eq!(m.currency.as_str(), "USD");
        assert!(serde_json::from_str::<Money>(r#"{"amount": -1, "currency": "USD"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount": 1, "currency": "XYZ"}"#).is_err());
    }

    #[test]
    fn device_codes_parse_per_scheme() {
        for ok in [
            "FDA:jak",
            "EMDN:Z12030101",
            "emdn:A01",
            "NMPA:06",
            "NMPA:06-01-02",
            "GMDN:37629",
            "MB:imaging.ct",
        ] {
            let c: DeviceCode = ok.parse().unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!(c.to_string().to_lowercase(), ok.to_lowercase());
        }
        assert_eq!(
            "FDA:jak".parse::<DeviceCode>().unwrap().to_string(),
            "FDA:JAK"
        );
        for bad in [
            "JAK",
            "FDA:JAKX",
            "EMDN:Z1",
            "NMPA:23",
            "NMPA:6",
            "GMDN:12",
            "XYZ:1",
            "MB:Imaging CT",
        ] {
            assert_eq!(
                bad.parse::<DeviceCode>().unwrap_err().code,
                ErrorCode::UnknownDeviceCode,
                "{bad}"
            );
        }
    }

    #[test]
    fn multilingual_text_picks_the_readers_language() {
        let t = MultilingualText::parse(
            [("zh", "联影"), ("en", "United Imaging"), ("ru", "  ")],
            100,
        )
        .unwrap();
        assert_eq!(t.best("zh"), "联影");
        assert_eq!(t.best("fr"), "United Imaging");
        assert_eq!(t.get("ru"), None, "blank entries are dropped");
        let e = MultilingualText::parse([("xx", "a")], 100).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("xx", ErrorCode::UnknownLanguage)
        );
        let e = MultilingualText::parse([("en", "abcd")], 3).unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("en", ErrorCode::TooLong));
    }

    #[test]
    fn emails_and_urls() {
        assert_eq!(" A@B.kg ".parse::<Email>().unwrap().as_str(), "a@b.kg");
        assert!("a@b".parse::<Email>().is_err());
        assert!("a b@c.kg".parse::<Email>().is_err());
        assert!("https://ihsm.kg/about".parse::<WebUrl>().is_ok());
        assert!("ftp://x.kg".parse::<WebUrl>().is_err());
    }
}
