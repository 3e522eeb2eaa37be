//! Legacy `.xls` workbooks: the compound file (CFB) around the workbook stream, and the sheet
//! extents its BIFF records claim, checked before calamine reads them.
//!
//! calamine follows a compound file's sector chains until they end, so a chain that loops back
//! on itself grows memory until the process aborts; and it sizes a sheet's grid from the
//! DIMENSIONS record and from the farthest cell, so one record can make it allocate a hundred
//! gigabytes. Here every chain is walked with a bound (no chain is longer than the file has
//! sectors, nor all of them together), and each sheet's claimed extent is measured, before any of
//! it is handed on.

use std::io::Read;
use std::path::Path;

use super::InputError;

/// The largest .xls file xibu reads. Excel 97–2003 sheets stop at 65,536 rows by 256 columns; a
/// full one is well under this.
pub const MAX_XLS_BYTES: u64 = 512 << 20;
/// The most cells a sheet's grid may span, empty ones included: an xls sheet's own limit
/// (65,536 × 256), which calamine lays out in some 540 MB.
pub const MAX_XLS_GRID: u64 = 65_536 * 256;
/// Columns of an xls sheet.
const XLS_COLUMNS: u32 = 256;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers at or above this are markers (end of chain, free, FAT, DIFAT), not sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIRECTORY_ENTRY: usize = 128;

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| c.iter().rev().fold(0u32, |n, b| (n << 8) | u32::from(*b)))
}

/// The parts of a compound file that chains are walked in.
struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    sectors: u32,
    fat: Vec<u32>,
    /// Chain steps left for the whole file: chains of a sound file never share a sector, so
    /// together they are no longer than the file has sectors.
    budget: u64,
}

impl Compound<'_> {
    fn sector(&self, id: u32) -> Result<&[u8], String> {
        if id >= self.sectors {
            return Err(format!(
                "a sector chain points at sector {id}, past the end of the file"
            ));
        }
        let start = (id as usize + 1) * self.sector_size;
        self.bytes
            .get(start..start + self.sector_size)
            .ok_or_else(|| format!("sector {id} is cut short"))
    }

    /// The sectors of the chain starting at `start`, walked with a bound.
    fn chain(&mut self, start: u32) -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN {
            if self.budget == 0 {
                return Err("its sector chains loop back on themselves".to_string());
            }
            self.budget -= 1;
            let next = self
                .fat
                .get(id as usize)
                .copied()
                .filter(|_| id < self.sectors)
                .ok_or_else(|| {
                    format!("a sector chain points at sector {id}, past the end of the file")
                })?;
            ids.push(id);
            id = next;
        }
        Ok(ids)
    }

    /// The bytes of a chain, cut to `size` when given (a stream's size is in its directory
    /// entry; the directory and the mini FAT take their chains whole).
    fn stream(&mut self, start: u32, size: Option<u64>) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        for id in self.chain(start)? {
            out.extend_from_slice(self.sector(id)?);
        }
        if let Some(size) = size {
            if (out.len() as u64) < size {
                return Err("a stream is shorter than its directory entry says".to_string());
            }
            out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
        }
        Ok(out)
    }
}

/// Checks an `.xls` file; an error names what is wrong with it.
pub fn inspect(path: &Path) -> Result<(), InputError> {
    let file = super::open_regular(path, Some(MAX_XLS_BYTES))?;
    let mut bytes = Vec::new();
    file.take(MAX_XLS_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    match check(&bytes) {
        Ok(Sealed::Open) => Ok(()),
        Ok(Sealed::Encrypted) => Err(InputError::Encrypted {
            path: path.to_path_buf(),
        }),
        Err(detail) => Err(InputError::Damaged {
            path: path.to_path_buf(),
            detail,
        }),
    }
}

/// The hidden rows (1-based) of the sheet named `sheet` that hold a cell, read from its ROW
/// records (the `fDyZero` flag, which Excel also sets on rows an autofilter hides): calamine
/// does not say. Empty when the file or the sheet cannot be walked (the read itself says why).
pub fn hidden_rows(path: &Path, sheet: &str) -> Vec<u32> {
    let Ok(file) = super::open_regular(path, Some(MAX_XLS_BYTES)) else {
        return Vec::new();
    };
    let mut bytes = Vec::new();
    if file.take(MAX_XLS_BYTES).read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    match workbook_stream(&bytes) {
        Ok((Some(stream), false)) => sheet_hidden_rows(&stream, sheet),
        _ => Vec::new(),
    }
}

/// BIFF8 records, as (type, data), from `at` on.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let (typ, len) = (u16_at(stream, at)?, u16_at(stream, at + 2)?);
        let start = at + 4;
        let data = stream.get(start..start + usize::from(len))?;
        at = start + usize::from(len);
        Some((typ, data))
    })
}

fn sheet_hidden_rows(stream: &[u8], sheet: &str) -> Vec<u32> {
    // BOUNDSHEET (0x0085) in the globals: the sheet's offset, then its name (a count, a flag for
    // two-byte characters, the characters).
    let offset = records(stream, 0)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, _)| *typ == 0x0085)
        .find_map(|(_, data)| {
            let count = usize::from(*data.get(6)?);
            let chars = data.get(8..)?;
            let name = if data.get(7)? & 1 == 1 {
                let units: Vec<u16> = chars
                    .chunks_exact(2)
                    .take(count)
                    .map(|c| {
                        u16::from_le_bytes([*c.first().unwrap_or(&0), *c.get(1).unwrap_or(&0)])
                    })
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                chars.iter().take(count).map(|&b| char::from(b)).collect()
            };
            (name == sheet).then(|| u32_at(data, 0))?
        });
    let Some(offset) = offset else {
        return Vec::new();
    };
    let mut hidden = std::collections::BTreeSet::new();
    let mut filled = std::collections::BTreeSet::new();
    let mut depth = 0u32;
    for (typ, data) in records(stream, offset as usize) {
        match typ {
            0x0809 => depth += 1,
            0x000A => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ if depth != 1 => {}
            // ROW: the row, then its options at byte 12; 0x20 is fDyZero, the row is hidden.
            0x0208 => {
                if let (Some(row), Some(flags)) = (u16_at(data, 0), u16_at(data, 12))
                    && flags & 0x20 != 0
                {
                    hidden.insert(u32::from(row));
                }
            }
            // Cells with a value: Number, Label, RString, BoolErr, RK, LabelSst, Formula, MulRk.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD => {
                if let Some(row) = u16_at(data, 0) {
                    filled.insert(u32::from(row));
                }
            }
            _ => {}
        }
    }
    hidden.intersection(&filled).map(|r| r + 1).collect()
}

/// Whether a compound file can be read without a password.
#[derive(Debug, PartialEq, Eq)]
enum Sealed {
    Open,
    /// An xlsx saved with a password to open (Excel wraps the encrypted package in a compound
    /// file: streams `EncryptionInfo` and `EncryptedPackage`), or an xls whose workbook stream
    /// starts with a FILEPASS record.
    Encrypted,
}

/// The workbook stream of a compound file, its chains checked, then its sheets' extents.
fn check(bytes: &[u8]) -> Result<Sealed, String> {
    let (workbook, encrypted_package) = workbook_stream(bytes)?;
    if encrypted_package {
        return Ok(Sealed::Encrypted);
    }
    match workbook {
        Some(stream) => sheet_extents(&stream),
        // No workbook stream: calamine says so.
        None => Ok(Sealed::Open),
    }
}

/// The workbook stream, if any, and whether the file holds an encrypted OOXML package.
fn workbook_stream(bytes: &[u8]) -> Result<(Option<Vec<u8>>, bool), String> {
    let cut = || "the compound file is cut short".to_string();
    if bytes.get(..8) != Some(&SIGNATURE[..]) {
        return Err("not a compound file".to_string());
    }
    let shift = u16_at(bytes, 0x1E).ok_or_else(cut)?;
    let sector_size = match shift {
        9 | 12 => 1usize << shift,
        _ => {
            return Err(format!(
                "its sector size (2^{shift}) is none a compound file has"
            ));
        }
    };
    let sectors = u32::try_from((bytes.len() / sector_size).saturating_sub(1)).unwrap_or(u32::MAX);
    let mut cfb = Compound {
        bytes,
        sector_size,
        sectors,
        fat: Vec::new(),
        budget: u64::from(sectors) + 1,
    };

    // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .collect();
    let mut difat = u32_at(bytes, 0x44).ok_or_else(cut)?;
    let mut steps = 0u32;
    while difat < MAX_REGULAR_SECTOR {
        steps += 1;
        if steps > sectors {
            return Err("its DIFAT chain loops back on itself".to_string());
        }
        let sector = cfb.sector(difat)?;
        let entries: Vec<u32> = u32s(sector).collect();
        let (&next, rest) = entries.split_last().ok_or_else(cut)?;
        fat_sectors.extend_from_slice(rest);
        difat = next;
    }
    let mut fat = Vec::new();
    for id in fat_sectors
        .into_iter()
        .filter(|id| *id < MAX_REGULAR_SECTOR)
    {
        if fat.len() / (sector_size / 4) > sectors as usize {
            return Err("it lists more FAT sectors than it has sectors".to_string());
        }
        fat.extend(u32s(cfb.sector(id)?));
    }
    cfb.fat = fat;

    let directory = cfb.stream(u32_at(bytes, 0x30).ok_or_else(cut)?, None)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(DIRECTORY_ENTRY).collect();
    let Some(root) = entries.first() else {
        return Err("its directory is empty".to_string());
    };
    let cutoff = u64::from(u32_at(bytes, 0x38).unwrap_or(4096));
    let size_of = |e: &[u8]| {
        let low = u64::from(u32_at(e, 0x78).unwrap_or(0));
        // Version 3 files (512-byte sectors) keep only the low 32 bits.
        let high = if shift == 9 {
            0
        } else {
            u64::from(u32_at(e, 0x7C).unwrap_or(0))
        };
        (high << 32) | low
    };
    let name_of = |e: &[u8]| {
        let len = usize::from(u16_at(e, 0x40).unwrap_or(0)).min(64);
        let units: Vec<u16> = e
            .get(..len)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([*c.first().unwrap_or(&0), *c.get(1).unwrap_or(&0)]))
            .take_while(|u| *u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };

    // The mini stream (in the root entry's chain) holds the streams under the cutoff.
    let root_start = u32_at(root, 0x74).unwrap_or(END_OF_CHAIN);
    let mini_size = size_of(root);
    if mini_size > bytes.len() as u64 {
        return Err("its mini stream claims more bytes than the file has".to_string());
    }
    let mut stream_entries = Vec::new();
    for entry in entries.iter().skip(1) {
        // Type 2: a stream.
        if entry.get(0x42) == Some(&2) {
            stream_entries.push((name_of(entry), u32_at(entry, 0x74), size_of(entry)));
        }
    }
    if stream_entries
        .iter()
        .any(|(name, _, _)| name == "EncryptedPackage")
    {
        return Ok((None, true));
    }
    let mut workbook = None;
    let mini_needed = stream_entries.iter().any(|(_, _, size)| *size < cutoff);
    let mini = if mini_needed && root_start < MAX_REGULAR_SECTOR {
        let stream = cfb.stream(root_start, Some(mini_size))?;
        let mini_fat_bytes = cfb.stream(u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN), None)?;
        Some((stream, u32s(&mini_fat_bytes).collect::<Vec<u32>>()))
    } else {
        None
    };
    let mut mini_budget = mini.as_ref().map_or(0, |(s, _)| s.len() as u64 / 64 + 1);
    for (name, start, size) in stream_entries {
        let Some(start) = start else { continue };
        if size > bytes.len() as u64 {
            return Err(format!(
                "its stream {} claims {size} bytes, more than the file has",
                super::short(&name, super::ECHO_CHARS)
            ));
        }
        let is_workbook =
            name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book");
        let data = if size >= cutoff {
            cfb.stream(start, Some(size))?
        } else if let Some((stream, mini_fat)) = &mini {
            let mut out = Vec::new();
            let mut id = start;
            while id != END_OF_CHAIN && (out.len() as u64) < size {
                if mini_budget == 0 {
                    return Err("its mini sector chains loop back on themselves".to_string());
                }
                mini_budget -= 1;
                let at = id as usize * 64;
                let piece = stream.get(at..at + 64).ok_or_else(|| {
                    format!("a mini sector chain points at {id}, past the mini stream")
                })?;
                out.extend_from_slice(piece);
                id = mini_fat.get(id as usize).copied().unwrap_or(END_OF_CHAIN);
            }
            out.truncate(usize::try_from(size).unwrap_or(usize::MAX));
            out
        } else {
            continue;
        };
        if is_workbook && workbook.is_none() {
            workbook = Some(data);
        }
    }
    Ok((workbook, false))
}

/// The grid a sheet spans, from its DIMENSIONS record and from its cells, as calamine computes it.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) -> Result<(), String> {
        if col >= XLS_COLUMNS {
            return Err(format!(
                "a cell lies in column {}, past the {XLS_COLUMNS} columns of an xls sheet",
                u64::from(col) + 1
            ));
        }
        let grow = |range: Option<(u32, u32)>, at: u32| {
            Some(range.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))))
        };
        self.rows = grow(self.rows, row);
        self.cols = grow(self.cols, col);
        let span = |r: Option<(u32, u32)>| r.map_or(0, |(lo, hi)| u64::from(hi - lo) + 1);
        let grid = span(self.rows) * span(self.cols);
        if grid > MAX_XLS_GRID {
            return Err(format!(
                "its cells span {grid} cells, more than an xls sheet holds ({MAX_XLS_GRID})"
            ));
        }
        Ok(())
    }
}

/// Walks the BIFF records of the workbook stream: each sheet's DIMENSIONS record, and the
/// positions of its cells.
fn sheet_extents(stream: &[u8]) -> Result<Sealed, String> {
    let mut at = 0usize;
    let mut depth = 0u32;
    let mut extent = Extent::default();
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let start = at + 4;
        let Some(data) = stream.get(start..start + usize::from(len)) else {
            // calamine reports a record cut short.
            return Ok(Sealed::Open);
        };
        at = start + usize::from(len);
        match typ {
            // FILEPASS: the rest is encrypted (RC4 or XOR obfuscation under a password).
            0x002F => return Ok(Sealed::Encrypted),
            // BOF: a sheet (or a chart inside one) begins.
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    extent = Extent::default();
                }
                continue;
            }
            // EOF
            0x000A => {
                depth = depth.saturating_sub(1);
                continue;
            }
            _ if depth != 1 => continue,
            // DIMENSIONS: calamine reserves rows × columns cells from it.
            0x0200 => dimensions(data)?,
            // Number, Label, RString, BoolErr, RK, LabelSst, Formula: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    extent.add(u32::from(row), u32::from(col))?;
                }
            }
            // MulRk: a row, its first column, and its last column in the record's last bytes.
            0x00BD => {
                let last = data.len().saturating_sub(2);
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, last))
                {
                    extent.add(u32::from(row), u32::from(first))?;
                    extent.add(u32::from(row), u32::from(last.max(first)))?;
                }
            }
            _ => {}
        }
    }
    Ok(Sealed::Open)
}

/// A DIMENSIONS record, read as calamine reads it (BIFF5: 16-bit rows; BIFF8: 32-bit rows).
fn dimensions(data: &[u8]) -> Result<(), String> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        // calamine refuses other lengths itself.
        _ => return Ok(()),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    // calamine computes (last - 1) - first + 1 without a check: a last row before the first
    // underflows it.
    if last_row - 1 < first_row {
        return Err(format!(
            "a sheet's DIMENSIONS record ends at row {last_row} before it starts at row {}",
            u64::from(first_row) + 1
        ));
    }
    let grid = u64::from(last_row - first_row) * u64::from(last_col - first_col);
    if grid > MAX_XLS_GRID {
        return Err(format!(
            "a sheet's DIMENSIONS record claims {} rows by {} columns, more than an xls sheet \
             holds (65536 by 256)",
            last_row - first_row,
            last_col - first_col
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_dimensions_record_is_refused() {
        let mut dims = Vec::new();
        dims.extend_from_slice(&0u32.to_le_bytes());
        dims.extend_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        dims.extend_from_slice(&0u16.to_le_bytes());
        dims.extend_from_slice(&0xFFu16.to_le_bytes());
        dims.extend_from_slice(&0u16.to_le_bytes());
        assert!(dimensions(&dims).unwrap_err().contains("DIMENSIONS"));
        // A full xls sheet passes.
        let mut full = Vec::new();
        full.extend_from_slice(&0u32.to_le_bytes());
        full.extend_from_slice(&65_536u32.to_le_bytes());
        full.extend_from_slice(&0u16.to_le_bytes());
        full.extend_from_slice(&256u16.to_le_bytes());
        full.extend_from_slice(&0u16.to_le_bytes());
        assert_eq!(dimensions(&full), Ok(()));
        // A last row before the first underflows calamine's arithmetic.
        let mut backwards = Vec::new();
        backwards.extend_from_slice(&10u32.to_le_bytes());
        backwards.extend_from_slice(&5u32.to_le_bytes());
        backwards.extend_from_slice(&0u16.to_le_bytes());
        backwards.extend_from_slice(&5u16.to_le_bytes());
        backwards.extend_from_slice(&0u16.to_le_bytes());
        assert!(
            dimensions(&backwards)
                .unwrap_err()
                .contains("before it starts")
        );
    }

    #[test]
    fn a_cell_past_column_iv_is_refused() {
        let mut e = Extent::default();
        assert!(e.add(0, 0).is_ok());
        assert!(e.add(65_535, 255).is_ok());
        assert!(e.add(65_535, 65_535).unwrap_err().contains("column 65536"));
    }
}
