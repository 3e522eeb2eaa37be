//! `xibu quota`: look up 附件2, the paired-recruitment quotas.

use serde::Serialize;

use super::{Io, Outcome, PlanArgs};
use crate::error::Error;
use crate::plan::{Plan, QuotaRow};
use crate::province::Province;
use crate::render::{OutputFormat, Tabular, csv_for_people, to_json};

/// Look up paired-recruitment quotas (附件2).
///
/// `xibu quota 新疆 山东` prints one pair's quota; `xibu quota 新疆` lists every province recruiting
/// for 新疆 with the total; `xibu quota --from 山东` lists where 山东 recruits for; `xibu quota`
/// alone prints the whole table. Exits 1 when the plan has no such pair.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// 服务地区: the province (or 兵团) where volunteers serve, e.g. 新疆 or 新疆维吾尔自治区.
    pub service: Option<String>,
    /// 对口招募省份: the province whose graduates are recruited, e.g. 山东.
    pub recruit: Option<String>,
    /// List the service regions this province recruits for.
    #[arg(long, value_name = "PROVINCE", conflicts_with_all = ["service", "recruit"])]
    pub from: Option<String>,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// CSV without the byte-order mark (by default CSV starts with one, so that Excel reads it as
    /// UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Serialize)]
struct PairJson<'a> {
    service: Province,
    recruit: Province,
    quota: Option<u32>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct ListJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<Province>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recruit: Option<Province>,
    quotas: Vec<&'a QuotaRow>,
    total: u64,
}

const CSV_HEADERS: [&str; 4] = ["服务地区", "对口招募省份", "招募指标", "备注"];

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let plan = args.plan.load()?;
    let service = args.service.as_deref().map(Province::parse).transpose()?;
    let recruit = args.recruit.as_deref().map(Province::parse).transpose()?;
    let from = args.from.as_deref().map(Province::parse).transpose()?;
    match (service, recruit, from) {
        (Some(service), Some(recruit), _) => pair(&plan, service, recruit, args, io),
        (Some(service), None, _) => {
            let rows: Vec<&QuotaRow> = plan.quotas.for_service(service).collect();
            if rows.is_empty() {
                io.note(&format!(
                    "{service} is not a service region in 附件2 ({}); the service regions are: {}",
                    plan.quotas.source.name,
                    service_regions(&plan)
                ))?;
                return Ok(Outcome::Failure);
            }
            list(Some(service), None, &rows, args, io)
        }
        (None, _, Some(recruit)) => {
            let rows: Vec<&QuotaRow> = plan.quotas.for_recruit(recruit).collect();
            if rows.is_empty() {
                io.note(&format!(
                    "{recruit} recruits for no service region in 附件2 ({})",
                    plan.quotas.source.name
                ))?;
                return Ok(Outcome::Failure);
            }
            list(None, Some(recruit), &rows, args, io)
        }
        (None, _, None) => {
            let rows: Vec<&QuotaRow> = plan.quotas.rows.iter().collect();
            list(None, None, &rows, args, io)
        }
    }
}

fn service_regions(plan: &Plan) -> String {
    plan.quotas
        .sums_by_service()
        .keys()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pair(
    plan: &Plan,
    service: Province,
    recruit: Province,
    args: &Args,
    io: &mut Io,
) -> Result<Outcome, Error> {
    let row = plan.quotas.get(service, recruit);
    match args.format {
        OutputFormat::Table => {
            if let Some(row) = row {
                io.print(&format!("{}\n", row.quota))?;
            }
        }
        OutputFormat::Json => io.print(&to_json(&PairJson {
            service,
            recruit,
            quota: row.map(|r| r.quota),
            note: row.map(|r| r.note.as_str()),
        }))?,
        OutputFormat::Csv => {
            let mut t = Tabular::new(&CSV_HEADERS, &[2]);
            if let Some(r) = row {
                t.push([
                    r.service.name(),
                    r.recruit.name(),
                    &r.quota.to_string(),
                    &r.note,
                ]);
            }
            io.print(&csv_for_people(t.to_csv(), !args.no_bom))?;
        }
    }
    if row.is_some() {
        return Ok(Outcome::Success);
    }
    let why = if plan.quotas.for_service(service).next().is_none() {
        format!(
            "{service} is not a service region; the service regions are: {}",
            service_regions(plan)
        )
    } else {
        format!("see `xibu quota {service}` for the provinces that recruit for {service}")
    };
    io.note(&format!(
        "{service} ← {recruit}: not in the plan — 附件2 has no quota for this pair ({}); {why}",
        plan.quotas.source.name
    ))?;
    Ok(Outcome::Failure)
}

fn list(
    service: Option<Province>,
    recruit: Option<Province>,
    rows: &[&QuotaRow],
    args: &Args,
    io: &mut Io,
) -> Result<Outcome, Error> {
    let format = args.format;
    let total: u64 = rows.iter().map(|r| u64::from(r.quota)).sum();
    let text = match format {
        OutputFormat::Json => to_json(&ListJson {
            service,
            recruit,
            quotas: rows.to_vec(),
            total,
        }),
        OutputFormat::Csv => {
            let mut t = Tabular::new(&CSV_HEADERS, &[2]);
            for r in rows {
                t.push([
                    r.service.name(),
                    r.recruit.name(),
                    &r.quota.to_string(),
                    &r.note,
                ]);
            }
            csv_for_people(t.to_csv(), !args.no_bom)
        }
        OutputFormat::Table => {
            let (title, mut t) = match (service, recruit) {
                (Some(s), _) => (
                    format!("服务地区 {s}: {} 个对口招募省份\n", rows.len()),
                    Tabular::new(&["对口招募省份", "招募指标", "备注"], &[1]),
                ),
                (None, Some(r)) => (
                    format!("{r} 对口招募: {} 个服务地区\n", rows.len()),
                    Tabular::new(&["服务地区", "招募指标", "备注"], &[1]),
                ),
                (None, None) => (
                    format!("附件2 对口招募指标: {} 对\n", rows.len()),
                    Tabular::new(&CSV_HEADERS, &[2]),
                ),
            };
            for r in rows {
                let q = r.quota.to_string();
                match (service, recruit) {
                    (Some(_), _) => t.push([r.recruit.name(), &q, &r.note]),
                    (None, Some(_)) => t.push([r.service.name(), &q, &r.note]),
                    (None, None) => t.push([r.service.name(), r.recruit.name(), &q, &r.note]),
                }
            }
            let total = total.to_string();
            if service.is_some() || recruit.is_some() {
                t.push(["合计", &total, ""]);
            } else {
                t.push(["合计", "", &total, ""]);
            }
            title + &t.to_table()
        }
    };
    io.print(&text)?;
    Ok(Outcome::Success)
}
