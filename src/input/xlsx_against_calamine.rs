//! xibu's xlsx reader ([`super::xlsx`]) against calamine's cell reader, on the same workbooks:
//! written by rust_xlsxwriter with every kind of value, written by hand with the XML that other
//! writers use (inline strings, cells without references, namespace prefixes, comments, CDATA,
//! phonetic runs, the 1904 date system …), every workbook in the repository (LibreOffice's
//! among them), and random text. Both must give the same rows, or both fail.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rust_xlsxwriter as xw;

use super::excel::{read_sheet, read_xlsx_with_calamine};
use super::{Cell, Format, Row, SheetChoice, xlsx};

type Read = Result<(Vec<Row>, String, Vec<String>), String>;

fn ours(path: &Path, choice: &SheetChoice) -> Read {
    let mut rows = Vec::new();
    read_sheet(path, Format::Xlsx, choice, &mut |row| {
        rows.push(row.clone());
        ControlFlow::Continue(())
    })
    .map(|(name, sheets)| (rows, name, sheets))
    .map_err(|e| e.to_string())
}

fn calamine(path: &Path, choice: &SheetChoice) -> Read {
    let mut rows = Vec::new();
    read_xlsx_with_calamine(path, choice, &mut |row| {
        rows.push(row.clone());
        ControlFlow::Continue(())
    })
    .map(|(name, sheets)| (rows, name, sheets))
    .map_err(|e| e.to_string())
}

/// Reads `path` with both readers, asserting that xibu's own took it, and returns xibu's rows.
fn same(path: &Path, choice: &SheetChoice) -> Vec<Row> {
    assert!(
        xlsx::Book::open(path).is_some(),
        "xibu's reader left {} to calamine",
        path.display()
    );
    let (a, b) = (ours(path, choice), calamine(path, choice));
    match (a, b) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{} ({choice:?})", path.display());
            a.0
        }
        (a, b) => panic!("{}: xibu {a:?}\ncalamine {b:?}", path.display()),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

const AWKWARD_TEXT: &[&str] = &[
    "张三",
    "a & b < c > d \" e ' f",
    "  leading and trailing  ",
    "line\nbreak",
    "crlf\r\nend",
    "tab\there",
    "_x000D_ literally",
    "_x4E2D_",
    "😀 emoji 𠀀",
    "\u{3000}全角空格\u{3000}",
    "\u{1}\u{1f} controls",
    "]]> and <![CDATA[",
    "&amp; written out",
    "x",
];

#[test]
fn every_kind_of_value_rust_xlsxwriter_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kinds.xlsx");
    let mut book = xw::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("值").unwrap();
    for (i, s) in AWKWARD_TEXT.iter().enumerate() {
        sheet.write_string(i as u32, 0, *s).unwrap();
    }
    let numbers = [
        0.0,
        -1.5,
        187.0,
        1e-300,
        1.7976931348623157e308,
        0.1 + 0.2,
        800000.0,
    ];
    for (i, n) in numbers.iter().enumerate() {
        sheet.write_number(i as u32, 1, *n).unwrap();
    }
    let date = xw::ExcelDateTime::from_ymd(2021, 7, 15).unwrap();
    let formats = [
        "yyyy-mm-dd",
        "[h]:mm:ss",
        "d-mmm",
        "h:mm AM/PM",
        "yyyy\"年\"m\"月\"d\"日\"",
        "0.00",
        "#,##0\"元\"",
        "[Red]0.00;[Blue]-0.00",
        "[$-F800]dddd, mmmm dd, yyyy",
        "\\d0",
        "@",
    ];
    for (i, f) in formats.iter().enumerate() {
        let format = xw::Format::new().set_num_format(*f);
        sheet
            .write_datetime_with_format(i as u32, 2, &date, &format)
            .unwrap();
        sheet
            .write_number_with_format(i as u32, 3, 44000.25, &format)
            .unwrap();
    }
    for (i, id) in [14u8, 22, 27, 45, 46, 47, 49, 2].iter().enumerate() {
        let format = xw::Format::new().set_num_format_index(*id);
        sheet
            .write_number_with_format(i as u32, 4, 1234.5, &format)
            .unwrap();
    }
    sheet.write_boolean(0, 5, true).unwrap();
    sheet.write_boolean(1, 5, false).unwrap();
    sheet
        .write_formula(2, 5, xw::Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    sheet
        .write_formula(3, 5, xw::Formula::new("=\"a\"&\"b\"").set_result("a & b"))
        .unwrap();
    sheet
        .write_formula(4, 5, xw::Formula::new("=1+1").set_result("2"))
        .unwrap();
    sheet
        .write_formula(5, 5, xw::Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    let bold = xw::Format::new().set_bold();
    let segments = [(&bold, "粗 "), (&xw::Format::default(), "  细")];
    sheet.write_rich_string(6, 5, &segments).unwrap();
    sheet.write_blank(7, 5, &bold).unwrap();
    sheet.write_string(30, 40, "far away").unwrap();
    let hidden = book.add_worksheet();
    hidden.set_name("hidden & <sheet>").unwrap();
    hidden.write_string(0, 0, "in the hidden sheet").unwrap();
    hidden.set_hidden(true);
    book.add_worksheet().set_name("空").unwrap();
    book.save(&path).unwrap();

    let rows = same(&path, &SheetChoice::First);
    assert_eq!(rows[0].cells[0], text("张三"));
    assert_eq!(rows[2].cells[0], text("  leading and trailing  "));
    assert_eq!(rows[6].cells[0], text("_x000D_ literally"));
    assert_eq!(rows[0].cells[5], Cell::Bool(true));
    assert_eq!(rows[3].cells[5], text("a & b"));
    assert_eq!(rows[6].cells[5], text("粗   细"));
    assert!(matches!(rows[0].cells[2], Cell::DateTime(_)));
    same(&path, &SheetChoice::Named("hidden & <sheet>".into()));
    same(&path, &SheetChoice::Named("空".into()));
}

/// A workbook whose parts are given as XML, stored in a zip as they are.
fn handmade(
    dir: &Path,
    sheet: &str,
    shared: Option<&str>,
    styles: &str,
    workbook_pr: &str,
) -> PathBuf {
    handmade_as(
        dir,
        sheet,
        shared,
        styles,
        workbook_pr,
        "sharedStrings.xml",
        "styles.xml",
    )
}

/// [`handmade`], with the shared strings and styles parts under the names given.
fn handmade_as(
    dir: &Path,
    sheet: &str,
    shared: Option<&str>,
    styles: &str,
    workbook_pr: &str,
    shared_name: &str,
    styles_name: &str,
) -> PathBuf {
    let path = dir.join("handmade.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, body: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{workbook_pr}<x:sheets><x:sheet name="名单" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    put(&format!("xl/{styles_name}"), styles);
    if let Some(shared) = shared {
        put(&format!("xl/{shared_name}"), shared);
    }
    put("xl/worksheets/sheet1.xml", sheet);
    zip.finish().unwrap();
    path
}

const STYLES: &str = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/m/d"/><numFmt numFmtId="165" formatCode="&quot;第&quot;0&quot;名&quot;"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;

const SHARED: &str = "<?xml version=\"1.0\"?>\r\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"6\" uniqueCount=\"6\">\
<si><t>姓名</t></si>\
<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\"> 文本 </t></r></si>\
<si><t>东京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>\
<si><t>\r\n  trimmed &amp; escaped_x000D_ \r\n</t></si>\
<si/>\
<si><t><![CDATA[<cdata> & more]]></t></si>\
</sst>";

#[test]
fn the_xml_other_writers_use() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "<?xml version=\"1.0\"?>\r\n<!-- a comment before the root -->\
<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:dimension ref=\"A1:H9\"/>\
<x:sheetData>\
<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t='s'><x:v>1</x:v></x:c><x:c r=\"C1\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"D1\" t=\"s\"><x:v>3</x:v></x:c><x:c r=\"E1\" t=\"s\"><x:v>4</x:v></x:c><x:c r=\"F1\" t=\"s\"><x:v>5</x:v></x:c></x:row>\
<row r=\"2\"><c><v>1</v></c><c><v>2.5</v></c><c t=\"n\"><v>-3e2</v></c><c s=\"1\"><v>44392</v></c><c s=\"2\"><v>7</v></c><c s=\"3\"><v>44392.5</v></c><c s=\"4\"><v>1.25</v></c><c s=\"99\"><v>44392</v></c></row>\
<row><c t=\"inlineStr\"><is><t>行内 &lt;文本&gt;</t></is></c><c t=\"inlineStr\"><is><r><t>富</t></r><r><t xml:space=\"preserve\"> 行内</t></r></is></c><c t=\"str\"><f>A1&amp;\"x\"</f><v>公式 &amp; 结果_x0009_</v></c></row>\
<row r=\"5\" spans=\"1:8\"><c r=\"A5\" t=\"b\"><v>1</v></c><c r=\"B5\" t=\"b\"><v>false</v></c><c r=\"C5\" t=\"e\"><v>#N/A</v></c><c r=\"D5\" t=\"d\"><v>2021-07-15T08:30:00</v></c><c r=\"E5\" t=\"d\"><v>2021-07-15</v></c><c r=\"F5\"><v>not a number</v></c><c r=\"G5\" s=\"1\"/><c r=\"H5\"><f>1+1</f><v>2</v></c></row>\
<row r=\"6\"><c r=\"A6\" ><!-- inside a cell --><v>42</v></c><c r=\"B6\" t=\"s\"\n   s=\"0\"><v>3</v></c><c r\t=\t\"d6\"><v>6</v></c><c r = \"F6\"\n><v>7</v></c><c r\t=\"H6\"><v>8</v></c><c r=\"E6\" t=\"inlineStr\"><v>ignored</v><is><t>kept</t></is></c></row>\
<row r=\"8\"/>\n  <row r=\"10\">\n    <c r=\"A10\" t=\"s\"><v>0</v></c>\n    <c r=\"B10\"><v>10</v></c>\n  </row>\n\
<row r=\"9\"><c r=\"A9\" t=\"s\"><v></v></c><c r=\"B9\" t=\"str\"><v></v></c><c r=\"C9\"><v/></c><c r=\"D9\" t=\"s\"><v>4</v></c></row>\
</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>";
    let path = handmade(dir.path(), sheet, Some(SHARED), STYLES, "");
    let rows = same(&path, &SheetChoice::First);
    assert_eq!(
        rows[0].cells,
        vec![
            text("姓名"),
            text("富 文本 "),
            text("东京"),
            text("trimmed & escaped\r"),
            Cell::Empty,
            text("<cdata> & more"),
        ]
    );
    assert_eq!(rows[2].number, 3);
    assert_eq!(rows[2].cells[0], text("行内 <文本>"));
    assert_eq!(rows[2].cells[2], text("公式 & 结果\t"));
    // The 1904 system moves every date by 1,462 days.
    let path1904 = handmade(
        dir.path(),
        sheet,
        Some(SHARED),
        STYLES,
        "<x:workbookPr date1904=\"1\"/>",
    );
    let later = same(&path1904, &SheetChoice::First);
    match (&rows[1].cells[3], &later[1].cells[3]) {
        (Cell::DateTime(a), Cell::DateTime(b)) => assert_eq!((*b - *a).num_days(), 1462),
        other => panic!("{other:?}"),
    }
}

#[test]
fn damaged_sheets_fail_in_both_readers() {
    let dir = tempfile::tempdir().unwrap();
    let wrap = |data: &str| {
        format!(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
        )
    };
    for data in [
        // A shared string the workbook does not have.
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>",
        // Cut off inside a cell.
        "<row r=\"1\"><c r=\"A1\"><v>1",
        // A reference that is no reference.
        "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
        "<row r=\"0\"><c><v>1</v></c></row>",
        // Values their type does not allow.
        "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>yes</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"e\"><v>#WHAT?</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"n\"><v>twelve</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"x\"><v>1</v></c></row>",
    ] {
        let sheet = if data.ends_with("<v>1") {
            format!("<worksheet><sheetData>{data}")
        } else {
            wrap(data)
        };
        let path = handmade(dir.path(), &sheet, Some(SHARED), STYLES, "");
        assert!(xlsx::Book::open(&path).is_some());
        let (a, b) = (
            ours(&path, &SheetChoice::First),
            calamine(&path, &SheetChoice::First),
        );
        assert!(a.is_err(), "xibu read {data}: {a:?}");
        let e = a.unwrap_err();
        assert!(e.contains("cannot read the xlsx workbook"), "{e}");
        assert!(b.is_err(), "calamine read {data}: {b:?}");
    }
}

/// Where the two readers part: a value in a CDATA section is its text (calamine sees none),
/// and a shared-string index that is no number is damage (calamine takes string 0).
#[test]
fn where_xibu_s_reader_differs_from_calamine_s() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = |data: &str| {
        format!("<worksheet><sheetData><row r=\"1\">{data}</row></sheetData></worksheet>")
    };
    let path = handmade(
        dir.path(),
        &sheet("<c r=\"A1\"><v><![CDATA[42]]></v></c>"),
        Some(SHARED),
        STYLES,
        "",
    );
    let (rows, _, _) = ours(&path, &SheetChoice::First).unwrap();
    assert_eq!(rows[0].cells, vec![Cell::Float(42.0)]);
    let (rows, _, _) = calamine(&path, &SheetChoice::First).unwrap();
    assert!(rows.is_empty(), "{rows:?}");

    let path = handmade(
        dir.path(),
        &sheet("<c r=\"A1\" t=\"s\"><v>x</v></c>"),
        Some(SHARED),
        STYLES,
        "",
    );
    let e = ours(&path, &SheetChoice::First).unwrap_err();
    assert!(e.contains("shared string “x”"), "{e}");
    let (rows, _, _) = calamine(&path, &SheetChoice::First).unwrap();
    assert_eq!(rows[0].cells, vec![text("姓名")]);
}

/// Every workbook in the repository: the examples, the fixtures (LibreOffice's two-row header
/// among them) and the fuzzing corpus.
#[test]
fn the_repository_s_workbooks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut dirs = vec![root.join("examples"), root.join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                found.push(path);
            }
        }
    }
    assert!(found.len() >= 5, "{found:?}");
    let mut read_by_ours = 0;
    for path in &found {
        if xlsx::Book::open(path).is_none() {
            continue;
        }
        read_by_ours += 1;
        let (a, b) = (
            ours(path, &SheetChoice::First),
            calamine(path, &SheetChoice::First),
        );
        match (&a, &b) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
            (Err(_), Err(_)) => {}
            _ => panic!("{}: xibu {a:?}\ncalamine {b:?}", path.display()),
        }
    }
    assert!(read_by_ours >= 3, "{read_by_ours} of {found:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_text_and_numbers_read_alike(
        texts in proptest::collection::vec(any::<String>(), 1..12),
        numbers in proptest::collection::vec(any::<f64>().prop_filter("finite", |n| n.is_finite()), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.xlsx");
        let mut book = xw::Workbook::new();
        let sheet = book.add_worksheet();
        for (i, t) in texts.iter().enumerate() {
            sheet.write_string(i as u32, 0, t).unwrap();
            sheet.write_string(i as u32 + 1, 1, t.trim()).unwrap();
        }
        for (i, n) in numbers.iter().enumerate() {
            sheet.write_number(i as u32, 2, *n).unwrap();
        }
        book.save(&path).unwrap();
        same(&path, &SheetChoice::First);
    }
}

/// Pieces of a sheet's XML, for sheets that are mostly wrong.
const PIECES: &[&str] = &[
    "<row>",
    "<row r=\"2\">",
    "</row>",
    "<row/>",
    "<c",
    "<c>",
    "<c r=\"B1\"",
    " t=\"s\"",
    " t=\"inlineStr\"",
    " s=\"1\"",
    " r='A1'",
    ">",
    "/>",
    "<v>",
    "</v>",
    "</c>",
    "0",
    "1.5",
    "&amp;",
    "&#x0;",
    "&",
    "<is>",
    "<t>",
    "</t>",
    "</is>",
    "<f>",
    "</f>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?pi",
    "?>",
    "\"",
    "'",
    "<x:c r=\"A1\">",
    "</sheetData>",
    "<!DOCTYPE",
    "\u{0}",
    "\u{FFFF}",
    " ",
    "=",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever a sheet holds, xibu's reader answers rows or an error: it never panics and
    /// never loops.
    #[test]
    fn a_sheet_of_broken_pieces_is_read_or_refused(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60),
        cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let body: String = pieces.concat();
        let end = if cut { "" } else { "</sheetData></worksheet>" };
        let sheet = format!("<worksheet><sheetData>{body}{end}");
        let path = handmade(dir.path(), &sheet, Some(SHARED), STYLES, "");
        let read = ours(&path, &SheetChoice::First);
        if let Err(e) = read {
            prop_assert!(e.contains("cannot read the xlsx workbook"), "{}", e);
        }
    }
}

/// What the review of the reader found, each read as calamine reads it: parts named in another
/// case, a type no workbook has on a cell without a value, a prefixed attribute that is not the
/// cell's own, a line break in CDATA, a format id written `014`.
#[test]
fn what_the_review_found() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "<worksheet><sheetData><row r=\"1\">\
<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>44392</v></c>\
<c r=\"C1\" t=\"x\"/><c r=\"D1\" t=\"x\"><f>1</f></c><c r=\"E1\" t=\"x\"><is><t>a</t></is></c>\
<c r=\"F1\" t=\"s\" foo:t=\"n\" foo:r=\"Z9\"><v>1</v></c><c r=\"G1\" t=\"s\"><v>2</v></c>\
<c r=\"H1\" s=\"2\"><v>44392</v></c></row></sheetData></worksheet>";
    let shared =
        "<sst><si><t>姓名</t></si><si><t>乙</t></si><si><t><![CDATA[a\r\nb\rc]]></t></si></sst>";
    let styles = "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"014\"/></cellXfs></styleSheet>";
    let path = handmade_as(
        dir.path(),
        sheet,
        Some(shared),
        styles,
        "",
        "SharedStrings.xml",
        "Styles.xml",
    );
    let rows = same(&path, &SheetChoice::First);
    assert_eq!(rows[0].cells[0], text("姓名"));
    assert!(
        matches!(rows[0].cells[1], Cell::DateTime(_)),
        "{:?}",
        rows[0].cells[1]
    );
    assert_eq!(rows[0].cells[4], text("a"));
    assert_eq!(rows[0].cells[5], text("乙"));
    assert_eq!(rows[0].cells[6], text("a\nb\nc"));
    assert_eq!(rows[0].cells[7], Cell::Float(44392.0));
}

/// A part in another encoding than UTF-8 (which no writer xibu has seen makes) is calamine's.
#[test]
fn a_part_in_another_encoding_is_left_to_calamine() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
    let path = handmade(dir.path(), sheet, Some(SHARED), STYLES, "");
    assert!(xlsx::Book::open(&path).is_none());
    let utf8 = sheet.replace("ISO-8859-1", "UTF-8");
    let path = handmade(dir.path(), &utf8, Some(SHARED), STYLES, "");
    same(&path, &SheetChoice::First);
}
