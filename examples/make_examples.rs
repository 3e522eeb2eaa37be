//! Writes the example rosters in `examples/`:
//!
//! - `roster.xlsx`: a realistic roster of 2020—2021 placements that passes every rule;
//! - `roster-violations.xlsx`: the same roster with rows that make each rule of the catalog fire,
//!   each explained in its 备注 cell;
//! - `roster-gbk.csv`: `roster.xlsx` as Excel in China exports CSV (GBK).
//!
//! Run `cargo run --example make_examples` from the repository root. The output is deterministic
//! (no randomness; ID numbers are built with real check characters from a counter).

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};
use xibu::Province;
use xibu::idcard::check_char;
use xibu::roster::schema::{Column, Kind};

type Res<T> = Result<T, Box<dyn Error>>;

/// Cells to change in a row, by column.
type Edits = Vec<(Column, V)>;

/// One cell of the example.
#[derive(Clone, Debug)]
enum V {
    Blank,
    Text(String),
    Amount(f64),
    Date(u16, u8, u8),
}

fn t(s: &str) -> V {
    V::Text(s.to_string())
}

/// One volunteer, column by column in `Column::ALL` order, plus a 备注.
#[derive(Clone, Debug)]
struct Volunteer {
    cells: Vec<V>,
    note: String,
}

impl Volunteer {
    fn set(&mut self, column: Column, value: V) {
        if let Some(i) = Column::ALL.iter().position(|c| *c == column) {
            self.cells[i] = value;
        }
    }
}

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 30] = [
    "子涵", "欣怡", "浩然", "梓萱", "宇轩", "思远", "佳怡", "俊杰", "雨桐", "博文", "诗涵", "晨曦",
    "一鸣", "婉清", "天佑", "若溪", "明哲", "紫涵", "嘉豪", "梦瑶", "文博", "雅静", "志强", "晓彤",
    "昊天", "静怡", "泽宇", "语嫣", "家乐", "心怡",
];

/// GB/T 2260 province codes, for plausible ID numbers.
fn region_code(p: Province) -> u32 {
    use Province::*;
    match p {
        Beijing => 110101,
        Tianjin => 120101,
        Hebei => 130102,
        Shanxi => 140105,
        NeiMongol => 150102,
        Liaoning => 210102,
        Jilin => 220102,
        Heilongjiang => 230102,
        Shanghai => 310101,
        Jiangsu => 320102,
        Zhejiang => 330102,
        Anhui => 340102,
        Fujian => 350102,
        Jiangxi => 360102,
        Shandong => 370102,
        Henan => 410102,
        Hubei => 420102,
        Hunan => 430102,
        Guangdong => 440103,
        Guangxi => 450102,
        Hainan => 460105,
        Chongqing => 500101,
        Sichuan => 510104,
        Guizhou => 520102,
        Yunnan => 530102,
        Xizang => 540102,
        Shaanxi => 610102,
        Gansu => 620102,
        Qinghai => 630102,
        Ningxia => 640104,
        Xinjiang | Bingtuan => 650102,
    }
}

struct Maker {
    n: u32,
}

impl Maker {
    fn id(&self, recruit: Province) -> String {
        let year = 1996 + self.n % 4;
        let month = 1 + self.n % 12;
        let day = 1 + (self.n * 7) % 28;
        let body = format!(
            "{}{year}{month:02}{day:02}{:03}",
            region_code(recruit),
            100 + self.n % 900
        );
        let check = check_char(&body).unwrap_or('0');
        format!("{body}{check}")
    }

    fn name(&self) -> String {
        let s = SURNAMES[(self.n as usize * 7) % SURNAMES.len()];
        let g = GIVEN[(self.n as usize * 11) % GIVEN.len()];
        format!("{s}{g}")
    }

    /// A volunteer who passes every rule.
    #[allow(clippy::too_many_arguments)]
    fn volunteer(
        &mut self,
        kind: &str,
        recruit: Province,
        service: Province,
        county: &str,
        unit: &str,
        post: &str,
        level: &str,
        nature: &str,
        program: &str,
        education: &str,
        rating: &str,
    ) -> Volunteer {
        self.n += 1;
        let remote = matches!(
            service,
            Province::Xinjiang | Province::Xizang | Province::Bingtuan
        );
        let report = if kind == "延期" {
            V::Date(2019, 7, 22)
        } else {
            V::Date(2020, 7, 20 + (self.n % 12) as u8)
        };
        let cells = vec![
            V::Text(self.name()),
            V::Text(self.id(recruit)),
            t(kind),
            t(recruit.name()),
            t(service.name()),
            t(county),
            t(unit),
            t(post),
            t(level),
            t(nature),
            t(program),
            t(education),
            V::Blank,
            if rating.is_empty() {
                V::Blank
            } else {
                t(rating)
            },
            report,
            V::Date(2021, 7, 31),
            V::Amount(800_000.0),
            V::Amount(800_000.0),
            V::Amount(300_000.0),
            V::Amount(200_000.0),
            V::Date(2020, 7, 15),
            if remote {
                V::Date(2021, 8, 15)
            } else {
                V::Date(2021, 8, 5)
            },
            t("合格"),
            if service == Province::Xizang {
                t("合格")
            } else {
                V::Blank
            },
            // 项目类型 (blank: 全国项目) and 招募方式 (blank: 集中招募).
            V::Blank,
            V::Blank,
        ];
        Volunteer {
            cells,
            note: String::new(),
        }
    }
}

/// A province's placements: new recruits from the listed provinces, extended volunteers and the
/// graduate teaching corps, in posts spread over the grassroots.
struct Placement<'a> {
    service: Province,
    counties: &'a [&'a str],
    program: &'a str,
    new_from: &'a [(Province, u32)],
    extended: u32,
    grad_teach: u32,
}

fn valid_roster(m: &mut Maker) -> Vec<Volunteer> {
    use Province::*;
    let placements = [
        Placement {
            service: Xinjiang,
            counties: &["伊宁县", "疏附县", "和田县"],
            program: "服务新疆",
            new_from: &[(Xinjiang, 9), (Shandong, 3), (Henan, 3), (Hubei, 2)],
            extended: 6,
            grad_teach: 2,
        },
        Placement {
            service: Xizang,
            counties: &["林周县", "当雄县"],
            program: "服务西藏",
            new_from: &[(Xizang, 4), (Shandong, 2), (Hubei, 2)],
            extended: 5,
            grad_teach: 1,
        },
        Placement {
            service: NeiMongol,
            counties: &["武川县", "四子王旗", "科尔沁右翼前旗"],
            program: "基础教育",
            new_from: &[(NeiMongol, 7), (Beijing, 1), (Henan, 1), (Hubei, 1)],
            extended: 5,
            grad_teach: 2,
        },
        Placement {
            service: Bingtuan,
            counties: &["阿拉尔市", "图木舒克市"],
            program: "服务新疆",
            new_from: &[(Bingtuan, 2), (Shanxi, 2), (Hubei, 2)],
            extended: 4,
            grad_teach: 1,
        },
        Placement {
            service: Guizhou,
            counties: &["威宁县", "从江县"],
            program: "服务三农",
            new_from: &[(Guizhou, 6), (Jiangsu, 2), (Guangdong, 1)],
            extended: 4,
            grad_teach: 2,
        },
    ];
    let units = [
        ("县第一中学", "教师", "县级", "事业单位", "基础教育"),
        ("镇中心小学", "语文教师", "乡镇", "事业单位", "基础教育"),
        ("乡卫生院", "护理员", "乡镇", "事业单位", "医疗卫生"),
        (
            "镇农业综合服务站",
            "农技推广员",
            "乡镇",
            "事业单位",
            "服务三农",
        ),
        ("村委会", "村务助理", "村", "其他", "基层社会管理"),
        ("镇人民政府", "党政办干事", "乡镇", "机关", "基层社会管理"),
        ("团县委", "青年工作干事", "县级", "机关", "基层青年工作"),
        ("县人民医院", "药剂员", "县级", "事业单位", "医疗卫生"),
        (
            "镇社会工作服务站",
            "社工助理",
            "乡镇",
            "社会组织",
            "基层社会管理",
        ),
        ("乡畜牧兽医站", "防疫员", "乡镇", "事业单位", "服务三农"),
    ];
    let mut out = Vec::new();
    for p in &placements {
        let mut k = 0usize;
        let mut next =
            |m: &mut Maker, kind: &str, recruit: Province, education: &str, rating: &str| {
                // 团县委 (县级机关) only once per province, so S03 stays under 10%.
                let mut u = units[k % units.len()];
                if k >= units.len() && u.3 == "机关" && u.2 == "县级" {
                    u = units[1];
                }
                let county = p.counties[k % p.counties.len()];
                let program = if matches!(p.program, "服务新疆" | "服务西藏") {
                    p.program
                } else {
                    u.4
                };
                k += 1;
                m.volunteer(
                    kind,
                    recruit,
                    p.service,
                    county,
                    &format!("{county}{}", u.0),
                    u.1,
                    u.2,
                    u.3,
                    program,
                    education,
                    rating,
                )
            };
        let mut i = 0;
        for &(recruit, count) in p.new_from {
            for _ in 0..count {
                // One 专科 where there are 7 or more new recruits keeps S02 above 85%.
                let total: u32 = p.new_from.iter().map(|r| r.1).sum();
                let education = if i == 3 && total >= 7 {
                    "专科"
                } else if i % 5 == 4 {
                    "硕士研究生"
                } else {
                    "本科"
                };
                out.push(next(m, "新招募", recruit, education, ""));
                i += 1;
            }
        }
        for j in 0..p.extended {
            let recruit = p
                .new_from
                .get(j as usize % p.new_from.len())
                .map_or(p.service, |r| r.0);
            // 延期 volunteers were rated last year: one 优秀 in each province.
            let rating = if j == 0 { "优秀" } else { "合格" };
            out.push(next(m, "延期", recruit, "本科", rating));
        }
        for _ in 0..p.grad_teach {
            out.push(next(m, "研究生支教团", Beijing, "硕士研究生", ""));
        }
    }
    // A new recruit lost before reporting, and the 补录 who replaced her, reporting by 9月10日:
    // the lost one is left out of every count (the report says so), the 补录 passes T01.
    let mut lost = m.volunteer(
        "新招募",
        Shandong,
        Xinjiang,
        "伊宁县",
        "伊宁县镇中心小学",
        "语文教师",
        "乡镇",
        "事业单位",
        "服务新疆",
        "本科",
        "",
    );
    lost.set(Column::PostStatus, t("流失"));
    out.push(lost);
    let mut late = m.volunteer(
        "新招募",
        Shandong,
        Xinjiang,
        "伊宁县",
        "伊宁县镇中心小学",
        "语文教师",
        "乡镇",
        "事业单位",
        "服务新疆",
        "本科",
        "",
    );
    late.set(Column::RecruitMode, t("补录"));
    late.set(Column::ReportDate, V::Date(2020, 9, 8));
    out.push(late);
    // A 地方项目 volunteer from 天津, a pair 附件2 does not list: not counted against 附件1/附件2.
    let mut local = m.volunteer(
        "新招募",
        Tianjin,
        NeiMongol,
        "武川县",
        "武川县镇中心小学",
        "语文教师",
        "乡镇",
        "事业单位",
        "基础教育",
        "本科",
        "",
    );
    local.set(Column::ProjectType, t("地方项目"));
    out.push(local);
    out
}

fn violation(mut v: Volunteer, rule: &str, why: &str, edits: &[(Column, V)]) -> Volunteer {
    for (c, value) in edits {
        v.set(*c, value.clone());
    }
    v.note = format!("违反 {rule}：{why}");
    v
}

fn violations_roster(m: &mut Maker) -> Vec<Volunteer> {
    use Column as C;
    use Province::*;
    let mut out = valid_roster(m);
    let base = |m: &mut Maker, kind: &str, recruit: Province, service: Province| {
        m.volunteer(
            kind,
            recruit,
            service,
            "大通县",
            "镇中心小学",
            "语文教师",
            "乡镇",
            "事业单位",
            "基础教育",
            "本科",
            "",
        )
    };
    // S01 and S03: 青海's four new recruits are all from 青海, all in a 县级 机关.
    for _ in 0..4 {
        let v = base(m, "新招募", Qinghai, Qinghai);
        out.push(violation(
            v,
            "S01 / S03",
            "青海的新招募志愿者全部来自青海（省内招募 100%），且都在县级机关（100%）",
            &[
                (C::UnitLevel, t("县级")),
                (C::UnitNature, t("机关")),
                (C::ServiceUnit, t("大通县人民政府办公室")),
                (C::PostName, t("文秘")),
            ],
        ));
    }
    // S02 and S04: 宁夏's new recruits are mostly 专科, and all four are rated 优秀.
    for i in 0..4 {
        let recruit = if i % 2 == 0 { Fujian } else { Shandong };
        let v = base(m, "新招募", recruit, Ningxia);
        let education = if i == 0 { "本科" } else { "专科" };
        out.push(violation(
            v,
            "S02 / S04",
            "宁夏的新招募志愿者 4 人中 3 人是专科（本科及以上仅 25%），且 4 人全部评为优秀（100%）",
            &[
                (C::ServiceCounty, t("西吉县")),
                (C::Education, t(education)),
                (C::Rating, t("优秀")),
            ],
        ));
    }
    let v = base(m, "新招募", Xizang, Xinjiang);
    out.push(violation(
        v,
        "Q01",
        "附件2 没有西藏为新疆对口招募的指标",
        &[(C::ServiceCounty, t("伊宁县")), (C::Program, t("服务新疆"))],
    ));
    let v = base(m, "延期", Hebei, Hebei);
    out.push(violation(
        v,
        "Q02",
        "附件1 中河北的延期志愿者人数为 0",
        &[
            (C::ServiceCounty, t("阜平县")),
            (C::ReportDate, V::Date(2019, 7, 22)),
        ],
    ));
    let bases = |m: &mut Maker| {
        m.volunteer(
            "新招募",
            Henan,
            NeiMongol,
            "武川县",
            "武川县第一中学",
            "教师",
            "县级",
            "事业单位",
            "基础教育",
            "本科",
            "",
        )
    };
    // A real number with its check character changed.
    let valid_id = m.id(Henan);
    let (body, check) = valid_id.split_at(17);
    let bad_id = format!("{body}{}", if check == "0" { "1" } else { "0" });
    let row_rules: Vec<(&str, &str, Edits)> = vec![
        (
            "I01",
            "意外伤害保额只有 60 万元，低于 80 万元",
            vec![(C::AccidentCover, t("60万元"))],
        ),
        (
            "I02",
            "没有填写重大疾病保额",
            vec![(C::CriticalIllnessCover, V::Blank)],
        ),
        (
            "I03",
            "住院医疗保额 20 万元，低于 30 万元",
            vec![(C::HospitalCover, V::Amount(200_000.0))],
        ),
        (
            "I04",
            "意外医疗保额 10 万元，低于 20 万元",
            vec![(C::AccidentMedicalCover, t("10万"))],
        ),
        (
            "I05",
            "保险起期与报到日期同一天，晚于报到前 3 天",
            vec![
                (C::ReportDate, V::Date(2020, 7, 25)),
                (C::InsuranceStart, V::Date(2020, 7, 25)),
            ],
        ),
        (
            "I06",
            "保险止期就是服务期满日期，早于期满后 3 天",
            vec![(C::InsuranceEnd, V::Date(2021, 7, 31))],
        ),
        (
            "P01",
            "身份证号校验位错误",
            vec![(C::IdNumber, V::Text(bad_id))],
        ),
        (
            "P02",
            "体检结论为不合格",
            vec![(C::MedicalExam, t("不合格"))],
        ),
        (
            "P04",
            "专项“乡村振兴”不是七个专项之一",
            vec![(C::Program, t("乡村振兴"))],
        ),
        (
            "P05",
            "岗位名称含“维稳”",
            vec![
                (C::PostName, t("综治维稳专干")),
                (C::UnitNature, t("事业单位")),
            ],
        ),
        (
            "T01",
            "报到日期 8 月 15 日，不在 7 月 20 日至 31 日的报到期内",
            vec![(C::ReportDate, V::Date(2020, 8, 15))],
        ),
        (
            "E01",
            "学历写成“小学”，无法识别",
            vec![(C::Education, t("小学"))],
        ),
    ];
    for (rule, why, edits) in row_rules {
        let v = bases(m);
        out.push(violation(v, rule, why, &edits));
    }
    // P01 again: the same ID number on two rows.
    let first = bases(m);
    let id = first.cells[1].clone();
    out.push(first);
    let v = bases(m);
    out.push(violation(
        v,
        "P01",
        "身份证号与上一行重复",
        &[(C::IdNumber, id)],
    ));
    // P03 and the I06 notice: a volunteer in 西藏 with no lung-function result and cover that ends
    // only 3 days after service.
    let v = m.volunteer(
        "新招募",
        Shandong,
        Xizang,
        "当雄县",
        "当雄县镇中心小学",
        "教师",
        "乡镇",
        "事业单位",
        "服务西藏",
        "本科",
        "",
    );
    out.push(violation(
        v,
        "P03 / I06（提示）",
        "服务西藏但肺通气检查结论为空；保险止期仅为期满后 3 天，西藏路途较远应适当延长",
        &[
            (C::LungTest, V::Blank),
            (C::InsuranceEnd, V::Date(2021, 8, 3)),
        ],
    ));
    let more: Vec<(&str, &str, Edits)> = vec![
        (
            "T02",
            "新招募志愿者服务期满日期为 2023 年，超过一个协议年（服务协议一年一签）",
            vec![
                (C::ServiceEndDate, V::Date(2023, 7, 31)),
                (C::InsuranceEnd, V::Date(2023, 8, 5)),
            ],
        ),
        (
            "T01（补录）",
            "补录志愿者 9 月 11 日报到，晚于补录截止日 9 月 10 日",
            vec![
                (C::RecruitMode, t("补录")),
                (C::ReportDate, V::Date(2020, 9, 11)),
            ],
        ),
        (
            "E02",
            "报到日期为空，I05、T01、T02 无法检查这一行",
            vec![(C::ReportDate, V::Blank)],
        ),
    ];
    for (rule, why, edits) in more {
        let v = bases(m);
        out.push(violation(v, rule, why, &edits));
    }
    // S01's plan allowance: 吉林's 3 new recruits are all from 吉林, as 附件2 itself plans (3/3):
    // a notice naming the plan's figure, not an error.
    for _ in 0..3 {
        let v = base(m, "新招募", Jilin, Jilin);
        out.push(violation(
            v,
            "S01（提示）",
            "吉林的新招募志愿者全部来自吉林（100%），附件2 本身即为吉林安排省内招募 3/3，按计划比例只作提示",
            &[(C::ServiceCounty, t("长白县"))],
        ));
    }
    out
}

/// A column's width in Excel's units: the header or a typical value, whichever is wider (a CJK
/// character is about two digits wide).
fn column_width(column: Column) -> f64 {
    let wide = |t: &str| {
        t.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let content = match column.kind() {
        Kind::IdNumber => 20,
        Kind::Date => 11,
        Kind::Amount => 9,
        Kind::Province => 6,
        Kind::Choice => column.choices().iter().map(|c| wide(c)).max().unwrap_or(6),
        Kind::Text => match column {
            Column::ServiceUnit => 26,
            Column::PostName => 14,
            Column::ServiceCounty => 12,
            _ => 8,
        },
    };
    (content.max(wide(column.header())) + 2) as f64
}

/// The layout a clerk's roster has: a merged title, a styled header frozen under it, column
/// widths, and drop-down lists (warning style, as the template's) on the choice columns. The
/// annotated copy must keep all of it.
fn lay_out(
    ws: &mut Worksheet,
    title: &str,
    header_row: u32,
    last_row: u32,
) -> Result<(), XlsxError> {
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let last_col = Column::ALL.len() as u16;
    ws.merge_range(0, 0, 0, last_col, title, &title_format)?;
    ws.set_row_height(0, 28)?;
    let header = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7));
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(header_row, col, c.header(), &header)?;
        ws.set_column_width(col, column_width(*c))?;
        let values: Vec<&str> = match c.kind() {
            Kind::Choice => c.choices(),
            Kind::Province => Province::ALL.iter().map(|p| p.name()).collect(),
            _ => continue,
        };
        if values.is_empty() {
            continue;
        }
        let rule = DataValidation::new()
            .allow_list_strings(&values)?
            .ignore_blank(true)
            .set_error_style(DataValidationErrorStyle::Warning);
        ws.add_data_validation(header_row + 1, col, last_row, col, &rule)?;
    }
    ws.write_string_with_format(header_row, last_col, "备注", &header)?;
    ws.set_column_width(last_col, 40)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

fn write_xlsx(rows: &[Volunteer], path: &Path, title: &str) -> Res<()> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0");
    let header_row = 1;
    lay_out(ws, title, header_row, header_row + rows.len() as u32)?;
    let note_col = Column::ALL.len() as u16;
    for (r, v) in rows.iter().enumerate() {
        let row = header_row + 1 + r as u32;
        for (c, cell) in v.cells.iter().enumerate() {
            let col = c as u16;
            match cell {
                V::Blank => {}
                V::Text(s) => {
                    ws.write_string(row, col, s)?;
                }
                V::Amount(a) => {
                    ws.write_number_with_format(row, col, *a, &money)?;
                }
                V::Date(y, m, d) => {
                    ws.write_datetime_with_format(
                        row,
                        col,
                        ExcelDateTime::from_ymd(*y, *m, *d)?,
                        &date,
                    )?;
                }
            }
        }
        if !v.note.is_empty() {
            ws.write_string(row, note_col, &v.note)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

fn write_gbk_csv(rows: &[Volunteer], path: &Path) -> Res<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(Column::ALL.iter().map(|c| c.header()))?;
    for v in rows {
        let fields: Vec<String> = v
            .cells
            .iter()
            .map(|c| match c {
                V::Blank => String::new(),
                V::Text(s) => s.clone(),
                V::Amount(a) => format!("{a}"),
                // Excel's CSV export writes dates as it displays them.
                V::Date(y, m, d) => format!("{y}/{m}/{d}"),
            })
            .collect();
        w.write_record(&fields)?;
    }
    let text = String::from_utf8(w.into_inner()?)?;
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    if unmappable {
        return Err("a character of the roster has no GBK form".into());
    }
    std::fs::write(path, &bytes)?;
    Ok(())
}

fn main() -> Res<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let valid = valid_roster(&mut Maker { n: 0 });
    write_xlsx(
        &valid,
        &dir.join("roster.xlsx"),
        "2020—2021 年度西部计划志愿者花名册（示例）",
    )?;
    write_gbk_csv(&valid, &dir.join("roster-gbk.csv"))?;
    let bad = violations_roster(&mut Maker { n: 0 });
    write_xlsx(
        &bad,
        &dir.join("roster-violations.xlsx"),
        "2020—2021 年度西部计划志愿者花名册（含违规示例，见备注列）",
    )?;
    eprintln!(
        "wrote examples/roster.xlsx ({} rows), examples/roster-gbk.csv, examples/roster-violations.xlsx ({} rows)",
        valid.len(),
        bad.len()
    );
    Ok(())
}
