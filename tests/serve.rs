//! `xibu serve`: the page in a real headless Chromium over WebDriver, and the server's refusals
//! over plain HTTP. Chromium and chromedriver must be installed; these tests fail when they are
//! not (see tests/common/webdriver.rs).

#[path = "common/webdriver.rs"]
mod webdriver;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Reader, open_workbook_auto};
use serde_json::Value;
use webdriver::{Browser, raw_request};

/// A running `xibu serve`, stopped with SIGINT (as Ctrl-C) when dropped.
struct Serve {
    child: Child,
    url: String,
    addr: String,
    secret: String,
    /// The server's TMPDIR: uploads must not outlive their response there.
    tmp: tempfile::TempDir,
    stderr: PathBuf,
    _work: tempfile::TempDir,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        Serve::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Serve {
        let tmp = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        let stderr = work.path().join("stderr.txt");
        let mut child = Command::new(env!("CARGO_BIN_EXE_xibu"))
            .arg("serve")
            .args(args)
            .env("TMPDIR", tmp.path())
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        let rest = url.strip_prefix("http://").expect("an http URL on stdout");
        let (addr, path) = rest.split_once('/').unwrap();
        Serve {
            child,
            addr: addr.to_string(),
            secret: path.trim_end_matches('/').to_string(),
            url,
            tmp,
            stderr,
            _work: work,
        }
    }

    fn get(&self, path: &str) -> webdriver::HttpResponse {
        raw_request(&self.addr, "GET", path, &[("Host", &self.addr)], b"")
    }

    /// Files left in the server's temporary directory.
    fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    /// Ctrl-C, and the exit status.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap()
                .success()
        );
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "xibu serve did not stop on SIGINT"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Saves a screenshot under target/serve-screenshots/, and also in $XIBU_SCREENSHOTS (the
/// README's docs/img) when that is set.
fn save_screenshot(name: &str, png: &[u8]) {
    save_screenshot_to(name, png, true);
}

fn save_screenshot_to(name: &str, png: &[u8], readme: bool) {
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screenshots");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(name), png).unwrap();
    if let Some(dir) = std::env::var_os("XIBU_SCREENSHOTS").filter(|_| readme) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

/// `xibu check FILE --format json`, parsed.
fn check_json(file: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `xibu check A B … --format json`: several files as one roster, parsed.
fn check_json_all(files: &[&Path]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_xibu"))
        .args(["check", "--format", "json"])
        .args(files)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn counts_by_rule(findings: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts
            .entry(f["rule"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

/// Every 身份证号 of a roster, read as check reads them.
fn id_numbers(file: &Path) -> Vec<String> {
    let roster = xibu::roster::Roster::read(file, &Default::default()).unwrap();
    roster
        .records
        .iter()
        .filter_map(|r| r.id_number.value().cloned())
        .filter(|id| id.len() == 18)
        .collect()
}

fn wait_for_file(dir: &Path, extension: &str) -> PathBuf {
    let started = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == extension));
        if let Some(path) = found {
            return path;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no .{extension} download in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_page_checks_a_dropped_roster_as_check_does() {
    let roster = example("roster-violations.xlsx");
    let expected = check_json(&roster);
    let expected_findings = expected["findings"].as_array().unwrap();
    let expected_counts = counts_by_rule(expected_findings);
    // The example fires every rule of the catalog.
    let all: Vec<&str> = xibu::rules::ALL.iter().map(|r| r.meta.id).collect();
    assert_eq!(
        expected_counts
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        {
            let mut ids = all.clone();
            ids.sort_unstable();
            ids
        }
    );

    let mut serve = Serve::start(&[]);
    let downloads = tempfile::tempdir().unwrap();
    let browser = Browser::start(downloads.path(), 1280, 900);
    browser.goto(&serve.url);
    browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
    // Chinese by default: the browser asks for zh-CN.
    assert_eq!(
        browser.script("return document.documentElement.lang"),
        "zh-CN"
    );
    assert!(
        browser
            .text(&browser.find("h1"))
            .contains("西部计划名册检查")
    );
    save_screenshot("serve-start.png", &browser.screenshot());

    let input = browser.find("#roster-input");
    browser.send_keys(&input, roster.to_str().unwrap());
    browser.wait_for(
        "the result",
        "return document.querySelector('.result') !== null || !document.getElementById('error').hidden",
        60,
    );
    assert_eq!(
        browser.script("return document.getElementById('error').hidden"),
        Value::Bool(true),
        "{}",
        browser.text(&browser.find("#error"))
    );
    // The uploads are gone once the response is sent.
    assert_eq!(serve.leftovers(), Vec::<PathBuf>::new());

    // Every finding of `xibu check --format json`, rule by rule, and the same totals.
    let page_rules = browser
        .script("return [...document.querySelectorAll('tr.finding')].map(tr => tr.dataset.rule)");
    let page_rules: Vec<Value> = page_rules.as_array().unwrap().clone();
    assert_eq!(
        counts_by_rule(
            &page_rules
                .iter()
                .map(|r| serde_json::json!({ "rule": r }))
                .collect::<Vec<_>>()
        ),
        expected_counts
    );
    let summary = &expected["summary"];
    for (key, word) in [
        ("errors", "错误"),
        ("warnings", "警告"),
        ("notices", "提示"),
    ] {
        let shown = browser.text(&browser.find(&format!("[data-count={key}]")));
        assert_eq!(shown, format!("{word} {}", summary[key]), "{key}");
    }
    // Each rule is a group with its title and count.
    let groups = browser
        .script("return [...document.querySelectorAll('.rule-group h3')].map(h => h.textContent)");
    assert_eq!(groups.as_array().unwrap().len(), all.len());
    assert!(groups[0].as_str().unwrap().starts_with("S01 "), "{groups}");
    // The summary: every share against its limit, ✓/✗ as the rules decided (青海 100% > 70%).
    let qinghai = browser.script(
        "return [...document.querySelectorAll('table.shares tr')].map(tr => tr.innerText).find(t => t.startsWith('青海'))",
    );
    let qinghai = qinghai.as_str().expect("a 青海 summary row");
    assert!(qinghai.contains("4/4 100.00% ✗"), "{qinghai}");
    assert!(
        browser.script("return document.querySelector('table.shares').innerText.includes('✓')")
            == Value::Bool(true)
    );
    // 身份证号 are masked on the page.
    let page_text = browser.script("return document.body.innerText");
    let page_text = page_text.as_str().unwrap();
    let ids = id_numbers(&roster);
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(!page_text.contains(id.as_str()), "{id} shown in full");
    }
    assert!(page_text.contains("P01"));
    browser.resize(1280, 1500);
    save_screenshot("serve-result.png", &browser.screenshot());
    browser.resize(1280, 2400);
    save_screenshot_to("serve-result-full.png", &browser.screenshot(), false);
    browser.resize(1280, 900);

    // The filters hide what they should and nothing else.
    let visible = |browser: &Browser| {
        browser
            .script("return [...document.querySelectorAll('tr.finding')].filter(tr => !tr.hidden).map(tr => [tr.dataset.severity, tr.dataset.rule, tr.dataset.province])")
            .as_array()
            .unwrap()
            .clone()
    };
    let set = |browser: &Browser, class: &str, value: &str| {
        browser.script(&format!(
            "const s = document.querySelector('.{class}'); s.value = '{value}'; s.dispatchEvent(new Event('change')); return true"
        ));
    };
    set(&browser, "filter-severity", "warning");
    let warnings = visible(&browser);
    assert_eq!(warnings.len() as u64, summary["warnings"].as_u64().unwrap());
    assert!(warnings.iter().all(|v| v[0] == "warning"));
    set(&browser, "filter-severity", "");
    set(&browser, "filter-rule", "I01");
    assert_eq!(visible(&browser).len(), expected_counts["I01"]);
    set(&browser, "filter-rule", "");
    set(&browser, "filter-province", "青海");
    let qinghai_rows = visible(&browser);
    assert!(!qinghai_rows.is_empty() && qinghai_rows.len() < page_rules.len());
    assert!(qinghai_rows.iter().all(|v| v[2] == "青海"));
    set(&browser, "filter-province", "");
    assert_eq!(visible(&browser).len(), page_rules.len());

    // The annotated workbook downloads and opens.
    browser.click(&browser.find("a.download-xlsx"));
    let xlsx = wait_for_file(downloads.path(), "xlsx");
    let mut workbook = open_workbook_auto(&xlsx).unwrap();
    let sheets = workbook.sheet_names();
    assert!(sheets.contains(&"问题清单".to_string()), "{sheets:?}");
    assert!(sheets.contains(&"汇总".to_string()), "{sheets:?}");
    let findings_sheet = workbook.worksheet_range("问题清单").unwrap();
    assert_eq!(findings_sheet.height(), expected_findings.len() + 1);
    // Built from the upload kept in memory, in a private directory that is gone again.
    assert_eq!(serve.leftovers(), Vec::<PathBuf>::new());

    // The JSON download is the xibu-report/1 document of `check --format json`.
    let href =
        browser.script("return document.querySelector('a.download-json').getAttribute('href')");
    let json = serve.get(&format!("/{}/{}", serve.secret, href.as_str().unwrap()));
    assert_eq!(json.status, 200);
    assert!(
        json.header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let mut doc = json.json();
    assert_eq!(doc["schema"], "xibu-report/1");
    assert_eq!(doc["input"]["file"], "roster-violations.xlsx");
    doc["input"]["file"] = expected["input"]["file"].clone();
    assert_eq!(doc, expected);
    for id in &ids {
        assert!(!json.text().contains(id.as_str()));
    }

    // A look-up on the same page: `xibu quota 新疆 山东` is 187.
    let service = browser.find("#quota-form input[name=service]");
    browser.send_keys(&service, "新疆");
    browser.send_keys(&browser.find("#quota-form input[name=recruit]"), "山东");
    browser.click(&browser.find("#quota-form button"));
    browser.wait_for(
        "the quota",
        "return document.querySelector('#lookup-result td') !== null",
        20,
    );
    let lookup = browser.text(&browser.find("#lookup-result"));
    assert!(lookup.contains("187"), "{lookup}");

    // The language switch: English words from the server, not a translation in the page.
    browser.click(&browser.find("#lang-switch"));
    browser.wait_for(
        "English findings",
        "return document.querySelector('.result h3') !== null && document.body.innerText.includes('Findings')",
        20,
    );
    let english = browser.text(&browser.find("[data-count=errors]"));
    assert_eq!(english, format!("errors {}", summary["errors"]));
    let en_message = expected_findings[0]["message"].as_str().unwrap();
    assert!(
        !browser
            .script("return document.body.innerText")
            .as_str()
            .unwrap()
            .contains(en_message),
        "still Chinese"
    );

    // A drop of two files (a drop event carrying them, as the OS gives it): one roster, as
    // `xibu check roster.xlsx roster-violations.xlsx` checks them (#12).
    browser.goto(&serve.url);
    browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
    browser.script(
        "const i = document.createElement('input'); i.type = 'file'; i.multiple = true; \
         i.id = 'test-drop-source'; document.body.append(i); return true",
    );
    let clean = example("roster.xlsx");
    browser.send_keys(
        &browser.find("#test-drop-source"),
        &format!("{}\n{}", clean.display(), roster.display()),
    );
    browser.script(
        "const dt = new DataTransfer(); \
         for (const f of document.getElementById('test-drop-source').files) dt.items.add(f); \
         document.getElementById('drop').dispatchEvent(new DragEvent('drop', \
           { dataTransfer: dt, bubbles: true, cancelable: true })); return true",
    );
    browser.wait_for(
        "one result",
        "return document.querySelectorAll('.result h2').length === 1 && \
         document.querySelector('.result h2').textContent.includes('、')",
        60,
    );
    let names = browser
        .script("return [...document.querySelectorAll('.result h2')].map(h => h.textContent)");
    assert_eq!(
        names,
        serde_json::json!(["roster.xlsx、roster-violations.xlsx"])
    );
    let both = check_json_all(&[clean.as_path(), roster.as_path()]);
    let errors = browser.script(
        "return [...document.querySelectorAll('[data-count=errors]')].map(e => e.textContent)",
    );
    assert_eq!(
        errors,
        serde_json::json!([format!("错误 {}", both["summary"]["errors"])])
    );
    // Rows are told with their files' names: 与 roster.xlsx 第 N 行重复, and each file's rows.
    let page = browser.script("return document.body.innerText");
    let page = page.as_str().unwrap();
    assert!(page.contains("身份证号与 roster.xlsx 第 "), "{page}");
    assert!(page.contains("roster-violations.xlsx 第 "), "{page}");

    drop(browser);
    let status = serve.interrupt();
    assert!(status.success(), "{status:?}");
    let stderr = std::fs::read_to_string(&serve.stderr).unwrap();
    assert!(stderr.contains("stopped"), "{stderr}");
}

#[test]
fn an_oversized_upload_gets_its_message_on_the_page() {
    let serve = Serve::start(&["--max-upload", "1"]);
    let work = tempfile::tempdir().unwrap();
    let big = work.path().join("大名册.csv");
    let mut text = String::from("姓名,身份证号\n");
    while text.len() < 1_200_000 {
        text.push_str("张三,110105194912310021\n");
    }
    std::fs::write(&big, text).unwrap();
    let small = work.path().join("小名册.csv");
    std::fs::write(&small, "姓名\n张三\n").unwrap();

    let browser = Browser::start(work.path(), 1280, 700);
    browser.goto(&serve.url);
    browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
    browser.send_keys(&browser.find("#roster-input"), big.to_str().unwrap());
    browser.wait_for(
        "the message",
        "return !document.getElementById('error').hidden",
        60,
    );
    let message = browser.text(&browser.find("#error"));
    assert!(message.contains("上传的文件太大"), "{message}");
    assert!(message.contains("1 MiB"), "{message}");
    save_screenshot("serve-too-large.png", &browser.screenshot());
    let sent = "return performance.getEntriesByType('resource').filter(e => e.name.includes('api/check')).length";
    assert_eq!(browser.script(sent), serde_json::json!(1));
    assert_eq!(serve.leftovers(), Vec::<PathBuf>::new());

    // A file so large that the server would not read it to its end is refused by the page
    // itself, with the same words (a sparse file: nothing of it is read).
    let huge = work.path().join("巨大.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len((1 << 30) + (2 << 20))
        .unwrap();
    browser.goto(&serve.url);
    browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
    browser.send_keys(&browser.find("#roster-input"), huge.to_str().unwrap());
    browser.wait_for(
        "the message",
        "return !document.getElementById('error').hidden",
        10,
    );
    assert_eq!(browser.text(&browser.find("#error")), message);
    assert_eq!(
        browser.script(sent),
        serde_json::json!(0),
        "the page sent the huge file"
    );

    // Under the limit the same page reads the file (and says what is wrong with it).
    browser.goto(&serve.url);
    browser.wait_for("the page", "return document.body.dataset.ready === '1'", 20);
    browser.send_keys(&browser.find("#roster-input"), small.to_str().unwrap());
    browser.wait_for(
        "the message",
        "return !document.getElementById('error').hidden",
        60,
    );
    let message = browser.text(&browser.find("#error"));
    assert!(!message.contains("太大"), "{message}");
    assert!(message.contains("小名册.csv"), "{message}");
    assert!(
        !message.contains("xibu-serve-"),
        "a private path leaked: {message}"
    );
}

fn multipart(boundary: &str, name: &str, filename: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

#[test]
fn foreign_hosts_cross_origin_posts_and_wrong_secrets_are_refused() {
    let serve = Serve::start(&[]);
    let page = format!("/{}/", serve.secret);
    let check = format!("/{}/api/check", serve.secret);
    let own_origin = format!("http://{}", serve.addr);
    let boundary = "xibuTestBoundary";
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let body = multipart(
        boundary,
        "roster",
        "roster.xlsx",
        &std::fs::read(example("roster.xlsx")).unwrap(),
    );
    let post = |headers: &[(&str, &str)]| raw_request(&serve.addr, "POST", &check, headers, &body);

    // The page itself, with its own Host (127.0.0.1 or localhost), and its safety headers.
    let ok = serve.get(&page);
    assert_eq!(ok.status, 200);
    assert!(ok.text().contains("西部计划名册检查"));
    assert!(
        ok.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(ok.header("referrer-policy"), Some("no-referrer"));
    let port = serve.addr.rsplit(':').next().unwrap();
    let localhost = format!("localhost:{port}");
    assert_eq!(
        raw_request(&serve.addr, "GET", &page, &[("Host", &localhost)], b"").status,
        200
    );

    // Every text of the page has its words in both languages of the script.
    let script = serve.get(&format!("/{}/app.js", serve.secret)).text();
    let html = ok.text();
    for attr in ["data-i18n=\"", "data-i18n-placeholder=\""] {
        for piece in html.split(attr).skip(1) {
            let key = piece.split('"').next().unwrap();
            let defined = script.matches(&format!("\"{key}\":")).count()
                + script.matches(&format!(" {key}:")).count();
            assert!(defined >= 2, "{key} is not in both languages of app.js");
        }
    }

    // The look-ups are the commands' own answers: `xibu scale 新疆`, `xibu quota 新疆 西藏`.
    let scale = serve
        .get(&format!(
            "/{}/api/scale?province=%E6%96%B0%E7%96%86",
            serve.secret
        ))
        .json();
    assert_eq!(scale["found"], true);
    assert_eq!(scale["rows"][0][0], "新疆");
    assert_eq!(scale["rows"][0][1], "3154");
    let absent = serve
        .get(&format!(
            "/{}/api/quota?service=%E6%96%B0%E7%96%86&recruit=%E8%A5%BF%E8%97%8F",
            serve.secret
        ))
        .json();
    assert_eq!(absent["found"], false);
    assert!(
        absent["note"].as_str().unwrap().contains("not in the plan"),
        "{absent}"
    );
    let unknown = serve.get(&format!(
        "/{}/api/scale?province=%E5%B1%B1%E5%86%AC",
        serve.secret
    ));
    assert_eq!(unknown.status, 422);
    assert!(
        unknown.text().contains("山东"),
        "did you mean: {}",
        unknown.text()
    );

    // English when the browser prefers it, or when asked.
    let english = raw_request(
        &serve.addr,
        "GET",
        &page,
        &[
            ("Host", &serve.addr),
            ("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5"),
        ],
        b"",
    );
    assert!(english.text().contains("data-lang=\"en\""));
    assert!(ok.text().contains("data-lang=\"zh\""));
    assert!(
        serve
            .get(&format!("{page}?lang=en"))
            .text()
            .contains("data-lang=\"en\"")
    );

    // DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own Host.
    let evil_host = format!("evil.example:{port}");
    let refused = raw_request(&serve.addr, "GET", &page, &[("Host", &evil_host)], b"");
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("Host"));
    let no_host = raw_request(&serve.addr, "GET", &page, &[], b"");
    assert_eq!(no_host.status, 403);

    // A cross-site POST (a form or fetch on another site) carries that site's Origin.
    let cross = post(&[
        ("Host", &serve.addr),
        ("Origin", "http://evil.example"),
        ("Content-Type", &content_type),
    ]);
    assert_eq!(cross.status, 403);
    assert!(cross.text().contains("跨站"));
    let cross_port = post(&[
        ("Host", &serve.addr),
        ("Origin", "http://127.0.0.1:1"),
        ("Content-Type", &content_type),
    ]);
    assert_eq!(cross_port.status, 403);
    let fetch_site = post(&[
        ("Host", &serve.addr),
        ("Sec-Fetch-Site", "cross-site"),
        ("Content-Type", &content_type),
    ]);
    assert_eq!(fetch_site.status, 403);
    // The same POST from the page's own origin is checked.
    let same = post(&[
        ("Host", &serve.addr),
        ("Origin", &own_origin),
        ("Content-Type", &content_type),
    ]);
    assert_eq!(same.status, 200, "{}", same.text());
    let results = same.json();
    assert_eq!(results["results"][0]["summary"]["errors"], 0);
    assert_eq!(results["results"][0]["name"], "roster.xlsx");

    // Without the secret, or with a wrong one, nothing: no page, no API, no listing.
    let wrong = format!("/{}/", "0".repeat(32));
    for path in [
        "/",
        "/api/check",
        "/app.js",
        wrong.as_str(),
        &format!("/{}x/", serve.secret),
        &format!("/{}/assets/", serve.secret),
        &format!("/{}/../Cargo.toml", serve.secret),
        &format!("/{}/api/result/../../Cargo.toml", serve.secret),
    ] {
        assert_eq!(serve.get(path).status, 404, "{path}");
    }
    let no_secret = raw_request(
        &serve.addr,
        "POST",
        "/api/check",
        &[("Host", &serve.addr), ("Content-Type", &content_type)],
        &body,
    );
    assert_eq!(no_secret.status, 404);

    // A file type xibu does not read is refused by its name, and nothing is written for it.
    let exe = multipart(boundary, "roster", "../../evil.exe", b"MZ");
    let refused = raw_request(
        &serve.addr,
        "POST",
        &check,
        &[("Host", &serve.addr), ("Content-Type", &content_type)],
        &exe,
    );
    assert_eq!(refused.status, 200);
    let error = &refused.json()["results"][0]["error"]["zh"];
    assert!(error.as_str().unwrap().contains("evil.exe"), "{error}");
    assert_eq!(serve.leftovers(), Vec::<PathBuf>::new());

    // Too large, without a browser: 413 and the message in both languages.
    let limited = Serve::start(&["--max-upload", "1"]);
    let big = multipart(boundary, "roster", "big.csv", &vec![b'a'; 2 << 20]);
    let too_large = raw_request(
        &limited.addr,
        "POST",
        &format!("/{}/api/check", limited.secret),
        &[("Host", &limited.addr), ("Content-Type", &content_type)],
        &big,
    );
    assert_eq!(too_large.status, 413);
    let message = too_large.json();
    assert!(message["error"]["zh"].as_str().unwrap().contains("太大"));
    assert!(
        message["error"]["en"]
            .as_str()
            .unwrap()
            .contains("too large")
    );
}

#[test]
fn open_starts_the_browser_on_the_page() {
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("browser.sh");
    let seen = work.path().join("seen.txt");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let serve = Serve::start_with(&["--open"], &[("XIBU_BROWSER", script.to_str().unwrap())]);
    let started = Instant::now();
    while !seen.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "--open ran nothing"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(std::fs::read_to_string(&seen).unwrap().trim(), serve.url);
    // Without --open, nothing is started.
    let seen_before = std::fs::metadata(&seen).unwrap().modified().unwrap();
    let other = Serve::start_with(&[], &[("XIBU_BROWSER", script.to_str().unwrap())]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(other.get(&format!("/{}/", other.secret)).status, 200);
    assert_eq!(
        std::fs::metadata(&seen).unwrap().modified().unwrap(),
        seen_before
    );
}

#[test]
fn every_start_has_a_new_secret_and_a_port_on_127_0_0_1() {
    let a = Serve::start(&[]);
    let b = Serve::start(&[]);
    assert_ne!(a.secret, b.secret);
    assert_eq!(a.secret.len(), 32);
    assert!(a.addr.starts_with("127.0.0.1:"));
    // A fixed port is honoured.
    let port = webdriver::free_port();
    let c = Serve::start(&["--port", &port.to_string()]);
    assert_eq!(c.addr, format!("127.0.0.1:{port}"));
}

/// A multipart body of several (field, file name, bytes) parts.
fn multipart_parts(boundary: &str, parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, filename, data) in parts {
        let filename = if filename.is_empty() {
            String::new()
        } else {
            format!("; filename=\"{filename}\"")
        };
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

#[test]
fn an_uploaded_config_and_plan_tables_are_used_for_that_check() {
    let serve = Serve::start(&[]);
    let boundary = "xibuParts";
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let roster = std::fs::read(example("roster-violations.xlsx")).unwrap();
    let post = |parts: &[(&str, &str, &[u8])]| {
        raw_request(
            &serve.addr,
            "POST",
            &format!("/{}/api/check", serve.secret),
            &[("Host", &serve.addr), ("Content-Type", &content_type)],
            &multipart_parts(boundary, parts),
        )
    };
    let s01 = |response: &webdriver::HttpResponse| {
        let body = response.json();
        let result = &body["results"][0];
        let rule = result["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "S01")
            .unwrap()
            .clone();
        (rule["findings"].as_u64().unwrap(), rule["checked"].clone())
    };
    let plain = post(&[("roster", "名册.xlsx", &roster)]);
    // 青海's error and 吉林's notice (附件2 itself plans 吉林 at 3/3).
    assert_eq!(s01(&plain), (2, Value::Bool(true)));
    // 青海's 100% passes a limit of 100%; the same roster, the uploaded xibu.toml.
    let config: &[u8] = b"[rules.S01]\nlimit_percent = 100\n";
    let relaxed = post(&[
        ("roster", "名册.xlsx", &roster),
        ("config", "xibu.toml", config),
    ]);
    assert_eq!(s01(&relaxed), (0, Value::Bool(true)));
    assert!(
        relaxed.json()["results"][0]["shares"]["headers"][0]
            .as_str()
            .unwrap()
            .contains("≤100%")
    );
    let disabled: &[u8] = b"[rules.S01]\nenabled = false\n";
    let off = post(&[
        ("roster", "名册.xlsx", &roster),
        ("config", "xibu.toml", disabled),
    ]);
    assert_eq!(s01(&off), (0, Value::Bool(false)));
    // A bad config is one message naming the file, for every roster of the request.
    let bad: &[u8] = b"[rules.S01]\nlimt = 3\n";
    let refused = post(&[
        ("roster", "名册.xlsx", &roster),
        ("config", "我的配置.toml", bad),
    ]);
    assert_eq!(refused.status, 422);
    let message = refused.json()["error"]["zh"].as_str().unwrap().to_string();
    assert!(
        message.contains("我的配置.toml") && message.contains("limt"),
        "{message}"
    );

    // Plan tables: the built-in ones uploaded as files give the same result; a table with a
    // province that does not exist is refused, naming the file as the clerk knows it.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/editions/2020-2021");
    let scale = std::fs::read(data.join("scale.csv")).unwrap();
    let quotas = std::fs::read(data.join("quotas.csv")).unwrap();
    let same = post(&[
        ("roster", "名册.xlsx", &roster),
        ("scale", "附件1.csv", &scale),
        ("quotas", "附件2.csv", &quotas),
    ]);
    assert_eq!(same.status, 200, "{}", same.text());
    assert_eq!(
        same.json()["results"][0]["summary"],
        plain.json()["results"][0]["summary"]
    );
    let broken: &[u8] = "省份,实施规模\n火星,3\n".as_bytes();
    let refused = post(&[
        ("roster", "名册.xlsx", &roster),
        ("scale", "附件1.csv", broken),
    ]);
    assert_eq!(refused.status, 422, "{}", refused.text());
    let message = refused.json()["error"]["en"].as_str().unwrap().to_string();
    assert!(message.contains("附件1.csv"), "{message}");
    assert!(!message.contains("xibu-serve-"), "{message}");

    // `--sheet`: by name, or a sheet that is not there (the error lists the sheets).
    let named = post(&[
        ("roster", "名册.xlsx", &roster),
        ("sheet", "", "花名册".as_bytes()),
    ]);
    assert_eq!(
        named.json()["results"][0]["summary"],
        plain.json()["results"][0]["summary"]
    );
    let missing = post(&[
        ("roster", "名册.xlsx", &roster),
        ("sheet", "", "汇总表".as_bytes()),
    ]);
    let error = missing.json()["results"][0]["error"]["en"].clone();
    let error = error.as_str().unwrap();
    assert!(
        error.contains("名册.xlsx") && error.contains("汇总表") && error.contains("花名册"),
        "{error}"
    );

    // Two rosters: one roster, as `xibu check 甲.xlsx 乙.xlsx` (#12): one result naming both,
    // its JSON with each finding's file.
    let two = post(&[
        ("roster", "甲.xlsx", &roster),
        (
            "roster",
            "乙.xlsx",
            &std::fs::read(example("roster.xlsx")).unwrap(),
        ),
    ]);
    let body = two.json();
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{body}");
    assert_eq!(results[0]["name"], "甲.xlsx、乙.xlsx");
    let sources = results[0]["input"]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[1]["file"], "乙.xlsx");
    assert!(results[0]["summary"]["errors"].as_u64().unwrap() > 0);
    let texts: Vec<&str> = results[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rows_text"].as_str())
        .collect();
    assert!(texts.iter().any(|t| t.contains("乙.xlsx 第 ")), "{texts:?}");
    assert!(
        texts.iter().all(|t| !t.contains("xibu-serve-")),
        "{texts:?}"
    );
    assert_eq!(serve.leftovers(), Vec::<PathBuf>::new());
}
