//! `xibu scale`: look up 附件1, the per-province implementation scale.

use serde::Serialize;

use super::{Io, Outcome, PlanArgs};
use crate::error::Error;
use crate::plan::{ScaleRow, ScaleTotals};
use crate::province::Province;
use crate::render::{OutputFormat, Tabular, to_json};

/// Show the per-province implementation scale (附件1).
///
/// `xibu scale` prints every province and the 合计 row; `xibu scale 新疆` prints one province.
/// Exits 1 when the province has no row in the table.
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The province (or 兵团), e.g. 新疆 or 新疆维吾尔自治区.
    pub province: Option<String>,
    #[command(flatten)]
    pub plan: PlanArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    /// CSV without the byte-order mark (by default CSV starts with one, so that Excel reads it as
    /// UTF-8).
    #[arg(long)]
    pub no_bom: bool,
}

/// The headers of the built-in edition's `scale.csv`, so that `--format csv` loads back.
const HEADERS: [&str; 5] = [
    "省份",
    "实施规模",
    "第22届研支团人数",
    "延期志愿者人数",
    "新招募志愿者人数(不含研支团)",
];

#[derive(Serialize)]
struct AllJson<'a> {
    rows: &'a [ScaleRow],
    totals: Option<ScaleTotals>,
}

fn cells(label: &str, t: u32, g: u32, e: u32, n: u32) -> [String; 5] {
    [
        label.to_string(),
        t.to_string(),
        g.to_string(),
        e.to_string(),
        n.to_string(),
    ]
}

pub fn run(args: &Args, io: &mut Io) -> Result<Outcome, Error> {
    let plan = args.plan.load()?;
    let scale = &plan.scale;
    let rows: Vec<&ScaleRow> = match args.province.as_deref() {
        Some(name) => {
            let province = Province::parse(name)?;
            match scale.get(province) {
                Some(row) => vec![row],
                None => {
                    io.note(&format!(
                        "{province} has no row in 附件1 ({}): it is not a service province of this plan",
                        scale.source.name
                    ))?;
                    return Ok(Outcome::Failure);
                }
            }
        }
        None => scale.rows.iter().collect(),
    };
    let single = args.province.is_some();
    let text = match args.format {
        OutputFormat::Json => match rows.first() {
            Some(row) if single => to_json(row),
            _ => to_json(&AllJson {
                rows: &scale.rows,
                totals: scale.totals,
            }),
        },
        OutputFormat::Csv | OutputFormat::Table => {
            let mut t = Tabular::new(&HEADERS, &[1, 2, 3, 4]);
            for r in &rows {
                t.push(cells(
                    r.province.name(),
                    r.total,
                    r.grad_teach,
                    r.extended,
                    r.new,
                ));
            }
            // The table's own 合計 row is shown as stated; `tables verify` checks it.
            if let (false, Some(s)) = (single, scale.totals) {
                t.push(cells("合计", s.total, s.grad_teach, s.extended, s.new));
            }
            if args.format == OutputFormat::Csv {
                crate::render::csv_for_people(t.to_csv(), !args.no_bom)
            } else {
                t.to_table()
            }
        }
    };
    io.print(&text)?;
    Ok(Outcome::Success)
}
