//! What the page's API does with an upload: the same library calls as `xibu check` (the check
//! pipeline, the JSON reporter, the annotated workbook), and the views the page draws from them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tiny_http::Response;

use super::multipart::Part;
use super::{Both, PrivateDir, Settings, error_json, json, random_token};
use crate::cmd::{Io, Outcome as CmdOutcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;
use crate::input::SheetChoice;
use crate::messages::{Msg, Text, say};
use crate::pipeline::{self, Read, Spec};
use crate::plan::Plan;
use crate::province::Province;
use crate::render::OutputFormat;
use crate::report::{FailOn, Lang, Report, ReportFormat, xlsx};
use crate::roster::{ReadOptions, Record, RosterInfo, Sources};
use crate::rules::share::percent;
use crate::rules::{self, Checked, Finding, Outcome, RuleConfig};

/// Roster files checked in one request, at most.
const MAX_ROSTERS: usize = 20;

/// Extensions a roster or plan table may have; anything else is refused before it is written.
const EXTENSIONS: [&str; 8] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// One checked roster, kept in memory for the language switch and the downloads.
pub struct Stored {
    pub id: String,
    /// The file's name as the browser gave it, for display only.
    pub name: String,
    info: RosterInfo,
    sources: Sources,
    outcome: Outcome,
    config: Config,
    /// The service province of each row that has a finding without one (for the page's filter).
    row_provinces: HashMap<u32, Province>,
    /// The uploaded file, kept in memory to build the annotated workbook when it is asked for,
    /// and the extension it was read under.
    upload: Vec<u8>,
    ext: &'static str,
    sheet: SheetChoice,
    /// The annotated workbook, `--report-xlsx`'s bytes, once built.
    xlsx: Option<Vec<u8>>,
}

impl Stored {
    /// The name without its extension, for download names.
    pub fn stem(&self) -> &str {
        self.name
            .rsplit_once('.')
            .map_or(self.name.as_str(), |(stem, _)| stem)
    }

    /// The annotated workbook, as `check --report-xlsx` writes it: built on the first download
    /// (it costs more than the check itself), from the upload written to a private directory
    /// that is removed before the answer.
    pub fn xlsx(&mut self) -> Result<Vec<u8>, Both> {
        if let Some(bytes) = &self.xlsx {
            return Ok(bytes.clone());
        }
        if self.sources.several() {
            // As `check --report-xlsx`: the clerk's own file is marked up, one file at a time.
            return Err(Both::new(
                Text::new(Msg::ErrXlsxSeveral)
                    .arg("count", self.sources.list().len())
                    .render(Lang::Zh),
                Text::new(Msg::ErrXlsxSeveral)
                    .arg("count", self.sources.list().len())
                    .render(Lang::En),
            ));
        }
        let dir = PrivateDir::new().map_err(|e| failed(&e, &[]))?;
        let path = dir.path.join(format!("roster.{}", self.ext));
        let names = [(path.clone(), self.name.clone())];
        std::fs::write(&path, &self.upload).map_err(|e| failed(&e.into(), &names))?;
        let out = dir.path.join("report.xlsx");
        xlsx::write(&self.report(Lang::Zh), &path, &self.sheet, &out)
            .map_err(|e| failed(&e, &names))?;
        let bytes = std::fs::read(&out).map_err(|e| failed(&e.into(), &names))?;
        self.xlsx = Some(bytes.clone());
        Ok(bytes)
    }

    fn report(&self, lang: Lang) -> Report<'_> {
        Report {
            info: &self.info,
            sources: Some(&self.sources),
            outcome: &self.outcome,
            config: &self.config,
            lang,
            show_pii: false,
            color: false,
            fail_on: FailOn::Error,
        }
    }
}

/// A name fit to show: the last path component the browser sent, without control characters,
/// at most 120 characters.
fn display_name(filename: Option<&str>, fallback: &str) -> String {
    let name = filename.unwrap_or("");
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().to_string();
    if clean.is_empty() {
        fallback.to_string()
    } else {
        clean
    }
}

/// The extension to store a file under: the browser's, when it is one xibu reads.
fn extension(name: &str) -> Option<&'static str> {
    extension_of(name.rsplit_once('.')?.1)
}

fn extension_of(ext: &str) -> Option<&'static str> {
    let ext = ext.to_ascii_lowercase();
    EXTENSIONS.iter().copied().find(|e| *e == ext)
}

fn unsupported(name: &str) -> Both {
    Both::new(
        format!("{name}：不是 xibu 能读取的文件类型；可用 .xlsx .xlsm .xlsb .xls .ods .csv .tsv"),
        format!(
            "{name}: not a file type xibu reads; accepted: .xlsx .xlsm .xlsb .xls .ods .csv .tsv"
        ),
    )
}

/// An error's text, with the private directory's paths replaced by the names the user knows.
fn error_text(e: &Error, names: &[(PathBuf, String)]) -> String {
    let mut text = e.to_string();
    for (path, name) in names {
        text = text.replace(&path.display().to_string(), name);
    }
    text
}

fn failed(e: &Error, names: &[(PathBuf, String)]) -> Both {
    let text = error_text(e, names);
    Both::new(format!("无法检查：{text}"), format!("Cannot check: {text}"))
}

/// Checks the rosters of the upload as one roster (as `xibu check A B …`): one result.
/// `Err` is for what spoils every roster (the config, the tables); a roster that cannot be read
/// gives its own failure entry.
pub fn run(
    settings: &Settings,
    parts: &[Part],
) -> Result<Vec<Result<Stored, serde_json::Value>>, Both> {
    let present =
        |p: &&Part| !(p.data.is_empty() && p.filename.as_deref().unwrap_or("").is_empty());
    let rosters: Vec<&Part> = parts
        .iter()
        .filter(present)
        .filter(|p| p.name == "roster")
        .collect();
    let single = |name: &str| parts.iter().filter(present).find(|p| p.name == name);
    if rosters.is_empty() {
        return Err(Both::new(
            "请选择或拖入至少一个名册文件。",
            "Choose or drop at least one roster file.",
        ));
    }
    if rosters.len() > MAX_ROSTERS {
        return Err(Both::new(
            format!("一次最多检查 {MAX_ROSTERS} 个名册文件。"),
            format!("At most {MAX_ROSTERS} roster files at a time."),
        ));
    }
    let dir = PrivateDir::new().map_err(|e| {
        Both::new(
            format!("无法创建临时目录：{e}"),
            format!("Cannot create a private directory: {e}"),
        )
    })?;
    let mut names: Vec<(PathBuf, String)> = Vec::new();
    // Files are written under names xibu chooses; the browser's name only gives the extension.
    let mut store = |part: &Part, stem: &str, fallback: &str| -> Result<(PathBuf, String), Both> {
        let name = display_name(part.filename.as_deref(), fallback);
        let ext = extension(&name).ok_or_else(|| unsupported(&name))?;
        let path = dir.path.join(format!("{stem}.{ext}"));
        std::fs::write(&path, part.data).map_err(|e| {
            Both::new(
                format!("无法保存上传的文件：{e}"),
                format!("Cannot keep the upload: {e}"),
            )
        })?;
        names.push((path.clone(), name.clone()));
        Ok((path, name))
    };

    let config = match single("config") {
        Some(part) => {
            let name = display_name(part.filename.as_deref(), "xibu.toml");
            let text = String::from_utf8_lossy(part.data);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Config::parse(Path::new(&name), text).map_err(|e| failed(&e.into(), &[]))?
        }
        None => settings.config.clone(),
    };
    // `--sheet`: a sheet by name or 1-based number; the first when not given.
    let sheet = single("sheet")
        .map(|p| String::from_utf8_lossy(p.data).trim().to_string())
        .filter(|s| !s.is_empty())
        .map_or(SheetChoice::First, SheetChoice::Named);
    let scale = single("scale")
        .map(|p| store(p, "scale", "scale.csv"))
        .transpose()?;
    let quotas = single("quotas")
        .map(|p| store(p, "quotas", "quotas.csv"))
        .transpose()?;
    let mut stored_rosters = Vec::new();
    for (i, part) in rosters.iter().enumerate() {
        stored_rosters.push(match store(part, &format!("roster-{i}"), "roster.xlsx") {
            Ok((path, name)) => Ok((path, name, part.data)),
            Err(message) => Err((display_name(part.filename.as_deref(), "roster"), message)),
        });
    }
    let plan = PlanArgs {
        edition: settings.plan.edition.clone(),
        scale: scale
            .map(|(p, _)| p)
            .or_else(|| settings.plan.scale.clone()),
        quotas: quotas
            .map(|(p, _)| p)
            .or_else(|| settings.plan.quotas.clone()),
    }
    .load()
    .map_err(|e| failed(&e, &names))?;
    // The configuration is the request's: a bad one is one message for every roster.
    let rules =
        RuleConfig::resolve(&config, &plan.edition).map_err(|e| failed(&e.into(), &names))?;

    // Every file dropped together is one roster, as `xibu check A B …` checks it: a file the
    // page cannot take spoils the whole check, named.
    let mut files = Vec::new();
    for roster in stored_rosters {
        match roster {
            Ok(file) => files.push(file),
            Err((name, message)) => return Ok(vec![Err(failure(&name, message))]),
        }
    }
    let label = files
        .iter()
        .map(|(_, name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let result = check_all(&files, &sheet, &plan, (&config, &rules), &names)
        .map_err(|message| failure(&label, message));
    Ok(vec![result])
    // `dir` is dropped here: the uploaded files are gone before the response is sent.
}

fn failure(name: &str, message: Both) -> serde_json::Value {
    serde_json::json!({ "name": name, "error": message })
}

/// `xibu check` on the files dropped together, as cmd/check.rs does it: one roster.
fn check_all(
    files: &[(PathBuf, String, &[u8])],
    sheet: &SheetChoice,
    plan: &Plan,
    (config, rules): (&Config, &RuleConfig),
    names: &[(PathBuf, String)],
) -> Result<Stored, Both> {
    let options = ReadOptions {
        sheet: sheet.clone(),
        header_aliases: config.header_aliases.clone(),
        value_aliases: config.value_aliases.clone(),
    };
    // Every row's service province, for the page's province filter of row findings.
    let mut provinces: HashMap<u32, Province> = HashMap::new();
    let mut observe = |r: &Record| {
        if let Some(p) = r.service_province.get() {
            provinces.insert(r.row, p);
        }
    };
    let specs: Vec<Spec> = files
        .iter()
        .map(|(path, name, _)| Spec {
            sheet: sheet.clone(),
            name: name.clone(),
            ..Spec::file(path)
        })
        .collect();
    let (read, outcome) = pipeline::check_sources(
        &specs,
        &options,
        plan,
        config,
        rules,
        &mut |_| {},
        &mut observe,
    )
    .map_err(|e| failed(&e, names))?;
    let Read {
        mut sources,
        mut info,
    } = read;
    // The names the user knows, never the private directory's paths.
    for source in sources.list_mut() {
        source.info.file = source.name.clone();
    }
    let name = files
        .iter()
        .map(|(_, name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    info.file = name.clone();
    let (path, upload) = match files {
        [(path, _, upload)] => (path.as_path(), upload.to_vec()),
        // Several files give no annotated workbook (see `Stored::xlsx`).
        _ => (Path::new(""), Vec::new()),
    };
    let sheet = &info
        .source
        .sheet
        .clone()
        .map(SheetChoice::Named)
        .unwrap_or_default();
    // Only the rows with a finding that names no province are kept.
    let wanted: HashSet<u32> = outcome
        .findings
        .iter()
        .filter(|f| f.scope().service_province.is_none())
        .flat_map(|f| f.rows.iter())
        .collect();
    provinces.retain(|row, _| wanted.contains(row));
    Ok(Stored {
        id: random_token().map_err(|e| failed(&e, names))?,
        name,
        info,
        sources,
        outcome,
        config: config.clone(),
        row_provinces: provinces,
        upload: upload.to_vec(),
        ext: path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(extension_of)
            .unwrap_or("xlsx"),
        sheet: sheet.clone(),
        xlsx: None,
    })
}

/// 身份证号-shaped text masked as every report masks it (the shared content-based redaction;
/// the page never shows PII, so there is no `--show-pii` here).
fn mask_ids(text: &str) -> String {
    crate::idcard::redact(text).into_owned()
}

/// The one place the page takes a finding's text from: the messages catalog, in the page's
/// language.
fn finding_text(report: &Report, f: &Finding) -> String {
    report.message(f)
}

#[derive(Serialize)]
struct FindingView {
    rule: &'static str,
    severity: rules::Severity,
    place: String,
    /// The rows in their own files.
    rows: Vec<u32>,
    /// With several files: the rows worded with their files' names (`和田县.xlsx 第 5 行；…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    rows_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    message: String,
    /// The service province the finding is about, for the filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<&'static str>,
}

#[derive(Serialize)]
struct RuleView {
    id: &'static str,
    title: String,
    checked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    findings: usize,
}

#[derive(Serialize)]
struct ShareCell {
    text: String,
    ok: bool,
}

#[derive(Serialize)]
struct ShareRow {
    province: String,
    new: u64,
    shares: Vec<Option<ShareCell>>,
    scale: ShareCell,
}

/// Every share of every service province against the limit in effect: the rules' own tallies
/// (the outcome's summary), as the terminal report and the 汇总 sheet show them.
fn shares(report: &Report) -> serde_json::Value {
    let lang = report.lang;
    let summary = &report.outcome.summary;
    let headers: Vec<String> = summary.columns.iter().map(|c| c.heading(lang)).collect();
    let rows: Vec<ShareRow> = summary
        .rows
        .iter()
        .map(|p| {
            let province = match p.province {
                Some(p) if lang == Lang::Zh => p.name().to_string(),
                Some(p) => p.pinyin().to_string(),
                None => say(Msg::AllProvinces, lang),
            };
            let shares = summary
                .columns
                .iter()
                .zip(&p.shares)
                .map(|(column, cell)| match cell {
                    _ if !column.checked => Some(ShareCell {
                        text: say(Msg::CellNotChecked, lang),
                        ok: true,
                    }),
                    Some(c) if c.total > 0 => Some(ShareCell {
                        text: format!("{}/{} {}", c.count, c.total, percent(c.count, c.total)),
                        ok: !c.breached,
                    }),
                    _ => None,
                })
                .collect();
            let scale = ShareCell {
                text: match p.planned {
                    Some(planned) => format!("{}/{planned}", p.on_post),
                    None => format!("{}/—", p.on_post),
                },
                ok: !p.over_plan,
            };
            ShareRow {
                province,
                new: p.new_recruits,
                shares,
                scale,
            }
        })
        .collect();
    serde_json::json!({ "headers": headers, "rows": rows })
}

/// Everything the page draws for one checked roster.
pub fn view(stored: &Stored, lang: Lang) -> serde_json::Value {
    let report = stored.report(lang);
    let zh = lang == Lang::Zh;
    let findings: Vec<FindingView> = stored
        .outcome
        .findings
        .iter()
        .map(|f| FindingView {
            rule: f.rule(),
            severity: f.severity,
            place: mask_ids(&report.place(f)),
            rows: report.rows_of(f),
            rows_text: report
                .several()
                .then(|| crate::report::text::rows_cut(&report, &f.rows, 20)),
            cell: report.cell(f),
            value: report.value(f).map(|v| mask_ids(&v)),
            message: finding_text(&report, f),
            province: f
                .scope()
                .service_province
                .or_else(|| {
                    f.rows
                        .first()
                        .and_then(|r| stored.row_provinces.get(&r).copied())
                })
                .map(|p| if zh { p.name() } else { p.pinyin() }),
        })
        .collect();
    let rules: Vec<RuleView> = rules::ALL
        .iter()
        .map(|rule| {
            let id = rule.meta.id;
            let status = stored.outcome.statuses.iter().find(|s| s.id == id);
            RuleView {
                id,
                title: report.title(id),
                checked: status.is_none_or(|s| s.status == Checked::Checked),
                reason: status
                    .filter(|s| s.reason.is_some())
                    .map(|s| report.reason(s)),
                findings: stored
                    .outcome
                    .findings
                    .iter()
                    .filter(|f| f.rule() == id)
                    .count(),
            }
        })
        .collect();
    let info = &stored.info;
    let notices: Vec<serde_json::Value> = info
        .notices
        .iter()
        .map(|n| serde_json::json!({ "row": n.row, "message": mask_ids(&report.say(n.text.clone())) }))
        .collect();
    serde_json::json!({
        "id": stored.id,
        "name": stored.name,
        "lang": if zh { "zh" } else { "en" },
        "input": {
            "format": info.source.format.to_string(),
            "sheet": info.source.sheet,
            "header_row": info.header_row,
            "rows": info.records,
            "row_word": info.row_word(),
            // With several files: each file read (the page shows one line each).
            "sources": report.several().then(|| {
                stored
                    .sources
                    .list()
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "file": s.info.file,
                            "format": s.info.source.format.to_string(),
                            "sheet": s.info.source.sheet,
                            "header_row": s.info.header_row,
                            "rows": s.info.records,
                        })
                    })
                    .collect::<Vec<_>>()
            }),
        },
        "notices": notices,
        "summary": report.summary(),
        "rules": rules,
        "findings": findings,
        "shares": shares(&report),
    })
}

/// The `xibu-report/1` document, as `xibu check --format json` prints it.
pub fn report_json(stored: &Stored, lang: Lang) -> String {
    stored.report(lang).render(ReportFormat::Json)
}

/// A query's value for `key`, percent-decoded.
fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key)
            .then(|| percent_decode(v))
            .filter(|v| !v.trim().is_empty())
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a lookup command as the terminal would, its CSV output and its notes captured.
fn lookup(
    run: impl FnOnce(&mut Io) -> Result<CmdOutcome, Error>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let result = run(&mut Io {
        out: &mut out,
        err: &mut err,
    });
    match result {
        Ok(outcome) => {
            let csv = String::from_utf8_lossy(&out);
            let csv = csv.trim_start_matches('\u{feff}');
            let mut lines = csv.lines();
            let headers: Vec<&str> = lines
                .next()
                .map(|l| l.split(',').collect())
                .unwrap_or_default();
            let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
            json(
                200,
                &serde_json::json!({
                    "found": outcome == CmdOutcome::Success,
                    "headers": headers,
                    "rows": rows,
                    "note": String::from_utf8_lossy(&err).trim(),
                }),
            )
        }
        Err(e) => {
            let text = e.to_string();
            error_json(422, Both::new(text.clone(), text))
        }
    }
}

/// `/api/quota?service=新疆&recruit=山东` (or `from=山东`): `xibu quota` with `--format csv`.
pub fn quota(plan: &PlanArgs, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let args = crate::cmd::quota::Args {
        service: query_value(query, "service"),
        recruit: query_value(query, "recruit"),
        from: query_value(query, "from"),
        plan: plan.clone(),
        format: OutputFormat::Csv,
        // The page parses this CSV itself; a byte-order mark is for spreadsheet programs.
        no_bom: true,
    };
    let args = crate::cmd::quota::Args {
        // `--from` conflicts with a service region on the command line; here the form sends
        // both fields, and a service region wins.
        from: args.from.filter(|_| args.service.is_none()),
        ..args
    };
    lookup(|io| crate::cmd::quota::run(&args, io))
}

/// `/api/scale?province=新疆`: `xibu scale` with `--format csv`.
pub fn scale(plan: &PlanArgs, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let args = crate::cmd::scale::Args {
        province: query_value(query, "province"),
        plan: plan.clone(),
        format: OutputFormat::Csv,
        // The page parses this CSV itself; a byte-order mark is for spreadsheet programs.
        no_bom: true,
    };
    lookup(|io| crate::cmd::scale::run(&args, io))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_masked_and_other_numbers_kept() {
        assert_eq!(
            mask_ids("身份证号 11010519491231002X 重复"),
            format!(
                "身份证号 {} 重复",
                crate::idcard::mask("11010519491231002X")
            )
        );
        assert!(!mask_ids("11010519491231002X").contains("19491231"));
        assert_eq!(mask_ids("800000 元，第 17 行"), "800000 元，第 17 行");
        // 19 digits is not an ID number.
        assert_eq!(mask_ids("1234567890123456789"), "1234567890123456789");
    }

    #[test]
    fn a_client_name_is_shown_never_trusted() {
        assert_eq!(display_name(Some("../../etc/passwd"), "x"), "passwd");
        assert_eq!(
            display_name(Some("C:\\花名册\\名单.xlsx"), "x"),
            "名单.xlsx"
        );
        assert_eq!(display_name(Some("a\u{7}b.csv"), "x"), "ab.csv");
        assert_eq!(display_name(None, "roster.xlsx"), "roster.xlsx");
        assert_eq!(extension("名单.XLSX"), Some("xlsx"));
        assert_eq!(extension("passwd"), None);
        assert_eq!(extension("evil.exe"), None);
    }

    #[test]
    fn queries_decode_chinese() {
        assert_eq!(
            query_value("service=%E6%96%B0%E7%96%86&recruit=", "service").as_deref(),
            Some("新疆")
        );
        assert_eq!(
            query_value("service=%E6%96%B0%E7%96%86&recruit=", "recruit"),
            None
        );
        assert_eq!(percent_decode("%zz+%"), "%zz %");
    }
}
