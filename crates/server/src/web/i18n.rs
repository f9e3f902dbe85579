//! Translations of the web shell: one Fluent file per interface language, embedded in the
//! binary and parsed once.
//!
//! Fluent rather than gettext because its selectors carry each language's plural rules (CLDR,
//! through `intl_pluralrules`): Russian needs one/few/many ("1 организация, 2 организации,
//! 5 организаций"), Chinese none, French treats 0 as singular. Keys are stable names; the
//! vocabularies of `medbridge-core` (kinds, statuses, error codes) are looked up as
//! `prefix-<wire name>`, so a value's wire name is also its translation key.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use medbridge_core::{FieldError, UiLang};
use std::borrow::Borrow;
use std::sync::LazyLock;

/// The sources, in [`UiLang::ALL`] order.
const SOURCES: [(UiLang, &str); 4] = [
    (UiLang::Zh, include_str!("../../i18n/zh.ftl")),
    (UiLang::En, include_str!("../../i18n/en.ftl")),
    (UiLang::Ru, include_str!("../../i18n/ru.ftl")),
    (UiLang::Fr, include_str!("../../i18n/fr.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, src)| bundle(*lang, src))
        .collect()
});

fn bundle(lang: UiLang, src: &str) -> Bundle {
    let id = lang
        .code()
        .parse()
        .expect("UI language codes are valid language identifiers");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks are for mixing scripts in plain text; in HTML they only show
    // up as stray characters in copied text and in attribute values.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(src.to_string())
        .unwrap_or_else(|(_, e)| panic!("i18n/{}.ftl does not parse: {e:?}", lang.code()));
    b.add_resource(res)
        .unwrap_or_else(|e| panic!("i18n/{}.ftl defines a key twice: {e:?}", lang.code()));
    b
}

fn bundle_of(lang: UiLang) -> &'static Bundle {
    let i = UiLang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("every UiLang has a bundle");
    &BUNDLES[i]
}

/// A translator for one interface language. Copy it freely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub UiLang);

impl Tr {
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let b = bundle_of(self.0);
        let pattern = b.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!("translation {key} ({}): {errors:?}", self.code());
        }
        Some(text.into_owned())
    }

    /// The text of `key`. A missing key shows itself, which tests and readers notice at once.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None).unwrap_or_else(|| key.to_string())
    }

    /// `key` with a `$count`, choosing the plural form of this language. (`Borrow` because
    /// templates pass arguments by reference.)
    pub fn n(&self, key: &str, count: impl Borrow<i64>) -> String {
        let count = *count.borrow();
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.format(key, Some(&args))
            .unwrap_or_else(|| format!("{key} {count}"))
    }

    /// `key` with one named text argument.
    pub fn a(&self, key: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value));
        self.format(key, Some(&args))
            .unwrap_or_else(|| format!("{key} {value}"))
    }

    /// `key` with several named text arguments.
    pub fn args(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(*name, FluentValue::from(*value));
        }
        self.format(key, Some(&args))
            .unwrap_or_else(|| key.to_string())
    }

    /// A vocabulary value: `v("org-kind", "hospital")` is the text of `org-kind-hospital`;
    /// an untranslated value shows its wire name.
    pub fn v(&self, prefix: &str, value: &str) -> String {
        self.format(&format!("{prefix}-{value}"), None)
            .unwrap_or_else(|| value.to_string())
    }

    /// A validation error in this language, by its code; the English message with the field
    /// name when the code has no translation.
    pub fn error(&self, e: &FieldError) -> String {
        self.format(&format!("error-{}", e.code.as_str()), None)
            .unwrap_or_else(|| e.to_string())
    }

    /// A whole-page problem by its API code (`too_many_attempts`, `forbidden`, ...), with an
    /// optional count for the plural; `fallback` (the API's English detail) if untranslated.
    pub fn problem(&self, code: &str, count: Option<i64>, fallback: &str) -> String {
        let mut args = FluentArgs::new();
        if let Some(n) = count {
            args.set("count", FluentValue::from(n));
        }
        self.format(&format!("problem-{code}"), Some(&args))
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// The interface language: `?lang=` if given, else the `lang` cookie, else the first
/// supported language of `Accept-Language` by quality, else English.
pub fn negotiate(
    query: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> UiLang {
    query
        .and_then(UiLang::parse)
        .or_else(|| cookie.and_then(UiLang::parse))
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or_default()
}

fn from_accept_language(header: &str) -> Option<UiLang> {
    let mut ranked: Vec<(f32, UiLang)> = header
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let lang = UiLang::parse(it.next()?)?;
            let q = it
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable sort: equal qualities keep the order the browser sent.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.first().map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use medbridge_core::ErrorCode;
    use std::collections::BTreeSet;

    fn keys(src: &str) -> BTreeSet<String> {
        let res = FluentResource::try_new(src.to_string()).expect("parses");
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_key_exists_in_all_four_languages() {
        let all: Vec<(UiLang, BTreeSet<String>)> =
            SOURCES.iter().map(|(l, s)| (*l, keys(s))).collect();
        let union: BTreeSet<&String> = all.iter().flat_map(|(_, k)| k).collect();
        assert!(union.len() > 150, "only {} keys", union.len());
        for (lang, k) in &all {
            let missing: Vec<&&String> = union.iter().filter(|key| !k.contains(**key)).collect();
            assert!(missing.is_empty(), "{}.ftl lacks {missing:?}", lang.code());
        }
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let ru = Tr(UiLang::Ru);
        let got: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 101, 111]
            .iter()
            .map(|n| ru.n("count-organisations", *n))
            .collect();
        assert_eq!(
            got,
            [
                "1 организация",
                "2 организации",
                "5 организаций",
                "11 организаций",
                "21 организация",
                "22 организации",
                "25 организаций",
                "101 организация",
                "111 организаций"
            ]
        );
        assert_eq!(
            ru.n("problem-too_many_attempts", 15),
            "Слишком много неудачных попыток входа. Попробуйте снова через 15 минут."
        );
        assert_eq!(ru.n("count-days", 3), "3 дня");
        assert_eq!(Tr(UiLang::En).n("count-organisations", 1), "1 organisation");
        assert_eq!(
            Tr(UiLang::En).n("count-organisations", 0),
            "0 organisations"
        );
        assert_eq!(
            Tr(UiLang::Fr).n("count-organisations", 0),
            "0 organisation",
            "French counts 0 as singular"
        );
        assert_eq!(Tr(UiLang::Zh).n("count-organisations", 5), "5 家机构");
    }

    #[test]
    fn every_error_code_is_translated_and_unknown_ones_fall_back_to_english() {
        let codes = ErrorCode::ALL;
        for lang in UiLang::ALL {
            for code in codes {
                let e = FieldError::new("countries", code, "english detail");
                let text = Tr(lang).error(&e);
                assert!(
                    !text.contains("english detail"),
                    "{} lacks error-{}",
                    lang.code(),
                    code.as_str()
                );
            }
        }
        assert_eq!(
            Tr(UiLang::Ru).error(&FieldError::new(
                "countries",
                ErrorCode::UnknownCountry,
                "x"
            )),
            "Это не код страны. Используйте две буквы, например KG, CN или BY."
        );
        assert_eq!(
            Tr(UiLang::Fr).problem("no_such_code", None, "the detail"),
            "the detail"
        );
        assert_eq!(Tr(UiLang::Zh).t("no-such-key"), "no-such-key");
        assert_eq!(Tr(UiLang::Zh).v("org-kind", "hospital"), "医院");
        assert_eq!(Tr(UiLang::En).v("org-kind", "not_a_kind"), "not_a_kind");
    }

    #[test]
    fn language_comes_from_query_then_cookie_then_accept_language() {
        assert_eq!(negotiate(Some("ru"), Some("zh"), Some("fr")), UiLang::Ru);
        assert_eq!(negotiate(Some("xx"), Some("zh"), None), UiLang::Zh);
        assert_eq!(
            negotiate(None, None, Some("de-DE,de;q=0.9,fr;q=0.8,ru;q=0.9")),
            UiLang::Ru
        );
        assert_eq!(
            negotiate(None, None, Some("zh-CN,zh;q=0.9,en;q=0.8")),
            UiLang::Zh
        );
        assert_eq!(negotiate(None, None, Some("ru;q=0,fr")), UiLang::Fr);
        assert_eq!(negotiate(None, None, Some("de")), UiLang::En);
        assert_eq!(negotiate(None, None, None), UiLang::En);
    }
}
