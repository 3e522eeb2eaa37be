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
    run_env(args, dir, &[])
}

/// [`run`] with extra environment variables.
fn run_env(args: &[String], dir: &Path, env: &[(&str, &str)]) -> (i32, String, String, Duration) {
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
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while waiting: a report larger than a pipe's buffer would otherwise block
    // xibu on its writes, and look like a hang.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<_>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<_>));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("xibu {args:?} ran past {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
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

/// A minimal xlsx workbook of one sheet, with the shared strings and sheet given as XML.
fn xlsx_with(path: &Path, shared_strings: &str, sheet: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.start_file("xl/sharedStrings.xml", deflated).unwrap();
    zip.write_all(shared_strings.as_bytes()).unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", deflated)
        .unwrap();
    zip.write_all(sheet.as_bytes()).unwrap();
    zip.finish().unwrap();
}

const HEADER: [&str; 5] = ["姓名", "志愿者类型", "招募省份", "服务省份", "学历"];
const SST_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// A 2 KB workbook whose shared strings claim a trillion: calamine would reserve that many.
fn claimed_strings(path: &Path) {
    let strings: String = HEADER
        .iter()
        .map(|h| format!("<si><t>{h}</t></si>"))
        .collect();
    let sst = format!(
        r#"<?xml version="1.0"?><sst xmlns="{SST_NS}" count="999999999999" uniqueCount="999999999999">{strings}</sst>"#
    );
    let cells: String = (0..5)
        .map(|i| {
            format!(
                r#"<c r="{}1" t="s"><v>{i}</v></c>"#,
                char::from(b'A' + i as u8)
            )
        })
        .collect();
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{SST_NS}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#
    );
    xlsx_with(path, &sst, &sheet);
}

/// A cell whose reference has a 15-letter column (`AAAAAAAAAAAAAAA1`): calamine 0.38's base-26
/// arithmetic overflows on it (found by the fuzzer; docs/fuzzing.md).
fn overflowing_ref(dir: &Path) -> PathBuf {
    let path = dir.join("overflowing-ref.xlsx");
    let sst = format!(
        r#"<?xml version="1.0"?><sst xmlns="{SST_NS}" count="1" uniqueCount="1"><si><t>x</t></si></sst>"#
    );
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{SST_NS}"><sheetData><row r="1"><c r="AAAAAAAAAAAAAAA1" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    );
    xlsx_with(&path, &sst, &sheet);
    path
}

/// A 1 MiB shared string referenced by 2,000 cells of 学历, in a file of some 50 KB.
fn long_shared_string(path: &Path) {
    let mut strings: String = HEADER
        .iter()
        .map(|h| format!("<si><t>{h}</t></si>"))
        .collect();
    for v in ["甲", "新招募", "山东", "新疆"] {
        strings.push_str(&format!("<si><t>{v}</t></si>"));
    }
    strings.push_str(&format!("<si><t>{}</t></si>", "本".repeat(1 << 20)));
    let sst = format!(
        r#"<?xml version="1.0"?><sst xmlns="{SST_NS}" count="10" uniqueCount="10">{strings}</sst>"#
    );
    let mut rows = String::new();
    for r in 1..=2001 {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..5u8 {
            let s = if r == 1 {
                c
            } else if c == 4 {
                9
            } else {
                5 + c
            };
            rows.push_str(&format!(
                r#"<c r="{}{r}" t="s"><v>{s}</v></c>"#,
                char::from(b'A' + c)
            ));
        }
        rows.push_str("</row>");
    }
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{SST_NS}"><sheetData>{rows}</sheetData></worksheet>"#
    );
    xlsx_with(path, &sst, &sheet);
}

/// An ods sheet whose one text cell is repeated 16,384 times across and 1,000 rows down: under
/// the cell limit, but gigabytes of text once laid out.
fn repeated_ods(dir: &Path) -> PathBuf {
    let path = dir.join("repeated.ods");
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
    let header: String = HEADER
        .iter()
        .map(|h| format!(r#"<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>"#))
        .collect();
    zip.write_all(format!(
        concat!(
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">"#,
            r#"<table:table-row>{}</table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
        ),
        header,
        "x".repeat(256)
    ).as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

/// An ods cell whose `<text:s text:c="2000000000"/>` claims two billion spaces.
fn spaces_ods(dir: &Path) -> PathBuf {
    let path = dir.join("spaces.ods");
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
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
    ).as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

/// The committed tiny xls roster (written by xlwt), with its bytes changed by `patch`.
fn patched_xls(dir: &Path, name: &str, patch: impl FnOnce(&mut [u8])) -> PathBuf {
    let mut bytes = std::fs::read(corpus("roster.xls")).unwrap();
    patch(&mut bytes);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn find(bytes: &[u8], what: &[u8], from: usize) -> usize {
    from + bytes[from..]
        .windows(what.len())
        .position(|w| w == what)
        .unwrap()
}

/// DIMENSIONS (type 0x0200, 14 bytes) claiming 4 billion rows.
fn xls_huge_dimensions(bytes: &mut [u8]) {
    let at = find(bytes, &[0x00, 0x02, 0x0E, 0x00], 0) + 4;
    bytes[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
    bytes[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    bytes[at + 8..at + 10].copy_from_slice(&0u16.to_le_bytes());
    bytes[at + 10..at + 12].copy_from_slice(&0xFFu16.to_le_bytes());
}

/// The first LABELSST cell (type 0x00FD) of the sheet moved to row 65536, column 65536.
fn xls_far_cell(bytes: &mut [u8]) {
    let sheet = find(bytes, &[0x00, 0x02, 0x0E, 0x00], 0);
    let at = find(bytes, &[0xFD, 0x00, 0x0A, 0x00], sheet) + 4;
    bytes[at..at + 4].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
}

/// The directory's sector made to follow itself in the FAT: a chain that never ends.
fn xls_looping_directory(bytes: &mut [u8]) {
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let dir = u32_at(bytes, 0x30);
    let fat = u32_at(bytes, 0x4C) as usize;
    let at = 512 + fat * 512 + dir as usize * 4;
    bytes[at..at + 4].copy_from_slice(&dir.to_le_bytes());
}

/// The example roster with one part's recorded CRC-32 changed, in its local header and in the
/// central directory: the bytes are whole, the checksum does not match them.
fn bad_crc(dir: &Path) -> PathBuf {
    let mut bytes = std::fs::read(example("roster.xlsx")).unwrap();
    let name = b"xl/worksheets/sheet1.xml";
    let u16_at = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(4).position(|w| w == b"PK\x03\x04") {
        let at = i + p;
        if &bytes[at + 30..at + 30 + u16_at(&bytes, at + 26)] == name {
            bytes[at + 14] ^= 0xFF;
        }
        i = at + 4;
    }
    let mut i = 0;
    while let Some(p) = bytes[i..].windows(4).position(|w| w == b"PK\x01\x02") {
        let at = i + p;
        if &bytes[at + 46..at + 46 + u16_at(&bytes, at + 28)] == name {
            bytes[at + 16] ^= 0xFF;
        }
        i = at + 4;
    }
    let path = dir.join("bad-crc.xlsx");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A FIFO nobody writes to: reading it would wait for ever.
fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let made = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    path
}

/// 16,384 header cells and 3,000 configured aliases: matching them pairwise never finished.
fn wide_header_and_aliases(dir: &Path) -> (PathBuf, PathBuf) {
    let roster = dir.join("wide-header.csv");
    let mut header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    header.extend((HEADER.len()..16_384).map(|i| format!("备注列{i}")));
    let mut text = header.join(",");
    text.push_str("\n甲,新招募,山东,新疆,初中\n");
    std::fs::write(&roster, text).unwrap();
    let config = dir.join("aliases.toml");
    let mut toml = String::from("[aliases.headers]\n");
    for i in 0..3_000 {
        toml.push_str(&format!("\"别名{i}\" = \"服务单位\"\n"));
    }
    std::fs::write(&config, toml).unwrap();
    (roster, config)
}

/// Rounds two's classes (issue 16): claims that size allocations, text without bound, files that
/// are not files, quadratic header matching, CR line endings, damaged archives.
fn round_two(dir: &Path) -> Vec<Case> {
    let claimed = dir.join("claimed-strings.xlsx");
    claimed_strings(&claimed);
    let long = dir.join("long-shared-string.xlsx");
    long_shared_string(&long);
    let cr_only = dir.join("cr-only.csv");
    std::fs::write(
        &cr_only,
        "姓名,志愿者类型,招募省份,服务省份,学历\r甲,新招募,山东,新疆,本科\r\r乙,新招募,山东,新疆,初中\r",
    )
    .unwrap();
    let big_config = dir.join("big.toml");
    std::fs::write(&big_config, "#".repeat(2 << 20)).unwrap();
    let big_table = dir.join("big-scale.csv");
    std::fs::write(&big_table, "省份,实施规模\n".repeat(2 << 20)).unwrap();
    let (wide, aliases) = wide_header_and_aliases(dir);
    let roster = example("roster.xlsx");
    let with = |flag: &str, file: String| vec!["check".into(), roster.clone(), flag.into(), file];
    vec![
        Case {
            name: "shared strings claiming a trillion, as a roster",
            args: check(claimed.display().to_string()),
            code: 2,
            message: "its shared strings claim 999999999999 strings",
        },
        Case {
            name: "shared strings claiming a trillion, as --scale",
            args: with("--scale", claimed.display().to_string()),
            code: 2,
            message: "its shared strings claim",
        },
        Case {
            name: "shared strings claiming a trillion, as --quotas",
            args: with("--quotas", claimed.display().to_string()),
            code: 2,
            message: "its shared strings claim",
        },
        Case {
            name: "an xls DIMENSIONS record of 4 billion rows",
            args: check(
                patched_xls(dir, "dims.xls", xls_huge_dimensions)
                    .display()
                    .to_string(),
            ),
            code: 2,
            message: "DIMENSIONS record claims",
        },
        Case {
            name: "an xls cell at (65535, 65535)",
            args: check(
                patched_xls(dir, "far.xls", xls_far_cell)
                    .display()
                    .to_string(),
            ),
            code: 2,
            message: "past the 256 columns",
        },
        Case {
            name: "an xls directory chain that loops",
            args: check(
                patched_xls(dir, "loop.xls", xls_looping_directory)
                    .display()
                    .to_string(),
            ),
            code: 2,
            message: "loop back on themselves",
        },
        Case {
            name: "an xls DIMENSIONS record of 4 billion rows, as --scale",
            args: with(
                "--scale",
                patched_xls(dir, "dims-scale.xls", xls_huge_dimensions)
                    .display()
                    .to_string(),
            ),
            code: 2,
            message: "DIMENSIONS record claims",
        },
        Case {
            name: "a 1 MiB shared string in 2,000 cells",
            args: check(long.display().to_string()),
            code: 1,
            message: "单元格内容超过 32767 个字符",
        },
        Case {
            name: "a cell reference whose column overflows calamine's arithmetic, checksums whole",
            args: check(overflowing_ref(dir).display().to_string()),
            code: 2,
            message: "无法读取 xlsx 工作簿",
        },
        Case {
            name: "an ods cell repeated 16,384 × 1,000 times",
            args: check(repeated_ods(dir).display().to_string()),
            code: 2,
            message: "repeated cells hold more than",
        },
        Case {
            name: "an ods cell claiming two billion spaces",
            args: check(spaces_ods(dir).display().to_string()),
            code: 2,
            message: "an ods cell claims 2000000001 characters of text",
        },
        Case {
            name: "a FIFO as the roster",
            args: check(fifo(dir, "roster.csv").display().to_string()),
            code: 2,
            message: "named pipe (FIFO)",
        },
        Case {
            name: "a FIFO as --config",
            args: with("--config", fifo(dir, "config.toml").display().to_string()),
            code: 2,
            message: "named pipe (FIFO)",
        },
        Case {
            name: "a FIFO as --scale",
            args: with("--scale", fifo(dir, "scale.csv").display().to_string()),
            code: 2,
            message: "named pipe (FIFO)",
        },
        Case {
            name: "/dev/zero as --config",
            args: with("--config", "/dev/zero".to_string()),
            code: 2,
            message: "it is a device",
        },
        Case {
            name: "/dev/zero as the roster",
            args: check("/dev/zero".to_string()),
            code: 2,
            message: "it is a device",
        },
        Case {
            name: "a 2 MiB configuration file",
            args: with("--config", big_config.display().to_string()),
            code: 2,
            message: "more than the 1024 KiB",
        },
        Case {
            name: "a 40 MiB plan table",
            args: with("--quotas", big_table.display().to_string()),
            code: 2,
            message: "more than the 16384 KiB",
        },
        Case {
            name: "a 16,384-column header and 3,000 configured aliases",
            args: vec![
                "check".into(),
                wide.display().to_string(),
                "--config".into(),
                aliases.display().to_string(),
            ],
            code: 1,
            message: "错误 E2 [初中]",
        },
        Case {
            name: "CR-only line endings give true line numbers",
            args: check(cr_only.display().to_string()),
            code: 1,
            message: "错误 E4 [初中]",
        },
        Case {
            name: "a part whose CRC does not match",
            args: check(bad_crc(dir).display().to_string()),
            code: 2,
            message: "文件已损坏：its part xl/worksheets/sheet1.xml",
        },
    ]
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
            // The fuzzer's bytes also broke a checksum, which is now found first.
            message: "文件已损坏",
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
        // A folder is read as one roster (#12): its first file that cannot be read stops the
        // check (a county left out would make every share wrong), with one line naming it.
        Case {
            name: "a folder of hostile files",
            args: check(corpus("")),
            code: 2,
            message: "csv-named.xlsx：不是 xibu 能读取的电子表格或 CSV 文件",
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
    cases.extend(round_two(dir.path()));
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

/// The last line of defence: whatever exhausts the memory limit xibu sets itself (here a limit
/// far below what any check needs) ends in one error line and exit 2, not an abort.
#[test]
fn exhausting_the_memory_limit_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let args = check(example("roster.xlsx"));
    let (code, _, stderr, _) = run_env(&args, dir.path(), &[("XIBU_MEMORY_LIMIT", "8")]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: reading the input needed more than the 8 MiB of memory"),
        "{stderr}"
    );
    // The same check under the default limit passes.
    let (code, _, stderr, _) = run(&args, dir.path());
    assert_eq!(code, 0, "{stderr}");
}

/// An ID number typed into other columns is masked by what it is, in every format and language,
/// in messages, values and the 问题清单 sheet, unless --show-pii.
#[test]
fn id_numbers_in_any_column_are_masked_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    // Not the example number of the rules' own documentation (SARIF carries that text as help).
    let id = "440304198506123017";
    let roster = dir.path().join("pii.csv");
    std::fs::write(
        &roster,
        format!(
            "姓名,身份证号,志愿者类型,招募省份,服务省份,学历,专项,岗位名称,报到日期\n\
             甲,{id},新招募,{id},新疆,{id},{id},维稳岗{id},{id}\n\
             乙,440304850612301,新招募,山东,新疆,本科,基础教育,{id}维稳,2020-07-20\n"
        ),
    )
    .unwrap();
    let old_id = "440304850612301";
    for format in ["table", "json", "csv", "junit", "github", "sarif", "gitlab"] {
        for lang in ["zh", "en"] {
            let xlsx = dir.path().join(format!("report-{format}-{lang}.xlsx"));
            let args: Vec<String> = [
                "check",
                roster.to_str().unwrap(),
                "--format",
                format,
                "--lang",
                lang,
                "--report-xlsx",
                xlsx.to_str().unwrap(),
            ]
            .map(String::from)
            .to_vec();
            let (code, stdout, stderr, _) = run(&args, dir.path());
            assert_eq!(code, 1, "{format} {lang}: {stderr}");
            let text = format!("{stdout}{stderr}");
            assert!(
                text.contains("440304********3017"),
                "{format} {lang}: {text}"
            );
            assert!(!text.contains(id), "{format} {lang}: {text}");
            assert!(!text.contains(old_id), "{format} {lang}: {text}");
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
            let findings = book.worksheet_range("问题清单").unwrap();
            let cells: Vec<String> = findings.cells().map(|(_, _, v)| v.to_string()).collect();
            assert!(cells.iter().any(|c| c.contains("440304********3017")));
            assert!(!cells.iter().any(|c| c.contains(id) || c.contains(old_id)));
        }
    }
    // --show-pii shows them.
    let args: Vec<String> = ["check", roster.to_str().unwrap(), "--show-pii"]
        .map(String::from)
        .to_vec();
    let (code, stdout, _, _) = run(&args, dir.path());
    assert_eq!(code, 1);
    assert!(stdout.contains(id), "{stdout}");
}

/// The cap on cell text at its boundary: 32,767 characters are a name, one more is E01 "too
/// long", and the value a finding keeps is a 40-character prefix.
#[test]
fn cell_text_is_capped_at_excels_limit() {
    use xibu::roster::{ReadOptions, Roster};
    let dir = tempfile::tempdir().unwrap();
    for (chars, errors) in [(32_767, 0), (32_768, 1)] {
        let path = dir.path().join(format!("name-{chars}.csv"));
        let name = "甲".repeat(chars);
        std::fs::write(
            &path,
            format!("{}\n{name},新招募,山东,新疆,本科\n", HEADER.join(",")),
        )
        .unwrap();
        let roster = Roster::read(&path, &ReadOptions::default()).unwrap();
        assert_eq!(roster.info.cell_errors.len(), errors, "{chars} characters");
        if let Some(e) = roster.info.cell_errors.first() {
            assert_eq!(e.cell, "A2");
            let problem = e.problem.render(xibu::messages::Lang::En);
            assert!(problem.contains("more than 32767 characters"), "{problem}");
            assert_eq!(e.value.chars().count(), 41, "40 characters and an ellipsis");
        } else {
            assert_eq!(
                roster.records[0].name.value().map(|n| n.chars().count()),
                Some(chars)
            );
        }
    }
}

/// The checking child ends itself when its parent is killed by a signal it cannot pass on: here
/// the child is kept busy (blocked writing a report nobody reads) and the parent is SIGKILLed.
#[test]
fn the_checking_child_does_not_outlive_its_parent() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("long.xlsx");
    long_shared_string(&roster);
    let mut parent = Command::new(assert_cmd::cargo::cargo_bin("xibu"))
        .arg("check")
        .arg(&roster)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The child, once it has started (its report is larger than the pipe, so it blocks).
    let children = format!("/proc/{0}/task/{0}/children", parent.id());
    let started = Instant::now();
    let child: u32 = loop {
        let text = std::fs::read_to_string(&children).unwrap_or_default();
        if let Some(pid) = text.split_whitespace().next() {
            break pid.parse().unwrap();
        }
        assert!(started.elapsed() < TIME_LIMIT, "no child process");
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(Duration::from_millis(500));
    parent.kill().unwrap();
    parent.wait().unwrap();
    let gone = Instant::now();
    while Path::new(&format!("/proc/{child}/stat")).exists()
        && !std::fs::read_to_string(format!("/proc/{child}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
    {
        assert!(
            gone.elapsed() < Duration::from_secs(10),
            "the child {child} outlived its parent"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
