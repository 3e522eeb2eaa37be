//! Files xibu writes (`template`, `config init`, and reports): written whole through a temporary
//! file and a rename, and never over an existing file unless the user says `--force`.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

pub fn exists(path: &Path) -> bool {
    // A dangling symbolic link counts: writing through it would surprise.
    fs::symlink_metadata(path).is_ok()
}

pub fn refusal(path: &Path) -> Error {
    Error::Usage(format!(
        "{} already exists; pass --force to overwrite it",
        path.display()
    ))
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Error {
    Error::Usage(format!("cannot write {}: {e}", path.display()))
}

/// A temporary file that is removed when dropped, unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place,
/// so that `path` is either the old file or the whole new one. Without `force`, an existing
/// `path` is never replaced, even one created while the workbook was being written.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    let Some(name) = path.file_name() else {
        return Err(Error::Usage(format!(
            "{} is not a file name; give -o a file to write",
            path.display()
        )));
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let mut temp = TempFile {
        path: dir.join(temp_name),
        keep: false,
    };
    let mut file: File = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp.path)
        .map_err(|e| cannot_write(path, &e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| cannot_write(path, &e))?;
    drop(file);
    if !force {
        // A hard link never replaces an existing file; the temporary name is removed on drop.
        match fs::hard_link(&temp.path, path) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(refusal(path)),
            // Links not supported here: check again and rename.
            Err(_) if exists(path) => return Err(refusal(path)),
            Err(_) => {}
        }
    }
    fs::rename(&temp.path, path).map_err(|e| cannot_write(path, &e))?;
    temp.keep = true;
    Ok(())
}

/// Whether two paths name the same file; the second may not exist yet.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = fs::canonicalize(p) {
            return Some(c);
        }
        let parent = p
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    matches!((canon(a), canon(b)), (Some(x), Some(y)) if x == y)
}
