//! `xibu template`: write a blank roster workbook with the SPEC's headers, drop-down lists, cell
//! formats and a 说明 sheet, ready to be filled in and checked with `xibu check`. The workbook
//! itself is built by the library ([`crate::template`]).

use std::path::PathBuf;

use super::{Io, Outcome};
use crate::error::Error;
use crate::messages::{Lang, Msg, Text, say};
use crate::output::{exists, refusal, write_new_file};
use crate::template::{GUIDE_SHEET, LAST_DATA_ROW, ROSTER_SHEET, build};

/// Write a blank roster workbook (xlsx) to fill in and check with `xibu check`.
///
/// The 花名册 sheet has the roster's headers (required ones shaded orange), drop-down lists
/// for the enumerated and province columns, date and amount formats, and hints on every cell of
/// rows 2–5001; the 说明 sheet explains each column. An existing file is only replaced with
/// --force.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Where to write the workbook.
    #[arg(short, long, value_name = "FILE", default_value = DEFAULT_OUTPUT)]
    pub output: PathBuf,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
}

/// The file written when `-o` is not given, in the current directory.
pub const DEFAULT_OUTPUT: &str = "roster-template.xlsx";

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let path = args.output.as_path();
    if !args.force && exists(path) {
        return Err(refusal(path));
    }
    let bytes = build()
        .and_then(|mut workbook| workbook.save_to_buffer())
        .map_err(|e| Error::Usage(format!("cannot build the roster template: {e}")))?;
    write_new_file(path, &bytes, args.force)?;
    let lang = Lang::from_env();
    let mut note = Text::new(Msg::WroteTemplate)
        .arg("path", path.display().to_string())
        .arg("roster", ROSTER_SHEET)
        .arg("guide", GUIDE_SHEET)
        .arg("last", LAST_DATA_ROW)
        .render(lang);
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        note.push_str(&say(Msg::NotXlsx, lang));
    }
    io.note(&note)?;
    Ok(Outcome::Success)
}
