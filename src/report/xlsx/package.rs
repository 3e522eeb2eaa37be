//! The clerk's own xlsx package, patched as it streams: every part is copied as it is (raw, not
//! even recompressed) but five — the roster sheet, its relationships, `styles.xml`,
//! `workbook.xml` with its relationships, and `[Content_Types].xml` — and four parts are added:
//! the notes (`commentsN.xml` and its VML drawing) and the two sheets 问题清单 and 汇总.
//!
//! The roster sheet is never held whole: its XML is read event by event and written back with
//! three changes — a flagged cell's `s=` points at a copy of its own style with the severity's
//! fill, missing flagged cells and the 问题 column's cells are added to their rows, and
//! `<autoFilter>`/`<legacyDrawing>` are put where the schema orders them. Memory is the marks
//! (a few words per flagged cell) and the zip being written, whatever the roster's size.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, BufWriter, Cursor, Read, Seek, Write};

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::sheets::{self, SheetNames};
use super::{Annotations, escape, fill_rgb};
use crate::input::{cell_ref, column_letters};
use crate::report::Report;
use crate::rules::Severity;

/// Why a package could not be patched.
#[derive(Debug)]
pub enum PatchError {
    /// A shape of package this patcher does not handle; the fresh workbook is written instead.
    Unsupported(String),
    Io(std::io::Error),
    Zip(zip::result::ZipError),
    Xml(String),
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatchError::Unsupported(s) | PatchError::Xml(s) => f.write_str(s),
            PatchError::Io(e) => write!(f, "{e}"),
            PatchError::Zip(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for PatchError {
    fn from(e: std::io::Error) -> Self {
        PatchError::Io(e)
    }
}
impl From<zip::result::ZipError> for PatchError {
    fn from(e: zip::result::ZipError) -> Self {
        PatchError::Zip(e)
    }
}
impl From<quick_xml::Error> for PatchError {
    fn from(e: quick_xml::Error) -> Self {
        PatchError::Xml(e.to_string())
    }
}
impl From<quick_xml::events::attributes::AttrError> for PatchError {
    fn from(e: quick_xml::events::attributes::AttrError) -> Self {
        PatchError::Xml(e.to_string())
    }
}

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const REL_VBA: &str = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const CT_MACRO_MAIN: &str = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";

/// Where a child of `<worksheet>` goes, in the schema's order (CT_Worksheet).
fn rank(local: &str) -> Option<u8> {
    const ORDER: &[&str] = &[
        "sheetPr",
        "dimension",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "sheetCalcPr",
        "sheetProtection",
        "protectedRanges",
        "scenarios",
        "autoFilter",
        "sortState",
        "dataConsolidate",
        "customSheetViews",
        "mergeCells",
        "phoneticPr",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "customProperties",
        "cellWatches",
        "ignoredErrors",
        "smartTags",
        "drawing",
        "legacyDrawing",
        "legacyDrawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
    ];
    if local == "AlternateContent" {
        // Markup-compatibility wrappers hold oleObjects/controls.
        return Some(33);
    }
    ORDER.iter().position(|n| *n == local).map(|p| p as u8)
}
const RANK_AUTOFILTER: u8 = 10;
const RANK_LEGACY: u8 = 30;

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .and_then(|a| unescaped(&a))
}

fn unescaped(a: &Attribute) -> Option<String> {
    let raw: &str = &a.value;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|v| v.into_owned())
}

/// An attribute's value as written (cell references and style indexes need no unescaping).
fn raw_attr<'a>(e: &'a BytesStart, name: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value)
}

/// The attribute whose local name is `local` and which has a prefix (`r:id`).
fn prefixed_attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key;
        (key.prefix().is_some() && key.local_name().into_inner() == local)
            .then(|| unescaped(&a))
            .flatten()
    })
}

/// `B10` → (row 10, column 1).
fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = r.get(letters.len()..)?;
    let mut col: u32 = 0;
    for c in letters.chars() {
        col = col
            .checked_mul(26)?
            .checked_add(u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1))?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row, col.checked_sub(1)?))
}

fn read_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, PatchError> {
    let Ok(mut f) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut s = String::new();
    f.read_to_string(&mut s)?;
    Ok(Some(s))
}

/// `xl/workbook.xml` + `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`.
fn resolve(base_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_part.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

struct Rel {
    id: String,
    kind: String,
    target: String,
}

fn parse_rels(xml: &str) -> Result<Vec<Rel>, PatchError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "Relationship" => {
                out.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Inserts `extra` before the closing tag of the document's root element.
fn insert_before_root_end(xml: &str, extra: &str) -> Result<String, PatchError> {
    let end = xml
        .rfind("</")
        .ok_or_else(|| PatchError::Unsupported("a part without a closing root tag".into()))?;
    let (head, tail) = xml.split_at(end);
    Ok(format!("{head}{extra}{tail}"))
}

/// The styles part, and the cell formats xibu adds to it.
struct Styles {
    xml: String,
    /// Each existing `<xf>` of `cellXfs`, verbatim.
    xfs: Vec<String>,
    fills: usize,
    fonts: usize,
    font0: String,
    /// New cell formats, in index order after the existing ones.
    added: Vec<String>,
    /// (original xf, severity) → new xf.
    filled: BTreeMap<(u32, Severity), u32>,
    /// The bold font's index (added on first use).
    bold_font: Option<usize>,
    bold_xf: Option<u32>,
}

impl Styles {
    fn parse(xml: String) -> Result<Styles, PatchError> {
        let mut reader = Reader::from_str(&xml);
        let mut xfs = Vec::new();
        let (mut fills, mut fonts) = (0, 0);
        let mut font0 = String::new();
        let mut stack: Vec<String> = Vec::new();
        let mut start = 0usize;
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event()?;
            let parent = stack.last().map(String::as_str);
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let local = e.local_name().into_inner().to_string();
                    match (parent, local.as_str()) {
                        (Some("fills"), "fill") => fills += 1,
                        (Some("fonts"), "font") => fonts += 1,
                        _ => {}
                    }
                    if matches!(
                        (parent, local.as_str()),
                        (Some("cellXfs"), "xf") | (Some("fonts"), "font")
                    ) {
                        start = before;
                    }
                    let end = reader.buffer_position() as usize;
                    if let Event::Empty(_) = event {
                        Self::close(
                            &xml, parent, &local, start, end, &mut xfs, &mut font0, fonts,
                        );
                    } else {
                        stack.push(local);
                    }
                }
                Event::End(e) => {
                    let local = e.local_name().into_inner().to_string();
                    stack.pop();
                    let parent = stack.last().map(String::as_str);
                    let end = reader.buffer_position() as usize;
                    Self::close(
                        &xml, parent, &local, start, end, &mut xfs, &mut font0, fonts,
                    );
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if xfs.is_empty() || fills == 0 || fonts == 0 {
            return Err(PatchError::Unsupported(
                "styles.xml without cell formats, fills or fonts".into(),
            ));
        }
        Ok(Styles {
            xml,
            xfs,
            fills,
            fonts,
            font0,
            added: Vec::new(),
            filled: BTreeMap::new(),
            bold_font: None,
            bold_xf: None,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn close(
        xml: &str,
        parent: Option<&str>,
        local: &str,
        start: usize,
        end: usize,
        xfs: &mut Vec<String>,
        font0: &mut String,
        fonts: usize,
    ) {
        match (parent, local) {
            (Some("cellXfs"), "xf") => xfs.push(xml.get(start..end).unwrap_or("").to_string()),
            (Some("fonts"), "font") if fonts == 1 => {
                *font0 = xml.get(start..end).unwrap_or("").to_string();
            }
            _ => {}
        }
    }

    fn next_index(&self) -> u32 {
        (self.xfs.len() + self.added.len()) as u32
    }

    /// A copy of `xf` with some attributes set.
    fn derive(&mut self, base: u32, set: &[(&str, String)]) -> u32 {
        let raw = self
            .xfs
            .get(base as usize)
            .or_else(|| self.xfs.first())
            .cloned()
            .unwrap_or_else(|| "<xf/>".to_string());
        let index = self.next_index();
        self.added.push(rewrite_start_tag(&raw, set));
        index
    }

    /// The cell format of `base` with the severity's fill.
    fn filled(&mut self, base: u32, severity: Severity) -> u32 {
        if let Some(&i) = self.filled.get(&(base, severity)) {
            return i;
        }
        let fill = self.fills
            + match severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Notice => 2,
            };
        let i = self.derive(
            base,
            &[("fillId", fill.to_string()), ("applyFill", "1".into())],
        );
        self.filled.insert((base, severity), i);
        i
    }

    /// The default format, bold.
    fn bold(&mut self) -> u32 {
        if let Some(i) = self.bold_xf {
            return i;
        }
        let font = *self.bold_font.get_or_insert(self.fonts);
        let i = self.derive(
            0,
            &[("fontId", font.to_string()), ("applyFont", "1".into())],
        );
        self.bold_xf = Some(i);
        i
    }

    /// The default format with wrapped text, top-aligned.
    fn wrapped(&mut self) -> u32 {
        let index = self.next_index();
        self.added.push(
            r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#
                .to_string(),
        );
        index
    }

    fn finish(&self) -> Result<String, PatchError> {
        let mut reader = Reader::from_str(&self.xml);
        let mut writer = Writer::new(Vec::new());
        let mut depth = 0usize;
        let mut in_xfs = false;
        loop {
            let event = reader.read_event()?;
            match event {
                Event::Start(e) => {
                    depth += 1;
                    let local = e.local_name().into_inner().to_string();
                    let count = match local.as_str() {
                        "fills" if depth == 2 => Some(self.fills + 3),
                        "fonts" if depth == 2 => {
                            Some(self.fonts + usize::from(self.bold_font.is_some()))
                        }
                        "cellXfs" if depth == 2 => {
                            in_xfs = true;
                            Some(self.xfs.len() + self.added.len())
                        }
                        _ => None,
                    };
                    match count {
                        Some(n) => writer.write_event(Event::Start(with_attr(
                            &e,
                            "count",
                            &n.to_string(),
                        )))?,
                        None => writer.write_event(Event::Start(e))?,
                    }
                }
                Event::End(e) => {
                    let local = e.local_name().into_inner().to_string();
                    let prefix = prefix_of(e.name().into_inner());
                    if depth == 2 {
                        let extra = match local.as_str() {
                            "fills" => [Severity::Error, Severity::Warning, Severity::Notice]
                                .iter()
                                .map(|s| {
                                    format!(
                                        r#"<{prefix}fill><{prefix}patternFill patternType="solid"><{prefix}fgColor rgb="FF{:06X}"/><{prefix}bgColor indexed="64"/></{prefix}patternFill></{prefix}fill>"#,
                                        fill_rgb(*s)
                                    )
                                })
                                .collect(),
                            "fonts" if self.bold_font.is_some() => bold_font(&self.font0),
                            "cellXfs" if in_xfs => {
                                in_xfs = false;
                                self.added
                                    .iter()
                                    .map(|x| with_prefix(x, &prefix))
                                    .collect()
                            }
                            _ => String::new(),
                        };
                        writer.get_mut().extend_from_slice(extra.as_bytes());
                    }
                    depth = depth.saturating_sub(1);
                    writer.write_event(Event::End(e))?;
                }
                Event::Eof => break,
                e => writer.write_event(e)?,
            }
        }
        String::from_utf8(writer.into_inner()).map_err(|e| PatchError::Xml(e.to_string()))
    }
}

/// `x:` of `x:row`, or nothing.
fn prefix_of(name: &str) -> String {
    match name.find(':') {
        Some(i) => format!("{}:", name.get(..i).unwrap_or("")),
        None => String::new(),
    }
}

/// Our own `<xf …>` markup, written unprefixed, with the part's prefix put in.
fn with_prefix(xml: &str, prefix: &str) -> String {
    if prefix.is_empty() || xml.contains(&format!("<{prefix}")) {
        return xml.to_string();
    }
    xml.replace("</", &format!("</{prefix}"))
        .replace('<', &format!("<{prefix}"))
        .replace(&format!("<{prefix}/"), "</")
}

/// font 0, bold.
fn bold_font(font0: &str) -> String {
    match font0.find('>') {
        Some(i) if font0.get(..i).is_some_and(|s| s.ends_with('/')) => {
            let head = font0.get(..i.saturating_sub(1)).unwrap_or("<font");
            let prefix = prefix_of(head.trim_start_matches('<').split(' ').next().unwrap_or(""));
            format!("{head}><{prefix}b/></{prefix}font>")
        }
        Some(i) => {
            let (head, tail) = font0.split_at(i + 1);
            let prefix = prefix_of(
                head.trim_start_matches('<')
                    .split([' ', '>'])
                    .next()
                    .unwrap_or(""),
            );
            format!("{head}<{prefix}b/>{tail}")
        }
        None => "<font><b/></font>".to_string(),
    }
}

fn with_attr<'a>(e: &BytesStart<'a>, key: &str, value: &str) -> BytesStart<'static> {
    let name = e.name().into_inner().to_string();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if a.key.into_inner() != key {
            out.push_attribute(a);
        }
    }
    out.push_attribute((key, value));
    out.into_owned()
}

/// The first tag of `raw` with attributes set; the rest verbatim.
fn rewrite_start_tag(raw: &str, set: &[(&str, String)]) -> String {
    let mut reader = Reader::from_str(raw);
    let Ok(event) = reader.read_event() else {
        return raw.to_string();
    };
    let rest = raw.get(reader.buffer_position() as usize..).unwrap_or("");
    let (e, empty) = match event {
        Event::Start(e) => (e, false),
        Event::Empty(e) => (e, true),
        _ => return raw.to_string(),
    };
    let name = e.name().into_inner().to_string();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if !set.iter().any(|(k, _)| a.key.into_inner() == *k) {
            out.push_attribute(a);
        }
    }
    for (k, v) in set {
        out.push_attribute((*k, v.as_str()));
    }
    let mut w = Writer::new(Vec::new());
    let _ = if empty {
        w.write_event(Event::Empty(out))
    } else {
        w.write_event(Event::Start(out))
    };
    let mut s = String::from_utf8_lossy(&w.into_inner()).into_owned();
    s.push_str(rest);
    s
}

/// The names the package already uses, so that added parts and ids are new.
fn free_name(names: &BTreeSet<String>, pattern: impl Fn(usize) -> String) -> String {
    (1..)
        .map(&pattern)
        .find(|n| !names.contains(n))
        .unwrap_or_else(|| pattern(0))
}

/// Patches `src` into a new package in memory.
pub fn patch<R: Read + Seek>(
    input: R,
    wanted: Option<&str>,
    report: &Report,
    ann: &Annotations,
) -> Result<Vec<u8>, PatchError> {
    let mut zip = ZipArchive::new(input)?;
    let names: BTreeSet<String> = zip
        .file_names()
        .filter_map(|s| s.ok().map(|s| s.to_string()))
        .collect();

    // The workbook part, its sheets, and the roster's sheet part.
    let root_rels = read_part(&mut zip, "_rels/.rels")?
        .ok_or_else(|| PatchError::Unsupported("no _rels/.rels".into()))?;
    let workbook_part = parse_rels(&root_rels)?
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| resolve("", &r.target))
        .ok_or_else(|| PatchError::Unsupported("no workbook part".into()))?;
    let workbook = read_part(&mut zip, &workbook_part)?
        .ok_or_else(|| PatchError::Unsupported("the workbook part is missing".into()))?;
    let wb_rels_part = rels_of(&workbook_part);
    let wb_rels_xml = read_part(&mut zip, &wb_rels_part)?
        .ok_or_else(|| PatchError::Unsupported("no workbook relationships".into()))?;
    let wb_rels = parse_rels(&wb_rels_xml)?;
    let sheets = workbook_sheets(&workbook)?;
    let (sheet_index, (sheet_name, sheet_rid)) = sheets
        .iter()
        .enumerate()
        .find(|(_, (name, _))| wanted.is_none_or(|w| w == name))
        .map(|(i, s)| (i, s.clone()))
        .ok_or_else(|| {
            PatchError::Unsupported("the roster's sheet is not in the workbook".into())
        })?;
    let sheet_part = wb_rels
        .iter()
        .find(|r| r.id == sheet_rid)
        .map(|r| resolve(&workbook_part, &r.target))
        .ok_or_else(|| PatchError::Unsupported("the roster's sheet has no part".into()))?;
    let styles_part = wb_rels
        .iter()
        .find(|r| r.kind.ends_with("/styles"))
        .map(|r| resolve(&workbook_part, &r.target))
        .ok_or_else(|| PatchError::Unsupported("the workbook has no styles part".into()))?;
    let mut styles = Styles::parse(
        read_part(&mut zip, &styles_part)?
            .ok_or_else(|| PatchError::Unsupported("the styles part is missing".into()))?,
    )?;
    let sheet_rels_part = rels_of(&sheet_part);
    let sheet_rels_xml = read_part(&mut zip, &sheet_rels_part)?;
    let sheet_rels = match &sheet_rels_xml {
        Some(x) => parse_rels(x)?,
        None => Vec::new(),
    };
    // A sheet with notes of its own keeps them: xibu's notes join its comments part and its VML
    // drawing (one of each is allowed per sheet); a cell the clerk already noted keeps only the
    // clerk's note (its findings are in the 问题 column).
    let own_part = |kind: &str| {
        sheet_rels
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| resolve(&sheet_part, &r.target))
    };
    let own_notes: Option<(String, String)> = match (own_part(REL_COMMENTS), own_part(REL_VML)) {
        (Some(c), Some(v)) => Some((c, v)),
        _ => None,
    };
    // A sheet with a VML drawing but no comments (form controls) gets no notes; fills and the
    // 问题 column still show every finding.
    let notes_allowed = own_notes.is_some() || own_part(REL_VML).is_none();
    let content_types = read_part(&mut zip, "[Content_Types].xml")?
        .ok_or_else(|| PatchError::Unsupported("no [Content_Types].xml".into()))?;

    let xl_dir = workbook_part
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let findings_part = free_name(&names, |n| {
        format!("{xl_dir}worksheets/sheet{}.xml", n + 100)
    });
    let mut taken = names.clone();
    taken.insert(findings_part.clone());
    let summary_part = free_name(&taken, |n| {
        format!("{xl_dir}worksheets/sheet{}.xml", n + 100)
    });
    let comments_part = free_name(&names, |n| format!("{xl_dir}comments{n}.xml"));
    let vml_part = free_name(&names, |n| format!("{xl_dir}drawings/vmlDrawing{n}.vml"));
    let rel_ids: BTreeSet<String> = wb_rels
        .iter()
        .chain(&sheet_rels)
        .map(|r| r.id.clone())
        .collect();
    let rid = |tag: &str| free_name(&rel_ids, |n| format!("rIdXibu{tag}{n}"));

    let sheet_names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    let names_out = SheetNames::new(&sheet_name, &sheet_names);

    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));

    // The roster sheet, streamed.
    let has_notes = notes_allowed && !ann.notes_cells().is_empty();
    let legacy_rid = rid("V");
    let comments_rid = rid("C");
    let question_col = question_column(&mut zip, &sheet_part)?;
    // The roster sheet, streamed: read, patched and written on this thread, compressed on
    // another (deflate is a quarter of the work, and the check's threads are done by now).
    out.start_file(sheet_part.as_str(), options)?;
    let legacy = (has_notes && own_notes.is_none()).then_some(legacy_rid.as_str());
    let last_row = {
        let input = BufReader::new(zip.by_name(&sheet_part)?);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let zip_out = &mut out;
        std::thread::scope(|scope| -> Result<u32, PatchError> {
            let compressor = scope.spawn(move || -> std::io::Result<()> {
                for chunk in rx {
                    zip_out.write_all(&chunk)?;
                }
                Ok(())
            });
            let mut sink = Chunks {
                tx: Some(tx),
                buf: Vec::with_capacity(CHUNK),
            };
            let patched = patch_sheet(
                input,
                &mut sink,
                report,
                ann,
                &mut styles,
                legacy,
                question_col,
            );
            let sent = sink.finish();
            let compressed = compressor
                .join()
                .map_err(|_| PatchError::Xml("the compressing thread stopped".into()))?;
            // The compressor's own error says more than the broken channel it leaves behind.
            compressed?;
            let last_row = patched?;
            sent?;
            Ok(last_row)
        })?
    };

    // Every other part as it was, but those rewritten below.
    let is_macro = content_types.contains(CT_MACRO_MAIN);
    let vba_parts: BTreeSet<String> = wb_rels
        .iter()
        .filter(|r| r.kind == REL_VBA)
        .map(|r| resolve(&workbook_part, &r.target))
        .collect();
    let mut rewritten: BTreeSet<&str> = [
        sheet_part.as_str(),
        styles_part.as_str(),
        workbook_part.as_str(),
        wb_rels_part.as_str(),
        "[Content_Types].xml",
        sheet_rels_part.as_str(),
    ]
    .into_iter()
    .collect();
    // The clerk's own notes, with xibu's added.
    let mut merged_notes: Vec<(String, String)> = Vec::new();
    if has_notes && let Some((comments, vml)) = &own_notes {
        let c = read_part(&mut zip, comments)?;
        let v = read_part(&mut zip, vml)?;
        if let (Some(c), Some(v)) = (c, v)
            && let Some((c, v)) = merge_notes(&c, &v, report, ann)
        {
            merged_notes.push((comments.clone(), c));
            merged_notes.push((vml.clone(), v));
            rewritten.insert(comments.as_str());
            rewritten.insert(vml.as_str());
        }
    }
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i)?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if rewritten.contains(name.as_str()) || vba_parts.contains(&name) {
            continue;
        }
        out.raw_copy_file(f)?;
    }

    // The two new sheets.
    let finding_rows = {
        out.start_file(findings_part.as_str(), options)?;
        let mut sink = BufWriter::with_capacity(1 << 16, &mut out);
        let bold = styles.bold();
        let wrap = styles.wrapped();
        let sev: Vec<u32> = [Severity::Error, Severity::Warning, Severity::Notice]
            .iter()
            .map(|s| styles.filled(0, *s))
            .collect();
        let n = sheets::findings_sheet(&mut sink, report, ann, &names_out, bold, wrap, &sev)?;
        sink.flush()?;
        n
    };
    {
        out.start_file(summary_part.as_str(), options)?;
        let mut sink = BufWriter::with_capacity(1 << 16, &mut out);
        let bold = styles.bold();
        let bad = styles.filled(0, Severity::Error);
        sheets::summary_sheet(&mut sink, report, bold, bad)?;
        sink.flush()?;
    }

    // Notes.
    for (part, xml) in &merged_notes {
        out.start_file(part.as_str(), options)?;
        out.write_all(xml.as_bytes())?;
    }
    let has_notes = has_notes && own_notes.is_none();
    if has_notes {
        out.start_file(comments_part.as_str(), options)?;
        let mut sink = BufWriter::with_capacity(1 << 16, &mut out);
        write_comments(&mut sink, report, ann)?;
        sink.flush()?;
        drop(sink);
        out.start_file(vml_part.as_str(), options)?;
        let mut sink = BufWriter::with_capacity(1 << 16, &mut out);
        write_vml(&mut sink, ann)?;
        sink.flush()?;
    }

    // The roster sheet's relationships.
    let mut extra = String::new();
    if has_notes {
        let rel_target = |part: &str| relative(&sheet_part, part);
        extra.push_str(&format!(
            r#"<Relationship Id="{comments_rid}" Type="{REL_COMMENTS}" Target="{}"/><Relationship Id="{legacy_rid}" Type="{REL_VML}" Target="{}"/>"#,
            rel_target(&comments_part),
            rel_target(&vml_part)
        ));
    }
    match &sheet_rels_xml {
        Some(x) => {
            out.start_file(sheet_rels_part.as_str(), options)?;
            out.write_all(insert_before_root_end(x, &extra)?.as_bytes())?;
        }
        None if !extra.is_empty() => {
            out.start_file(sheet_rels_part.as_str(), options)?;
            out.write_all(
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{extra}</Relationships>"#
                )
                .as_bytes(),
            )?;
        }
        None => {}
    }

    // The workbook: two sheets more, the roster's filter range named as Excel does.
    let findings_rid = rid("F");
    let summary_rid = rid("S");
    let q = column_letters(question_col as usize);
    let header = report.info.header_row;
    let filter_range = format!(
        "{}!$A${header}:${q}${}",
        quote_sheet(&sheet_name),
        last_row.max(header)
    );
    let findings_range = format!(
        "{}!$A$1:$M${}",
        quote_sheet(names_out.findings()),
        finding_rows + 1
    );
    let workbook_xml = patch_workbook(
        &workbook,
        &[
            (names_out.findings(), findings_rid.as_str()),
            (names_out.summary(), summary_rid.as_str()),
        ],
        &[(sheet_index, filter_range), (sheets.len(), findings_range)],
    )?;
    out.start_file(workbook_part.as_str(), options)?;
    out.write_all(workbook_xml.as_bytes())?;

    let mut rels_extra = String::new();
    for (id, part) in [
        (&findings_rid, &findings_part),
        (&summary_rid, &summary_part),
    ] {
        rels_extra.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL_WORKSHEET}" Target="{}"/>"#,
            relative(&workbook_part, part)
        ));
    }
    let wb_rels_out: String = if vba_parts.is_empty() {
        wb_rels_xml.clone()
    } else {
        drop_relationships(&wb_rels_xml, REL_VBA)?
    };
    out.start_file(wb_rels_part.as_str(), options)?;
    out.write_all(insert_before_root_end(&wb_rels_out, &rels_extra)?.as_bytes())?;

    // Styles, now that every added format is known.
    out.start_file(styles_part.as_str(), options)?;
    out.write_all(styles.finish()?.as_bytes())?;

    // Content types: the new parts, and an xlsm's workbook saved as an xlsx (its macros are
    // left out: an .xlsx cannot hold them).
    let mut ct = if is_macro {
        content_types.replace(CT_MACRO_MAIN, CT_MAIN)
    } else {
        content_types.clone()
    };
    if !vba_parts.is_empty() {
        for p in &vba_parts {
            ct = drop_override(&ct, p)?;
        }
        ct = drop_elements(&ct, |e| {
            e.local_name().into_inner() == "Default"
                && attr(e, "ContentType").is_some_and(|t| t.contains("vbaProject"))
        })?;
    }
    let mut ct_extra = String::new();
    for part in [&findings_part, &summary_part] {
        ct_extra.push_str(&format!(
            r#"<Override PartName="/{part}" ContentType="{CT_WORKSHEET}"/>"#
        ));
    }
    if has_notes {
        ct_extra.push_str(&format!(
            r#"<Override PartName="/{comments_part}" ContentType="{CT_COMMENTS}"/>"#
        ));
        if !ct.contains(r#"Extension="vml""#) {
            ct_extra.push_str(&format!(
                r#"<Default Extension="vml" ContentType="{CT_VML}"/>"#
            ));
        }
    }
    out.start_file("[Content_Types].xml", options)?;
    out.write_all(insert_before_root_end(&ct, &ct_extra)?.as_bytes())?;

    Ok(out.finish()?.into_inner())
}

/// Copies bytes from `input` to `output` up to and including the first `needle`.
fn copy_through<R: std::io::BufRead, W: Write>(
    input: &mut R,
    output: &mut W,
    needle: &[u8],
) -> std::io::Result<()> {
    // The end of what was written last, where a needle cut by the buffer's edge begins.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
        }
        for k in 0..carry.len() {
            let head = carry.get(k..).unwrap_or(&[]);
            let rest = needle.get(head.len()..).unwrap_or(&[]);
            if needle.starts_with(head) && !rest.is_empty() && buf.starts_with(rest) {
                output.write_all(rest)?;
                input.consume(rest.len());
                return Ok(());
            }
        }
        if let Some(i) = memchr::memmem::find(buf, needle) {
            let n = i + needle.len();
            output.write_all(buf.get(..n).unwrap_or(&[]))?;
            input.consume(n);
            return Ok(());
        }
        let n = buf.len();
        output.write_all(buf)?;
        carry.extend_from_slice(buf);
        let keep = needle.len().saturating_sub(1);
        if carry.len() > keep {
            carry.drain(..carry.len() - keep);
        }
        input.consume(n);
    }
}

/// Bytes handed to the compressing thread at a time.
const CHUNK: usize = 1 << 18;

/// A writer that sends what it is given, in chunks, to another thread.
struct Chunks {
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    buf: Vec<u8>,
}

impl Chunks {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        match &self.tx {
            Some(tx) => tx
                .send(chunk)
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
            None => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        }
    }

    /// Sends the rest and closes the channel, so that the compressing thread ends.
    fn finish(&mut self) -> std::io::Result<()> {
        let sent = self.send();
        self.tx = None;
        sent
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `'花 名册'`: a sheet name as a formula names it.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// The path of `target` relative to the folder of `from` (`xl/worksheets/sheet1.xml` →
/// `../comments1.xml`).
fn relative(from: &str, target: &str) -> String {
    let from_dir: Vec<&str> = {
        let mut v: Vec<&str> = from.split('/').collect();
        v.pop();
        v
    };
    let to: Vec<&str> = target.split('/').collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(to.iter().skip(common));
    parts.join("/")
}

fn drop_relationships(xml: &str, kind: &str) -> Result<String, PatchError> {
    drop_elements(xml, |e| {
        e.local_name().into_inner() == "Relationship" && attr(e, "Type").as_deref() == Some(kind)
    })
}

fn drop_override(xml: &str, part: &str) -> Result<String, PatchError> {
    let name = format!("/{part}");
    drop_elements(xml, |e| {
        e.local_name().into_inner() == "Override" && attr(e, "PartName").as_deref() == Some(&name)
    })
}

/// The document without the empty elements `drop` picks.
fn drop_elements(xml: &str, drop: impl Fn(&BytesStart) -> bool) -> Result<String, PatchError> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::new());
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Empty(e) if drop(&e) => {}
            e => writer.write_event(e)?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|e| PatchError::Xml(e.to_string()))
}

/// Each sheet's name and relationship id, in order.
fn workbook_sheets(xml: &str) -> Result<Vec<(String, String)>, PatchError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "sheet" => {
                out.push((
                    attr(&e, "name").unwrap_or_default(),
                    prefixed_attr(&e, "id").unwrap_or_default(),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// workbook.xml with sheets added and filter ranges named (`_xlnm._FilterDatabase`).
fn patch_workbook(
    xml: &str,
    new_sheets: &[(&str, &str)],
    filters: &[(usize, String)],
) -> Result<String, PatchError> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::new());
    let mut max_id: u64 = 0;
    {
        let mut r = Reader::from_str(xml);
        loop {
            match r.read_event()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "sheet" => {
                    max_id = max_id.max(
                        attr(&e, "sheetId")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0),
                    );
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let mut rel_prefix: Option<String> = None;
    let mut prefix = String::new();
    let mut saw_names = false;
    let defined = |prefix: &str, skip: &BTreeSet<usize>| -> String {
        filters
            .iter()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(i, range)| {
                format!(
                    r#"<{prefix}definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{}</{prefix}definedName>"#,
                    escape(range)
                )
            })
            .collect()
    };
    // Sheets that already name a filter range keep theirs.
    let mut named: BTreeSet<usize> = BTreeSet::new();
    {
        let mut r = Reader::from_str(xml);
        loop {
            match r.read_event()? {
                Event::Start(e) if e.local_name().into_inner() == "definedName" => {
                    if attr(&e, "name").as_deref() == Some("_xlnm._FilterDatabase")
                        && let Some(i) = attr(&e, "localSheetId").and_then(|v| v.parse().ok())
                    {
                        named.insert(i);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    loop {
        let event = reader.read_event()?;
        match event {
            Event::Start(e) if rel_prefix.is_none() => {
                prefix = prefix_of(e.name().into_inner());
                rel_prefix = Some(
                    e.attributes()
                        .flatten()
                        .find(|a| {
                            a.value.as_ref() == REL_NS && a.key.into_inner().starts_with("xmlns:")
                        })
                        .map(|a| a.key.into_inner().get(6..).unwrap_or("r").to_string())
                        .unwrap_or_default(),
                );
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.local_name().into_inner() == "sheets" => {
                for (i, (name, id)) in new_sheets.iter().enumerate() {
                    let rel = match rel_prefix.as_deref() {
                        Some(p) if !p.is_empty() => format!(r#"{p}:id="{id}""#),
                        _ => format!(r#"xmlns:r="{REL_NS}" r:id="{id}""#),
                    };
                    writer.get_mut().extend_from_slice(
                        format!(
                            r#"<{prefix}sheet name="{}" sheetId="{}" {rel}/>"#,
                            escape(name),
                            max_id + 1 + i as u64
                        )
                        .as_bytes(),
                    );
                }
                writer.write_event(Event::End(e))?;
                // No definedNames element follows: add one.
                let mut peek = reader.clone();
                let mut next_is_names = false;
                loop {
                    match peek.read_event()? {
                        Event::Text(t) if t.trim().is_empty() => continue,
                        Event::Start(e) | Event::Empty(e) => {
                            next_is_names = e.local_name().into_inner() == "definedNames";
                            break;
                        }
                        _ => break,
                    }
                }
                if !next_is_names {
                    saw_names = true;
                    let names = defined(&prefix, &named);
                    if !names.is_empty() {
                        writer.get_mut().extend_from_slice(
                            format!("<{prefix}definedNames>{names}</{prefix}definedNames>")
                                .as_bytes(),
                        );
                    }
                }
            }
            Event::End(e) if e.local_name().into_inner() == "definedNames" && !saw_names => {
                saw_names = true;
                writer
                    .get_mut()
                    .extend_from_slice(defined(&prefix, &named).as_bytes());
                writer.write_event(Event::End(e))?;
            }
            Event::Eof => break,
            e => writer.write_event(e)?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(|e| PatchError::Xml(e.to_string()))
}

/// The 问题 column (0-based): right of the sheet's widest column. The sheet's `<dimension>`
/// says where that is; a sheet without a believable one is read once more to find out.
fn question_column<R: Read + Seek>(zip: &mut ZipArchive<R>, part: &str) -> Result<u32, PatchError> {
    let mut reader = Reader::from_reader(BufReader::new(zip.by_name(part)?));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "dimension" => {
                let end = attr(&e, "ref")
                    .and_then(|r| r.rsplit(':').next().map(str::to_string))
                    .and_then(|r| parse_ref(&r));
                if let Some((_, col)) = end
                    && col < 1000
                {
                    return Ok(col + 1);
                }
                break;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "sheetData" => {
                break;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    drop(reader);
    let mut reader = Reader::from_reader(BufReader::new(zip.by_name(part)?));
    let mut max: Option<u32> = None;
    let mut col: u32 = 0;
    let mut row_started = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "row" => {
                    row_started = true;
                    col = 0;
                }
                "c" => {
                    if let Some((_, c)) = attr(&e, "r").and_then(|r| parse_ref(&r)) {
                        col = c;
                    } else if !row_started {
                        col += 1;
                    }
                    row_started = false;
                }
                "v" | "is" | "f" => max = Some(max.map_or(col, |m| m.max(col))),
                _ => {}
            },
            Event::End(e) if e.local_name().into_inner() == "c" => col += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(max.map_or(0, |m| m + 1).min(16_383))
}

/// What the roster sheet's stream writes besides the clerk's own cells.
struct Additions<'a> {
    prefix: String,
    question_col: u32,
    header_row: u32,
    ann: &'a Annotations,
    header_style: Option<u32>,
}

impl Additions<'_> {
    /// Blank flagged cells from `cols`, and the 问题 cell, at the end of row `row`.
    fn row_end<W: Write>(
        &self,
        w: &mut W,
        row: u32,
        marks: &[(u32, u32)],
        next_col: u32,
    ) -> Result<(), PatchError> {
        let p = &self.prefix;
        for (col, style) in marks {
            write!(
                w,
                r#"<{p}c r="{}" s="{style}"/>"#,
                cell_ref(*col as usize, row)
            )?;
        }
        let text = if row == self.header_row {
            Some(super::QUESTION_HEADER.to_string())
        } else {
            self.ann.question(row)
        };
        if let Some(text) = text
            && next_col <= self.question_col
        {
            let style = match (row == self.header_row, self.header_style) {
                (true, Some(s)) => format!(r#" s="{s}""#),
                _ => String::new(),
            };
            write!(
                w,
                r#"<{p}c r="{}" t="inlineStr"{style}><{p}is><{p}t xml:space="preserve">{}</{p}t></{p}is></{p}c>"#,
                cell_ref(self.question_col as usize, row),
                escape(&text)
            )?;
        }
        Ok(())
    }
}

/// The flagged cells of a row, with their new formats, from column `from` on.
fn styled_marks(ann: &Annotations, styles: &mut Styles, row: u32, from: u32) -> Vec<(u32, u32)> {
    ann.marks_in_row(row)
        .filter(|(c, _)| *c >= from)
        .map(|(c, sev)| (c, styles.filled(0, sev)))
        .collect()
}

/// Streams the roster sheet; returns its last row and the 问题 column (0-based).
fn patch_sheet<R: std::io::BufRead, W: Write>(
    input: R,
    output: W,
    report: &Report,
    ann: &Annotations,
    styles: &mut Styles,
    legacy_rid: Option<&str>,
    question_col: u32,
) -> Result<u32, PatchError> {
    let mut reader = Reader::from_reader(input);
    // Untouched rows are copied past the reader, which then never sees their end tags.
    reader.config_mut().check_end_names = false;
    let mut writer = Writer::new(output);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut after_data = false;
    let mut autofilter_done = false;
    let mut legacy_done = legacy_rid.is_none();
    let mut saw_cols = false;
    let mut our_col_done = false;
    let mut in_cols = false;
    let mut in_data = false;
    let mut last_row: u32 = 0;
    let mut cur_row: u32 = 0;
    let mut next_col: u32 = 0;
    let mut row_marks: Vec<(u32, Severity)> = Vec::new();
    let mut mark_i = 0usize;
    let mut rows: Vec<u32> = ann.rows_with_marks().into_iter().collect();
    rows.push(report.info.header_row);
    rows.sort_unstable();
    rows.dedup();
    let mut pending = rows.into_iter().peekable();
    let max_row = ann.max_row().max(report.info.header_row);
    let mut add = Additions {
        prefix: String::new(),
        question_col,
        header_row: report.info.header_row,
        ann,
        header_style: None,
    };
    let q1 = question_col + 1;
    let our_col =
        |p: &str| format!(r#"<{p}col min="{q1}" max="{q1}" width="48" customWidth="1"/>"#);
    let filter = |p: &str, last: u32| {
        format!(
            r#"<{p}autoFilter ref="A{}:{}"/>"#,
            report.info.header_row,
            cell_ref(question_col as usize, last.max(report.info.header_row))
        )
    };
    let legacy = |p: &str| {
        format!(
            r#"<{p}legacyDrawing xmlns:r="{REL_NS}" r:id="{}"/>"#,
            legacy_rid.unwrap_or("")
        )
    };
    // Rows before `before` that have additions but no <row> of their own.
    macro_rules! flush_rows {
        ($before:expr) => {
            while let Some(&r) = pending.peek() {
                if r >= $before {
                    break;
                }
                pending.next();
                let marks = styled_marks(ann, styles, r, 0);
                let w = writer.get_mut();
                write!(w, r#"<{}row r="{r}">"#, add.prefix)?;
                add.row_end(w, r, &marks, 0)?;
                write!(w, "</{}row>", add.prefix)?;
                last_row = last_row.max(r);
            }
        };
    }
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf)?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name().into_inner().to_string();
                match local.as_str() {
                    "row" if in_data => {
                        let rest: Vec<(u32, u32)> = row_marks
                            .get(mark_i..)
                            .unwrap_or(&[])
                            .iter()
                            .filter(|(c, _)| *c >= next_col)
                            .map(|(c, sev)| (*c, styles.filled(0, *sev)))
                            .collect();
                        add.row_end(writer.get_mut(), cur_row, &rest, next_col)?;
                        row_marks.clear();
                    }
                    "cols" if in_cols => {
                        in_cols = false;
                        if !our_col_done {
                            our_col_done = true;
                            writer
                                .get_mut()
                                .write_all(our_col(&add.prefix).as_bytes())?;
                        }
                    }
                    "sheetData" if depth == 1 => {
                        flush_rows!(u32::MAX);
                        in_data = false;
                        after_data = true;
                    }
                    _ if depth == 0 => {
                        let p = add.prefix.clone();
                        if !autofilter_done {
                            autofilter_done = true;
                            writer
                                .get_mut()
                                .write_all(filter(&p, last_row.max(max_row)).as_bytes())?;
                        }
                        if !legacy_done {
                            legacy_done = true;
                            writer.get_mut().write_all(legacy(&p).as_bytes())?;
                        }
                    }
                    _ => {}
                }
                writer.write_event(Event::End(e))?;
                continue;
            }
            Event::Eof => break,
            other => {
                writer.write_event(other)?;
                continue;
            }
        };
        let local = e.local_name().into_inner().to_string();
        if depth == 0 {
            add.prefix = prefix_of(e.name().into_inner());
        }
        let p = add.prefix.clone();
        if depth == 1
            && after_data
            && let Some(rank) = rank(&local)
        {
            if !autofilter_done && rank > RANK_AUTOFILTER {
                autofilter_done = true;
                writer
                    .get_mut()
                    .write_all(filter(&p, last_row.max(max_row)).as_bytes())?;
            }
            if !legacy_done && rank > RANK_LEGACY {
                legacy_done = true;
                writer.get_mut().write_all(legacy(&p).as_bytes())?;
            }
        }
        // The element as written: the original unless something changes it.
        let mut out: Option<BytesStart> = None;
        match (depth, local.as_str()) {
            (1, "dimension") => {
                let first = attr(&e, "ref")
                    .and_then(|r| r.split(':').next().map(str::to_string))
                    .unwrap_or_else(|| "A1".into());
                let end_row = attr(&e, "ref")
                    .and_then(|r| r.rsplit(':').next().and_then(parse_ref))
                    .map_or(0, |(r, _)| r)
                    .max(max_row);
                out = Some(with_attr(
                    &e,
                    "ref",
                    &format!("{first}:{}", cell_ref(question_col as usize, end_row)),
                ));
            }
            (1, "cols") => {
                saw_cols = true;
                in_cols = !empty;
                if empty {
                    // <cols/>: say ours inside.
                    our_col_done = true;
                    write!(writer.get_mut(), "<{p}cols>{}</{p}cols>", our_col(&p))?;
                    continue;
                }
            }
            (2, "col") if in_cols && !our_col_done => {
                let min: u32 = attr(&e, "min").and_then(|v| v.parse().ok()).unwrap_or(0);
                let max: u32 = attr(&e, "max").and_then(|v| v.parse().ok()).unwrap_or(0);
                if min > q1 {
                    our_col_done = true;
                    writer.get_mut().write_all(our_col(&p).as_bytes())?;
                } else if min <= q1 && q1 <= max {
                    // A range over the 问题 column: split around it.
                    our_col_done = true;
                    if min < q1 {
                        let mut left = with_attr(&e, "max", &(q1 - 1).to_string());
                        left = with_attr(&left, "min", &min.to_string());
                        writer.write_event(Event::Empty(left))?;
                    }
                    writer.get_mut().write_all(our_col(&p).as_bytes())?;
                    if max > q1 {
                        out = Some(with_attr(&e, "min", &(q1 + 1).to_string()));
                    } else {
                        continue;
                    }
                }
            }
            (1, "sheetData") => {
                if !saw_cols {
                    saw_cols = true;
                    our_col_done = true;
                    write!(writer.get_mut(), "<{p}cols>{}</{p}cols>", our_col(&p))?;
                }
                in_data = !empty;
                if empty {
                    write!(writer.get_mut(), "<{p}sheetData>")?;
                    flush_rows!(u32::MAX);
                    write!(writer.get_mut(), "</{p}sheetData>")?;
                    after_data = true;
                    continue;
                }
            }
            (1, "autoFilter") => {
                autofilter_done = true;
                let first = attr(&e, "ref")
                    .and_then(|r| r.split(':').next().map(str::to_string))
                    .unwrap_or_else(|| format!("A{}", report.info.header_row));
                let end_row = attr(&e, "ref")
                    .and_then(|r| r.rsplit(':').next().and_then(parse_ref))
                    .map_or(0, |(r, _)| r)
                    .max(max_row);
                out = Some(with_attr(
                    &e,
                    "ref",
                    &format!("{first}:{}", cell_ref(question_col as usize, end_row)),
                ));
            }
            (1, "legacyDrawing") => legacy_done = true,
            (2, "row") if in_data => {
                let r = attr(&e, "r")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(cur_row + 1);
                flush_rows!(r);
                let touched = pending.peek() == Some(&r);
                if touched {
                    pending.next();
                }
                cur_row = r;
                last_row = last_row.max(r);
                if !touched && !empty {
                    // Nothing to change in this row: its bytes go through as they are, up to
                    // its end tag (text cannot hold a raw `<`, so the first `</row>` is it).
                    writer.write_event(Event::Start(e))?;
                    let end = format!("</{p}row>");
                    copy_through(reader.get_mut(), writer.get_mut(), end.as_bytes())?;
                    continue;
                }
                next_col = 0;
                row_marks = ann.marks_in_row(r).collect();
                mark_i = 0;
                // `spans` is a hint that the added cells would make wrong.
                let name = e.name().into_inner().to_string();
                let mut row = BytesStart::new(name);
                for a in e.attributes().flatten() {
                    if a.key.into_inner() != "spans" {
                        row.push_attribute(a);
                    }
                }
                if empty {
                    let marks = styled_marks(ann, styles, r, 0);
                    writer.write_event(Event::Start(row))?;
                    add.row_end(writer.get_mut(), r, &marks, 0)?;
                    write!(writer.get_mut(), "</{p}row>")?;
                    continue;
                }
                out = Some(row);
            }
            (3, "c") if in_data => {
                let r = raw_attr(&e, "r");
                let has_r = r.is_some();
                let col = r.and_then(|v| parse_ref(&v)).map_or(next_col, |(_, c)| c);
                // Flagged cells the row leaves out, before this one.
                let mut before = String::new();
                while let Some(&(c, sev)) = row_marks.get(mark_i) {
                    if c >= col {
                        break;
                    }
                    if c >= next_col {
                        let s = styles.filled(0, sev);
                        before.push_str(&format!(
                            r#"<{p}c r="{}" s="{s}"/>"#,
                            cell_ref(c as usize, cur_row)
                        ));
                    }
                    mark_i += 1;
                }
                if !before.is_empty() {
                    writer.get_mut().write_all(before.as_bytes())?;
                }
                let marked = row_marks.get(mark_i).is_some_and(|&(c, _)| c == col);
                let original: u32 = if marked || cur_row == report.info.header_row {
                    raw_attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0)
                } else {
                    0
                };
                if cur_row == report.info.header_row {
                    add.header_style = Some(original);
                }
                // A cell without `r` gets one: cells added before it would move it otherwise.
                if !has_r {
                    out = Some(with_attr(&e, "r", &cell_ref(col as usize, cur_row)));
                }
                if let Some(&(c, sev)) = row_marks.get(mark_i)
                    && c == col
                {
                    mark_i += 1;
                    let s = styles.filled(original, sev);
                    out = Some(with_attr(out.as_ref().unwrap_or(&e), "s", &s.to_string()));
                }
                next_col = col + 1;
            }
            _ => {}
        }
        let out = out.unwrap_or(e);
        if empty {
            writer.write_event(Event::Empty(out))?;
        } else {
            depth += 1;
            writer.write_event(Event::Start(out))?;
        }
    }
    Ok(last_row.max(max_row))
}

/// Where the closing tag of the last `local` element starts (`</authors>`, `</x:authors>`).
fn closing_tag(xml: &str, local: &str) -> Option<usize> {
    let needle = format!("{local}>");
    let mut end = xml.len();
    while let Some(i) = xml.get(..end).and_then(|h| h.rfind(&needle)) {
        let head = xml.get(..i)?;
        let lt = head.rfind('<')?;
        let between = head.get(lt..)?;
        if between.starts_with("</")
            && between
                .get(2..)
                .is_some_and(|p| p.is_empty() || p.ends_with(':') && !p.contains(' '))
        {
            return Some(lt);
        }
        end = i;
    }
    None
}

/// The clerk's comments part and VML drawing with xibu's notes added; `None` when either is of
/// a shape this does not understand (the notes are then left out).
fn merge_notes(
    comments: &str,
    vml: &str,
    report: &Report,
    ann: &Annotations,
) -> Option<(String, String)> {
    // The cells the clerk noted, and how many authors there are.
    let mut noted: BTreeSet<String> = BTreeSet::new();
    let mut authors = 0usize;
    let mut reader = Reader::from_str(comments);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().into_inner() {
                "comment" => {
                    noted.insert(attr(&e, "ref")?);
                }
                "author" => authors += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let cells: Vec<(u32, u32)> = ann
        .notes_cells()
        .iter()
        .map(|(k, _)| *k)
        .filter(|(r, c)| !noted.contains(&cell_ref(*c as usize, *r)))
        .collect();
    let authors_end = closing_tag(comments, "authors")?;
    let list_end = closing_tag(comments, "commentList")?;
    let prefix = {
        let tag = comments.get(list_end + 2..)?;
        tag.split_once("commentList").map(|(p, _)| p.to_string())?
    };
    let mut ours = String::new();
    for &(row, col) in &cells {
        ours.push_str(&format!(
            r#"<{prefix}comment ref="{}" authorId="{authors}"><{prefix}text><{prefix}t xml:space="preserve">{}</{prefix}t></{prefix}text></{prefix}comment>"#,
            cell_ref(col as usize, row),
            escape(&ann.note_text(report, row, col))
        ));
    }
    let mut merged = String::with_capacity(comments.len() + ours.len() + 64);
    merged.push_str(comments.get(..authors_end)?);
    merged.push_str(&format!("<{prefix}author>xibu</{prefix}author>"));
    merged.push_str(comments.get(authors_end..list_end)?);
    merged.push_str(&ours);
    merged.push_str(comments.get(list_end..)?);

    // Shapes: ids in blocks of 1024 after the drawing's own, the blocks named in its idmap.
    let max_id = vml
        .match_indices("_x0000_s")
        .filter_map(|(i, m)| {
            let digits: String = vml
                .get(i + m.len()..)?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<usize>().ok()
        })
        .max()
        .unwrap_or(1024);
    let first_block = max_id / 1024 + 1;
    let blocks = cells.len() / 1024 + 1;
    let mut shapes = String::new();
    if !vml.contains("_x0000_t202") {
        shapes.push_str(r#"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#);
    }
    for (i, &(row, col)) in cells.iter().enumerate() {
        shapes.push_str(&note_shape(first_block * 1024 + 1 + i, i + 1, row, col));
    }
    let end = vml.rfind("</xml>")?;
    let mut vml_out = String::with_capacity(vml.len() + shapes.len());
    vml_out.push_str(vml.get(..end)?);
    vml_out.push_str(&shapes);
    vml_out.push_str(vml.get(end..)?);
    // Name the new blocks in the idmap.
    if let Some(i) = vml_out.find("o:idmap") {
        let rest = vml_out.get(i..)?;
        if let Some(d) = rest.find("data=\"") {
            let at = i + d + "data=\"".len();
            let extra: String = (first_block..first_block + blocks)
                .map(|b| format!("{b},"))
                .collect();
            vml_out.insert_str(at, &extra);
        }
    }
    Some((merged, vml_out))
}

/// One note's VML shape (hidden until the cell is pointed at, as Excel's own notes are).
fn note_shape(id: usize, z: usize, row: u32, col: u32) -> String {
    let r0 = row.saturating_sub(1);
    format!(
        r##"<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:72pt;z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {r0}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{r0}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"##,
        col + 1,
        col + 4,
        r0 + 4,
    )
}

fn write_comments<W: Write>(
    w: &mut W,
    report: &Report,
    ann: &Annotations,
) -> Result<(), PatchError> {
    w.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>xibu</author></authors><commentList>"#,
    )?;
    for ((row, col), _) in ann.notes_cells() {
        let text = ann.note_text(report, *row, *col);
        write!(
            w,
            r#"<comment ref="{}" authorId="0"><text><t xml:space="preserve">{}</t></text></comment>"#,
            cell_ref(*col as usize, *row),
            escape(&text)
        )?;
    }
    w.write_all(b"</commentList></comments>")?;
    Ok(())
}

fn write_vml<W: Write>(w: &mut W, ann: &Annotations) -> Result<(), PatchError> {
    let cells = ann.notes_cells();
    let blocks = cells.len() / 1024 + 1;
    let idmap: Vec<String> = (1..=blocks).map(|b| b.to_string()).collect();
    write!(
        w,
        r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#,
        idmap.join(",")
    )?;
    for (i, ((row, col), _)) in cells.iter().enumerate() {
        w.write_all(note_shape(1025 + i, i + 1, *row, *col).as_bytes())?;
    }
    w.write_all(b"</xml>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copying_stops_after_the_end_tag_even_across_buffers() {
        let xml = b"<c r=\"A1\"><v>1</v></c></row><row r=\"2\">";
        for cap in 1..xml.len() {
            let mut input = std::io::BufReader::with_capacity(cap, &xml[..]);
            let mut out = Vec::new();
            copy_through(&mut input, &mut out, b"</row>").unwrap();
            assert_eq!(out, b"<c r=\"A1\"><v>1</v></c></row>", "capacity {cap}");
            let mut rest = Vec::new();
            std::io::Read::read_to_end(&mut input, &mut rest).unwrap();
            assert_eq!(rest, b"<row r=\"2\">", "capacity {cap}");
        }
    }

    #[test]
    fn refs_and_paths() {
        assert_eq!(parse_ref("B10"), Some((10, 1)));
        assert_eq!(parse_ref("AA1"), Some((1, 26)));
        assert_eq!(parse_ref("1"), None);
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/styles.xml"),
            "xl/styles.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative("xl/workbook.xml", "xl/worksheets/sheet101.xml"),
            "worksheets/sheet101.xml"
        );
        assert_eq!(
            rels_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
    }

    #[test]
    fn a_derived_format_keeps_the_rest() {
        let raw = r#"<xf numFmtId="14" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1"><alignment horizontal="center"/></xf>"#;
        let out = rewrite_start_tag(raw, &[("fillId", "5".into()), ("applyFill", "1".into())]);
        assert!(out.contains(r#"numFmtId="14""#) && out.contains(r#"fillId="5""#));
        assert!(
            out.ends_with(r#"<alignment horizontal="center"/></xf>"#),
            "{out}"
        );
        assert_eq!(out.matches("fillId").count(), 1);
    }

    #[test]
    fn bold_font_from_font_zero() {
        assert_eq!(
            bold_font(r#"<font><sz val="11"/><name val="Calibri"/></font>"#),
            r#"<font><b/><sz val="11"/><name val="Calibri"/></font>"#
        );
    }
}
