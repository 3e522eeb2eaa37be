//! `xibu tables verify`: check the plan tables' invariants.

use std::path::PathBuf;

use serde::Serialize;

use super::{Io, Outcome, PlanArgs};
use crate::config::Config;
use crate::error::Error;
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
    let invariants = verify(&plan);
    let policy = crate::rules::plan_findings(
        &plan,
        &crate::rules::RuleConfig::resolve(&config, &plan.edition)?,
    )
    .into_iter()
    .map(|f| PolicyNote {
        message: f.message(crate::messages::Lang::Zh),
        rule: f.rule(),
        severity: f.severity.name(),
        service_province: f.scope().service_province.map(|p| p.name().to_string()),
        count: f.count(),
        total: f.total(),
        actual: f.against_text().0.map(|a| a.into_owned()),
        limit: f.against_text().1.map(|l| l.into_owned()),
    })
    .collect();
    let passed = invariants.iter().all(|i| i.status != Status::Failed);
    let report = Report {
        passed,
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
                let status = status_word(inv.status);
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
        OutputFormat::Table => human(&report),
    };
    io.print(&text)?;
    Ok(if passed {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Passed => "passed",
        Status::Failed => "FAILED",
        Status::Skipped => "skipped",
    }
}

fn human(report: &Report) -> String {
    let mut out = String::new();
    if let Some(s) = &report.scale.sums {
        out.push_str(&format!(
            "附件1 {}: {} provinces, 实施规模 {} = 研支团 {} + 延期 {} + 新招募 {}\n",
            report.scale.source, report.scale.rows, s.total, s.grad_teach, s.extended, s.new
        ));
    }
    out.push_str(&format!(
        "附件2 {}: {} pairs, {} in all\n\n",
        report.quotas.source,
        report.quotas.rows,
        report.quotas.total.unwrap_or(0)
    ));
    let mut t = Tabular::new(&["invariant", "status", "what it checks"], &[]);
    for inv in &report.invariants {
        t.push([inv.id, status_word(inv.status), inv.title]);
    }
    out.push_str(&t.to_table());
    for inv in &report.invariants {
        if let Some(reason) = &inv.reason {
            out.push_str(&format!("\n{} skipped: {reason}\n", inv.id));
        }
        if !inv.failures.is_empty() {
            out.push_str(&format!("\n{} failed:\n", inv.id));
            for f in &inv.failures {
                out.push_str(&format!("  {}: {}\n", f.location, f.message));
            }
        }
    }
    if !report.policy.is_empty() {
        out.push_str(
            "\nPolicy rules the plan itself does not meet (information; not an invariant):\n",
        );
        for p in &report.policy {
            out.push_str(&format!("  {}: {}\n", p.rule, p.message));
        }
    }
    out.push_str(if report.passed {
        "\nAll invariants hold.\n"
    } else {
        "\nThe tables break the invariants above.\n"
    });
    out
}
