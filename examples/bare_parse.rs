//! The floor of the benchmark: parse a roster file and touch every field, doing nothing else.
//! CSV through the csv crate's reused `ByteRecord`; xlsx through calamine's streaming cell
//! reader (`worksheet_cells_reader`), exactly the two parsers xibu reads with.
//!
//! ```sh
//! cargo run --release --example bare_parse -- roster.csv
//! ```

use std::error::Error;

use calamine::{Reader, Xlsx, open_workbook};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: bare_parse FILE")?;
    let (rows, fields) = if path.to_ascii_lowercase().ends_with(".xlsx") {
        let mut wb: Xlsx<_> = open_workbook(&path)?;
        let sheet = wb.sheet_names().first().cloned().ok_or("no sheet")?;
        let mut reader = wb.worksheet_cells_reader(&sheet)?;
        let (mut cells, mut last_row, mut rows) = (0u64, u32::MAX, 0u64);
        while let Some(cell) = reader.next_cell()? {
            let (row, _) = cell.get_position();
            if row != last_row {
                rows += 1;
                last_row = row;
            }
            cells += 1;
        }
        (rows, cells)
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)?;
        let mut record = csv::ByteRecord::new();
        let (mut rows, mut fields) = (0u64, 0u64);
        while reader.read_byte_record(&mut record)? {
            rows += 1;
            fields += record.len() as u64;
        }
        (rows, fields)
    };
    println!("{rows} rows, {fields} fields");
    Ok(())
}
