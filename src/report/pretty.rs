//! Pretty-printed JSON written a part at a time, byte for byte as `serde_json::to_writer_pretty`
//! would write the whole document, so that a long array (a findings-heavy report's findings) can
//! be rendered in blocks on two threads and written in order.
//!
//! serde_json's pretty printer indents each line by two spaces per level of nesting: a value
//! rendered on its own by the same layout started at its level ([`Nested`]) is what the printer
//! writes there.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel};

use serde::Serialize;

/// What a block's items weigh at most ([`block_ends`]): 2,048 findings, or fewer listing as many
/// rows as 2,048 findings' worth of text (a row is about 14 bytes of the report, a finding about
/// 450): enough that a block is worth a hand-over between threads.
const BLOCK_WEIGHT: usize = 2048 * ITEM_WEIGHT;
/// What an item weighs, besides the rows it lists.
const ITEM_WEIGHT: usize = 32;
/// Pieces the helper thread may render ahead of the writer.
const AHEAD: usize = 8;
/// A block's text is passed on (written, or sent to the writing thread) in pieces of about this
/// size: one finding may list a million rows, and a block may hold every group finding.
const PIECE: usize = 256 << 10;

/// A JSON object written one member at a time at the top level of a document.
pub struct Object<'w> {
    out: &'w mut dyn Write,
    first: bool,
}

impl<'w> Object<'w> {
    pub fn begin(out: &'w mut dyn Write) -> io::Result<Object<'w>> {
        out.write_all(b"{")?;
        Ok(Object { out, first: true })
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.write_all(b": ")
    }

    /// A member whose value is rendered whole.
    pub fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.key(key)?;
        let mut spill = |buf: &mut Vec<u8>| {
            self.out.write_all(buf)?;
            buf.clear();
            Ok(())
        };
        let mut sink = Spill::new(Vec::new(), &mut spill);
        nested(&mut sink, value, 1)?;
        sink.finish()
    }

    /// A member whose value is the array of `json(item)` for each of `items`, rendered in blocks,
    /// on a second thread too when there are several blocks (and a thread can be had). Each
    /// thread renders with its own `json`, from `make` (it may keep a memo). `weight` says how
    /// many rows an item lists, for cutting the blocks to an even size.
    pub fn array<'a, T, S, F, M>(
        &mut self,
        key: &str,
        items: &'a [T],
        make: M,
        weight: impl Fn(&T) -> usize + Sync,
    ) -> io::Result<()>
    where
        T: Sync,
        S: Item,
        F: FnMut(&'a T) -> S,
        M: Fn() -> F + Sync,
    {
        self.key(key)?;
        array(&mut *self.out, items, 1, &make, &weight)
    }

    /// Closes the object and the document (with the final newline `write_json` writes).
    pub fn end(self) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"}\n" } else { b"\n}\n" })
    }
}

/// Where rendered text goes: a buffer, handed to `spill` whenever it holds a piece's worth.
pub struct Spill<'s> {
    buf: Vec<u8>,
    spill: &'s mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
}

impl<'s> Spill<'s> {
    fn new(buf: Vec<u8>, spill: &'s mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>) -> Self {
        Spill { buf, spill }
    }

    /// Hands the buffer on once it holds a piece's worth.
    fn hand_on_when_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= PIECE {
            (self.spill)(&mut self.buf)?;
        }
        Ok(())
    }

    /// Hands on what is left.
    fn finish(mut self) -> io::Result<()> {
        (self.spill)(&mut self.buf)
    }
}

impl Write for Spill<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(bytes);
        self.hand_on_when_full()
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// serde_json's pretty layout, starting `level`s deep: each line of a value indented by two
/// spaces a level, as the pretty printer writes a value nested that deep in a document.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn line<W: Write + ?Sized>(&self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        pad(out, 2 * self.level)
    }

    fn close<W: Write + ?Sized>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            out.write_all(b"\n")?;
            pad(out, 2 * self.level)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn end_array_value<W: Write + ?Sized>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: Write + ?Sized>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.line(out, first)
    }

    fn begin_object_value<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: Write + ?Sized>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` laid out as the pretty printer lays it out `level`s deep.
fn nested<W: Write, T: Serialize + ?Sized>(out: W, value: &T, level: usize) -> io::Result<()> {
    let formatter = Nested {
        level,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    Ok(())
}

fn pad(out: &mut (impl Write + ?Sized), spaces: usize) -> io::Result<()> {
    const SPACES: &[u8] = b"                ";
    let mut left = spaces;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(SPACES.get(..n).unwrap_or_default())?;
        left -= n;
    }
    Ok(())
}

/// An item of an array rendered in blocks ([`Object::array`]): it writes itself into the buffer
/// laid out as serde_json's pretty printer lays out a value `level`s deep.
pub trait Item {
    fn write_at(&self, out: &mut Spill, level: usize) -> io::Result<()>;
}

/// What `item` writes `level`s deep, whole (for tests).
#[cfg(test)]
pub fn written<I: Item + ?Sized>(item: &I, level: usize) -> io::Result<Vec<u8>> {
    let mut all = Vec::new();
    let mut keep = |buf: &mut Vec<u8>| {
        all.append(buf);
        Ok(())
    };
    let mut sink = Spill::new(Vec::new(), &mut keep);
    item.write_at(&mut sink, level)?;
    sink.finish()?;
    Ok(all)
}

impl<I: Item + ?Sized> Item for &I {
    fn write_at(&self, out: &mut Spill, level: usize) -> io::Result<()> {
        (**self).write_at(out, level)
    }
}

/// Any serialisable value as an item, written through serde_json.
pub struct Serde<T>(pub T);

impl<T: Serialize> Item for Serde<T> {
    fn write_at(&self, out: &mut Spill, level: usize) -> io::Result<()> {
        nested(out, &self.0, level)
    }
}

/// An object written member by member straight into a buffer, in the pretty printer's layout and
/// with its escaping, without serde's serializer: a findings-heavy report writes half a million
/// findings, and serde_json escapes every byte of every string one at a time.
pub struct Members<'o, 's> {
    out: &'o mut Spill<'s>,
    /// The members' level: their keys are indented by two spaces a level.
    level: usize,
    first: bool,
}

impl<'o, 's> Members<'o, 's> {
    /// Opens an object that stands `level`s deep.
    pub fn begin(out: &'o mut Spill<'s>, level: usize) -> Members<'o, 's> {
        out.buf.push(b'{');
        Members {
            out,
            level: level + 1,
            first: true,
        }
    }

    /// A member's key: one of the document's own names, which need no escape.
    #[inline]
    fn key(&mut self, key: &'static str) -> &mut Vec<u8> {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        let out = &mut self.out.buf;
        out.reserve(2 * self.level + key.len() + 6);
        out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        spaces(out, 2 * self.level);
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        out
    }

    #[inline]
    pub fn str(&mut self, key: &'static str, value: &str) {
        string(self.key(key), value);
    }

    pub fn number(&mut self, key: &'static str, value: u64) {
        number(self.key(key), value);
    }

    /// An array of numbers, one a line. A group finding may list a million rows: each line is
    /// put together on the stack and added at once.
    pub fn numbers(
        &mut self,
        key: &'static str,
        values: impl IntoIterator<Item = u32>,
    ) -> io::Result<()> {
        let level = self.level;
        self.key(key).push(b'[');
        let sink = &mut *self.out;
        // ",\n", the indent, and up to ten digits.
        let mut line = [b' '; 64];
        if let Some(sep) = line.get_mut(..2) {
            sep.copy_from_slice(b",\n");
        }
        let indent = 2 * (level + 1);
        let digits_at = 2 + indent;
        let mut first = true;
        for n in values {
            // The first line has no comma before it.
            let from = usize::from(first);
            first = false;
            let width = n.checked_ilog10().unwrap_or(0) as usize + 1;
            let end = digits_at + width;
            match line.get_mut(..end) {
                Some(head) => {
                    // Two digits at a time, from the last.
                    let mut left = n;
                    for pair in head.rchunks_exact_mut(2).take(width / 2) {
                        let at = (left % 100) as usize * 2;
                        pair.copy_from_slice(PAIRS.get(at..at + 2).unwrap_or(b"00"));
                        left /= 100;
                    }
                    if width % 2 == 1
                        && let Some(d) = head.get_mut(end - width)
                    {
                        *d = b'0' + left as u8;
                    }
                    // The whole buffer is copied and the rest cut off again: a copy of a
                    // length known when compiling is a few moves, not a call to memcpy.
                    let len = sink.buf.len();
                    sink.buf.extend_from_slice(&line);
                    sink.buf.truncate(len + end);
                    if from == 1 {
                        sink.buf.remove(len);
                    }
                }
                None => {
                    // Deeper than any member of the report is.
                    let out = &mut sink.buf;
                    out.extend_from_slice(if from == 1 { b"\n" } else { b",\n" });
                    spaces(out, indent);
                    number(out, u64::from(n));
                }
            }
            // A list as long as the roster is handed on a piece at a time.
            sink.hand_on_when_full()?;
        }
        let out = &mut sink.buf;
        if !first {
            out.push(b'\n');
            spaces(out, 2 * level);
        }
        out.push(b']');
        Ok(())
    }

    /// A member whose value is written through serde_json.
    pub fn value<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> io::Result<()> {
        let level = self.level;
        self.key(key);
        nested(&mut *self.out, value, level)
    }

    /// Closes the object.
    pub fn end(self) {
        if !self.first {
            self.out.buf.push(b'\n');
            spaces(&mut self.out.buf, 2 * (self.level - 1));
        }
        self.out.buf.push(b'}');
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\\`, the controls with a short
/// escape as such, the other controls as `\\u00xx`; everything else as it is. Most strings need
/// no escape at all (Chinese text never does): they are looked over whole first, a pass the
/// compiler turns into vector instructions, and copied at once.
fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if !bytes.iter().fold(false, |any, &b| any | special(b)) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut run = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            0x00..0x20 => 0,
            _ => continue,
        };
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        if short == 0 {
            out.extend_from_slice(b"\\u00");
            for digit in [byte >> 4, byte & 0xf] {
                out.push(HEX.get(usize::from(digit)).copied().unwrap_or(b'0'));
            }
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
    out.push(b'"');
}

/// "00" to "99", for writing numbers two digits at a time.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

fn spaces(out: &mut Vec<u8>, n: usize) {
    out.resize(out.len() + n, b' ');
}

/// `n` in decimal.
fn number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

/// One block of an array's items at `level`, each after its separator and indent.
fn block<'a, T, S: Item>(
    items: &'a [T],
    first: bool,
    level: usize,
    json: &mut impl FnMut(&'a T) -> S,
    sink: &mut Spill,
) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        let buf = &mut sink.buf;
        buf.extend_from_slice(if first && i == 0 { b"\n" } else { b",\n" });
        spaces(buf, 2 * (level + 1));
        json(item).write_at(sink, level + 1)?;
        sink.hand_on_when_full()?;
    }
    Ok(())
}

/// What the helper thread sends: a piece of a block, a block's last piece, or why it stopped.
enum Piece {
    Part(Vec<u8>),
    End(Vec<u8>),
    Failed(io::Error),
}

/// Where the blocks of `items` end: a block is closed once its items weigh [`BLOCK_WEIGHT`],
/// an item weighing [`ITEM_WEIGHT`] plus what `weight` says (the rows a finding lists). A
/// report's group findings come first and may list millions of rows between them: cut by weight,
/// they spread over many blocks, which both threads share, instead of filling the first.
fn block_ends<T>(items: &[T], weight: &impl Fn(&T) -> usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut held = 0usize;
    for (i, item) in items.iter().enumerate() {
        held = held.saturating_add(ITEM_WEIGHT.saturating_add(weight(item)));
        if held >= BLOCK_WEIGHT {
            ends.push(i + 1);
            held = 0;
        }
    }
    if held > 0 {
        ends.push(items.len());
    }
    ends
}

/// The array of `json(item)` for each of `items` as the value of a member at `level`, in blocks
/// ([`block_ends`]). Two threads take the blocks in turn as each is free: this one and a helper
/// (when there are more than two blocks and a thread can be had). This thread writes every block
/// in order: before a block of its own, it writes the helper's blocks before it, as they come.
/// The helper renders ahead by a few pieces at most.
fn array<'a, T, S, F, M>(
    out: &mut dyn Write,
    items: &'a [T],
    level: usize,
    make: &M,
    weight: &(impl Fn(&T) -> usize + Sync),
) -> io::Result<()>
where
    T: Sync,
    S: Item,
    F: FnMut(&'a T) -> S,
    M: Fn() -> F + Sync,
{
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let ends = block_ends(items, weight);
    let ends = &ends;
    // Block `k`'s items, or none past the last.
    let nth = move |k: usize| -> Option<&'a [T]> {
        let end = *ends.get(k)?;
        let start = k.checked_sub(1).and_then(|j| ends.get(j)).copied();
        items.get(start.unwrap_or(0)..end)
    };
    let mut json = make();
    let mut write = |buf: &mut Vec<u8>| {
        out.write_all(buf)?;
        buf.clear();
        Ok(())
    };
    if ends.len() <= 2 {
        let mut sink = Spill::new(Vec::new(), &mut write);
        block(items, true, level, &mut json, &mut sink)?;
        sink.finish()?;
    } else {
        let next = AtomicUsize::new(0);
        let next = &next;
        let claim = move || next.fetch_add(1, Ordering::Relaxed);
        std::thread::scope(|scope| {
            let (pieces_tx, pieces) = sync_channel::<Piece>(AHEAD);
            let (spent, spent_rx) = channel::<Vec<u8>>();
            // If no thread can be had (a memory limit), this one claims every block itself.
            let _ = std::thread::Builder::new()
                .name("xibu-json".into())
                .spawn_scoped(scope, move || {
                    let mut send = |buf: &mut Vec<u8>| {
                        let fresh = spent_rx.try_recv().unwrap_or_default();
                        pieces_tx
                            .send(Piece::Part(std::mem::replace(buf, fresh)))
                            .map_err(|_| io::Error::other("the report's writer stopped"))
                    };
                    let mut json = make();
                    loop {
                        let k = claim();
                        let Some(items) = nth(k) else { return };
                        // A block starts in a buffer the writer gave back, as its pieces do.
                        let buf = spent_rx.try_recv().unwrap_or_default();
                        let mut sink = Spill::new(buf, &mut send);
                        let done = block(items, k == 0, level, &mut json, &mut sink);
                        let last = std::mem::take(&mut sink.buf);
                        // When the writer has stopped (an error of its own), this send fails
                        // too, and the writer reports its own error.
                        let (piece, go_on) = match done {
                            Ok(()) => (Piece::End(last), true),
                            Err(e) => (Piece::Failed(e), false),
                        };
                        if pieces_tx.send(piece).is_err() || !go_on {
                            return;
                        }
                    }
                });
            let mut sink = Spill::new(Vec::new(), &mut write);
            let mut written = 0;
            loop {
                let k = claim();
                // The blocks between the last one written and `k` are the helper's, sent in
                // the order it took them.
                while written < k.min(ends.len()) {
                    loop {
                        let piece = pieces.recv().map_err(|_| {
                            io::Error::other("the thread rendering the report stopped")
                        })?;
                        let (mut buf, end) = match piece {
                            Piece::Part(buf) => (buf, false),
                            Piece::End(buf) => (buf, true),
                            Piece::Failed(e) => return Err(e),
                        };
                        (sink.spill)(&mut buf)?;
                        let _ = spent.send(buf);
                        if end {
                            break;
                        }
                    }
                    written += 1;
                }
                let Some(items) = nth(k) else { break };
                block(items, k == 0, level, &mut json, &mut sink)?;
                (sink.spill)(&mut sink.buf)?;
                written += 1;
            }
            Ok::<(), io::Error>(())
        })?;
    }
    out.write_all(b"\n")?;
    pad(out, 2 * level)?;
    out.write_all(b"]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Items per block when they list no rows.
    const BLOCK: usize = BLOCK_WEIGHT / ITEM_WEIGHT;

    fn none<T>(_: &T) -> usize {
        0
    }

    fn whole<T: Serialize>(value: &T) -> String {
        let mut out = serde_json::to_string_pretty(value).unwrap();
        out.push('\n');
        out
    }

    fn parts(items: &[u32]) -> String {
        let mut out = Vec::new();
        let mut object = Object::begin(&mut out).unwrap();
        object.member("schema", "x/1").unwrap();
        object
            .member(
                "input",
                &json!({"file": "a\nb.csv", "rows": [1, 2], "empty": []}),
            )
            .unwrap();
        object
            .array(
                "findings",
                items,
                || {
                    |n: &u32| {
                        Serde(
                            json!({"row": n, "rows": [n, n + 1], "message": format!("第 {n} 行\n\"x\"")}),
                        )
                    }
                },
                none,
            )
            .unwrap();
        object.member("summary", &json!({"errors": 0})).unwrap();
        object.end().unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The same document serialised whole, its members in the same order.
    #[derive(Serialize)]
    struct Document {
        schema: &'static str,
        input: serde_json::Value,
        findings: Vec<serde_json::Value>,
        summary: serde_json::Value,
    }

    fn document(items: &[u32]) -> String {
        let findings = items
            .iter()
            .map(|n| json!({"row": n, "rows": [n, n + 1], "message": format!("第 {n} 行\n\"x\"")}))
            .collect();
        whole(&Document {
            schema: "x/1",
            input: json!({"file": "a\nb.csv", "rows": [1, 2], "empty": []}),
            findings,
            summary: json!({"errors": 0}),
        })
    }

    #[test]
    fn parts_write_what_serde_json_writes_whole() {
        // Empty, one block, exactly two blocks (one thread), and blocks over two threads with
        // an odd count and a short last block.
        for n in [0, 1, BLOCK, 2 * BLOCK, 2 * BLOCK + 1, 7 * BLOCK + 5] {
            let items: Vec<u32> = (0..n as u32).collect();
            assert_eq!(parts(&items), document(&items), "{n} items");
        }
    }

    #[test]
    fn items_larger_than_a_piece_are_split_and_joined_in_order() {
        // Each block is some 2.5 MB, so the pieces cut items (and their strings) anywhere.
        let items: Vec<u32> = (0..3 * BLOCK as u32 + 1).collect();
        let item =
            |n: &u32| json!({"n": n, "rows": (*n..n + 100).collect::<Vec<u32>>(), "s": "a\nb"});
        let mut out = Vec::new();
        let mut object = Object::begin(&mut out).unwrap();
        object
            .array("findings", &items, || |n: &u32| Serde(item(n)), none)
            .unwrap();
        object.end().unwrap();
        let whole_doc = whole(&json!({"findings": items.iter().map(item).collect::<Vec<_>>()}));
        assert!(out.len() > 4 * PIECE);
        assert_eq!(String::from_utf8(out).unwrap(), whole_doc);
    }

    /// An object written by hand, with a list of rows.
    struct Listed(Vec<u32>);

    impl Item for Listed {
        fn write_at(&self, out: &mut Spill, level: usize) -> io::Result<()> {
            let mut o = Members::begin(out, level);
            o.str("a_name", "第\n\"1\" 行\u{1f}");
            o.numbers("b_rows", self.0.iter().copied())?;
            o.number("c_count", self.0.len() as u64);
            o.end();
            Ok(())
        }
    }

    #[test]
    fn a_list_longer_than_a_piece_is_written_by_hand_as_serde_json_writes_it() {
        let lists = [
            Listed((0..200_000).map(|n| n * 7919).collect()),
            Listed(Vec::new()),
            Listed(vec![0, 9, 10, 99, 100, 12345, u32::MAX]),
        ];
        let (out, expected) = listed_both_ways(&lists);
        assert!(out.len() > 4 * PIECE);
        assert_eq!(out, expected);
    }

    /// The document of `lists` as written in blocks, and as serde_json writes it whole.
    fn listed_both_ways(lists: &[Listed]) -> (String, String) {
        let mut out = Vec::new();
        let mut object = Object::begin(&mut out).unwrap();
        object
            .array("findings", lists, || |l: &Listed| l, |l| l.0.len())
            .unwrap();
        object.end().unwrap();
        let items: Vec<_> = lists
            .iter()
            // (json! orders keys by name)
            .map(|l| json!({"a_name": "第\n\"1\" 行\u{1f}", "b_rows": l.0, "c_count": l.0.len()}))
            .collect();
        (
            String::from_utf8(out).unwrap(),
            whole(&json!({"findings": items})),
        )
    }

    #[test]
    fn an_empty_object_is_closed() {
        let mut out = Vec::new();
        Object::begin(&mut out).unwrap().end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), whole(&json!({})));
    }

    /// A writer that fails after some bytes, as a full disk does.
    struct Full(usize);

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// An item that cannot be written, at `bad`.
    struct Fails(usize, usize);

    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            if self.0 == self.1 {
                return Err(serde::ser::Error::custom(format!(
                    "item {} cannot be written",
                    self.0
                )));
            }
            s.serialize_u64(self.0 as u64)
        }
    }

    #[test]
    fn an_item_that_cannot_be_written_is_the_error_on_either_thread() {
        let items: Vec<usize> = (0..6 * BLOCK).collect();
        // In the first block, and in one of the later ones: whichever thread takes them.
        for bad in [7, 3 * BLOCK / 2, 2 * BLOCK + 7, 6 * BLOCK - 1] {
            let mut out = Vec::new();
            let mut object = Object::begin(&mut out).unwrap();
            let e = object
                .array(
                    "findings",
                    &items,
                    || move |n: &usize| Serde(Fails(*n, bad)),
                    none,
                )
                .unwrap_err();
            assert_eq!(e.to_string(), format!("item {bad} cannot be written"));
        }
    }

    #[test]
    fn a_failed_write_is_an_error_and_the_helper_stops() {
        let items: Vec<u32> = (0..20 * BLOCK as u32).collect();
        let mut out = Full(100_000);
        let mut object = Object::begin(&mut out).unwrap();
        let e = object
            .array(
                "findings",
                &items,
                || |n: &u32| Serde(json!({"row": n})),
                none,
            )
            .unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }

    #[test]
    fn blocks_are_cut_by_weight_and_cover_every_item_once() {
        // Lists of rows as a report's group findings come first, then findings of one row.
        let weights: Vec<usize> = [300_000, 0, 70_000, 65_000, 10, 1]
            .into_iter()
            .chain((0..40).map(|i| i * 3_001))
            .chain(std::iter::repeat_n(1, 10_000))
            .collect();
        let ends = block_ends(&weights, &|w| *w);
        let mut start = 0;
        for &end in &ends {
            assert!(end > start, "{ends:?}");
            let block = &weights[start..end];
            let weigh = |b: &[usize]| b.iter().map(|w| ITEM_WEIGHT + w).sum::<usize>();
            // Full, unless it is the last; and full only with its last item.
            assert!(end == weights.len() || weigh(block) >= BLOCK_WEIGHT);
            assert!(weigh(&block[..block.len() - 1]) < BLOCK_WEIGHT);
            start = end;
        }
        assert_eq!(start, weights.len());
        assert_eq!(ends[0], 1, "a list of 300,000 rows is a block of its own");
        assert!(block_ends(&[] as &[usize], &|w| *w).is_empty());
    }

    #[test]
    fn long_lists_first_then_many_short_are_written_as_serde_json_writes_them() {
        // As a findings-heavy report: group findings listing many rows, in blocks that either
        // thread may take, then thousands of findings of one row.
        let lists: Vec<Listed> = (0..60u32)
            .map(|i| Listed((0..(i % 7) * 20_000 + 1).map(|n| n * 3 + i).collect()))
            .chain((0..3 * BLOCK as u32).map(|n| Listed(vec![n])))
            .collect();
        assert!(block_ends(&lists, &|l: &Listed| l.0.len()).len() > 20);
        for _ in 0..3 {
            let (out, expected) = listed_both_ways(&lists);
            assert_eq!(out, expected);
        }
    }
}
