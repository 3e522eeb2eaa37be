//! P05: 岗位名称/服务单位 suggests 涉密, 反恐, 维稳 or 敏感信息 work.

use super::finding::{Detail, Finding, Keyword, Rows, Severity};
use super::meta::{Meta, ScopeKind};
use super::options::Words;
use super::{Check, Ctx, Rule};
use crate::roster::schema::Column;
use crate::roster::{Field, Record};

declare_options! {
    pub struct Options {
        /// words in 岗位名称 or 服务单位 that suggest such a post
        #[zh = "岗位名称或服务单位中提示此类岗位的词"]
        keywords: Words = Words(vec!["涉密".to_string(), "保密".to_string(), "机要".to_string(), "反恐".to_string(), "维稳".to_string(), "国家安全".to_string(), "敏感".to_string()]),
    }
}

pub const META: Meta = Meta {
    id: "P05",
    title_zh: "不得安排涉密、反恐维稳一线岗位或处理敏感信息",
    title_en: "No posts in classified, counter-terrorism or stability work, or with sensitive files",
    severity: Severity::Warning,
    scope: ScopeKind::Row,
    columns: &[],
    any_columns: &[Column::PostName, Column::ServiceUnit],
    summary: None,
    explanation: "## What it does
Looks for the configured words (涉密, 保密, 机要, 反恐, 维稳, 国家安全, 敏感) in each row's 岗位名称 and
服务单位, and warns where one appears. It is a warning: a word is a hint, not proof — 保密 in
`保密宣传` may be harmless — and a person has to look.

## Why
The notice forbids posting volunteers to classified or counter-terrorism and stability front-line
work, or having them handle sensitive documents.

## Example
岗位名称 `综治维稳专干` gets a warning, and so does `敏感信息整理员`; `小学语文教师` does not.",
    explanation_zh: "## 作用
在每一行的岗位名称和服务单位中查找所配置的词（涉密、保密、机要、反恐、维稳、国家安全、敏感），出现就给出警告。只给警告，是因为一个词只是线索，不是证据——`保密宣传` 中的 `保密` 可能并无问题——需要有人来看。

## 原因
通知禁止把志愿者安排在涉密、反恐维稳工作一线的岗位，也不得安排志愿者处理敏感信息文件。

## 示例
岗位名称 `综治维稳专干` 会得到警告，`敏感信息整理员` 也会；`小学语文教师` 不会。",
};

pub const RULE: Rule = rule!(META, Options, |o: Options| P05 {
    firsts: Chars::new(o.keywords.0.iter().filter_map(|w| w.chars().next())),
    keywords: o.keywords.0,
});

struct P05 {
    /// The first character of each keyword: a post containing none of them matches no keyword.
    firsts: Chars,
    keywords: Vec<String>,
}

/// A set of characters: a bitmap over the Basic Multilingual Plane (where every CJK character a
/// keyword would start with is), a list for the rest. One look per character of a post instead
/// of one comparison per keyword.
struct Chars {
    bmp: Box<[u64]>,
    rest: Vec<char>,
}

impl Chars {
    fn new(chars: impl Iterator<Item = char>) -> Chars {
        let mut set = Chars {
            bmp: vec![0; 0x1_0000 / 64].into_boxed_slice(),
            rest: Vec::new(),
        };
        for c in chars {
            let n = c as usize;
            match set.bmp.get_mut(n / 64) {
                Some(word) => *word |= 1 << (n % 64),
                None => set.rest.push(c),
            }
        }
        set
    }

    fn contains(&self, c: char) -> bool {
        let n = c as usize;
        match self.bmp.get(n / 64) {
            Some(word) => word >> (n % 64) & 1 == 1,
            None => self.rest.contains(&c),
        }
    }
}

impl P05 {
    /// The first keyword, in the configured order, that the text contains. One pass over the
    /// text: only where a keyword's first character stands is a keyword compared (most posts
    /// hold none of those characters), instead of a search of the whole text per keyword.
    fn first_word_in(&self, text: &str) -> Option<&str> {
        let mut best: Option<usize> = None;
        for (at, c) in text.char_indices() {
            if !self.firsts.contains(c) {
                continue;
            }
            let rest = text.get(at..).unwrap_or_default();
            let limit = best.unwrap_or(self.keywords.len());
            if let Some(k) = self
                .keywords
                .iter()
                .take(limit)
                .position(|w| rest.starts_with(w.as_str()))
            {
                best = Some(k);
                if k == 0 {
                    break;
                }
            }
        }
        best.and_then(|k| self.keywords.get(k)).map(String::as_str)
    }
}

impl Check for P05 {
    fn observe(&mut self, r: &Record, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (column, field) in [
            (Column::PostName, &r.post_name),
            (Column::ServiceUnit, &r.service_unit),
        ] {
            let Field::Value(text) = field else {
                continue;
            };
            let Some(word) = self.first_word_in(text) else {
                continue;
            };
            // Echoed cut short: a cell may hold 32,767 characters.
            let text = crate::input::short(text, crate::input::ECHO_CHARS);
            out.push(
                Finding::new(
                    META.id,
                    ctx.settings.severity,
                    Rows::One(r.row),
                    Detail::Keyword(Box::new(Keyword {
                        text: text.into_boxed_str(),
                        word: word.into(),
                    })),
                )
                .at(column),
            );
            // One warning per row is enough to make a person look.
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Chars, P05};

    #[test]
    fn the_word_reported_is_the_first_configured_one_the_text_holds() {
        let words = ["维稳", "保密", "机要", "国家安全", "安全"];
        let p05 = P05 {
            firsts: Chars::new(words.iter().filter_map(|w| w.chars().next())),
            keywords: words.iter().map(|w| w.to_string()).collect(),
        };
        let first_by_search = |text: &str| words.iter().find(|w| text.contains(*w)).copied();
        for text in [
            "保密室维稳岗",
            "维稳",
            "综治维稳专干",
            "安全保卫",
            "国家安全局",
            "国家安",
            "机要机要",
            "小学语文教师",
            "",
            "保保密",
            "安国家安全",
        ] {
            assert_eq!(p05.first_word_in(text), first_by_search(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_first_word_is_found_as_searching_for_each_finds_it(text in "[a-zé涉密保维稳国家安全机要反恐敏感𠀀😀 ]{0,16}") {
            let words = ["维稳", "保密", "机要", "国家安全", "安全", "𠀀a", "é"];
            let p05 = P05 {
                firsts: Chars::new(words.iter().filter_map(|w| w.chars().next())),
                keywords: words.iter().map(|w| w.to_string()).collect(),
            };
            let by_search = words.iter().find(|w| text.contains(*w)).copied();
            proptest::prop_assert_eq!(p05.first_word_in(&text), by_search);
        }
    }

    #[test]
    fn a_character_set_holds_exactly_its_characters_in_and_beyond_the_bmp() {
        let set = Chars::new(['涉', '保', 'a', '\u{ffff}', '𠀀'].into_iter());
        for c in ['涉', '保', 'a', '\u{ffff}', '𠀀'] {
            assert!(set.contains(c), "{c}");
        }
        for c in ['密', 'b', '`', '\u{fffe}', '𠀁', '\u{10ffff}', '\0'] {
            assert!(!set.contains(c), "{c:?}");
        }
    }
}
