//! The page and its assets, compiled into the binary: the page works offline and loads nothing
//! from anywhere but this server.

use tiny_http::Response;

use super::respond;
use crate::report::Lang;

const HTML: &str = include_str!("assets/index.html");
pub const JS: &str = include_str!("assets/app.js");
pub const CSS: &str = include_str!("assets/app.css");

/// The page, in the language the browser asked for (the page's switch changes it later).
/// `max_upload` is the server's limit in bytes: the page refuses by itself only what the server
/// would not read to its end (see [`super::DRAIN_AT_MOST`]); the rest gets the server's 413.
pub fn html(lang: Lang, max_upload: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = HTML
        .replace(
            "{{LANG}}",
            match lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            },
        )
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .replace("{{MAX_UPLOAD}}", &max_upload.to_string())
        .replace(
            "{{REFUSE_ABOVE}}",
            &max_upload.saturating_add(super::DRAIN_AT_MOST).to_string(),
        );
    respond(200, "text/html; charset=utf-8", page.into_bytes())
}

pub fn asset(text: &str, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(200, content_type, text.as_bytes().to_vec())
}
