//! English: every sentence xibu says to a user.

use super::Msg;

pub fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::S01InProvince => {
            "{where}: {count} of {total} new recruits ({actual}) were recruited in-province, above {limit}"
        }
        Msg::S01Plan => {
            "{province}: the plan's in-province quota {count} of {total} new recruits is {actual}, above {limit}"
        }
        Msg::S01WithinPlan => {
            "{where}: {count} of {total} new recruits ({actual}) were recruited in-province, above {limit} but within the plan's own in-province share there, {plan_share} ({plan_count}/{plan_total}): not a violation"
        }
        Msg::S01AbovePlan => {
            "{where}: {count} of {total} new recruits ({actual}) were recruited in-province, above {limit} and above the plan's own in-province share there, {plan_share} ({plan_count}/{plan_total})"
        }
        Msg::S02Degree => {
            "{where}: {count} of {total} new recruits ({actual}) {what}, below {limit}"
        }
        Msg::S03Organs => {
            "{where}: {count} of {total} placements ({actual}) are in county-level or higher organs, above {limit}"
        }
        Msg::S04Excellent => {
            "{where}: {count} of {total} volunteers in post ({actual}) are rated 优秀, above {limit}"
        }
        Msg::Q01OverQuota => "{pair}: {count} new recruits, above the quota of {quota}",
        Msg::Q01NoQuota => "{pair}: {count} new recruits, but 附件2 has no quota for this pair",
        Msg::Q02OverScale => "{province}: {count} {part} in post, above 附件1's {limit}",
        Msg::Q02NoScale => {
            "{province}: {count} {part} in post, but 附件1 gives {province} no scale"
        }
        Msg::CoverBelow => "{cover} cover of {amount} yuan is below {min} yuan",
        Msg::CoverBlank => "no {cover} cover recorded: every volunteer needs at least {min} yuan",
        Msg::I05Late => {
            "insurance starts {start}, later than {days} days before reporting on {report} ({latest})"
        }
        Msg::I05Blank => {
            "no insurance start date: cover must start by {latest}, {days} days before reporting on {report}"
        }
        Msg::I06Blank => {
            "no insurance end date: cover must last until {earliest}, {days} days after service ends on {service_end}"
        }
        Msg::I06Early => {
            "insurance ends {end}, before {earliest} ({days} days after service ends on {service_end})"
        }
        Msg::I06Remote => {
            "{province} is remote and the cover should run longer: it ends {end}; {advised} ({days} days after service ends) is advised"
        }
        Msg::P01Blank => "the ID number is blank",
        Msg::P01Malformed => {
            "the ID number is invalid: not 18 characters of 17 digits and a final digit or X"
        }
        Msg::P01Region => "the ID number is invalid: the first two digits are no province's code",
        Msg::P01BirthDate => "the ID number is invalid: digits 7–14 are not a date of birth",
        Msg::P01Checksum => {
            "the ID number is invalid: the check character (18th) should be {expected}"
        }
        Msg::P01Duplicate => "the ID number repeats row {first}'s",
        Msg::P01BornAfterReport => {
            "the ID number's date of birth {birth} is after the reporting date {report}"
        }
        Msg::P01TooYoung => {
            "the ID number's date of birth {birth} makes the volunteer younger than {years} on reporting ({report}): check it"
        }
        Msg::P02Failed => "the medical examination was failed",
        Msg::P02Blank => "no medical examination result for a new recruit",
        Msg::P03Failed => "serves in Tibet but failed the lung-function test",
        Msg::P03Blank => "serves in Tibet with no lung-function test result",
        Msg::P04Blank => "no 专项: it must be one of {seven}",
        Msg::P04Unknown => "{text} is not one of the seven 专项 ({seven})",
        Msg::P04WrongPlace => {
            "专项 {program} is for service in {place}, but the volunteer serves in {province}"
        }
        Msg::P05Keyword => {
            "{column} {text} contains {word}: it may be a post volunteers must not hold"
        }
        Msg::T01Outside => "reporting date {date} is outside the reporting window {from} to {to}",
        Msg::T01LateOutside => {
            "a late recruit's reporting date {date} is outside {from} to the late-recruitment deadline {to}"
        }
        Msg::T02NotAfter => "service ends {end}, not after the reporting date {report}",
        Msg::T02Short => {
            "service ends {end}, too soon after reporting on {report}: the term is 1 to 3 years, expected {earliest} to {latest}"
        }
        Msg::T02LongAgreement => {
            "service ends {end}, more than one agreement year after reporting on {report}: agreements are signed for one year, expected {earliest} to {latest}"
        }
        Msg::T02LongExtended => {
            "an extended volunteer's service ends {end}, more than 3 years after first reporting on {report}: expected {earliest} to {latest}"
        }
        Msg::E02Blank => "{column} is blank: {rules} cannot check this row",
        Msg::E01Unreadable => "{header} ({cell}) cannot be read: {problem}",
        Msg::CellIdFullWidth => {
            "the ID number holds full-width characters {chars} (they should be half-width {ascii})"
        }
        Msg::CellIdSpaces => "the ID number has spaces inside it; remove them",
        Msg::CellBlank => "the cell is blank; every volunteer needs a {column}",
        Msg::CellExcelError => "the cell holds the error {error}",
        Msg::CellIdAsNumber => {
            "the ID number is stored as a number, and Excel keeps only 15 digits of a number: format the column as text and type the number again"
        }
        Msg::CellProvince => "{detail}",
        Msg::CellProvinceNear => "{detail}",
        Msg::CellChoice => "{text} is not a {column} value; write one of {choices}",
        Msg::CellDate => "{detail}",
        Msg::CellAmount => "{detail}",
        Msg::CellTooLong => {
            "the cell holds more than {max} characters, more than Excel allows in a cell"
        }
        Msg::CellValueTooLong => "{text} is not a {column} value: it is {count} characters long",
        Msg::CellAmountTenThousand => "{detail}",

        Msg::DegreeAbove => "with a bachelor's degree or above",
        Msg::DegreeOnly => "with a bachelor's degree",
        Msg::PartNew => "new recruits",
        Msg::PartExtended => "extended volunteers",
        Msg::PartGradTeach => "graduate teaching corps",
        Msg::PartTotal => "implementation scale",
        Msg::CoverAccident => "accident",
        Msg::CoverCriticalIllness => "critical-illness",
        Msg::CoverHospital => "hospital",
        Msg::CoverAccidentMedical => "accident medical",
        Msg::PlaceXinjiang => "Xinjiang or XPCC",
        Msg::PlaceXizang => "Tibet",
        Msg::Nationally => "nationally",

        Msg::DataQuality => "data quality (no policy sentence)",
        Msg::DataQualityShort => "data quality",

        Msg::LabelInProvince => "in-province",
        Msg::LabelDegreeAbove => "bachelor+",
        Msg::LabelDegreeOnly => "bachelor",
        Msg::LabelCountyOrgans => "county organs",
        Msg::LabelExcellent => "优秀",

        Msg::SkipDisabled => "disabled in the configuration",
        Msg::SkipMissingColumns => "the roster has no {columns} column",
        Msg::SkipMissingAny => "the roster has none of the columns {columns}",
        Msg::SkipNoCounty => "scope is service_county but the roster has no 服务县 column",

        Msg::SkipIgnored => "ignored (--ignore)",
        Msg::SkipNotSelected => "not selected (--select)",

        Msg::NoticeFooter => {
            "the {label} row and everything after it ({count} in all, through {last}) are not volunteers and were ignored{volunteers}"
        }
        Msg::NoticeFooterVolunteers => {
            "; {count} of them fill every required column like a volunteer's: if they are volunteers, move them above the {label} row"
        }
        Msg::NoticeSubtotals => {
            "the {label} (subtotal) rows at {rows} are not volunteers and were ignored"
        }
        Msg::NoticeHiddenRows => {
            "rows {rows} are hidden ({count} in all) and were checked as usual"
        }
        Msg::NoticeColumnTwice => {
            "column {column} appears twice ({first} and {second}); the first is read"
        }

        Msg::LeftOutOffPost => {
            "{count} volunteers off post or lost are not counted in S01–S03, Q01, Q02 (a late recruit replaces them); S04 counts only their 优秀 ratings"
        }
        Msg::LeftOutLocal => {
            "{count} local-project volunteers are not counted against 附件1 and 附件2 (Q01, Q02)"
        }

        Msg::InputLine => "{file}: header on {row_word} {header_row}, {records} volunteers",
        Msg::InputLineSheet => {
            "{file}: sheet {sheet}, header on {row_word} {header_row}, {records} volunteers"
        }
        Msg::NoteLabel => "note",
        Msg::NoteAt => "{row_word} {row}: ",
        Msg::RuleHeading => " ({count} found)",
        Msg::PolicyLine => "policy: {source}：{sentence}",
        Msg::AtRow => "{row_word} {row}",
        Msg::RowsLine => "{row_word}s {rows}{more}",
        Msg::RowsMore => " and {more} more",
        Msg::NotChecked => "Rules not checked (not passed): ",
        Msg::SummaryTitle => "By service province",
        Msg::Totals => "{errors} errors, {warnings} warnings, {notices} notices.",
        Msg::SeverityError => "error",
        Msg::SeverityWarning => "warning",
        Msg::SeverityNotice => "notice",
        Msg::HeadServiceProvince => "service province",
        Msg::HeadNew => "new",
        Msg::HeadOnPost => "in post / scale",
        Msg::AllProvinces => "all",
        Msg::CellNotChecked => "not checked",
        Msg::RowWord => "row",
        Msg::LineWord => "line",

        Msg::ErrNotFound => "{path}: no such file",
        Msg::ErrIsDirectory => "{path}: is a directory, not a file",
        Msg::ErrIo => "{path}: cannot read: {detail}",
        Msg::ErrUnknownFormat => {
            "{path}: not a spreadsheet or CSV file xibu can read ({detail}); accepted: .xlsx .xlsm .xlsb .xls .ods .csv .tsv"
        }
        Msg::ErrDamaged => "{path}: the file is damaged: {detail}",
        Msg::ErrRefused => "{path}: xibu will not read this file: {detail}",
        Msg::ErrWorkbook => "{path}: cannot read the {format} workbook: {detail}",
        Msg::ErrSheetNotFound => "{path}: no sheet {wanted}; the sheets are: {available}",
        Msg::ErrNoSheets => "{path}: the workbook has no sheets",
        Msg::ErrCsv => "{path}: line {line}: {detail}",
        Msg::ErrNoRecords => {
            "{file}{sheet}: the header is on {row_word} {header_row} but no volunteer rows follow it; an export that lost its rows cannot be checked"
        }
        Msg::ErrNoHeader => {
            "{file}: no header row in the first {rows} rows{sheet}; a roster needs the columns {required}"
        }
        Msg::ErrMissingColumns => {
            "{file}{sheet}: {row_word} {row}: the roster lacks the required column(s) {missing}; the headers found are: {found}"
        }
        Msg::ErrMissingColumnNear => "{before}; did you mean {column} for the header \"{found}\"?",
        Msg::ErrEncrypted => {
            "{path}: the file is encrypted (it has a password to open) and cannot be read: open it in Excel and save a copy without a password, then check that copy"
        }
        Msg::ErrConfigAt => "{file}: line {line}: {detail}",
        Msg::ErrConfigIo => "{file}: cannot read: {detail}",
        Msg::ErrConfig => "{file}: {detail}",
        Msg::ErrProvince => "unknown province {input}",
        Msg::ErrProvinceNear => "unknown province {input} (did you mean {near}?)",
        Msg::ErrOutput => "cannot write the output: {detail}",
        Msg::SheetPart => " (sheet {sheet})",

        Msg::Progress => "xibu: {rows} rows checked…",
        Msg::Wrote => "wrote {path}",

        Msg::RulesHeadId => "id",
        Msg::RulesHeadRule => "rule",
        Msg::RulesHeadSeverity => "severity",
        Msg::RulesHeadScope => "scope",
        Msg::RulesHeadSettings => "settings",
        Msg::RulesDisabled => " (disabled)",
        Msg::ScopeRow => "each row",
        Msg::ScopePair => "each (服务省份, 招募省份) pair",
        Msg::ScopeProvincePart => "each 服务省份, per part (新招募, 延期, 研支团, total)",
        Msg::ScopeRoster => "the whole roster",
        Msg::ScopeShare => "each 服务省份 ({choices})",
        Msg::ExplainSeverity => "- Severity: {severity}",
        Msg::ExplainScope => "- Scope: {scope}",
        Msg::ExplainScopeInEffect => "{scope} (in effect: {key})",
        Msg::ExplainColumns => "- Needs the columns: {columns}",
        Msg::ExplainAnyColumn => "- Needs one of the columns: {columns}",
        Msg::ExplainSource => "- Source: {source}",
        Msg::ExplainOptions => "## Options",
        Msg::ExplainOptionsHead => "| setting | in effect | default | meaning |",
        Msg::ExplainSetThem => "Set them in {file} under {section}.",
        Msg::ExplainNoRule => "no rule {id}; the rules are {ids}",
        Msg::WroteTemplate => {
            "wrote the blank roster template to {path} (sheets {roster} and {guide}; drop-down lists on rows 2–{last})"
        }
        Msg::NotXlsx => "; note: the file name does not end in .xlsx, Excel may refuse to open it",
        Msg::TablesScaleLine => {
            "附件1 {source}: {provinces} provinces, 实施规模 {total} = 研支团 {grad_teach} + 延期 {extended} + 新招募 {new}"
        }
        Msg::TablesQuotasLine => "附件2 {source}: {pairs} pairs, {total} in all",
        Msg::TablesHeadInvariant => "invariant",
        Msg::TablesHeadStatus => "status",
        Msg::TablesHeadWhat => "what it checks",
        Msg::TablesPassed => "passed",
        Msg::TablesFailed => "FAILED",
        Msg::TablesSkipped => "skipped",
        Msg::TablesSkippedLine => "{id} skipped: {reason}",
        Msg::TablesFailedLine => "{id} failed:",
        Msg::TablesAllowances => {
            "Regions where 附件2 itself plans an in-province share above S01's limit (information;\nnot an invariant). S01 takes the plan's share as their limit (plan_allowance = true),\nand a roster within it gets a notice:"
        }
        Msg::TablesPolicy => {
            "Policy rules the plan itself does not meet (information; not an invariant):"
        }
        Msg::TablesAllHold => "All invariants hold.",
        Msg::TablesBroken => "The tables break the invariants above.",
        Msg::InvProvincesKnown => "every province cell names one of the 32 provinces",
        Msg::InvScaleRowSums => "附件1: each province's 实施规模 = 研支团 + 延期 + 新招募",
        Msg::InvScaleTotals => "附件1: the 合计 row equals the column sums",
        Msg::InvScaleUnique => "附件1: each province has one row",
        Msg::InvQuotaUnique => "附件2: each (服务地区, 对口招募省份) pair appears once",
        Msg::InvQuotaSums => {
            "附件2: each service region's quotas add up to its 新招募 count in 附件1"
        }
        Msg::InvNoTotalRow => "{file} has no 合计 row",
        Msg::PlanAt => "{file} {row_word} {row}",
        Msg::PlanRowAt => "{row_word} {row}",
        Msg::PlanCellProblem => "column {column} ({cell}): {problem}",
        Msg::FailScaleRow => {
            "{province}: 实施规模 {total} ≠ 研支团 {grad_teach} + 延期 {extended} + 新招募 {new} = {sum}"
        }
        Msg::FailScaleTotal => "合计 {column} is {stated} but the provinces add up to {sum}",
        Msg::FailAgain => "{what} appears again (first at {first})",
        Msg::FailQuotaSum => {
            "{province}: the quotas add up to {sum} but 附件1 gives 新招募 {new} ({at})"
        }
        Msg::FailQuotaNoScale => {
            "{province} has quotas adding up to {sum} but no row in 附件1 ({file})"
        }
        Msg::RowsCut => "{row_word}s {rows} … ({count} in all)",
        Msg::FindingsMore => "{more} more not listed ({where})",
        Msg::FindingsWhere => {
            "--max-findings 0 lists them all, as do --format json and --report-xlsx"
        }
        Msg::FindingsWhereXlsx => "all of them are in the 问题清单 sheet of {path}",
        Msg::XlsxTargetName => {
            "--report-xlsx {path}: the annotated roster is an xlsx workbook; its name must end in .xlsx"
        }
        Msg::XlsxNote => "{rule} {severity}: {message}",
        Msg::XlsxNotesLeftOut => {
            "notes on the first {max} flagged cells only; the other {more} are filled, their problems in the 问题 column and the 问题清单 sheet"
        }
        Msg::XlsxHeadRule => "rule",
        Msg::XlsxHeadSeverity => "severity",
        Msg::XlsxHeadTitle => "title",
        Msg::XlsxHeadPlace => "where",
        Msg::XlsxHeadRow => "row",
        Msg::XlsxHeadRows => "rows",
        Msg::XlsxHeadColumn => "column",
        Msg::XlsxHeadValue => "value",
        Msg::XlsxHeadCount => "count",
        Msg::XlsxHeadTotal => "total",
        Msg::XlsxHeadActual => "actual",
        Msg::XlsxHeadLimit => "limit",
        Msg::XlsxHeadMessage => "message",
        Msg::XlsxHeadBase => "of",
        Msg::XlsxHeadShare => "share",
        Msg::XlsxHeadOnPost => "in post",
        Msg::XlsxHeadPlanned => "scale",
        Msg::XlsxHeadVerdict => "verdict",
        Msg::XlsxHeadScope => "scope",
        Msg::XlsxHeadBaseOrQuota => "of / quota",
        Msg::XlsxDetail => "Every group each rule judged (scope, numbers, limit, verdict)",
        Msg::NoQuota => "no quota",
        // Several sources checked as one roster.
        Msg::P01DuplicateIn => "the ID number repeats {file}, {row_word} {first}",
        Msg::SkipInFile => "{file}: {reason}",
        Msg::NoticeInSource => "{source}: {text}",
        Msg::NoticeInSourceAt => "{source}, {row_word} {row}: {text}",
        Msg::NoticeSheetsSkipped => {
            "{file}: sheet(s) {sheets} have no roster header and were not checked"
        }
        Msg::NoticeSheetsNotRead => {
            "{file}: only sheet {sheet} was checked; sheet(s) {others} were not (--sheet all checks every sheet)"
        }
        Msg::NoticeFilesSkipped => "{folder}: {files} have no roster header and were not checked",
        Msg::NoticeSourceEmpty => {
            "{source}: the header is on {row_word} {header_row}, with no volunteer rows below it"
        }
        Msg::StdinName => "stdin",
        Msg::ErrFolderEmpty => "{path}: the folder is empty; there is no roster to check",
        Msg::ErrFolderNoRoster => {
            "{path}: the folder holds no roster file (read: .xlsx .xlsm .xlsb .xls .ods .csv .tsv .txt{recursive})"
        }
        Msg::ErrSameInput => "{first} and {second} are the same file; give each roster once",
        Msg::ErrStdinTwice => "- (standard input) can be given only once",
        Msg::ErrStdinTooLarge => {
            "{name}: standard input is over {max} MiB; save it to a file and check that"
        }
        Msg::ErrStdinRead => "{name}: cannot read standard input: {detail}",
        Msg::ErrReportIsInput => {
            "{flag} {path} is the input {input} itself; xibu never writes over its input"
        }
        Msg::ErrReportsSame => {
            "{flag} {path} and {other} {other_path} are the same file; give each report its own file"
        }
        Msg::ErrNoRosterSheet => {
            "{path}: no sheet has a roster header (sheets: {sheets}); a roster needs the columns {required}"
        }
        Msg::ErrXlsxSeveral => {
            "--report-xlsx works on one roster file (this check has {count}): it marks up the roster's own file; run it on each file"
        }
        Msg::ErrXlsxStdin => {
            "--report-xlsx marks up the roster's own file, and standard input has none; save it to a file and check that"
        }
        Msg::HintRecursive => "; subfolders are read with --recursive",
    }
}
