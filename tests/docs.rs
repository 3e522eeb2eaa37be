//! Generated documentation stays in step with the code it is generated from.

/// `docs/rules.md` is generated from the rule declarations; a rule changed without regenerating
/// the file fails here.
#[test]
fn docs_rules_md_is_current() {
    let committed = std::fs::read_to_string("docs/rules.md").unwrap();
    let generated = xibu::rules::docs::markdown();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md` and commit it"
    );
}

/// Every rule of the catalog is documented.
#[test]
fn every_catalog_rule_is_in_docs_rules_md() {
    let docs = std::fs::read_to_string("docs/rules.md").unwrap();
    for id in xibu::rules::ALL.iter().map(|r| r.meta.id) {
        assert!(docs.contains(&format!("\n## {id} ")), "{id}");
    }
}
