//! `xibu check`: check a roster against the plan tables and the policy rules.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{Io, Outcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;
use crate::input::SheetChoice;
use crate::messages::{Msg, Text};
use crate::output::{same_file, write_new_file};
use crate::pipeline;
use crate::report::{FailOn, Lang, Report, ReportFormat, text, xlsx};
use crate::roster::ReadOptions;
use crate::rules::RuleConfig;

/// A roster read faster than this shows no progress at all.
const PROGRESS_AFTER: Duration = Duration::from_millis(700);

/// Check a roster against the year's plan tables and policy rules.
///
/// Prints every violation with its row, cell and the policy sentence behind it. Exit code 0 when
/// nothing is at or above --fail-on, 1 when something is, 2 when the roster cannot be checked.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The roster: xlsx, xlsm, xlsb, xls, ods, or CSV/TSV (UTF-8 or GBK).
    pub roster: PathBuf,
    /// The sheet to read, by name or 1-based number (default: the first).
    #[arg(long, value_name = "NAME|INDEX")]
    pub sheet: Option<String>,
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
    /// Language of everything printed (also XIBU_LANG=en).
    #[arg(long, value_enum, default_value_t, env = "XIBU_LANG")]
    pub lang: Lang,
    /// Show 身份证号 in full instead of masked (first 6 and last 4 characters).
    #[arg(long)]
    pub show_pii: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a copy of the roster with offending cells highlighted and a findings sheet.
    #[arg(long, value_name = "FILE")]
    pub report_xlsx: Option<PathBuf>,
    /// Findings printed per rule in the terminal report (0: all); the rest are counted, and
    /// listed in full by --format json and --report-xlsx.
    #[arg(long, value_name = "N", default_value_t = crate::report::text::MAX_FINDINGS)]
    pub max_findings: usize,
    /// Replace an existing --output or --report-xlsx file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    if let Some(out) = &args.report_xlsx {
        xlsx::check_target(out)?;
    }
    for out in args.output.iter().chain(&args.report_xlsx) {
        if same_file(&args.roster, out) {
            return Err(Error::Usage(format!(
                "{} is the roster itself; xibu never writes over its input",
                out.display()
            )));
        }
        if !args.force && crate::output::exists(out) {
            return Err(crate::output::refusal(out));
        }
    }
    let config = Config::discover(args.config.as_deref())?;
    let plan = args.plan.load()?;
    let rules = RuleConfig::resolve(&config, &plan.edition)?;
    let sheet = args
        .sheet
        .clone()
        .map(SheetChoice::Named)
        .unwrap_or_default();
    let options = ReadOptions {
        sheet: sheet.clone(),
        header_aliases: config.header_aliases.clone(),
        value_aliases: config.value_aliases.clone(),
    };
    // A row count on standard error for a roster that takes more than a moment, when standard
    // error is a terminal.
    let on = std::io::stderr().is_terminal();
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
    let checked = pipeline::check(
        &args.roster,
        &options,
        &plan,
        &config,
        &rules,
        &mut progress,
    );
    if shown {
        let mut err = std::io::stderr();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
    let (info, outcome) = checked?;
    let color = args.format == ReportFormat::Table
        && args.output.is_none()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    let report = Report {
        info: &info,
        outcome: &outcome,
        config: &config,
        lang: args.lang,
        show_pii: args.show_pii,
        color,
        fail_on: args.fail_on,
    };
    if let Some(path) = &args.report_xlsx {
        xlsx::write(&report, &args.roster, &sheet, path, args.force)?;
        io.note(
            &Text::new(Msg::Wrote)
                .arg("path", path.display().to_string())
                .render(args.lang),
        )?;
    }
    let text = match args.format {
        ReportFormat::Table => text::render_with(
            &report,
            &text::TextOptions {
                width: text::terminal_width(
                    args.output.is_none() && std::io::stdout().is_terminal(),
                ),
                max_findings: args.max_findings,
                xlsx: args.report_xlsx.as_ref().map(|p| p.display().to_string()),
            },
        ),
        format => report.render(format),
    };
    match &args.output {
        Some(path) => {
            write_new_file(path, text.as_bytes(), args.force)?;
            io.note(
                &Text::new(Msg::Wrote)
                    .arg("path", path.display().to_string())
                    .render(args.lang),
            )?;
        }
        None => io.print(&text)?,
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
