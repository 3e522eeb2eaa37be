//! The 32 provinces of the programme, and the one normaliser every layer uses for their names.
//!
//! Tables and rosters spell provinces every way people do: `新疆`, `新疆维吾尔自治区`, `新疆 自治区`
//! (as the seed prints it), `新疆生产建设兵团`, with full-width spaces. All of them end here as one of
//! 32 short names: the 31 provincial-level divisions of the mainland and 兵团 for 新疆生产建设兵团.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::str::FromStr;
use std::sync::OnceLock;

use crate::text::squeeze;

macro_rules! provinces {
    ($($variant:ident = $short:literal, $full:literal, $pinyin:literal;)*) => {
        /// A province (or 兵团), in the order of the national administrative-division codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Province { $($variant),* }

        impl Province {
            /// All 32, in code order.
            pub const ALL: [Province; 32] = [$(Province::$variant),*];

            /// The short name used everywhere in xibu's output: `新疆`, `兵团`.
            pub const fn name(self) -> &'static str {
                match self { $(Province::$variant => $short),* }
            }

            /// The official full name: `新疆维吾尔自治区`, `新疆生产建设兵团`.
            pub const fn full_name(self) -> &'static str {
                match self { $(Province::$variant => $full),* }
            }

            /// The pinyin name, for English output and English-speaking users: `Xinjiang`.
            pub const fn pinyin(self) -> &'static str {
                match self { $(Province::$variant => $pinyin),* }
            }
        }
    };
}

provinces! {
    Beijing = "北京", "北京市", "Beijing";
    Tianjin = "天津", "天津市", "Tianjin";
    Hebei = "河北", "河北省", "Hebei";
    Shanxi = "山西", "山西省", "Shanxi";
    NeiMongol = "内蒙古", "内蒙古自治区", "Inner Mongolia";
    Liaoning = "辽宁", "辽宁省", "Liaoning";
    Jilin = "吉林", "吉林省", "Jilin";
    Heilongjiang = "黑龙江", "黑龙江省", "Heilongjiang";
    Shanghai = "上海", "上海市", "Shanghai";
    Jiangsu = "江苏", "江苏省", "Jiangsu";
    Zhejiang = "浙江", "浙江省", "Zhejiang";
    Anhui = "安徽", "安徽省", "Anhui";
    Fujian = "福建", "福建省", "Fujian";
    Jiangxi = "江西", "江西省", "Jiangxi";
    Shandong = "山东", "山东省", "Shandong";
    Henan = "河南", "河南省", "Henan";
    Hubei = "湖北", "湖北省", "Hubei";
    Hunan = "湖南", "湖南省", "Hunan";
    Guangdong = "广东", "广东省", "Guangdong";
    Guangxi = "广西", "广西壮族自治区", "Guangxi";
    Hainan = "海南", "海南省", "Hainan";
    Chongqing = "重庆", "重庆市", "Chongqing";
    Sichuan = "四川", "四川省", "Sichuan";
    Guizhou = "贵州", "贵州省", "Guizhou";
    Yunnan = "云南", "云南省", "Yunnan";
    Xizang = "西藏", "西藏自治区", "Tibet";
    Shaanxi = "陕西", "陕西省", "Shaanxi";
    Gansu = "甘肃", "甘肃省", "Gansu";
    Qinghai = "青海", "青海省", "Qinghai";
    Ningxia = "宁夏", "宁夏回族自治区", "Ningxia";
    Xinjiang = "新疆", "新疆维吾尔自治区", "Xinjiang";
    Bingtuan = "兵团", "新疆生产建设兵团", "XPCC";
}

/// Suffixes that full names add to the short name, longest first so that `壮族自治区` is taken
/// whole before `自治区`.
const SUFFIXES: [&str; 6] = [
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];

/// Other names people use for 兵团.
const BINGTUAN_ALIASES: [&str; 4] = ["新疆生产建设兵团", "生产建设兵团", "新疆兵团", "兵团"];

/// `key` without its 省/市/自治区… suffix, or `key` itself when nothing would be left.
fn strip_suffix(key: &str) -> &str {
    SUFFIXES
        .iter()
        .find_map(|suffix| key.strip_suffix(suffix).filter(|s| !s.is_empty()))
        .unwrap_or(key)
}

/// A province name that is none of the 32, with the nearest one when there is a plausible one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown province {input:?}{}", did_you_mean(suggestions))]
pub struct UnknownProvince {
    pub input: String,
    /// The nearest names, all equally near (`山冬` is one slip from both 山东 and 山西).
    pub suggestions: Vec<Province>,
}

fn did_you_mean(suggestions: &[Province]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = suggestions.iter().map(|p| p.name()).collect();
    format!(" (did you mean {}?)", names.join(" or "))
}

impl Province {
    /// Normalises any accepted spelling to a province: short and full names, the suffixes
    /// 省/市/自治区/壮族自治区/回族自治区/维吾尔自治区, white space anywhere in the name (ASCII,
    /// full-width, no-break), full-width Latin letters, and the pinyin names (any case).
    pub fn parse(input: &str) -> Result<Province, UnknownProvince> {
        // The short and full names as written need no folding; rosters hold little else.
        let trimmed = crate::text::trim(input);
        if let Some(p) = exact().get(trimmed) {
            return Ok(*p);
        }
        let key = squeeze(input);
        // Echoed cut short, and no name is near a text of more than a few dozen characters.
        lookup(&key).ok_or_else(|| UnknownProvince {
            input: crate::input::short(input.trim(), crate::input::ECHO_CHARS),
            suggestions: if key.len() > 256 {
                Vec::new()
            } else {
                suggest(&key)
            },
        })
    }
}

impl FromStr for Province {
    type Err = UnknownProvince;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Province::parse(s)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Province {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Every short and full name as written, to its province: looked up for nearly every province
/// cell of a roster (a scan of the 64 names was a few percent of a check).
fn exact() -> &'static HashMap<&'static str, Province, BuildHasherDefault<Fnv>> {
    static NAMES: OnceLock<HashMap<&'static str, Province, BuildHasherDefault<Fnv>>> =
        OnceLock::new();
    NAMES.get_or_init(|| {
        Province::ALL
            .into_iter()
            .flat_map(|p| [(p.name(), p), (p.full_name(), p)])
            .collect()
    })
}

/// FNV-1a: the keys are a few bytes of fixed names, where SipHash's defence against chosen
/// collisions buys nothing and costs more than the lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn lookup(key: &str) -> Option<Province> {
    if key.is_empty() {
        return None;
    }
    if BINGTUAN_ALIASES.contains(&key) {
        return Some(Province::Bingtuan);
    }
    let stem = strip_suffix(key);
    let by_name = Province::ALL
        .into_iter()
        .find(|p| p.name() == stem || p.full_name() == key || squeeze(p.pinyin()) == key);
    by_name.or(match key {
        "xizang" => Some(Province::Xizang),
        "neimenggu" | "neimongol" => Some(Province::NeiMongol),
        "bingtuan" => Some(Province::Bingtuan),
        _ => None,
    })
}

/// The provinces whose short name is one character away from the stem of `key` (its suffix taken
/// off), or else whose short name the key contains ("黑龙江省份", "四川成都").
fn suggest(key: &str) -> Vec<Province> {
    let stem: Vec<char> = strip_suffix(key).chars().collect();
    if stem.len() >= 2 {
        let near: Vec<Province> = Province::ALL
            .into_iter()
            .filter(|p| edit_distance(&stem, &p.name().chars().collect::<Vec<_>>()) <= 1)
            .collect();
        if !near.is_empty() {
            return near;
        }
    }
    Province::ALL
        .into_iter()
        .filter(|p| key.contains(p.name()))
        .take(1)
        .collect()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = substitute.min(delete).min(insert);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_short_and_full_name_round_trips() {
        for p in Province::ALL {
            assert_eq!(Province::parse(p.name()), Ok(p));
            assert_eq!(Province::parse(p.full_name()), Ok(p));
            assert_eq!(Province::parse(p.pinyin()), Ok(p));
        }
    }

    #[test]
    fn a_province_as_a_number_is_its_place_in_all() {
        // Share counters index their per-province groups so (rules::share).
        for (i, p) in Province::ALL.into_iter().enumerate() {
            assert_eq!(p as usize, i, "{p}");
        }
    }

    #[test]
    fn names_are_distinct() {
        let mut names: Vec<_> = Province::ALL.iter().map(|p| p.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 32);
    }

    #[test]
    fn spellings_from_published_tables() {
        use Province::*;
        for (input, want) in [
            ("新疆 自治区", Xinjiang),
            ("新疆\u{3000}维吾尔\u{3000}自治区", Xinjiang),
            ("新疆 生产 建设 兵团", Bingtuan),
            ("新疆兵团", Bingtuan),
            (" 内蒙古自治区 ", NeiMongol),
            ("内蒙古", NeiMongol),
            ("广西壮族自治区", Guangxi),
            ("广西自治区", Guangxi),
            ("宁夏回族自治区", Ningxia),
            ("西藏自治区", Xizang),
            ("重庆市", Chongqing),
            ("山东省", Shandong),
            ("ｓｈａｎｄｏｎｇ", Shandong),
            ("XINJIANG", Xinjiang),
            ("Xizang", Xizang),
            ("NeiMenggu", NeiMongol),
        ] {
            assert_eq!(Province::parse(input), Ok(want), "{input:?}");
        }
    }

    #[test]
    fn shanxi_and_shaanxi_stay_apart() {
        assert_eq!(Province::parse("山西"), Ok(Province::Shanxi));
        assert_eq!(Province::parse("陕西省"), Ok(Province::Shaanxi));
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let err = Province::parse("新彊").unwrap_err();
        assert_eq!(err.suggestions, [Province::Xinjiang]);
        assert_eq!(
            err.to_string(),
            "unknown province \"新彊\" (did you mean 新疆?)"
        );
        let err = Province::parse("黑龙江省份").unwrap_err();
        assert_eq!(err.suggestions, [Province::Heilongjiang]);
        let err = Province::parse("四川成都").unwrap_err();
        assert_eq!(err.suggestions, [Province::Sichuan]);
    }

    #[test]
    fn an_even_slip_suggests_every_near_name() {
        let err = Province::parse("山冬省").unwrap_err();
        assert_eq!(err.suggestions, [Province::Shanxi, Province::Shandong]);
        assert_eq!(
            err.to_string(),
            "unknown province \"山冬省\" (did you mean 山西 or 山东?)"
        );
    }

    #[test]
    fn nonsense_has_no_suggestion() {
        for input in ["", "   ", "合计", "香港", "abc", "省", "自治区"] {
            let err = Province::parse(input).unwrap_err();
            assert!(err.suggestions.is_empty(), "{input:?}");
        }
    }
}
