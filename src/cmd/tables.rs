//! `xibu tables verify`: check the plan tables' invariants.

use std::path::PathBuf;

use serde::Serialize;

use super::{Io, Outcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;
use crate::messages::{Lang, Msg, Text, say};
use crate::plan::ScaleTotals;
use crate::plan::verify::{Invariant, Status, verify};
use crate::render::{OutputFormat, Tabular, to_json};

/// Work with the plan tables.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: TablesCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum TablesCommand {
    /// Check the plan tables' invariants; exits 1 when one fails, naming the row.
    ///
    /// Each scale row's parts add up to its total, the 合计 row equals the column sums, each
    /// service region's quotas add up to its 新招募 count, no pair appears twice, and every
    /// province is known.
    Verify(VerifyArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Configuration file for the policy checks on the plan (default: ./xibu.toml if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// CSV without the byte-order mark (by default CSV starts with one, so that Excel reads it as
    /// UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Serialize)]
struct TableSummary {
    source: String,
    rows: usize,
    sums: Option<ScaleTotals>,
    total: Option<u64>,
}

/// A policy rule that the plan itself does not meet (the plan is the national office's; this is
/// information, not a failed invariant).
#[derive(Serialize)]
struct PolicyNote {
    rule: &'static str,
    severity: &'static str,
    service_province: Option<String>,
    count: Option<u64>,
    total: Option<u64>,
    actual: Option<String>,
    limit: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct Report {
    passed: bool,
    /// Whether S01 takes 附件2's own larger in-province shares as those regions' limits: then the
    /// policy notes are the plan's allowances.
    plan_allowance: bool,
    scale: TableSummary,
    quotas: TableSummary,
    invariants: Vec<Invariant>,
    policy: Vec<PolicyNote>,
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    match &args.command {
        TablesCommand::Verify(v) => run_verify(v, io),
    }
}

fn run_verify(args: &VerifyArgs, io: &mut Io) -> Result<Outcome, Error> {
    // Unknown provinces are an invariant here, not a reason to refuse the tables.
    let plan = args.plan.load_unchecked()?;
    let config = Config::discover(args.config.as_deref())?;
    let lang = Lang::from_env();
    let invariants = verify(&plan, lang);
    let rules = crate::rules::RuleConfig::resolve(&config, &plan.edition)?;
    let policy = crate::rules::plan_findings(&plan, &rules)
        .into_iter()
        .map(|f| PolicyNote {
            message: f.message(lang),
            rule: f.rule(),
            severity: f.severity.name(),
            service_province: f.scope().service_province.map(|p| p.name().to_string()),
            count: f.count(),
            total: f.total(),
            actual: f.actual().map(|a| a.into_owned()),
            limit: f.limit().map(|l| l.into_owned()),
        })
        .collect();
    let passed = invariants.iter().all(|i| i.status != Status::Failed);
    let report = Report {
        passed,
        plan_allowance: crate::rules::plan_allowance(&rules),
        scale: TableSummary {
            source: plan.scale.source.name.clone(),
            rows: plan.scale.rows.len(),
            sums: Some(plan.scale.column_sums()),
            total: None,
        },
        quotas: TableSummary {
            source: plan.quotas.source.name.clone(),
            rows: plan.quotas.rows.len(),
            sums: None,
            total: Some(plan.quotas.rows.iter().map(|r| u64::from(r.quota)).sum()),
        },
        invariants,
        policy,
    };
    let text = match args.format {
        OutputFormat::Json => to_json(&report),
        OutputFormat::Csv => {
            let mut t = Tabular::new(
                &["invariant", "status", "table", "location", "message"],
                &[],
            );
            for inv in &report.invariants {
                // A stable word for scripts, as in the JSON.
                let status = match inv.status {
                    Status::Passed => "passed",
                    Status::Failed => "FAILED",
                    Status::Skipped => "skipped",
                };
                if inv.failures.is_empty() {
                    t.push([inv.id, status, "", "", inv.reason.as_deref().unwrap_or("")]);
                }
                for f in &inv.failures {
                    t.push([inv.id, status, f.table, &f.location, &f.message]);
                }
            }
            for p in &report.policy {
                t.push([p.rule, "policy", "plan", "", &p.message]);
            }
            crate::render::csv_for_people(t.to_csv(), !args.no_bom)
        }
        OutputFormat::Table => human(&report, lang),
    };
    io.print(&text)?;
    Ok(if passed {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn status_word(status: Status, lang: Lang) -> String {
    say(
        match status {
            Status::Passed => Msg::TablesPassed,
            Status::Failed => Msg::TablesFailed,
            Status::Skipped => Msg::TablesSkipped,
        },
        lang,
    )
}

fn human(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(s) = &report.scale.sums {
        out.push_str(
            &Text::new(Msg::TablesScaleLine)
                .arg("source", report.scale.source.as_str())
                .arg("provinces", report.scale.rows)
                .arg("total", s.total)
                .arg("grad_teach", s.grad_teach)
                .arg("extended", s.extended)
                .arg("new", s.new)
                .render(lang),
        );
        out.push('\n');
    }
    out.push_str(
        &Text::new(Msg::TablesQuotasLine)
            .arg("source", report.quotas.source.as_str())
            .arg("pairs", report.quotas.rows)
            .arg("total", report.quotas.total.unwrap_or(0))
            .render(lang),
    );
    out.push_str("\n\n");
    let heads = [
        say(Msg::TablesHeadInvariant, lang),
        say(Msg::TablesHeadStatus, lang),
        say(Msg::TablesHeadWhat, lang),
    ];
    let mut t = Tabular::new(&heads.each_ref().map(String::as_str), &[]);
    for inv in &report.invariants {
        t.push([inv.id, &status_word(inv.status, lang), &inv.title]);
    }
    out.push_str(&t.to_table());
    for inv in &report.invariants {
        if let Some(reason) = &inv.reason {
            out.push('\n');
            out.push_str(
                &Text::new(Msg::TablesSkippedLine)
                    .arg("id", inv.id)
                    .arg("reason", reason.as_str())
                    .render(lang),
            );
            out.push('\n');
        }
        if !inv.failures.is_empty() {
            out.push('\n');
            out.push_str(
                &Text::new(Msg::TablesFailedLine)
                    .arg("id", inv.id)
                    .render(lang),
            );
            out.push('\n');
            for f in &inv.failures {
                let colon = if lang == Lang::Zh { "：" } else { ": " };
                out.push_str(&format!("  {}{colon}{}\n", f.location, f.message));
            }
        }
    }
    if !report.policy.is_empty() {
        let heading = if report.plan_allowance {
            Msg::TablesAllowances
        } else {
            Msg::TablesPolicy
        };
        out.push('\n');
        out.push_str(&say(heading, lang));
        out.push('\n');
        for p in &report.policy {
            out.push_str(&format!("  {}: {}\n", p.rule, p.message));
        }
    }
    out.push('\n');
    out.push_str(&say(
        if report.passed {
            Msg::TablesAllHold
        } else {
            Msg::TablesBroken
        },
        lang,
    ));
    out.push('\n');
    out
}
