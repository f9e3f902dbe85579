//! Text normalisation shared by synonym indexing and recognition.
//!
//! Both sides go through the same [`tokenize`], so a synonym matches exactly the texts
//! that normalise to the same token sequence. Tokens rather than characters are the
//! unit of matching because word boundaries are what keep `КТ` out of `контакт` and
//! `CT` out of `doctor`; Chinese is written without spaces, so every Han character is
//! a token of its own and `彩超` matches inside `进口彩超设备`.

use std::ops::Range;

/// One token of a normalised text.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    /// Byte range of the normalised form in the tokenizer's output buffer.
    pub norm: Range<usize>,
    /// Byte range of the original text the token was read from.
    pub span: Range<usize>,
    /// Letters only, no Han and no digits: the tokens worth a spelling correction.
    pub alphabetic: bool,
    /// Every cased letter was written in upper case (`DR`, not `Dr`).
    pub upper: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Han,
    /// Combining accents of decomposed text: dropped without breaking the word.
    Mark,
    Separator,
}

fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | 'А'..='я' => Class::Letter,
        '0'..='9' => Class::Digit,
        c if c.is_ascii() => Class::Separator,
        '\u{0300}'..='\u{036F}' => Class::Mark,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}' => Class::Han,
        c if c.is_numeric() => Class::Digit,
        c if c.is_alphabetic() => Class::Letter,
        _ => Class::Separator,
    }
}

/// Appends the folded form of one already-lowercased character.
///
/// Accents are folded because French buyers drop them as often as they type them
/// (`echographe`, `échographe`); `ё` because Russian text uses `е` for it most of the time.
fn push_folded(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ё' => 'е',
        'œ' => return out.push_str("oe"),
        'æ' => return out.push_str("ae"),
        'ß' => return out.push_str("ss"),
        other => other,
    };
    out.push(folded);
}

/// Lower case of ASCII and basic Cyrillic, which make up nearly all text seen, without
/// the Unicode table lookups; `None` for any other character (including `ё`, folded).
fn basic_lowercase(c: char) -> Option<char> {
    match c {
        'A'..='Z' | 'А'..='Я' => char::from_u32(c as u32 + 32),
        'a'..='z' | 'а'..='я' | '0'..='9' => Some(c),
        _ => None,
    }
}

/// Full-width forms (`ＣＴ`, `３Ｄ`) are common in Chinese text; they mean the ASCII letter.
fn unwiden(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// One spelling for words that British and American English (and French, where it
/// shares the stem) write differently, so that a name written one way is found written the
/// other, also in combinations no list of synonyms spells out (`haematology analyzer`,
/// `steriliser`): `ae` and a leading `oe` read `e` (haematology, anaesthesia, oesophageal,
/// foetal), `yse` reads `yze` (analyser, dialyser), `iser`/`ised`/`isation` read with `z`,
/// and `colour` reads `color`, a final `tre`/`bre` reads `ter`/`ber` (centre, fibre,
/// thermomètre). Short words (abbreviations such as `AED`) and non-ASCII words are left as
/// they are. `None` when nothing changes.
fn spelling(word: &str) -> Option<String> {
    // Every word of every text and name comes here: most have none of these spellings and
    // leave without an allocation.
    const SIGNS: [&str; 8] = ["ae", "yse", "is", "oe", "colour", "tre", "bre", "foet"];
    if word.len() < 5 || !word.is_ascii() || !SIGNS.iter().any(|s| word.contains(s)) {
        return None;
    }
    let mut out = word.replace("ae", "e").replace("yse", "yze");
    for (british, american) in [("isation", "ization"), ("iser", "izer"), ("ised", "ized")] {
        out = out.replace(british, american);
    }
    if let Some(rest) = out.strip_prefix("oe") {
        out = format!("e{rest}");
    }
    out = out.replace("foet", "fet").replace("colour", "color");
    for (from, to) in [
        ("tre", "ter"),
        ("tres", "ters"),
        ("bre", "ber"),
        ("bres", "bers"),
    ] {
        if let Some(stem) = out.strip_suffix(from) {
            out = format!("{stem}{to}");
            break;
        }
    }
    (out != word).then_some(out)
}

/// Splits `text` into normalised tokens, writing their text into `buf`.
///
/// Both output arguments are cleared first, so callers can reuse their allocations.
///
/// Words are runs of letters; a letter-digit change also starts a new token, so `CT64`
/// and `CT-64` both read as `ct 64`.
pub(crate) fn tokenize(text: &str, buf: &mut String, tokens: &mut Vec<Token>) {
    buf.clear();
    tokens.clear();
    let mut current: Option<(Class, Token)> = None;
    let finish =
        |current: &mut Option<(Class, Token)>, tokens: &mut Vec<Token>, buf: &mut String| {
            if let Some((_, mut token)) = current.take() {
                if token.alphabetic
                    && let Some(folded) = spelling(&buf[token.norm.clone()])
                {
                    buf.truncate(token.norm.start);
                    buf.push_str(&folded);
                    token.norm.end = buf.len();
                }
                tokens.push(token);
            }
        };
    for (at, raw) in text.char_indices() {
        let c = unwiden(raw);
        let end = at + raw.len_utf8();
        match class(c) {
            Class::Separator => finish(&mut current, tokens, buf),
            Class::Mark => {
                if let Some((_, token)) = current.as_mut() {
                    token.span.end = end;
                }
            }
            kind => {
                let continues =
                    matches!(&current, Some((k, _)) if *k == kind && kind != Class::Han);
                if !continues {
                    finish(&mut current, tokens, buf);
                    let start = buf.len();
                    current = Some((
                        kind,
                        Token {
                            norm: start..start,
                            span: at..end,
                            alphabetic: kind == Class::Letter,
                            upper: true,
                        },
                    ));
                }
                let (_, token) = current.as_mut().expect("a token was just opened");
                token.span.end = end;
                match basic_lowercase(c) {
                    Some(lower) => {
                        token.upper &= lower != c || kind == Class::Digit;
                        buf.push(lower);
                    }
                    None => {
                        token.upper &= !c.is_lowercase();
                        c.to_lowercase().for_each(|lower| push_folded(lower, buf));
                    }
                }
                token.norm.end = buf.len();
            }
        }
    }
    finish(&mut current, tokens, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let (mut buf, mut tokens) = (String::new(), Vec::new());
        tokenize(text, &mut buf, &mut tokens);
        tokens
            .iter()
            .map(|t| buf[t.norm.clone()].to_owned())
            .collect()
    }

    #[test]
    fn folds_case_accents_yo_and_full_width() {
        assert_eq!(
            words("Échographe DOPPLER couleur"),
            ["echographe", "doppler", "couleur"]
        );
        assert_eq!(words("Аппарат ИВЛ, ёмкость"), ["аппарат", "ивл", "емкость"]);
        assert_eq!(words("ＣＴ机"), ["ct", "机"]);
        // Decomposed e + combining acute is the same word as precomposed é.
        assert_eq!(words("e\u{301}chographe"), ["echographe"]);
    }

    #[test]
    fn reads_british_and_american_spellings_alike() {
        assert_eq!(words("Haematology Analyser"), words("hematology analyzer"));
        assert_eq!(
            words("steriliser sterilisation"),
            words("sterilizer sterilization")
        );
        assert_eq!(
            words("oesophageal foetal colour"),
            words("esophageal fetal color")
        );
        assert_eq!(
            words("centre fibre thermomètre"),
            words("center fiber thermometer")
        );
        // Abbreviations and other words keep their letters.
        assert_eq!(words("AED tres analysis"), ["aed", "tres", "analysis"]);
    }

    #[test]
    fn splits_han_characters_and_letter_digit_runs() {
        assert_eq!(words("进口彩超"), ["进", "口", "彩", "超"]);
        assert_eq!(words("PET/CT-64排"), ["pet", "ct", "64", "排"]);
        assert_eq!(words("X-ray, x ray"), ["x", "ray", "x", "ray"]);
    }

    #[test]
    fn records_original_spans_and_case() {
        let text = "le Scanner TDM";
        let (mut buf, mut tokens) = (String::new(), Vec::new());
        tokenize(text, &mut buf, &mut tokens);
        let spans: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["le", "Scanner", "TDM"]);
        assert_eq!(
            tokens.iter().map(|t| t.upper).collect::<Vec<_>>(),
            [false, false, true]
        );
    }
}
