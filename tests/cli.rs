//! Golden command-line cases: each `tests/cmd/*.md` file shows commands with their exact stdout,
//! stderr and exit code. Refresh with `TRYCMD=overwrite cargo test --test cli` and review the diff.
//! Every case runs at `COLUMNS=80`: the terminal page is golden at the width it must read well in.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("COLUMNS", "80")
        .case("tests/cmd/*.md");
}
