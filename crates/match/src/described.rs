//! Reading a device type from a need's words when they name none: the need's words,
//! analysed as the index analyses text (stemmed, jieba for Chinese), scored by BM25
//! against one document per device type holding every name of that type in the need's
//! language. A need that describes a device by its use (`прибор для измерения
//! внутриглазного давления`) shares its telling words with some names of the type
//! (`тонометр внутриглазного давления`) even where no whole name is written.

use std::collections::HashMap;
use std::sync::OnceLock;

use medbridge_taxonomy::{Lang, Taxonomy};

use tantivy::tokenizer::TextAnalyzer;

use crate::lang::{analyzer, is_stop_word, lang_index, spans, terms};

/// BM25 parameters (the usual ones).
const K1: f32 = 1.2;
const B: f32 = 0.75;

struct LangIndex {
    /// term -> (concept index, term frequency)
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    average: f32,
}

struct Index {
    ids: Vec<&'static str>,
    langs: [LangIndex; 4],
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let taxonomy = Taxonomy::builtin();
        let concepts: Vec<_> = taxonomy
            .concepts()
            .filter(|c| c.imported_from().is_none() && taxonomy.ancestors(c.id()).next().is_some())
            .collect();
        let ids = concepts.iter().map(|c| c.id()).collect();
        let langs = Lang::ALL.map(|lang| {
            let mut analyzer = analyzer(lang);
            let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
            let mut lengths = Vec::with_capacity(concepts.len());
            for (i, concept) in concepts.iter().enumerate() {
                let mut counts: HashMap<String, u32> = HashMap::new();
                let mut length = 0;
                for name in concept.names(lang) {
                    for (term, word) in terms(&mut analyzer, name) {
                        if is_stop_word(lang, &word.to_lowercase()) {
                            continue;
                        }
                        *counts.entry(term).or_default() += 1;
                        length += 1;
                    }
                }
                for (term, tf) in counts {
                    postings.entry(term).or_default().push((i as u32, tf));
                }
                lengths.push(length);
            }
            let average = lengths.iter().sum::<u32>() as f32 / lengths.len().max(1) as f32;
            LangIndex {
                postings,
                lengths,
                average,
            }
        });
        Index { ids, langs }
    })
}

/// The best device types for `text` read in `lang` by `analyzer` (the engine's, for
/// that language): `(id, score, query terms matched)`, best first.
pub(crate) fn ranked(
    text: &str,
    lang: Lang,
    analyzer: &mut TextAnalyzer,
) -> Vec<(&'static str, f32, usize)> {
    let index = index();
    let lang_index = &index.langs[lang_index(lang)];
    let n = lang_index.lengths.len() as f32;
    let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
    for word in words(analyzer, text, lang) {
        // The terms of one written word (jieba reads 耳鼻喉科 as 耳鼻喉科, 耳鼻喉 and
        // 喉科) are one piece of evidence: the best of them counts, once.
        let mut best: HashMap<u32, f32> = HashMap::new();
        for term in &word {
            let Some(postings) = lang_index.postings.get(term) else {
                continue;
            };
            let df = postings.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(doc, tf) in postings {
                let tf = tf as f32;
                let length = lang_index.lengths[doc as usize] as f32;
                let norm = K1 * (1.0 - B + B * length / lang_index.average.max(1.0));
                let score = idf * tf * (K1 + 1.0) / (tf + norm);
                let entry = best.entry(doc).or_default();
                *entry = entry.max(score);
            }
        }
        for (doc, score) in best {
            let entry = scores.entry(doc).or_default();
            entry.0 += score;
            entry.1 += 1;
        }
    }
    let mut out: Vec<(&'static str, f32, usize)> = scores
        .into_iter()
        .map(|(doc, (score, matched))| (index.ids[doc as usize], score, matched))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    out
}

/// The distinct terms of `text`, grouped by the written word they come from (tokens
/// whose spans overlap), stop words left out.
fn words(analyzer: &mut TextAnalyzer, text: &str, lang: Lang) -> Vec<Vec<String>> {
    let mut tokens = spans(analyzer, text);
    tokens.retain(|(from, to, term)| {
        let word = text.get(*from..*to).unwrap_or(term);
        !is_stop_word(lang, &word.to_lowercase())
    });
    tokens.sort_by_key(|t| (t.0, usize::MAX - t.1));
    let mut groups: Vec<(usize, Vec<String>)> = Vec::new();
    for (from, to, term) in tokens {
        match groups.last_mut() {
            Some((end, terms)) if from < *end => {
                *end = (*end).max(to);
                terms.push(term);
            }
            _ => groups.push((to, vec![term])),
        }
    }
    // A term written twice counts once, as before.
    let mut seen = std::collections::HashSet::new();
    groups
        .into_iter()
        .map(|(_, terms)| {
            terms
                .into_iter()
                .filter(|t| seen.insert(t.clone()))
                .collect()
        })
        .filter(|terms: &Vec<String>| !terms.is_empty())
        .collect()
}

/// The least a reading must have: query terms shared with the type's names (one word is
/// too little: `аппарат`, `tubes`), BM25 score, and lead over the next type (without it,
/// the type both leading types are, when there is one below a top category).
const MIN_MATCHED: usize = 2;
const MIN_SCORE: f32 = 12.0;
const MIN_LEAD: f32 = 1.05;

/// The device type `texts` describe, when one stands out (see the module's doc);
/// `analyzers` are the engine's, by [`lang_index`].
pub(crate) fn read(
    texts: &[crate::TaggedText],
    analyzers: &[TextAnalyzer; 4],
) -> Option<&'static str> {
    let text = texts.first()?;
    let lang = crate::lang::language_of(text.lang.as_ref(), &text.text);
    let mut analyzer = analyzers[lang_index(lang)].clone();
    let ranked = ranked(&text.text, lang, &mut analyzer);
    let &(id, score, matched) = ranked.first()?;
    if matched < MIN_MATCHED || score < MIN_SCORE {
        return None;
    }
    let Some(&(next, next_score, _)) = ranked.get(1) else {
        return Some(id);
    };
    if score >= MIN_LEAD * next_score {
        return Some(id);
    }
    // Two types alike: when they are kinds of one type below a top category (an
    // ultrasound scanner and a colour Doppler one), the need asks that type.
    common_type(id, next)
}

/// The nearest type that `a` and `b` both are (either of them, when one is a kind of the
/// other), unless it is a top category (imaging, surgery...): those say too little.
fn common_type(a: &'static str, b: &'static str) -> Option<&'static str> {
    let taxonomy = Taxonomy::builtin();
    std::iter::once(a)
        .chain(taxonomy.ancestors(a).map(|c| c.id()))
        .find(|&id| taxonomy.is_same_or_descendant(b, id))
        .filter(|&id| crate::concepts::depth(id) > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TaggedText;

    fn read_one(text: &str) -> Option<&'static str> {
        read(&[TaggedText::new(None, text)], &Lang::ALL.map(analyzer))
    }

    #[test]
    fn reads_a_type_from_a_description_with_its_telling_words() {
        assert_eq!(
            read_one("Petit appareil de poche pour les battements du cœur du bébé"),
            Some("obgyn.fetal_doppler")
        );
        // One shared word, or two types alike, read nothing.
        assert_eq!(read_one("аппарат"), None);
        assert_eq!(read_one("tubes"), None);
        // Nor one Chinese word that jieba also reads in parts (耳鼻喉, 喉科): the ENT
        // department, not a device.
        assert_eq!(read_one("耳鼻喉科用"), None);
        // Pressure of what, not said: blood, eye and skull pressure monitors alike.
        assert_eq!(read_one("аппарат для измерения давления"), None);
        // Said: the eye.
        assert_eq!(
            read_one("аппарат для измерения давления внутри глаза"),
            Some("ophthalmology.tonometer")
        );
    }

    #[test]
    fn two_types_alike_are_read_as_the_type_they_both_are() {
        assert_eq!(
            common_type("imaging.ultrasound.colour_doppler", "imaging.ultrasound"),
            Some("imaging.ultrasound")
        );
        // Under a top category only: nothing.
        assert_eq!(common_type("imaging.ct", "imaging.mri"), None);
    }
}
