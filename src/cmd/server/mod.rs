//! `xibu serve`: a page on 127.0.0.1 where a clerk drops a roster and gets the same report as
//! `xibu check`, and the annotated workbook back. Nothing leaves the machine.
//!
//! It lives under `cmd/` (the command is `cmd/serve.rs`) because it answers as the commands do,
//! calling `check`'s steps and the `quota`/`scale` commands themselves: as a room of its own it
//! would import `cmd` while `cmd` imports it.
//!
//! Why tiny_http and not axum on tokio: the server has one user on the same machine, who sends a
//! request every few seconds at most. A blocking HTTP/1.1 server that hands requests to one loop
//! is all that needs, and the whole check is synchronous library code anyway. tiny_http adds four
//! small crates (ascii, chunked_transfer, httpdate, log) where axum brings tokio, hyper, tower and
//! about 44 more: a minimal server builds in 16 s instead of 64 s here, with the same latency
//! (0.2 ms), which a single local user could never see (docs/benchmarks.md).
//!
//! Safety, by default and not configurable away:
//! - the socket is bound to 127.0.0.1 only;
//! - every path starts with a per-start secret (128 random bits), which is in the URL printed at
//!   start; anything else is 404 with no listing;
//! - the Host header must be this server's own address (a DNS-rebinding page has its own name
//!   there) and an Origin header, when sent, must be this server's (a cross-site form or fetch);
//!   a `Sec-Fetch-Site: cross-site` request is refused too;
//! - uploads are bounded (`--max-upload`), refused with 413 and a message in both languages;
//! - uploaded files live in memory and, for the readers that take a path, in a private directory
//!   (mode 0700) removed as soon as the response is built; a client's file name is shown, never
//!   used to open or name a file;
//! - 身份证号 are masked on the page and in the JSON, as in every report.

mod check;
pub mod multipart;
mod page;

use std::collections::VecDeque;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use tiny_http::{Header, Method, Request, Response};

use crate::cmd::PlanArgs;
use crate::config::Config;
use crate::error::Error;
use crate::report::Lang;

pub use check::Stored;

/// The default upload limit, in MiB: every file of one request together.
pub const DEFAULT_MAX_UPLOAD_MIB: u64 = 100;
/// Results kept for downloads and the language switch; older ones are dropped.
const KEPT_RESULTS: usize = 4;
/// A body this much over the limit is not read to its end before the 413 (the browser would then
/// see the connection close instead of the message, so the page does not send such a body: it
/// shows the message itself).
pub const DRAIN_AT_MOST: u64 = 1 << 30;

/// What `xibu serve` was started with.
pub struct Settings {
    pub port: u16,
    pub plan: PlanArgs,
    pub config: Config,
    pub max_upload: u64,
}

/// A bound server, ready to [`Server::run`].
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    secret: String,
    settings: Settings,
    results: VecDeque<Stored>,
}

/// A text in both languages, for errors the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Both {
    pub zh: String,
    pub en: String,
}

impl Both {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Both {
        Both {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// 32 hex digits from the operating system's random source.
pub fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Usage(format!("no random numbers from the system: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Server {
    /// Binds 127.0.0.1 on `settings.port` (0: a free port the system picks).
    pub fn bind(settings: Settings) -> Result<Server, Error> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, settings.port));
        let http = tiny_http::Server::http(addr)
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| Error::Usage("the server has no IP address".to_string()))?;
        Ok(Server {
            http,
            port,
            secret: random_token()?,
            settings,
            results: VecDeque::new(),
        })
    }

    /// The page's address, secret included.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/{}/", self.port, self.secret)
    }

    /// Serves until `stop` is set (Ctrl-C), then returns. A request being handled is finished.
    pub fn run(&mut self, stop: &Arc<AtomicBool>) {
        while !stop.load(Ordering::Relaxed) {
            match self.http.recv_timeout(Duration::from_millis(200)) {
                Ok(Some(request)) => self.handle(request),
                Ok(None) => {}
                // A broken connection is that client's problem, not the server's.
                Err(_) => {}
            }
        }
    }

    fn handle(&mut self, mut request: Request) {
        if let Some(refusal) = self.refusal(&request) {
            drain(&mut request, 0);
            let _ = request.respond(refusal);
            return;
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let Some(rest) = path
            .strip_prefix('/')
            .and_then(|p| strip_secret(p, &self.secret))
        else {
            drain(&mut request, 0);
            let _ = request.respond(not_found());
            return;
        };
        let lang = query_lang(query).unwrap_or_else(|| accept_language(&request));
        let method = request.method().clone();
        let response = match (&method, rest) {
            (Method::Get, "") => {
                // `/SECRET` → `/SECRET/`, so that the page's relative links carry the secret.
                redirect(&format!("/{}/", self.secret))
            }
            (Method::Get, "/") => page::html(lang, self.settings.max_upload),
            (Method::Get, "/app.js") => page::asset(page::JS, "text/javascript; charset=utf-8"),
            (Method::Get, "/app.css") => page::asset(page::CSS, "text/css; charset=utf-8"),
            (Method::Post, "/api/check") => self.check(&mut request, lang),
            (Method::Get, "/api/quota") => check::quota(&self.settings.plan, query),
            (Method::Get, "/api/scale") => check::scale(&self.settings.plan, query),
            (Method::Get, api) => match api.strip_prefix("/api/result/") {
                Some(rest) => self.result(rest, lang),
                None => not_found(),
            },
            _ => not_found(),
        };
        drain(&mut request, 0);
        let _ = request.respond(response);
    }

    /// Why a request is refused before its path is looked at: a foreign Host or Origin.
    fn refusal(&self, request: &Request) -> Option<Response<std::io::Cursor<Vec<u8>>>> {
        let ours = |value: &str| {
            let v = value.trim().to_ascii_lowercase();
            v == format!("127.0.0.1:{}", self.port) || v == format!("localhost:{}", self.port)
        };
        let host = header(request, "Host");
        if !host.as_deref().is_some_and(ours) {
            return Some(refused(Both::new(
                "拒绝：请求的 Host 不是本机 xibu 的地址（可能是 DNS 重绑定攻击）。请使用终端中打印的地址。",
                "Refused: the request's Host is not this xibu server's address (a DNS-rebinding page?). Use the address printed in the terminal.",
            )));
        }
        if let Some(origin) = header(request, "Origin") {
            let ok = origin
                .strip_prefix("http://")
                .is_some_and(|rest| ours(rest.trim_end_matches('/')));
            if !ok {
                return Some(refused(Both::new(
                    "拒绝：来自其他网站的请求（跨站请求）。",
                    "Refused: a request from another site (cross-origin).",
                )));
            }
        }
        if header(request, "Sec-Fetch-Site").is_some_and(|s| s.eq_ignore_ascii_case("cross-site")) {
            return Some(refused(Both::new(
                "拒绝：来自其他网站的请求（跨站请求）。",
                "Refused: a request from another site (cross-site).",
            )));
        }
        None
    }

    fn check(&mut self, request: &mut Request, lang: Lang) -> Response<std::io::Cursor<Vec<u8>>> {
        let limit = self.settings.max_upload;
        let content_type = header(request, "Content-Type").unwrap_or_default();
        let Some(boundary) = multipart::boundary(&content_type) else {
            return error_json(
                415,
                Both::new(
                    "请求须为 multipart/form-data（由页面发送）。",
                    "The request must be multipart/form-data (as the page sends it).",
                ),
            );
        };
        let too_large = || {
            let mib = limit / (1 << 20);
            error_json(
                413,
                Both::new(
                    format!("上传的文件太大：一次最多 {mib} MiB（启动时可用 --max-upload 调整）。"),
                    format!(
                        "The upload is too large: at most {mib} MiB at a time (start with --max-upload to change it)."
                    ),
                ),
            )
        };
        if request.body_length().is_some_and(|n| n as u64 > limit) {
            drain(request, DRAIN_AT_MOST);
            return too_large();
        }
        let mut body = Vec::new();
        if request
            .as_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut body)
            .is_err()
        {
            return error_json(400, Both::new("上传中断。", "The upload was interrupted."));
        }
        if body.len() as u64 > limit {
            drain(request, DRAIN_AT_MOST);
            return too_large();
        }
        let Some(parts) = multipart::parse(&body, &boundary) else {
            return error_json(
                400,
                Both::new("上传的内容无法解析。", "The upload could not be parsed."),
            );
        };
        match check::run(&self.settings, &parts) {
            Ok(results) => {
                let mut views = Vec::new();
                for result in results {
                    match result {
                        Ok(stored) => {
                            views.push(check::view(&stored, lang));
                            self.results.push_back(stored);
                            while self.results.len() > KEPT_RESULTS {
                                self.results.pop_front();
                            }
                        }
                        Err(failure) => views.push(failure),
                    }
                }
                json(200, &serde_json::json!({ "results": views }))
            }
            Err(e) => error_json(422, e),
        }
    }

    /// `/api/result/ID`, `/api/result/ID/report.json`, `/api/result/ID/report.xlsx`.
    fn result(&mut self, rest: &str, lang: Lang) -> Response<std::io::Cursor<Vec<u8>>> {
        let (id, what) = rest.split_once('/').unwrap_or((rest, ""));
        let Some(stored) = self.results.iter_mut().find(|s| s.id == id) else {
            return error_json(
                404,
                Both::new(
                    "这份结果已不在内存中，请重新检查。",
                    "This result is no longer kept; check the file again.",
                ),
            );
        };
        match what {
            "" => json(200, &check::view(stored, lang)),
            "report.json" => download(
                check::report_json(stored, lang).into_bytes(),
                "application/json; charset=utf-8",
                &format!("{}.xibu-report.json", stored.stem()),
            ),
            "report.xlsx" => match stored.xlsx() {
                Ok(bytes) => download(
                    bytes,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    &format!("{}.问题标注.xlsx", stored.stem()),
                ),
                Err(e) => error_json(422, e),
            },
            _ => not_found(),
        }
    }
}

/// The path after `SECRET`, when the path starts with it. Compared in constant time, so that
/// response times say nothing about how much of a guess was right.
fn strip_secret<'a>(path: &'a str, secret: &str) -> Option<&'a str> {
    let head = path.as_bytes().get(..secret.len())?;
    let diff = head
        .iter()
        .zip(secret.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if diff != 0 {
        return None;
    }
    let rest = path.get(secret.len()..)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

/// `lang=en` / `lang=zh` in the query.
fn query_lang(query: &str) -> Option<Lang> {
    query.split('&').find_map(|kv| match kv {
        "lang=en" => Some(Lang::En),
        "lang=zh" => Some(Lang::Zh),
        _ => None,
    })
}

/// Chinese unless the browser's first choice between Chinese and English is English.
fn accept_language(request: &Request) -> Lang {
    let value = header(request, "Accept-Language").unwrap_or_default();
    lang_of(&value)
}

fn lang_of(accept: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for item in accept.split(',') {
        let mut pieces = item.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let lang = if tag == "zh" || tag.starts_with("zh-") {
            Lang::Zh
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Zh, |(_, l)| l)
}

/// Reads what is left of a request body (up to `at_most` bytes), so that the browser sees the
/// response rather than a connection reset while it is still sending.
fn drain(request: &mut Request, at_most: u64) {
    let at_most = if at_most == 0 { 1 << 20 } else { at_most };
    let _ = std::io::copy(&mut request.as_reader().take(at_most), &mut std::io::sink());
}

fn with_header(
    response: Response<std::io::Cursor<Vec<u8>>>,
    name: &str,
    value: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// Every response: no caching, no framing, no sniffing, no referrer (the URL holds the secret),
/// and a content security policy that allows this server's own page and nothing else.
fn secured(response: Response<std::io::Cursor<Vec<u8>>>) -> Response<std::io::Cursor<Vec<u8>>> {
    [
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ]
    .iter()
    .fold(response, |r, (k, v)| with_header(r, k, v))
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    secured(with_header(
        Response::from_data(body).with_status_code(status),
        "Content-Type",
        content_type,
    ))
}

fn json<T: Serialize>(status: u16, value: &T) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_vec(value).unwrap_or_default();
    respond(status, "application/json; charset=utf-8", body)
}

fn error_json(status: u16, message: Both) -> Response<std::io::Cursor<Vec<u8>>> {
    json(status, &serde_json::json!({ "error": message }))
}

fn refused(message: Both) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(
        403,
        "text/plain; charset=utf-8",
        format!("{}\n{}\n", message.zh, message.en).into_bytes(),
    )
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    respond(
        404,
        "text/plain; charset=utf-8",
        "找不到此页面。请使用 xibu serve 在终端中打印的完整地址。\nNot found. Use the full address xibu serve printed in the terminal.\n"
            .as_bytes()
            .to_vec(),
    )
}

fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_header(
        respond(302, "text/plain; charset=utf-8", Vec::new()),
        "Location",
        to,
    )
}

fn download(
    body: Vec<u8>,
    content_type: &str,
    filename: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(filename)
    );
    with_header(
        respond(200, content_type, body),
        "Content-Disposition",
        &disposition,
    )
}

/// RFC 5987 encoding of a file name.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Opens `url` in the user's browser. `XIBU_BROWSER`, when set, names the program to run instead
/// (the tests use it, so that `--open` is harmless there).
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = match std::env::var_os("XIBU_BROWSER") {
        Some(program) => std::process::Command::new(program),
        None if cfg!(target_os = "windows") => {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        }
        None if cfg!(target_os = "macos") => std::process::Command::new("open"),
        None => std::process::Command::new("xdg-open"),
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// A private directory for one request's files, removed when dropped.
pub struct PrivateDir {
    pub path: PathBuf,
}

impl PrivateDir {
    pub fn new() -> Result<PrivateDir, Error> {
        let path = std::env::temp_dir().join(format!("xibu-serve-{}", random_token()?));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        // `create`, not `create_all`: the name is fresh and random, so it must not exist yet.
        builder.create(&path)?;
        Ok(PrivateDir { path })
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_must_be_the_whole_first_segment() {
        let s = "0123456789abcdef0123456789abcdef";
        assert_eq!(strip_secret(&format!("{s}/app.js"), s), Some("/app.js"));
        assert_eq!(strip_secret(s, s), Some(""));
        assert_eq!(strip_secret(&format!("{s}x/app.js"), s), None);
        assert_eq!(strip_secret("0123456789abcdef0123456789abcdee/", s), None);
        assert_eq!(strip_secret("short", s), None);
    }

    #[test]
    fn english_only_when_the_browser_prefers_it_to_chinese() {
        assert_eq!(lang_of(""), Lang::Zh);
        assert_eq!(lang_of("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(lang_of("en-US,en;q=0.9"), Lang::En);
        assert_eq!(lang_of("en-US;q=0.5,zh-CN;q=0.9"), Lang::Zh);
        assert_eq!(lang_of("fr-FR,de"), Lang::Zh);
    }

    #[test]
    fn tokens_are_random_and_hex() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn the_private_directory_is_removed_when_dropped() {
        let dir = PrivateDir::new().unwrap();
        let path = dir.path.clone();
        std::fs::write(path.join("roster.csv"), "x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        drop(dir);
        assert!(!path.exists());
    }
}
