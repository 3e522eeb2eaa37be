//! `--report-xlsx`: the clerk's workbook comes back as they made it (every part of the package
//! kept, the title merged, the header frozen, the widths and drop-downs in place), with a note
//! on every finding's cell, a 问题 column and two sheets that agree with the JSON report; from
//! CSV a fresh workbook with proper formats; and LibreOffice opens the result.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn xibu(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("xibu").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Every part of a package, by name.
fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts.get(name).unwrap_or_else(|| panic!("{name}")).clone()).unwrap()
}

/// The first element `<name …>…</name>` or `<name …/>` of a document, verbatim.
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{name}"))?;
    let rest = &xml[start..];
    let end = rest
        .find(&format!("</{name}>"))
        .map(|e| e + name.len() + 3)
        .or_else(|| rest.find("/>").map(|e| e + 2))?;
    Some(&rest[..end])
}

/// Runs the check with JSON on standard output and the workbook written; returns both.
fn annotate(roster: &Path, dir: &Path) -> (Value, PathBuf) {
    let out = dir.join("批注.xlsx");
    let assert = xibu(dir)
        .args(["check", "--format", "json", "--report-xlsx"])
        .arg(&out)
        .arg(roster)
        .assert()
        .code(1);
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    (json, out)
}

/// How many columns the example's header (row 2 of 花名册) has: the 问题 column comes after them.
fn header_width(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).unwrap();
    let sheet = wb.worksheet_range("花名册").unwrap();
    (0..sheet.width())
        .rev()
        .find(|&c| {
            sheet
                .get((1, c))
                .is_some_and(|d| !d.to_string().trim().is_empty())
        })
        .map_or(0, |c| c + 1)
}

/// Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// `B10` → (row 10, column letters B).
fn split_ref(r: &str) -> (u32, String) {
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    (r[letters.len()..].parse().unwrap(), letters)
}

/// Each comment of the comments part: cell → text.
fn comments(xml: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in xml.split("<comment ").skip(1) {
        let r = c.split("ref=\"").nth(1).unwrap().split('"').next().unwrap();
        let t = c.split("<t xml:space=\"preserve\">").nth(1).unwrap();
        let t = &t[..t.find("</t>").unwrap()];
        out.insert(r.to_string(), t.to_string());
    }
    out
}

#[test]
fn the_clerks_workbook_comes_back_as_they_made_it_with_every_finding_noted() {
    let dir = tempfile::tempdir().unwrap();
    let roster = example("roster-violations.xlsx");
    let (json, out) = annotate(&roster, dir.path());
    let before = parts(&roster);
    let after = parts(&out);

    // Every part xibu does not need to touch is the same, byte for byte.
    let rewritten = [
        "xl/worksheets/sheet1.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
    ];
    for (name, bytes) in &before {
        if !rewritten.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(bytes), "{name} changed or lost");
        }
    }

    // The roster sheet keeps its layout: the merged title, the frozen header, each column's
    // width, the drop-downs, verbatim.
    let old = text(&before, "xl/worksheets/sheet1.xml");
    let new = text(&after, "xl/worksheets/sheet1.xml");
    for name in ["mergeCells", "sheetViews", "dataValidations", "pageMargins"] {
        let kept = element(&old, name).unwrap_or_else(|| panic!("the example has no {name}"));
        assert_eq!(element(&new, name), Some(kept), "{name}");
    }
    let width = header_width(&example("roster-violations.xlsx"));
    let title = format!(r#"<mergeCell ref="A1:{}1"/>"#, column_letters(width - 1));
    assert!(old.contains(&title), "a merged title {title}");
    assert!(old.contains(r#"state="frozen""#) && old.contains(r#"ySplit="2""#));
    assert!(old.matches("<dataValidation ").count() >= 8, "drop-downs");
    let old_cols = element(&old, "cols").unwrap();
    let new_cols = element(&new, "cols").unwrap();
    for col in old_cols.split("<col ").skip(1) {
        let col = col.split("/>").next().unwrap();
        assert!(new_cols.contains(col), "width {col} lost");
    }
    // The 问题 column (right after 备注, the last column) is wide, and the filter covers the
    // header to it, down to the last row.
    let wide = format!(
        r#"<col min="{0}" max="{0}" width="48" customWidth="1"/>"#,
        width + 1
    );
    assert!(new_cols.contains(&wide), "{wide} in {new_cols}");
    let last_row = {
        let mut wb = open_workbook_auto(example("roster-violations.xlsx")).unwrap();
        let range = wb.worksheet_range("花名册").unwrap();
        range.end().unwrap().0 + 1
    };
    let filter = format!(
        r#"<autoFilter ref="A2:{}{last_row}"/>"#,
        column_letters(width)
    );
    assert!(
        new.contains(&filter),
        "{filter}: {}",
        element(&new, "autoFilter").unwrap_or("")
    );
    // Every cell's value is where it was.
    let mut copy = open_workbook_auto(&out).unwrap();
    assert_eq!(copy.sheet_names(), ["花名册", "问题清单", "汇总"]);
    let copy_range = copy.worksheet_range("花名册").unwrap();
    let original = open_workbook_auto(&roster)
        .unwrap()
        .worksheet_range("花名册")
        .unwrap();
    for (r, row) in original.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            assert_eq!(copy_range.get((r, c)), Some(v), "row {} col {c}", r + 1);
        }
    }

    // Every finding's cell has its note, naming its rule: a cell finding at its cell, P01's
    // duplicate on both rows, a group finding on each of its rows.
    let notes = comments(&text(&after, "xl/comments1.xml"));
    let findings = json["findings"].as_array().unwrap();
    let summary = &json["summary"];
    let counted = ["errors", "warnings", "notices"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(findings.len() as u64, counted);
    assert!(
        findings.len() > 20,
        "the violations roster fires every rule"
    );
    for f in findings {
        let rule = f["rule"].as_str().unwrap();
        let rows: Vec<u32> = f["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap() as u32)
            .collect();
        match f["cell"].as_str() {
            Some(cell) => {
                let (_, letters) = split_ref(cell);
                for row in &rows {
                    let at = format!("{letters}{row}");
                    let note = notes
                        .get(&at)
                        .unwrap_or_else(|| panic!("{rule}: no note at {at}"));
                    assert!(note.contains(rule), "{at}: {note}");
                }
            }
            None => {
                for row in &rows {
                    assert!(
                        notes
                            .iter()
                            .any(|(at, note)| split_ref(at).0 == *row && note.contains(rule)),
                        "{rule}: no note on row {row}"
                    );
                }
            }
        }
    }
    // The P01 duplicate pair: a note on both rows, not only the later one the finding names.
    let pair = findings
        .iter()
        .find(|f| f["rule"] == "P01" && f["rows"].as_array().unwrap().len() == 2)
        .expect("the example has a duplicate ID");
    for row in pair["rows"].as_array().unwrap() {
        let at = format!("B{row}");
        assert!(notes.get(&at).is_some_and(|n| n.contains("P01")), "{at}");
    }
    // A flagged cell points at a format of its own, added after the workbook's, with a fill.
    let xfs_before = element(&text(&before, "xl/styles.xml"), "cellXfs")
        .unwrap()
        .matches("<xf ")
        .count();
    let styles_after = text(&after, "xl/styles.xml");
    let xfs_after: Vec<&str> = element(&styles_after, "cellXfs")
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    // The first I01 cell, both rows of the P01 pair, and the first row of S01's group (its
    // 招募省份 cell, column D).
    let first_cell = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["cell"].is_string())
            .map(|f| f["cell"].as_str().unwrap().to_string())
            .unwrap()
    };
    let s01_row = findings
        .iter()
        .find(|f| f["rule"] == "S01" && f["severity"] == "error")
        .map(|f| f["rows"][0].as_u64().unwrap())
        .unwrap();
    let mut flagged = vec![first_cell("I01"), format!("D{s01_row}")];
    flagged.extend(
        pair["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("B{r}")),
    );
    for cell in flagged.iter().map(String::as_str) {
        let at = new
            .find(&format!(r#"<c r="{cell}""#))
            .unwrap_or_else(|| panic!("{cell}"));
        let tag = &new[at..at + new[at..].find('>').unwrap()];
        let s: usize = tag
            .split(r#" s=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(s >= xfs_before, "{cell}: {tag}");
        assert!(
            xfs_after[s].contains(r#"applyFill="1""#),
            "{cell}: {}",
            xfs_after[s]
        );
    }

    // The 问题 column agrees with the JSON report, row by row.
    let question = width;
    assert_eq!(
        copy_range.get((1, question)),
        Some(&Data::String("问题".into()))
    );
    let mut expected: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for f in findings {
        for r in f["rows"].as_array().unwrap() {
            expected
                .entry(r.as_u64().unwrap() as u32)
                .or_default()
                .insert(f["rule"].as_str().unwrap().to_string());
        }
    }
    for r in 3..=copy_range.height() as u32 {
        let cell = copy_range
            .get(((r - 1) as usize, question))
            .map(|d| d.to_string())
            .unwrap_or_default();
        let ids: BTreeSet<String> = xibu::rules::ALL
            .iter()
            .map(|rule| rule.meta.id.to_string())
            .filter(|id| {
                cell.split('；')
                    .any(|part| part.starts_with(&format!("{id} ")))
            })
            .collect();
        assert_eq!(
            ids,
            expected.remove(&r).unwrap_or_default(),
            "row {r}: {cell}"
        );
    }
    assert!(
        expected.is_empty(),
        "rows without a 问题 cell: {expected:?}"
    );

    // 问题清单: one finding a line, in the JSON's order, its first row as a number, a link.
    let list = copy.worksheet_range("问题清单").unwrap();
    assert_eq!(list.height(), 1 + findings.len());
    for (i, f) in findings.iter().enumerate() {
        assert_eq!(
            list.get((i + 1, 0)),
            Some(&Data::String(f["rule"].as_str().unwrap().into()))
        );
        let first = f["rows"][0].as_u64().unwrap() as f64;
        assert_eq!(
            list.get((i + 1, 4)),
            Some(&Data::Float(first)),
            "finding {i}"
        );
    }
    let list_xml = text(&after, "xl/worksheets/sheet101.xml");
    assert_eq!(list_xml.matches("<hyperlink ").count(), findings.len());
    let link = format!(r#"location="'花名册'!{}""#, first_cell("I01"));
    assert!(list_xml.contains(&link), "{link}");
    assert!(list_xml.contains("<autoFilter "));

    // 汇总: every group each share and quota rule judged, ✗ exactly where JSON has a finding,
    // with its count and total.
    let summary = copy.worksheet_range("汇总").unwrap();
    let detail_start = summary
        .rows()
        .position(|r| r.first().is_some_and(|c| *c == Data::String("规则".into())))
        .unwrap();
    let crosses: Vec<(String, String, f64)> = summary
        .rows()
        .skip(detail_start + 1)
        .filter(|r| r.get(7).is_some_and(|c| *c == Data::String("✗".into())))
        .map(|r| {
            (
                r[0].to_string(),
                r[2].to_string(),
                match r[3] {
                    Data::Float(x) => x,
                    ref other => panic!("{other:?}"),
                },
            )
        })
        .collect();
    let groups: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            ["S01", "S02", "S03", "S04", "Q01", "Q02"].contains(&f["rule"].as_str().unwrap())
        })
        // S01's plan-allowance notice (吉林 3/3, within 附件2's own share) is not a breach.
        .filter(|f| f["severity"] != "notice")
        .collect();
    assert_eq!(crosses.len(), groups.len(), "{crosses:?}");
    for f in groups {
        let rule = f["rule"].as_str().unwrap();
        let count = f["count"].as_u64().unwrap() as f64;
        assert!(
            crosses.iter().any(|(r, _, c)| r == rule && *c == count),
            "{rule} {count} not crossed in 汇总: {crosses:?}"
        );
    }
    // The per-province table marks the same provinces.
    let qinghai = summary
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == Data::String("青海".into())))
        .unwrap();
    assert!(
        qinghai
            .iter()
            .any(|c| *c == Data::String("100.00% ✗".into())),
        "{qinghai:?}"
    );
}

#[test]
fn a_skipped_rule_reads_not_checked_in_the_summary_sheet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("xibu.toml"),
        "[rules.S04]\nenabled = false\n",
    )
    .unwrap();
    let (_, out) = annotate(&example("roster-violations.xlsx"), dir.path());
    let mut wb = open_workbook_auto(&out).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let s04 = summary
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == Data::String("S04".into())))
        .unwrap();
    assert_eq!(s04[7].to_string(), "未检查");
    assert!(s04[3..7].iter().all(|c| *c == Data::Empty), "{s04:?}");
    // And never ✓ or a share for it in the per-province table.
    let ningxia = summary
        .rows()
        .find(|r| r.first().is_some_and(|c| *c == Data::String("宁夏".into())))
        .unwrap();
    assert!(
        ningxia.iter().any(|c| *c == Data::String("未检查".into())),
        "{ningxia:?}"
    );
}

#[test]
fn from_csv_a_fresh_workbook_with_ids_as_text_dates_as_dates_and_widths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("批注.xlsx");
    xibu(dir.path())
        .args(["check", "--report-xlsx"])
        .arg(&out)
        .arg(example("roster-gbk.csv"))
        .assert()
        .code(0);
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["花名册", "问题清单", "汇总"]);
    let sheet = wb.worksheet_range("花名册").unwrap();
    // 身份证号 as text, whole (an ID as a number would show 6.5E+17).
    let id = sheet.get((1, 1)).unwrap();
    assert!(matches!(id, Data::String(s) if s.len() == 18), "{id:?}");
    // 报到日期 as a date cell.
    let report_date = sheet.get((1, 14)).unwrap();
    assert!(matches!(report_date, Data::DateTime(_)), "{report_date:?}");
    let p = parts(&out);
    let xml = text(&p, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<col min="2" max="2" width="21.7"#),
        "the ID column is wide enough"
    );
    assert!(xml.contains(r#"state="frozen""#));
}

#[test]
fn the_target_must_be_named_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let assert = xibu(dir.path())
        .args(["check", "--report-xlsx", "批注.xls"])
        .arg(example("roster-violations.xlsx"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(".xlsx"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!dir.path().join("批注.xls").exists());
}

/// LibreOffice opens the annotated workbook and prints it to PDF. This test needs `soffice`
/// (Debian: libreoffice-calc-nogui, installed by `.ci/run`) and fails when it is missing.
#[test]
fn libreoffice_converts_the_annotated_workbook_to_pdf() {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|p| {
            std::process::Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui (.ci/run does)",
        );
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = annotate(&example("roster-violations.xlsx"), dir.path());
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let status = std::process::Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let pdf = std::fs::read(dir.path().join("批注.pdf")).expect("no PDF written");
    assert!(pdf.starts_with(b"%PDF"));
    // Three sheets' worth of pages at least.
    let pages = pdf
        .windows(b"/Type/Page".len() + 1)
        .filter(|w| w.starts_with(b"/Type/Page") && w.last() != Some(&b's'))
        .count();
    assert!(pages >= 3, "{pages} pages");
}

/// Hidden rows stay hidden, other sheets are kept byte for byte, and the roster need not be the
/// first sheet.
#[test]
fn hidden_rows_and_other_sheets_survive() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let gbk = std::fs::read(example("roster-gbk.csv")).unwrap();
    let (csv, _, _) = encoding_rs::GBK.decode(&gbk);
    let rows: Vec<Vec<String>> = csv
        .lines()
        .take(5)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let mut wb = Workbook::new();
    let guide = wb.add_worksheet();
    guide.set_name("填表说明").unwrap();
    guide
        .write_string_with_format(0, 0, "请按下拉列表填写", &Format::new().set_italic())
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    // Row 3 (index 2) is hidden; row 4 has a cover below the minimum.
    ws.set_row_hidden(2).unwrap();
    ws.write_string(3, 16, "60万").unwrap();
    ws.set_column_width(1, 22).unwrap();
    let roster = dir.path().join("名册.xlsx");
    wb.save(&roster).unwrap();

    let out = dir.path().join("批注.xlsx");
    xibu(dir.path())
        .args(["check", "--sheet", "花名册", "--report-xlsx"])
        .arg(&out)
        .arg(&roster)
        .assert()
        .code(1);
    let before = parts(&roster);
    let after = parts(&out);
    assert_eq!(
        before.get("xl/worksheets/sheet1.xml"),
        after.get("xl/worksheets/sheet1.xml")
    );
    let sheet = text(&after, "xl/worksheets/sheet2.xml");
    let row3 = &sheet[sheet.find(r#"<row r="3""#).unwrap()..];
    assert!(
        row3[..row3.find('>').unwrap()].contains(r#"hidden="1""#),
        "{}",
        &row3[..80]
    );
    assert!(sheet.contains(r#"width="22.7"#), "the width of B");
    let workbook = text(&after, "xl/workbook.xml");
    let names: Vec<&str> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(names, ["填表说明", "花名册", "问题清单", "汇总"]);
    let notes = comments(&text(&after, "xl/comments1.xml"));
    assert!(
        notes.get("Q4").is_some_and(|n| n.contains("I01")),
        "{notes:?}"
    );
    // The filter range is named on the roster's sheet (its index, 1).
    assert!(
        workbook.contains(r#"localSheetId="1" hidden="1">'花名册'!$A$1:"#),
        "{workbook}"
    );
}

/// An xlsm roster comes back as an xlsx (the name must be .xlsx): the workbook's content type is
/// an xlsx's and the macro part and its relationship are left out, since Excel refuses an .xlsx
/// that holds them. Everything else is kept.
#[test]
fn an_xlsm_comes_back_as_an_xlsx_without_its_macros() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let vba = dir.path().join("vbaProject.bin");
    std::fs::write(&vba, b"not a real macro project, only its bytes").unwrap();
    let gbk = std::fs::read(example("roster-gbk.csv")).unwrap();
    let (csv, _, _) = encoding_rs::GBK.decode(&gbk);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (r, line) in csv.lines().take(4).enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    ws.write_string(2, 16, "60万").unwrap();
    wb.add_vba_project(&vba).unwrap();
    let roster = dir.path().join("名册.xlsm");
    wb.save(&roster).unwrap();
    let before = parts(&roster);
    assert!(before.contains_key("xl/vbaProject.bin"));

    let out = dir.path().join("批注.xlsx");
    xibu(dir.path())
        .args(["check", "--report-xlsx"])
        .arg(&out)
        .arg(&roster)
        .assert()
        .code(1);
    let after = parts(&out);
    assert!(!after.contains_key("xl/vbaProject.bin"));
    let types = text(&after, "[Content_Types].xml");
    assert!(!types.contains("macroEnabled"), "{types}");
    assert!(!types.contains("vbaProject"), "{types}");
    assert!(!text(&after, "xl/_rels/workbook.xml.rels").contains("vbaProject"));
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["花名册", "问题清单", "汇总"]);
    assert!(wb.worksheet_range("问题清单").unwrap().height() >= 2);
}

/// From an ods roster (LibreOffice's own save of the example) a fresh xlsx: every finding's cell
/// noted, 身份证号 as text, dates as dates.
#[test]
fn from_ods_a_fresh_workbook_with_every_finding_noted() {
    let dir = tempfile::tempdir().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(example("roster-violations.xlsx"))
        .output()
        .expect("LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui");
    assert!(status.status.success(), "{status:?}");
    let ods = dir.path().join("roster-violations.ods");
    let (json, out) = annotate(&ods, dir.path());
    let after = parts(&out);
    let notes = comments(&text(&after, "xl/comments1.xml"));
    for f in json["findings"].as_array().unwrap() {
        if let Some(cell) = f["cell"].as_str() {
            assert!(
                notes
                    .get(cell)
                    .is_some_and(|n| n.contains(f["rule"].as_str().unwrap())),
                "{cell}"
            );
        }
    }
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("花名册").unwrap();
    assert!(matches!(sheet.get((2, 1)), Some(Data::String(s)) if s.len() == 18));
    assert!(
        matches!(sheet.get((2, 14)), Some(Data::DateTime(_))),
        "{:?}",
        sheet.get((2, 14))
    );
}

/// A roster with notes of its own keeps them, and xibu's join them in the same comments part
/// and drawing; a cell the clerk noted keeps the clerk's note. LibreOffice opens the result.
#[test]
fn the_clerks_own_notes_are_kept_beside_xibus() {
    use rust_xlsxwriter::{Note, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let gbk = std::fs::read(example("roster-gbk.csv")).unwrap();
    let (csv, _, _) = encoding_rs::GBK.decode(&gbk);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    for (r, line) in csv.lines().take(5).enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    // I01 at Q2 (noted by the clerk) and at Q3 (not).
    ws.write_string(1, 16, "60万").unwrap();
    ws.write_string(2, 16, "60万").unwrap();
    ws.insert_note(1, 16, &Note::new("待核实保单").set_author("科员"))
        .unwrap();
    ws.insert_note(3, 0, &Note::new("本人已确认").set_author("科员"))
        .unwrap();
    let roster = dir.path().join("名册.xlsx");
    wb.save(&roster).unwrap();

    let (_, out) = annotate(&roster, dir.path());
    let after = parts(&out);
    let xml = text(&after, "xl/comments1.xml");
    let notes = comments(&xml);
    assert!(
        notes
            .get("Q2")
            .is_some_and(|n| n.contains("待核实保单") && !n.contains("I01"))
    );
    assert!(notes.get("A4").is_some_and(|n| n.contains("本人已确认")));
    assert!(
        notes.get("Q3").is_some_and(|n| n.contains("I01")),
        "{notes:?}"
    );
    assert!(xml.contains("<author>xibu</author>"));
    assert!(
        !after.contains_key("xl/comments2.xml"),
        "one comments part per sheet"
    );
    let vml = text(&after, "xl/drawings/vmlDrawing1.vml");
    let ids: Vec<&str> = vml
        .split("id=\"_x0000_s")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(ids.len(), notes.len());
    let sheet = text(&after, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<legacyDrawing").count(), 1);
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .output()
        .expect("LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui");
    assert!(status.status.success(), "{status:?}");
    assert!(
        std::fs::read(dir.path().join("批注.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}

/// Past 10,000 flagged cells the notes stop (each is a shape in the workbook) and the clerk is
/// told so; the fills and the 问题 column go on to the last row.
#[test]
fn notes_stop_at_ten_thousand_cells_and_the_clerk_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = std::fs::read(example("roster-gbk.csv")).unwrap();
    let (csv, _, _) = encoding_rs::GBK.decode(&gbk);
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap().replacen(",800000,", ",600000,", 1);
    let mut text_csv = format!("{header}\n");
    for _ in 0..10_050 {
        text_csv.push_str(&row);
        text_csv.push('\n');
    }
    let roster = dir.path().join("big.csv");
    std::fs::write(&roster, text_csv).unwrap();
    let out = dir.path().join("批注.xlsx");
    let assert = xibu(dir.path())
        .args(["check", "--report-xlsx"])
        .arg(&out)
        .arg(&roster)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("批注只加在前 10000 个标色单元格上"),
        "{stderr}"
    );
    let after = parts(&out);
    assert_eq!(comments(&text(&after, "xl/comments1.xml")).len(), 10_000);
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("花名册").unwrap();
    let last = sheet.height() - 1;
    let question = sheet
        .get((last, header.split(',').count()))
        .unwrap()
        .to_string();
    assert!(question.contains("I01"), "{question}");
}

/// A sheet without a `<dimension>` (some writers leave it out) is read once more to find its
/// widest column: the 问题 column still lands right after 备注.
#[test]
fn a_sheet_without_a_dimension_gets_its_question_column_after_the_last_one() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let before = parts(&example("roster-violations.xlsx"));
    let roster = dir.path().join("无维度.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&roster).unwrap());
    for (name, bytes) in &before {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes.clone()).unwrap();
            let dim = element(&xml, "dimension").unwrap().to_string();
            zip.write_all(xml.replacen(&dim, "", 1).as_bytes()).unwrap();
        } else {
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap();
    let (json, out) = annotate(&roster, dir.path());
    let question = header_width(&example("roster-violations.xlsx"));
    // The first row I01 fires on (spreadsheet row numbers are 1-based).
    let i01 = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "I01")
        .and_then(|f| f["rows"][0].as_u64())
        .unwrap() as usize;
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("花名册").unwrap();
    assert_eq!(sheet.get((1, question)), Some(&Data::String("问题".into())));
    assert!(
        sheet
            .get((i01 - 1, question))
            .is_some_and(|d| d.to_string().starts_with("I01 "))
    );
}
