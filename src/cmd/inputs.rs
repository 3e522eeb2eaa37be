//! `check`'s roster arguments → the list of sources to read as one roster: files, folders (every
//! roster file in them), `-` (CSV/TSV on standard input), and `--sheet NAME|all`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Error;
use crate::input::{self, SheetChoice};
use crate::messages::{Lang, Msg, Text};
use crate::output::existing_identity;
use crate::pipeline::{NoHeader, Origin, Spec};

/// The extensions of roster files a folder is searched for (the format is then decided by
/// content, as for a file named on the command line).
pub const ROSTER_EXTENSIONS: [&str; 8] =
    ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// The most standard input xibu reads: the text is held in memory (a national roster of a
/// million volunteers is some 300 MiB of CSV).
pub const MAX_STDIN_BYTES: u64 = 1 << 30;

/// How the roster arguments are to be read.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub given: &'a [PathBuf],
    /// `--sheet`: a name or 1-based number, or `all`.
    pub sheet: Option<&'a str>,
    pub recursive: bool,
    /// `--stdin-name`.
    pub stdin_name: Option<&'a str>,
    pub lang: Lang,
    /// The reports this run writes (`--output`, `--report-xlsx`): never read from a folder.
    pub reports: Vec<&'a Path>,
}

/// The sources to read, and the files they come from.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub specs: Vec<Spec>,
    /// Every file read (standard input aside), for comparing with the reports' paths.
    pub files: Vec<PathBuf>,
}

/// The sources the arguments stand for, in order: each argument in the order given, a folder's
/// files sorted by name. Exit 2 for an empty folder, a folder without a roster file, the same
/// file twice, `-` twice, or standard input too large to hold.
pub fn expand(request: &Request) -> Result<Inputs, Error> {
    let mut specs = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: HashMap<crate::output::Identity, PathBuf> = HashMap::new();
    let mut stdin_used = false;
    let reports: Vec<_> = request
        .reports
        .iter()
        .filter_map(|p| existing_identity(p))
        .collect();
    for arg in request.given {
        if arg.as_os_str() == "-" {
            if stdin_used {
                return Err(Error::Said(Text::new(Msg::ErrStdinTwice)));
            }
            stdin_used = true;
            specs.push(stdin_spec(request)?);
            continue;
        }
        let (found, from_folder) = if arg.is_dir() {
            (folder_files(arg, request.recursive)?, true)
        } else {
            (vec![arg.clone()], false)
        };
        for path in found {
            if let Some(id) = existing_identity(&path) {
                if from_folder && reports.contains(&id) {
                    continue;
                }
                if let Some(first) = seen.get(&id) {
                    return Err(Error::Said(
                        Text::new(Msg::ErrSameInput)
                            .arg("first", first.display().to_string())
                            .arg("second", path.display().to_string()),
                    ));
                }
                seen.insert(id, path.clone());
            }
            let no_header = if from_folder {
                NoHeader::Skip
            } else {
                NoHeader::Fail
            };
            // A folder's files are named in messages as in the folder (`和田县.xlsx`); the
            // reports' `file` keeps the path.
            let name = if from_folder {
                path.strip_prefix(arg)
                    .unwrap_or(&path)
                    .display()
                    .to_string()
            } else {
                path.display().to_string()
            };
            specs.extend(sheets_of(&path, &name, request, no_header)?);
            files.push(path);
        }
    }
    Ok(Inputs { specs, files })
}

/// `-`: standard input, read whole (CSV or TSV, by content).
fn stdin_spec(request: &Request) -> Result<Spec, Error> {
    let name = request
        .stdin_name
        .map(str::to_string)
        .unwrap_or_else(|| Text::new(Msg::StdinName).render(request.lang));
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Error::Said(
                Text::new(Msg::ErrStdinRead)
                    .arg("name", name.as_str())
                    .arg("detail", e.to_string()),
            )
        })?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(Error::Said(
            Text::new(Msg::ErrStdinTooLarge)
                .arg("name", name.as_str())
                .arg("max", MAX_STDIN_BYTES >> 20),
        ));
    }
    Ok(Spec {
        origin: Origin::Text {
            name: PathBuf::from(&name),
            bytes: Arc::from(bytes),
        },
        sheet: SheetChoice::First,
        name,
        no_header: NoHeader::Fail,
    })
}

/// The sources of one file: the file, the sheet `--sheet` names, or with `--sheet all` each of
/// a workbook's worksheets (those without a roster header are then left out with a notice).
fn sheets_of(
    path: &Path,
    name: &str,
    request: &Request,
    no_header: NoHeader,
) -> Result<Vec<Spec>, Error> {
    let file = Spec {
        no_header,
        name: name.to_string(),
        ..Spec::file(path)
    };
    match request.sheet {
        None => Ok(vec![file]),
        Some(all) if all.trim().eq_ignore_ascii_case("all") => {
            if !input::is_workbook(path)? {
                return Ok(vec![file]);
            }
            let sheets = input::worksheets(path)?;
            Ok(sheets
                .into_iter()
                .map(|(sheet, _)| Spec {
                    name: format!(
                        "{name}{}",
                        Text::new(Msg::SheetPart)
                            .arg("sheet", sheet.as_str())
                            .render(request.lang)
                    ),
                    sheet: SheetChoice::Named(sheet),
                    no_header: NoHeader::Skip,
                    ..file.clone()
                })
                .collect())
        }
        Some(name) => Ok(vec![Spec {
            sheet: SheetChoice::Named(name.to_string()),
            ..file
        }]),
    }
}

/// A folder's roster files, sorted by name (by path when recursive): hidden files and Office's
/// `~$` lock files are not rosters.
fn folder_files(dir: &Path, recursive: bool) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut anything = false;
    let mut subfolders = false;
    walk(dir, recursive, &mut out, &mut anything, &mut subfolders)?;
    if out.is_empty() {
        let path = dir.display().to_string();
        return Err(Error::Said(if anything {
            let hint = if subfolders && !recursive {
                Text::new(Msg::HintRecursive).into()
            } else {
                crate::messages::Arg::Str(String::new())
            };
            Text::new(Msg::ErrFolderNoRoster)
                .arg("path", path)
                .arg("recursive", hint)
        } else {
            Text::new(Msg::ErrFolderEmpty).arg("path", path)
        }));
    }
    out.sort();
    Ok(out)
}

fn walk(
    dir: &Path,
    recursive: bool,
    out: &mut Vec<PathBuf>,
    anything: &mut bool,
    subfolders: &mut bool,
) -> Result<(), Error> {
    let io = |source| {
        Error::Input(input::InputError::Io {
            path: dir.to_path_buf(),
            source,
        })
    };
    let mut entries: Vec<(PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        *anything = true;
        // Through symbolic links, as for a file named on the command line.
        let is_dir = entry.path().is_dir();
        entries.push((entry.path(), is_dir));
    }
    entries.sort();
    for (path, is_dir) in entries {
        if is_dir {
            *subfolders = true;
            if recursive {
                walk(&path, recursive, out, anything, subfolders)?;
            }
        } else if is_roster_name(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Named like a file a roster is kept in.
fn is_roster_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ROSTER_EXTENSIONS.iter().any(|r| r.eq_ignore_ascii_case(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &Inputs) -> Vec<String> {
        inputs.specs.iter().map(|s| s.name.clone()).collect()
    }

    #[test]
    fn a_folder_gives_its_roster_files_sorted_without_hidden_or_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "b.csv",
            "a.xlsx",
            ".hidden.csv",
            "~$a.xlsx",
            "notes.docx",
            "c.TSV",
        ] {
            std::fs::write(d.join(name), "x").unwrap();
        }
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub").join("d.csv"), "x").unwrap();
        let given = [d.to_path_buf()];
        let request = Request {
            given: &given,
            ..Request::default()
        };
        let inputs = expand(&request).unwrap();
        assert_eq!(names(&inputs), ["a.xlsx", "b.csv", "c.TSV"]);
        assert_eq!(inputs.files[0], d.join("a.xlsx"));
        assert!(inputs.specs.iter().all(|s| s.no_header == NoHeader::Skip));
        let inputs = expand(&Request {
            recursive: true,
            ..request
        })
        .unwrap();
        assert_eq!(inputs.specs.len(), 4);
        assert_eq!(names(&inputs)[3], "sub/d.csv");
    }

    #[test]
    fn empty_and_roster_less_folders_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let given = [dir.path().to_path_buf()];
        let request = Request {
            given: &given,
            ..Request::default()
        };
        let e = expand(&request).unwrap_err();
        assert!(e.message(Lang::Zh).contains("文件夹是空的"), "{e}");
        std::fs::write(dir.path().join("说明.docx"), "x").unwrap();
        std::fs::create_dir(dir.path().join("县")).unwrap();
        let e = expand(&request).unwrap_err().message(Lang::Zh);
        assert!(e.contains("没有花名册文件"), "{e}");
        assert!(e.contains("--recursive"), "{e}");
    }

    #[test]
    fn the_same_file_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "x").unwrap();
        let given = [a.clone(), dir.path().join(".").join("a.csv")];
        let e = expand(&Request {
            given: &given,
            ..Request::default()
        })
        .unwrap_err();
        assert!(e.message(Lang::Zh).contains("是同一个文件"), "{e}");
        // A file named and found again in its folder.
        let given = [a, dir.path().to_path_buf()];
        assert!(
            expand(&Request {
                given: &given,
                ..Request::default()
            })
            .is_err()
        );
    }

    #[test]
    fn this_runs_report_in_the_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "x").unwrap();
        let out = dir.path().join("findings.csv");
        std::fs::write(&out, "x").unwrap();
        let given = [dir.path().to_path_buf()];
        let inputs = expand(&Request {
            given: &given,
            reports: vec![out.as_path()],
            ..Request::default()
        })
        .unwrap();
        assert_eq!(inputs.files, [dir.path().join("a.csv")]);
    }
}
