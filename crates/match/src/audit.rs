//! An independent checker of the hard constraints, for the evaluation and the tests.
//!
//! It restates each rule directly from its definition over the plain inputs, sharing no
//! code with the engine's scoring path except the configuration (which countries a
//! registration covers, what a currency is worth), so a bug in the engine's fast path
//! shows up as a counted violation instead of being checked by itself.

use medbridge_core::CodeScheme;
use medbridge_core::model::CooperationType;
use medbridge_taxonomy::{Recognizer, Taxonomy};

use crate::concepts::singular_mapped;
use crate::config::{Markets, Rates};
use crate::input::{Need, Offer};

/// Names of the hard constraints `offer` violates for `need` (empty when it may be shown).
pub fn violations(
    need: &Need,
    offer: &Offer,
    markets: &Markets,
    rates: &Rates,
) -> Vec<&'static str> {
    violations_with(need, &asked(need), offer, &is(offer), markets, rates)
}

/// [`violations`] with the concepts of both sides computed once by the caller
/// ([`asked`], [`is`]), for checking many pairs.
pub fn violations_with(
    need: &Need,
    asked: &[&str],
    offer: &Offer,
    is: &[&str],
    markets: &Markets,
    rates: &Rates,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !device_ok(need, asked, offer, is) {
        out.push("device_type");
    }
    if let Some(wanted) = need.cooperation {
        const PAIRS: [(CooperationType, CooperationType); 6] = [
            (
                CooperationType::EquipmentSupply,
                CooperationType::Distribution,
            ),
            (
                CooperationType::Distribution,
                CooperationType::EquipmentSupply,
            ),
            (
                CooperationType::TechnologyTransfer,
                CooperationType::JointRnd,
            ),
            (
                CooperationType::JointRnd,
                CooperationType::TechnologyTransfer,
            ),
            (
                CooperationType::ClinicalCooperation,
                CooperationType::EducationTraining,
            ),
            (
                CooperationType::EducationTraining,
                CooperationType::ClinicalCooperation,
            ),
        ];
        let fits = offer
            .cooperation
            .iter()
            .any(|o| *o == wanted || PAIRS.contains(&(wanted, *o)));
        if !fits {
            out.push("cooperation");
        }
    }
    let supply = matches!(
        need.cooperation,
        None | Some(CooperationType::EquipmentSupply | CooperationType::Distribution)
    );
    if let (Some(country), true) = (need.country, supply) {
        let legal = offer.registrations.iter().any(|r| {
            let started = r.valid_from.is_none_or(|d| d <= need.today);
            let not_ended = r.valid_until.is_none_or(|d| need.today <= d);
            started && not_ended && markets.covers(r, country)
        });
        if !legal {
            out.push("registration");
        }
    }
    if let (Some(budget), Some(price)) = (need.budget, offer.price) {
        let per_unit = budget.amount.as_f64() / f64::from(need.quantity.unwrap_or(1).max(1));
        let budget_base = rates.to_base(
            medbridge_core::Amount::from_cents((per_unit * 100.0).round() as i64)
                .unwrap_or(budget.amount),
            budget.currency,
            "budget",
        );
        let price_base = rates.to_base(price.min, price.currency, "price");
        match (budget_base, price_base) {
            (Ok(b), Ok(p)) if p <= b * (1.0 + 1e-6) => {}
            _ => out.push("price"),
        }
    }
    if let (Some(deadline), Some(days)) = (need.deadline, offer.lead_time_days)
        && need.today + chrono::Days::new(u64::from(days)) > deadline
    {
        out.push("lead_time");
    }
    out
}

/// The concepts a need names through its codes or its words, leaving out those that
/// another named concept refines ("ultrasound ... portable ultrasound" asks for the latter).
///
/// A top-level category named by the words beside a device type is where the device goes,
/// not a second thing asked for ("ventilator for the neonatology unit"), so it is left
/// out too; a code always counts.
///
/// A kind named in a bracket that lists several things after another name (`power tool
/// set (drill, reamer, oscillating saw)`) is one of that thing's parts and refines nothing.
pub fn asked(need: &Need) -> Vec<&'static str> {
    let taxonomy = Taxonomy::builtin();
    let (coded, mut worded) = named(need);
    let top = |id: &str| taxonomy.ancestors(id).next().is_none();
    if worded.iter().any(|&(id, _)| !top(id)) {
        worded.retain(|&(id, _)| !top(id));
    }
    let named: Vec<(&str, bool)> = coded
        .into_iter()
        .map(|id| (id, false))
        .chain(worded)
        .collect();
    named
        .iter()
        .filter(|&&(a, _)| {
            !named
                .iter()
                .any(|&(b, part)| b != a && !part && taxonomy.ancestors(b).any(|up| up.id() == a))
        })
        .map(|&(id, _)| id)
        .collect()
}

/// The concepts of a need's codes, and those its words name (with whether as a listed
/// part, see [`read`]).
fn named(need: &Need) -> (Vec<&'static str>, Vec<(&'static str, bool)>) {
    let taxonomy = Taxonomy::builtin();
    let coded: Vec<&str> = need
        .codes
        .iter()
        .filter(|c| {
            matches!(
                c.scheme(),
                CodeScheme::Fda | CodeScheme::Emdn | CodeScheme::Mb
            )
        })
        .flat_map(|c| taxonomy.by_code(c))
        .map(|c| c.id())
        .collect();
    let worded = need.texts.iter().flat_map(|t| read(&t.text)).collect();
    (coded, worded)
}

/// The concepts a text names, read as written and with its words in the singular, each
/// with whether it is named as a part of another thing: in a bracket right after a name
/// that lists several things (`,` `+` `;` `/` `、` `and`...), or after a word for "with".
/// A name one form finds inside a longer name the other form finds is part of that name
/// (`collecteur de seringues` is a sharps container, not also a syringe).
fn read(text: &str) -> Vec<(&'static str, bool)> {
    let taxonomy = Taxonomy::builtin();
    let recognizer = Recognizer::builtin();
    // (start, end, concept, read in the singular), in `text`'s offsets.
    let mut found: Vec<(usize, usize, &'static str, bool)> = recognizer
        .find(text)
        .iter()
        .filter_map(|m| {
            Some((
                m.span.start,
                m.span.end,
                taxonomy.get(m.concept)?.id(),
                false,
            ))
        })
        .collect();
    if let Some((singular, map)) = singular_mapped(text) {
        found.extend(recognizer.find(&singular).iter().filter_map(|m| {
            Some((
                map[m.span.start],
                map[m.span.end],
                taxonomy.get(m.concept)?.id(),
                true,
            ))
        }));
    }
    // A name said as the time of use (`перед автоклавом`, `灭菌前`) is not asked.
    found.retain(|m| !as_time(&text[..m.0], &text[m.1..]));
    let ends: Vec<usize> = found.iter().map(|m| m.1).collect();
    found
        .iter()
        .filter(|m| {
            !found.iter().any(|o| {
                o.3 != m.3 && o.2 != m.2 && o.0 <= m.0 && m.1 <= o.1 && o.1 - o.0 > m.1 - m.0
            })
        })
        .map(|m| {
            let listed = in_listing_bracket(text, &ends, m.0);
            (m.2, listed || after_with(&text[..m.0]))
        })
        .collect()
}

/// Whether a name between `before` and `after` is said as a time: after `before`,
/// `after`, `перед`, `avant`, `après` (an article between allowed), or before `前`/`后`
/// (looser than the engine, which also wants them to end the word: the audit must never
/// ask for a type the engine rightly does not).
fn as_time(before: &str, after: &str) -> bool {
    if after.starts_with(['前', '后']) || after.starts_with("之前") || after.starts_with("之后")
    {
        return true;
    }
    let mut words = before
        .rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty());
    let mut last = words.next().unwrap_or_default();
    if ["the", "le", "la", "les", "l"].contains(&last.as_str()) {
        last = words.next().unwrap_or_default();
    }
    ["before", "after", "перед", "avant", "après"].contains(&last.as_str())
}

/// Whether `before` ends in a word for "with" (`с`, `avec`, `with`, `带`...): what
/// follows is what a thing comes with.
fn after_with(before: &str) -> bool {
    if before.ends_with(['带', '配', '含', '附']) {
        return true;
    }
    let last = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    ["with", "avec", "с", "со", "incl", "including", "comprenant"].contains(&last.as_str())
}

/// Whether `at` lies in a bracket, not closed before it, that opens right after a
/// name (at most three words between them, as `set`, `x 2 pcs`: looser than the engine's
/// quantities, so that the audit never asks for less than the engine) and lists several
/// things.
fn in_listing_bracket(text: &str, ends: &[usize], at: usize) -> bool {
    let before = &text[..at];
    let Some(open) = before.rfind(['(', '（', '[']) else {
        return false;
    };
    if before[open..].contains([')', '）', ']']) {
        return false;
    }
    let Some(name_end) = ends.iter().copied().filter(|&e| e <= open).max() else {
        return false;
    };
    let words = text[name_end..open]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let inside = &text[open..];
    let inside = &inside[..inside.find([')', '）', ']']).unwrap_or(inside.len())];
    words <= 3
        && (inside.contains([',', '，', '、', ';', '；', '+', '/', '和', '及'])
            || inside
                .split_whitespace()
                .any(|w| ["and", "et", "и", "&"].contains(&w.to_lowercase().as_str())))
}

/// What an offer is: its codes' concepts, or what its words name when no code is mapped;
/// with a mapped code, also the kinds of a coded concept its words name (a `CBK`
/// ventilator described as a transport ventilator is one).
pub fn is(offer: &Offer) -> Vec<&'static str> {
    let taxonomy = Taxonomy::builtin();
    let mut is: Vec<&str> = offer
        .codes
        .iter()
        .filter(|c| {
            matches!(
                c.scheme(),
                CodeScheme::Fda | CodeScheme::Emdn | CodeScheme::Mb
            )
        })
        .flat_map(|c| taxonomy.by_code(c))
        .filter(|c| c.imported_from().is_none())
        .map(|c| c.id())
        .collect();
    let coded = is.clone();
    for (named, _) in offer.texts.iter().flat_map(|t| read(&t.text)) {
        let refines = coded
            .iter()
            .any(|c| taxonomy.ancestors(named).any(|up| up.id() == *c));
        if coded.is_empty() || refines {
            is.push(named);
        }
    }
    is
}

fn device_ok(need: &Need, asked: &[&str], offer: &Offer, is: &[&str]) -> bool {
    if asked.is_empty() && need.codes.is_empty() {
        return true;
    }
    if offer.codes.iter().any(|c| need.codes.contains(c)) {
        return true;
    }
    let taxonomy = Taxonomy::builtin();
    if is
        .iter()
        .any(|o| asked.iter().any(|a| taxonomy.is_same_or_descendant(o, a)))
    {
        return true;
    }
    // An offer coded at the most specific code its registries have for what was asked
    // (every FDA or EMDN code it carries is one of the nearest coded ancestor), or at the
    // class just above it when what was asked has a code of its own: the registries'
    // general codes also clear devices their specific codes were made for.
    let device_codes: Vec<_> = offer
        .codes
        .iter()
        .filter(|c| matches!(c.scheme(), CodeScheme::Fda | CodeScheme::Emdn))
        .collect();
    let coded_in = |id: &str, scheme: CodeScheme| {
        taxonomy
            .get(id)
            .is_some_and(|c| c.codes().iter().any(|k| k.scheme() == scheme))
    };
    !device_codes.is_empty()
        && asked.iter().any(|a| {
            [false, true].into_iter().any(|above| {
                device_codes.iter().all(|code| {
                    let scheme = code.scheme();
                    let class = if above {
                        coded_in(a, scheme)
                            .then(|| taxonomy.ancestors(a).find(|c| coded_in(c.id(), scheme)))
                            .flatten()
                            .filter(|c| c.parent_id().is_some())
                    } else {
                        std::iter::once(taxonomy.get(a))
                            .flatten()
                            .chain(taxonomy.ancestors(a))
                            .find(|c| coded_in(c.id(), scheme))
                    };
                    class.is_some_and(|class| taxonomy.by_code(code).any(|c| c.id() == class.id()))
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_listed_in_a_bracket_is_a_part_and_refines_nothing() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let asked_of = |text: &str| {
            // Each form of the text (as written, in the singular) names what it finds.
            let mut ids = asked(&Need::text(text, today));
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        assert_eq!(
            asked_of("Orthopaedic power tool set (drill, reamer, oscillating saw)"),
            ["orthopaedics.power_tools", "orthopaedics.power_tools.saw"]
        );
        // Alone in the bracket, or beside the type, the kind is what is asked.
        assert_eq!(
            asked_of("orthopaedic power tool set (oscillating saw)"),
            ["orthopaedics.power_tools.saw"]
        );
        assert_eq!(
            asked_of("orthopaedic power tools, oscillating saw"),
            ["orthopaedics.power_tools.saw"]
        );
        // A kind after "with" is a part.
        assert_eq!(
            asked_of("Наркозно-дыхательный аппарат с испарителями"),
            ["respiratory.anaesthesia_machine", "respiratory.vaporizer"]
        );
    }

    #[test]
    fn a_name_said_as_the_time_of_use_is_not_asked() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let asked_of = |text: &str| asked(&Need::text(text, today));
        for text in [
            "Пакеты для упаковки инструментов перед автоклавом",
            "sachets pour emballer les instruments avant l'autoclave",
            "灭菌器前，包装用的纸塑袋",
        ] {
            let ids = asked_of(text);
            assert!(
                ids.iter()
                    .all(|h| !h.starts_with("sterilisation") || *h == "sterilisation.packaging"),
                "{text}: {ids:?}"
            );
        }
        assert_eq!(
            asked_of("autoclave for the clinic, before March"),
            ["sterilisation.steam"]
        );
    }
}
