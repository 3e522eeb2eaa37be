//! Text folding shared by every place that matches what people type against known names.

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

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn folds_spaces_widths_and_case() {
        assert_eq!(squeeze("第 22 届\n研支团人数"), "第22届研支团人数");
        assert_eq!(squeeze("新疆\u{3000}自治区"), "新疆自治区");
        assert_eq!(squeeze("（不含研支团）"), "(不含研支团)");
        assert_eq!(squeeze("ＡＢｃ１"), "abc1");
        assert_eq!(squeeze("\u{feff}省份"), "省份");
    }
}
