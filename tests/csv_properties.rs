//! Property tests of the CSV reader: no input makes it panic, and what a CSV writer writes reads
//! back field for field, in UTF-8 and in GBK.

use std::ops::ControlFlow;
use std::path::Path;

use proptest::prelude::*;
use xibu::input::{Cell, Row, read_csv_bytes};

fn rows_of(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    read_csv_bytes(Path::new("p.csv"), bytes, &mut |row| {
        rows.push(row.clone());
        ControlFlow::Continue(())
    })
    .map(|_| rows)
    .map_err(|e| e.to_string())
}

/// Text a roster cell might hold: Chinese, ASCII, separators, quotes and line breaks.
fn field() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9 新疆山东本科合格,\"\\n\\r]{0,12}").unwrap()
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = rows_of(&bytes);
    }

    #[test]
    fn written_csv_reads_back_in_utf8_and_gbk(
        table in proptest::collection::vec(proptest::collection::vec(field(), 1..6), 1..8)
    ) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for row in &table {
            w.write_record(row).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
        prop_assert!(!unmappable);
        // Blank rows are skipped by design; compare the non-blank ones.
        let expected: Vec<Vec<String>> = table
            .iter()
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .cloned()
            .collect();
        for bytes in [text.as_bytes(), &gbk[..]] {
            let rows = rows_of(bytes).map_err(TestCaseError::fail)?;
            let got: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    r.cells
                        .iter()
                        .map(|c| match c {
                            Cell::Text(t) => t.clone(),
                            _ => String::new(),
                        })
                        .collect()
                })
                .collect();
            // A row's trailing empty fields are kept as empty cells, so pad before comparing.
            prop_assert_eq!(got.len(), expected.len());
            for (g, e) in got.iter().zip(&expected) {
                let mut g = g.clone();
                g.resize(e.len().max(g.len()), String::new());
                prop_assert_eq!(&g, e);
            }
        }
    }
}

/// Regression: `山` in GBK (C9 BD) is also valid UTF-8 (`ɽ`); a short GBK export was read as
/// UTF-8 and its provinces garbled without a word.
#[test]
fn a_short_gbk_file_that_is_also_valid_utf8_is_read_as_gbk() {
    let (gbk, _, _) = encoding_rs::GBK.encode("山\n");
    assert!(std::str::from_utf8(&gbk).is_ok());
    let rows = rows_of(&gbk).unwrap();
    assert_eq!(rows[0].cells, [Cell::Text("山".to_string())]);
    // Real UTF-8 Chinese (three bytes a character) stays UTF-8.
    let rows = rows_of("山东,新疆\n".as_bytes()).unwrap();
    assert_eq!(rows[0].cells[0], Cell::Text("山东".to_string()));
}
