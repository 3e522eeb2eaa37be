//! One grid of test cells written out as xlsx, ods and CSV (UTF-8, BOM, GBK), so that a test can
//! read "the same roster" in every format.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

#[derive(Debug, Clone, PartialEq)]
pub enum C {
    Blank,
    S(String),
    N(f64),
    /// A date cell (y, m, d); CSV writes it as `2020-07-20`.
    D(u16, u8, u8),
}

pub fn s(text: &str) -> C {
    C::S(text.to_string())
}

pub type Grid = Vec<Vec<C>>;

pub fn write_xlsx(grid: &Grid, path: &Path) {
    write_xlsx_merged(grid, &[], path);
}

/// [`write_xlsx`] with merged ranges (first row, first column, last row, last column; 0-based):
/// a merged range shows its first cell's text, as Excel keeps it.
pub fn write_xlsx_merged(grid: &Grid, merges: &[(u32, u16, u32, u16)], path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let merged = |r: u32, c: u16| {
        merges
            .iter()
            .any(|m| (m.0..=m.2).contains(&r) && (m.1..=m.3).contains(&c))
    };
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if merged(r, c) {
                continue;
            }
            match cell {
                C::Blank => {}
                C::S(t) => {
                    ws.write_string(r, c, t).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
            }
        }
    }
    for &(r1, c1, r2, c2) in merges {
        let text = match grid.get(r1 as usize).and_then(|row| row.get(c1 as usize)) {
            Some(C::S(t)) => t.clone(),
            _ => String::new(),
        };
        ws.merge_range(r1, c1, r2, c2, &text, &Format::new())
            .unwrap();
    }
    wb.save(path).unwrap();
}

/// [`write_xlsx`] as writers other than Excel lay a workbook out (the .NET Open XML SDK, some
/// exports): the `x:` namespace prefix on every element, strings inline in the sheet except the
/// header's (in a shared-strings part named `SharedStrings.xml`), cells without references (a
/// blank cell is an empty `<x:c/>` holding its place), dates as serial numbers with a custom
/// date format, and the XML indented.
pub fn write_xlsx_other_writer(grid: &Grid, path: &Path) {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let ns = "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    let mut shared = Vec::new();
    let mut sheet = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<x:worksheet {ns}>\n  <x:sheetData>\n"
    );
    for (r, row) in grid.iter().enumerate() {
        let header = row.iter().filter(|c| matches!(c, C::S(_))).count() > 5;
        sheet.push_str(&format!("    <x:row r=\"{}\">\n", r + 1));
        for cell in row {
            let c = match cell {
                C::Blank => "<x:c/>".to_string(),
                C::S(t) if header => {
                    shared.push(format!("<x:si><x:t>{}</x:t></x:si>", esc(t)));
                    format!("<x:c t=\"s\"><x:v>{}</x:v></x:c>", shared.len() - 1)
                }
                C::S(t) => format!(
                    "<x:c t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\">{}</x:t></x:is></x:c>",
                    esc(t)
                ),
                C::N(n) => format!("<x:c><x:v>{n}</x:v></x:c>"),
                C::D(y, m, d) => {
                    let serial = ExcelDateTime::from_ymd(*y, *m, *d).unwrap().to_excel();
                    format!("<x:c s=\"1\"><x:v>{serial}</x:v></x:c>")
                }
            };
            sheet.push_str(&format!("      {c}\n"));
        }
        sheet.push_str("    </x:row>\n");
    }
    sheet.push_str("  </x:sheetData>\n</x:worksheet>\n");
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"R1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>".to_string(),
        ),
        (
            "xl/workbook.xml",
            format!("<?xml version=\"1.0\"?><x:workbook {ns} xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><x:sheets><x:sheet name=\"花名册\" sheetId=\"1\" r:id=\"R1\"/></x:sheets></x:workbook>"),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"R1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet.xml\"/></Relationships>".to_string(),
        ),
        (
            "xl/styles.xml",
            format!("<?xml version=\"1.0\"?><x:styleSheet {ns}><x:numFmts><x:numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d\"/></x:numFmts><x:cellXfs><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\" applyNumberFormat=\"1\"/></x:cellXfs></x:styleSheet>"),
        ),
        (
            "xl/SharedStrings.xml",
            format!("<?xml version=\"1.0\"?><x:sst {ns}>{}</x:sst>", shared.concat()),
        ),
        ("xl/worksheets/sheet.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// Text as UTF-16 with its byte-order mark, as Excel's "Unicode text" saves it.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

fn xml_escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A minimal OpenDocument spreadsheet: the mimetype (stored first), a manifest and content.xml.
pub fn write_ods(grid: &Grid, path: &Path) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="花名册">"#,
    );
    for row in grid {
        content.push_str("<table:table-row>");
        for cell in row {
            match cell {
                C::Blank => content.push_str("<table:table-cell/>"),
                C::S(t) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    xml_escape(t)
                )),
                C::N(n) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                )),
                C::D(y, m, d) => content.push_str(&format!(
                    r#"<table:table-cell office:value-type="date" office:date-value="{y:04}-{m:02}-{d:02}"><text:p>{y:04}-{m:02}-{d:02}</text:p></table:table-cell>"#
                )),
            }
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// The grid as CSV text, the way Excel exports it: dates as `2020-07-20`, numbers plainly.
pub fn to_csv(grid: &Grid) -> String {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in grid {
        let fields: Vec<String> = row
            .iter()
            .map(|c| match c {
                C::Blank => String::new(),
                C::S(t) => t.clone(),
                C::N(n) => n.to_string(),
                C::D(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
            })
            .collect();
        w.write_record(&fields).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}
