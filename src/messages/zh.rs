//! 中文：xibu 对用户说的每一句话。

use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::S01InProvince => {
            "{where}：省内招募 {count} 人，占新招募 {total} 人的 {actual}，超过 {limit}"
        }
        Msg::S01Plan => {
            "{province}：计划省内招募指标 {count}，占新招募 {total} 的 {actual}，超过 {limit}"
        }
        Msg::S01WithinPlan => {
            "{where}：省内招募 {count} 人，占新招募 {total} 人的 {actual}，超过 {limit}，但未超过附件2 为本地安排的省内招募比例 {plan_share}（{plan_count}/{plan_total}），按计划比例不判为违规"
        }
        Msg::S01AbovePlan => {
            "{where}：省内招募 {count} 人，占新招募 {total} 人的 {actual}，超过 {limit}，也超过附件2 为本地安排的省内招募比例 {plan_share}（{plan_count}/{plan_total}）"
        }
        Msg::S02Degree => {
            "{where}：新招募 {total} 人中{what} {count} 人，占 {actual}，低于 {limit}"
        }
        Msg::S03Organs => {
            "{where}：在岗 {total} 人中县级及以上机关岗位 {count} 个，占 {actual}，超过 {limit}"
        }
        Msg::S04Excellent => "{where}：在岗 {total} 人中优秀 {count} 人，占 {actual}，超过 {limit}",
        Msg::Q01OverQuota => "{pair}：新招募 {count} 人，超过招募指标 {quota}",
        Msg::Q01NoQuota => "{pair}：新招募 {count} 人，但附件2没有这一对口招募指标",
        Msg::Q02OverScale => "{province}：在岗{part} {count} 人，超过附件1 的 {limit}",
        Msg::Q02NoScale => "{province}：在岗{part} {count} 人，但附件1 没有 {province} 的实施规模",
        Msg::CoverBelow => "{cover}单项保额 {amount} 元，低于 {min} 元",
        Msg::CoverBlank => "{cover}保额为空：每名志愿者都须购买，单项保额不低于 {min} 元",
        Msg::I05Late => "保险起期 {start} 晚于报到日期 {report} 前 {days} 天（{latest}）",
        Msg::I05Blank => "保险起期为空：保险须在报到日期 {report} 前 {days} 天（{latest}）生效",
        Msg::I06Blank => {
            "保险止期为空：保险须至少保障到服务期满 {service_end} 后 {days} 天（{earliest}）"
        }
        Msg::I06Early => "保险止期 {end} 早于服务期满 {service_end} 后 {days} 天（{earliest}）",
        Msg::I06Remote => {
            "{province} 路途较远，保险期限应适当延长：保险止期 {end}，建议不早于 {advised}（期满后 {days} 天）"
        }
        Msg::P01Blank => "身份证号为空",
        Msg::P01Malformed => "身份证号格式不对：应为 17 位数字加 1 位数字或 X",
        Msg::P01Region => "身份证号前两位不是省级行政区划代码",
        Msg::P01BirthDate => "身份证号第 7–14 位不是有效的出生日期",
        Msg::P01Checksum => "身份证号校验位错误：第 18 位应为 {expected}",
        Msg::P01Duplicate => "身份证号与第 {first} 行重复",
        Msg::P01BornAfterReport => "身份证号中的出生日期 {birth} 晚于报到日期 {report}",
        Msg::P01TooYoung => {
            "身份证号中的出生日期 {birth} 表明报到（{report}）时不满 {years} 周岁，请核对"
        }
        Msg::P02Failed => "体检结论为不合格",
        Msg::P02Blank => "新招募志愿者的体检结论为空",
        Msg::P03Failed => "服务西藏，肺通气检查不合格",
        Msg::P03Blank => "服务西藏，肺通气检查结论为空",
        Msg::P04Blank => "专项为空：应为 {seven} 之一",
        Msg::P04Unknown => "专项{text}不在七个专项之中（{seven}）",
        Msg::P04WrongPlace => {
            "专项为{program}，但服务省份是{province}：{program}专项只用于在{place}服务"
        }
        Msg::P05Keyword => "{column}{text}含{word}，可能是不得安排志愿者的岗位",
        Msg::T01Outside => "报到日期 {date} 不在报到期 {from} 至 {to} 内",
        Msg::T01LateOutside => "补录志愿者的报到日期 {date} 不在 {from} 至补录截止日 {to} 内",
        Msg::T02NotAfter => "服务期满日期 {end} 不晚于报到日期 {report}",
        Msg::T02Short => {
            "服务期满日期 {end} 距报到日期 {report} 过短：服务期为 1 至 3 年，应在 {earliest} 至 {latest} 之间"
        }
        Msg::T02LongAgreement => {
            "服务期满日期 {end} 距报到日期 {report} 超过一个协议年：服务协议一年一签，应在 {earliest} 至 {latest} 之间"
        }
        Msg::T02LongExtended => {
            "延期志愿者服务期满日期 {end} 距首次报到 {report} 超过 3 年：服务期为 1 至 3 年，应在 {earliest} 至 {latest} 之间"
        }
        Msg::E02Blank => "{column}为空，{rules} 无法检查这一行",
        Msg::E01Unreadable => "{header}（{cell}）无法识别：{problem}",
        Msg::CellIdFullWidth => "身份证号含全角字符 {chars}（应为半角 {ascii}）",
        Msg::CellIdSpaces => "身份证号中间有空格，请删去",
        Msg::CellBlank => "单元格为空：每名志愿者都必须填写{column}",
        Msg::CellExcelError => "单元格是 Excel 错误值 {error}，请改为实际内容",
        Msg::CellIdAsNumber => {
            "身份证号被存成了数字，Excel 只保留数字的前 15 位：请把这一列设为文本格式后重新输入"
        }
        Msg::CellProvince => "{input}不是省份名称；可写简称（新疆）或全称（新疆维吾尔自治区）",
        Msg::CellProvinceNear => "{input}不是省份名称，是否为 {near}？",
        Msg::CellChoice => "{text}不是有效的{column}；可填 {choices}",
        Msg::CellDate => {
            "无法识别为日期；请写成 2020-07-20、2020/7/20、2020.7.20、2020年7月20日 或 20200720"
        }
        Msg::CellAmount => "无法识别为金额；请写成 800000、800,000、80万 或 80万元",
        Msg::CellTooLong => {
            "单元格内容超过 {max} 个字符（Excel 单元格的上限），请检查是否误粘贴了大段内容"
        }
        Msg::CellValueTooLong => "{text}不是有效的{column}：长达 {count} 个字符",
        Msg::CellAmountTenThousand => {
            "无法识别为金额（本列单位为万元）；请写成 80、80万 或 800000元"
        }

        Msg::DegreeAbove => "本科及以上",
        Msg::DegreeOnly => "本科",
        Msg::PartNew => "新招募",
        Msg::PartExtended => "延期",
        Msg::PartGradTeach => "研支团",
        Msg::PartTotal => "实施规模",
        Msg::CoverAccident => "人身意外伤害保险",
        Msg::CoverCriticalIllness => "重大疾病保险",
        Msg::CoverHospital => "住院医疗保险",
        Msg::CoverAccidentMedical => "意外伤害医疗保险",
        Msg::PlaceXinjiang => "新疆或兵团",
        Msg::PlaceXizang => "西藏",
        Msg::Nationally => "全国",

        Msg::DataQuality => "数据质量（无对应政策条文）",
        Msg::DataQualityShort => "数据质量",

        Msg::LabelInProvince => "省内招募",
        Msg::LabelDegreeAbove => "本科及以上",
        Msg::LabelDegreeOnly => "本科",
        Msg::LabelCountyOrgans => "县级以上机关",
        Msg::LabelExcellent => "优秀",

        Msg::SkipDisabled => "已在配置文件中停用",
        Msg::SkipMissingColumns => "花名册没有 {columns} 列",
        Msg::SkipMissingAny => "花名册没有 {columns} 中的任何一列",
        Msg::SkipNoCounty => "范围设为按服务县（service_county），但花名册没有服务县列",

        Msg::SkipIgnored => "已用 --ignore 排除",
        Msg::SkipNotSelected => "未被 --select 选中",

        Msg::NoticeFooter => {
            "“{label}”行及其后共 {count} 行（至第 {last} 行）不是志愿者，已忽略{volunteers}"
        }
        Msg::NoticeFooterVolunteers => {
            "；其中 {count} 行填齐了必填列，像是志愿者：如果是，请移到“{label}”行之前"
        }
        Msg::NoticeSubtotals => "第 {rows} 行是“{label}”行，不是志愿者，已忽略",
        Msg::NoticeHiddenRows => "第 {rows} 行是隐藏行（共 {count} 行），已照常检查",
        Msg::NoticeColumnTwice => "{column}列出现两次（{first} 和 {second}），读取第一列",

        Msg::LeftOutOffPost => {
            "离岗、流失志愿者 {count} 人未计入 S01–S03、Q01、Q02（由补录替补），S04 只计其优秀等次"
        }
        Msg::LeftOutLocal => "地方项目志愿者 {count} 人未计入附件1、附件2（Q01、Q02）",

        Msg::InputLine => "{file}：表头在第 {header_row} 行，志愿者 {records} 人",
        Msg::InputLineSheet => {
            "{file}：工作表 {sheet}，表头在第 {header_row} 行，志愿者 {records} 人"
        }
        Msg::NoteLabel => "说明",
        Msg::NoteAt => "第 {row} 行：",
        Msg::RuleHeading => "（{count} 项）",
        Msg::PolicyLine => "依据 {source}：{sentence}",
        Msg::AtRow => "第 {row} 行",
        Msg::RowsLine => "第 {rows} 行{more}",
        Msg::RowsMore => " 等，另有 {more} 行",
        Msg::NotChecked => "未检查的规则（不算通过）：",
        Msg::SummaryTitle => "各服务省份汇总",
        Msg::Totals => "共 {errors} 个错误，{warnings} 个警告，{notices} 个提示。",
        Msg::SeverityError => "错误",
        Msg::SeverityWarning => "警告",
        Msg::SeverityNotice => "提示",
        Msg::HeadServiceProvince => "服务省份",
        Msg::HeadNew => "新招募",
        Msg::HeadOnPost => "在岗/实施规模",
        Msg::AllProvinces => "合计",
        Msg::CellNotChecked => "未检查",
        Msg::RowWord => "行",
        Msg::LineWord => "行",

        Msg::ErrNotFound => "{path}：文件不存在",
        Msg::ErrIsDirectory => "{path}：这是文件夹，不是文件",
        Msg::ErrIo => "{path}：无法读取：{detail}",
        Msg::ErrUnknownFormat => {
            "{path}：不是 xibu 能读取的电子表格或 CSV 文件（{detail}）；可读取 .xlsx .xlsm .xlsb .xls .ods .csv .tsv"
        }
        Msg::ErrDamaged => "{path}：文件已损坏：{detail}",
        Msg::ErrRefused => "{path}：xibu 不读取此文件：{detail}",
        Msg::ErrWorkbook => "{path}：无法读取 {format} 工作簿：{detail}",
        Msg::ErrSheetNotFound => "{path}：没有工作表{wanted}；现有工作表：{available}",
        Msg::ErrNoSheets => "{path}：工作簿中没有工作表",
        Msg::ErrCsv => "{path}：第 {line} 行：{detail}",
        Msg::ErrNoRecords => {
            "{file}{sheet}：表头在第 {header_row} 行，但下面没有志愿者行；丢失了数据行的导出文件无法检查"
        }
        Msg::ErrNoHeader => "{file}{sheet}：前 {rows} 行中没有表头行；花名册须有以下列：{required}",
        Msg::ErrMissingColumns => {
            "{file}{sheet}：第 {row} 行：花名册缺少必需的列 {missing}；找到的表头为：{found}"
        }
        Msg::ErrMissingColumnNear => "{before}；表头“{found}”是否就是 {column}？",
        Msg::ErrEncrypted => {
            "{path}：文件已加密（设置了打开密码），无法读取；请在 Excel 中打开，另存为无密码的副本后再检查"
        }
        Msg::ErrConfigAt => "{file}：第 {line} 行：{detail}",
        Msg::ErrConfigIo => "{file}：无法读取：{detail}",
        Msg::ErrConfig => "{file}：{detail}",
        Msg::ErrProvince => "未知的省份{input}",
        Msg::ErrProvinceNear => "未知的省份{input}（是否为 {near}？）",
        Msg::ErrOutput => "无法写出结果：{detail}",
        Msg::SheetPart => "（工作表 {sheet}）",

        Msg::Progress => "xibu：已检查 {rows} 行…",
        Msg::Wrote => "已写入 {path}",

        Msg::RulesHeadId => "编号",
        Msg::RulesHeadRule => "规则",
        Msg::RulesHeadSeverity => "级别",
        Msg::RulesHeadScope => "范围",
        Msg::RulesHeadSettings => "设置",
        Msg::RulesDisabled => "（已停用）",
        Msg::ScopeRow => "逐行",
        Msg::ScopePair => "每一对（服务省份, 招募省份）",
        Msg::ScopeProvincePart => "每个服务省份，分新招募、延期、研支团、合计",
        Msg::ScopeRoster => "整份花名册",
        Msg::ScopeShare => "每个服务省份（{choices}）",
        Msg::ExplainSeverity => "- 级别：{severity}",
        Msg::ExplainScope => "- 范围：{scope}",
        Msg::ExplainScopeInEffect => "{scope}，当前为 {key}",
        Msg::ExplainColumns => "- 所需列：{columns}",
        Msg::ExplainAnyColumn => "- 所需列（至少一列）：{columns}",
        Msg::ExplainSource => "- 依据：{source}",
        Msg::ExplainOptions => "## 设置",
        Msg::ExplainOptionsHead => "| 设置项 | 当前值 | 默认值 | 含义 |",
        Msg::ExplainSetThem => "在 {file} 的 {section} 下设置。",
        Msg::ExplainNoRule => "没有规则 {id}；现有的规则是 {ids}",
        Msg::WroteTemplate => {
            "已将空白花名册模板写入 {path}（工作表 {roster} 和 {guide}；第 2–{last} 行设有下拉列表）"
        }
        Msg::NotXlsx => "；注意：文件名不以 .xlsx 结尾，Excel 可能无法打开",
        Msg::TablesScaleLine => {
            "附件1 {source}：{provinces} 个省份，实施规模 {total} = 研支团 {grad_teach} + 延期 {extended} + 新招募 {new}"
        }
        Msg::TablesQuotasLine => "附件2 {source}：{pairs} 对，招募指标共 {total}",
        Msg::TablesHeadInvariant => "不变式",
        Msg::TablesHeadStatus => "结果",
        Msg::TablesHeadWhat => "检查内容",
        Msg::TablesPassed => "通过",
        Msg::TablesFailed => "不成立",
        Msg::TablesSkipped => "未检查",
        Msg::TablesSkippedLine => "{id} 未检查：{reason}",
        Msg::TablesFailedLine => "{id} 不成立：",
        Msg::TablesAllowances => {
            "附件2 自身安排的省内招募比例高于 S01 上限的地区（仅供参考，不是不变式）。\nS01 以附件2 的比例作为这些地区的上限（设置 plan_allowance 开启时，即默认），名册未超过计划比例的只给提示："
        }
        Msg::TablesPolicy => "计划本身不满足的政策规则（仅供参考，不是不变式）：",
        Msg::TablesAllHold => "所有不变式都成立。",
        Msg::TablesBroken => "计划表不满足上面的不变式。",
        Msg::InvProvincesKnown => "每个省份单元格都是 32 个省份之一",
        Msg::InvScaleRowSums => "附件1：各省实施规模 = 研支团 + 延期 + 新招募",
        Msg::InvScaleTotals => "附件1：合计行等于各列之和",
        Msg::InvScaleUnique => "附件1：每个省份只有一行",
        Msg::InvQuotaUnique => "附件2：每个（服务地区，对口招募省份）只出现一次",
        Msg::InvQuotaSums => "附件2：各服务地区的招募指标之和等于附件1 的新招募人数",
        Msg::InvNoTotalRow => "{file} 没有合计行",
        Msg::PlanAt => "{file} 第 {row} 行",
        Msg::PlanRowAt => "第 {row} 行",
        Msg::PlanCellProblem => "{column}列（{cell}）：{problem}",
        Msg::FailScaleRow => {
            "{province}：实施规模 {total} ≠ 研支团 {grad_teach} + 延期 {extended} + 新招募 {new} = {sum}"
        }
        Msg::FailScaleTotal => "合计行的{column}为 {stated}，但各省相加为 {sum}",
        Msg::FailAgain => "{what} 重复出现（首次在{first}）",
        Msg::FailQuotaSum => "{province}：招募指标之和为 {sum}，但附件1 的新招募为 {new}（{at}）",
        Msg::FailQuotaNoScale => "{province}：招募指标之和为 {sum}，但附件1（{file}）没有这一地区",
        Msg::RowsCut => "第 {rows} … 行等 {count} 行",
        Msg::FindingsMore => "另有 {more} 项未列出（{where}）",
        Msg::FindingsWhere => {
            "--max-findings 0 可全部列出，--format json 或 --report-xlsx 也都列全"
        }
        Msg::FindingsWhereXlsx => "全部见 {path} 的问题清单",
        Msg::XlsxTargetName => {
            "--report-xlsx {path}：批注版花名册是 Excel 工作簿，文件名须以 .xlsx 结尾"
        }
        Msg::XlsxNote => "{rule} {severity}：{message}",
        Msg::XlsxNotesLeftOut => {
            "批注只加在前 {max} 个标色单元格上；其余 {more} 个单元格已标色，问题见“问题”列和问题清单"
        }
        Msg::XlsxHeadRule => "规则",
        Msg::XlsxHeadSeverity => "级别",
        Msg::XlsxHeadTitle => "规则名称",
        Msg::XlsxHeadPlace => "位置",
        Msg::XlsxHeadRow => "行",
        Msg::XlsxHeadRows => "涉及行",
        Msg::XlsxHeadColumn => "列",
        Msg::XlsxHeadValue => "值",
        Msg::XlsxHeadCount => "人数",
        Msg::XlsxHeadTotal => "总数",
        Msg::XlsxHeadActual => "实际",
        Msg::XlsxHeadLimit => "限值",
        Msg::XlsxHeadMessage => "说明",
        Msg::XlsxHeadBase => "基数",
        Msg::XlsxHeadShare => "比例",
        Msg::XlsxHeadOnPost => "在岗",
        Msg::XlsxHeadPlanned => "实施规模",
        Msg::XlsxHeadVerdict => "结论",
        Msg::XlsxHeadScope => "范围",
        Msg::XlsxHeadBaseOrQuota => "基数/指标",
        Msg::XlsxDetail => "各规则逐项（范围、数字、限值与结论）",
        Msg::NoQuota => "无指标",
        // Several sources checked as one roster.
        Msg::P01DuplicateIn => "身份证号与 {file} 第 {first} 行重复",
        Msg::SkipInFile => "{file}：{reason}",
        Msg::NoticeInSource => "{source}：{text}",
        Msg::NoticeInSourceAt => "{source} 第 {row} 行：{text}",
        Msg::NoticeSheetsSkipped => "{file}：工作表 {sheets} 没有花名册表头，未检查",
        Msg::NoticeSheetsNotRead => {
            "{file}：只检查了工作表 {sheet}，工作表 {others} 未检查（用 --sheet all 检查全部工作表）"
        }
        Msg::NoticeFilesSkipped => "{folder}：{files} 没有花名册表头，未检查",
        Msg::NoticeSourceEmpty => "{source}：表头在第 {header_row} 行，下面没有志愿者行",
        Msg::StdinName => "标准输入",
        Msg::ErrFolderEmpty => "{path}：文件夹是空的，没有花名册可检查",
        Msg::ErrFolderNoRoster => {
            "{path}：文件夹里没有花名册文件（可读取 .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt{recursive}）"
        }
        Msg::ErrSameInput => "{first} 和 {second} 是同一个文件；每份花名册只能给一次",
        Msg::ErrStdinTwice => "“-”（标准输入）只能给一次",
        Msg::ErrStdinTooLarge => "{name}：标准输入超过 {max} MiB；请存成文件再检查",
        Msg::ErrStdinRead => "{name}：无法读取标准输入：{detail}",
        Msg::ErrReportIsInput => "{flag} {path} 就是输入文件 {input}；xibu 从不覆盖输入",
        Msg::ErrReportsSame => {
            "{flag} {path} 和 {other} {other_path} 是同一个文件；每份报告请用各自的文件"
        }
        Msg::ErrNoRosterSheet => {
            "{path}：没有一个工作表有花名册表头（工作表：{sheets}）；花名册须有以下列：{required}"
        }
        Msg::ErrXlsxSeveral => {
            "--report-xlsx 只能用于一个花名册文件（这次有 {count} 个）：标注的是花名册原文件；请对每个文件分别运行"
        }
        Msg::ErrXlsxStdin => {
            "--report-xlsx 标注的是花名册原文件，标准输入没有文件可标注；请存成文件再检查"
        }
        Msg::HintRecursive => "；子文件夹要加 --recursive 才读取",
    }
}
