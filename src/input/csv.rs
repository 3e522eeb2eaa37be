//! CSV and TSV: the text encoding is decided first, then the raw bytes are parsed into records
//! (lines without a quote split where they lie, quoted records by `csv_core`) and each field is
//! decoded on its own. Parsing bytes is sound for GB18030 as well as UTF-8, because no
//! byte of a multi-byte GB18030 character equals `,` `"` `\t` `\r` or `\n`.

use std::io::{self, Cursor, Read};
use std::path::Path;

use encoding_rs::GB18030;

use super::{Format, InputError, SourceInfo};

/// The most bytes one record may take. No roster row comes near it: a record this long is a binary
/// file named `.csv`, or a quote that is never closed, and reading on would hold it all in memory.
const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// How much of a file decides its encoding, so that a large file is not read twice.
const DETECT_BYTES: usize = 64 * 1024;

/// The raw bytes a UTF-16 source is transcoded by (and the buffer of the csv crate's reader in
/// the tests' reference).
const BUFFER_BYTES: usize = 64 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Appended after the input, because `csv_core` ends a quoted field that is never closed at the
/// end of the input without saying so, which would silently fold every later row into one cell.
/// 0xFF is valid in neither UTF-8 nor GB18030, so no readable file holds these bytes. After a
/// complete record the sentinel parses as a record of its own, `[SENTINEL_FIELD]`; inside an open
/// quoted field its first bytes join that field, which then ends with [`OPEN_QUOTE_TAIL`], and its
/// quote closes the field.
const SENTINEL: &[u8] = b"\n\xFF\"\n";
const SENTINEL_FIELD: &[u8] = b"\xFF\"";
const OPEN_QUOTE_TAIL: &[u8] = b"\n\xFF";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    /// UTF-16 with its byte-order mark (Excel's "Unicode text"), transcoded to UTF-8 as it is
    /// read, so that the csv reader sees UTF-8.
    Utf16Le,
    Utf16Be,
    /// Everything seen so far is ASCII, which every candidate encoding reads alike; the first
    /// record holding other bytes decides.
    Undecided,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Undecided => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The UTF-16 encoding a source is transcoded from, if it is UTF-16.
    fn utf16(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
            _ => None,
        }
    }

    /// Decodes `bytes` onto the end of `out`; false when they are not valid in this encoding.
    fn decode_into(self, bytes: &[u8], out: &mut String) -> bool {
        match self {
            Encoding::Utf8
            | Encoding::Utf8Bom
            | Encoding::Undecided
            | Encoding::Utf16Le
            | Encoding::Utf16Be => match std::str::from_utf8(bytes) {
                Ok(text) => {
                    out.push_str(text);
                    true
                }
                Err(_) => false,
            },
            Encoding::Gb18030 => {
                match GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                    Some(text) => {
                        out.push_str(&text);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Why a field could not be decoded, for a file read as `self`.
    fn mismatch(self) -> &'static str {
        match self {
            Encoding::Utf8 | Encoding::Undecided | Encoding::Utf16Le | Encoding::Utf16Be => {
                "this line is not valid UTF-8, though the file before it is: the file mixes \
                 encodings. Re-save the whole file as \"CSV UTF-8\""
            }
            Encoding::Utf8Bom => {
                "this line is not valid UTF-8, though the file starts with a UTF-8 byte-order \
                 mark: the file mixes encodings. Re-save the whole file as \"CSV UTF-8\""
            }
            Encoding::Gb18030 => {
                "this line is valid in neither UTF-8 nor GB18030 (GBK): the file is damaged or \
                 in another encoding. Re-save it as \"CSV UTF-8\""
            }
        }
    }
}

/// Decides the encoding from the start of the input. `complete` says whether `head` is the whole
/// input; when it is not, a multi-byte character cut off at its end does not count against UTF-8.
/// Returns the encoding and the length of the byte-order mark to skip.
fn detect(head: &[u8], complete: bool) -> (Encoding, usize) {
    if head.starts_with(UTF8_BOM) {
        return (Encoding::Utf8Bom, UTF8_BOM.len());
    }
    // Both UTF-16 marks are invalid in UTF-8 and GB18030, so no file in those starts with one.
    if head.starts_with(b"\xFF\xFE") {
        return (Encoding::Utf16Le, 2);
    }
    if head.starts_with(b"\xFE\xFF") {
        return (Encoding::Utf16Be, 2);
    }
    if head.is_ascii() {
        let encoding = if complete {
            Encoding::Utf8
        } else {
            Encoding::Undecided
        };
        return (encoding, 0);
    }
    let encoding = match std::str::from_utf8(head) {
        Ok(text) => utf8_or_gbk(text, head),
        Err(e) if !complete && e.error_len().is_none() => {
            let valid = head.get(..e.valid_up_to()).unwrap_or_default();
            match std::str::from_utf8(valid) {
                Ok(text) => utf8_or_gbk(text, valid),
                Err(_) => Encoding::Utf8,
            }
        }
        Err(_) => Encoding::Gb18030,
    };
    (encoding, 0)
}

/// Bytes that are valid UTF-8 may still be GBK: a GBK pair such as `C9 BD` (山) is also a
/// two-byte UTF-8 sequence (ɽ). Chinese in UTF-8 takes three bytes a character, so text whose
/// every non-ASCII character has a two-byte form, and which GB18030 decodes as well, is GBK.
fn utf8_or_gbk(text: &str, bytes: &[u8]) -> Encoding {
    let two_byte_only = text
        .chars()
        .filter(|c| !c.is_ascii())
        .all(|c| c.len_utf8() == 2);
    if two_byte_only
        && !text.is_ascii()
        && GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
    {
        Encoding::Gb18030
    } else {
        Encoding::Utf8
    }
}

/// Reads a CSV/TSV file, streaming: only the first [`DETECT_BYTES`] decide the encoding, and a later
/// line that is not valid in it is an error rather than a guess.
pub(super) fn read_file(
    path: &Path,
    format: Format,
    sink: &mut dyn super::Sink,
) -> Result<SourceInfo, InputError> {
    let io_error = |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = super::open_regular(path, None)?;
    // One byte more than is examined tells whether the examined part is the whole file.
    let mut head = Vec::with_capacity(DETECT_BYTES + 1);
    file.by_ref()
        .take(DETECT_BYTES as u64 + 1)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    let complete = head.len() <= DETECT_BYTES;
    let examined = head.get(..DETECT_BYTES).unwrap_or(&head);
    let (encoding, bom) = detect(examined, complete);
    let mut head = Cursor::new(head);
    head.set_position(bom as u64);
    match encoding.utf16() {
        Some(utf16) => parse(
            path,
            Transcoded::new(head.chain(file), utf16),
            format,
            encoding,
            sink,
        ),
        None => parse(path, head.chain(file), format, encoding, sink),
    }
}

/// Decides whether a text file is CSV or TSV from its first lines, whatever its name: Excel's
/// "Unicode text" is tab-separated and named `.txt`, and exports named `.csv` are sometimes
/// tab-separated too. Tabs outnumbering commas over the first lines make it TSV.
pub(super) fn sniff(path: &Path) -> Result<Format, InputError> {
    let mut head = Vec::with_capacity(DETECT_BYTES);
    super::open_regular(path, None)?
        .take(DETECT_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(sniff_bytes(&head))
}

/// [`sniff`] for text held in memory (its first [`DETECT_BYTES`] decide).
pub(super) fn sniff_bytes(bytes: &[u8]) -> Format {
    let head = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let (encoding, bom) = detect(head, head.len() == bytes.len());
    let rest = head.get(bom..).unwrap_or_default();
    let text = match encoding {
        Encoding::Utf16Le => encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0,
        Encoding::Utf16Be => encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0,
        Encoding::Gb18030 => GB18030.decode_without_bom_handling(rest).0,
        _ => String::from_utf8_lossy(rest),
    };
    let (mut tabs, mut commas) = (0usize, 0usize);
    for line in text.lines().take(super::SNIFF_LINES) {
        tabs += line.matches('\t').count();
        commas += line.matches(',').count();
    }
    if tabs > commas {
        Format::Tsv
    } else {
        Format::Csv
    }
}

/// A UTF-16 source as UTF-8, transcoded as it is read. A lone surrogate becomes U+FFFD, as
/// Excel itself shows it.
struct Transcoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: String,
    pos: usize,
    done: bool,
}

impl<R: Read> Transcoded<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Transcoded {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; BUFFER_BYTES],
            out: String::new(),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            let raw = self.raw.get(..n).unwrap_or_default();
            self.out.clear();
            self.pos = 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .unwrap_or(4 * BUFFER_BYTES);
            self.out.reserve(room);
            let _ = self.decoder.decode_to_string(raw, &mut self.out, self.done);
        }
        let rest = self.out.as_bytes().get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(rest.get(..n).unwrap_or_default());
        self.pos += n;
        Ok(n)
    }
}

/// Reads CSV/TSV text held in memory; all of it decides the encoding.
pub(super) fn read_bytes(
    name: &Path,
    bytes: &[u8],
    format: Format,
    sink: &mut dyn super::Sink,
) -> Result<SourceInfo, InputError> {
    let (encoding, bom) = detect(bytes, true);
    let rest = bytes.get(bom..).unwrap_or_default();
    match encoding.utf16() {
        Some(utf16) => parse(name, Transcoded::new(rest, utf16), format, encoding, sink),
        None => parse(name, rest, format, encoding, sink),
    }
}

/// How much one read asks of the source.
const READ_BYTES: usize = 256 * 1024;

/// The input as the parser sees it: the source, then [`SENTINEL`], in a window that always
/// holds the record being parsed whole (so at most [`MAX_RECORD_BYTES`] and a read more).
struct Window<R> {
    inner: R,
    /// The window's bytes are `buf[..end]`; the rest is room for the next read, zeroed once when
    /// the buffer grows and then reused as it is (zeroing 256 KiB before every read showed up in
    /// the profile).
    buf: Vec<u8>,
    end: usize,
    /// The source is read to its end and the sentinel is in the window.
    eof: bool,
}

impl<R: Read> Window<R> {
    fn new(inner: R) -> Self {
        Window {
            inner,
            buf: Vec::with_capacity(MAX_RECORD_BYTES as usize + 2 * READ_BYTES),
            end: 0,
            eof: false,
        }
    }

    /// The bytes in the window.
    fn bytes(&self) -> &[u8] {
        self.buf.get(..self.end).unwrap_or_default()
    }

    /// Drops the bytes before `keep` and reads more after the rest. Returns how far the kept
    /// bytes moved back, for the caller's indices into the window.
    fn refill(&mut self, keep: usize) -> io::Result<usize> {
        let keep = keep.min(self.end);
        self.buf.copy_within(keep..self.end, 0);
        self.end -= keep;
        let room = self.end + READ_BYTES.max(SENTINEL.len());
        if self.buf.len() < room {
            self.buf.resize(room, 0);
        }
        let read = loop {
            let into = self.buf.get_mut(self.end..room).unwrap_or_default();
            match self.inner.read(into) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = read?;
        if n == 0 {
            if let Some(tail) = self.buf.get_mut(self.end..self.end + SENTINEL.len()) {
                tail.copy_from_slice(SENTINEL);
            }
            self.end += SENTINEL.len();
            self.eof = true;
        } else {
            self.end += n.min(room - self.end);
        }
        Ok(keep)
    }
}

/// Line breaks in `bytes`: an LF, or a CR not followed by an LF (old Mac files end lines with CR
/// alone). `next` is the byte after them, which settles a CR at their end.
fn breaks_in(bytes: &[u8], next: Option<u8>) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| {
            bytes.get(i) == Some(&b'\n') || bytes.get(i + 1).copied().or(next) != Some(b'\n')
        })
        .count() as u64
}

/// Reads records and hands each non-blank one to `sink`, as its text and fields. A line without a quote (nearly
/// every line of a roster) is split at its delimiters where it lies in the window; a record with a
/// quote in it goes through `csv_core`, the csv crate's own parser, which unquotes its fields. Both
/// read records as the csv crate does (the tests compare them on every kind of input): CR, LF and
/// CRLF each end a record, blank lines are skipped, a quote opens a quoted field only at its start.
fn parse<R: Read>(
    path: &Path,
    input: R,
    format: Format,
    mut encoding: Encoding,
    sink: &mut dyn super::Sink,
) -> Result<SourceInfo, InputError> {
    let error = |line: u64, message: String| InputError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    };
    let read_error = |line: u64, e: io::Error| error(line, format!("cannot read the file: {e}"));
    let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
    let mut quoted = csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .quote(b'"')
        .double_quote(true)
        .terminator(csv_core::Terminator::CRLF)
        .build();
    let mut window = Window::new(input);
    // Where the next record is looked for, and the line breaks before it.
    let mut pos = 0usize;
    let mut breaks = 0u64;
    let mut cr_before = false;
    // A quoted record's fields, unquoted, and where each ends.
    let mut unquoted = vec![0u8; 4096];
    let mut unquoted_ends = vec![0usize; 64];
    let mut fields: Vec<(u32, u32)> = Vec::new();
    // The record's fields as ranges of its text, and the text when its fields had to be decoded
    // one by one.
    let mut text_fields: Vec<(u32, u32)> = Vec::new();
    let mut decoded = String::new();
    let mut cells_read: u64 = 0;
    loop {
        // Line ends and blank lines before the record, counted as lines.
        let start = loop {
            match window.bytes().get(pos) {
                Some(b'\n') => {
                    breaks += 1;
                    cr_before = false;
                }
                Some(b'\r') => {
                    breaks += u64::from(cr_before);
                    cr_before = true;
                }
                Some(_) => {
                    breaks += u64::from(std::mem::take(&mut cr_before));
                    break Some(pos);
                }
                None if window.eof => break None,
                None => {
                    pos -= window.refill(pos).map_err(|e| read_error(breaks + 1, e))?;
                    continue;
                }
            }
            pos += 1;
        };
        let Some(mut start) = start else { break };
        let line = breaks + 1;
        // The record: a line without a quote, or what csv_core reads from its start.
        let plain_end = loop {
            let rest = window.bytes().get(start..).unwrap_or_default();
            match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                Some(i) if rest.get(i) != Some(&b'"') => break Some(start + i),
                Some(_) => break None,
                None if window.eof => break Some(window.end),
                None if rest.len() as u64 > MAX_RECORD_BYTES => {
                    return Err(error(line, too_long_message()));
                }
                None => {
                    start -= window.refill(start).map_err(|e| read_error(line, e))?;
                }
            }
        };
        let (bytes, sentinel) = match plain_end {
            Some(end) => {
                pos = end;
                let bytes = window.bytes().get(start..end).unwrap_or_default();
                split(bytes, delimiter, &mut fields);
                (bytes, false)
            }
            None => {
                quoted.reset();
                let (mut at, mut out, mut ends) = (start, 0usize, 0usize);
                loop {
                    let (result, read, wrote, ended) = quoted.read_record(
                        window.bytes().get(at..).unwrap_or_default(),
                        unquoted.get_mut(out..).unwrap_or_default(),
                        unquoted_ends.get_mut(ends..).unwrap_or_default(),
                    );
                    at += read;
                    out += wrote;
                    ends += ended;
                    match result {
                        csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => {
                            break;
                        }
                        csv_core::ReadRecordResult::OutputFull => {
                            unquoted.resize(unquoted.len() * 2, 0);
                        }
                        csv_core::ReadRecordResult::OutputEndsFull => {
                            unquoted_ends.resize(unquoted_ends.len() * 2, 0);
                        }
                        // The sentinel ends every input with a line end, so csv_core always
                        // has one to end the record on; this is for the record that ends the
                        // input all the same.
                        csv_core::ReadRecordResult::InputEmpty if window.eof => {
                            let (_, _, wrote, ended) = quoted.read_record(
                                &[],
                                unquoted.get_mut(out..).unwrap_or_default(),
                                unquoted_ends.get_mut(ends..).unwrap_or_default(),
                            );
                            out += wrote;
                            ends += ended;
                            break;
                        }
                        csv_core::ReadRecordResult::InputEmpty => {
                            if (at - start) as u64 > MAX_RECORD_BYTES {
                                return Err(error(line, too_long_message()));
                            }
                            let moved = window.refill(start).map_err(|e| read_error(line, e))?;
                            start -= moved;
                            at -= moved;
                        }
                    }
                }
                // The line end that ended the record is counted with the next record's.
                let content_end = match window.bytes().get(at.wrapping_sub(1)) {
                    Some(b'\n' | b'\r') if at > start => at - 1,
                    _ => at,
                };
                let raw = window.bytes().get(start..content_end).unwrap_or_default();
                breaks += breaks_in(raw, window.bytes().get(content_end).copied());
                pos = content_end;
                let sentinel = window.eof && at == window.end;
                fields.clear();
                let mut from = 0;
                for &end in unquoted_ends.get(..ends).unwrap_or_default() {
                    let end = u32::try_from(end).unwrap_or(u32::MAX);
                    fields.push((from, end));
                    from = end;
                }
                (unquoted.get(..out).unwrap_or_default(), sentinel)
            }
        };
        if sentinel {
            // The record that ends the input: the sentinel's own, or a quoted field that
            // swallowed it because its quote is never closed.
            if fields.len() == 1 && bytes == SENTINEL_FIELD {
                break;
            }
            if bytes.ends_with(OPEN_QUOTE_TAIL) {
                return Err(error(
                    line,
                    "the record starting on this line opens a quote (\") that is never closed, \
                     so everything after it would be read as one cell"
                        .to_string(),
                ));
            }
        }
        if (pos - start) as u64 > MAX_RECORD_BYTES {
            return Err(error(line, too_long_message()));
        }
        let number = u32::try_from(line)
            .map_err(|_| error(line, "the file has too many lines".to_string()))?;
        if encoding == Encoding::Undecided && !bytes.is_ascii() {
            encoding = match std::str::from_utf8(bytes) {
                Ok(text) => utf8_or_gbk(text, bytes),
                Err(_) => Encoding::Gb18030,
            };
        }
        if fields.len() > super::MAX_CSV_FIELDS {
            return Err(error(
                line,
                format!(
                    "this line has {} fields; a roster has at most {} columns (Excel's limit)",
                    fields.len(),
                    super::MAX_CSV_FIELDS
                ),
            ));
        }
        cells_read = cells_read.saturating_add(fields.len() as u64);
        if cells_read > super::MAX_CELLS {
            return Err(error(
                line,
                format!(
                    "the file has more than {} cells, more than any roster; xibu stops here",
                    super::MAX_CELLS
                ),
            ));
        }
        let plain = plain_end.is_some();
        let Some(text) = record_text(
            encoding,
            bytes,
            plain,
            &mut fields,
            &mut decoded,
            &mut text_fields,
        ) else {
            return Err(error(line, encoding.mismatch().to_string()));
        };
        let record = super::TextRow {
            number,
            text,
            fields: &text_fields,
        };
        if (0..text_fields.len()).all(|col| record.get(col).is_blank()) {
            continue;
        }
        if sink.text(record).is_break() {
            break;
        }
    }
    Ok(info(format, encoding))
}

/// The fields of a line without a quote, as ranges of it, found eight bytes at a time: a field is
/// a few bytes, too short for a `memchr` call a field to pay (it was 9% of a clean check). A line
/// is at most the reading window (a few MiB), so its offsets fit a `u32`; the records' fields are
/// kept as such.
fn split(line: &[u8], delimiter: u8, fields: &mut Vec<(u32, u32)>) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
    let pattern = ONES * u64::from(delimiter);
    fields.clear();
    let Ok(len) = u32::try_from(line.len()) else {
        // Longer than any window: never so (and refused as too long right after).
        fields.push((0, u32::MAX));
        return;
    };
    let mut from = 0;
    let mut chunks = line.chunks_exact(8);
    let mut base = 0u32;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        // A byte equal to the delimiter is a zero byte of `x`; each zero byte, and only they,
        // gets its top bit set in `found` (no carry crosses from one byte into the next).
        let x = u64::from_le_bytes(word) ^ pattern;
        let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
        while found != 0 {
            let at = base + found.trailing_zeros() / 8;
            fields.push((from, at));
            from = at + 1;
            found &= found - 1;
        }
        base += 8;
    }
    for (at, &b) in (base..).zip(chunks.remainder()) {
        if b == delimiter {
            fields.push((from, at));
            from = at + 1;
        }
    }
    fields.push((from, len));
}

/// What a text source is, once read.
fn info(format: Format, encoding: Encoding) -> SourceInfo {
    SourceInfo {
        format,
        sheet: None,
        encoding: Some(encoding.name()),
        sheets: Vec::new(),
        hidden_rows: Vec::new(),
    }
}

/// A record's text, and its fields as ranges of it in `out`, each cut as the readers cut a cell
/// ([`super::kept_len`]). `plain` says that `bytes` is the record's line, split at its
/// delimiters, rather than its quoted fields unquoted one after another. A UTF-8 record is validated once, whole (with SIMD: a roster's text is
/// mostly Chinese, where the standard library's check goes byte by byte), and is its own text; a
/// record that is not valid whole, or is GB18030, has each field decoded on its own into
/// `decoded`. None when a field is not valid in `encoding`.
fn record_text<'a>(
    encoding: Encoding,
    bytes: &'a [u8],
    plain: bool,
    fields: &mut Vec<(u32, u32)>,
    decoded: &'a mut String,
    out: &mut Vec<(u32, u32)>,
) -> Option<&'a str> {
    let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let range = |(from, to): (u32, u32)| from as usize..to as usize;
    out.clear();
    let whole = match encoding {
        Encoding::Gb18030 => None,
        _ => simdutf8::basic::from_utf8(bytes).ok(),
    };
    if let Some(text) = whole
        && text.len() <= super::KEPT_BYTES
        && plain
    {
        // Nearly every record: fields split at an ASCII delimiter of valid text start and end
        // between characters, and none is longer than a cell is kept. They are the ranges.
        std::mem::swap(fields, out);
        return Some(text);
    }
    // A field of a quoted record cut inside a character (valid only joined to the next) is not
    // a slice of the whole.
    if let Some(text) = whole
        && fields.iter().all(|&f| text.get(range(f)).is_some())
    {
        for &(from, to) in fields.iter() {
            let field = text.get(range((from, to))).unwrap_or_default();
            out.push((from, at(from as usize + super::kept_len(field))));
        }
        return Some(text);
    }
    decoded.clear();
    for &f in fields.iter() {
        let start = decoded.len();
        if !encoding.decode_into(bytes.get(range(f)).unwrap_or_default(), decoded) {
            return None;
        }
        let field = decoded.get(start..).unwrap_or_default();
        out.push((at(start), at(start + super::kept_len(field))));
    }
    Some(decoded)
}

fn too_long_message() -> String {
    format!(
        "a record starting on or after this line is longer than {} MiB; this is not a CSV roster, \
         or a quote (\") in it is never closed",
        MAX_RECORD_BYTES / (1024 * 1024)
    )
}
#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Cell, Row, Visit, as_sink};

    /// [`read_bytes`] into rows.
    fn read_bytes_rows(
        name: &Path,
        bytes: &[u8],
        format: Format,
        visit: Visit<'_>,
    ) -> Result<SourceInfo, InputError> {
        as_sink(visit, |sink| read_bytes(name, bytes, format, sink))
    }

    /// [`read_file`] into rows.
    fn read_file_rows(
        path: &Path,
        format: Format,
        visit: Visit<'_>,
    ) -> Result<SourceInfo, InputError> {
        as_sink(visit, |sink| read_file(path, format, sink))
    }
    use std::io::Write;
    use std::ops::ControlFlow;
    use std::path::PathBuf;

    fn rows_of(bytes: &[u8], format: Format) -> (Vec<Row>, SourceInfo) {
        let mut rows = Vec::new();
        let info = read_bytes_rows(Path::new("t.csv"), bytes, format, &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })
        .unwrap();
        (rows, info)
    }

    fn file_rows(bytes: &[u8], format: Format) -> Result<(Vec<Row>, SourceInfo), InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        let mut rows = Vec::new();
        let info = read_file_rows(&path, format, &mut |row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        })?;
        Ok((rows, info))
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn numbers(rows: &[Row]) -> Vec<u32> {
        rows.iter().map(|r| r.number).collect()
    }

    const ROSTER: &str = "姓名,省份,人数\n张三,新疆, 3 \n李四,西藏,\n";

    fn expected_roster() -> Vec<Row> {
        vec![
            Row {
                number: 1,
                cells: vec![text("姓名"), text("省份"), text("人数")],
            },
            Row {
                number: 2,
                cells: vec![text("张三"), text("新疆"), text(" 3 ")],
            },
            Row {
                number: 3,
                cells: vec![text("李四"), text("西藏"), Cell::Empty],
            },
        ]
    }

    #[test]
    fn utf8_bom_and_gbk_read_alike() {
        let utf8 = ROSTER.as_bytes().to_vec();
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(ROSTER.as_bytes());
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(ROSTER);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&gbk).is_err());

        for (bytes, name) in [
            (&utf8[..], "UTF-8"),
            (&bom[..], "UTF-8 with BOM"),
            (&gbk[..], "GB18030"),
        ] {
            let (rows, info) = rows_of(bytes, Format::Csv);
            assert_eq!(rows, expected_roster(), "{name}");
            assert_eq!(info.encoding, Some(name));
            assert_eq!(info.format, Format::Csv);
            assert_eq!(info.sheet, None);
            let (rows, info) = file_rows(bytes, Format::Csv).unwrap();
            assert_eq!(rows, expected_roster(), "{name} from a file");
            assert_eq!(info.encoding, Some(name));
        }
    }

    #[test]
    fn quoted_newlines_and_blank_lines_keep_line_numbers() {
        let input = "a,\"two\nlines\"\n\n  ,\u{3000}, \n,,\n\"x\"\"y\",z\r\n\r\nlast";
        let (rows, _) = rows_of(input.as_bytes(), Format::Csv);
        assert_eq!(numbers(&rows), vec![1, 6, 8]);
        assert_eq!(rows[0].cells, vec![text("a"), text("two\nlines")]);
        assert_eq!(rows[1].cells, vec![text("x\"y"), text("z")]);
        assert_eq!(rows[2].cells, vec![text("last")]);
    }

    #[test]
    fn line_numbers_follow_each_line_ending() {
        let (rows, _) = rows_of(b"\n\na\r\n\r\nb\rc\n\"x\r\n\"\nd", Format::Csv);
        assert_eq!(numbers(&rows), vec![3, 5, 6, 7, 9]);
        // CR only (old Mac exports), and a mix with a lone CR next to a CRLF.
        let (rows, _) = rows_of(b"h\ra\r\rb\r", Format::Csv);
        assert_eq!(numbers(&rows), vec![1, 2, 4]);
        let (rows, _) = rows_of(b"h\r\r\na\n\rb\r\n\"q\rq\"\rc", Format::Csv);
        assert_eq!(numbers(&rows), vec![1, 3, 5, 6, 8]);
        // A CR inside a quoted field is the cell's own, kept as it is.
        assert_eq!(rows[3].cells, vec![text("q\rq")]);
    }

    #[test]
    fn a_cr_at_any_read_boundary_counts_once() {
        for pad in DETECT_BYTES - 3..DETECT_BYTES + 3 {
            for ending in [&b"\r"[..], b"\r\n"] {
                let mut bytes = vec![b'x'; pad];
                bytes.extend_from_slice(ending);
                bytes.extend_from_slice(b"b\r\rc\r\n");
                let (rows, _) = file_rows(&bytes, Format::Csv).unwrap();
                assert_eq!(numbers(&rows), vec![1, 2, 4], "pad {pad}, {ending:?}");
                assert_eq!(rows[2].cells, vec![text("c")]);
            }
        }
    }

    #[test]
    fn tsv_and_ragged_rows() {
        let (rows, info) = rows_of(
            "姓名\t省份\n张三\n李四\t西藏\t多余,字段\n".as_bytes(),
            Format::Tsv,
        );
        assert_eq!(info.format, Format::Tsv);
        assert_eq!(rows[0].cells, vec![text("姓名"), text("省份")]);
        assert_eq!(rows[1].cells, vec![text("张三")]);
        assert_eq!(
            rows[2].cells,
            vec![text("李四"), text("西藏"), text("多余,字段")]
        );
        assert_eq!(rows[1].get(1), &Cell::Empty);
    }

    #[test]
    fn empty_input_has_no_rows() {
        assert!(rows_of(b"", Format::Csv).0.is_empty());
        assert!(rows_of(b"\n\r\n", Format::Csv).0.is_empty());
        assert!(file_rows(b"", Format::Csv).unwrap().0.is_empty());
    }

    #[test]
    fn break_stops_reading() {
        let mut seen = Vec::new();
        read_bytes_rows(Path::new("t.csv"), b"1\n2\n3\n", Format::Csv, &mut |row| {
            seen.push(row.number);
            if row.number == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
        assert_eq!(seen, vec![1, 2]);
    }

    #[test]
    fn invalid_utf8_after_the_detected_prefix_names_its_line() {
        let mut bytes = "姓名,省份\n".as_bytes().to_vec();
        let mut lines = 1;
        while bytes.len() <= DETECT_BYTES {
            bytes.extend_from_slice("张三,新疆\n".as_bytes());
            lines += 1;
        }
        let (gbk, _, _) = encoding_rs::GBK.encode("李四,西藏\n");
        bytes.extend_from_slice(&gbk);
        match file_rows(&bytes, Format::Csv) {
            Err(InputError::Csv { line, message, .. }) => {
                assert_eq!(line, lines + 1);
                assert!(message.contains("mixes encodings"), "{message}");
            }
            other => panic!("expected a CSV error, got {other:?}"),
        }
    }

    #[test]
    fn a_character_cut_by_the_detection_window_is_still_utf8() {
        let mut bytes = vec![b'x'; DETECT_BYTES - 1];
        bytes.extend_from_slice("中,文\n".as_bytes());
        let (rows, info) = file_rows(&bytes, Format::Csv).unwrap();
        assert_eq!(info.encoding, Some("UTF-8"));
        assert_eq!(rows[0].cells[1], text("文"));
    }

    #[test]
    fn gbk_after_a_long_ascii_start_is_detected_late() {
        let mut bytes = Vec::new();
        while bytes.len() <= DETECT_BYTES {
            bytes.extend_from_slice(b"12345,abcde\n");
        }
        let (gbk, _, _) = encoding_rs::GBK.encode("张三,新疆\n李四,西藏\n");
        bytes.extend_from_slice(&gbk);
        let (rows, info) = file_rows(&bytes, Format::Csv).unwrap();
        assert_eq!(info.encoding, Some("GB18030"));
        let last = rows.last().unwrap();
        assert_eq!(last.cells, vec![text("李四"), text("西藏")]);
    }

    #[test]
    fn a_character_split_by_a_comma_is_an_error_though_the_fields_joined_are_utf8() {
        // 中 is E4 B8 AD: the record's fields joined are valid UTF-8, neither field is.
        let mut gbk_free = "序号,姓名\n1,张三\n".as_bytes().to_vec();
        gbk_free.extend_from_slice(b"2,a\xE4,\xB8\xADb\n");
        match read_bytes_rows(Path::new("t.csv"), &gbk_free, Format::Csv, &mut |_| {
            ControlFlow::Continue(())
        }) {
            Err(InputError::Csv { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected a CSV error, got {other:?}"),
        }
        // The same character whole in one field reads.
        let (rows, _) = rows_of("序号,姓名\n1,张三\n2,a中b\n".as_bytes(), Format::Csv);
        assert_eq!(rows[2].cells, vec![text("2"), text("a中b")]);
    }

    #[test]
    fn undecodable_bytes_are_an_error_not_replacement_characters() {
        match read_bytes_rows(
            Path::new("t.csv"),
            b"a\nb\xFF\xFF\n",
            Format::Csv,
            &mut |_| ControlFlow::Continue(()),
        ) {
            Err(InputError::Csv { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a CSV error, got {other:?}"),
        }
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        for input in [&b"a,b\n\"c,d\ne,f\n"[..], b"a,\"b", b"\"a\"\"\n"] {
            match read_bytes_rows(Path::new("t.csv"), input, Format::Csv, &mut |_| {
                ControlFlow::Continue(())
            }) {
                Err(InputError::Csv { message, .. }) => {
                    assert!(message.contains("never closed"), "{message}")
                }
                other => panic!("expected a CSV error for {input:?}, got {other:?}"),
            }
        }
        // A closed quote at the very end is fine.
        let (rows, _) = rows_of(b"a,\"b\"", Format::Csv);
        assert_eq!(rows[0].cells, vec![text("a"), text("b")]);
    }

    #[test]
    fn an_overlong_record_is_refused() {
        let mut bytes = b"a,b\n".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 3 * MAX_RECORD_BYTES as usize));
        bytes.extend_from_slice(b"\nc\n");
        let mut seen = 0;
        let dir = tempfile::tempdir().unwrap();
        let path: PathBuf = dir.path().join("long.csv");
        std::fs::write(&path, &bytes).unwrap();
        match read_file_rows(&path, Format::Csv, &mut |_| {
            seen += 1;
            ControlFlow::Continue(())
        }) {
            Err(InputError::Csv { line, message, .. }) => {
                assert_eq!(line, 2);
                assert!(message.contains("longer than 1 MiB"), "{message}");
            }
            other => panic!("expected a CSV error, got {other:?}"),
        }
        assert_eq!(seen, 1);
        // Just over the limit, where the reader never runs past it, is refused too.
        let mut bytes = vec![b'x'; MAX_RECORD_BYTES as usize + 10];
        bytes.push(b'\n');
        assert!(matches!(
            file_rows(&bytes, Format::Csv),
            Err(InputError::Csv { line: 1, .. })
        ));
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
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

    #[test]
    fn utf16_with_a_bom_reads_like_utf8() {
        for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let bytes = utf16(ROSTER, big_endian);
            let (rows, info) = rows_of(&bytes, Format::Csv);
            assert_eq!(rows, expected_roster(), "{name}");
            assert_eq!(info.encoding, Some(name));
            let (rows, info) = file_rows(&bytes, Format::Csv).unwrap();
            assert_eq!(rows, expected_roster(), "{name} from a file");
            assert_eq!(info.encoding, Some(name));
        }
        // Without a byte-order mark, UTF-16 is not recognised: its zero bytes are no text in any
        // encoding read here, and that is said rather than guessed.
        let bare = utf16(ROSTER, false);
        assert!(
            read_bytes_rows(Path::new("t.csv"), &bare[2..], Format::Csv, &mut |_| {
                ControlFlow::Continue(())
            })
            .is_err()
        );
    }

    #[test]
    fn utf16_characters_cut_by_the_read_buffer_stay_whole() {
        // Surrogate pairs (𠀀, outside the BMP) and odd byte counts straddle every buffer
        // boundary of the transcoder.
        let mut text = String::from("姓名\t备注\n");
        let mut lines = 1;
        while text.len() < 3 * BUFFER_BYTES {
            text.push_str("张𠀀三\t𠀀x\n");
            lines += 1;
        }
        text.push_str("末\t尾\n");
        let (rows, info) = file_rows(&utf16(&text, false), Format::Tsv).unwrap();
        assert_eq!(info.encoding, Some("UTF-16LE"));
        assert_eq!(rows.len(), lines + 1);
        assert!(
            rows[1..lines]
                .iter()
                .all(|r| r.cells == vec![text_cell("张𠀀三"), text_cell("𠀀x")])
        );
        let last = rows.last().unwrap();
        assert_eq!(last.number as usize, lines + 1);
        assert_eq!(last.cells, vec![text_cell("末"), text_cell("尾")]);
    }

    fn text_cell(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn tabs_or_commas_are_told_by_content() {
        assert_eq!(sniff_bytes(b"a\tb\tc\n1\t2,5\t3\n"), Format::Tsv);
        assert_eq!(sniff_bytes(b"a,b,c\n1,\"x\ty\",3\n"), Format::Csv);
        // A title line without separators, then the header.
        assert_eq!(sniff_bytes("花名册\n姓名\t学历\n".as_bytes()), Format::Tsv);
        assert_eq!(
            sniff_bytes(&utf16("姓名\t学历\n张三\t本科\n", false)),
            Format::Tsv
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名\t学历,专业\n张三\t本科\n");
        assert_eq!(sniff_bytes(&gbk), Format::Tsv);
        // Nothing to go by: CSV.
        assert_eq!(sniff_bytes(b""), Format::Csv);
        assert_eq!(sniff_bytes(b"a\n"), Format::Csv);
    }

    #[test]
    fn a_missing_file_is_named_missing() {
        let err = read_file_rows(Path::new("/nonexistent/x.csv"), Format::Csv, &mut |_| {
            ControlFlow::Continue(())
        })
        .unwrap_err();
        assert!(matches!(err, InputError::NotFound { .. }));
    }

    /// A source that hands out at most `step` bytes a read, so that every record, line end and
    /// quote falls across the window's refills somewhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (now, rest) = self.bytes.split_at(n);
            buf[..n].copy_from_slice(now);
            self.bytes = rest;
            Ok(n)
        }
    }

    type Parsed = Result<(Vec<Row>, SourceInfo), (u64, String)>;

    fn parsed_by(reference: bool, bytes: &[u8], format: Format, step: usize) -> Parsed {
        let mut rows = Vec::new();
        let mut visit = |row: &mut Row| {
            rows.push(row.clone());
            ControlFlow::Continue(())
        };
        let input = Trickle { bytes, step };
        let (encoding, _) = detect(bytes, true);
        let path = Path::new("t.csv");
        let info = if reference {
            reference::parse(path, input, format, encoding, &mut visit)
        } else {
            as_sink(&mut visit, |sink| {
                parse(path, input, format, encoding, sink)
            })
        };
        match info {
            Ok(info) => Ok((rows, info)),
            Err(InputError::Csv { line, message, .. }) => Err((line, message)),
            Err(other) => Err((0, other.to_string())),
        }
    }

    /// Both readers agree: the same rows, cells and line numbers, or an error on the same line
    /// (a character cut by a delimiter may be told as not UTF-8 by one and not GB18030 by the
    /// other: the csv crate's reader judged the record's fields joined, xibu's the line).
    fn same_as_the_csv_crate(bytes: &[u8], format: Format, step: usize) {
        let ours = parsed_by(false, bytes, format, step);
        let theirs = parsed_by(true, bytes, format, usize::MAX);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{:?}", String::from_utf8_lossy(bytes)),
            (Err((a, _)), Err((b, _))) => {
                assert_eq!(a, b, "error lines for {:?}", String::from_utf8_lossy(bytes))
            }
            _ => panic!(
                "{:?}: xibu {ours:?}, the csv crate {theirs:?}",
                String::from_utf8_lossy(bytes)
            ),
        }
    }

    #[test]
    fn reads_as_the_csv_crate_does() {
        let cases: [&[u8]; 12] = [
            b"a,b\nc,d\n",
            b"a,\"b\nc\",d\r\ne\r\rf\n\n\"g\"\"h\"x,y",
            b"a\"b,c\"\n\"\",\"\"\"\"\n",
            b"\"a\"b\"c,d\r\n,,\n\r\n\",\"",
            b"\r\n\r\n\ra,b\r",
            b"x,\"y\r\n\"\r\nz",
            b"a,\"b",
            b"\"\n\n\"\n",
            "姓名,省份\n张三,\"新疆\n和田\"\n".as_bytes(),
            b"a\t\"b\tc\"\td\n",
            b"\xFF\"\n",
            b"a\n\xFF\"",
        ];
        for case in cases {
            for step in [1, 2, 3, 7, 64, usize::MAX] {
                for format in [Format::Csv, Format::Tsv] {
                    same_as_the_csv_crate(case, format, step);
                }
            }
        }
    }

    /// Pieces that make every kind of record: quotes where they open a field and where they do
    /// not, every line end, blank lines, both delimiters, Chinese, bytes of characters cut apart.
    const PIECES: [&[u8]; 14] = [
        b"a",
        b"12",
        "中".as_bytes(),
        b",",
        b"\t",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r",
        b"\r\n",
        b" ",
        b"\xE4\xB8",
        b"\xAD",
        b"\xC9\xBD",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn any_text_reads_as_the_csv_crate_reads_it(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60),
            step in 1usize..9,
            tsv in proptest::bool::ANY,
        ) {
            let bytes: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
            let format = if tsv { Format::Tsv } else { Format::Csv };
            same_as_the_csv_crate(&bytes, format, step);
        }
    }
}
