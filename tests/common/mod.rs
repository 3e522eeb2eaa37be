//! Fixtures shared by the integration tests: plan tables laid out the way they are published.
#![allow(dead_code)]

pub mod check;
pub mod sheets;

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};
use xibu::{Plan, Province};

/// (服务地区, 对口招募省份, 招募指标, 备注) of a plan, without source rows.
pub fn pairs(plan: &Plan) -> Vec<(Province, Province, u32, String)> {
    plan.quotas
        .rows
        .iter()
        .map(|r| (r.service, r.recruit, r.quota, r.note.clone()))
        .collect()
}

/// A scale row without its source row: 省份 and (实施规模, 研支团, 延期, 新招募).
pub type ScaleLine = (Province, [u32; 4]);

/// The province rows of a plan's scale table, and its 合计 row.
pub fn scale_rows(plan: &Plan) -> (Vec<ScaleLine>, Option<[u32; 4]>) {
    (
        plan.scale
            .rows
            .iter()
            .map(|r| (r.province, [r.total, r.grad_teach, r.extended, r.new]))
            .collect(),
        plan.scale.totals.map(|t| t.values()),
    )
}

/// The name a published table prints for a service region: full names, with the seed's own
/// spaced spellings for 新疆 and 兵团.
fn published_service_name(p: Province) -> String {
    match p {
        Province::Xinjiang => "新疆 自治区".to_string(),
        Province::Bingtuan => "新疆 生产 建设 兵团".to_string(),
        _ => p.full_name().to_string(),
    }
}

/// 附件2 as the notice publishes it: a title over two side-by-side blocks (the header repeated to
/// the right), each service region's name in a merged cell over its rows, full province names,
/// quotas as number cells, and a 合计 row under the left block.
pub fn write_published_quotas_xlsx(plan: &Plan, path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    ws.write_string(0, 0, "附件 2").unwrap();
    ws.merge_range(1, 0, 1, 7, "2020—2021 年度西部计划对口招募指标", &plain)
        .unwrap();
    for block in 0..2u16 {
        for (i, h) in ["服务地区", "对口招募省份", "招募指标", "备注"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, block * 4 + i as u16, *h).unwrap();
        }
    }
    // Regions in table order; the first nine go left, as in the notice.
    let mut regions: Vec<Province> = Vec::new();
    for r in &plan.quotas.rows {
        if !regions.contains(&r.service) {
            regions.push(r.service);
        }
    }
    let mut total = 0u32;
    for (block, regions) in [&regions[..9], &regions[9..]].into_iter().enumerate() {
        let col = block as u16 * 4;
        let mut row = 3u32;
        for &region in regions {
            let rows: Vec<_> = plan.quotas.for_service(region).collect();
            let last = row + rows.len() as u32 - 1;
            let name = published_service_name(region);
            if last > row {
                ws.merge_range(row, col, last, col, &name, &plain).unwrap();
            } else {
                ws.write_string(row, col, &name).unwrap();
            }
            for (k, q) in rows.iter().enumerate() {
                let r = row + k as u32;
                // Alternate full and short names, as hand-made tables do.
                let recruit = if k % 2 == 0 {
                    q.recruit.full_name()
                } else {
                    q.recruit.name()
                };
                ws.write_string(r, col + 1, recruit).unwrap();
                ws.write_number(r, col + 2, f64::from(q.quota)).unwrap();
                if !q.note.is_empty() {
                    ws.write_string(r, col + 3, &q.note).unwrap();
                }
                total += q.quota;
            }
            row = last + 1;
        }
        if block == 1 {
            ws.write_string(row + 1, 0, "合计").unwrap();
            ws.write_number(row + 1, 2, f64::from(total)).unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// 附件1 as published: title rows, headers broken over lines, full names, a 合计 row and a
/// footnote.
pub fn write_published_scale_xlsx(plan: &Plan, path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    ws.write_string(0, 0, "附件 1").unwrap();
    ws.merge_range(1, 0, 1, 4, "2020—2021 年度西部计划分省实施规模", &plain)
        .unwrap();
    let headers = [
        "省份",
        "实施规模",
        "第 22 届\n研支团人数",
        "延期志愿者\n人数",
        "新招募志愿者人数\n（不含研支团）",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(3, i as u16, *h).unwrap();
    }
    let mut row = 4u32;
    for r in &plan.scale.rows {
        ws.write_string(row, 0, r.province.full_name()).unwrap();
        for (k, v) in [r.total, r.grad_teach, r.extended, r.new]
            .iter()
            .enumerate()
        {
            ws.write_number(row, k as u16 + 1, f64::from(*v)).unwrap();
        }
        row += 1;
    }
    if let Some(t) = plan.scale.totals {
        ws.write_string(row, 0, "合 计").unwrap();
        for (k, v) in [t.total, t.grad_teach, t.extended, t.new]
            .iter()
            .enumerate()
        {
            ws.write_number(row, k as u16 + 1, f64::from(*v)).unwrap();
        }
    }
    ws.write_string(row + 2, 0, "注：实施规模含研究生支教团。")
        .unwrap();
    wb.save(path).unwrap();
}
