//! Zip containers (xlsx, xlsm, xlsb, ods): what the file really is, judged by the parts inside
//! it rather than by its name, and whether it is safe to open at all.
//!
//! A workbook is a zip archive whose parts xibu's reader inflates. A decompression bomb — a few
//! megabytes that inflate to gigabytes — is refused here from the sizes the archive declares,
//! before anything is inflated.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::{Format, InputError};

/// The most one part (a sheet, the shared strings) may declare when inflated.
pub const MAX_PART_BYTES: u64 = 1 << 30;
/// The most all parts together may declare.
pub const MAX_TOTAL_BYTES: u64 = 2 << 30;
/// Parts larger than this must not inflate more than [`MAX_RATIO`] times: real sheets compress
/// about 5 to 30 times, a bomb a thousand.
pub const RATIO_CHECKED_ABOVE: u64 = 64 << 20;
pub const MAX_RATIO: u64 = 250;
/// More parts than any workbook has.
pub const MAX_PARTS: usize = 100_000;

fn refuse(path: &Path, detail: String) -> InputError {
    InputError::UnknownFormat {
        path: path.to_path_buf(),
        detail,
    }
}

/// A file xibu could read but will not: it would cost more than any roster does.
fn too_big(path: &Path, detail: String) -> InputError {
    InputError::Refused {
        path: path.to_path_buf(),
        detail,
    }
}

fn mib(bytes: u64) -> u64 {
    bytes / (1 << 20)
}

/// Opens the archive, says which workbook format it holds, and refuses it when its declared
/// sizes are those of a decompression bomb.
pub fn inspect(path: &Path, ext: &str) -> Result<Format, InputError> {
    let file = super::open_regular(path, None)?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        refuse(
            path,
            format!(
                "it starts like a zip archive (as xlsx files do) but is damaged or cut short: {e}"
            ),
        )
    })?;
    if archive.len() > MAX_PARTS {
        return Err(refuse(
            path,
            format!("a zip archive of {} parts, not a workbook", archive.len()),
        ));
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let format = if has("xl/workbook.xml") {
        Format::Xlsx
    } else if has("xl/workbook.bin") {
        Format::Xlsb
    } else if has("content.xml") && (has("mimetype") || ext == "ods") {
        if is_ods_spreadsheet(&mut archive) {
            Format::Ods
        } else {
            return Err(refuse(
                path,
                "an OpenDocument file that is not a spreadsheet (a text document?)".to_string(),
            ));
        }
    } else if has("word/document.xml") {
        return Err(refuse(path, "a Word document, not a workbook".to_string()));
    } else if has("ppt/presentation.xml") {
        return Err(refuse(
            path,
            "a PowerPoint presentation, not a workbook".to_string(),
        ));
    } else {
        return Err(refuse(
            path,
            "a zip archive with no workbook inside".to_string(),
        ));
    };

    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let size = part.size();
        let packed = part.compressed_size().max(1);
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("number {i}"));
        if size > MAX_PART_BYTES {
            return Err(too_big(
                path,
                format!(
                    "its part {name} inflates to {} MiB, more than the {} MiB xibu reads from one part \
                     (a real roster sheet of a million rows is a few hundred MiB); this looks like a \
                     decompression bomb",
                    mib(size),
                    mib(MAX_PART_BYTES)
                ),
            ));
        }
        if size > RATIO_CHECKED_ABOVE && size / packed > MAX_RATIO {
            return Err(too_big(
                path,
                format!(
                    "its part {name} inflates {} times ({} MiB from {} KiB); real sheets compress \
                     far less; this looks like a decompression bomb",
                    size / packed,
                    mib(size),
                    packed / 1024
                ),
            ));
        }
        total = total.saturating_add(size);
    }
    if format == Format::Ods {
        ods_extent(path, &mut archive)?;
    }
    if format == Format::Xlsx {
        shared_string_count(path, &mut archive)?;
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_big(
            path,
            format!(
                "its parts inflate to {} MiB in all, more than the {} MiB xibu reads",
                mib(total),
                mib(MAX_TOTAL_BYTES)
            ),
        ));
    }
    Ok(format)
}

/// An OpenDocument archive names its kind in its first part, `mimetype`.
fn is_ods_spreadsheet(archive: &mut zip::ZipArchive<BufReader<File>>) -> bool {
    let Ok(part) = archive.by_name("mimetype") else {
        // Some writers leave it out; content.xml will tell calamine the rest.
        return true;
    };
    let mut text = String::new();
    let _ = part.take(200).read_to_string(&mut text);
    text.trim() == "application/vnd.oasis.opendocument.spreadsheet"
}

/// The most cells an OpenDocument sheet may span, empty ones included. calamine lays an ods sheet
/// out as one dense grid from its first to its last filled cell, so two cells far apart would
/// make it allocate gigabytes; 20 million cells is some 600 MiB.
pub const MAX_ODS_GRID: u64 = 20_000_000;
/// The most text an ods sheet may hold once its repeats are laid out. A national roster of a
/// million rows holds some 200 MiB.
pub const MAX_ODS_TEXT: u64 = 512 << 20;
/// The most text one ods cell may claim through repeated spaces (`text:s`), far above the
/// 32,767 characters a cell may hold, so that only a hostile count is refused.
pub const MAX_ODS_CELL_TEXT: u64 = 4 << 20;

/// Measures the grid each sheet of an ods file would span, from its row and column repeat
/// counts, without building it. Repeated rows and cells count only when something filled follows
/// them, as calamine counts them (LibreOffice pads every sheet with a million empty rows).
fn ods_extent(
    path: &Path,
    archive: &mut zip::ZipArchive<BufReader<File>>,
) -> Result<(), InputError> {
    use quick_xml::events::{BytesStart, Event};

    let Ok(part) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let repeat = |e: &BytesStart, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let filled = |e: &BytesStart| {
        e.attributes()
            .flatten()
            .any(|a| a.key.as_ref() == "office:value-type")
    };
    // Per sheet: rows seen so far, and the end of the last row with something filled; per row:
    // columns so far, and the end of the last filled cell.
    let (mut rows, mut last_rows, mut widest) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut cols, mut last_cols, mut row_filled) = (1u64, 0u64, 0u64, false);
    let mut in_cell = false;
    // Text bytes as calamine will hold them: each cell's text once per repeat of the cell and of
    // its row (it copies a repeated cell's value into every place it covers).
    let (mut cell_repeat, mut cell_text, mut row_text, mut sheet_text) = (1u64, 0u64, 0u64, 0u64);
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            // A malformed content.xml is calamine's to report.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => {
                        (rows, last_rows, widest, sheet_text) = (0, 0, 0, 0);
                    }
                    "table:table-row" => {
                        row_repeat = repeat(e, "table:number-rows-repeated");
                        (cols, last_cols, row_filled, row_text) = (0, 0, false, 0);
                        if empty {
                            rows = rows.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        cell_repeat = repeat(e, "table:number-columns-repeated");
                        cols = cols.saturating_add(cell_repeat);
                        if filled(e) {
                            last_cols = cols;
                            row_filled = true;
                        }
                        in_cell = !empty;
                        cell_text = 0;
                    }
                    "text:p" if in_cell => {
                        last_cols = cols;
                        row_filled = true;
                    }
                    // `<text:s text:c="N"/>` stands for N spaces, which calamine writes out one
                    // by one: two billion of them is 2 GB and most of a minute.
                    "text:s" if in_cell => {
                        let spaces = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == "text:c")
                            .map_or(1, |a| a.value.trim().parse::<u64>().unwrap_or(0));
                        cell_text = cell_text.saturating_add(spaces);
                        if cell_text > MAX_ODS_CELL_TEXT {
                            return Err(too_big(
                                path,
                                format!(
                                    "an ods cell claims {cell_text} characters of text (spaces \
                                     repeated by text:s); a cell holds at most {} characters",
                                    super::MAX_CELL_CHARS
                                ),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_cell => {
                cell_text = cell_text.saturating_add(t.len() as u64);
            }
            Event::End(ref e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    in_cell = false;
                    row_text = row_text.saturating_add(cell_text.saturating_mul(cell_repeat));
                }
                "table:table-row" => {
                    sheet_text = sheet_text.saturating_add(row_text.saturating_mul(row_repeat));
                    if sheet_text > MAX_ODS_TEXT {
                        return Err(too_big(
                            path,
                            format!(
                                "an ods sheet whose repeated cells hold more than {} MiB of text \
                                 once laid out (a cell's text counts once for each place its \
                                 repeat covers); no roster holds that much",
                                mib(MAX_ODS_TEXT)
                            ),
                        ));
                    }
                    rows = rows.saturating_add(row_repeat);
                    if row_filled {
                        last_rows = rows;
                        widest = widest.max(last_cols);
                    }
                    let grid = last_rows.saturating_mul(widest);
                    if grid > MAX_ODS_GRID {
                        return Err(too_big(
                            path,
                            format!(
                                "an ods sheet whose filled cells span {last_rows} rows by {widest} \
                                 columns ({grid} cells, most of them empty); xibu reads sheets of \
                                 at most {MAX_ODS_GRID} cells. Delete the stray cells far from the \
                                 roster, or save it as xlsx"
                            ),
                        ));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Bytes of a `sharedStrings.xml` that one string takes at the least (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// calamine reserves room for as many shared strings as the part's `uniqueCount` claims before
/// it reads one: a 2 KB file claiming trillions aborts the process. The claim is checked against
/// the room the part has for strings.
fn shared_string_count(
    path: &Path,
    archive: &mut zip::ZipArchive<BufReader<File>>,
) -> Result<(), InputError> {
    use quick_xml::events::Event;

    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.ends_with("sharedStrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let Ok(part) = archive.by_name(&name) else {
            continue;
        };
        let room = (part.size() / MIN_SHARED_STRING_BYTES).min(super::MAX_CELLS);
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(64 << 10)));
        let mut buf = Vec::new();
        // The counts are on the first element, at the start of the part.
        for _ in 0..16 {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    for attr in e.attributes().flatten() {
                        let key = attr.key.local_name();
                        if key.as_ref() != "uniqueCount" && key.as_ref() != "count" {
                            continue;
                        }
                        let text = attr.value.trim().to_string();
                        // calamine ignores a count it cannot parse as a number.
                        let Ok(claimed) = text.parse::<u128>() else {
                            continue;
                        };
                        if key.as_ref() == "uniqueCount" && claimed > u128::from(room) {
                            return Err(InputError::Damaged {
                                path: path.to_path_buf(),
                                detail: format!(
                                    "its shared strings claim {} \
                                     strings, but their part ({name}) has room for at most {room}",
                                    super::short(&text, 24)
                                ),
                            });
                        }
                    }
                    break;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    Ok(())
}

/// Inflates every part of the archive once, to its end, so that a part whose checksum (CRC-32)
/// does not match its bytes, or that is cut short or runs past the size it declares, names the
/// file as damaged: calamine stops reading a part at its last element and never reaches the zip
/// reader's end-of-part check. It costs one more inflation of the archive, which the caller runs
/// beside the workbook reader (docs/fuzzing.md has the cost).
///
/// While it inflates an xlsx worksheet it also notes the sheet's hidden rows (`<row hidden="1">`,
/// which is also how Excel stores the rows an autofilter hides) that hold a value: calamine does
/// not say which rows are hidden, and this pass reads every byte of the sheet anyway.
pub fn verify(path: &Path) -> Result<HiddenRows, InputError> {
    let file = super::open_regular(path, None)?;
    let mut archive =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| InputError::Damaged {
            path: path.to_path_buf(),
            detail: format!("the zip archive cannot be opened: {e}"),
        })?;
    verify_parts(path, &mut archive)
}

/// Hidden rows (1-based numbers) of each xlsx worksheet part that has any.
#[derive(Debug, Default)]
pub struct HiddenRows {
    parts: Vec<(String, Vec<u32>)>,
    /// An ods workbook's, by table name.
    ods_tables: Vec<(String, Vec<u32>)>,
}

impl HiddenRows {
    /// The hidden rows of the worksheet named `sheet` in the workbook at `path`; none when the
    /// sheet has none, or its part cannot be told.
    pub fn of_sheet(&self, path: &Path, sheet: &str) -> Vec<u32> {
        if let Some((_, rows)) = self.ods_tables.iter().find(|(t, _)| t == sheet) {
            return rows.clone();
        }
        if self.parts.is_empty() {
            return Vec::new();
        }
        let Some(part) = sheet_part(path, sheet) else {
            return Vec::new();
        };
        self.parts
            .iter()
            .find(|(p, _)| *p == part)
            .map(|(_, rows)| rows.clone())
            .unwrap_or_default()
    }
}

/// The part of the worksheet named `sheet`: `xl/workbook.xml` gives its relationship id, and
/// `xl/_rels/workbook.xml.rels` that relationship's target.
fn sheet_part(path: &Path, sheet: &str) -> Option<String> {
    use quick_xml::events::Event;
    let file = super::open_regular(path, None).ok()?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let mut read = |name: &str| -> Option<String> {
        let part = archive.by_name(name).ok()?;
        let mut text = String::new();
        part.take(MAX_SMALL_PART).read_to_string(&mut text).ok()?;
        Some(text)
    };
    let workbook = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    // The value of the attribute whose name `is`, unescaped.
    fn attr(e: &quick_xml::events::BytesStart, is: impl Fn(&str) -> bool) -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| is(a.key.into_inner()))
            .and_then(|a| {
                let raw: &str = &a.value;
                quick_xml::escape::unescape(raw)
                    .ok()
                    .map(|v| v.into_owned())
            })
    }
    let local = |e: &quick_xml::events::BytesStart| {
        let name: &str = e.name().into_inner();
        name.rsplit(':').next().unwrap_or(name).to_string()
    };
    let mut id = None;
    let mut reader = quick_xml::Reader::from_str(&workbook);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if local(&e) == "sheet" && attr(&e, |k| k == "name").as_deref() == Some(sheet) =>
            {
                // `r:id`, whatever the relationships namespace's prefix.
                id = attr(&e, |k| k.ends_with(":id"));
                break;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let id = id?;
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if local(&e) == "Relationship"
                    && attr(&e, |k| k == "Id").as_deref() == Some(id.as_str()) =>
            {
                let target = attr(&e, |k| k == "Target")?;
                return Some(match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target}"),
                });
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The most of `workbook.xml` or its relationships read to find a sheet's part.
const MAX_SMALL_PART: u64 = 16 << 20;

/// Notes the hidden rows of a worksheet's XML as it streams past: each tag is found with one
/// `memchr`, and only `<row>` tags, and value tags inside a hidden row, are looked into.
#[derive(Default)]
struct RowScanner {
    /// An ods `content.xml` rather than an xlsx worksheet: rows are `<table:table-row>`, hidden
    /// with `table:visibility="collapse"` (or `"filter"`, by an autofilter), numbered by counting
    /// (with `table:number-rows-repeated`) within each `<table:table table:name=…>`.
    ods: bool,
    /// The ods table being read, and the hidden rows of those read before it.
    table: String,
    tables: Vec<(String, Vec<u32>)>,
    /// Bytes of a tag cut off at the end of the last chunk.
    carry: Vec<u8>,
    /// The last row seen (rows without an `r` attribute follow it).
    last_row: u32,
    /// A hidden row whose value is not yet seen.
    open: Option<u32>,
    hidden: Vec<u32>,
}

/// A tag longer than this is no row tag xibu needs to read; it is skipped rather than held.
const MAX_TAG: usize = 64 * 1024;

impl RowScanner {
    /// Keeps the last tag of `rest` when it is cut off by the chunk's end, for the next chunk.
    fn keep_open_tag(&mut self, rest: &[u8]) {
        if let Some(lt) = memchr::memrchr(b'<', rest) {
            let tag = rest.get(lt..).unwrap_or_default();
            if memchr::memchr(b'>', tag).is_none() && tag.len() <= MAX_TAG {
                self.carry = tag.to_vec();
            }
        }
    }

    fn ods_tag(&mut self, local: &[u8], tag: &[u8]) {
        match local {
            b"table" => {
                self.end_table();
                self.table = attribute(tag, b" table:name=\"")
                    .map(|v| {
                        let raw = String::from_utf8_lossy(v);
                        quick_xml::escape::unescape(&raw)
                            .map(|t| t.into_owned())
                            .unwrap_or_else(|_| raw.into_owned())
                    })
                    .unwrap_or_default();
                self.last_row = 0;
            }
            b"table-row" => {
                self.open = None;
                let repeated = attribute(tag, b" table:number-rows-repeated=\"")
                    .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok())
                    .unwrap_or(1);
                let first = self.last_row.saturating_add(1);
                self.last_row = self.last_row.saturating_add(repeated.max(1));
                let hidden = matches!(
                    attribute(tag, b" table:visibility=\""),
                    Some(b"collapse" | b"filter")
                );
                // A repeated row holds the same cells each time: empty ones, in practice.
                if hidden && repeated <= 1 && !tag.ends_with(b"/>") {
                    self.open = Some(first);
                }
            }
            b"table-cell" => {
                if memchr::memmem::find(tag, b"office:value-type=").is_some()
                    && let Some(row) = self.open.take()
                {
                    self.hidden.push(row);
                }
            }
            b"/table-row" => self.open = None,
            b"/table" => self.end_table(),
            _ => {}
        }
    }

    fn end_table(&mut self) {
        if !self.hidden.is_empty() {
            let name = std::mem::take(&mut self.table);
            self.tables.push((name, std::mem::take(&mut self.hidden)));
        }
    }

    fn tag(&mut self, tag: &[u8]) {
        // `<x:row …>` as well as `<row …>`.
        let name_end = tag
            .iter()
            .position(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(tag.len());
        let name = tag.get(1..name_end).unwrap_or_default();
        // `/x:row` → `/row`: a closing tag keeps its slash.
        let closing = name.first() == Some(&b'/');
        let local = match memchr::memchr(b':', name) {
            Some(colon) => name.get(colon + 1..).unwrap_or_default(),
            None => name,
        };
        let with_slash;
        let local = if closing && local.first() != Some(&b'/') {
            with_slash = [b"/".as_slice(), local].concat();
            with_slash.as_slice()
        } else {
            local
        };
        if self.ods {
            self.ods_tag(local, tag);
            return;
        }
        match local {
            b"row" => {
                self.open = None;
                let row = attribute(tag, b" r=\"")
                    .and_then(|v| std::str::from_utf8(v).ok()?.parse::<u32>().ok())
                    .unwrap_or(self.last_row.saturating_add(1));
                self.last_row = row;
                let hidden = matches!(attribute(tag, b" hidden=\""), Some(b"1" | b"true"));
                if hidden && !tag.ends_with(b"/>") {
                    self.open = Some(row);
                }
            }
            b"v" | b"is" => {
                if let Some(row) = self.open.take() {
                    self.hidden.push(row);
                }
            }
            b"/row" => self.open = None,
            _ => {}
        }
    }
}

/// The value of the attribute that `key` (` name="`) starts, in a tag.
fn attribute<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let start = memchr::memmem::find(tag, key)? + key.len();
    let rest = tag.get(start..)?;
    rest.get(..memchr::memchr(b'"', rest)?)
}

impl std::io::Write for RowScanner {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut data = std::mem::take(&mut self.carry);
        data.extend_from_slice(buf);
        let mut at = 0;
        loop {
            let rest = data.get(at..).unwrap_or_default();
            // An xlsx sheet is read tag by tag only inside a hidden row: elsewhere it skips to
            // the next `hidden="`, which most sheets never have, at memchr's speed.
            if !self.ods && self.open.is_none() {
                match memchr::memmem::find(rest, b"hidden=\"") {
                    Some(m) => match memchr::memrchr(b'<', rest.get(..m).unwrap_or_default()) {
                        Some(lt) => at += lt,
                        // Not inside a tag (text that says it): past it.
                        None => {
                            at += m + 1;
                            continue;
                        }
                    },
                    None => {
                        self.keep_open_tag(rest);
                        return Ok(buf.len());
                    }
                }
            }
            let rest = data.get(at..).unwrap_or_default();
            let Some(start) = memchr::memchr(b'<', rest) else {
                return Ok(buf.len());
            };
            let tag = rest.get(start..).unwrap_or_default();
            match memchr::memchr(b'>', tag) {
                Some(gt) => {
                    self.tag(tag.get(..=gt).unwrap_or_default());
                    at += start + gt + 1;
                }
                None => {
                    self.keep_open_tag(tag);
                    return Ok(buf.len());
                }
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn verify_parts(
    path: &Path,
    archive: &mut zip::ZipArchive<BufReader<File>>,
) -> Result<HiddenRows, InputError> {
    let mut hidden = HiddenRows::default();
    for i in 0..archive.len() {
        let damaged = |detail: String| InputError::Damaged {
            path: path.to_path_buf(),
            detail,
        };
        let mut part = archive
            .by_index(i)
            .map_err(|e| damaged(format!("its part number {} cannot be opened: {e}", i + 1)))?;
        if part.is_dir() {
            continue;
        }
        let name = super::short(&part.name().unwrap_or_default(), super::ECHO_CHARS);
        let declared = part.size();
        let full_name = part.name().unwrap_or_default().into_owned();
        let ods = full_name == "content.xml";
        let worksheet =
            ods || (full_name.starts_with("xl/worksheets/") && full_name.ends_with(".xml"));
        let mut scanner = RowScanner {
            ods,
            ..RowScanner::default()
        };
        let mut sink = std::io::sink();
        let out: &mut dyn std::io::Write = if worksheet { &mut scanner } else { &mut sink };
        let read =
            std::io::copy(&mut (&mut part).take(declared.saturating_add(1)), out).map_err(|e| {
                damaged(format!(
                    "its part {name} does not inflate to what the archive recorded ({e}): \
                 a checksum that does not match, or a part cut short"
                ))
            })?;
        if read != declared {
            return Err(damaged(format!(
                "its part {name} inflates to {read} bytes, but the archive records {declared}"
            )));
        }
        if ods {
            scanner.end_table();
            hidden.ods_tables = scanner.tables;
        } else if !scanner.hidden.is_empty() {
            hidden.parts.push((full_name, scanner.hidden));
        }
    }
    Ok(hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn scan(xml: &str, ods: bool, chunk: usize) -> (Vec<u32>, Vec<(String, Vec<u32>)>) {
        let mut scanner = RowScanner {
            ods,
            ..RowScanner::default()
        };
        for piece in xml.as_bytes().chunks(chunk) {
            scanner.write_all(piece).unwrap();
        }
        if ods {
            scanner.end_table();
        }
        (scanner.hidden, scanner.tables)
    }

    #[test]
    fn hidden_xlsx_rows_with_a_value_whatever_the_chunks() {
        let xml = r#"<worksheet><sheetData>
            <row r="1" hidden="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="2" hidden="false"><c r="A2"><v>1</v></c></row>
            <row r="3" hidden="true"><c r="A3" s="4"/></row>
            <row r="4" hidden="1"/>
            <row r="5" spans="1:3" hidden="1" ht="0"><c r="A5" t="inlineStr"><is><t>x</t></is></c></row>
            <x:row r="6" hidden="1"><x:c r="A6"><x:v>2</x:v></x:c></x:row>
            <row r="7"><c r="A7" t="inlineStr"><is><t>hidden="1"</t></is></c></row>
            </sheetData></worksheet>"#;
        for chunk in [xml.len(), 64, 7, 3, 2, 1] {
            let (hidden, _) = scan(xml, false, chunk);
            assert_eq!(hidden, [1, 5, 6], "chunks of {chunk}");
        }
    }

    #[test]
    fn hidden_ods_rows_are_counted_per_table() {
        let xml = r#"<office:spreadsheet>
            <table:table table:name="说明"><table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>
            <table:table table:name="A&amp;B">
            <table:table-row><table:table-cell/></table:table-row>
            <table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>
            <table:table-row table:visibility="filter"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            <table:table-row table:visibility="collapse"><table:table-cell/></table:table-row>
            <table:table-row table:visibility="visible"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
            </table:table></office:spreadsheet>"#;
        for chunk in [1, 5, xml.len()] {
            let (_, tables) = scan(xml, true, chunk);
            assert_eq!(
                tables,
                [("说明".to_string(), vec![1]), ("A&B".to_string(), vec![5])],
                "chunks of {chunk}"
            );
        }
    }
}
