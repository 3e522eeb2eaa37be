//! The CSV reader xibu shipped before its own (issue 15): the csv crate's `Reader` over the input
//! followed by [`SENTINEL`], with line numbers counted by a reader in between. Kept for the tests
//! alone, as the reference the reader of `csv.rs` is compared with on every kind of input
//! (`csv.rs`'s `reads_as_the_csv_crate_does`).

use std::io::{self, Read};
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder};

use super::{
    BUFFER_BYTES, Encoding, MAX_RECORD_BYTES, OPEN_QUOTE_TAIL, SENTINEL, SENTINEL_FIELD, info,
    too_long_message, utf8_or_gbk,
};
use crate::input::{Cell, Format, InputError, Row, SourceInfo};

/// The input as the csv reader sees it: the source, then [`SENTINEL`]. It fails the read once a
/// record has certainly outgrown [`MAX_RECORD_BYTES`], and keeps the latest bytes it handed out so
/// that the byte ending a record can be looked at.
struct Guarded<R> {
    inner: R,
    inner_done: bool,
    sentinel_sent: usize,
    /// Bytes handed out so far.
    delivered: u64,
    /// Where the record being parsed starts, as an offset into what was handed out.
    record_start: u64,
    too_long: bool,
    last_chunk: Vec<u8>,
    last_chunk_start: u64,
    byte_before_last_chunk: Option<u8>,
    /// Line breaks among the bytes handed out before the latest chunk: an LF, or a CR not
    /// followed by an LF (old Mac files end lines with CR alone; the csv reader ends records
    /// there but counts only LFs).
    breaks_before_chunk: u64,
    /// Where the breaks of the latest chunk are (a CR ending the chunk before counts here, once
    /// the chunk's first byte settles it).
    chunk_breaks: Vec<u64>,
    /// The last byte handed out is a CR, which is a break unless an LF follows.
    pending_cr: bool,
}

impl<R: Read> Guarded<R> {
    fn new(inner: R) -> Self {
        Guarded {
            inner,
            inner_done: false,
            sentinel_sent: 0,
            delivered: 0,
            record_start: 0,
            too_long: false,
            last_chunk: Vec::with_capacity(BUFFER_BYTES),
            last_chunk_start: 0,
            byte_before_last_chunk: None,
            breaks_before_chunk: 0,
            chunk_breaks: Vec::new(),
            pending_cr: false,
        }
    }

    /// The byte at `offset`, if it is among the latest handed out. The csv reader refills its
    /// buffer only once it has consumed all of it, so the last byte it consumed always is.
    fn byte_at(&self, offset: u64) -> Option<u8> {
        if offset.checked_add(1) == Some(self.last_chunk_start) {
            return self.byte_before_last_chunk;
        }
        let index = usize::try_from(offset.checked_sub(self.last_chunk_start)?).ok()?;
        self.last_chunk.get(index).copied()
    }

    /// Line breaks before `offset`, which must be at or after the byte before the latest chunk
    /// handed out (as every offset asked about is: see [`Guarded::byte_at`]).
    fn breaks_before(&self, offset: u64) -> u64 {
        self.breaks_before_chunk + self.chunk_breaks.partition_point(|&o| o < offset) as u64
    }

    /// True once the reader has consumed every byte, sentinel included, up to `consumed`.
    fn all_consumed(&self, consumed: u64) -> bool {
        self.sentinel_sent == SENTINEL.len() && consumed == self.delivered
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.delivered.saturating_sub(self.record_start) > MAX_RECORD_BYTES + BUFFER_BYTES as u64
        {
            self.too_long = true;
            return Err(io::Error::other("record too long"));
        }
        let mut n = 0;
        if !self.inner_done {
            n = self.inner.read(buf)?;
            self.inner_done = n == 0;
        }
        if self.inner_done {
            let rest = SENTINEL.get(self.sentinel_sent..).unwrap_or_default();
            for (to, from) in buf.iter_mut().zip(rest) {
                *to = *from;
                n += 1;
            }
            self.sentinel_sent += n;
        }
        if n > 0 {
            self.breaks_before_chunk += self.chunk_breaks.len() as u64;
            self.chunk_breaks.clear();
            let chunk = buf.get(..n).unwrap_or_default();
            // A CR that ended the chunk before is a break unless this chunk starts with an LF.
            if std::mem::take(&mut self.pending_cr) && chunk.first() != Some(&b'\n') {
                self.chunk_breaks.push(self.delivered - 1);
            }
            for i in memchr::memchr2_iter(b'\n', b'\r', chunk) {
                let at = self.delivered + i as u64;
                if chunk.get(i) == Some(&b'\n') {
                    self.chunk_breaks.push(at);
                    continue;
                }
                match chunk.get(i + 1) {
                    // CRLF: the LF is the break.
                    Some(b'\n') => {}
                    Some(_) => self.chunk_breaks.push(at),
                    // A CR at the chunk's end: the next chunk settles it.
                    None => self.pending_cr = true,
                }
            }
        }
        if n > 0 {
            self.byte_before_last_chunk = self.last_chunk.last().copied();
            self.last_chunk.clear();
            self.last_chunk
                .extend_from_slice(buf.get(..n).unwrap_or_default());
            self.last_chunk_start = self.delivered;
            self.delivered += n as u64;
        }
        Ok(n)
    }
}

pub(super) fn parse<R: Read>(
    path: &Path,
    input: R,
    format: Format,
    mut encoding: Encoding,
    visit: crate::input::Visit<'_>,
) -> Result<SourceInfo, InputError> {
    let error = |line: u64, message: String| InputError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(Guarded::new(input));
    let mut record = ByteRecord::new();
    let mut row = Row {
        number: 0,
        cells: Vec::new(),
    };
    let mut cells_read: u64 = 0;
    loop {
        let line_before = 1 + reader.get_ref().breaks_before(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let message = if reader.get_ref().too_long {
                    too_long_message()
                } else {
                    match e.kind() {
                        csv::ErrorKind::Io(io) => format!("cannot read the file: {io}"),
                        _ => e.to_string(),
                    }
                };
                return Err(error(line_before, message));
            }
        }
        let end = reader.position().clone();
        let start_byte = record.position().map_or(0, |p| p.byte());
        reader.get_mut().record_start = end.byte();

        if reader.get_ref().all_consumed(end.byte()) {
            if record.len() == 1 && record.get(0) == Some(SENTINEL_FIELD) {
                break;
            }
            if record
                .iter()
                .next_back()
                .is_some_and(|f| f.ends_with(OPEN_QUOTE_TAIL))
            {
                return Err(error(
                    start_line(&record, &end, reader.get_ref()),
                    "the record starting on this line opens a quote (\") that is never closed, \
                     so everything after it would be read as one cell"
                        .to_string(),
                ));
            }
        }
        let line = start_line(&record, &end, reader.get_ref());
        if end.byte().saturating_sub(start_byte) > MAX_RECORD_BYTES {
            return Err(error(line, too_long_message()));
        }
        let number = u32::try_from(line)
            .map_err(|_| error(line, "the file has too many lines".to_string()))?;

        if encoding == Encoding::Undecided && !record.as_slice().is_ascii() {
            encoding = match std::str::from_utf8(record.as_slice()) {
                Ok(text) => utf8_or_gbk(text, record.as_slice()),
                Err(_) => Encoding::Gb18030,
            };
        }
        if record.len() > crate::input::MAX_CSV_FIELDS {
            return Err(error(
                line,
                format!(
                    "this line has {} fields; a roster has at most {} columns (Excel's limit)",
                    record.len(),
                    crate::input::MAX_CSV_FIELDS
                ),
            ));
        }
        cells_read = cells_read.saturating_add(record.len() as u64);
        if cells_read > crate::input::MAX_CELLS {
            return Err(error(
                line,
                format!(
                    "the file has more than {} cells, more than any roster; xibu stops here",
                    crate::input::MAX_CELLS
                ),
            ));
        }
        // One row is refilled for every record, its strings reused, so that reading allocates
        // only when a field outgrows the one before it in its column.
        row.number = number;
        row.cells.truncate(record.len());
        // A UTF-8 record is validated once, whole (with SIMD: a roster's text is mostly
        // Chinese, where the standard library's check goes byte by byte), and its fields are
        // slices of it: one pass instead of one call per field. A field cut inside a character (valid only joined to
        // the next) has no slice, and is decoded, and refused, on its own.
        let whole = match encoding {
            Encoding::Gb18030 => None,
            _ => simdutf8::basic::from_utf8(record.as_slice()).ok(),
        };
        for (i, field) in record.iter().enumerate() {
            if i >= row.cells.len() {
                row.cells.push(Cell::Empty);
            }
            let Some(cell) = row.cells.get_mut(i) else {
                break;
            };
            if field.is_empty() {
                *cell = Cell::Empty;
                continue;
            }
            if !matches!(cell, Cell::Text(_)) {
                *cell = Cell::Text(String::new());
            }
            if let Cell::Text(text) = cell {
                text.clear();
                match whole.zip(record.range(i)).and_then(|(w, r)| w.get(r)) {
                    Some(slice) => text.push_str(slice),
                    None if encoding.decode_into(field, text) => {}
                    None => return Err(error(line, encoding.mismatch().to_string())),
                }
                crate::input::cap_in_place(text);
            }
        }
        if row.cells.iter().all(Cell::is_blank) {
            continue;
        }
        if visit(&mut row).is_break() {
            break;
        }
    }
    Ok(info(format, encoding))
}

/// The line on which `record` starts: one more than the line breaks before its end, less its
/// terminator and the breaks inside its quoted fields. Lines end at LF, CRLF or a lone CR alike,
/// as a text editor counts them (the csv reader counts LFs only, so a CR-only file would be one
/// line to it).
fn start_line<R: Read>(record: &ByteRecord, end: &csv::Position, input: &Guarded<R>) -> u64 {
    // Nearly every record has no break inside its fields.
    let inner: u64 = if memchr::memchr2(b'\n', b'\r', record.as_slice()).is_none() {
        0
    } else {
        record
            .iter()
            .map(|field| {
                let lone_cr = field
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| b == b'\r' && field.get(i + 1) != Some(&b'\n'))
                    .count();
                (field.iter().filter(|&&b| b == b'\n').count() + lone_cr) as u64
            })
            .sum()
    };
    // The last byte consumed is the record's terminator, when it has one (the LF of a CRLF may
    // be still unread: then the CR is the last byte, and the break it ends is not yet counted).
    let last = end.byte().checked_sub(1);
    let content_end = match last.and_then(|l| input.byte_at(l)) {
        Some(b'\n' | b'\r') => last.unwrap_or(0),
        _ => end.byte(),
    };
    (1 + input.breaks_before(content_end))
        .saturating_sub(inner)
        .max(1)
}
