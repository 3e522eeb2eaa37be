//! Writes a synthetic roster for benchmarks: N volunteers spread over the plan's province pairs
//! (weighted by their quotas), with every SPEC column and a controllable rate of violations.
//!
//! ```sh
//! cargo run --release --example gen_roster -- --rows 1000000 --out /tmp/roster-1m.csv
//! cargo run --release --example gen_roster -- --rows 20000 --out /tmp/roster-20k.xlsx --violations 0.01
//! cargo run --release --example gen_roster -- --rows 1000000 --out /tmp/heavy-1m.csv --profile heavy
//! cargo run --release --example gen_roster -- --rows 20000 --files 100 --out /tmp/folder/county.xlsx
//! ```
//!
//! `--files N` splits the rows of one `--rows` roster, in order, over N files named after `--out`
//! (`county-001.xlsx` …): a folder holding exactly the rows of the single file.
//!
//! `--profile heavy` is the findings-heavy roster of issue 15: about 10% of rows carry a row-level
//! error (a duplicate ID number, a low accident cover, an insurance end before service end + 3
//! days, or an unreadable 报到日期), and every row serving in 新疆, 西藏 or 兵团 (about 40% of
//! rows, by 附件2's quotas) has its insurance end 5 days after service ends: not an error, but the
//! remote-province notice of I06. `--violations` sets the error rate of either profile.
//!
//! The output is the same for the same arguments (a fixed-seed generator, no randomness from the
//! system). CSV is written as UTF-8; `--gbk` writes GBK as Excel in China does.

use std::error::Error;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use xibu::Plan;
use xibu::idcard::check_char;
use xibu::roster::schema::Column;

type Res<T> = Result<T, Box<dyn Error>>;

/// xorshift64*: small, fast and deterministic; good enough to spread rows.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

struct Args {
    rows: u64,
    out: PathBuf,
    violations: f64,
    gbk: bool,
    heavy: bool,
    /// Rows split over this many files (the same rows as one file of `rows`, in order).
    files: u64,
}

fn args() -> Res<Args> {
    let mut a = Args {
        rows: 20_000,
        out: PathBuf::from("roster-synthetic.csv"),
        violations: 0.0,
        gbk: false,
        heavy: false,
        files: 1,
    };
    let mut violations = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--rows" => a.rows = it.next().ok_or("--rows N")?.parse()?,
            "--out" => a.out = PathBuf::from(it.next().ok_or("--out FILE")?),
            "--violations" => violations = Some(it.next().ok_or("--violations RATE")?.parse()?),
            "--gbk" => a.gbk = true,
            "--files" => a.files = it.next().ok_or("--files N")?.parse::<u64>()?.max(1),
            "--profile" => match it.next().as_deref() {
                Some("heavy") => a.heavy = true,
                Some("clean") => a.heavy = false,
                _ => return Err("--profile clean|heavy".into()),
            },
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    a.violations = violations.unwrap_or(if a.heavy { 0.10 } else { 0.0 });
    Ok(a)
}

const COUNTIES: [&str; 8] = [
    "伊宁县",
    "疏附县",
    "林周县",
    "武川县",
    "四子王旗",
    "威宁县",
    "西吉县",
    "大通县",
];
const UNITS: [(&str, &str, &str, &str); 6] = [
    ("县第一中学", "教师", "县级", "事业单位"),
    ("镇中心小学", "语文教师", "乡镇", "事业单位"),
    ("乡卫生院", "护理员", "乡镇", "事业单位"),
    ("镇农业综合服务站", "农技推广员", "乡镇", "事业单位"),
    ("村委会", "村务助理", "村", "其他"),
    ("镇人民政府", "党政办干事", "乡镇", "机关"),
];

/// Row `n`'s ID number: unique and valid, from a real province code, a birth date that moves on
/// every 1000 rows, and the row's sequence within them.
fn id_number(n: u64) -> String {
    const REGIONS: [u32; 8] = [
        110101, 370102, 410102, 420102, 510104, 650102, 150102, 540102,
    ];
    let birth = chrono::NaiveDate::from_ymd_opt(1994, 1, 1).unwrap_or_default()
        + chrono::Duration::days((n / 1000) as i64);
    let body = format!(
        "{}{}{:03}",
        REGIONS[(n % 8) as usize],
        birth.format("%Y%m%d"),
        n % 1000
    );
    match check_char(&body) {
        Some(c) => format!("{body}{c}"),
        None => body,
    }
}

/// A cell of the synthetic roster.
enum V {
    T(String),
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    Blank,
}

fn row(
    rng: &mut Rng,
    n: u64,
    pairs: &[(&'static str, &'static str, u64)],
    total: u64,
    bad: bool,
    heavy: bool,
) -> Vec<V> {
    // A pair, weighted by its quota.
    let mut pick = rng.below(total);
    let mut pair = pairs.first().map_or(("新疆", "山东"), |p| (p.0, p.1));
    for p in pairs {
        if pick < p.2 {
            pair = (p.0, p.1);
            break;
        }
        pick -= p.2;
    }
    let kind = match rng.below(100) {
        0..=36 => "新招募",
        37..=88 => "延期",
        _ => "研究生支教团",
    };
    let id = id_number(n);
    let u = UNITS[rng.below(UNITS.len() as u64) as usize];
    let county = COUNTIES[rng.below(COUNTIES.len() as u64) as usize];
    let report = if kind == "延期" {
        V::D(2019, 7, 22)
    } else {
        V::D(2020, 7, 20 + rng.below(12) as u8)
    };
    let mut cells = vec![
        V::T(format!("志愿者{n}")),
        V::T(id),
        V::S(kind),
        V::S(pair.1),
        V::S(pair.0),
        V::S(county),
        V::T(format!("{county}{}", u.0)),
        V::S(u.1),
        V::S(u.2),
        V::S(u.3),
        V::S(match pair.0 {
            "新疆" | "兵团" => "服务新疆",
            "西藏" => "服务西藏",
            _ => "基础教育",
        }),
        V::S(if rng.below(20) == 0 {
            "专科"
        } else {
            "本科"
        }),
        V::Blank,
        V::S(if kind == "延期" && rng.below(10) == 0 {
            "优秀"
        } else {
            ""
        }),
        report,
        V::D(2021, 7, 31),
        V::N(800_000.0),
        V::N(800_000.0),
        V::N(300_000.0),
        V::N(200_000.0),
        V::D(2020, 7, 15),
        V::D(2021, 8, 15),
        V::S("合格"),
        V::S(if pair.0 == "西藏" { "合格" } else { "" }),
    ];
    // 项目类型 and 招募方式 blank (全国项目, 集中招募), written as empty fields.
    cells.resize_with(Column::ALL.len(), || V::Blank);
    let remote = matches!(pair.0, "新疆" | "西藏" | "兵团");
    if heavy && remote {
        // Service end + 5 days: enough (≥ + 3), but short of the + 7 advised for remote provinces.
        cells[21] = V::D(2021, 8, 5);
    }
    if bad && heavy {
        // One row-level error, chosen at random.
        let (i, v) = match rng.below(4) {
            // The previous row's number (the next one's for the first row).
            0 => (1, V::T(id_number(if n == 0 { 1 } else { n - 1 }))),
            1 => (16, V::N(600_000.0)),
            2 => (21, V::D(2021, 8, 2)),
            _ => (14, V::S("2020/13/45")),
        };
        cells[i] = v;
    } else if bad {
        // One row-level violation, chosen at random.
        let (i, v) = match rng.below(6) {
            0 => (16, V::N(600_000.0)),
            1 => (14, V::S("2020/13/45")),
            2 => (11, V::S("小学")),
            3 => (22, V::S("不合格")),
            4 => (21, V::D(2021, 7, 31)),
            _ => (7, V::S("维稳专干")),
        };
        cells[i] = v;
    }
    cells
}

/// Writes rows `range` of the synthetic roster to `path` (xlsx by its name, else CSV).
fn write_part(
    a: &Args,
    path: &std::path::Path,
    range: std::ops::Range<u64>,
    rng: &mut Rng,
    pairs: &[(&'static str, &'static str, u64)],
    total: u64,
) -> Res<()> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("花名册")?;
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, col) in Column::ALL.iter().enumerate() {
            ws.write_string(0, c as u16, col.header())?;
        }
        for n in range.clone() {
            let bad = rng.chance(a.violations);
            let r = (n - range.start) as u32 + 1;
            for (c, v) in row(rng, n, pairs, total, bad, a.heavy)
                .into_iter()
                .enumerate()
            {
                let c = c as u16;
                match v {
                    V::T(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    V::S(s) if !s.is_empty() => {
                        ws.write_string(r, c, s)?;
                    }
                    V::N(x) => {
                        ws.write_number(r, c, x)?;
                    }
                    V::D(y, m, d) => {
                        ws.write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(y, m, d)?,
                            &date,
                        )?;
                    }
                    _ => {}
                }
            }
        }
        wb.save(path)?;
    } else {
        let file = std::fs::File::create(path)?;
        let mut w = BufWriter::new(file);
        let mut line = String::new();
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
        let emit = |w: &mut BufWriter<std::fs::File>, text: &str| -> Res<()> {
            if a.gbk {
                let (bytes, _, _) = encoding_rs::GBK.encode(text);
                w.write_all(&bytes)?;
            } else {
                w.write_all(text.as_bytes())?;
            }
            Ok(())
        };
        emit(&mut w, &(header.join(",") + "\n"))?;
        for n in range.clone() {
            let bad = rng.chance(a.violations);
            line.clear();
            for (c, v) in row(rng, n, pairs, total, bad, a.heavy)
                .into_iter()
                .enumerate()
            {
                if c > 0 {
                    line.push(',');
                }
                match v {
                    V::T(t) => line.push_str(&t),
                    V::S(s) => line.push_str(s),
                    V::N(x) => line.push_str(&format!("{x}")),
                    V::D(y, m, d) => line.push_str(&format!("{y}-{m:02}-{d:02}")),
                    V::Blank => {}
                }
            }
            line.push('\n');
            emit(&mut w, &line)?;
        }
        w.flush()?;
    }
    Ok(())
}

fn main() -> Res<()> {
    let a = args()?;
    let plan = Plan::builtin()?;
    let pairs: Vec<(&'static str, &'static str, u64)> = plan
        .quotas
        .rows
        .iter()
        .map(|r| (r.service.name(), r.recruit.name(), u64::from(r.quota)))
        .collect();
    let total: u64 = pairs.iter().map(|p| p.2).sum();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    if a.files <= 1 {
        write_part(&a, &a.out, 0..a.rows, &mut rng, &pairs, total)?;
    } else {
        // `--files 100 --out dir/county.xlsx`: dir/county-001.xlsx … dir/county-100.xlsx, the
        // rows of one `--rows` file in order (the same generator, drawn once).
        let stem = a.out.file_stem().map(|s| s.to_string_lossy().into_owned());
        let ext = a.out.extension().map(|s| s.to_string_lossy().into_owned());
        let dir = a.out.parent().unwrap_or(std::path::Path::new("."));
        let per = a.rows.div_ceil(a.files);
        for i in 0..a.files {
            let range = (i * per).min(a.rows)..((i + 1) * per).min(a.rows);
            let name = format!(
                "{}-{:03}.{}",
                stem.as_deref().unwrap_or("roster"),
                i + 1,
                ext.as_deref().unwrap_or("csv")
            );
            write_part(&a, &dir.join(name), range, &mut rng, &pairs, total)?;
        }
    }
    eprintln!("wrote {} rows to {}", a.rows, a.out.display());
    Ok(())
}
