//! Which language a text is in, and how each language is analysed for the index.
//!
//! Detection is by script, which is all the four languages need: Han → Chinese, Cyrillic
//! → Russian (Kazakh and Kyrgyz texts also land on the Russian analyser, whose stemmer
//! does little harm to them), Latin with French letters or function words → French,
//! other Latin → English. It costs one pass over the characters and never guesses wrong on
//! the scripts; the only real ambiguity, English versus French, leans to English.

use medbridge_core::LanguageTag;
use medbridge_taxonomy::Lang;
use std::collections::HashSet;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// The language a tagged or untagged text is analysed as.
pub fn language_of(tag: Option<&LanguageTag>, text: &str) -> Lang {
    match tag.map(LanguageTag::primary) {
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        Some("ru") => Lang::Ru,
        Some("fr") => Lang::Fr,
        _ => detect(text),
    }
}

/// Script-based detection; see the module documentation.
pub fn detect(text: &str) -> Lang {
    let (mut han, mut cyrillic, mut latin, mut french_letters) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => han += 1,
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            'é' | 'è' | 'ê' | 'à' | 'â' | 'ç' | 'ô' | 'û' | 'ù' | 'î' | 'ï' | 'ë' | 'œ' | 'É' =>
            {
                latin += 1;
                french_letters += 1;
            }
            _ => {}
        }
    }
    // Chinese needs fewer characters than alphabetic scripts to say the same thing.
    if han > 0 && han * 4 >= cyrillic.max(latin) {
        return Lang::Zh;
    }
    if cyrillic > latin {
        return Lang::Ru;
    }
    if han > 0 && latin == 0 {
        return Lang::Zh;
    }
    if french_letters > 0 || has_french_words(text) {
        Lang::Fr
    } else {
        Lang::En
    }
}

fn has_french_words(text: &str) -> bool {
    const MARKERS: [&str; 14] = [
        "le", "la", "les", "des", "du", "pour", "avec", "une", "et", "de", "au", "aux", "sur",
        "appareil",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| MARKERS.iter().any(|m| w.eq_ignore_ascii_case(m)))
}

/// Name of the tokenizer registered for `lang`'s text field.
pub(crate) fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "mb_zh",
        Lang::En => "mb_en",
        Lang::Ru => "mb_ru",
        Lang::Fr => "mb_fr",
    }
}

/// Words so frequent in procurement texts that they only cost time: the index would
/// score them near zero anyway.
fn stop_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Zh => &[
            "的", "和", "与", "及", "或", "一台", "台", "个", "套", "需要", "求购", "采购", "我们",
            "，", "。", "、",
        ],
        Lang::En => &[
            "the", "a", "an", "and", "or", "of", "for", "with", "to", "in", "on", "we", "need",
            "please", "is", "are", "our", "by", "at", "from", "kindly", "quote",
        ],
        Lang::Ru => &[
            "и",
            "в",
            "на",
            "для",
            "с",
            "по",
            "или",
            "от",
            "до",
            "не",
            "к",
            "из",
            "нужен",
            "нужна",
            "нужно",
            "шт",
            "закупка",
        ],
        Lang::Fr => &[
            "le", "la", "les", "de", "des", "du", "et", "ou", "un", "une", "pour", "avec", "en",
            "au", "aux", "sur", "par", "d", "l", "nous",
        ],
    }
}

/// Words that say nothing about which device is wanted: price, delivery, quality, and the
/// words for "medical equipment" itself. A need that names no device type is matched by
/// its words, and a result must share at least one word that is not one of these:
/// otherwise "good price, fast delivery" would match every catalogue entry that mentions a
/// price. Where a type is read, they still count in the text score as any word does. Head
/// nouns (device, apparatus, system, аппарат, прибор, appareil, 仪器) and words of speed
/// (fast, rapid, 快速) are not among them: buyers describe a type with them ("rapid test").
#[rustfmt::skip]
const GENERIC_WORDS: &[&str] = &[
    // en
    "price", "prices", "cheap", "cost", "costs", "affordable", "discount", "budget", "good",
    "best", "quality", "urgent", "urgently", "delivery", "deliver", "shipping", "supplier",
    "suppliers", "warranty", "reliable", "buy", "purchase", "looking", "medical", "equipment",
    // ru
    "цена", "цены", "цену", "ценой", "дешево", "дёшево", "недорого", "недорогой", "стоимость",
    "скидка", "бюджет", "хороший", "хорошая", "хорошее", "хорошие", "лучший", "лучшая",
    "качество", "качественный", "качественное", "срочно", "доставка", "доставкой", "поставка",
    "поставщик", "гарантия", "гарантией", "купить", "закупить", "медицинский", "медицинская",
    "медицинское", "медицинские", "оборудование", "оборудования",
    // fr
    "prix", "bon", "bonne", "meilleur", "meilleure", "qualité", "livraison", "fournisseur",
    "garantie", "remise", "budget", "acheter", "achat", "médical", "médicale", "médicaux",
    "équipement", "équipements", "matériel",
    // zh
    "价格", "价钱", "便宜", "优惠", "质量", "优质", "尽快", "交货", "发货", "供货", "供应商",
    "保修", "售后", "预算", "购买", "医疗", "设备", "医疗设备", "医疗器械",
];

/// For each language's text field, the terms [`GENERIC_WORDS`] become under its analyser.
pub(crate) fn generic_terms(analyzers: &[TextAnalyzer; 4]) -> [HashSet<String>; 4] {
    let mut analyzers = analyzers.clone();
    Lang::ALL.map(|lang| {
        let analyzer = &mut analyzers[lang_index(lang)];
        GENERIC_WORDS
            .iter()
            .flat_map(|word| terms(analyzer, word))
            .map(|(term, _)| term)
            .collect()
    })
}

/// Whether `word` (lower-cased) is one of `lang`'s stop words.
pub(crate) fn is_stop_word(lang: Lang, word: &str) -> bool {
    stop_words(lang).contains(&word)
}

/// Where `lang` sits in arrays indexed by language (the order of [`Lang::ALL`]).
pub(crate) fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
        Lang::Ru => 2,
        Lang::Fr => 3,
    }
}

/// The analyser of `lang`'s text field: jieba for Chinese (search mode, so compounds are
/// also indexed by their parts), Snowball stemmers for the others; French folds accents
/// after stemming because buyers often type without them.
pub(crate) fn analyzer(lang: Lang) -> TextAnalyzer {
    let stops = || StopWordFilter::remove(stop_words(lang).iter().map(|w| w.to_string()));
    match lang {
        Lang::Zh => TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(stops())
            .build(),
        Lang::En => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(stops())
            .filter(Stemmer::new(Language::English))
            .build(),
        Lang::Ru => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(stops())
            .filter(Stemmer::new(Language::Russian))
            .build(),
        Lang::Fr => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(stops())
            .filter(Stemmer::new(Language::French))
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

/// `(analysed term, original word)` pairs of `text`; terms without a letter or digit
/// skipped (jieba passes spaces and ASCII punctuation through as tokens, and a comma in a
/// need would otherwise match every Chinese text with a comma).
pub(crate) fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, String)> {
    spans(analyzer, text)
        .into_iter()
        .map(|(from, to, term)| {
            let word = text.get(from..to).unwrap_or(&term).to_string();
            (term, word)
        })
        .collect()
}

/// `(start, end, analysed term)` of the terms of `text`, skipped as in [`terms`].
pub(crate) fn spans(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if token.text.chars().any(char::is_alphanumeric) {
            out.push((token.offset_from, token.offset_to, token.text.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_script() {
        assert_eq!(detect("彩超 portable"), Lang::Zh);
        assert_eq!(detect("Аппарат УЗИ Mindray"), Lang::Ru);
        assert_eq!(detect("échographe portable"), Lang::Fr);
        assert_eq!(detect("Appareil de radiographie"), Lang::Fr);
        assert_eq!(detect("portable ultrasound"), Lang::En);
    }

    #[test]
    fn stems_and_folds() {
        let mut fr = analyzer(Lang::Fr);
        let a: Vec<String> = terms(&mut fr, "échographes")
            .into_iter()
            .map(|t| t.0)
            .collect();
        let b: Vec<String> = terms(&mut fr, "echographe")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(a, b);
        let mut ru = analyzer(Lang::Ru);
        let a: Vec<String> = terms(&mut ru, "портативного")
            .into_iter()
            .map(|t| t.0)
            .collect();
        let b: Vec<String> = terms(&mut ru, "портативный")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(a, b);
    }
}
