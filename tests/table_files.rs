//! Loading plan tables from the files offices have: each published-layout quirk has a fixture.

mod common;

use std::path::{Path, PathBuf};

use xibu::Plan;
use xibu::plan::verify::{Status, verify};

fn builtin() -> Plan {
    Plan::builtin().unwrap()
}

fn load(scale: Option<&Path>, quotas: Option<&Path>) -> Plan {
    Plan::load(scale, quotas).unwrap().require_clean().unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The built-in quota CSV re-spelled as a hand-kept table: a title row, full names, the service
/// region written only on its first row (as a merged cell exports), and a 合计 row.
fn hand_kept_quota_csv(plan: &Plan) -> String {
    let mut text = String::from(
        "2020—2021 年度西部计划对口招募指标,,,\n服务地区,对口招募省份,招募指标,备注\n",
    );
    let mut last = None;
    for r in &plan.quotas.rows {
        let service = if last == Some(r.service) {
            ""
        } else {
            r.service.full_name()
        };
        last = Some(r.service);
        text.push_str(&format!(
            "{service},{},{},{}\n",
            r.recruit.full_name(),
            r.quota,
            r.note
        ));
    }
    text.push_str("合计,,7311,\n");
    text
}

#[test]
fn a_published_xlsx_gives_exactly_the_builtin_tables() {
    let dir = tempfile::tempdir().unwrap();
    let plan = builtin();
    let quotas = dir.path().join("附件2.xlsx");
    let scale = dir.path().join("附件1.xlsx");
    common::write_published_quotas_xlsx(&plan, &quotas);
    common::write_published_scale_xlsx(&plan, &scale);
    let loaded = load(Some(&scale), Some(&quotas));
    assert_eq!(common::pairs(&loaded), common::pairs(&plan));
    assert_eq!(common::scale_rows(&loaded), common::scale_rows(&plan));
    assert!(
        verify(&loaded, xibu::messages::Lang::En)
            .iter()
            .all(|i| i.status == Status::Passed)
    );
    // Row numbers are the sheet's: the first pair sits under two title rows and the header.
    assert_eq!(loaded.quotas.rows[0].row, 4);
    assert_eq!(
        loaded.quotas.source.at(4),
        format!("{} row 4", quotas.display())
    );
}

#[test]
fn utf8_bom_and_gbk_csv_give_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let plan = builtin();
    let text = hand_kept_quota_csv(&plan);
    let utf8 = write(&dir, "utf8.csv", text.as_bytes());
    let bom = write(
        &dir,
        "bom.csv",
        &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let gbk = write(&dir, "gbk.csv", &gbk_bytes);
    for path in [&utf8, &bom, &gbk] {
        let loaded = load(None, Some(path));
        assert_eq!(
            common::pairs(&loaded),
            common::pairs(&plan),
            "{}",
            path.display()
        );
        // Line 3 is the first pair: line 1 is the title, line 2 the header.
        assert_eq!(loaded.quotas.rows[0].row, 3);
    }
}

#[test]
fn side_by_side_blocks_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "服务地区,对口招募省份,招募指标,备注,服务地区,对口招募省份,招募指标,备注\n\
               海南省,海南省,29,省内招募,吉林省,吉林,3,省内招募\n\
               ,湖北,13,,,,,\n";
    let path = write(&dir, "blocks.csv", csv.as_bytes());
    let plan = Plan::load(None, Some(&path)).unwrap();
    let got: Vec<String> = plan
        .quotas
        .rows
        .iter()
        .map(|r| format!("{}←{}:{}@{}", r.service, r.recruit, r.quota, r.row))
        .collect();
    assert_eq!(got, ["海南←海南:29@2", "海南←湖北:13@3", "吉林←吉林:3@2"]);
}

#[test]
fn scale_csv_with_title_full_names_and_total_row() {
    let dir = tempfile::tempdir().unwrap();
    let plan = builtin();
    let mut text = String::from(
        "附件1,,,,\n\n省份,实施规模,\"第 22 届\n研支团人数\",延期志愿者 人数,新招募志愿者人数（不含研支团）\n",
    );
    for r in &plan.scale.rows {
        text.push_str(&format!(
            "{},\"{}\",{},{},{}\n",
            r.province.full_name(),
            // Thousands separators, as Excel's number format exports them.
            if r.total >= 1000 {
                format!("{},{:03}", r.total / 1000, r.total % 1000)
            } else {
                r.total.to_string()
            },
            r.grad_teach,
            r.extended,
            r.new
        ));
    }
    text.push_str("合计,\"19,990\",2376,10303,7311\n");
    let path = write(&dir, "scale.csv", text.as_bytes());
    let loaded = load(Some(&path), None);
    assert_eq!(common::scale_rows(&loaded), common::scale_rows(&plan));
    // The header spans lines 3–4 (a quoted line break), so 内蒙古 is on line 5.
    assert_eq!(loaded.scale.rows[0].row, 5);
}

#[test]
fn a_mistyped_number_names_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let plan = builtin();
    let text = hand_kept_quota_csv(&plan).replace(",187,", ",18七,");
    let path = write(&dir, "quotas.csv", text.as_bytes());
    let err = Plan::load(None, Some(&path)).unwrap_err().to_string();
    let line = text.lines().position(|l| l.contains("18七")).unwrap() + 1;
    assert_eq!(
        err,
        format!(
            "{}: line {line}, column 招募指标 (C{line}): \"18七\" is not a whole number (0 or more)",
            path.display()
        )
    );
}

#[test]
fn a_mistyped_number_in_xlsx_names_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scale.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in [
        "省份",
        "实施规模",
        "研支团人数",
        "延期志愿者人数",
        "新招募志愿者人数",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "新疆").unwrap();
    ws.write_number(1, 1, 3154.0).unwrap();
    ws.write_number(1, 2, 226.5).unwrap();
    wb.save(&path).unwrap();
    let err = Plan::load(Some(&path), None).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: row 2, column 研支团人数 (C2): \"226.5\" is not a whole number (0 or more)",
            path.display()
        )
    );
}

#[test]
fn a_corrupted_xlsx_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    common::write_published_quotas_xlsx(&builtin(), &good);
    let bytes = std::fs::read(&good).unwrap();
    let cut = write(&dir, "cut.xlsx", &bytes[..bytes.len() / 2]);
    let err = Plan::load(None, Some(&cut)).unwrap_err().to_string();
    assert!(err.starts_with(&cut.display().to_string()), "{err}");
}

#[test]
fn unknown_provinces_are_refused_with_their_cell_and_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = hand_kept_quota_csv(&builtin()).replacen("山东省", "山冬省", 1);
    let path = write(&dir, "quotas.csv", text.as_bytes());
    let plan = Plan::load(None, Some(&path)).unwrap();
    let inv = verify(&plan, xibu::messages::Lang::En);
    let known = inv.iter().find(|i| i.id == "provinces-known").unwrap();
    assert_eq!(known.status, Status::Failed);
    let err = plan.require_clean().unwrap_err().to_string();
    assert!(
        err.contains("column 对口招募省份 (B")
            && err.ends_with("unknown province \"山冬省\" (did you mean 山西 or 山东?)"),
        "{err}"
    );
}
