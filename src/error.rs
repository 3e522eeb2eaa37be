//! The error a command ends with when its input could not be used (exit code 2).

use crate::config::ConfigError;
use crate::input::InputError;
use crate::messages::{Arg, Lang, Msg, Text};
use crate::plan::PlanError;
use crate::province::UnknownProvince;
use crate::roster::RosterError;
use crate::roster::schema::Column;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Roster(#[from] RosterError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Province(#[from] UnknownProvince),
    #[error("{0}")]
    Usage(String),
    /// The arguments cannot be used, said through the messages catalog (English is its own
    /// rendering).
    #[error("{}", .0.render(Lang::En))]
    Said(Text),
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// A reader went away (`xibu … | head`): not a failure of xibu's.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl Error {
    /// The `error:` line in a language. English is the errors' own text; Chinese is said through
    /// the messages catalog, with the details a lower layer wrote (an operating-system error, a
    /// parser's words) kept as they are. An error without a Chinese message yet keeps its
    /// English text rather than lose its facts.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let text = match self {
            Error::Input(e) => input_text(e),
            Error::Roster(RosterError::Input(e)) | Error::Plan(PlanError::Input(e)) => {
                input_text(e)
            }
            Error::Roster(e) => roster_text(e),
            Error::Config(e) | Error::Plan(PlanError::Edition(e)) => config_text(e),
            Error::Province(e) => Some(province_text(e)),
            Error::Output(e) => Some(Text::new(Msg::ErrOutput).arg("detail", e.to_string())),
            Error::Said(t) => Some(t.clone()),
            Error::Plan(_) | Error::Usage(_) => None,
        };
        match text {
            Some(t) => t.render(lang),
            None => self.to_string(),
        }
    }
}

fn path(p: &std::path::Path) -> String {
    p.display().to_string()
}

fn input_text(e: &InputError) -> Option<Text> {
    Some(match e {
        InputError::NotFound { path: p } => Text::new(Msg::ErrNotFound).arg("path", path(p)),
        InputError::IsDirectory { path: p } => Text::new(Msg::ErrIsDirectory).arg("path", path(p)),
        InputError::Io { path: p, source } => Text::new(Msg::ErrIo)
            .arg("path", path(p))
            .arg("detail", source.to_string()),
        InputError::UnknownFormat { path: p, detail } => Text::new(Msg::ErrUnknownFormat)
            .arg("path", path(p))
            .arg("detail", detail.as_str()),
        InputError::Damaged { path: p, detail } => Text::new(Msg::ErrDamaged)
            .arg("path", path(p))
            .arg("detail", detail.as_str()),
        InputError::Refused { path: p, detail } => Text::new(Msg::ErrRefused)
            .arg("path", path(p))
            .arg("detail", detail.as_str()),
        InputError::Workbook {
            path: p,
            format,
            message,
        } => Text::new(Msg::ErrWorkbook)
            .arg("path", path(p))
            .arg("format", format.to_string())
            .arg("detail", message.as_str()),
        InputError::SheetNotFound {
            path: p,
            wanted,
            available,
        } => Text::new(Msg::ErrSheetNotFound)
            .arg("path", path(p))
            .arg("wanted", Arg::Quoted(wanted.clone()))
            .arg("available", available.join(", ")),
        InputError::Encrypted { path: p } => Text::new(Msg::ErrEncrypted).arg("path", path(p)),
        InputError::NoSheets { path: p } => Text::new(Msg::ErrNoSheets).arg("path", path(p)),
        InputError::Csv {
            path: p,
            line,
            message,
        } => Text::new(Msg::ErrCsv)
            .arg("path", path(p))
            .arg("line", line.to_string())
            .arg("detail", message.as_str()),
    })
}

fn sheet_part(sheet: &Option<String>) -> Arg {
    match sheet {
        Some(s) => Text::new(Msg::SheetPart).arg("sheet", s.as_str()).into(),
        None => Arg::Str(String::new()),
    }
}

fn roster_text(e: &RosterError) -> Option<Text> {
    Some(match e {
        RosterError::NoRecords {
            file,
            sheet,
            row_word,
            header_row,
        } => Text::new(Msg::ErrNoRecords)
            .arg("file", file.as_str())
            .arg("sheet", sheet_part(sheet))
            .arg("row_word", *row_word)
            .arg("header_row", *header_row),
        RosterError::NoHeader { file, sheet } => Text::new(Msg::ErrNoHeader)
            .arg("file", file.as_str())
            .arg("sheet", sheet_part(sheet))
            .arg("rows", crate::sheet::HEADER_SEARCH_ROWS)
            .arg(
                "required",
                Column::ALL
                    .iter()
                    .filter(|c| c.required())
                    .map(|c| c.header())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        RosterError::MissingColumns {
            file,
            sheet,
            row_word,
            row,
            missing,
            found,
        } => {
            let mut text = Text::new(Msg::ErrMissingColumns)
                .arg("file", file.as_str())
                .arg("sheet", sheet_part(sheet))
                .arg("row_word", *row_word)
                .arg("row", *row)
                .arg("missing", crate::roster::missing_list(missing))
                .arg("found", found.join(" | "));
            for (column, found) in missing {
                if let Some(found) = found {
                    text = Text::new(Msg::ErrMissingColumnNear)
                        .arg("before", text)
                        .arg("found", found.as_str())
                        .arg("column", *column);
                }
            }
            text
        }
        RosterError::Input(e) => return input_text(e),
    })
}

fn config_text(e: &ConfigError) -> Option<Text> {
    Some(match e {
        ConfigError::At {
            file,
            line,
            message,
        } => Text::new(Msg::ErrConfigAt)
            .arg("file", path(file))
            .arg("line", *line)
            .arg("detail", message.as_str()),
        ConfigError::Io { file, source } => Text::new(Msg::ErrConfigIo)
            .arg("file", path(file))
            .arg("detail", source.to_string()),
        ConfigError::Toml { file, message } => Text::new(Msg::ErrConfig)
            .arg("file", path(file))
            .arg("detail", message.as_str()),
        ConfigError::Input(e) => return input_text(e),
    })
}

/// An unknown province, with the names it comes near (said by the messages catalog, which the
/// plan tables' checks use too without importing this module).
pub(crate) fn province_text(e: &UnknownProvince) -> Text {
    crate::messages::unknown_province(e)
}
