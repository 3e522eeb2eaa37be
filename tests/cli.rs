//! Golden command-line cases: each `tests/cmd/*.md` file shows commands with their exact stdout,
//! stderr and exit code. Refresh with `TRYCMD=overwrite cargo test --test cli` and review the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.md");
}
