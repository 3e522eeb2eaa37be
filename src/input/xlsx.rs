//! xlsx worksheets read by xibu's own reader instead of calamine's cell reader.
//!
//! A roster sheet is a long run of `<row><c r="A2" t="s"><v>26</v></c>…</row>` elements, and
//! calamine reads it through a general XML parser at about 330 ns a cell (issue 15: 79% of the
//! reading thread, the whole gap to polars + fastexcel and pandas + python-calamine, which read
//! through calamine too). This reader knows the few elements a sheet's data is made of and looks
//! for each tag with one `memchr`, so that a cell costs a few dozen nanoseconds; the shared
//! strings are kept in one string with an index of offsets instead of a `String` each.
//!
//! It gives the values calamine gives (`src/input/xlsx_against_calamine.rs` compares the two
//! readers on the same workbooks): shared, inline and formula strings with `_xHHHH_` escapes
//! undone and, outside `xml:space="preserve"`, ASCII white space trimmed; numbers as floats, dates
//! by the cell's number format (built-in ids and custom codes) in the 1900 or 1904 system;
//! booleans, error values, ISO dates (`t="d"`); parts looked up whatever their case. Where calamine
//! guesses (an unreadable shared-string index is string 0 to it), this reader calls the file
//! damaged; a value in a CDATA section is its text, where calamine sees none; and of a cell's
//! children the value is its `<v>` (or `<is>`) wherever a `<f>` stands, where calamine takes the
//! last child (no writer puts `<f>` after `<v>`).
//!
//! The workbook's parts other than the sheet (`workbook.xml`, its relationships, `styles.xml`,
//! `sharedStrings.xml`) are read here too: opening the workbook through calamine would read the
//! shared strings a second time. When anything about them is not what this reader expects (no
//! relationships part, a sheet state or relationship type it does not know, a part it cannot
//! find, a part bigger than it reads whole, a part in another encoding than UTF-8),
//! [`Book::open`] answers `None` before any row is read, and the caller reads the workbook
//! through calamine, which either reads it or says what is wrong with it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType, Sheet, SheetType, SheetVisible};

use super::Cell;

/// Bytes inflated at a time.
const CHUNK: usize = 256 << 10;
/// The longest tag, comment or processing instruction read; a sheet's are a few dozen bytes.
const MAX_TAG: usize = 1 << 20;
/// The most raw text one value may hold: Excel's cells hold 32,767 characters.
const MAX_TEXT: usize = 32 << 20;
/// Bytes kept in the buffer ahead of a sheet's cell, so that a cell is seldom cut off by the
/// buffer's end.
const LOOKAHEAD: usize = 16 << 10;
/// The most of `workbook.xml`, its relationships or `styles.xml` read.
const MAX_SMALL_PART: u64 = 16 << 20;

/// A cell's value at its 0-based (row, column).
pub(super) type Placed = ((u32, u32), Cell);

/// A relationship of a `.rels` part: its id, type and target, raw.
type Relationships = std::collections::HashMap<Vec<u8>, (Vec<u8>, Vec<u8>)>;

/// What went wrong in a part, said for the user (the caller names the file).
pub(super) type Bad = String;

/// A tag as the scanner found it. The name and attributes are ranges of the scanner's buffer,
/// valid until it reads on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Start,
    End,
    /// `<x …/>`: a start and its end at once.
    Empty,
}

#[derive(Clone, Copy, Debug)]
struct Tag {
    kind: Kind,
    /// The local name (after any `prefix:`).
    name: (usize, usize),
    /// What follows the name, up to the closing `>` or `/>`.
    attrs: (usize, usize),
}

/// Reads XML tag by tag from an inflating part, holding a chunk of it at a time.
struct Scanner<R> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

enum Found {
    At(usize),
    /// Not in what is buffered: read more.
    More,
}

impl<R: Read> Scanner<R> {
    fn new(src: R) -> Self {
        Scanner {
            src,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
        }
    }

    /// Drops what was read and appends the next chunk; false at the end of the part.
    fn fill(&mut self) -> Result<bool, Bad> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let have = self.buf.len();
        let want = CHUNK.max(have);
        self.buf.resize(have + want, 0);
        let read = loop {
            match self.src.read(self.buf.get_mut(have..).unwrap_or_default()) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(have);
                    return Err(format!("it does not inflate ({e})"));
                }
            }
        };
        self.buf.truncate(have + read);
        if read == 0 {
            self.eof = true;
        }
        Ok(read > 0)
    }

    #[inline]
    /// Reads on until `n` bytes are buffered, or the part ends.
    fn want(&mut self, n: usize) -> Result<(), Bad> {
        while self.rest().len() < n && self.fill()? {}
        Ok(())
    }

    fn rest(&self) -> &[u8] {
        self.buf.get(self.pos..).unwrap_or_default()
    }

    #[inline]
    fn slice(&self, (start, end): (usize, usize)) -> &[u8] {
        self.buf.get(start..end).unwrap_or_default()
    }

    /// Finds, with `find` over the buffered bytes from `pos`, the end of a construct that starts
    /// at `pos`, reading on while it is cut off by the buffer's end.
    #[inline]
    fn complete(&mut self, what: &str, find: impl Fn(&[u8]) -> Found) -> Result<usize, Bad> {
        loop {
            if let Found::At(end) = find(self.rest()) {
                return Ok(end);
            }
            if self.rest().len() > MAX_TAG {
                return Err(format!("it holds {what} longer than {} KiB", MAX_TAG >> 10));
            }
            if !self.fill()? {
                return Err(format!("it ends inside {what}"));
            }
        }
    }

    /// The next tag, skipping text, comments, processing instructions and CDATA; `None` at the
    /// end of the part.
    #[inline]
    fn next(&mut self) -> Result<Option<Tag>, Bad> {
        loop {
            let Some(lt) = find_byte(self.rest(), b'<') else {
                self.pos = self.buf.len();
                if !self.fill()? {
                    return Ok(None);
                }
                continue;
            };
            self.pos += lt;
            if let Some(tag) = self.tag()? {
                return Ok(Some(tag));
            }
        }
    }

    /// Reads the markup at `pos` (a `<`): a tag, or `None` for a comment, processing
    /// instruction or CDATA section, which it steps over.
    #[inline]
    fn tag(&mut self) -> Result<Option<Tag>, Bad> {
        self.want(2)?;
        let second = self.rest().get(1).copied();
        if second == Some(b'!') || second == Some(b'?') {
            self.markup()?;
            return Ok(None);
        }
        let closing = second == Some(b'/');
        let end = self.complete("a tag", tag_end)?;
        let start = self.pos;
        self.pos += end;
        let tag = self.buf.get(start..start + end).unwrap_or_default();
        let inner_start = if closing { 2 } else { 1 };
        let self_closing = !closing && tag.get(end.wrapping_sub(2)) == Some(&b'/');
        let inner_end = end - if self_closing { 2 } else { 1 };
        // The name, and where its local part starts (after a `prefix:`).
        let (mut name_end, mut local) = (inner_start, inner_start);
        for &b in tag.get(inner_start..inner_end).unwrap_or_default() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b'/' => break,
                b':' => local = name_end + 1,
                _ => {}
            }
            name_end += 1;
        }
        if name_end == local {
            return Err("it holds a tag without a name".into());
        }
        Ok(Some(Tag {
            kind: if closing {
                Kind::End
            } else if self_closing {
                Kind::Empty
            } else {
                Kind::Start
            },
            name: (start + local, start + name_end),
            attrs: (start + name_end, start + inner_end),
        }))
    }

    /// Steps over the comment, CDATA section or processing instruction at `pos`.
    fn markup(&mut self) -> Result<(), Bad> {
        self.want(9)?;
        let rest = self.rest();
        let end = if rest.starts_with(b"<!--") {
            self.complete("a comment", |b| ends_after(b, 4, b"-->"))?
        } else if rest.starts_with(b"<![CDATA[") {
            self.complete("a CDATA section", |b| ends_after(b, 9, b"]]>"))?
        } else if rest.starts_with(b"<?") {
            self.complete("a processing instruction", |b| ends_after(b, 2, b"?>"))?
        } else {
            // `<!DOCTYPE …>`: no part of a workbook has one, and its internal subset could
            // declare entities; it is refused rather than half understood.
            return Err("it holds a document type declaration, which no workbook part has".into());
        };
        self.pos += end;
        Ok(())
    }

    #[inline]
    fn is(&self, tag: &Tag, name: &[u8]) -> bool {
        self.slice(tag.name) == name
    }

    /// The raw value of the attribute named `key` of `tag`.
    fn attr(&self, tag: &Tag, key: &[u8]) -> Result<Option<&[u8]>, Bad> {
        let [value] = self.attrs(tag, [key])?;
        Ok(value)
    }

    /// The raw value of the attribute of `tag` whose local name is `key`, whatever its prefix
    /// (`r:id` is `id`).
    fn attr_local(&self, tag: &Tag, key: &[u8]) -> Result<Option<&[u8]>, Bad> {
        let [value] = self.attrs_matching(tag, [key], true)?;
        Ok(value)
    }

    /// The raw values of the attributes named `keys` of `tag` (a prefixed `x:t` is not `t`, as
    /// calamine has it), in one pass over its attributes.
    fn attrs<const N: usize>(
        &self,
        tag: &Tag,
        keys: [&[u8]; N],
    ) -> Result<[Option<&[u8]>; N], Bad> {
        self.attrs_matching(tag, keys, false)
    }

    fn attrs_matching<const N: usize>(
        &self,
        tag: &Tag,
        keys: [&[u8]; N],
        by_local_name: bool,
    ) -> Result<[Option<&[u8]>; N], Bad> {
        let mut found = [None; N];
        let mut rest = self.slice(tag.attrs);
        loop {
            rest = rest.trim_ascii_start();
            if rest.is_empty() {
                return Ok(found);
            }
            let mut name_end = 0;
            let mut local = 0;
            for &b in rest {
                match b {
                    b'=' | b' ' | b'\t' | b'\r' | b'\n' => break,
                    b':' => local = name_end + 1,
                    _ => {}
                }
                name_end += 1;
            }
            let name = rest.get(..name_end).unwrap_or_default();
            rest = rest.get(name_end..).unwrap_or_default().trim_ascii_start();
            rest = rest
                .strip_prefix(b"=")
                .ok_or("it holds an attribute without a value")?
                .trim_ascii_start();
            let quote = *rest
                .first()
                .ok_or("it holds an attribute without a value")?;
            if quote != b'"' && quote != b'\'' {
                return Err("it holds an attribute value without quotes".into());
            }
            let body = rest.get(1..).unwrap_or_default();
            let close = find_byte(body, quote).ok_or("it holds an unclosed attribute value")?;
            let local = name.get(local..).unwrap_or_default();
            for (key, slot) in keys.iter().zip(found.iter_mut()) {
                if *key == name || (by_local_name && *key == local) {
                    *slot = body.get(..close);
                }
            }
            rest = body.get(close + 1..).unwrap_or_default();
        }
    }

    /// Appends the raw text up to the next tag (CDATA sections included, comments left out) to
    /// `raw`, and returns that tag, which ends the text.
    #[inline]
    fn text(&mut self, raw: &mut Vec<u8>) -> Result<Tag, Bad> {
        loop {
            match find_byte(self.rest(), b'<') {
                None => {
                    raw.extend_from_slice(self.rest());
                    self.pos = self.buf.len();
                    if !self.fill()? {
                        return Err("it ends inside a value".into());
                    }
                }
                Some(lt) => {
                    raw.extend_from_slice(self.rest().get(..lt).unwrap_or_default());
                    self.pos += lt;
                    self.want(9)?;
                    if self.rest().starts_with(b"<![CDATA[") {
                        let end = self.complete("a CDATA section", |b| ends_after(b, 9, b"]]>"))?;
                        let body = self.rest().get(9..end - 3).unwrap_or_default();
                        // Kept as escaped text, so that decoding gives it back as it is.
                        for &b in body {
                            match b {
                                b'&' => raw.extend_from_slice(b"&amp;"),
                                _ => raw.push(b),
                            }
                        }
                        self.pos += end;
                    } else if let Some(tag) = self.tag()? {
                        return Ok(tag);
                    }
                }
            }
            if raw.len() > MAX_TEXT {
                return Err(format!(
                    "it holds a value longer than {} MiB",
                    MAX_TEXT >> 20
                ));
            }
        }
    }

    /// Steps over the element whose start tag was just read, children and all.
    fn skip(&mut self) -> Result<(), Bad> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                None => return Err("it ends inside an element".into()),
                Some(t) if t.kind == Kind::Start => depth += 1,
                Some(t) if t.kind == Kind::End => depth -= 1,
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// The length of a construct opened by `open` bytes and closed by `close`.
fn ends_after(bytes: &[u8], open: usize, close: &[u8]) -> Found {
    match memchr::memmem::find(bytes.get(open..).unwrap_or_default(), close) {
        Some(at) => Found::At(open + at + close.len()),
        None => Found::More,
    }
}

/// The length of the tag at the start of `bytes`, up to its `>` outside quoted values. A loop
/// over the bytes: a sheet's tags are a few dozen bytes, too short for `memchr` to pay.
#[inline]
fn tag_end(bytes: &[u8]) -> Found {
    let mut quote = 0u8;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return Found::At(i + 1);
        } else if b == b'"' || b == b'\'' {
            quote = b;
        }
    }
    Found::More
}

/// Where `b` first is in `hay`: the first bytes by a loop (the text of a value is short),
/// the rest by `memchr`.
#[inline]
fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    const LOOPED: usize = 32;
    let head = hay.get(..LOOPED).unwrap_or(hay);
    if let Some(i) = head.iter().position(|&c| c == b) {
        return Some(i);
    }
    let tail = hay.get(LOOPED..)?;
    memchr::memchr(b, tail).map(|i| i + LOOPED)
}

/// Decodes raw XML text into `out`: UTF-8 checked, entity and character references replaced,
/// line ends normalized as XML 1.0 says (`\r\n` and a lone `\r` are `\n`).
fn decode(raw: &[u8], out: &mut String) -> Result<(), Bad> {
    let text = simdutf8::basic::from_utf8(raw)
        .map_err(|_| Bad::from("it holds text that is not UTF-8"))?;
    let mut rest = text;
    while let Some(at) = memchr::memchr2(b'&', b'\r', rest.as_bytes()) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let tail = rest.get(at..).unwrap_or_default();
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        let semi = tail
            .find(';')
            .filter(|&s| s <= 12)
            .ok_or("it holds an & that starts no reference")?;
        let name = tail.get(1..semi).unwrap_or_default();
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|&c| c != '\0')
                    .ok_or_else(|| {
                        format!(
                            "it holds a reference it does not define (&{};)",
                            super::short(name, 12)
                        )
                    })?
            }
        };
        out.push(c);
        rest = tail.get(semi + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(())
}

/// Undoes Excel's `_xHHHH_` escapes (a control character or any UTF-16 unit, written so in
/// shared strings and inline text), from byte `from` of `text` on. A high surrogate not followed
/// by a low one, or a lone low one, is U+FFFD, as calamine has it.
fn unescape_excel(text: &mut String, from: usize) {
    let Some(first) = find_escape(text.as_bytes(), from) else {
        return;
    };
    // Only the text from the first escape on is rebuilt: `text` may hold every shared string
    // before this one.
    let tail = text.split_off(first);
    let out = text;
    let text = tail;
    let mut at = 0;
    while let Some(unit) = escape_at(text.as_bytes(), at) {
        at += 7;
        let c = match unit {
            0xD800..=0xDBFF => match escape_at(text.as_bytes(), at) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    at += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(unit)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        let next = find_escape(text.as_bytes(), at).unwrap_or(text.len());
        out.push_str(text.get(at..next).unwrap_or_default());
        at = next;
    }
}

fn find_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let i = memchr::memmem::find(bytes.get(at..)?, b"_x")?;
        if escape_at(bytes, at + i).is_some() {
            return Some(at + i);
        }
        at += i + 1;
    }
}

/// The UTF-16 unit of an `_xHHHH_` escape at `at`.
fn escape_at(bytes: &[u8], at: usize) -> Option<u16> {
    let e = bytes.get(at..at + 7)?;
    if !e.starts_with(b"_x") || e.get(6) != Some(&b'_') {
        return None;
    }
    let hex = std::str::from_utf8(e.get(2..6)?).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(hex, 16).ok()
}

/// How a cell's number format shows its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Number,
    Date,
    /// Elapsed time (`[h]:mm:ss`).
    Duration,
}

/// How a number format code shows a number: a date when its first section has a date or time
/// letter outside quoted text, brackets and escapes; elapsed time when a bracket holds only
/// h, m or s first (`[h]`, `[mm]`).
fn shown_by_code(code: &str) -> Shown {
    let mut chars = code.chars().peekable();
    let mut am_pm = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => return Shown::Number,
            '\\' | '_' | '*' => {
                chars.next();
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let mut inner = String::new();
                for b in chars.by_ref() {
                    if b == ']' {
                        break;
                    }
                    inner.push(b);
                }
                let mut letters = inner.chars();
                if let Some(first) = letters.next()
                    && matches!(first.to_ascii_lowercase(), 'h' | 'm' | 's')
                    && letters.all(|l| l.eq_ignore_ascii_case(&first))
                {
                    return Shown::Duration;
                }
            }
            'a' | 'A' if !am_pm => am_pm = true,
            'p' | 'P' | 'm' | 'M' | '/' if am_pm => return Shown::Date,
            'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S' if !am_pm => {
                return Shown::Date;
            }
            _ => {}
        }
    }
    Shown::Number
}

/// How a built-in number format (ECMA-376 18.8.30, with the East Asian date ids) shows a number.
fn shown_by_id(id: u32) -> Shown {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => Shown::Date,
        46 => Shown::Duration,
        _ => Shown::Number,
    }
}

/// The parts of a workbook this reader needs, read.
pub(super) struct Book {
    sheets: Vec<Sheet>,
    /// Each sheet's part, beside `sheets`.
    parts: Vec<String>,
    date1904: bool,
    /// How each cell style (`s`) shows a number.
    styles: Vec<Shown>,
    /// The shared strings, end to end, and where each ends.
    strings: String,
    ends: Vec<u32>,
}

type Archive = zip::ZipArchive<BufReader<File>>;

impl Book {
    /// Reads the workbook's parts; `None` when they are laid out in a way this reader does not
    /// know, for calamine to read instead.
    pub(super) fn open(path: &Path) -> Option<(Book, Archive)> {
        let file = super::open_regular(path, None).ok()?;
        let mut archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
        if !plain_utf8(&mut archive, "xl/workbook.xml") {
            return None;
        }
        let workbook = read_small(&mut archive, "xl/workbook.xml")??;
        let rels = read_small(&mut archive, "xl/_rels/workbook.xml.rels")??;
        let targets = relationships(&rels).ok()?;
        let mut book = Book {
            sheets: Vec::new(),
            parts: Vec::new(),
            date1904: false,
            styles: Vec::new(),
            strings: String::new(),
            ends: Vec::new(),
        };
        book.read_workbook(&workbook, &targets).ok()??;
        for part in &mut book.parts {
            *part = part_name(&archive, part)?;
            if !plain_utf8(&mut archive, part) {
                return None;
            }
        }
        // A part that is there but too big, or not UTF-8, is calamine's to read.
        if let Some(styles) = read_small(&mut archive, "xl/styles.xml") {
            if !plain_utf8(&mut archive, "xl/styles.xml") {
                return None;
            }
            book.styles = styles_of(&styles?).ok()?;
        }
        if let Some(name) = part_name(&archive, "xl/sharedStrings.xml") {
            if !plain_utf8(&mut archive, &name) {
                return None;
            }
            let part = archive.by_name(&name).ok()?;
            let limit = part.size().saturating_add(1);
            book.read_shared_strings(part.take(limit)).ok()?;
        }
        Some((book, archive))
    }

    pub(super) fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// `Ok(None)` when the workbook is not as expected (a `<sheet>` state or relationship this
    /// reader does not know).
    fn read_workbook(&mut self, xml: &[u8], targets: &Relationships) -> Result<Option<()>, Bad> {
        let mut x = Scanner::new(xml);
        while let Some(tag) = x.next()? {
            if tag.kind == Kind::End {
                continue;
            }
            if x.is(&tag, b"workbookPr") {
                if let Some(v) = x.attr(&tag, b"date1904")? {
                    self.date1904 = v == b"1" || v == b"true";
                }
            } else if x.is(&tag, b"sheet") {
                let mut name = String::new();
                decode(x.attr(&tag, b"name")?.unwrap_or_default(), &mut name)?;
                let visible = match x.attr(&tag, b"state")? {
                    None | Some(b"visible") => SheetVisible::Visible,
                    Some(b"hidden") => SheetVisible::Hidden,
                    Some(b"veryHidden") => SheetVisible::VeryHidden,
                    Some(_) => return Ok(None),
                };
                let Some(id) = x.attr_local(&tag, b"id")? else {
                    return Ok(None);
                };
                let Some((typ, target)) = targets.get(id) else {
                    return Ok(None);
                };
                let typ = match typ.rsplit(|&b| b == b'/').next() {
                    Some(b"worksheet") => SheetType::WorkSheet,
                    Some(b"chartsheet") => SheetType::ChartSheet,
                    Some(b"dialogsheet") => SheetType::DialogSheet,
                    _ => return Ok(None),
                };
                let mut target_text = String::new();
                decode(target, &mut target_text)?;
                let part = match target_text.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{target_text}"),
                };
                self.sheets.push(Sheet { name, typ, visible });
                self.parts.push(part);
            }
        }
        Ok(Some(()))
    }

    fn read_shared_strings(&mut self, part: impl Read) -> Result<(), Bad> {
        let mut x = Scanner::new(part);
        let mut raw = Vec::new();
        while let Some(tag) = x.next()? {
            if tag.kind == Kind::Start && x.is(&tag, b"si") {
                string_item(&mut x, &mut raw, &mut self.strings)?;
            } else if !(tag.kind == Kind::Empty && x.is(&tag, b"si")) {
                continue;
            }
            if self.ends.len() as u64 >= super::MAX_CELLS {
                return Err(format!(
                    "it holds more than {} shared strings",
                    super::MAX_CELLS
                ));
            }
            let end = u32::try_from(self.strings.len())
                .map_err(|_| Bad::from("its shared strings hold more than 4 GiB of text"))?;
            self.ends.push(end);
        }
        Ok(())
    }

    fn shared(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize,
            None => 0,
        };
        self.strings.get(start..end)
    }

    /// The cells of sheet number `index` (in [`Book::sheets`]), in the order its part holds them.
    pub(super) fn cells<'a>(
        &'a self,
        archive: &'a mut Archive,
        index: usize,
    ) -> Result<SheetCells<'a>, Bad> {
        let name = self.parts.get(index).ok_or("it has no such sheet")?;
        let part = archive
            .by_name(name)
            .map_err(|e| format!("its sheet {name} cannot be opened: {e}"))?;
        let limit = part.size().saturating_add(1);
        let mut x = Scanner::new(part.take(limit));
        // Up to the data.
        let done = loop {
            match x.next()? {
                None => return Err("its sheet has no cell data (no <sheetData>)".into()),
                Some(t) if x.is(&t, b"sheetData") && t.kind == Kind::Empty => break true,
                Some(t) if x.is(&t, b"sheetData") && t.kind == Kind::Start => break false,
                Some(_) => {}
            }
        };
        Ok(SheetCells {
            book: self,
            x,
            raw: Vec::with_capacity(64),
            text: String::new(),
            row: 0,
            col: 0,
            done,
        })
    }

    /// Reads a `<c>` element's children, up to its end, and makes its value.
    #[inline]
    fn cell_value<R: Read>(
        &self,
        x: &mut Scanner<R>,
        typ: CellType,
        style: Option<usize>,
        raw: &mut Vec<u8>,
        text: &mut String,
        pool: &mut Vec<String>,
    ) -> Result<Cell, Bad> {
        let mut value: Option<Cell> = None;
        loop {
            let Some(tag) = x.next()? else {
                return Err("its sheet ends inside a cell".into());
            };
            match (tag.kind, x.slice(tag.name)) {
                (Kind::End, b"c") => break,
                (Kind::Start, b"v") => {
                    raw.clear();
                    x.text(raw)?;
                    if typ != CellType::Inline {
                        value = Some(self.value_of(typ, style, raw, text, pool)?);
                    }
                }
                (Kind::Start, b"is") => {
                    text.clear();
                    string_item(x, raw, text)?;
                    value = Some(text_cell(text, pool));
                }
                (Kind::Start, _) => x.skip()?,
                _ => {}
            }
        }
        Ok(value.unwrap_or(Cell::Empty))
    }

    /// The value of a cell of type `typ` whose `<v>` holds `raw`.
    #[inline]
    fn value_of(
        &self,
        typ: CellType,
        style: Option<usize>,
        raw: &[u8],
        text: &mut String,
        pool: &mut Vec<String>,
    ) -> Result<Cell, Bad> {
        text.clear();
        if raw.iter().all(|&b| b.is_ascii() && b != b'&' && b != b'\r') {
            // A number or an index: nothing to decode.
            text.push_str(std::str::from_utf8(raw).unwrap_or_default());
        } else {
            decode(raw, text)?;
        }
        let v = text.as_str();
        Ok(match typ {
            CellType::Shared => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                let s = v
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.shared(i))
                    .ok_or_else(|| {
                        format!(
                            "a cell refers to shared string {}, which the workbook does not have",
                            shown(v.as_bytes())
                        )
                    })?;
                text_cell(s, pool)
            }
            CellType::Number | CellType::Untyped => {
                if v.is_empty() {
                    return Ok(Cell::Empty);
                }
                match v.parse::<f64>() {
                    Ok(n) => self.number_cell(n, style),
                    Err(_) if typ == CellType::Untyped => text_cell(v, pool),
                    Err(_) => {
                        return Err(format!("a number cell holds {}", shown(v.as_bytes())));
                    }
                }
            }
            CellType::Bool => match v.trim() {
                "" => Cell::Empty,
                t if t == "0" || t.eq_ignore_ascii_case("false") => Cell::Bool(false),
                t if t == "1" || t.eq_ignore_ascii_case("true") => Cell::Bool(true),
                _ => return Err(format!("a boolean cell holds {}", shown(v.as_bytes()))),
            },
            CellType::Error => match v.parse::<CellErrorType>() {
                Ok(e) => Cell::Error(e.to_string()),
                Err(_) => return Err(format!("an error cell holds {}", shown(v.as_bytes()))),
            },
            CellType::Date => match super::excel::parse_iso(v) {
                Some(d) => Cell::DateTime(d),
                None if v.is_empty() => Cell::Empty,
                None => text_cell(v, pool),
            },
            CellType::Formula => {
                let from = 0;
                unescape_excel(text, from);
                text_cell(text, pool)
            }
            CellType::Inline => Cell::Empty,
            CellType::Unknown => {
                return Err("a cell has a type (its t attribute) that no workbook has".into());
            }
        })
    }

    #[inline]
    fn number_cell(&self, n: f64, style: Option<usize>) -> Cell {
        // A cell without a style is a plain number, whatever the first style says.
        let shown = style.map_or(Shown::Number, |s| {
            self.styles.get(s).copied().unwrap_or(Shown::Number)
        });
        let kind = match shown {
            Shown::Number => return Cell::Float(n),
            Shown::Date => ExcelDateTimeType::DateTime,
            Shown::Duration => ExcelDateTimeType::TimeDelta,
        };
        ExcelDateTime::new(n, kind, self.date1904)
            .as_datetime()
            .map_or_else(|| Cell::Error("invalid date".to_string()), Cell::DateTime)
    }
}

/// The cells of one sheet, read as they are asked for.
pub(super) struct SheetCells<'a> {
    book: &'a Book,
    x: Scanner<std::io::Take<zip::read::ZipFile<'a, BufReader<File>>>>,
    raw: Vec<u8>,
    text: String,
    /// Where a row or cell without a reference is: after the one before it.
    row: u32,
    col: u32,
    done: bool,
}

impl SheetCells<'_> {
    /// Reads the cell at the scanner's position when it is written the way nearly every cell
    /// of a sheet is, `<c r="B2" s="1" t="s"><v>7</v></c>` or `<c r="B2" s="1"/>`, all of it in
    /// the buffer: one pass over its bytes instead of a tag at a time. Anything else (a prefix,
    /// single quotes, a formula, an inline string, a comment) is `None`, with nothing read, and
    /// the general path reads it.
    #[inline]
    fn fast_cell(&mut self, pool: &mut Vec<String>) -> Option<Result<Placed, Bad>> {
        let rest = self.x.rest();
        let b = |i: usize| rest.get(i).copied().unwrap_or(0);
        if b(0) != b'<' || b(1) != b'c' || !matches!(b(2), b' ' | b'>' | b'/') {
            return None;
        }
        let mut i = 2;
        let (mut r, mut s, mut t) = (None, None, None);
        let empty = loop {
            while matches!(b(i), b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            match b(i) {
                b'>' => break false,
                b'/' if b(i + 1) == b'>' => {
                    i += 1;
                    break true;
                }
                _ => {}
            }
            let name = i;
            while !matches!(
                b(i),
                b'=' | b'"' | b':' | b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n' | 0
            ) {
                i += 1;
            }
            if b(i) != b'=' || b(i + 1) != b'"' {
                return None;
            }
            let (name, value) = (rest.get(name..i)?, i + 2);
            let close = find_byte(rest.get(value..)?, b'"')?;
            let value = rest.get(value..value + close)?;
            i += 2 + close + 1;
            match name {
                b"r" => r = Some(value),
                b"s" => s = Some(value),
                b"t" => t = Some(value),
                _ => {}
            }
        };
        i += 1;
        let raw = if empty {
            None
        } else if rest.get(i..)?.starts_with(b"<v>") {
            let start = i + 3;
            let len = find_byte(rest.get(start..)?, b'<')?;
            let end = start + len;
            if !rest.get(end..)?.starts_with(b"</v></c>") {
                return None;
            }
            i = end + 8;
            Some(rest.get(start..end)?)
        } else if rest.get(i..)?.starts_with(b"</c>") {
            i += 4;
            None
        } else {
            return None;
        };
        let cell = (|| {
            let at = place(r, (self.row, self.col))?;
            let style = s.map(|s| number(s).map_or(0, |s| s as usize));
            let typ = CellType::of(t);
            let value = match raw {
                Some(raw) if typ != CellType::Inline => {
                    self.book.value_of(typ, style, raw, &mut self.text, pool)?
                }
                _ => Cell::Empty,
            };
            Ok((at, value))
        })();
        if let Ok(((_, col), _)) = &cell {
            self.col = col.saturating_add(1);
        }
        self.x.pos += i;
        Some(cell)
    }

    /// The next cell and its 0-based (row, column), its text in a string from `pool`; `None`
    /// after the last.
    pub(super) fn next_cell(&mut self, pool: &mut Vec<String>) -> Result<Option<Placed>, Bad> {
        while !self.done {
            self.x.want(LOOKAHEAD)?;
            // White space between elements (a sheet written indented) is no text of any cell.
            let blank = self
                .x
                .rest()
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .count();
            self.x.pos += blank;
            if let Some(found) = self.fast_cell(pool) {
                return found.map(Some);
            }
            let x = &mut self.x;
            let Some(tag) = x.next()? else {
                return Err("its sheet ends inside the cell data".into());
            };
            match (tag.kind, x.slice(tag.name)) {
                (Kind::Start | Kind::Empty, b"row") => {
                    if let Some(r) = x.attr(&tag, b"r")? {
                        self.row = reference(r)?.0;
                    }
                    if tag.kind == Kind::Empty {
                        self.row = self.row.saturating_add(1);
                        self.col = 0;
                    }
                }
                (Kind::End, b"row") => {
                    self.row = self.row.saturating_add(1);
                    self.col = 0;
                }
                (Kind::Start | Kind::Empty, b"c") => {
                    let [r, s, t] = x.attrs(&tag, [b"r", b"s", b"t"])?;
                    let at = place(r, (self.row, self.col))?;
                    self.col = at.1;
                    // An unreadable style is the first, as calamine has it.
                    let style = s.map(|s| number(s).map_or(0, |s| s as usize));
                    let typ = CellType::of(t);
                    self.col = self.col.saturating_add(1);
                    let value = if tag.kind == Kind::Empty {
                        Cell::Empty
                    } else {
                        self.book
                            .cell_value(x, typ, style, &mut self.raw, &mut self.text, pool)?
                    };
                    return Ok(Some((at, value)));
                }
                (Kind::End, b"sheetData") => self.done = true,
                _ => {}
            }
        }
        Ok(None)
    }
}

/// A cell's `t` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellType {
    Untyped,
    Number,
    Shared,
    Inline,
    Formula,
    Bool,
    Error,
    Date,
    Unknown,
}

impl CellType {
    /// A type this reader does not know is an error only when the cell has a value to read
    /// (`<v>`), as calamine has it.
    fn of(t: Option<&[u8]>) -> CellType {
        match t {
            None => CellType::Untyped,
            Some(b"n") => CellType::Number,
            Some(b"s") => CellType::Shared,
            Some(b"inlineStr" | b"is") => CellType::Inline,
            Some(b"str") => CellType::Formula,
            Some(b"b") => CellType::Bool,
            Some(b"e") => CellType::Error,
            Some(b"d") => CellType::Date,
            Some(_) => CellType::Unknown,
        }
    }
}

/// A text cell holding `s` in a string from `pool`; an empty string is an empty cell.
fn text_cell(s: &str, pool: &mut Vec<String>) -> Cell {
    if s.is_empty() {
        return Cell::Empty;
    }
    let mut t = pool.pop().unwrap_or_default();
    t.clear();
    t.push_str(s);
    super::cap_in_place(&mut t);
    Cell::Text(t)
}

/// A value of the file quoted in a message, short.
fn shown(b: &[u8]) -> String {
    format!("“{}”", super::short(&String::from_utf8_lossy(b), 24))
}

/// Reads a string item (`<si>` or `<is>`, whose start tag was just read) to its end, appending
/// its text to `out`: the text of its `<t>` elements, in runs or not, without the phonetic
/// guides (`<rPh>`); each trimmed of ASCII white space unless `xml:space="preserve"`, then
/// `_xHHHH_` escapes undone.
fn string_item<R: Read>(
    x: &mut Scanner<R>,
    raw: &mut Vec<u8>,
    out: &mut String,
) -> Result<(), Bad> {
    let mut phonetic = 0usize;
    loop {
        let Some(tag) = x.next()? else {
            return Err("it ends inside a string".into());
        };
        match (tag.kind, x.slice(tag.name)) {
            (Kind::End, b"si" | b"is") => return Ok(()),
            (Kind::Start, b"rPh") => phonetic += 1,
            (Kind::End, b"rPh") => phonetic = phonetic.saturating_sub(1),
            (Kind::Start, b"t") if phonetic == 0 => {
                let preserve = x.attr(&tag, b"xml:space")? == Some(b"preserve");
                raw.clear();
                x.text(raw)?;
                let from = out.len();
                decode(raw, out)?;
                if !preserve {
                    let piece = out.get(from..).unwrap_or_default();
                    let trimmed = piece.trim_matches([' ', '\t', '\r', '\n']);
                    if trimmed.len() != piece.len() {
                        let trimmed = trimmed.to_string();
                        out.truncate(from);
                        out.push_str(&trimmed);
                    }
                }
                unescape_excel(out, from);
            }
            (Kind::Start, b"t") => x.skip()?,
            _ => {}
        }
        if out.len() > MAX_TEXT.saturating_mul(32) {
            return Err("its shared strings hold more than 1 GiB of text".into());
        }
    }
}

/// Where a cell is: at its reference `r`, or without one, at `next` (after the cell before it).
fn place(r: Option<&[u8]>, next: (u32, u32)) -> Result<(u32, u32), Bad> {
    let Some(r) = r else {
        return Ok(next);
    };
    match reference(r)? {
        (row, Some(col)) => Ok((row, col)),
        (_, None) => Err(format!(
            "it holds a cell reference without a column ({})",
            shown(r)
        )),
    }
}

/// A cell or row reference (`B12`, `12`): the 0-based row, and the 0-based column if it has one.
#[inline]
fn reference(r: &[u8]) -> Result<(u32, Option<u32>), Bad> {
    let bad = || format!("it holds a cell reference it cannot read ({})", shown(r));
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let mut col: u32 = 0;
    for &b in r.get(..letters).unwrap_or_default() {
        let digit = u32::from(b.to_ascii_uppercase() - b'A') + 1;
        col = col
            .checked_mul(26)
            .and_then(|c| c.checked_add(digit))
            .ok_or_else(bad)?;
    }
    let digits = r.get(letters..).unwrap_or_default();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let mut row: u32 = 0;
    for &b in digits {
        row = row
            .checked_mul(10)
            .and_then(|n| n.checked_add(u32::from(b - b'0')))
            .ok_or_else(bad)?;
    }
    let row = row.checked_sub(1).ok_or_else(bad)?;
    Ok((row, col.checked_sub(1)))
}

/// The archive's name for the part `name`: the same, or failing that one that differs only in
/// case or in `\` for `/` (real workbooks have `xl/SharedStrings.xml`; calamine looks parts up
/// so too).
fn part_name(archive: &Archive, name: &str) -> Option<String> {
    if archive.index_for_name(name).is_some() {
        return Some(name.to_string());
    }
    archive
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| n.replace('\\', "/").eq_ignore_ascii_case(name))
        .map(|n| n.into_owned())
}

/// A small part whole: `None` when the archive does not have it, `Some(None)` when it cannot be
/// read whole or is bigger than [`MAX_SMALL_PART`].
fn read_small(archive: &mut Archive, name: &str) -> Option<Option<Vec<u8>>> {
    let name = part_name(archive, name)?;
    let Ok(part) = archive.by_name(&name) else {
        return Some(None);
    };
    let mut bytes = Vec::new();
    if part
        .take(MAX_SMALL_PART + 1)
        .read_to_end(&mut bytes)
        .is_err()
        || bytes.len() as u64 > MAX_SMALL_PART
    {
        return Some(None);
    }
    Some(Some(bytes))
}

/// Whether a part is UTF-8 XML, as every writer xibu has seen writes them: no UTF-16 byte order
/// mark, and no other encoding declared. Anything else is left to calamine.
fn plain_utf8(archive: &mut Archive, name: &str) -> bool {
    let Some(name) = part_name(archive, name) else {
        return true;
    };
    let Ok(part) = archive.by_name(&name) else {
        return false;
    };
    let mut head = Vec::with_capacity(128);
    if part.take(128).read_to_end(&mut head).is_err() {
        return false;
    }
    utf8_declared(&head)
}

/// Whether the first bytes of a part say UTF-8 (or say nothing, which is UTF-8).
fn utf8_declared(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return true;
    }
    let decl = head
        .get(..find_byte(head, b'>').unwrap_or(head.len()))
        .unwrap_or_default();
    let Some(at) = memchr::memmem::find(decl, b"encoding") else {
        return true;
    };
    let rest = decl.get(at + 8..).unwrap_or_default().trim_ascii_start();
    let rest = rest.strip_prefix(b"=").unwrap_or(rest).trim_ascii_start();
    let Some((&quote, value)) = rest.split_first() else {
        return false;
    };
    let value = value
        .get(..find_byte(value, quote).unwrap_or(value.len()))
        .unwrap_or_default();
    value.eq_ignore_ascii_case(b"utf-8") || value.eq_ignore_ascii_case(b"utf8")
}

/// The relationships of a `.rels` part: id, type and target, raw.
fn relationships(xml: &[u8]) -> Result<Relationships, Bad> {
    let mut x = Scanner::new(xml);
    let mut found = Relationships::new();
    while let Some(tag) = x.next()? {
        if tag.kind != Kind::End
            && x.is(&tag, b"Relationship")
            && let Some(id) = x.attr(&tag, b"Id")?
        {
            let typ = x.attr(&tag, b"Type")?.unwrap_or_default().to_vec();
            let target = x.attr(&tag, b"Target")?.unwrap_or_default().to_vec();
            found.insert(id.to_vec(), (typ, target));
        }
    }
    Ok(found)
}

/// How each cell style of `styles.xml` (`<cellXfs>`, in order) shows a number.
fn styles_of(xml: &[u8]) -> Result<Vec<Shown>, Bad> {
    let mut x = Scanner::new(xml);
    // By the id as written, as calamine keys them (`014` is not 14).
    let mut custom: std::collections::HashMap<Vec<u8>, Shown> = Default::default();
    let mut shown = Vec::new();
    let mut in_cell_xfs = false;
    while let Some(tag) = x.next()? {
        match (tag.kind, x.slice(tag.name)) {
            (Kind::Start | Kind::Empty, b"numFmt") => {
                let [id, code] = x.attrs(&tag, [b"numFmtId", b"formatCode"])?;
                if let (Some(id), Some(code)) = (id, code) {
                    let mut text = String::new();
                    decode(code, &mut text)?;
                    custom.insert(id.to_vec(), shown_by_code(&text));
                }
            }
            (Kind::Start, b"cellXfs") => in_cell_xfs = true,
            (Kind::End, b"cellXfs") => in_cell_xfs = false,
            (Kind::Start | Kind::Empty, b"xf") if in_cell_xfs => {
                let s = match x.attr(&tag, b"numFmtId")? {
                    None => Shown::Number,
                    Some(id) => match custom.get(id) {
                        Some(s) => *s,
                        None => number(id)
                            .filter(|n| n.to_string().as_bytes() == id)
                            .map_or(Shown::Number, shown_by_id),
                    },
                };
                shown.push(s);
            }
            _ => {}
        }
    }
    Ok(shown)
}

fn number(b: &[u8]) -> Option<u32> {
    std::str::from_utf8(b).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(xml: &str, chunk: usize) -> Vec<(Kind, String)> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut x = Scanner::new(Trickle(xml.as_bytes(), chunk));
        let mut out = Vec::new();
        while let Some(t) = x.next().unwrap() {
            out.push((t.kind, String::from_utf8(x.slice(t.name).to_vec()).unwrap()));
        }
        out
    }

    #[test]
    fn tags_are_found_whatever_the_chunks() {
        let xml = "<?xml version=\"1.0\"?><!-- a <c> in a comment --><x:row r=\"1\" a='>'>\
                   <c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"/><![CDATA[<c>]]></x:row>";
        let want = vec![
            (Kind::Start, "row".to_string()),
            (Kind::Start, "c".to_string()),
            (Kind::Start, "v".to_string()),
            (Kind::End, "v".to_string()),
            (Kind::End, "c".to_string()),
            (Kind::Empty, "c".to_string()),
            (Kind::End, "row".to_string()),
        ];
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(tags(xml, chunk), want, "chunk {chunk}");
        }
    }

    #[test]
    fn attributes_by_name_or_local_name_with_either_quote() {
        let mut x =
            Scanner::new(&b"<sheet name='A &amp; B' r:id=\"rId3\" state = \"hidden\"/>"[..]);
        let t = x.next().unwrap().unwrap();
        assert_eq!(x.attr(&t, b"name").unwrap(), Some(&b"A &amp; B"[..]));
        assert_eq!(x.attr(&t, b"id").unwrap(), None);
        assert_eq!(x.attr_local(&t, b"id").unwrap(), Some(&b"rId3"[..]));
        assert_eq!(x.attr(&t, b"r:id").unwrap(), Some(&b"rId3"[..]));
        assert_eq!(x.attr(&t, b"state").unwrap(), Some(&b"hidden"[..]));
        assert_eq!(x.attr(&t, b"sheetId").unwrap(), None);
    }

    #[test]
    fn text_is_decoded() {
        let mut out = String::new();
        decode(b"a&lt;b&amp;&#x4E2D;&#22269;\r\nc\rd", &mut out).unwrap();
        assert_eq!(out, "a<b&中国\nc\nd");
        for bad in [&b"a & b"[..], b"&nbsp;", b"&#0;", b"&#xD800;", b"\xff"] {
            assert!(decode(bad, &mut String::new()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn excel_escapes_are_undone() {
        for (escaped, plain) in [
            ("a_x000D_b", "a\rb"),
            ("_x4E2D__x56FD_", "中国"),
            ("_xD83D__xDE00_", "😀"),
            ("_xD83D_x", "\u{FFFD}x"),
            ("_x00zz_ and _x", "_x00zz_ and _x"),
        ] {
            let mut s = escaped.to_string();
            unescape_excel(&mut s, 0);
            assert_eq!(s, plain, "{escaped}");
        }
        // Only the text from `from` on: what is before it was undone already.
        let mut s = "_x005F_x0041_|_x0042_".to_string();
        unescape_excel(&mut s, 14);
        assert_eq!(s, "_x005F_x0041_|B");
    }

    #[test]
    fn declared_encodings() {
        assert!(utf8_declared(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>"
        ));
        assert!(utf8_declared(
            b"\xEF\xBB\xBF<?xml version='1.0' encoding='utf8'?>"
        ));
        assert!(utf8_declared(b"<?xml version=\"1.0\"?><a/>"));
        assert!(utf8_declared(b"<worksheet/>"));
        assert!(!utf8_declared(b"<?xml version=\"1.0\" encoding=\"GBK\"?>"));
        assert!(!utf8_declared(b"\xFF\xFE<\0?\0"));
    }

    #[test]
    fn references() {
        assert_eq!(reference(b"A1").unwrap(), (0, Some(0)));
        assert_eq!(reference(b"ab12").unwrap(), (11, Some(27)));
        assert_eq!(reference(b"7").unwrap(), (6, None));
        for bad in [
            &b"A0"[..],
            b"A",
            b"",
            b"1A",
            b"AAAAAAAAAAAAAAAA1",
            b"A99999999999",
        ] {
            assert!(reference(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn number_formats() {
        for date in [
            "yyyy-mm-dd",
            "DD/MM/YY",
            "H:MM:SS;@",
            "[$-F800]dddd",
            "[Red]yyyy",
            "h:mm AM/PM",
        ] {
            assert_eq!(shown_by_code(date), Shown::Date, "{date}");
        }
        for number in [
            "General",
            "0.00",
            "#,##0\"元\"",
            "0.00E+00",
            "0;[Red]yyyy",
            "\\d0",
            "@",
        ] {
            assert_eq!(shown_by_code(number), Shown::Number, "{number}");
        }
        assert_eq!(shown_by_code("[h]:mm:ss"), Shown::Duration);
        assert_eq!(shown_by_code("[mm]:ss"), Shown::Duration);
        assert_eq!(shown_by_id(14), Shown::Date);
        assert_eq!(shown_by_id(46), Shown::Duration);
        assert_eq!(shown_by_id(2), Shown::Number);
    }
}
