//! Finding concepts mentioned in free text.
//!
//! Design, chosen for scanning millions of product descriptions:
//! - every synonym of every built-in concept is tokenized like the text (see `text`)
//!   and inserted into a token trie, so matching is one left-to-right pass doing
//!   leftmost-longest matching (`colour doppler ultrasound` beats `ultrasound`), except
//!   that a longer exact name starting inside the match and reaching past it wins
//!   unless it names an ancestor (`électrothérapie à courants interférentiels` in
//!   `appareil d'électrothérapie à courants interférentiels`);
//! - an English or French name of several words ending in a plural also matches in
//!   the singular, and a Latin plural in the text stands for its singular;
//! - word boundaries come for free from tokens: `КТ` never matches inside `контакт`;
//! - a synonym that is a single short all-caps abbreviation (`DR`, `TDM`, `КТ`) only
//!   matches text written in capitals, so `Dr. Wang` is not a radiography system;
//! - misspellings: a letters-only text token of 6+ characters that is not a known word
//!   may stand for a known word of 6+ characters at one edit (insertion, deletion,
//!   substitution or swap of neighbours) provided both start with the same letter,
//!   because first letters are rarely mistyped and `rental` must not become `dental`.
//!   Candidates come from a symmetric-deletion index, so no word list is scanned.
//!   The edit counts from the word as written, before the one-spelling fold of
//!   `text` (`analseur` is one letter from `analyseur`, stored as `analyzeur`).
//!   This also absorbs one-letter inflections (`дефибриллятора`, `monitors`).
//! - Russian declension changes up to three final letters (`мониторов`, `ультразвукового`),
//!   more than one edit, so a Cyrillic word may also match a known word that shares all
//!   but its last two letters (a stem of 5+ letters) when the text adds at most three;
//!   in a long word, also with one slip in a stem of 7+ letters whose last three stay
//!   (`трахиостомические`).
//! - Russian tenders name the noun first (`стол операционный`), so a two-word Russian
//!   synonym also matches with its words swapped.
//! - Chinese has no spelling, but buyers type by pinyin and pick the wrong character of
//!   the same sound (`血压记` for `血压计`, `雾话器` for `雾化器`). A Chinese synonym of
//!   four or more characters therefore matches with one character replaced anywhere
//!   between its first and its last, and so does one of three that ends in a device
//!   head character (机, 仪, 计, 箱 ...: [`HEAD_HOMOPHONES`]), since with only its ends
//!   left `中央站` would take in `中转站` (a transit depot). The last character may only
//!   be replaced by a known homophone of the head, since a free last character would
//!   read `呼吸道` (airway) as `呼吸机` and `手术室` (theatre) as `手术台`. The first
//!   character only by one that sounds alike, in a name of four or more (`兰光治疗仪`).
//!   Of two readings, the one whose replaced character sounds alike wins. A character
//!   that makes a common word with its neighbour (`医疗`, `设备`: [`COMMON_HAN_WORDS`])
//!   was meant, so `医疗设备` is not a slip for `医美设备`.
//!   Fuzzy matches are flagged in [`Mention::fuzzy`] so callers can weigh them lower.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use crate::taxonomy::{Lang, Taxonomy};
use crate::text::{Token, tokenize};

/// Shortest word (in characters) that spelling tolerance applies to.
const FUZZY_MIN_CHARS: usize = 6;
/// Longest single-token abbreviation that must be written in capitals to match.
const ABBREVIATION_MAX_CHARS: usize = 4;
/// Shortest stem a Russian ending may be replaced after.
const STEM_MIN_CHARS: usize = 5;
/// Letters a known Russian word may lose to its ending (`монитор-ы`).
const KNOWN_ENDING_MAX_CHARS: usize = 2;
/// Letters a word in the text may carry as its ending (`монитор-ами`).
const TEXT_ENDING_MAX_CHARS: usize = 3;
/// Shortest Cyrillic word that may carry both a slip and an ending, and the shortest
/// stem the slip may be in: long words only, where one edit rarely makes another word.
const TYPO_WORD_MIN_CHARS: usize = 9;
const TYPO_STEM_MIN_CHARS: usize = 7;
/// Letters at the end of such a stem that must be the known word's: a slip is made
/// anywhere, but a different end is another word made from the same root
/// (`эндоскопист`, a person, against `эндоскопия`).
const STEM_KEPT_END: usize = 3;
/// Shortest Chinese synonym (in characters) that may have an inner character replaced
/// whatever its last character; one character shorter will do when it ends in a head.
const HAN_INNER_MIN_CHARS: usize = 4;

/// Characters Chinese device names end in, each with characters of the same reading
/// (tones aside) that pinyin input offers in its place. Characters that are common
/// function words (`以`, `已`, `及`) are left out: `监护以及` must not read as `监护仪`.
/// 机 and 仪 also stand for each other: both head the name of an apparatus, and buyers
/// write `短波治疗机` for `短波治疗仪` (no two concepts' names differ only there, unlike
/// 机 and 器: `透析机` is the machine, `透析器` the dialyser).
const HEAD_HOMOPHONES: [(char, &str); 20] = [
    ('机', "几基击积级肌仪"),
    ('板', "版扳"),
    ('钉', "订丁顶"),
    ('袋', "代"),
    ('带', "代戴待贷"),
    ('计', "记纪技际继"),
    ('仪', "议宜移疑遗机"),
    ('器', "气汽起启"),
    ('箱', "相厢香湘"),
    ('椅', "倚乙"),
    ('镜', "境竟静径敬"),
    ('泵', "蹦迸"),
    ('台', "抬苔"),
    ('床', "窗闯"),
    ('灯', "登蹬"),
    ('针', "真珍侦"),
    ('罩', "照兆召"),
    ('钳', "前钱潜"),
    ('管', "馆贯"),
    ('表', "标彪"),
];

/// Groups of characters that sound alike (the same syllable, tone aside) among those of
/// the lexicon's Chinese names and what a pinyin keyboard offers beside them. They choose
/// between two readings of a name with one inner character replaced (`输夜器`, 夜 yè for
/// 液 yè, is an infusion set `输液器`, not a transfusion set `输血器`), and say which
/// characters a first character may stand for (`兰光治疗仪`).
const INNER_HOMOPHONES: [&str; 53] = [
    "液夜业叶页",
    "蓝兰篮栏拦",
    "血雪",
    "氧养痒样",
    "超抄钞潮",
    "声生升",
    "监兼坚间",
    "检简减剪",
    "护户互沪",
    "疗了聊辽",
    "诊珍真枕",
    "断段锻缎",
    "影应映硬",
    "像象向项",
    "脉麦卖迈",
    "压鸭押呀",
    "测侧策册",
    "电点店殿",
    "心新欣辛",
    "图涂途突",
    "动洞冻栋",
    "态太泰",
    "输书舒疏",
    "注主住助著",
    "射设社摄",
    "麻马妈码",
    "醉最罪",
    "呼乎忽糊",
    "吸西希息析",
    "透投头",
    "菌君军均",
    "消销小晓",
    "毒独读度",
    "腔枪强墙",
    "窥亏盔",
    "显现先险线县",
    "微危维为",
    "彩采菜才",
    "牙芽崖",
    "骨古谷股",
    "凝宁拧",
    "疫亿易益意",
    "免面棉勉",
    "化话画华",
    "验眼艳燕",
    "糖唐堂躺",
    "雾务物误",
    "刀到倒道导岛",
    "缝风封逢",
    "尿鸟",
    "胃位味喂",
    "肠长常场",
    "行形型星兴",
];

/// Two-character words of procurement texts. A character that makes one of them with
/// the character beside it was written on purpose, not picked by mistake for another of
/// the same sound: `医疗设备` (medical equipment) is not a slip for `医美设备` (aesthetic
/// equipment), nor `配套产品` (accessories) for a name of eyeglasses.
const COMMON_HAN_WORDS: [&str; 14] = [
    "医疗", "医用", "医院", "设备", "仪器", "器材", "器械", "装备", "用品", "产品", "配套", "辅助",
    "耗材", "机器",
];

/// Whether the Han character of token `at` makes one of [`COMMON_HAN_WORDS`] with the
/// token before or after it.
fn in_common_word(han: &[Option<char>], at: usize) -> bool {
    let word_at = |first: usize| {
        let (Some(Some(a)), Some(Some(b))) = (han.get(first), han.get(first + 1)) else {
            return false;
        };
        COMMON_HAN_WORDS.iter().any(|w| w.chars().eq([*a, *b]))
    };
    word_at(at) || (at > 0 && word_at(at - 1))
}

// Each character's groups are kept as bits of a u64.
const _: () = assert!(INNER_HOMOPHONES.len() <= 64);

/// Whether `typed` sounds like `intended` (see [`INNER_HOMOPHONES`] and the heads').
fn sounds_alike(intended: char, typed: char) -> bool {
    let of = |c: char| homophone_groups().get(&c).copied().unwrap_or(0);
    of(intended) & of(typed) != 0 || head_homophone(intended, typed)
}

/// Each character's [`INNER_HOMOPHONES`] groups, as bits: asked for every replaced
/// character tried, so a table.
fn homophone_groups() -> &'static HashMap<char, u64> {
    static GROUPS: OnceLock<HashMap<char, u64>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups: HashMap<char, u64> = HashMap::new();
        for (i, group) in INNER_HOMOPHONES.iter().enumerate() {
            for c in group.chars() {
                *groups.entry(c).or_default() |= 1 << i;
            }
        }
        groups
    })
}

/// The characters `typed` may stand for by sound: [`sounds_alike`] the other way round.
fn mates(typed: char) -> impl Iterator<Item = char> {
    let bits = homophone_groups().get(&typed).copied().unwrap_or(0);
    let inner = INNER_HOMOPHONES
        .iter()
        .enumerate()
        .filter(move |(i, _)| bits >> i & 1 == 1)
        .flat_map(|(_, group)| group.chars());
    let heads = HEAD_HOMOPHONES
        .iter()
        .filter(move |(_, alike)| alike.contains(typed))
        .map(|(head, _)| *head);
    inner.chain(heads).filter(move |&c| c != typed)
}

fn is_head(c: char) -> bool {
    HEAD_HOMOPHONES.iter().any(|(head, _)| *head == c)
}

fn head_homophone(intended: char, typed: char) -> bool {
    HEAD_HOMOPHONES
        .iter()
        .any(|(head, alike)| *head == intended && alike.contains(typed))
}

/// The multiply-rotate hash of rustc (FxHash). Lookups dominate matching time and the
/// keys are short words; the tables only ever hold our own vocabulary, so the
/// flooding resistance of the default SipHash buys nothing here.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// One concept found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'r, 't> {
    /// Id of the concept, valid in the taxonomy the recognizer was built from.
    pub concept: &'r str,
    /// The text as written, e.g. `Аппараты ИВЛ`.
    pub surface: &'t str,
    /// Byte range of `surface` in the text.
    pub span: Range<usize>,
    /// Some word was matched through a spelling correction or another Russian ending.
    pub fuzzy: bool,
}

/// A concept reached at the end of a synonym.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Target {
    concept: u32,
    capitals_only: bool,
}

/// Synonym matcher over a taxonomy's built-in concepts.
///
/// Imported terms are not indexed: their names are registry labels such as
/// `System, X-Ray, Tomography, Computed` that buyers do not write; texts reach them
/// through [`Taxonomy::links`] from the built-in concepts.
pub struct Recognizer {
    concept_ids: Vec<Box<str>>,
    /// Each concept's parent, by index into `concept_ids`.
    parents: Vec<Option<u32>>,
    words: Map<Box<str>, u32>,
    /// Words of [`FUZZY_MIN_CHARS`]+ letters under each one-character deletion of them.
    deletions: Map<Box<str>, Vec<u32>>,
    /// Cyrillic words of [`FUZZY_MIN_CHARS`]+ letters under their possible stems.
    stems: Map<Box<str>, Vec<u32>>,
    /// The same words under every one-letter deletion of those stems: a misspelt
    /// declined word (`трахиостомические`) finds `трахеостомическая` through its stem.
    stem_deletions: Map<Box<str>, Vec<u32>>,
    word_chars: Vec<Vec<char>>,
    /// For each known word, its `s` spelling where the fold wrote `z` (see
    /// [`s_spelling`]), so that a slip is counted from the word as written.
    word_s_spelling: Vec<Option<Vec<char>>>,
    /// Trie edges `(node, word) -> node`; node 0 is the root.
    edges: Map<(u32, u32), u32>,
    /// The same edges for words that are one Han character, by node: what a Chinese
    /// synonym may continue with where the text has another character.
    han_edges: Map<u32, Vec<(char, u32)>>,
    /// Latin words of [`FUZZY_MIN_CHARS`]+ letters by their spelling with every `y`
    /// written `i`: French and English buyers swap the two (`scyalitique` for
    /// `scialytique`, `oxymeter` for `oximeter`), often twice in one word.
    y_as_i: Map<String, Vec<u32>>,
    /// The Han character each node is reached by, when it is one.
    last_han: Map<u32, char>,
    targets: Map<u32, Vec<Target>>,
    /// Per concept: the Chinese qualifiers that make one of its children's names out of
    /// one of its own (`吊顶式` + `无影灯` = `吊顶式无影灯`, a ceiling light), and that child,
    /// longest qualifier first. See [`Recognizer::find`].
    zh_qualifiers: Map<u32, Vec<(String, u32)>>,
    /// The same for names in words (en, fr, ru): the words a child's name adds before or
    /// after one of its parent's (`portable` in `portable ultrasound`), lower case.
    word_qualifiers: Map<u32, Vec<(Vec<String>, u32)>>,
}

/// Per-call scratch space: what each text token may stand for.
struct Candidates {
    /// `(word, fuzzy)` pairs, `ranges[i]` of them for token `i`.
    words: Vec<(u32, bool)>,
    ranges: Vec<Range<usize>>,
    /// The character of each token that is one Han character.
    han: Vec<Option<char>>,
    /// Whether each token's Han character makes a common word with a neighbour, and so
    /// is never read as a slip (see [`in_common_word`]).
    meant: Vec<bool>,
}

/// A trie walk in progress: node, next token, corrections so far, and the replaced
/// Han character if any: its token, whether the text's character is a homophone of the
/// synonym's head character (which a last character must be), and whether it sounds
/// like the character it replaced (which breaks ties between readings).
type Step = (u32, usize, usize, Option<(usize, bool, bool)>);

/// Whether a synonym of `len` tokens ending in `last` (when that is one Han character)
/// tolerates the replacement of its token `at` (counted from its first), the text's
/// character there being a homophone of the synonym's head or not, sounding like the
/// character it replaced or not.
fn replacement_ok(len: usize, at: usize, homophone: bool, alike: bool, last: Option<char>) -> bool {
    if at + 1 == len {
        homophone
    } else if at == 0 {
        // The first character only by one that sounds alike (`兰光治疗仪` for
        // `蓝光治疗仪`), in a name of four or more: a free first character would take in
        // other words that end alike.
        alike && len >= HAN_INNER_MIN_CHARS
    } else {
        len >= HAN_INNER_MIN_CHARS || (len + 1 == HAN_INNER_MIN_CHARS && last.is_some_and(is_head))
    }
}

impl Recognizer {
    /// Indexes every name of every built-in concept of `taxonomy`.
    pub fn new(taxonomy: &Taxonomy) -> Recognizer {
        let mut recognizer = Recognizer {
            concept_ids: Vec::new(),
            parents: Vec::new(),
            words: Map::default(),
            deletions: Map::default(),
            stems: Map::default(),
            stem_deletions: Map::default(),
            y_as_i: Map::default(),
            word_chars: Vec::new(),
            word_s_spelling: Vec::new(),
            edges: Map::default(),
            han_edges: Map::default(),
            last_han: Map::default(),
            targets: Map::default(),
            zh_qualifiers: Map::default(),
            word_qualifiers: Map::default(),
        };
        let (mut buf, mut tokens) = (String::new(), Vec::new());
        let mut nodes = 1;
        for concept in taxonomy.concepts().filter(|c| c.imported_from().is_none()) {
            let concept_index = recognizer.concept_ids.len() as u32;
            recognizer.concept_ids.push(concept.id().into());
            let mut seen = HashSet::new();
            for name in Lang::ALL.into_iter().flat_map(|lang| concept.names(lang)) {
                tokenize(name, &mut buf, &mut tokens);
                let capitals_only = match tokens.as_slice() {
                    [only] => only.upper && is_abbreviation(&buf[only.norm.clone()]),
                    _ => false,
                };
                let node = recognizer.path(&mut nodes, &buf, tokens.iter());
                let target = Target {
                    concept: concept_index,
                    capitals_only,
                };
                if node != 0 && seen.insert((node, target)) {
                    recognizer.targets.entry(node).or_default().push(target);
                }
            }
        }
        // Variants of names buyers write, in a second pass so that no real name can land
        // on one, and never over a name of its own:
        // - Russian tenders put the noun first (`стол операционный`, `анализатор
        //   гематологический`), so a two-word Russian name also matches in the other order;
        // - French tenders drop the preposition (`détendeur oxygène`, `table traction`,
        //   `analyseur gaz sang`), so a French name also matches without its inner `de`,
        //   `d'`, `du`, `des`;
        // - an English or French name of several words ending in a plural also matches
        //   with it in the singular (`orthopaedic power tool set` for `orthopaedic power
        //   tools`); not a name of one word, whose plural may be another thing (`scrubs`
        //   are a suit, `orthopaedics` a field), nor one ending in `ss`, `us`, `is` or
        //   `ps` (`forceps`);
        // - a hyphen between two words of a name may be left out (`xray` for `X-ray`,
        //   `nonwoven` for `non-woven`).
        for (concept_index, concept) in taxonomy
            .concepts()
            .filter(|c| c.imported_from().is_none())
            .enumerate()
        {
            for name in [Lang::En, Lang::Fr]
                .into_iter()
                .flat_map(|lang| concept.names(lang).iter())
            {
                tokenize(name, &mut buf, &mut tokens);
                for variant in singular_variants(&buf, &tokens) {
                    let node = recognizer.path(&mut nodes, &buf, variant.iter());
                    recognizer.targets.entry(node).or_insert_with(|| {
                        vec![Target {
                            concept: concept_index as u32,
                            capitals_only: false,
                        }]
                    });
                }
            }
            for name in Lang::ALL
                .into_iter()
                .flat_map(|lang| concept.names(lang).iter())
            {
                let Some(joined) = without_inner_hyphens(name) else {
                    continue;
                };
                tokenize(&joined, &mut buf, &mut tokens);
                let node = recognizer.path(&mut nodes, &buf, tokens.iter());
                recognizer.targets.entry(node).or_insert_with(|| {
                    vec![Target {
                        concept: concept_index as u32,
                        capitals_only: false,
                    }]
                });
            }
            for (lang, name) in [Lang::Ru, Lang::Fr]
                .into_iter()
                .flat_map(|lang| concept.names(lang).iter().map(move |n| (lang, n)))
            {
                tokenize(name, &mut buf, &mut tokens);
                let Some(variant) = name_variant(lang, &buf, &tokens) else {
                    continue;
                };
                let node = recognizer.path(&mut nodes, &buf, variant.iter());
                recognizer.targets.entry(node).or_insert_with(|| {
                    vec![Target {
                        concept: concept_index as u32,
                        capitals_only: false,
                    }]
                });
            }
        }
        // Qualifiers of a child's names over its parent's: Chinese characters
        // (`半自动` in `半自动生化分析仪` over `生化分析仪`), two at least so that a single
        // one (`大`, `小`) never refines; words in the other languages (`portable` in
        // `portable ultrasound`), before or after the parent's name.
        let built: Vec<&crate::taxonomy::Concept> = taxonomy
            .concepts()
            .filter(|c| c.imported_from().is_none())
            .collect();
        let index: HashMap<&str, u32> = built
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id(), i as u32))
            .collect();
        recognizer.parents = built
            .iter()
            .map(|c| c.parent_id().and_then(|p| index.get(p).copied()))
            .collect();
        for (child_index, child) in built.iter().enumerate() {
            let Some(&parent_index) = child.parent_id().and_then(|p| index.get(p)) else {
                continue;
            };
            let parent = built[parent_index as usize];
            let child_index = child_index as u32;
            for name in child.names(Lang::Zh) {
                for head in parent.names(Lang::Zh) {
                    if let Some(qualifier) = name.strip_suffix(head.as_str()) {
                        let han = qualifier.chars().filter(|&c| is_han(c)).count();
                        if han >= 2 && han == qualifier.chars().count() {
                            let list = recognizer.zh_qualifiers.entry(parent_index).or_default();
                            push_new(list, (qualifier.to_string(), child_index));
                        }
                    }
                }
            }
            for lang in [Lang::En, Lang::Fr, Lang::Ru] {
                for name in child.names(lang).iter().map(|n| lower_words(n)) {
                    for head in parent.names(lang).iter().map(|n| lower_words(n)) {
                        if let Some(extra) = word_qualifier(&name, &head) {
                            let list = recognizer.word_qualifiers.entry(parent_index).or_default();
                            push_new(list, (extra.to_vec(), child_index));
                        }
                    }
                }
            }
        }
        for list in recognizer.word_qualifiers.values_mut() {
            list.sort_by_key(|(q, _)| std::cmp::Reverse(q.len()));
        }
        for list in recognizer.zh_qualifiers.values_mut() {
            list.sort_by_key(|(q, _)| std::cmp::Reverse(q.chars().count()));
        }
        recognizer
    }

    /// The child of `concept` that a Chinese qualifier written after its name, in the
    /// same clause, asks for: `LED无影灯，吊顶式双头` is a ceiling light, `生化仪半自动` a
    /// semi-automatic analyser. Buyers put the qualifiers after the device as often as
    /// before it.
    fn qualified(&self, concept: u32, after: &str) -> Option<u32> {
        let list = self.zh_qualifiers.get(&concept)?;
        let clause = after
            .split(['。', '；', ';', '\n', '、'])
            .next()
            .unwrap_or("");
        list.iter()
            .find(|(q, _)| clause.contains(q.as_str()))
            .map(|&(_, child)| child)
    }

    /// The child of `concept` that qualifying words written after its name ask for:
    /// `ultrasound machine portable`, `Ultrasound, portable, 2 probes`, `аппарат ИВЛ,
    /// транспортный`. The words must follow the name directly or stand alone between
    /// commas, so that `ventilators, portable suction units` stays a ventilator.
    fn qualified_by_words(&self, concept: u32, after: &str) -> Option<u32> {
        let list = self.word_qualifiers.get(&concept)?;
        let clause = after.split(['.', ';', '\n', '(']).next().unwrap_or("");
        let mut segments = clause.split([',', ':']).map(lower_words);
        let first = segments.next().unwrap_or_default();
        let alone: Vec<Vec<String>> = segments.collect();
        list.iter()
            .find(|(q, _)| {
                first.starts_with(q)
                    || alone
                        .iter()
                        .any(|seg| seg.len() == q.len() && q.iter().all(|w| seg.contains(w)))
            })
            .map(|&(_, child)| child)
    }

    /// The trie node reached by `tokens` (normalised text in `buf`), adding what is missing.
    fn path<'a>(
        &mut self,
        nodes: &mut u32,
        buf: &str,
        tokens: impl Iterator<Item = &'a Token>,
    ) -> u32 {
        let mut node = 0;
        for token in tokens {
            let text = &buf[token.norm.clone()];
            let word = self.word(text, token.alphabetic);
            let from = node;
            node = *self.edges.entry((node, word)).or_insert_with(|| {
                *nodes += 1;
                *nodes - 1
            });
            if let Some(c) = single_han(text) {
                self.last_han.insert(node, c);
                let next = self.han_edges.entry(from).or_default();
                if !next.contains(&(c, node)) {
                    next.push((c, node));
                }
            }
        }
        node
    }

    /// The recognizer for [`Taxonomy::builtin`], built on first use.
    pub fn builtin() -> &'static Recognizer {
        static BUILTIN: OnceLock<Recognizer> = OnceLock::new();
        BUILTIN.get_or_init(|| Recognizer::new(Taxonomy::builtin()))
    }

    /// Concepts mentioned in `text`, left to right, longest match first. A synonym
    /// shared by several concepts yields one mention per concept with the same span.
    pub fn find<'r, 't>(&'r self, text: &'t str) -> Vec<Mention<'r, 't>> {
        let mut buf = String::with_capacity(text.len() + 8);
        let mut tokens = Vec::with_capacity(text.len() / 4);
        tokenize(text, &mut buf, &mut tokens);
        let candidates = self.candidates(&buf, &tokens);
        let mut mentions = Vec::new();
        let mut stack = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            let Some(best) = self.longest(&tokens, &candidates, start, &mut stack) else {
                start += 1;
                continue;
            };
            // A Chinese match with a character replaced gives way to an exact one that
            // starts inside it and reaches as far: in `医用电动吸引器` the exact `电动吸引器`
            // (suction) is what was written, not `医用电动吸乳器` (breast pump) with one
            // character replaced. (Corrected Russian endings and English spellings keep
            // their longer match: `аппарата ИВЛ` is not just `ИВЛ`.)
            if best.fuzzy > 0
                && candidates.han[start].is_some()
                && (start + 1..best.end).any(|inner| {
                    self.longest(&tokens, &candidates, inner, &mut stack)
                        .is_some_and(|m| m.fuzzy == 0 && m.end >= best.end)
                })
            {
                start += 1;
                continue;
            }
            // Two names can overlap: in `数码裂隙灯显微镜` both `数码裂隙灯` (digital slit
            // lamp) and `显微镜` (microscope) are names, but the longer `裂隙灯显微镜`
            // (slit-lamp microscope) that starts inside the first and reaches past it is
            // what was written; so is `électrothérapie à courants interférentiels`
            // (interferential therapy) in `appareil d'électrothérapie à courants
            // interférentiels`, where `appareil d'électrothérapie` is a TENS unit. An
            // exact match starting inside another that reaches further and is longer
            // wins, and the words before it are read as a qualifier.
            if (start + 1..best.end).any(|inner| {
                self.longest(&tokens, &candidates, inner, &mut stack)
                    .is_some_and(|m| {
                        m.fuzzy == 0
                            && m.end > best.end
                            && m.end - inner > best.end - start
                            && !self.broadens(best.node, m.node)
                    })
            }) {
                start += 1;
                continue;
            }
            if best.end == start + 1
                && tokens[start].upper
                && a_title(
                    &buf[tokens[start].norm.clone()],
                    &text[tokens[start].span.end..],
                )
            {
                start += 1;
                continue;
            }
            if part_of_something_else(text, buf.as_str(), &tokens, start, best.end) {
                start = best.end;
                continue;
            }
            let span = tokens[start].span.start..tokens[best.end - 1].span.end;
            let accepted = self.accepted(best.node, &tokens[start]);
            let han = candidates.han[best.end - 1].is_some();
            mentions.extend(accepted.map(|target| {
                let after = &text[span.end..];
                let concept = if han {
                    self.qualified(target.concept, after)
                } else {
                    self.qualified_by_words(target.concept, after)
                }
                .unwrap_or(target.concept);
                Mention {
                    concept: &self.concept_ids[concept as usize],
                    surface: &text[span.clone()],
                    span: span.clone(),
                    fuzzy: best.fuzzy > 0,
                }
            }));
            start = best.end;
        }
        mentions
    }

    fn word(&mut self, word: &str, alphabetic: bool) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = self.word_chars.len() as u32;
        self.words.insert(word.into(), id);
        let chars: Vec<char> = word.chars().collect();
        let mut s_spelled = None;
        if alphabetic && chars.len() >= FUZZY_MIN_CHARS {
            // Doubled letters (`doppler`) yield the same deletion twice; index it once.
            let mut index = |deleted: &str| {
                let ids = self.deletions.entry(deleted.into()).or_default();
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            };
            for_each_deletion(&chars, &mut index);
            // Known words are stored in the one spelling of `text::spelling`, but a slip
            // is made on the word as written: `analseur` is one letter from `analyseur`,
            // two from the stored `analyzeur`. So the `s` spelling is indexed too, itself
            // (for a letter added to it) and under its deletions.
            if let Some(british) = s_spelling(&chars) {
                let word: String = british.iter().collect();
                index(&word);
                for_each_deletion(&british, &mut index);
                s_spelled = Some(british);
            }
            if is_cyrillic(&chars) {
                for stem in stems(&chars, KNOWN_ENDING_MAX_CHARS) {
                    let stem_chars: Vec<char> = stem.chars().collect();
                    if stem_chars.len() >= TYPO_STEM_MIN_CHARS {
                        for_each_deletion(&stem_chars, |deleted| {
                            let ids = self.stem_deletions.entry(deleted.into()).or_default();
                            if ids.last() != Some(&id) {
                                ids.push(id);
                            }
                        });
                    }
                    self.stems.entry(stem.into()).or_default().push(id);
                }
            }
            if let Some(folded) = y_as_i(&chars) {
                self.y_as_i.entry(folded).or_default().push(id);
            }
        }
        self.word_s_spelling.push(s_spelled);
        self.word_chars.push(chars);
        id
    }

    fn candidates(&self, buf: &str, tokens: &[Token]) -> Candidates {
        let mut out = Candidates {
            words: Vec::new(),
            ranges: Vec::with_capacity(tokens.len()),
            han: Vec::with_capacity(tokens.len()),
            meant: Vec::new(),
        };
        let mut feminine = String::new();
        for token in tokens {
            let begin = out.words.len();
            let text = &buf[token.norm.clone()];
            out.han.push(single_han(text));
            let exact = self.words.get(text).copied();
            out.words.extend(exact.map(|id| (id, false)));
            // A Latin plural stands for its singular (`HIV test kits`, `sets de perfusion`),
            // as a correction where the plural is itself a known word, so that a name
            // written with it wins (`ventouses` is cupping, `ventouse` a vacuum
            // extractor); short capitals are abbreviations (`CTS` is not `CT`).
            if token.alphabetic
                && text.len() >= 4
                && text.is_ascii()
                && !(token.upper && text.len() <= 4)
            {
                let singulars = [text.strip_suffix('s'), text.strip_suffix("es")];
                out.words.extend(
                    singulars
                        .into_iter()
                        .flatten()
                        .filter_map(|singular| self.words.get(singular))
                        .map(|&id| (id, exact.is_some())),
                );
                // A French adjective agrees with its noun (`appareil de traction cervical`
                // for a name with `cervicale`, `échographe portatif` for `portative`'s
                // masculine `portatif`...): the form with or without a final `e` stands for
                // it, as a correction, also where the written form is itself a known word
                // (`cervical` is one, so the one-edit tolerance does not apply).
                if text.len() >= 5 {
                    feminine.clear();
                    feminine.push_str(text);
                    feminine.push('e');
                    let other = [Some(feminine.as_str()), text.strip_suffix('e')];
                    for id in other
                        .into_iter()
                        .flatten()
                        .filter_map(|w| self.words.get(w))
                    {
                        if !out.words[begin..].iter().any(|&(seen, _)| seen == *id) {
                            out.words.push((*id, true));
                        }
                    }
                }
            }
            if token.alphabetic && text.chars().nth(FUZZY_MIN_CHARS - 1).is_some() {
                self.near_words(text, exact.is_some(), &mut out.words);
            } else if token.alphabetic && exact.is_none() && text.chars().nth(3).is_some() {
                // Too short for the one-edit tolerance, but a consonant written once for
                // twice, or twice for once, is the commonest slip and rarely makes
                // another word (`cast cuter`, `вана`).
                for_each_doubling(text, |variant| {
                    if let Some(&id) = self.words.get(variant)
                        && !out.words[begin..].iter().any(|&(seen, _)| seen == id)
                    {
                        out.words.push((id, true));
                    }
                });
            }
            out.ranges.push(begin..out.words.len());
        }
        out.meant = (0..tokens.len())
            .map(|i| in_common_word(&out.han, i))
            .collect();
        out
    }

    /// Appends the known words `text` may stand for besides itself: words one edit away
    /// that share its first letter, unless `text` is itself a known word (one edit from
    /// a real word is usually another real word); and, for Cyrillic, words with the same
    /// stem, even for a known word, since `медицинских` is a known word and still
    /// stands for `медицинская` in `медицинских кроватей`.
    fn near_words(&self, text: &str, known: bool, out: &mut Vec<(u32, bool)>) {
        let chars: Vec<char> = text.chars().collect();
        let begin = out.len();
        let push = |id: u32, out: &mut Vec<(u32, bool)>| {
            if !out[begin..].iter().any(|&(seen, _)| seen == id) {
                out.push((id, true));
            }
        };
        if !known {
            let push_if_one_edit = |id: u32, out: &mut Vec<(u32, bool)>| {
                let word = &self.word_chars[id as usize];
                if word[0] == chars[0]
                    && (one_edit_apart(word, &chars)
                        || self.word_s_spelling[id as usize]
                            .as_ref()
                            .is_some_and(|w| one_edit_apart(w, &chars)))
                {
                    push(id, out);
                }
            };
            // A letter missing from the text, then an extra or a changed letter in it.
            for &id in self.deletions.get(text).into_iter().flatten() {
                push_if_one_edit(id, out);
            }
            if let Some(folded) = y_as_i(&chars) {
                for &id in self.y_as_i.get(&folded).into_iter().flatten() {
                    if self.word_chars[id as usize][0] == chars[0] {
                        push(id, out);
                    }
                }
            }
            for_each_deletion(&chars, |deleted| {
                for &id in self
                    .words
                    .get(deleted)
                    .into_iter()
                    .chain(self.deletions.get(deleted).into_iter().flatten())
                {
                    push_if_one_edit(id, out);
                }
            });
        }
        if is_cyrillic(&chars) {
            for stem in stems(&chars, TEXT_ENDING_MAX_CHARS) {
                for &id in self.stems.get(stem.as_str()).into_iter().flatten() {
                    push(id, out);
                }
            }
            if !known {
                self.misspelt_stems(&chars, |id| push(id, out));
            }
        }
    }

    /// Calls `found` with the Cyrillic words whose stem is one edit from a stem of
    /// `chars` (an unknown word of [`TYPO_WORD_MIN_CHARS`]+ letters, without an ending
    /// of 1..=[`TEXT_ENDING_MAX_CHARS`] letters), starts with the same letter and ends
    /// like it ([`STEM_KEPT_END`]): a slip and an ending in one word, each of which
    /// alone the tolerances above absorb.
    fn misspelt_stems(&self, chars: &[char], mut found: impl FnMut(u32)) {
        if chars.len() < TYPO_WORD_MIN_CHARS {
            return;
        }
        let mut seen: Vec<u32> = Vec::new();
        for cut in 1..=TEXT_ENDING_MAX_CHARS {
            let Some(stem) = chars.len().checked_sub(cut).map(|end| &chars[..end]) else {
                continue;
            };
            if stem.len() < TYPO_STEM_MIN_CHARS {
                continue;
            }
            let mut check = |id: u32| {
                if seen.contains(&id) {
                    return;
                }
                let word = &self.word_chars[id as usize];
                let near = word[0] == stem[0]
                    && (0..=KNOWN_ENDING_MAX_CHARS).any(|known_cut| {
                        let Some(known) = word.get(..word.len().saturating_sub(known_cut)) else {
                            return false;
                        };
                        known.len() >= TYPO_STEM_MIN_CHARS
                            && known.ends_with(&stem[stem.len() - STEM_KEPT_END..])
                            && one_edit_apart(known, stem)
                    });
                if near {
                    seen.push(id);
                    found(id);
                }
            };
            let whole: String = stem.iter().collect();
            // A letter missing from the text's stem.
            for &id in self
                .stem_deletions
                .get(whole.as_str())
                .into_iter()
                .flatten()
            {
                check(id);
            }
            // An extra or a changed letter in it.
            for_each_deletion(stem, |deleted| {
                let extra = self.stems.get(deleted).into_iter().flatten();
                let changed = self.stem_deletions.get(deleted).into_iter().flatten();
                for &id in extra.chain(changed) {
                    check(id);
                }
            });
        }
    }

    /// The longest synonym starting at token `start`, preferring fewer corrections.
    /// `stack` is scratch space, passed in so that one allocation serves a whole text.
    fn longest(
        &self,
        tokens: &[Token],
        candidates: &Candidates,
        start: usize,
        stack: &mut Vec<Step>,
    ) -> Option<Match> {
        let mut best: Option<Match> = None;
        stack.clear();
        stack.push((0, start, 0, None));
        while let Some((node, at, fuzzy, replaced)) = stack.pop() {
            // Longest, then fewest corrections, then a replaced character that sounds
            // like the one it stands for.
            let alike = replaced.is_none_or(|(_, _, alike)| alike);
            let better = best.as_ref().is_none_or(|b| {
                (at, usize::MAX - fuzzy, alike) > (b.end, usize::MAX - b.fuzzy, b.alike)
            });
            let replacement_ok = replaced.is_none_or(|(token, homophone, alike)| {
                let last = self.last_han.get(&node).copied();
                replacement_ok(at - start, token - start, homophone, alike, last)
            });
            if better && replacement_ok && self.accepted(node, &tokens[start]).next().is_some() {
                best = Some(Match {
                    end: at,
                    fuzzy,
                    node,
                    alike,
                });
            }
            let Some(range) = candidates.ranges.get(at) else {
                continue;
            };
            for &(word, corrected) in &candidates.words[range.clone()] {
                if let Some(&next) = self.edges.get(&(node, word)) {
                    stack.push((next, at + 1, fuzzy + usize::from(corrected), replaced));
                }
            }
            // One Han character replaced; the first only by one that sounds alike (see
            // the module documentation).
            if let (None, Some(typed)) = (replaced, candidates.han[at])
                && !candidates.meant[at]
            {
                if at == start {
                    // Only the few characters that sound like it, looked up one by one:
                    // the root has an edge for the first character of every name.
                    let mut utf8 = [0u8; 4];
                    for intended in mates(typed) {
                        let Some(&word) = self.words.get(&*intended.encode_utf8(&mut utf8)) else {
                            continue;
                        };
                        if let Some(&next) = self.edges.get(&(node, word)) {
                            let homophone = head_homophone(intended, typed);
                            stack.push((next, at + 1, fuzzy + 1, Some((at, homophone, true))));
                        }
                    }
                } else {
                    for &(intended, next) in self.han_edges.get(&node).into_iter().flatten() {
                        if intended != typed {
                            let homophone = head_homophone(intended, typed);
                            let alike = sounds_alike(intended, typed);
                            stack.push((next, at + 1, fuzzy + 1, Some((at, homophone, alike))));
                        }
                    }
                }
            }
        }
        best
    }

    /// Whether a concept named at `wider` is above one named at `node`: then the
    /// name at `node` says more (`транспедикулярная система` is a pedicle screw system,
    /// not merely the `система для фиксации позвоночника` that overlaps it).
    fn broadens(&self, node: u32, wider: u32) -> bool {
        let (Some(narrow), Some(wide)) = (self.targets.get(&node), self.targets.get(&wider)) else {
            return false;
        };
        narrow.iter().any(|n| {
            let mut at = self.parents[n.concept as usize];
            while let Some(c) = at {
                if wide.iter().any(|w| w.concept == c) {
                    return true;
                }
                at = self.parents[c as usize];
            }
            false
        })
    }

    /// The concepts a synonym ending at trie `node` yields when it starts at `first`.
    /// Only one-token synonyms are capitals-only, so `first` is the token to check.
    fn accepted<'a>(&'a self, node: u32, first: &'a Token) -> impl Iterator<Item = &'a Target> {
        self.targets
            .get(&node)
            .into_iter()
            .flatten()
            .filter(|target| !target.capitals_only || first.upper)
    }
}

/// The best synonym found from one start token.
struct Match {
    /// Index of the token after the synonym.
    end: usize,
    /// How many of its words were corrected.
    fuzzy: usize,
    /// The trie node it ends at.
    node: u32,
    /// No character replaced, or one replaced by one that sounds like it.
    alike: bool,
}

/// Words for a part, accessory or consumable *of* a device, in their folded form. Written
/// right after an English device name (`microscope slides`, `X-ray tube stand`), or before
/// a French, Russian or English one with a preposition (`lames de microscope`, `лампа для
/// микроскопа`, `spare parts for ventilators`), they say the text is about that thing, not
/// the device. Names that contain such a word (`ECG paper`, `ultrasound probe`) are
/// matched whole before this is asked, so only what the taxonomy has no name for is left.
const PART_AFTER: &str = "slide slides stand stands drape drapes cover covers lamp lamps \
    bulb bulbs cable cables adapter adapters adaptor adaptors holder holders mount mounts \
    accessory accessories parts coupler couplers shield shields tester testers phantom phantoms";
const PART_BEFORE: &str = "slides lamp lamps bulb bulbs cover covers stand cable cables \
    parts battery batteries accessories adapter adapters drapes \
    lame lames lampe lampes ampoule ampoules housse housses pieces rechange batterie accessoires \
    adaptateur adaptateurs support supports champ champs \
    лампа лампы ламп стекла стекло чехол чехлы кабель кабели запчасти запасные части аккумулятор \
    аккумуляторы переходник адаптер принадлежности комплектующие \
    reagent reagents consumables reactif reactifs consommables реагент реагенты реактивы \
    расходники";
const PART_LINK: &str = "for of de d du des pour для к";

/// Whether a word in capitals that is also a device abbreviation is a title before a
/// name instead (`DR. HAM'S F-10 FORMULATION`, `MR. RAZOR` in the 510(k) file's capitals
/// are not digital radiography or MRI): written with a full stop and a word right after.
fn a_title(folded: &str, after: &str) -> bool {
    matches!(folded, "dr" | "mr")
        && after
            .strip_prefix('.')
            .is_some_and(|rest| rest.trim_start().starts_with(char::is_alphabetic))
}

/// Whether `word` is one of the space-separated `words`.
fn listed(words: &str, word: &str) -> bool {
    words.split_ascii_whitespace().any(|w| w == word)
}

/// Whether the device name in `tokens[start..end]` only qualifies a part or accessory
/// written next to it (see [`PART_AFTER`]). Chinese is left out: its compounds
/// (`显微镜载玻片`) are read by the longest match.
fn part_of_something_else(
    text: &str,
    buf: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
) -> bool {
    let norm = |t: &Token| &buf[t.norm.clone()];
    let next_to = |a: &Token, b: &Token| {
        text[a.span.end..b.span.start]
            .trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .is_empty()
    };
    if !tokens[end - 1].alphabetic {
        return false;
    }
    if let Some(next) = tokens.get(end)
        && next.alphabetic
        && next_to(&tokens[end - 1], next)
        && listed(PART_AFTER, norm(next))
    {
        return true;
    }
    start >= 2 && {
        let (part, link) = (&tokens[start - 2], &tokens[start - 1]);
        next_to(part, link)
            && next_to(link, &tokens[start])
            && listed(PART_LINK, norm(link))
            && listed(PART_BEFORE, norm(part))
    }
}

/// The character of a token that is one Han character (Chinese is tokenized by character).
fn single_han(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_han(c) => Some(c),
        _ => None,
    }
}

/// Words that link a qualifier to its noun rather than qualify it.
const LINKING_WORDS: [&str; 12] = [
    "for", "with", "and", "the", "des", "pour", "avec", "les", "une", "для", "при", "без",
];

/// The words a child's name (`name`) adds before or after its parent's (`head`), when
/// they are real qualifiers: no linking word (`for`, `pour`, `для`), no single letters
/// or numbers alone.
fn word_qualifier<'n>(name: &'n [String], head: &[String]) -> Option<&'n [String]> {
    if head.is_empty() || head.len() >= name.len() {
        return None;
    }
    let extra = if name.starts_with(head) {
        &name[head.len()..]
    } else if name.ends_with(head) {
        &name[..name.len() - head.len()]
    } else {
        return None;
    };
    extra
        .iter()
        .all(|w| {
            w.chars().count() >= 3
                && w.chars().any(char::is_alphabetic)
                && !LINKING_WORDS.contains(&w.as_str())
        })
        .then_some(extra)
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The words of `text`, lower case, split at anything but letters, digits and hyphens.
/// The words of `text` in lower case, for comparing qualifiers: Russian adjective endings
/// and a Latin plural `s` are dropped, so that `транспортные` qualifies like the
/// `транспортный` of a name, and `mobiles` like `mobile`.
fn lower_words(text: &str) -> Vec<String> {
    const ENDINGS: [&str; 22] = [
        "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий",
        "ой", "ую", "юю", "ым", "им", "ых", "их", "ей",
    ];
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase().replace('ё', "е");
            let chars = w.chars().count();
            let russian = chars >= 6 && w.chars().all(|c| ('а'..='я').contains(&c) || c == '-');
            let latin = chars >= 5 && w.is_ascii() && !w.ends_with("ss");
            let stem = if russian {
                ENDINGS.iter().find_map(|e| w.strip_suffix(e))
            } else if latin {
                w.strip_suffix('s')
            } else {
                None
            };
            stem.map_or_else(|| w.clone(), str::to_string)
        })
        .collect()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

fn is_abbreviation(word: &str) -> bool {
    word.chars().count() <= ABBREVIATION_MAX_CHARS
}

fn is_cyrillic(chars: &[char]) -> bool {
    chars.iter().all(|c| ('\u{0400}'..='\u{04FF}').contains(c))
}

/// The name `tokens` (of several words) with its last word, a Latin plural, made
/// singular: without its `s`, and also without `es`.
fn singular_variants(buf: &str, tokens: &[Token]) -> Vec<Vec<Token>> {
    let [.., last] = tokens else {
        return Vec::new();
    };
    let word = &buf[last.norm.clone()];
    if tokens.len() < 2
        || !last.alphabetic
        || !word.is_ascii()
        || word.len() < 4
        || !word.ends_with('s')
        || ["ss", "us", "is", "ps"]
            .iter()
            .any(|end| word.ends_with(end))
    {
        return Vec::new();
    }
    let strip = if word.ends_with("es") { 2 } else { 1 };
    (1..=strip)
        .map(|cut| {
            let mut variant = tokens.to_vec();
            let end = variant.len() - 1;
            variant[end].norm.end -= cut;
            variant
        })
        .collect()
}

/// `name` with every hyphen between two letters left out (`X-ray unit` → `Xray unit`),
/// when it has one.
fn without_inner_hyphens(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let inner = |i: usize| {
        chars[i] == '-'
            && i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_alphabetic()
            && chars[i + 1].is_alphabetic()
    };
    (0..chars.len()).any(inner).then(|| {
        (0..chars.len())
            .filter(|&i| !inner(i))
            .map(|i| chars[i])
            .collect()
    })
}

/// The other way buyers write a name of `lang` (see `Recognizer::new`): a two-word
/// Russian name in the other order, a French one without its inner prepositions.
fn name_variant(lang: Lang, buf: &str, tokens: &[Token]) -> Option<Vec<Token>> {
    match lang {
        Lang::Ru => {
            let two_words = tokens.len() == 2
                && tokens.iter().all(|t| {
                    t.alphabetic && is_cyrillic(&buf[t.norm.clone()].chars().collect::<Vec<_>>())
                });
            two_words.then(|| tokens.iter().rev().cloned().collect())
        }
        Lang::Fr => {
            let preposition = |t: &Token| matches!(&buf[t.norm.clone()], "de" | "d" | "du" | "des");
            let inner = tokens.len() >= 3
                && tokens[1..tokens.len() - 1].iter().any(preposition)
                && !preposition(&tokens[0])
                && !preposition(&tokens[tokens.len() - 1]);
            inner.then(|| tokens.iter().filter(|t| !preposition(t)).cloned().collect())
        }
        Lang::Zh | Lang::En => None,
    }
}

/// A stored word's spelling with `s` where [`crate::text`] folds it to `z` (`analyzeur` →
/// `analyseur`, `sterilization` → `sterilisation`), when it has such a place.
fn s_spelling(chars: &[char]) -> Option<Vec<char>> {
    let word: String = chars.iter().collect();
    if !word.contains('z') {
        return None;
    }
    let mut out = word.replace("yze", "yse");
    for (american, british) in [("ization", "isation"), ("izer", "iser"), ("ized", "ised")] {
        out = out.replace(american, british);
    }
    (out != word).then(|| out.chars().collect())
}

/// A Latin word with a `y` or an `i`, spelt with `i` for every `y`; `None` otherwise.
fn y_as_i(chars: &[char]) -> Option<String> {
    let latin = chars.iter().all(|c| c.is_ascii_lowercase());
    (latin && chars.iter().any(|&c| c == 'y' || c == 'i')).then(|| {
        chars
            .iter()
            .map(|&c| if c == 'y' { 'i' } else { c })
            .collect()
    })
}

/// `chars` without its last 0..=`max_cut` characters, keeping at least [`STEM_MIN_CHARS`].
fn stems(chars: &[char], max_cut: usize) -> impl Iterator<Item = String> + '_ {
    (0..=max_cut)
        .filter(move |&cut| chars.len() >= STEM_MIN_CHARS + cut)
        .map(move |cut| chars[..chars.len() - cut].iter().collect())
}

/// Calls `f` with every string obtained by deleting one character of `chars` but the
/// first: matches must keep the first letter, so that deletion can never pair up.
fn for_each_deletion(chars: &[char], mut f: impl FnMut(&str)) {
    let mut deleted = String::with_capacity(chars.len() * 4);
    for skip in 1..chars.len() {
        deleted.clear();
        deleted.extend(&chars[..skip]);
        deleted.extend(&chars[skip + 1..]);
        f(&deleted);
    }
}

/// Optimal-string-alignment distance of exactly one.
/// Calls `f` with `text` with each consonant doubled, and with each doubled consonant
/// written once.
fn for_each_doubling(text: &str, mut f: impl FnMut(&str)) {
    let consonant = |c: char| c.is_alphabetic() && !"aeiouyаеёиоуыэюя".contains(c);
    let mut variant = String::with_capacity(text.len() + 4);
    for (at, c) in text.char_indices().filter(|&(_, c)| consonant(c)) {
        let after = &text[at + c.len_utf8()..];
        variant.clear();
        variant.push_str(&text[..at]);
        if !after.starts_with(c) {
            variant.push(c);
            variant.push(c);
        }
        variant.push_str(after);
        f(&variant);
    }
}

fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => false,
        (la, lb) if la == lb + 1 => a[1..] == *b,
        (la, lb) if lb == la + 1 => b[1..] == *a,
        (la, lb) if la == lb => {
            a[1..] == b[1..] || (la >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&'static str, &str)> {
        Recognizer::builtin()
            .find(text)
            .into_iter()
            .map(|m| (m.concept, m.surface))
            .collect()
    }

    fn concepts(text: &str) -> Vec<&'static str> {
        found(text)
            .into_iter()
            .map(|(concept, _)| concept)
            .collect()
    }

    #[test]
    fn recognises_buyer_wording_in_four_languages() {
        let cases: [(&str, &[&str]); 8] = [
            (
                "Закупка: аппарат ИВЛ, КТ 64 среза, МРТ 1,5 Тл",
                &["respiratory.ventilator", "imaging.ct", "imaging.mri"],
            ),
            (
                "УЗИ аппарат экспертного класса, ЭКГ 12 каналов",
                &["imaging.ultrasound", "cardiology.ecg"],
            ),
            (
                "进口彩超一台，呼吸机两台，监护仪十台",
                &[
                    "imaging.ultrasound.colour_doppler",
                    "respiratory.ventilator",
                    "monitoring.patient_monitor",
                ],
            ),
            (
                "采购64排CT机及DSA",
                &["imaging.ct", "imaging.xray.angiography"],
            ),
            (
                "Appel d'offres : échographe, scanner TDM et IRM 1.5T",
                &[
                    "imaging.ultrasound",
                    "imaging.ct",
                    "imaging.ct",
                    "imaging.mri",
                ],
            ),
            (
                "respirateur de réanimation, pousse-seringue",
                &["respiratory.ventilator.icu", "infusion.syringe_pump"],
            ),
            (
                "oxygen concentrator 10L, patient monitor, AED",
                &[
                    "respiratory.oxygen_concentrator",
                    "monitoring.patient_monitor",
                    "cardiology.defibrillator.aed",
                ],
            ),
            (
                "Echographe sans accents; ECHOGRAPHE en capitales",
                &["imaging.ultrasound", "imaging.ultrasound"],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(concepts(text), expected, "{text}");
        }
    }

    #[test]
    fn prefers_the_longest_synonym() {
        assert_eq!(
            found("color Doppler ultrasound system and ultrasound probe"),
            [
                (
                    "imaging.ultrasound.colour_doppler",
                    "color Doppler ultrasound system"
                ),
                ("imaging.ultrasound.probe", "ultrasound probe"),
            ]
        );
    }

    #[test]
    fn a_longer_chinese_name_overlapping_a_shorter_one_wins() {
        // `数码裂隙灯` and `显微镜` are both names, but `裂隙灯显微镜` reaches further.
        assert_eq!(
            found("数码裂隙灯显微镜"),
            [("ophthalmology.slit_lamp", "裂隙灯显微镜")]
        );
        // Names that only touch are both kept.
        assert_eq!(
            concepts("彩超和显微镜"),
            ["imaging.ultrasound.colour_doppler", "lab.microscope"]
        );
    }

    #[test]
    fn a_hyphen_between_words_of_a_name_may_be_left_out() {
        assert_eq!(
            concepts("dental xray intraoral wall mounted"),
            ["dental.xray_intraoral"]
        );
        assert_eq!(
            concepts("NONINVASIVE PACEMAKER"),
            ["cardiology.transcutaneous_pacemaker"]
        );
        assert_eq!(
            without_inner_hyphens("X-ray unit").as_deref(),
            Some("Xray unit")
        );
        // Only a hyphen between two letters: not one after a number, nor a dash.
        assert_eq!(without_inner_hyphens("64-slice CT"), None);
        assert_eq!(without_inner_hyphens("- a list"), None);
    }

    #[test]
    fn a_name_ending_in_a_plural_matches_its_singular() {
        assert_eq!(
            concepts("battery operated orthopaedic power tool sets"),
            ["orthopaedics.power_tools"]
        );
        assert_eq!(
            concepts("ELECTROCARDIOGRAPH ELECTRODE"),
            ["monitoring.ecg_electrode"]
        );
        // Not a name of one word, nor one whose plural is its singular.
        assert_eq!(concepts("orthopaedic"), Vec::<&str>::new());
        assert_eq!(
            concepts("ALLIGATOR JAW GRASPING FORCEP"),
            ["surgery.instruments.forceps"]
        );
    }

    #[test]
    fn a_longer_name_in_words_overlapping_a_shorter_one_wins_unless_it_is_broader() {
        // `appareil d'électrothérapie` is a TENS unit, but what was written is the
        // interferential therapy named by the longer name that starts inside it.
        assert_eq!(
            found("Appareil d'électrothérapie à courants interférentiels pour kiné"),
            [(
                "physiotherapy.interferential",
                "électrothérapie à courants interférentiels"
            )]
        );
        assert_eq!(
            concepts("dental X-ray film processor"),
            ["imaging.xray.film_processor"]
        );
        // The longer name overlapping it is its parent: the first name says more.
        assert_eq!(
            concepts("Транспедикулярная система для фиксации позвоночника"),
            ["orthopaedics.spinal_fixation.pedicle_screw"]
        );
    }

    #[test]
    fn a_device_name_qualifying_a_part_is_not_the_device() {
        for text in [
            "microscope stand",
            "pièces de rechange pour échographe",
            "reagents for blood gas analyzer",
            "лампа для микроскопа",
            "spare parts for ventilators",
        ] {
            assert_eq!(concepts(text), Vec::<&str>::new(), "{text}");
        }
        // Next to other words, or apart from the part, the device is read as before.
        assert_eq!(
            concepts("binocular microscope for the laboratory"),
            ["lab.microscope"]
        );
        assert_eq!(concepts("microscope, stand included"), ["lab.microscope"]);
        // Slides have a device type of their own, which is what they are read as.
        for text in ["MICROSCOPE SLIDES PRECOATED", "lames de microscope"] {
            assert_eq!(concepts(text), ["lab.microscope_slides"], "{text}");
        }
        assert_eq!(concepts("ultrasound probe cover"), Vec::<&str>::new());
        assert_eq!(concepts("ultrasound probe"), ["imaging.ultrasound.probe"]);
    }

    #[test]
    fn reads_a_latin_plural_as_its_singular() {
        assert_eq!(concepts("HIV test kits"), ["ivd.rapid_test.hiv"]);
        assert_eq!(concepts("100 sets de perfusion"), ["consumables.iv_set"]);
        // A plural that is itself part of a name keeps that name's reading.
        assert_eq!(concepts("ventouses"), ["tcm.cupping"]);
        // Short capitals are abbreviations, not plurals.
        assert_eq!(concepts("CTS"), Vec::<&str>::new());
    }

    #[test]
    fn a_short_word_may_double_or_undouble_a_consonant() {
        assert_eq!(
            concepts("electric cast cuter"),
            concepts("electric cast cutter")
        );
        assert!(!concepts("electric cast cutter").is_empty());
        let mut seen = Vec::new();
        for_each_doubling("cuter", |v| seen.push(v.to_string()));
        assert_eq!(seen, ["ccuter", "cutter", "cuterr"]);
        seen.clear();
        for_each_doubling("ванна", |v| seen.push(v.to_string()));
        assert_eq!(seen, ["вванна", "вана", "ваннна"]);
    }

    #[test]
    fn a_title_before_a_name_is_not_an_abbreviation() {
        // Read as the culture medium it is, not as digital radiography.
        assert_eq!(
            concepts("DR. HAM'S F-12 FORMULATION"),
            ["lab.cell_culture.medium"]
        );
        assert!(concepts("MR. RAZOR II TWIN").is_empty());
        assert_eq!(concepts("DR. 3 rooms"), concepts("DR 3 rooms"));
        assert!(!concepts("DR, 3 rooms").is_empty());
    }

    #[test]
    fn reports_original_spans() {
        let text = "Nous cherchons un Échographe Doppler-couleur et des Sondes.";
        let mentions = Recognizer::builtin().find(text);
        let spans: Vec<(&str, &str)> = mentions
            .iter()
            .map(|m| (&text[m.span.clone()], m.surface))
            .collect();
        assert_eq!(
            spans,
            [("Échographe Doppler-couleur", "Échographe Doppler-couleur")]
        );
        assert!(mentions.iter().all(|m| !m.fuzzy));
        // A plural read as its singular keeps its own span, marked as corrected.
        let text = "Échographes Doppler-couleur";
        let mentions = Recognizer::builtin().find(text);
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].concept, "imaging.ultrasound.colour_doppler");
        assert_eq!(&text[mentions[0].span.clone()], text);
    }

    #[test]
    fn abbreviations_do_not_match_inside_words_or_in_lower_case() {
        for text in [
            "контакт с поставщиком",
            "the doctor will call",
            "Dr. Wang and his pet",
        ] {
            assert_eq!(concepts(text), Vec::<&str>::new(), "{text}");
        }
        assert_eq!(concepts("КТ головного мозга"), ["imaging.ct"]);
        assert_eq!(concepts("PET scanner"), ["imaging.nuclear.pet"]);
        assert_eq!(concepts("pet-ct"), ["imaging.nuclear.pet_ct"]);
    }

    #[test]
    fn a_replaced_character_that_sounds_alike_wins_a_tie() {
        // 夜 (yè) for 液 (yè): an infusion set, though 输血器 is as near in writing.
        assert_eq!(concepts("一次性输夜器"), ["consumables.iv_set"]);
        // 雪 (xuě) for 血 (xuè): a transfusion set.
        assert_eq!(concepts("输雪器"), ["consumables.transfusion_set"]);
        // 形 (xíng) for 行 (xíng): a walker (助行器), not an eating aid (助食器).
        assert_eq!(
            concepts("老人助形器 可折叠 带轮子"),
            ["rehabilitation.walking_aid.walker"]
        );
        assert!(sounds_alike('液', '夜') && !sounds_alike('液', '血'));
        // The first character, only by one that sounds alike and in a name of four or more.
        assert_eq!(concepts("新生儿兰光治疗仪"), ["neonatal.phototherapy"]);
        assert_eq!(concepts("兰光治疗仪"), ["neonatal.phototherapy"]);
        assert_eq!(concepts("新电图机"), ["cardiology.ecg"]);
        assert_eq!(concepts("书液泵"), Vec::<&str>::new());
        assert_eq!(concepts("首术台"), Vec::<&str>::new());
    }

    #[test]
    fn a_french_adjective_matches_in_either_gender() {
        // `cervical` is a known word (`cervical collar`), so only the agreement rule
        // reads it for the name's `cervicale`.
        let text = "appareil de traction cervical";
        let mentions = Recognizer::builtin().find(text);
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(mentions[0].concept, "physiotherapy.traction");
        assert_eq!(
            mentions[0].span,
            0..text.len(),
            "the whole name, with its adjective"
        );
        assert_eq!(concepts("lampe frontal"), ["surgery.headlight"]);
        let mentions = Recognizer::builtin().find("lampe frontal");
        assert!(mentions.iter().all(|m| m.fuzzy), "a correction is flagged");
    }

    #[test]
    fn french_names_match_without_their_preposition() {
        assert_eq!(
            concepts("détendeur oxygène avec débitmètre"),
            ["respiratory.oxygen_flowmeter"]
        );
        assert_eq!(concepts("analyseur gaz sang"), ["ivd.blood_gas_analyzer"]);
        // With it, as before.
        assert_eq!(
            concepts("analyseur de gaz du sang"),
            ["ivd.blood_gas_analyzer"]
        );
    }

    #[test]
    fn a_typo_counts_from_the_word_as_written_not_its_folded_spelling() {
        // `analyseur` is stored as `analyzeur` and `stérilisation` as `sterilization`:
        // a letter dropped from the written word is still one edit.
        assert_eq!(concepts("analseur d'urine"), ["ivd.urine_analyzer"]);
        assert_eq!(concepts("urine analser"), ["ivd.urine_analyzer"]);
        assert_eq!(
            concepts("stérilsation basse température"),
            ["sterilisation.low_temperature"]
        );
        let mentions = Recognizer::builtin().find("dialser");
        assert!(!mentions.is_empty());
        assert!(mentions.iter().all(|m| m.fuzzy), "a correction is flagged");
        // Still one edit only: two slips in one word are not read.
        assert_eq!(concepts("analsur d'urine"), Vec::<&str>::new());
    }

    #[test]
    fn tolerates_one_typo_in_long_words_but_not_in_the_first_letter() {
        let mentions = Recognizer::builtin().find("defibrilator, ultrasound scaner");
        let got: Vec<(&str, bool)> = mentions.iter().map(|m| (m.concept, m.fuzzy)).collect();
        assert_eq!(
            got,
            [
                ("cardiology.defibrillator", true),
                ("imaging.ultrasound", true)
            ]
        );
        assert_eq!(concepts("rental unit"), Vec::<&str>::new());
        assert_eq!(concepts("stent"), ["cardiology.stent"]);
        assert_eq!(
            concepts("stemt"),
            Vec::<&str>::new(),
            "short words must match exactly"
        );
    }

    #[test]
    fn reads_y_for_i_and_i_for_y_in_latin_words() {
        // Two swaps in one word: two edits, beyond the one-edit tolerance.
        let mentions = Recognizer::builtin().find("Scyalitique mobile sur pied");
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(mentions[0].concept, "surgery.operating_light.mobile");
        assert!(mentions[0].fuzzy);
        assert_eq!(concepts("oxymeter"), ["monitoring.pulse_oximeter"]);
        assert_eq!(concepts("histeroscope"), ["endoscopy.hysteroscope"]);
        // The first letter still has to agree, and short words still match exactly.
        assert_eq!(concepts("yximeter"), Vec::<&str>::new());
    }

    #[test]
    fn reads_chinese_homophone_slips_but_not_other_words() {
        let slips = [
            ("上臂式电子血压记", "monitoring.blood_pressure"),
            ("压缩式雾话器", "respiratory.nebulizer"),
            ("心电国机", "cardiology.ecg"),
            ("手动轮倚", "rehabilitation.wheelchair"),
            ("锁定接骨版", "orthopaedics.bone_plate"),
            ("交锁髓内订", "orthopaedics.intramedullary_nail"),
            // 机 and 仪 both head an apparatus's name.
            ("短波治疗机", "physiotherapy.shortwave"),
        ];
        for (text, concept) in slips {
            let mentions = Recognizer::builtin().find(text);
            let got: Vec<(&str, bool)> = mentions.iter().map(|m| (m.concept, m.fuzzy)).collect();
            assert_eq!(got, [(concept, true)], "{text}");
        }
        // A free last character, a first character, or only the two ends of a name that
        // does not end in a device head are not slips but other words.
        for text in [
            "呼吸道",
            "重症监护室",
            "手术室",
            "中转站",
            "监护以及",
            "吸呼机",
            // A character that makes a common word with its neighbour was meant.
            "医疗设备",
            "医用设备采购",
            "医疗器材",
            "配套产品",
            "辅助仪器",
            "辅助机器",
        ] {
            assert_eq!(concepts(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn an_exact_name_inside_a_corrected_one_wins() {
        // `医用电动吸乳器` (breast pump) is one character from `医用电动吸引器`, which
        // ends in the exact `电动吸引器` (electric suction).
        let mentions = Recognizer::builtin().find("医用电动吸引器，负压可调");
        let got: Vec<(&str, bool)> = mentions.iter().map(|m| (m.concept, m.fuzzy)).collect();
        assert_eq!(got, [("respiratory.suction.electric", false)]);
    }

    #[test]
    fn counts_one_edit_including_a_swap_of_neighbours() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let apart = |a: &str, b: &str| one_edit_apart(&chars(a), &chars(b));
        assert!(apart("monitor", "monitr"));
        assert!(apart("monitor", "moniter"));
        assert!(apart("monitor", "monitors"));
        assert!(apart("monitor", "mointor"));
        assert!(!apart("monitor", "monitor"));
        assert!(!apart("monitor", "mointro"));
        assert!(!apart("monitor", "monit"));
    }

    #[test]
    fn reads_chinese_qualifiers_written_after_the_device() {
        assert_eq!(
            concepts("LED无影灯，吊顶式双头"),
            ["surgery.operating_light.ceiling"]
        );
        assert_eq!(
            concepts("生化仪半自动"),
            ["ivd.chemistry_analyzer.semi_automatic"]
        );
        // Not across items of a list, nor from a qualifier that names no child.
        assert_eq!(
            concepts("无影灯2套、吊顶式手术台2张"),
            ["surgery.operating_light", "surgery.operating_table"]
        );
        assert_eq!(
            concepts("全自动生化分析仪，速度400测试/小时以上"),
            ["ivd.chemistry_analyzer"]
        );
    }

    #[test]
    fn reads_qualifying_words_written_after_the_device() {
        assert_eq!(
            concepts("Ultrasound machine portable with 2 probes"),
            ["imaging.ultrasound.portable"]
        );
        assert_eq!(
            concepts("X-ray machine, mobile, 100 mA"),
            ["imaging.xray.mobile"]
        );
        assert_eq!(
            concepts("аппарат ИВЛ, транспортный"),
            ["respiratory.ventilator.transport"]
        );
        // In another case or number than the name's.
        assert_eq!(
            concepts("аппараты ИВЛ, транспортные"),
            ["respiratory.ventilator.transport"]
        );
        assert_eq!(
            concepts("échographes, portables"),
            ["imaging.ultrasound.portable"]
        );
        // A qualifier of the next item in a list does not reach back.
        assert_eq!(
            concepts("ventilators, portable suction units"),
            ["respiratory.ventilator", "respiratory.suction"]
        );
    }

    #[test]
    fn reads_russian_case_endings() {
        assert_eq!(
            concepts("поставка мониторов пациента и электрокардиографов"),
            ["monitoring.patient_monitor", "cardiology.ecg"]
        );
        // Tender word order, noun first.
        assert_eq!(
            concepts("Стол операционный универсальный; анализатор гематологический 5-diff"),
            [
                "surgery.operating_table",
                "ivd.haematology_analyzer.five_part"
            ]
        );
        // `медицинских` is itself a known word, yet must still reach `медицинская`.
        assert_eq!(
            concepts("закупка медицинских кроватей и ультразвукового сканера"),
            ["furniture.hospital_bed", "imaging.ultrasound"]
        );
    }

    #[test]
    fn reads_a_slip_and_an_ending_in_one_long_russian_word() {
        let found = Recognizer::builtin().find("Трубки трахиостомические с манжетой 7,0");
        let got: Vec<(&str, bool)> = found.iter().map(|m| (m.concept, m.fuzzy)).collect();
        assert_eq!(got, [("respiratory.tracheostomy_tube", true)]);
        // A word made from the same root with another end is another word.
        assert_eq!(concepts("для врачей-эндоскопистов"), Vec::<&str>::new());
    }

    #[test]
    fn every_synonym_is_recognised_as_its_own_concept() {
        // Guards the data: a synonym shadowed by another concept's, or one the tokenizer
        // reduces to nothing, would silently never be found.
        let taxonomy = Taxonomy::builtin();
        for concept in taxonomy.concepts() {
            for lang in Lang::ALL {
                for name in concept.names(lang) {
                    let found = concepts(name);
                    assert_eq!(found, [concept.id()], "{name:?} ({})", lang.as_str());
                }
            }
        }
    }
}
