//! From codes and words to device concepts, for both sides of a match.

use std::collections::HashSet;

use medbridge_core::{CodeScheme, DeviceCode};
use medbridge_taxonomy::{Recognizer, Taxonomy};

use crate::input::TaggedText;

/// How a concept was attached to an offer or a need: a declared code is evidence, a word
/// in a description a good hint, a corrected misspelling a weaker one; a need's type read
/// from the offers its words match (`Engine::match_need`) the weakest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    /// Read from the offers the need's words match best.
    Inferred,
    /// Read from the device-type names the need's words are closest to.
    Described,
    Fuzzy,
    Text,
    Code,
}

impl Source {
    pub(crate) fn weight(self) -> f32 {
        match self {
            Source::Code => 1.0,
            Source::Text => 0.7,
            Source::Fuzzy | Source::Inferred | Source::Described => 0.6,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ConceptHit {
    pub id: &'static str,
    pub source: Source,
    /// For a concept taken from a code, that code (as the taxonomy holds it).
    pub code: Option<&'static DeviceCode>,
    /// Named after the first phrase of a need that names device types, with other words
    /// in between ("probes" in "portable ultrasound with convex probes"): what the thing
    /// wanted goes with, or a further item. Codes and the first phrase are not.
    pub later: bool,
    /// Named among the listed parts of a thing, in a bracket after it (`power tool set
    /// (drill, reamer, oscillating saw)`), or as what it comes with (`аппарат с
    /// испарителями`): such a kind does not narrow the thing asked.
    pub part: bool,
    /// Which item of the first phrase named it, when the phrase lists several separated
    /// by commas, semicolons or "and" (`无影灯2套、手术台2张`): 1, 2, ...; 0 otherwise.
    pub item: u16,
}

/// Schemes whose codes name a device type. NMPA sub-catalogues (`06` = all of imaging)
/// and GMDN (not mapped) are kept on offers but do not say what a device is.
pub(crate) fn names_device_type(scheme: CodeScheme) -> bool {
    matches!(scheme, CodeScheme::Fda | CodeScheme::Emdn | CodeScheme::Mb)
}

/// The registry class of `id` in `scheme`: the nearest of `id` and its ancestors that
/// carries a code of `scheme`. A code sits on the most specific concept every device
/// carrying it is an instance of, so an offer coded at the registry class of an ICU
/// ventilator (FDA `CBK`, on "ventilator") is as specific as that registry can be about
/// an ICU ventilator: the engine accepts it, with a lower strength and its own reason.
pub(crate) fn registry_class(id: &str, scheme: CodeScheme) -> Option<&'static str> {
    let taxonomy = Taxonomy::builtin();
    let has = |c: &medbridge_taxonomy::Concept| c.codes().iter().any(|k| k.scheme() == scheme);
    let this = taxonomy.get(id)?;
    if has(this) {
        return Some(this.id());
    }
    taxonomy.ancestors(id).find(|c| has(c)).map(|c| c.id())
}

/// What the taxonomy says of an offer's code under a concept its words name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// The code sits on the concept or on a narrower one.
    Below,
    /// The code sits only on concepts outside the concept's line (neither below it nor
    /// above it): the registry files the device as something else.
    Elsewhere,
    /// The code sits on a broader concept (the device may well be one).
    Above,
    /// The code sits nowhere in the tree.
    Unmapped,
}

pub(crate) fn placement(id: &str, code: &DeviceCode) -> Placement {
    let taxonomy = Taxonomy::builtin();
    let mut placed = taxonomy.by_code(code).map(|c| c.id()).peekable();
    if placed.peek().is_none() {
        return Placement::Unmapped;
    }
    let mut above = false;
    for o in placed {
        if taxonomy.is_same_or_descendant(o, id) {
            return Placement::Below;
        }
        above |= taxonomy.is_same_or_descendant(id, o);
    }
    if above {
        Placement::Above
    } else {
        Placement::Elsewhere
    }
}

/// The registry class *above* `id` when `id` has a code of its own in `scheme`: the
/// nearest strict ancestor carrying a code of `scheme`, unless that is a top-level
/// category. The registries' specific codes came later than their general ones and are
/// not always used: the 510(k) file clears transport and infant ventilators under the
/// general `CBK`, C-arms under `JAA`, colour Doppler systems under `IYO`. So an offer
/// coded at this class may well be an `id` (the engine ranks it below those coded as
/// one, with its own reason), though nothing says it is.
pub(crate) fn broader_class(id: &str, scheme: CodeScheme) -> Option<&'static str> {
    let taxonomy = Taxonomy::builtin();
    let has = |c: &medbridge_taxonomy::Concept| c.codes().iter().any(|k| k.scheme() == scheme);
    if !has(taxonomy.get(id)?) {
        return None;
    }
    taxonomy
        .ancestors(id)
        .find(|c| has(c))
        .filter(|c| c.parent_id().is_some())
        .map(|c| c.id())
}

/// The index term of a registry class: `FDA/respiratory.ventilator`.
pub(crate) fn class_term(scheme: CodeScheme, id: &str) -> String {
    format!("{}/{id}", scheme.as_str())
}

/// The built-in concepts `codes` name. A code the built-in tree does not map but an
/// imported nomenclature holds (`medbridge taxonomy import`: an EMDN leaf such as
/// `EMDN:Z11030605` under the mapped group `Z110306`) names the built-in concepts its
/// nearest mapped ancestor falls under, as the registry class of that ancestor.
fn from_codes(codes: &[DeviceCode]) -> Vec<ConceptHit> {
    let taxonomy = Taxonomy::active();
    let mut hits: Vec<ConceptHit> = Vec::new();
    let mut push = |hit: ConceptHit| {
        if !hits.iter().any(|h| h.id == hit.id) {
            hits.push(hit);
        }
    };
    for code in codes.iter().filter(|c| names_device_type(c.scheme())) {
        let mut builtin = taxonomy
            .by_code(code)
            .filter(|c| c.imported_from().is_none())
            .peekable();
        if builtin.peek().is_some() {
            for concept in builtin {
                push(ConceptHit {
                    id: concept.id(),
                    source: Source::Code,
                    code: concept.codes().iter().find(|k| *k == code),
                    later: false,
                    part: false,
                    item: 0,
                });
            }
            continue;
        }
        for term in taxonomy.by_code(code) {
            for concept in taxonomy.links(term.id()) {
                push(ConceptHit {
                    id: concept.id(),
                    source: Source::Code,
                    code: concept.codes().iter().find(|k| k.scheme() == code.scheme()),
                    later: false,
                    part: false,
                    item: 0,
                });
            }
        }
    }
    hits
}

/// `text` with the plural `s` of Latin-script words dropped (`beds` → `bed`, `tests` →
/// `test`), or `None` when nothing changed. The recogniser tolerates one edit only in
/// words of six letters or more, so `Delivery beds` or `Poches de sang` would otherwise
/// be missed; words ending in `ss`, `us`, `is` keep their `s` (`process`, `virus`).
/// With it, where each byte of the result (and its end) was in `text`: a position right
/// after a dropped `s` maps to after the `s`, so a span of the singular text covers the
/// whole plural word in `text`.
pub(crate) fn singular_mapped(text: &str) -> Option<(String, Vec<usize>)> {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut changed = false;
    let mut at = 0;
    fn keep(out: &mut String, map: &mut Vec<usize>, part: &str, from: usize) {
        out.push_str(part);
        map.extend((0..part.len()).map(|i| from + i));
    }
    for word in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let core_len = word.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
        let (core, tail) = word.split_at(core_len);
        let latin = core
            .chars()
            .all(|c| c.is_ascii_alphabetic() || "éèêàâçôûùîïë".contains(c));
        let lower = core.to_lowercase();
        if latin
            && core.chars().count() >= 4
            && lower.ends_with('s')
            && !(lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is"))
        {
            keep(&mut out, &mut map, &core[..core.len() - 1], at);
            changed = true;
        } else {
            keep(&mut out, &mut map, core, at);
        }
        keep(&mut out, &mut map, tail, at + core_len);
        at += word.len();
    }
    map.push(text.len());
    changed.then_some((out, map))
}

/// The concepts `texts` name, in the order they are first named. A concept is `later`
/// when it is named after the first phrase of the first text naming any: mentions
/// separated by nothing but spaces, punctuation and quantities (`CT, MRI, DR`, `tests
/// rapides syphilis`, `无影灯2套、手术台2张`, `monitors x 10, ventilators x 4`) are one
/// phrase, a list of the things wanted. Mentions found in the singular form of a text are
/// placed where their words are in the text itself.
fn from_texts(texts: &[TaggedText]) -> Vec<ConceptHit> {
    let mut hits: Vec<ConceptHit> = Vec::new();
    let mut phrase_open = true;
    for text in texts {
        let text = text.text.as_str();
        let id_of = |concept| {
            Taxonomy::builtin()
                .get(concept)
                .map(|c| c.id())
                .expect("the builtin recognizer only knows builtin concepts")
        };
        // `(start, end, concept, fuzzy, from the singular form)`, in `text`'s offsets.
        let mut mentions: Vec<(usize, usize, &'static str, bool, bool)> = Recognizer::builtin()
            .find(text)
            .into_iter()
            .map(|m| (m.span.start, m.span.end, id_of(m.concept), m.fuzzy, false))
            .collect();
        if let Some((singular, map)) = singular_mapped(text) {
            mentions.extend(Recognizer::builtin().find(&singular).into_iter().map(|m| {
                (
                    map[m.span.start],
                    map[m.span.end],
                    id_of(m.concept),
                    m.fuzzy,
                    true,
                )
            }));
            // Each form is read longest-match first, but together they may nest: in
            // `collecteur de seringues` the plain form names a sharps container and the
            // singular one also `seringue` (a syringe) inside it. A mention inside a
            // longer one of the other form is part of that one's name.
            let all = mentions.clone();
            mentions.retain(|m| {
                !all.iter().any(|o| {
                    o.4 != m.4 && o.2 != m.2 && o.0 <= m.0 && m.1 <= o.1 && (o.0, o.1) != (m.0, m.1)
                })
            });
        }
        mentions.sort_by_key(|m| (m.0, usize::MAX - m.1));
        // In Chinese the head noun comes last and words are not spaced, so a device type
        // written right against a following one only says what that one is for:
        // 彩超凸阵探头 asks for a probe (of a colour Doppler system), 呼吸机湿化器 for a
        // humidifier. Such a modifier is kept, as a `later` concept.
        let modifier: Vec<bool> = mentions
            .iter()
            .map(|&(_, end, id, _, _)| {
                let before = text.get(..end).and_then(|t| t.chars().next_back());
                let after = text.get(end..).and_then(|t| t.chars().next());
                before.is_some_and(is_han)
                    && after.is_some_and(is_han)
                    && mentions.iter().any(|m| m.0 == end && m.2 != id)
            })
            .collect();
        let ends: Vec<usize> = mentions.iter().map(|m| m.1).collect();
        let mut phrase_end: Option<usize> = None;
        let mut item = 1u16;
        for (i, (start, end, id, fuzzy, _)) in mentions.into_iter().enumerate() {
            // A device named as the time of use (`пакеты ... перед автоклавом`, `avant la
            // stérilisation`, `灭菌前`) is when the thing is used, not the thing.
            if names_a_time(text, start, end) {
                continue;
            }
            let part = introduced_by_with(text, start) || listed_part(text, &ends, start);
            if let Some(prev) = phrase_end
                && phrase_open
            {
                let gap = text.get(prev.min(start)..start).unwrap_or("");
                if !only_quantities(gap) || lists_contents(text, prev.min(start), start) {
                    phrase_open = false;
                } else if separates_items(gap) {
                    item += 1;
                }
            }
            if phrase_open {
                phrase_end = Some(phrase_end.map_or(end, |e: usize| e.max(end)));
            }
            let source = if fuzzy { Source::Fuzzy } else { Source::Text };
            match hits.iter_mut().find(|h| h.id == id) {
                Some(hit) => hit.source = hit.source.max(source),
                None => hits.push(ConceptHit {
                    id,
                    source,
                    code: None,
                    later: !phrase_open || modifier[i],
                    part,
                    item: if phrase_open { item } else { 0 },
                }),
            }
        }
        if phrase_end.is_some() {
            phrase_open = false;
        }
    }
    hits
}

/// What an offer is: the concepts of its declared codes when any code is known to the
/// taxonomy (a supplier's code is authoritative, and a description that mentions an
/// accessory must not make a CT scanner an injector), else what its texts name.
///
/// A code often names only the registry's general class (FDA `CBK`, "ventilator,
/// continuous, facility use", also clears transport and neonatal ventilators), and the
/// words then say which kind it is ("ET-3 EMERGENCY TRANSPORT VENTILATOR"). A kind *below*
/// a coded concept refines the code without contradicting it, so it is added; whatever
/// else the words name is not.
pub(crate) fn of_offer(codes: &[DeviceCode], texts: &[TaggedText]) -> Vec<ConceptHit> {
    let mut coded = from_codes(codes);
    if coded.is_empty() {
        return from_texts(texts);
    }
    let taxonomy = Taxonomy::builtin();
    let refined: Vec<ConceptHit> = from_texts(texts)
        .into_iter()
        .filter(|hit| {
            coded.iter().all(|c| c.id != hit.id)
                && coded
                    .iter()
                    .any(|c| taxonomy.is_same_or_descendant(hit.id, c.id))
        })
        .collect();
    coded.extend(refined);
    coded
}

/// What a need asks for: its codes' concepts and what its texts name, keeping the most
/// specific ones (a need for "ultrasound, portable" asks for the portable kind). A
/// top-level category named beside a device type is where the device goes, not a second
/// thing asked for ("ventilator for the neonatology unit", "monitors for anaesthesia and
/// intensive care"), so it is dropped when the texts name a device type; codes always count.
pub(crate) fn of_need(codes: &[DeviceCode], texts: &[TaggedText]) -> Vec<ConceptHit> {
    let mut hits = from_codes(codes);
    let mut texts_hits = from_texts(texts);
    if texts_hits.iter().any(|h| depth(h.id) > 0) {
        texts_hits.retain(|h| depth(h.id) > 0);
    }
    for hit in texts_hits {
        if !hits.iter().any(|h| h.id == hit.id) {
            hits.push(hit);
        }
    }
    let mut hits = most_specific(hits);
    // When the first phrase named only a place ("для отделения реанимации: аппарат ИВЛ"),
    // what follows is what was asked.
    if hits.iter().all(|h| h.later) {
        hits.iter_mut().for_each(|h| h.later = false);
    }
    hits
}

/// `hits` without a concept that a narrower one stands for: a kind named beside its
/// type is what is asked. Not a kind named among a thing's listed parts
/// (`power tool set (drill, reamer, oscillating saw)` asks for power tools, the saw
/// among them), which leaves the type asked.
/// Whether every device type asked is only a guess read from a description
/// ([`Source::Described`]): then it ranks its offers first but constrains nothing.
pub(crate) fn only_guessed(hits: &[ConceptHit]) -> bool {
    !hits.is_empty() && hits.iter().all(|h| h.source == Source::Described)
}

fn most_specific(hits: Vec<ConceptHit>) -> Vec<ConceptHit> {
    let taxonomy = Taxonomy::builtin();
    let narrower: Vec<(&str, bool)> = hits.iter().map(|h| (h.id, h.part)).collect();
    hits.into_iter()
        .filter(|h| {
            !narrower.iter().any(|&(other, part)| {
                other != h.id && !part && taxonomy.is_same_or_descendant(other, h.id)
            })
        })
        .collect()
}

/// Index terms of a concept: itself and every ancestor, so "the same concept or a
/// descendant of C" is the single term C.
pub(crate) fn with_ancestors(hits: &[ConceptHit]) -> HashSet<&'static str> {
    let taxonomy = Taxonomy::builtin();
    let mut out = HashSet::new();
    for hit in hits {
        out.insert(hit.id);
        out.extend(taxonomy.ancestors(hit.id).map(|c| c.id()));
    }
    out
}

/// Depth of a concept in the tree (categories are 0).
pub(crate) fn depth(id: &str) -> usize {
    Taxonomy::builtin().ancestors(id).count()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Words that count things in a list of items (`2套`, `10 pcs`, `5 шт.`, `x 4`).
const UNITS: [&str; 23] = [
    "x",
    "pcs",
    "pc",
    "units",
    "unit",
    "sets",
    "set",
    "nos",
    "шт",
    "штук",
    "ед",
    "компл",
    "комплект",
    "комплекта",
    "комплектов",
    "комплекты",
    "pièces",
    "pieces",
    "unités",
    "lots",
    "lot",
    "ensembles",
    "jeux",
];

/// Measure words that follow a number in Chinese (`2台`, `5套`).
const MEASURE_WORDS: &str = "台套张个件支把只副瓶盒箱包组根条";

/// Whether `gap` holds nothing but punctuation, spaces, numbers and unit words.
fn only_quantities(gap: &str) -> bool {
    gap.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.trim_start_matches(|c: char| c.is_ascii_digit());
            w.is_empty()
                || w.chars().all(|c| MEASURE_WORDS.contains(c))
                || UNITS
                    .iter()
                    .any(|u| w.eq_ignore_ascii_case(u) || w.to_lowercase() == *u)
        })
}

/// Whether the device type at `start` is one of several listed in a bracket opened after
/// `from` (`kits AMIU (seringue double valve + canules de Karman)`, `drill/reamer and
/// oscillating saw`): what the thing named
/// is made of, not a further item. A bracket naming one type refines the thing instead
/// (`无创呼吸机（双水平）`, a bilevel one).
fn lists_contents(text: &str, from: usize, start: usize) -> bool {
    let open = |c: char| matches!(c, '(' | '（' | '[');
    let close = |c: char| matches!(c, ')' | '）' | ']');
    let mut depth = 0i32;
    let mut opened_at = None;
    for (i, c) in text[from..start].char_indices() {
        if open(c) {
            depth += 1;
            opened_at = Some(from + i);
        } else if close(c) {
            depth -= 1;
        }
    }
    let Some(at) = opened_at.filter(|_| depth > 0) else {
        return false;
    };
    lists(bracket_text(text, at))
}

/// The text of the bracket opened at `open`, up to its close (or the end).
fn bracket_text(text: &str, open: usize) -> &str {
    let inside = &text[open..];
    &inside[..inside.find([')', '）', ']']).unwrap_or(inside.len())]
}

/// Words that introduce what a thing comes with (`наркозный аппарат с испарителями`,
/// `échographe avec sonde`, `呼吸机带湿化器`).
const WITH_WORDS: [&str; 7] = ["with", "avec", "с", "со", "incl", "including", "comprenant"];
const WITH_HAN: &str = "带配含附";

/// Whether the device type at `start` is introduced by a word for "with".
fn introduced_by_with(text: &str, start: usize) -> bool {
    let before = &text[..start];
    if before
        .chars()
        .next_back()
        .is_some_and(|c| WITH_HAN.contains(c))
    {
        return true;
    }
    let before = before.trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    WITH_WORDS.contains(&word.as_str())
}

/// Words that make what follows a time (`before the autoclave`); an article may follow.
const TIME_WORDS: [&str; 5] = ["before", "after", "перед", "avant", "après"];
const ARTICLES: [&str; 5] = ["the", "le", "la", "les", "l'"];

/// Whether the device type at `start..end` is named as a time: after `before`/`after`
/// (`перед`, `avant`, `après`), or before `之前`/`之后`, or before `前`/`后` that end a
/// phrase or a modifier (`灭菌前，`, `灭菌前的`). Not `前`/`后` going on into a word:
/// `前列腺` is the prostate, `后装` afterloading.
fn names_a_time(text: &str, start: usize, end: usize) -> bool {
    let after = &text[end..];
    if after.starts_with("之前") || after.starts_with("之后") {
        return true;
    }
    let mut rest = after.chars();
    if matches!(rest.next(), Some('前' | '后'))
        && rest
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == '的' || c == '用')
    {
        return true;
    }
    let mut words = text[..start]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"));
    let mut word = words.next().unwrap_or_default();
    if ARTICLES.contains(&word.as_str()) {
        word = words.next().unwrap_or_default();
    }
    TIME_WORDS.contains(&word.as_str())
}

/// Whether the device type at `start` is one of several things listed in a bracket that
/// opens right after another device type (`power tool set (drill, reamer, oscillating
/// saw)`, with nothing but quantities between): a part of that thing. `ends` are where
/// the text's mentions end. A bracket after other words (`ПВ (тромбопластин, МИЧ 1,0)`,
/// where `ПВ` names no type) says nothing of the type named before them.
fn listed_part(text: &str, ends: &[usize], start: usize) -> bool {
    let before = &text[..start];
    let Some(open) = before.rfind(['(', '（', '[']) else {
        return false;
    };
    if before[open..].contains([')', '）', ']']) {
        return false;
    }
    let Some(thing_end) = ends.iter().copied().filter(|&e| e <= open).max() else {
        return false;
    };
    only_quantities(&text[thing_end..open]) && lists(bracket_text(text, open))
}

/// Whether a bracket's text lists several things: separators, a slash or `and`.
fn lists(inside: &str) -> bool {
    inside.contains(['+', ',', '，', '、', ';', '；', '/', '和', '及'])
        || inside
            .split_whitespace()
            .any(|w| matches!(w.to_lowercase().as_str(), "and" | "et" | "и" | "&"))
}

/// Whether a gap between two device types of the first phrase separates two items of a
/// list rather than two names of one thing.
fn separates_items(gap: &str) -> bool {
    gap.contains([',', '，', '、', ';', '；', '\n'])
        || gap
            .split_whitespace()
            .any(|w| matches!(w.to_lowercase().as_str(), "and" | "и" | "et" | "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The device types a need of `text` asks for.
    fn need_ids(text: &str) -> Vec<&'static str> {
        of_need(&[], &[TaggedText::new(None, text)])
            .iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn a_device_named_in_brackets_after_the_first_is_not_a_further_item() {
        let texts = [TaggedText::new(
            None,
            "kits AMIU (seringue double valve + canules de Karman 4 à 12 mm)",
        )];
        let hits = from_texts(&texts);
        let syringe = hits.iter().find(|h| h.id == "consumables.syringe").unwrap();
        assert!(syringe.later, "{hits:?}");
        assert!(!hits.iter().find(|h| h.id == "obgyn.mva").unwrap().later);
        // A bracket closed before the next item leaves the list as it is.
        let texts = [TaggedText::new(None, "CT (2 units), MRI (1 unit)")];
        assert!(from_texts(&texts).iter().all(|h| !h.later));
        // One type in brackets says which kind, and stays in the phrase.
        let texts = [TaggedText::new(None, "无创呼吸机（双水平），医院用")];
        assert!(from_texts(&texts).iter().all(|h| !h.later));
    }

    #[test]
    fn a_kind_listed_among_a_things_parts_does_not_narrow_it() {
        let asked = need_ids;
        for text in [
            "Orthopaedic power tool set (drill, reamer, oscillating saw), autoclavable",
            "orthopaedic power tool sets (drill/reamer and oscillating saw with two batteries)",
        ] {
            let hits = asked(text);
            assert!(
                hits.contains(&"orthopaedics.power_tools"),
                "{text}: {hits:?}"
            );
        }
        // Named beside its type, or alone in a bracket, a kind is what is asked.
        assert_eq!(
            asked("orthopaedic power tools: oscillating saw"),
            ["orthopaedics.power_tools.saw"]
        );
        assert_eq!(
            asked("orthopaedic power tool set (oscillating saw)"),
            ["orthopaedics.power_tools.saw"]
        );
        // A bracket after words that name no type says nothing of the type named before.
        let hits = asked("Реагенты для коагулологии: ПВ (тромбопластин, МИЧ ~1,0-1,2), АЧТВ");
        assert!(hits.contains(&"ivd.haemostasis.pt"), "{hits:?}");
        assert!(!hits.contains(&"ivd.haemostasis"), "{hits:?}");
        // What a thing comes with is not what is asked.
        let hits = asked("Наркозно-дыхательный аппарат с испарителями (севофлуран), абсорбером");
        assert!(
            hits.contains(&"respiratory.anaesthesia_machine"),
            "{hits:?}"
        );
        assert_eq!(
            asked("испаритель севофлурана для наркозного аппарата"),
            ["respiratory.vaporizer"]
        );
    }

    #[test]
    fn a_device_named_as_the_time_of_use_is_not_asked() {
        // What is wanted is used before or after the device named; that one is no type
        // asked (the pouch, where it is named, is), and a need naming nothing else is
        // then read by its description.
        for text in [
            "Пакеты для упаковки инструментов перед автоклавом, самоклеящиеся",
            "pouches to pack instruments before the autoclave",
            "sachets pour emballer les instruments avant l'autoclave",
            "sachets pour emballer les instruments avant l’autoclave",
            "高压灭菌器之前用来包装器械的袋子",
            "灭菌器前，包装用的纸塑袋",
        ] {
            let hits = need_ids(text);
            assert!(
                hits.iter()
                    .all(|h| !h.starts_with("sterilisation") || *h == "sterilisation.packaging"),
                "{text}: {hits:?}"
            );
        }
        assert_eq!(
            need_ids("Пакеты для упаковки инструментов перед автоклавом"),
            ["sterilisation.packaging"]
        );
        // A name going on into a word past 前/后 is no time (`前列腺`, the prostate), nor is
        // a device before a clause about time.
        assert_eq!(
            need_ids("彩超前列腺检查用"),
            ["imaging.ultrasound.colour_doppler"]
        );
        assert_eq!(
            need_ids("autoclave for the clinic, before March"),
            ["sterilisation.steam"]
        );
    }

    #[test]
    fn placement_reads_the_taxonomy_codes_along_the_concept_line() {
        let cases = [
            // LXS sits on the ophthalmic YAG laser itself, so below the ophthalmic lasers.
            ("ophthalmology.laser.yag", "LXS", Placement::Below),
            ("ophthalmology.laser", "LXS", Placement::Below),
            // HQF, the ophthalmic-laser class above it, may well be one.
            ("ophthalmology.laser.yag", "HQF", Placement::Above),
            // LNK is a gastro-urology (surgical) laser, whatever its name says.
            ("ophthalmology.laser.yag", "LNK", Placement::Elsewhere),
            // DSI (arrhythmia detectors and alarms) is mapped nowhere: the other offers
            // have to tell.
            ("monitoring.patient_monitor", "DSI", Placement::Unmapped),
            // CGA (glucose oxidase) is on the glucose reagents, beside the meters.
            ("ivd.glucose_meter", "CGA", Placement::Elsewhere),
        ];
        for (concept, code, expected) in cases {
            let code = DeviceCode::new(CodeScheme::Fda, code).unwrap();
            assert_eq!(placement(concept, &code), expected, "{concept} {code}");
        }
    }

    #[test]
    fn the_singular_form_maps_back_to_the_words_of_the_text() {
        let (singular, map) = singular_mapped("Delivery beds, 2 units").unwrap();
        assert_eq!(singular, "Delivery bed, 2 unit");
        assert_eq!(map.len(), singular.len() + 1);
        // "bed" ends where "beds" ends; "unit" covers "units".
        assert_eq!(&"Delivery beds, 2 units"[map[9]..map[12]], "beds");
        assert_eq!(&"Delivery beds, 2 units"[map[16]..map[20]], "units");
        assert!(singular_mapped("virus process").is_none());
    }

    #[test]
    fn a_name_inside_a_longer_name_of_the_other_form_is_part_of_it() {
        let need = need_ids;
        // The singular form also names `seringue` (a syringe) inside the container's name.
        assert_eq!(
            need("collecteur de seringues"),
            ["consumables.sharps_container"]
        );
        assert_eq!(need("fils ECG"), ["monitoring.ecg_cable"]);
        // Two things named side by side in the plural stay two things.
        let both = need("syringes and sharps containers");
        assert!(both.contains(&"consumables.sharps_container"), "{both:?}");
        assert!(both.len() == 2, "{both:?}");
    }
}
