//! The rule catalog as text: `xibu explain`, `xibu rules` and `docs/rules*.md` all come from here,
//! in Chinese by default and in English.

use super::meta::{Meta, ScopeKind};
use super::settings::{RuleConfig, Settings};
use super::{ALL, Rule};
use crate::messages::{Lang, Msg, Text, say};

/// One rule, as `xibu explain ID` prints it and `docs/rules*.md` show it, with the values in
/// effect under `config`, in a language: the facts above, then the explanation and the options.
pub fn explain_in(rule: &Rule, rules: &RuleConfig, lang: Lang) -> String {
    let m: &Meta = rule.meta;
    let settings = rules.get(m.id);
    let mut out = format!("# {} {}\n\n", m.id, rules.title(m.id, Lang::Zh));
    if lang == Lang::En {
        // The Chinese title is the rule's name in the office; English adds what it means.
        out.push_str(&format!("{}\n\n", rules.title(m.id, Lang::En)));
    }
    let severity = match lang {
        Lang::Zh => settings.severity.name_zh(),
        Lang::En => settings.severity.name(),
    };
    let disabled = if settings.enabled {
        String::new()
    } else {
        say(Msg::RulesDisabled, lang)
    };
    line(
        &mut out,
        Text::new(Msg::ExplainSeverity).arg("severity", format!("{severity}{disabled}")),
        lang,
    );
    let mut scope = m.scope.describe(lang);
    if m.scope == ScopeKind::Share {
        scope = Text::new(Msg::ExplainScopeInEffect)
            .arg("scope", scope)
            .arg("key", settings.scope.key())
            .render(lang);
    }
    line(
        &mut out,
        Text::new(Msg::ExplainScope).arg("scope", scope),
        lang,
    );
    for (msg, columns) in [
        (Msg::ExplainColumns, m.columns),
        (Msg::ExplainAnyColumn, m.any_columns),
    ] {
        if !columns.is_empty() {
            let names: Vec<&str> = columns.iter().map(|c| c.header()).collect();
            line(
                &mut out,
                Text::new(msg).arg("columns", list(&names, lang)),
                lang,
            );
        }
    }
    match rules.citation(m.id) {
        Some(c) => {
            let source = format!("{} {}", c.title, c.section);
            line(
                &mut out,
                Text::new(Msg::ExplainSource).arg("source", source.trim_end()),
                lang,
            );
            out.push_str(&format!("\n> {}\n", c.sentence));
        }
        None => line(
            &mut out,
            Text::new(Msg::ExplainSource).arg("source", say(Msg::DataQuality, lang)),
            lang,
        ),
    }
    let explanation = match lang {
        Lang::Zh => m.explanation_zh,
        Lang::En => m.explanation,
    };
    out.push_str(&format!("\n{}\n", explanation.trim_end()));
    let docs = rule.options.docs;
    if !docs.is_empty() {
        let now = settings.options.literals();
        let defaults = (rule.options.defaults)().literals();
        out.push_str(&format!(
            "\n{}\n\n{}\n|---|---|---|---|\n",
            say(Msg::ExplainOptions, lang),
            say(Msg::ExplainOptionsHead, lang)
        ));
        for ((o, (_, now)), (_, default)) in docs.iter().zip(&now).zip(&defaults) {
            out.push_str(&format!(
                "| `{}` | `{now}` | `{default}` | {} |\n",
                o.key,
                o.text(lang)
            ));
        }
        out.push('\n');
        line(
            &mut out,
            Text::new(Msg::ExplainSetThem)
                .arg("file", "`xibu.toml`")
                .arg("section", format!("`[rules.{}]`", m.id)),
            lang,
        );
    }
    out
}

/// One rule in English, as SARIF's rule help carries it.
pub fn explain(rule: &Rule, rules: &RuleConfig) -> String {
    explain_in(rule, rules, Lang::En)
}

/// Names in a row: `志愿者类型、招募省份` / `志愿者类型, 招募省份`.
pub fn list(names: &[&str], lang: Lang) -> String {
    names.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

fn line(out: &mut String, text: Text, lang: Lang) {
    out.push_str(&text.render(lang));
    out.push('\n');
}

/// Where [`markdown`] writes each language: Chinese, the default, in `docs/rules.md`.
pub fn markdown_path(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "docs/rules.md",
        Lang::En => "docs/rules.en.md",
    }
}

/// `docs/rules.md` (Chinese) or `docs/rules.en.md` (English): every rule at its defaults, each
/// file pointing at the other.
pub fn markdown(lang: Lang) -> String {
    let rules = RuleConfig::default();
    let (command, title, other) = match lang {
        Lang::Zh => (
            "xibu rules --format markdown",
            "xibu 规则",
            "English: [rules.en.md](rules.en.md)",
        ),
        Lang::En => (
            "xibu rules --format markdown --lang en",
            "xibu rules",
            "中文：[rules.md](rules.md)",
        ),
    };
    let heads = [
        Msg::RulesHeadId,
        Msg::RulesHeadRule,
        Msg::RulesHeadSeverity,
        Msg::RulesHeadScope,
    ]
    .map(|m| say(m, lang));
    let mut out = format!(
        "<!-- Generated by `{command} > {}`; do not edit by hand. A test fails when this file \
         and the rule declarations in src/rules/ disagree. -->\n\n# {title}\n\n{other}\n\n\
         | {} |\n|---|---|---|---|\n",
        markdown_path(lang),
        heads.join(" | ")
    );
    for rule in ALL {
        let m = rule.meta;
        let severity = match lang {
            Lang::Zh => m.severity.name_zh(),
            Lang::En => m.severity.name(),
        };
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            m.id,
            m.id.to_lowercase(),
            rules.title(m.id, lang),
            severity,
            // A bar would end the cell.
            m.scope.describe(lang).replace('|', "\\|")
        ));
    }
    for rule in ALL {
        // An anchor of its own: the heading's would carry the title.
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n",
            rule.meta.id.to_lowercase()
        ));
        // One level down, so that the file has a single top heading.
        for line in explain_in(rule, &rules, lang).lines() {
            if line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A commented `xibu.toml` with every setting at its default, for `xibu config init`.
pub fn config_file() -> String {
    let mut out = crate::config::default_file_head(&RuleConfig::default().calendar);
    for rule in ALL {
        let m = rule.meta;
        let settings = Settings::defaults(rule);
        out.push_str(&format!(
            "\n# {} {} — {}\n",
            m.id,
            settings.title(m.title_zh, Lang::Zh),
            settings.title(m.title_en, Lang::En)
        ));
        out.push_str(&format!("[rules.{}]\n", m.id));
        out.push_str("enabled = true\n");
        out.push_str(&format!(
            "severity = \"{}\"  # error | warning | notice\n",
            m.severity.name()
        ));
        if m.scope == ScopeKind::Share {
            out.push_str(
                "scope = \"service_province\"  # service_province | service_county | national\n",
            );
        }
        for (o, (_, literal)) in rule.options.docs.iter().zip(settings.options.literals()) {
            out.push_str(&format!("{} = {literal}  # {}\n", o.key, o.text(Lang::En)));
        }
    }
    out.push_str(crate::config::DEFAULT_FILE_TAIL);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTIONS_EN: [&str; 3] = ["## What it does\n", "## Why\n", "## Example\n"];
    const SECTIONS_ZH: [&str; 3] = ["## 作用\n", "## 原因\n", "## 示例\n"];

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    /// Where each section starts; `None` when one is missing or out of order.
    fn starts(text: &str, sections: [&str; 3]) -> Option<Vec<usize>> {
        let at: Vec<usize> = sections
            .iter()
            .map(|s| text.find(s))
            .collect::<Option<_>>()?;
        at.windows(2).all(|w| w[0] < w[1]).then_some(at)
    }

    /// The text with its `code` spans taken out: option names, cell values, settings.
    fn prose(text: &str) -> String {
        text.split('`').step_by(2).collect()
    }

    /// The numbers a text states, with the thousands commas dropped (`1,000` is `1000`).
    fn figures(text: &str) -> std::collections::BTreeSet<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = std::collections::BTreeSet::new();
        let mut number = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let between_digits = i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || (c == '.' && between_digits) {
                number.push(c);
            } else if c == ',' && between_digits {
                // A thousands comma: the number goes on.
            } else if !number.is_empty() {
                out.insert(std::mem::take(&mut number));
            }
        }
        if !number.is_empty() {
            out.insert(number);
        }
        out
    }

    /// Every rule explains itself in Chinese, with 作用, 原因 and 示例 in that order as English
    /// has What it does, Why and Example; no English section or English prose is left in it.
    #[test]
    fn every_rule_explains_itself_in_chinese_too() {
        for rule in ALL {
            let m = rule.meta;
            assert!(starts(m.explanation, SECTIONS_EN).is_some(), "{}", m.id);
            let zh = m.explanation_zh;
            assert!(
                starts(zh, SECTIONS_ZH).is_some(),
                "{}: 作用, 原因, 示例",
                m.id
            );
            for s in SECTIONS_EN {
                assert!(!zh.contains(s.trim()), "{}: {}", m.id, s.trim());
            }
            assert!(
                prose(zh).chars().filter(|&c| is_cjk(c)).count() > 40,
                "{}",
                m.id
            );
            // Outside `code`, the only Latin words are names: of the program, of Excel, of the
            // ID-number standards.
            let mut text = prose(zh);
            for name in ["xibu", "Excel", "GB 11643", "ISO 7064 MOD 11-2"] {
                text = text.replace(name, "");
            }
            for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
                assert!(word.len() < 2, "{}: English left in Chinese: {word}", m.id);
            }
        }
    }

    /// The Chinese explanation states every figure the English one does: limits, shares,
    /// counts, dates and days.
    #[test]
    fn both_explanations_state_the_same_figures() {
        for rule in ALL {
            let m = rule.meta;
            let en = figures(m.explanation);
            let zh = figures(m.explanation_zh);
            let missing: Vec<&String> = en.difference(&zh).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", m.id);
        }
        assert_eq!(
            figures("1,000 的 70.1%，`800,000` 与 2021-08-03、第 7–14 位"),
            ["03", "08", "1000", "14", "2021", "7", "70.1", "800000"]
                .map(String::from)
                .into()
        );
    }

    /// A passage in “” in a Chinese explanation or option sentence, and a passage in Chinese
    /// between quotes in an English one, is quoted word for word (spaces aside) from the built-in
    /// edition's documents: the notice and the Inner Mongolia plan.
    #[test]
    fn quotations_are_in_the_documents() {
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(crate::plan::edition::BUILTIN_DIR)
            .join("sources");
        let mut documents = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            documents.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let documents = squeeze(&documents);
        let mut quoted = 0;
        for rule in ALL {
            let m = rule.meta;
            let mut quotes: Vec<&str> = Vec::new();
            let options = rule.options.docs.iter().map(|o| o.doc_zh);
            for zh in std::iter::once(m.explanation_zh).chain(options) {
                for part in zh.split('“').skip(1) {
                    let quote = part.split_once('”');
                    assert!(quote.is_some(), "{}: an unclosed “", m.id);
                    quotes.extend(quote.map(|(q, _)| q));
                }
            }
            for (i, part) in m.explanation.split('"').enumerate() {
                if i % 2 == 1 && part.chars().any(is_cjk) {
                    quotes.push(part);
                }
            }
            for q in quotes {
                assert!(documents.contains(&squeeze(q)), "{}: “{q}”", m.id);
                quoted += 1;
            }
        }
        // The ones written today: a check that the test sees them at all.
        assert!(quoted >= 14, "{quoted}");
    }

    /// Every option has its sentence in Chinese as well as in English.
    #[test]
    fn every_option_is_described_in_both_languages() {
        for rule in ALL {
            for o in rule.options.docs {
                assert!(
                    o.text(Lang::Zh).chars().any(is_cjk),
                    "{}.{}",
                    rule.meta.id,
                    o.key
                );
                assert!(!o.text(Lang::En).is_empty(), "{}.{}", rule.meta.id, o.key);
            }
        }
    }

    /// `explain` speaks the language asked for, frame and explanation alike; English keeps the
    /// Chinese title as the rule's name.
    #[test]
    fn explain_speaks_the_language() {
        let rules = RuleConfig::default();
        let Some(s01) = super::super::find("S01") else {
            panic!("S01")
        };
        let zh = explain_in(s01, &rules, Lang::Zh);
        let en = explain_in(s01, &rules, Lang::En);
        assert!(
            zh.starts_with("# S01 省内招募比例不超过 70%\n\n- 级别：错误\n"),
            "{zh}"
        );
        assert!(
            zh.contains("\n## 作用\n") && zh.contains("\n## 设置\n"),
            "{zh}"
        );
        assert!(
            !zh.contains("In-province") && !zh.contains("Severity"),
            "{zh}"
        );
        assert!(
            en.starts_with("# S01 省内招募比例不超过 70%\n\nIn-province recruits"),
            "{en}"
        );
        assert!(en.contains("\n## What it does\n") && en.contains("\n## Options\n"));
        assert!(!en.contains("## 作用") && !en.contains("级别"), "{en}");
        assert_eq!(explain(s01, &rules), en);
    }
}
