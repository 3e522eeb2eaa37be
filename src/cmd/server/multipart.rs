//! A `multipart/form-data` body (what a browser's `FormData` sends) split into its parts. The
//! whole body is already in memory and bounded by the upload limit, so this only slices it.

use memchr::memmem;

/// One part: its form field name, the file name the browser gave (for display only, never for
/// opening a file), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    pub filename: Option<String>,
    pub data: &'a [u8],
}

/// The boundary of a `multipart/form-data; boundary=…` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut pieces = content_type.split(';');
    let kind = pieces.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        // RFC 2046: 1 to 70 characters.
        (!value.is_empty() && value.len() <= 70).then(|| value.to_string())
    })
}

/// The parts of `body`, or `None` when it is not a well-formed multipart body.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let finder = memmem::Finder::new(next_delimiter.as_bytes());
    let mut rest = body.strip_prefix(delimiter.as_bytes())?;
    let mut parts = Vec::new();
    loop {
        // After a delimiter: "--" ends the body, CRLF starts a part.
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = memmem::find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(rest.get(..head_end)?).ok()?;
        let content = rest.get(head_end + 4..)?;
        let end = finder.find(content)?;
        let data = content.get(..end)?;
        rest = content.get(end + next_delimiter.len()..)?;
        let (name, filename) = disposition(head)?;
        parts.push(Part {
            name,
            filename,
            data,
        });
    }
}

/// `name` and `filename` of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
fn disposition(head: &str) -> Option<(String, Option<String>)> {
    let line = head.split("\r\n").find(|l| {
        l.split_once(':')
            .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
    })?;
    let (_, value) = line.split_once(':')?;
    let mut name = None;
    let mut filename = None;
    for piece in split_params(value) {
        let Some((key, v)) = piece.split_once('=') else {
            continue;
        };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        // Browsers escape a quote in a file name as %22 (WHATWG), so no unescaping is needed.
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(v.to_string()),
            "filename" => filename = Some(v.to_string()),
            _ => {}
        }
    }
    Some((name?, filename))
}

/// `; `-separated parameters, keeping a `;` inside quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.extend(value.get(start..i));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.extend(value.get(start..));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_body_splits_into_its_parts() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"a;b.csv\"\r\nContent-Type: text/csv\r\n\r\n\xe5\xa7\x93\xe5\x90\x8d\r\n--X\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n\r\n--XyZ--\r\n";
        let parts = parse(body, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "roster");
        assert_eq!(parts[0].filename.as_deref(), Some("a;b.csv"));
        // A line that merely starts like the delimiter stays in the data.
        assert_eq!(parts[0].data, "姓名\r\n--X\r\n".as_bytes());
        assert_eq!(parts[1].name, "config");
        assert_eq!(parts[1].filename, None);
        assert_eq!(parts[1].data, b"");
    }

    #[test]
    fn broken_bodies_are_refused_not_guessed() {
        assert_eq!(parse(b"", "XyZ"), None);
        assert_eq!(parse(b"--XyZ\r\nno blank line", "XyZ"), None);
        assert_eq!(
            parse(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
                "XyZ"
            ),
            None
        );
        assert_eq!(
            parse(b"--XyZ\r\nX-Other: 1\r\n\r\ndata\r\n--XyZ--", "XyZ"),
            None
        );
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=----WebKitFormBoundaryAbc").as_deref(),
            Some("----WebKitFormBoundaryAbc")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"q\"").as_deref(),
            Some("q")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
    }
}
