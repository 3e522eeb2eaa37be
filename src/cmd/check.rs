//! `xibu check`: check a roster against the plan tables and the policy rules.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Io, Outcome, PlanArgs, inputs};
use crate::config::Config;
use crate::error::Error;
use crate::input::SheetChoice;
use crate::messages::{Msg, Text};
use crate::output::{check_report_paths, install_cleanup, write_report, write_report_with};
use crate::pipeline;
use crate::plan::Plan;
use crate::report::{
    FailOn, Failure, Lang, Report, ReportFormat, github, junit, statistics, text, xlsx,
};
use crate::roster::ReadOptions;
use crate::rules::{self, Outcome as RulesOutcome, RuleConfig};
use crate::text::{distance, one_line};

/// A roster read faster than this shows no progress at all.
const PROGRESS_AFTER: Duration = Duration::from_millis(700);

/// Check a roster against the year's plan tables and policy rules.
///
/// Prints every violation with its row, cell and the policy sentence behind it. Exit code 0 when
/// nothing is at or above --fail-on, 1 when something is, 2 when the roster cannot be checked.
/// --output and --report-xlsx replace an earlier report (re-runs need no --force), never an input.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The roster: files (xlsx, xlsm, xlsb, xls, ods, or CSV/TSV in UTF-8, GBK or UTF-16),
    /// folders (every roster file in them, sorted by name), or - for CSV/TSV on standard input.
    /// Everything given is checked as one roster: shares, quotas and duplicate IDs across all.
    #[arg(required = true, value_name = "ROSTER")]
    pub roster: Vec<PathBuf>,
    /// The sheet to read, by name or 1-based number, or `all` for every sheet (those without a
    /// roster header are skipped with a notice). Default: the first sheet with a roster header.
    #[arg(long, value_name = "NAME|INDEX|all")]
    pub sheet: Option<String>,
    /// Also read the roster files in a folder's subfolders.
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// The name standard input (-) goes by in messages (default: 标准输入, or stdin).
    #[arg(long, value_name = "NAME")]
    pub stdin_name: Option<String>,
    /// Configuration file (default: ./xibu.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// The least severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t)]
    pub fail_on: FailOn,
    /// Language of everything printed (default: XIBU_LANG=en, en_US.UTF-8 … for English,
    /// otherwise Chinese).
    // Not clap's `env`: it would refuse a locale-style value such as en_US.UTF-8.
    #[arg(long, value_enum, default_value_t = Lang::from_env(), hide_default_value = true)]
    pub lang: Lang,
    /// Show 身份证号 in full instead of masked (first 6 and last 4 characters).
    #[arg(long)]
    pub show_pii: bool,
    /// Write the report to FILE instead of standard output (an earlier report is replaced).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a copy of the roster with offending cells highlighted and a findings sheet.
    #[arg(long, value_name = "FILE")]
    pub report_xlsx: Option<PathBuf>,
    /// Findings printed per rule in the terminal report (0: all); the rest are counted, and
    /// listed in full by --format json and --report-xlsx.
    #[arg(long, value_name = "N", default_value_t = crate::report::text::MAX_FINDINGS)]
    pub max_findings: usize,
    /// Check only these rules (ids, comma-separated), of those xibu.toml enables.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not check these rules (ids, comma-separated), on top of xibu.toml.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Count findings per rule and severity instead of listing them (table or json).
    #[arg(long)]
    pub statistics: bool,
    /// -q: only the summary line (table), no notes on standard error; -qq: nothing at all on
    /// standard output, the exit code says it (an `error:` line still explains exit code 2).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub quiet: u8,
    /// CSV without the byte-order mark (by default CSV starts with one, so that Excel reads it
    /// as UTF-8).
    #[arg(long)]
    pub no_bom: bool,
    /// Accepted for old scripts; reports are always replaced.
    #[arg(long, hide = true)]
    pub force: bool,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let started = Instant::now();
    let checked = match prepare_and_check(args) {
        Ok(checked) => checked,
        Err(Stop { error, report_path }) => {
            write_failure(args, &error, report_path, io);
            return Err(*error);
        }
    };
    let Checked {
        config,
        read,
        outcome,
    } = checked;
    let info = &read.info;
    let color = args.format == ReportFormat::Table
        && args.output.is_none()
        && args.quiet == 0
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let report = Report {
        info,
        sources: Some(&read.sources),
        outcome: &outcome,
        config: &config,
        lang: args.lang,
        show_pii: args.show_pii,
        color,
        fail_on: args.fail_on,
    };
    if let Some(path) = &args.report_xlsx {
        // The sheet that was read: by default, the first one with a roster header.
        let sheet = info
            .source
            .sheet
            .clone()
            .map(SheetChoice::Named)
            .unwrap_or_default();
        let roster = read
            .sources
            .list()
            .first()
            .map(|s| PathBuf::from(&s.info.file))
            .unwrap_or_default();
        let unnoted = xlsx::write(&report, &roster, &sheet, path)?;
        note(
            args,
            io,
            &Text::new(Msg::Wrote)
                .arg("path", one_line(&path.display().to_string()))
                .render(args.lang),
        )?;
        if unnoted > 0 {
            note(
                args,
                io,
                &Text::new(Msg::XlsxNotesLeftOut)
                    .arg("max", xlsx::MAX_NOTES)
                    .arg("more", unnoted)
                    .render(args.lang),
            )?;
        }
    }
    if args.quiet < 2 || args.output.is_some() {
        let elapsed = started.elapsed();
        // Written as the reporter goes, through a buffer: the report is never held whole.
        let mut write = |out: &mut dyn Write| write_report_text(args, &report, elapsed, out);
        match &args.output {
            Some(path) => {
                write_report_with(path, &mut write)?;
                note(
                    args,
                    io,
                    &Text::new(Msg::Wrote)
                        .arg("path", one_line(&path.display().to_string()))
                        .render(args.lang),
                )?;
            }
            None => {
                let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut *io.out);
                write(&mut out)?;
                out.flush()?;
            }
        }
    }
    if args.format == ReportFormat::Github {
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            // The summary is a courtesy: failing to write it must not change the verdict.
            if let Err(e) = append(Path::new(&path), &github::step_summary(&report)) {
                io.note(&format!("xibu: {}", one_line(&e.to_string())))?;
            }
        }
    }
    let failed = outcome
        .findings
        .iter()
        .any(|f| args.fail_on.fails(f.severity));
    Ok(if failed {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// A note for people on standard error, unless --quiet.
fn note(args: &Args, io: &mut Io, text: &str) -> Result<(), Error> {
    if args.quiet == 0 {
        io.note(text)?;
    }
    Ok(())
}

/// Writes the report in its format, with --statistics, --quiet and the CSV byte-order mark
/// applied.
fn write_report_text(
    args: &Args,
    report: &Report,
    elapsed: Duration,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if args.quiet >= 2 && args.output.is_none() {
        return Ok(());
    }
    if args.statistics {
        return match args.format {
            ReportFormat::Json => statistics::write_json(report, out),
            _ if args.quiet > 0 => out.write_all(report.summary_line().as_bytes()),
            _ => statistics::write_text(report, out),
        };
    }
    match args.format {
        ReportFormat::Table if args.quiet > 0 => out.write_all(report.summary_line().as_bytes()),
        ReportFormat::Csv => {
            if !args.no_bom {
                out.write_all(crate::render::BOM.as_bytes())?;
            }
            report.write(args.format, out)
        }
        ReportFormat::Junit => junit::write(report, elapsed, out),
        ReportFormat::Table => text::write_with(
            report,
            &text::TextOptions {
                width: text::terminal_width(
                    args.output.is_none() && std::io::stdout().is_terminal(),
                ),
                max_findings: args.max_findings,
                xlsx: args
                    .report_xlsx
                    .as_ref()
                    .map(|p| one_line(&p.display().to_string())),
            },
            out,
        ),
        format => report.write(format, out),
    }
}

struct Checked {
    config: Config,
    read: pipeline::Read,
    outcome: RulesOutcome,
}

/// Why the check stopped before there was a report.
struct Stop {
    error: Box<Error>,
    /// The report's own path is what is wrong: the failure document goes to standard output.
    report_path: bool,
}

impl From<Error> for Stop {
    fn from(error: Error) -> Stop {
        Stop {
            error: Box::new(error),
            report_path: false,
        }
    }
}

/// Everything that can stop the check before there is a report: arguments, configuration,
/// plan tables, the report paths, the roster itself.
fn prepare_and_check(args: &Args) -> Result<Checked, Stop> {
    if args.statistics && !matches!(args.format, ReportFormat::Table | ReportFormat::Json) {
        return Err(
            Error::Usage("--statistics goes with --format table or json".to_string()).into(),
        );
    }
    let select = rule_ids("--select", &args.select)?;
    let ignore = rule_ids("--ignore", &args.ignore)?;
    let config = Config::discover(args.config.as_deref()).map_err(Error::from)?;
    let plan: Plan = args.plan.load()?;
    let rules = RuleConfig::resolve(&config, &plan.edition).map_err(Error::from)?;
    let reports: Vec<(&str, &Path)> = [
        ("--output", args.output.as_deref()),
        ("--report-xlsx", args.report_xlsx.as_deref()),
    ]
    .into_iter()
    .filter_map(|(flag, p)| p.map(|p| (flag, p)))
    .collect();
    let given = inputs::expand(&inputs::Request {
        given: &args.roster,
        sheet: args.sheet.as_deref(),
        recursive: args.recursive,
        stdin_name: args.stdin_name.as_deref(),
        lang: args.lang,
        reports: reports.iter().map(|(_, p)| *p).collect(),
    })?;
    if args.report_xlsx.is_some() {
        xlsx_on_one(args, &given)?;
    }
    let inputs: Vec<&Path> = given
        .files
        .iter()
        .map(PathBuf::as_path)
        .chain(
            [
                config.file.as_deref(),
                args.plan.scale.as_deref(),
                args.plan.quotas.as_deref(),
            ]
            .into_iter()
            .flatten(),
        )
        .collect();
    check_report_paths(&inputs, &reports).map_err(|error| Stop {
        error: Box::new(error),
        report_path: true,
    })?;
    if let Some(out) = &args.report_xlsx {
        xlsx::check_target(out).map_err(|error| Stop {
            error: Box::new(error),
            report_path: true,
        })?;
    }
    if !reports.is_empty() {
        install_cleanup();
    }
    let options = ReadOptions {
        sheet: SheetChoice::First,
        header_aliases: config.header_aliases.clone(),
        value_aliases: config.value_aliases.clone(),
    };
    // A row count on standard error for a roster that takes more than a moment, when standard
    // error is a terminal.
    let on = crate::memory::stderr_is_terminal() && args.quiet == 0;
    let started = Instant::now();
    let mut shown = false;
    let mut progress = |rows: u64| {
        if on && started.elapsed() > PROGRESS_AFTER {
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r{}",
                Text::new(Msg::Progress).arg("rows", rows).render(args.lang)
            );
            let _ = err.flush();
            shown = true;
        }
    };
    let checked = pipeline::check_sources(
        &given.specs,
        &options,
        &plan,
        &config,
        &rules,
        &mut progress,
        &mut |_| {},
    );
    if shown {
        let mut err = std::io::stderr();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
    let (mut read, mut outcome) = checked?;
    if args.report_xlsx.is_some() && read.sources.several() {
        return Err(Error::Said(
            Text::new(Msg::ErrXlsxSeveral).arg("count", read.sources.list().len()),
        )
        .into());
    }
    if given.specs.len() > 1 {
        read.info.file = roster_name(args);
    }
    narrow(&mut outcome, &select, &ignore);
    Ok(Checked {
        config,
        read,
        outcome,
    })
}

/// `--report-xlsx` marks up the roster's own file: one file, not standard input. Said before
/// anything is read; a workbook whose `--sheet all` gives several rosters is refused once read.
fn xlsx_on_one(args: &Args, given: &inputs::Inputs) -> Result<(), Error> {
    let stdin = args.roster.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        return Err(Error::Said(Text::new(Msg::ErrXlsxStdin)));
    }
    if given.files.len() > 1 {
        return Err(Error::Said(
            Text::new(Msg::ErrXlsxSeveral).arg("count", given.files.len()),
        ));
    }
    Ok(())
}

/// The roster as a whole in reports that name one input: the arguments as given.
fn roster_name(args: &Args) -> String {
    args.roster
        .iter()
        .map(|p| {
            if p.as_os_str() == "-" {
                args.stdin_name
                    .clone()
                    .unwrap_or_else(|| Text::new(Msg::StdinName).render(args.lang))
            } else {
                p.display().to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// --select and --ignore, on top of xibu.toml: a rule left out is reported as not checked, with
/// the flag as the reason, and its findings are dropped. A rule xibu.toml disables stays
/// disabled whatever --select says (the project's decision, not the run's).
fn narrow(outcome: &mut RulesOutcome, select: &[&'static str], ignore: &[&'static str]) {
    let left_out = |id: &str| -> Option<Msg> {
        if ignore.contains(&id) {
            Some(Msg::SkipIgnored)
        } else if !select.is_empty() && !select.contains(&id) {
            Some(Msg::SkipNotSelected)
        } else {
            None
        }
    };
    for status in &mut outcome.statuses {
        if status.status == rules::Checked::Checked {
            if let Some(reason) = left_out(status.id) {
                status.status = rules::Checked::Skipped;
                status.reason = Some(Text::new(reason));
            }
        }
    }
    outcome.findings.retain(|f| left_out(f.rule()).is_none());
    // The summary shows what the rules decided: a rule left out shows 未检查, not its tallies.
    outcome.tallies.retain(|t| left_out(t.rule).is_none());
    for column in &mut outcome.summary.columns {
        if left_out(column.rule).is_some() {
            column.checked = false;
        }
    }
    // The 在岗/实施规模 column is Q02's total: no ✗ there for a Q02 left out.
    if left_out("Q02").is_some() {
        for row in &mut outcome.summary.rows {
            row.over_plan = false;
        }
    }
}

/// Rule ids as the catalog spells them; an unknown one is exit 2 with the nearest ids.
fn rule_ids(flag: &str, given: &[String]) -> Result<Vec<&'static str>, Error> {
    let mut ids = Vec::new();
    for text in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match rules::find(text) {
            Some(rule) => ids.push(rule.meta.id),
            None => {
                let near = nearest_ids(text);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", near.join(" or "))
                };
                let all: Vec<&str> = rules::ALL.iter().map(|r| r.meta.id).collect();
                return Err(Error::Usage(format!(
                    "{flag}: no rule {}{hint}; the rules are {}",
                    one_line(&format!("{text:?}")),
                    all.join(", ")
                )));
            }
        }
    }
    Ok(ids)
}

/// Rule ids one edit away, or a missing leading zero (`S1` → `S01`).
fn nearest_ids(text: &str) -> Vec<&'static str> {
    let upper = text.to_ascii_uppercase();
    let padded = {
        let mut chars = upper.chars();
        match (chars.next(), chars.as_str()) {
            (Some(letter), digits) if digits.len() == 1 => format!("{letter}0{digits}"),
            _ => upper.clone(),
        }
    };
    let near: Vec<&'static str> = rules::ALL
        .iter()
        .map(|r| r.meta.id)
        .filter(|id| *id == padded || distance(id, &upper) <= 1)
        .collect();
    // Q03 is nearer Q01 and Q02 than S03, I03 and P03: the family letter matters most.
    let same_family: Vec<&'static str> = near
        .iter()
        .copied()
        .filter(|id| id.get(..1) == upper.get(..1))
        .collect();
    if same_family.is_empty() {
        near
    } else {
        same_family
    }
}

/// With a format a program reads, a check that could not be done still leaves a document (the
/// `xibu-report/1` document with an `error` object, a SARIF log with a failed invocation, a
/// JUnit error case, a GitLab blocker, a GitHub error annotation) where the report would have
/// gone, so that a pipeline can always parse it. When the report's own path is what is wrong,
/// the document goes to standard output instead. Best effort: the `error:` line and exit 2 are
/// what count.
fn write_failure(args: &Args, e: &Error, report_path: bool, io: &mut Io) {
    if !args.format.has_failure_document() || args.quiet >= 2 {
        return;
    }
    let (kind, file) = match e {
        Error::Input(_) => ("input", Some(roster_name(args))),
        Error::Roster(_) => ("roster", Some(roster_name(args))),
        Error::Plan(_) => ("plan", None),
        Error::Config(_) => (
            "config",
            Some(
                args.config
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_FILE))
                    .display()
                    .to_string(),
            ),
        ),
        Error::Province(_) => ("province", None),
        Error::Usage(_) | Error::Said(_) => ("usage", None),
        Error::Output(_) => ("output", None),
    };
    let failure = Failure {
        kind,
        message: one_line(&e.message(args.lang)),
        file,
    };
    let Some(doc) = failure.render(args.format) else {
        return;
    };
    match &args.output {
        Some(path) if !report_path => {
            let _ = write_report(path, doc.as_bytes());
        }
        _ => {
            let _ = io.print(&doc);
        }
    }
}

/// Appends to a file the runner owns (the step summary): never replaced, never truncated.
fn append(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| Error::Usage(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::Usage(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_rule_ids_get_a_suggestion() {
        assert_eq!(
            rule_ids("--select", &["s01".into(), "E01".into()]).unwrap(),
            ["S01", "E01"]
        );
        let e = rule_ids("--ignore", &["S1".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean S01?"), "{e}");
        let e = rule_ids("--ignore", &["Q03".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean Q01 or Q02?"), "{e}");
        let e = rule_ids("--ignore", &["whatever".into()])
            .unwrap_err()
            .to_string();
        assert!(!e.contains("did you mean"), "{e}");
        assert!(e.contains("the rules are S01, S02"), "{e}");
    }
}
