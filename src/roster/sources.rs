//! Several sources checked as one roster: which file and sheet a roster-wide row id is on.
//!
//! Each source (a file, or one sheet of a workbook) gets a base, and its rows become ids
//! `base + row`; the bases increase in reading order, each past the previous source's last row,
//! so that no two sources share an id. With one source the base is 0 and ids are row numbers.
//! Findings keep ids; [`Sources::locate`] turns one back into file, sheet and row.

use super::RosterInfo;
use super::schema::Column;

/// One source as it was read, and where its ids start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What was read: `info.file` names the file as the user gave it (or the folder joined with
    /// the file's name), `info.source.sheet` the sheet.
    pub info: RosterInfo,
    /// Added to the source's row numbers to make roster-wide ids.
    pub base: u32,
    /// The last row number read from the source (blank rows and a footer included).
    pub last_row: u32,
    /// How messages name the source: `和田县.xlsx`, or `花名册.xlsx（工作表 和田县）` when the
    /// workbook gave several sources.
    pub name: String,
}

impl Source {
    /// The id of one of the source's rows.
    pub fn id(&self, row: u32) -> u32 {
        self.base.saturating_add(row)
    }
}

/// The sources of a check, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    list: Vec<Source>,
}

/// Where a roster-wide row id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located<'a> {
    /// The source's position in reading order.
    pub index: usize,
    pub source: &'a Source,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    /// The row number the user sees in that file.
    pub row: u32,
}

impl Sources {
    pub fn new(list: Vec<Source>) -> Sources {
        Sources { list }
    }

    /// One source at base 0: ids are its row numbers.
    pub fn single(info: RosterInfo) -> Sources {
        Sources {
            list: vec![Source {
                name: info.file.clone(),
                info,
                base: 0,
                last_row: u32::MAX,
            }],
        }
    }

    /// A source read after the others.
    pub fn push(&mut self, source: Source) {
        self.list.push(source);
    }

    /// The sources, to rename them (`xibu serve` names uploads as the browser did).
    pub fn list_mut(&mut self) -> &mut [Source] {
        &mut self.list
    }

    pub fn list(&self) -> &[Source] {
        &self.list
    }

    /// More than one source: findings then name their file and sheet.
    pub fn several(&self) -> bool {
        self.list.len() > 1
    }

    /// Every source's cell errors, with rows as ids, taken out (E01 makes them findings, and
    /// nothing else needs them: they are not kept twice).
    pub fn take_cell_errors(&mut self) -> Vec<super::CellError> {
        let mut all = Vec::new();
        for source in &mut self.list {
            let base = source.base;
            all.extend(
                std::mem::take(&mut source.info.cell_errors)
                    .into_iter()
                    .map(|e| super::CellError {
                        row: base.saturating_add(e.row),
                        ..e
                    }),
            );
        }
        all
    }

    /// The base the next source read gets.
    pub fn next_base(&self) -> u32 {
        self.list
            .last()
            .map_or(0, |s| s.base.saturating_add(s.last_row).saturating_add(1))
    }

    /// The source an id belongs to, and its row there.
    pub fn locate(&self, id: u32) -> Option<Located<'_>> {
        let index = self.list.partition_point(|s| s.base <= id).checked_sub(1)?;
        let source = self.list.get(index)?;
        Some(Located {
            index,
            source,
            file: &source.info.file,
            sheet: source.info.source.sheet.as_deref(),
            row: id - source.base,
        })
    }

    /// The row an id stands for in its own file (the id itself when no source has it).
    pub fn row(&self, id: u32) -> u32 {
        self.locate(id).map_or(id, |l| l.row)
    }

    /// `R17` for a column at an id's row, through that source's own column mapping (files may
    /// order their columns differently).
    pub fn cell_ref(&self, column: Column, id: u32) -> Option<String> {
        let at = self.locate(id)?;
        at.source.info.cell_ref(column, at.row)
    }
}

/// Rows of one source, among a finding's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location<'a> {
    pub source: &'a Source,
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    /// The rows the user sees in that file, in the finding's order.
    pub rows: Vec<u32>,
}

impl Sources {
    /// A finding's ids as rows of each source, in order of first appearance: one location for
    /// rows all in one file.
    pub fn locations(&self, ids: &[u32]) -> Vec<Location<'_>> {
        let mut out: Vec<Location> = Vec::new();
        for &id in ids {
            let Some(at) = self.locate(id) else { continue };
            match out.iter_mut().find(|l| std::ptr::eq(l.source, at.source)) {
                Some(l) => l.rows.push(at.row),
                None => out.push(Location {
                    source: at.source,
                    file: at.file,
                    sheet: at.sheet,
                    rows: vec![at.row],
                }),
            }
        }
        out
    }
}

/// What the rules need to know of the sources while records stream: where each source read so
/// far starts. (A finding names another file's row when it is written, through [`Sources`].)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Each source's base.
    bases: Vec<u32>,
    /// Whether the check has several sources (messages then name files).
    pub several: bool,
}

impl Marks {
    pub fn new(several: bool) -> Marks {
        Marks {
            bases: Vec::new(),
            several,
        }
    }

    /// A source starts at `base`.
    pub fn push(&mut self, base: u32) {
        self.bases.push(base);
    }

    pub fn is_empty(&self) -> bool {
        self.bases.is_empty()
    }

    /// The base of the source being read.
    pub fn base(&self) -> u32 {
        self.bases.last().copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Format, SourceInfo};
    use crate::roster::MappedColumn;

    fn info(file: &str, id_column: usize) -> RosterInfo {
        RosterInfo {
            file: file.to_string(),
            source: SourceInfo {
                format: Format::Xlsx,
                sheet: Some("名单".to_string()),
                encoding: None,
                sheets: vec!["名单".to_string()],
                hidden_rows: Vec::new(),
            },
            header_row: 1,
            columns: vec![MappedColumn {
                column: Column::IdNumber,
                index: id_column,
                header: "身份证号".to_string(),
            }],
            extra_headers: Vec::new(),
            cell_errors: Vec::new(),
            notices: Vec::new(),
            records: 3,
        }
    }

    #[test]
    fn ids_find_their_file_row_and_cell() {
        let mut sources = Sources::default();
        assert_eq!(sources.next_base(), 0);
        sources.list.push(Source {
            info: info("和田县.xlsx", 1),
            base: 0,
            last_row: 12,
            name: "和田县.xlsx".into(),
        });
        assert_eq!(sources.next_base(), 13);
        sources.list.push(Source {
            info: info("墨玉县.xlsx", 3),
            base: 13,
            last_row: 9,
            name: "墨玉县.xlsx".into(),
        });
        let at = sources.locate(12).unwrap();
        assert_eq!((at.index, at.file, at.row), (0, "和田县.xlsx", 12));
        let at = sources.locate(13 + 9).unwrap();
        assert_eq!((at.index, at.file, at.row), (1, "墨玉县.xlsx", 9));
        assert_eq!(at.sheet, Some("名单"));
        // Each file's own column letters.
        assert_eq!(sources.cell_ref(Column::IdNumber, 5).as_deref(), Some("B5"));
        assert_eq!(
            sources.cell_ref(Column::IdNumber, 13 + 5).as_deref(),
            Some("D5")
        );
        assert_eq!(sources.row(13 + 5), 5);
        assert!(sources.several());
        let at = sources.locations(&[3, 9, 13 + 9]);
        assert_eq!(at.len(), 2);
        assert_eq!(
            (at[0].file, at[0].rows.as_slice()),
            ("和田县.xlsx", &[3, 9][..])
        );
        assert_eq!(
            (at[1].file, at[1].rows.as_slice()),
            ("墨玉县.xlsx", &[9][..])
        );
    }

    #[test]
    fn one_source_keeps_row_numbers() {
        let sources = Sources::single(info("roster.xlsx", 0));
        assert!(!sources.several());
        assert_eq!(sources.row(4242), 4242);
        assert_eq!(sources.locate(0).unwrap().row, 0);
    }

    #[test]
    fn marks_keep_the_base_of_the_source_being_read() {
        let mut marks = Marks::new(true);
        assert_eq!(marks.base(), 0);
        marks.push(0);
        marks.push(20);
        assert_eq!(marks.base(), 20);
    }

    /// A duplicate's message names the first row's file only when it is another source.
    #[test]
    fn a_duplicate_in_another_file_names_that_file() {
        use crate::messages::Lang;
        use crate::rules::finding::IdFact;
        use crate::rules::{Detail, Finding, Rows, Severity};
        let mut sources = Sources::default();
        for (file, base) in [("和田县.xlsx", 0), ("墨玉县.xlsx", 13)] {
            sources.list.push(Source {
                info: info(file, 1),
                base,
                last_row: 12,
                name: file.into(),
            });
        }
        let id = "11010519491231002X";
        let dup = |rows| {
            Finding::new(
                "P01",
                Severity::Error,
                rows,
                Detail::id(IdFact::Duplicate, id),
            )
            .at(Column::IdNumber)
        };
        let across = dup(Rows::pair(9, 13 + 9));
        assert_eq!(
            across.text(&sources).render(Lang::Zh),
            "身份证号与 和田县.xlsx 第 9 行重复"
        );
        assert_eq!(
            across.text(&sources).render(Lang::En),
            "the ID number repeats 和田县.xlsx, row 9"
        );
        // Within the second file: its own rows, no file.
        let within = dup(Rows::pair(13 + 4, 13 + 7));
        assert_eq!(
            within.text(&sources).render(Lang::Zh),
            "身份证号与第 4 行重复"
        );
        // One source: nothing names a file.
        let single = Sources::single(info("和田县.xlsx", 1));
        assert_eq!(
            dup(Rows::pair(4, 7)).text(&single).render(Lang::Zh),
            "身份证号与第 4 行重复"
        );
    }
}
