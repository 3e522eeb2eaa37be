//! Minimal reproducers of the calamine 0.38 bugs that xibu guards against (docs/fuzzing.md), for
//! reporting upstream. Each file is written by code, a few KB at most.
//!
//! ```sh
//! cargo run --example calamine_repro -- write DIR          # writes every reproducer into DIR
//! cargo run --example calamine_repro -- open DIR/FILE      # opens one with calamine alone
//! ```
//!
//! `open` reads the first sheet with calamine directly, without xibu's checks, and prints what
//! came of it; the allocation bugs abort the process ("memory allocation of … bytes failed").

use std::io::Write;
use std::path::Path;

use calamine::{Reader, open_workbook_auto};

const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn xlsx(path: &Path, shared_strings: &str, sheet: &str) -> zip::result::ZipResult<()> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default();
    let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml".to_string(),
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .to_string(),
        ),
        (
            "_rels/.rels".to_string(),
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<workbook xmlns="{NS}" xmlns:r="{rels}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/sharedStrings.xml".to_string(),
            shared_strings.to_string(),
        ),
        ("xl/worksheets/sheet1.xml".to_string(), sheet.to_string()),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.finish()?;
    Ok(())
}

fn one_cell_sheet(reference: &str) -> String {
    format!(
        r#"<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="{reference}" t="s"><v>0</v></c></row></sheetData></worksheet>"#
    )
}

/// The tiny xls roster of the test corpus, patched.
fn xls(dir: &Path, name: &str, patch: impl FnOnce(&mut [u8])) -> std::io::Result<()> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/roster.xls");
    let mut bytes = std::fs::read(source)?;
    patch(&mut bytes);
    std::fs::write(dir.join(name), bytes)
}

fn find(bytes: &[u8], what: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| p + from)
}

/// Writes DIMENSIONS (BIFF8, 14 bytes) with the given first row, last row + 1 and last column + 1.
fn dimensions(bytes: &mut [u8], first_row: u32, rows_end: u32, cols_end: u16) {
    if let Some(at) = find(bytes, &[0x00, 0x02, 0x0E, 0x00], 0) {
        let data = &mut bytes[at + 4..at + 16];
        data[0..4].copy_from_slice(&first_row.to_le_bytes());
        data[4..8].copy_from_slice(&rows_end.to_le_bytes());
        data[8..10].copy_from_slice(&0u16.to_le_bytes());
        data[10..12].copy_from_slice(&cols_end.to_le_bytes());
    }
}

fn write(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    // 1. sharedStrings uniqueCount reserved as claimed (xlsx/mod.rs, read_shared_strings).
    xlsx(
        &dir.join("unique-count.xlsx"),
        &format!(r#"<sst xmlns="{NS}" uniqueCount="999999999999"><si><t>a</t></si></sst>"#),
        &one_cell_sheet("A1"),
    )?;
    // 2. A 15-letter column overflows the base-26 arithmetic (xlsx/mod.rs,
    //    get_row_and_optional_column): a panic in debug builds.
    xlsx(
        &dir.join("column-overflow.xlsx"),
        &format!(r#"<sst xmlns="{NS}" uniqueCount="1"><si><t>a</t></si></sst>"#),
        &one_cell_sheet("AAAAAAAAAAAAAAA1"),
    )?;
    // 3. DIMENSIONS of 2^32 - 1 rows: cells.reserve(rows * cols) (xls.rs, worksheet_range).
    xls(dir, "dimensions-huge.xls", |b| {
        dimensions(b, 0, u32::MAX, 0xFF)
    })?;
    // 4. DIMENSIONS whose last row comes before its first: (last - 1) - first underflows
    //    (xls.rs, parse_dimensions and its caller).
    xls(dir, "dimensions-backwards.xls", |b| dimensions(b, 10, 5, 5))?;
    // 5. One cell moved to (65535, 65535): Range::from_sparse lays out 65536 x 65536 cells.
    xls(dir, "far-cell.xls", |b| {
        let sheet = find(b, &[0x00, 0x02, 0x0E, 0x00], 0).unwrap_or(0);
        if let Some(at) = find(b, &[0xFD, 0x00, 0x0A, 0x00], sheet) {
            b[at + 4..at + 8].copy_from_slice(&[0xFF; 4]);
        }
    })?;
    // 6. The directory's sector made to follow itself in the FAT: Sectors::get_chain reads the
    //    directory with no length bound and loops until memory runs out (cfb.rs).
    xls(dir, "directory-loop.xls", |b| {
        let u32_at =
            |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        let directory = u32_at(b, 0x30);
        let fat = u32_at(b, 0x4C) as usize;
        let at = 512 + fat * 512 + directory as usize * 4;
        b[at..at + 4].copy_from_slice(&directory.to_le_bytes());
    })?;
    // 7. An ods cell repeated 16,384 times in each of 1,000 rows: every repeat is a copy of its
    //    text (ods.rs), 4 GB from 2 KB.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.join("repeated.ods"))?);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", stored)?;
    zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)?;
    zip.start_file("content.xml", stored)?;
    zip.write_all(format!(
        concat!(
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">"#,
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
        ),
        "x".repeat(256)
    ).as_bytes())?;
    zip.finish()?;
    // 8. One `<text:s text:c="2000000000"/>`: calamine pushes two billion spaces one by one
    //    (ods.rs, read_cell), 2 GB and most of a minute from 1 KB.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(dir.join("spaces.ods"))?);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", stored)?;
    zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)?;
    zip.start_file("content.xml", stored)?;
    zip.write_all(concat!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">"#,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
    ).as_bytes())?;
    zip.finish()?;
    // 9. A part whose CRC-32 does not match its bytes is read as if whole: calamine stops at the
    //    part's last element and never reaches the check (the zip crate checks at end of entry).
    let path = dir.join("bad-crc.xlsx");
    xlsx(
        &path,
        &format!(r#"<sst xmlns="{NS}" uniqueCount="1"><si><t>a</t></si></sst>"#),
        &one_cell_sheet("A1"),
    )?;
    let mut bytes = std::fs::read(&path)?;
    let name = b"xl/worksheets/sheet1.xml";
    for (signature, crc, name_len, name_at) in
        [(b"PK\x03\x04", 14, 26, 30), (b"PK\x01\x02", 16, 28, 46)]
    {
        let mut from = 0;
        while let Some(at) = find(&bytes, signature, from) {
            let len = usize::from(u16::from_le_bytes([
                bytes[at + name_len],
                bytes[at + name_len + 1],
            ]));
            if bytes.get(at + name_at..at + name_at + len) == Some(&name[..]) {
                bytes[at + crc] ^= 0xFF;
            }
            from = at + 4;
        }
    }
    std::fs::write(&path, bytes)?;
    Ok(())
}

fn open(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = open_workbook_auto(path)?;
    let name = book.sheet_names().first().cloned().ok_or("no sheets")?;
    let range = book.worksheet_range(&name)?;
    println!(
        "read {} rows x {} columns, no error",
        range.height(),
        range.width()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir] if cmd == "write" => write(Path::new(dir)),
        [cmd, file] if cmd == "open" => open(Path::new(file)),
        _ => Err("usage: calamine_repro write DIR | open FILE".into()),
    }
}
