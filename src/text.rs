//! Text folding shared by every place that matches what people type against known names.

/// `str::trim`, answered from a few bytes for the text that has no white space at either end
/// (nearly every cell): called for every cell of a roster, where the standard library's search
/// costs a few hundred instructions even when there is nothing to trim. Every white space
/// character of Unicode starts with an ASCII one or with the byte C2, E1, E2 or E3.
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let clean_lead = |b: u8| {
        !matches!(
            b,
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0xC2 | 0xE1..=0xE3
        )
    };
    let first = bytes.first().is_none_or(|&b| clean_lead(b));
    let last = match bytes.last() {
        None => true,
        Some(&b) if b.is_ascii() => clean_lead(b),
        // The last character's lead byte is two or three bytes back (no white space takes four).
        Some(_) => {
            let back = |n: usize| bytes.len().checked_sub(n).and_then(|i| bytes.get(i));
            !(back(2) == Some(&0xC2) || back(3).is_some_and(|&b| (0xE1..=0xE3).contains(&b)))
        }
    };
    if first && last { text } else { text.trim() }
}

/// Removes all white space (ASCII, full-width, no-break, zero-width, line breaks inside a header
/// cell), folds full-width ASCII forms (`Ａ`, `１`, `（`) to ASCII, and lower-cases.
/// `"第 22 届\n研支团人数"` → `"第22届研支团人数"`, `"（不含研支团）"` → `"(不含研支团)"`.
pub fn squeeze(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Columns a text takes in a terminal (CJK characters take two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// One line of text for an `error:` line or a log: line breaks, tabs and other control
/// characters (from file names, cell values) are written as escapes (`\n`, `\u{1b}`), so that the
/// message stays one line and no terminal escape is sent raw.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Levenshtein distance of two short strings, in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            let best = (prev + cost)
                .min(up.saturating_add(1))
                .min(left.saturating_add(1));
            prev = up;
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{one_line, squeeze, trim};

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            " ",
            "本科",
            " 本科",
            "本科\u{3000}",
            "\u{a0}新疆\t",
            "a b",
            "\u{2028}x\u{2029}",
            "x\u{85}",
            "\u{feff}x",
            "中",
            "\n\r",
            "𠀀 ",
            " 𠀀",
            "©",
            "x©",
            "é",
            "\u{1680}",
            "\u{205f}x",
            "x\u{202f}",
            "\u{b}x",
            "x\u{c}",
            "\u{e000}",
            "x\u{3000}\u{3000}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_agrees_with_str_trim_on_any_text(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn trim_agrees_around_white_space(
            core in "[a-z中©é𠀀]{0,3}",
            left in "[ \t\n\u{b}\u{c}\r\u{85}\u{a0}\u{1680}\u{2000}-\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]{0,2}",
            right in "[ \t\u{85}\u{a0}\u{2009}\u{3000}\u{feff}©]{0,2}",
        ) {
            let text = format!("{left}{core}{right}");
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn one_line_escapes_breaks_and_controls() {
        assert_eq!(one_line("a\nb\r\tc\u{1b}[31m"), "a\\nb\\r\\tc\\u{1b}[31m");
        assert_eq!(one_line("花名册.xlsx"), "花名册.xlsx");
    }

    #[test]
    fn folds_spaces_widths_and_case() {
        assert_eq!(squeeze("第 22 届\n研支团人数"), "第22届研支团人数");
        assert_eq!(squeeze("新疆\u{3000}自治区"), "新疆自治区");
        assert_eq!(squeeze("（不含研支团）"), "(不含研支团)");
        assert_eq!(squeeze("ＡＢｃ１"), "abc1");
        assert_eq!(squeeze("\u{feff}省份"), "省份");
    }
}
