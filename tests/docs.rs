//! Generated documentation stays in step with the code it is generated from.

use xibu::messages::Lang;
use xibu::rules::docs::{markdown, markdown_path};

/// `docs/rules.md` (Chinese) and `docs/rules.en.md` (English) are generated from the rule
/// declarations; a rule changed without regenerating them fails here.
#[test]
fn docs_rules_md_is_current() {
    for (lang, flag) in [(Lang::Zh, ""), (Lang::En, " --lang en")] {
        let path = markdown_path(lang);
        let committed = std::fs::read_to_string(path).unwrap();
        assert!(
            committed == markdown(lang),
            "{path} is stale: run `cargo run -- rules --format markdown{flag} > {path}` and commit it"
        );
    }
}

/// Every rule of the catalog is documented in both files, each in its language.
#[test]
fn every_catalog_rule_is_in_docs_rules_md() {
    let zh = std::fs::read_to_string("docs/rules.md").unwrap();
    let en = std::fs::read_to_string("docs/rules.en.md").unwrap();
    for id in xibu::rules::ALL.iter().map(|r| r.meta.id) {
        for docs in [&zh, &en] {
            assert!(
                docs.contains(&format!(
                    "\n<a id=\"{}\"></a>\n\n## {id} ",
                    id.to_lowercase()
                )),
                "{id}"
            );
        }
    }
    assert_eq!(zh.matches("\n### 作用\n").count(), xibu::rules::ALL.len());
    assert_eq!(zh.matches("\n### What it does\n").count(), 0);
    assert_eq!(
        en.matches("\n### What it does\n").count(),
        xibu::rules::ALL.len()
    );
    assert_eq!(en.matches("\n### 作用\n").count(), 0);
    // Each file points at the other.
    assert!(zh.contains("](rules.en.md)") && en.contains("](rules.md)"));
}
