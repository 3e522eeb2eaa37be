//! Broken and hostile input: every file of the corpus ends in its expected exit code and message,
//! within a time limit and under a 4 GiB address-space limit — never a panic, an abort, a hang
//! or an out-of-memory kill.
//!
//! Small files live in `tests/corpus/`; large ones (a 5 MB field, 20,000 columns, a sheet that
//! inflates past a gigabyte) are written by this test into a temporary directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Address space allowed to xibu, in KiB (4 GiB).
const ADDRESS_SPACE_KIB: u64 = 4 * 1024 * 1024;
/// Far more than any case needs; a case that reaches it has hung.
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Case {
    name: &'static str,
    args: Vec<String>,
    code: i32,
    message: &'static str,
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
        .display()
        .to_string()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

/// Runs xibu under the address-space limit (the shell's `ulimit -v`) and the time limit.
fn run(args: &[String], dir: &Path) -> (i32, String, String, Duration) {
    let xibu = assert_cmd::cargo::cargo_bin("xibu");
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(&xibu)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("xibu {args:?} ran past {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

fn check(file: String) -> Vec<String> {
    vec!["check".into(), file]
}

/// 附件 of the generated cases.
fn generated(dir: &Path) -> Vec<Case> {
    let header = "姓名,志愿者类型,招募省份,服务省份,学历";

    let big_field = dir.join("field-5mb.csv");
    let mut text = format!("{header}\n甲,新招募,山东,新疆,");
    text.push_str(&"本".repeat(5 * 1024 * 1024 / 3));
    text.push('\n');
    std::fs::write(&big_field, text).unwrap();

    let wide = dir.join("columns-20000.csv");
    let mut text = String::from(header);
    for i in 0..20_000 {
        text.push_str(&format!(",列{i}"));
    }
    text.push('\n');
    std::fs::write(&wide, text).unwrap();

    let formulas = dir.join("formulas.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in [
        "姓名",
        "志愿者类型",
        "招募省份",
        "服务省份",
        "学历",
        "意外伤害保额",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in ["甲", "新招募", "山东", "新疆", "本科"].iter().enumerate() {
        ws.write_string(1, i as u16, *v).unwrap();
    }
    ws.write_formula(
        1,
        5,
        rust_xlsxwriter::Formula::new("=800000*1").set_result("800000"),
    )
    .unwrap();
    for (i, v) in ["乙", "新招募", "山东", "新疆", "本科"].iter().enumerate() {
        ws.write_string(2, i as u16, *v).unwrap();
    }
    ws.write_formula(
        2,
        5,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    wb.save(&formulas).unwrap();

    let sparse = dir.join("sparse-xfd1048576.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in ["姓名", "志愿者类型", "招募省份", "服务省份", "学历"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (i, v) in ["甲", "新招募", "山东", "新疆", "本科"].iter().enumerate() {
        ws.write_string(1, i as u16, *v).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "stray").unwrap();
    wb.save(&sparse).unwrap();

    vec![
        Case {
            name: "a 5 MB field",
            args: check(big_field.display().to_string()),
            code: 2,
            message: "longer than 1 MiB",
        },
        Case {
            name: "20,000 columns",
            args: check(wide.display().to_string()),
            code: 2,
            message: "20005 fields",
        },
        Case {
            name: "formula and error cells",
            args: check(formulas.display().to_string()),
            code: 1,
            message: "#DIV/0!",
        },
        Case {
            name: "a sparse sheet with one cell at XFD1048576",
            args: check(sparse.display().to_string()),
            code: 1,
            message: "A1048576 姓名",
        },
    ]
}

/// An ods sheet with a cell at A1 and one 6,000 rows and 16,384 columns away: 98 million cells
/// if laid out as a grid.
fn sparse_ods(dir: &Path) -> PathBuf {
    let path = dir.join("sparse.ods");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(concat!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">"#,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="5999"><table:table-cell/></table:table-row>"#,
        r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
    ).as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

/// A workbook whose sheet inflates to just over a gigabyte of zeros from about a megabyte.
fn bomb(dir: &Path) -> PathBuf {
    let path = dir.join("bomb.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", deflated).unwrap();
    zip.write_all(
        b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
    )
    .unwrap();
    zip.start_file("xl/workbook.xml", deflated).unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..1100 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    path
}

#[test]
fn every_hostile_file_ends_in_its_exit_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = vec![
        Case {
            name: "an empty file",
            args: check(corpus("empty.csv")),
            code: 2,
            message: "中没有表头行",
        },
        Case {
            name: "a header and no rows",
            args: check(corpus("header-only.csv")),
            code: 2,
            message: "下面没有志愿者行",
        },
        Case {
            name: "random bytes named .xlsx",
            args: check(corpus("random-bytes.xlsx")),
            code: 2,
            message: "neither a workbook nor text",
        },
        Case {
            name: "a truncated xlsx",
            args: check(corpus("truncated.xlsx")),
            code: 2,
            message: "damaged or cut short",
        },
        Case {
            name: "a cell reference whose column overflows (found by the fuzzer)",
            args: check(corpus("overflowing-cell-ref.xlsx")),
            code: 2,
            message: "无法读取 xlsx 工作簿",
        },
        Case {
            name: "a CSV named .xlsx",
            args: check(corpus("csv-named.xlsx")),
            code: 2,
            message: "rename it to .csv",
        },
        Case {
            name: "a Word document named .xlsx",
            args: check(corpus("word-named.xlsx")),
            code: 2,
            message: "a Word document",
        },
        Case {
            name: "an unterminated quote",
            args: check(corpus("unterminated-quote.csv")),
            code: 2,
            message: "never closed",
        },
        Case {
            name: "ragged rows",
            args: check(corpus("ragged.csv")),
            code: 1,
            message: "C3 招募省份",
        },
        Case {
            name: "invalid bytes in a GBK CSV",
            args: check(corpus("gbk-invalid.csv")),
            code: 2,
            message: "neither UTF-8 nor GB18030",
        },
        Case {
            name: "a directory",
            args: check(corpus("")),
            code: 2,
            message: "这是文件夹，不是文件",
        },
        Case {
            name: "a missing path",
            args: check(corpus("no-such-file.xlsx")),
            code: 2,
            message: "文件不存在",
        },
        Case {
            name: "a config file with unknown keys",
            args: vec![
                "check".into(),
                example("roster.xlsx"),
                "--config".into(),
                corpus("unknown-keys.toml"),
            ],
            code: 2,
            message: "第 3 行：rule S01 has no setting \"threshold\"",
        },
        Case {
            name: "an ods sheet whose two cells span 98 million",
            args: check(sparse_ods(dir.path()).display().to_string()),
            code: 2,
            message: "at most 20000000 cells",
        },
        Case {
            name: "a sheet that inflates to over a gigabyte",
            args: check(bomb(dir.path()).display().to_string()),
            code: 2,
            message: "decompression bomb",
        },
    ];
    cases.extend(generated(dir.path()));
    let mut failures = Vec::new();
    for case in &cases {
        let (code, stdout, stderr, took) = run(&case.args, dir.path());
        let text = format!("{stdout}{stderr}");
        if code != case.code || !text.contains(case.message) {
            failures.push(format!(
                "{}: exit {code} (expected {}), {took:?}\n{}",
                case.name,
                case.code,
                text.chars().take(600).collect::<String>()
            ));
        }
        if code == 2 {
            // An input error is one line on standard error, never a panic's backtrace.
            assert_eq!(stderr.lines().count(), 1, "{}: {stderr}", case.name);
            assert!(stderr.starts_with("error: "), "{}: {stderr}", case.name);
        }
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}
