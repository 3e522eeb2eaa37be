//! Times `xibu serve` on one roster, side by side with `xibu check` on the same file:
//! - `check --format json`, and `check --format json --report-xlsx` (serve builds the workbook
//!   when it is downloaded, not before the result is shown);
//! - the HTTP upload round trip: POST the file to the page's API, read the whole answer; then
//!   the first download of its annotated workbook;
//! - in headless Chromium: from the file input's change event to the result drawn on the page
//!   (the page's own clock), and from WebDriver's "send keys" to the result seen (outside clock).
//!
//! ```sh
//! cargo build --release --bin xibu --example gen_roster --example serve_bench
//! target/release/examples/gen_roster --rows 20000 --out /tmp/roster-20k.xlsx --violations 0.01
//! target/release/examples/serve_bench /tmp/roster-20k.xlsx 7
//! ```
//! Needs chromium and chromedriver, as the browser tests do. Prints medians in milliseconds.

#[path = "../tests/common/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use webdriver::{Browser, raw_request};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let roster = PathBuf::from(args.next().expect("usage: serve_bench ROSTER [RUNS]"));
    let roster = std::fs::canonicalize(&roster).expect("the roster exists");
    let runs: usize = args
        .next()
        .map_or(7, |r| r.parse().expect("RUNS is a number"));
    let xibu = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("xibu");
    assert!(xibu.is_file(), "build xibu first: {}", xibu.display());
    let size = std::fs::metadata(&roster).unwrap().len();
    println!(
        "roster {} ({:.1} MB), {runs} runs, medians in ms",
        roster.display(),
        size as f64 / 1e6
    );

    let work = tempfile::tempdir().unwrap();
    let time_check = |extra: &[&str]| {
        let mut times = Vec::new();
        for i in 0..runs {
            let out = work.path().join(format!("r{i}.xlsx"));
            let started = Instant::now();
            let mut c = Command::new(&xibu);
            c.args(["check", "--format", "json"]).arg(&roster);
            if !extra.is_empty() {
                c.args(extra).arg(&out).arg("--force");
            }
            let status = c
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            times.push(ms(started.elapsed()));
            assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
        }
        median(times)
    };
    println!(
        "check --format json:                  {:8.1}",
        time_check(&[])
    );
    println!(
        "check --format json --report-xlsx:    {:8.1}",
        time_check(&["--report-xlsx"])
    );

    let mut child = Command::new(&xibu)
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_string();
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, secret) = rest.split_once('/').unwrap();
    let secret = secret.trim_end_matches('/');

    let data = std::fs::read(&roster).unwrap();
    let boundary = "xibuBench";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"{}\"\r\n\r\n",
        roster.file_name().unwrap().to_string_lossy()
    )
    .into_bytes();
    body.extend_from_slice(&data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let mut http = Vec::new();
    let mut workbook = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let r = raw_request(
            addr,
            "POST",
            &format!("/{secret}/api/check"),
            &[("Host", addr), ("Content-Type", &content_type)],
            &body,
        );
        http.push(ms(started.elapsed()));
        assert_eq!(r.status, 200, "{}", r.text());
        let id = r.json()["results"][0]["id"].as_str().unwrap().to_string();
        let started = Instant::now();
        let x = raw_request(
            addr,
            "GET",
            &format!("/{secret}/api/result/{id}/report.xlsx"),
            &[("Host", addr)],
            b"",
        );
        workbook.push(ms(started.elapsed()));
        assert_eq!(x.status, 200);
    }
    println!("serve: HTTP upload round trip:        {:8.1}", median(http));
    println!(
        "serve: HTTP annotated workbook:       {:8.1}",
        median(workbook)
    );

    let downloads = tempfile::tempdir().unwrap();
    let browser = Browser::start(downloads.path(), 1280, 900);
    let mut page = Vec::new();
    let mut outside = Vec::new();
    for _ in 0..runs {
        browser.goto(&url);
        browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
        let input = browser.find("#roster-input");
        let started = Instant::now();
        browser.send_keys(&input, path_text(&roster));
        browser.wait_for(
            "the result",
            "return document.body.dataset.ms !== undefined",
            120,
        );
        outside.push(ms(started.elapsed()));
        let shown = browser.script("return Number(document.body.dataset.ms)");
        page.push(shown.as_f64().unwrap());
    }
    println!(
        "serve: browser, drop → result drawn:  {:8.1}  (page clock)",
        median(page)
    );
    println!(
        "serve: browser, send keys → seen:     {:8.1}  (outside clock, 50 ms polling)",
        median(outside)
    );
    drop(browser);
    let _ = child.kill();
    let _ = child.wait();
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}
