//! One language at a time (issue #10): `xibu check` on the violations example prints no English
//! word in Chinese (the default), and no Chinese in English (`--lang en`, `XIBU_LANG=en`) beyond
//! the names of places, columns, values, sheets and documents, and the policy sentences quoted
//! from the documents.

use assert_cmd::Command;
use xibu::roster::schema::Column;

fn run(args: &[&str], env: Option<(&str, &str)>) -> String {
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("XIBU_LANG")
        // One line a message, so that the policy quotation is recognised by its label.
        .env("COLUMNS", "1000")
        .args(["check", "examples/roster-violations.xlsx"])
        .args(args);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stdout).unwrap()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Rule ids and cell references (S01, Q95, L106) are names, not English.
fn is_code(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.clone().next().is_some()
        && chars.all(|c| c.is_ascii_digit())
}

#[test]
fn chinese_output_has_no_english_word() {
    let text = run(&[], None).replace("examples/roster-violations.xlsx", "");
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !is_code(w))
        .collect();
    assert!(words.is_empty(), "English in the Chinese report: {words:?}");
    // The check can fail: the English report has plenty.
    let en = run(&["--lang", "en"], None);
    assert!(en.split_whitespace().filter(|w| w == &"of").count() > 3);
}

/// Names the English report may show as they are: columns, values, provinces' Chinese names,
/// the sheet, the documents.
fn names() -> Vec<String> {
    let mut names: Vec<String> = vec!["花名册".into(), "附件1".into(), "附件2".into()];
    for c in Column::ALL {
        names.push(c.header().to_string());
        names.extend(c.choices().into_iter().map(str::to_string));
    }
    names.extend(xibu::Province::ALL.iter().map(|p| p.name().to_string()));
    // Longest first, so that 硕士研究生 goes before 硕士.
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names
}

fn chinese_left(text: &str) -> Vec<String> {
    let names = names();
    let mut left = Vec::new();
    for line in text.lines() {
        // The policy sentence is a quotation of the document, kept in its words.
        if line.trim_start().starts_with("policy:") {
            continue;
        }
        let mut line = line.to_string();
        // Cell values, quoted or bracketed, are the user's own text.
        for (open, close) in [('[', ']'), ('"', '"')] {
            while let Some(a) = line.find(open) {
                let Some(b) = line[a + open.len_utf8()..].find(close) else {
                    break;
                };
                line.replace_range(a..a + open.len_utf8() + b + close.len_utf8(), " ");
            }
        }
        for n in &names {
            line = line.replace(n.as_str(), " ");
        }
        if line.chars().any(is_han) {
            left.push(line);
        }
    }
    left
}

#[test]
fn english_output_has_no_chinese_beyond_names_and_values() {
    for (args, env) in [
        (&["--lang", "en"][..], None),
        (&[][..], Some(("XIBU_LANG", "en"))),
        // A locale, as a shell sets it: `check` once refused it (clap read XIBU_LANG itself).
        (&[][..], Some(("XIBU_LANG", "en_US.UTF-8"))),
    ] {
        let text = run(args, env);
        assert!(text.contains("errors,"), "{text}");
        let left = chinese_left(&text);
        assert!(left.is_empty(), "Chinese in the English report: {left:#?}");
    }
    // The check can fail: the Chinese report is left with plenty.
    assert!(chinese_left(&run(&[], None)).len() > 10);
}

/// The `error:` line follows the language too: `check --lang`, and `XIBU_LANG` for every command.
#[test]
fn error_lines_are_in_the_language() {
    let err = |args: &[&str], env: Option<&str>| -> String {
        let mut cmd = Command::cargo_bin("xibu").unwrap();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("XIBU_LANG")
            .args(args);
        if let Some(v) = env {
            cmd.env("XIBU_LANG", v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        err(&["check", "examples/none.xlsx"], None),
        "error: examples/none.xlsx：文件不存在\n"
    );
    assert_eq!(
        err(&["check", "examples/none.xlsx", "--lang", "en"], None),
        "error: examples/none.xlsx: no such file\n"
    );
    assert_eq!(
        err(&["quota", "新彊"], None),
        "error: 未知的省份“新彊”（是否为 新疆？）\n"
    );
    assert_eq!(
        err(&["quota", "新彊"], Some("en")),
        "error: unknown province \"新彊\" (did you mean 新疆?)\n"
    );
}
