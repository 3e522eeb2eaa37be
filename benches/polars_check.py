"""The comparison in polars: the same core checks as `benches/pandas_check.py`, written as a
polars user would (lazy expressions, collected together so polars runs them on every core).

    python3 benches/polars_check.py ROSTER [--quotas data/editions/2020-2021/quotas.csv]
                                           [--scale data/editions/2020-2021/scale.csv]

CSV through polars' own reader; xlsx through `pl.read_excel(engine="calamine")`, which is
fastexcel (calamine underneath). Checks, per the SPEC: S01–S04 shares per 服务省份 (exact integer
comparison), Q01 quotas per pair and Q02 scale per province and type, I01–I04 cover minimums,
I05/I06 insurance dates (and I06's remote-province notice), P01 ID checksum and duplicates, P02
medical, P04 专项, P05 keywords, T01 the 报到 window. Like the pandas script it reads the synthetic
rosters of `examples/gen_roster.rs` (canonical values, header on the first row), so it does none of
xibu's spelling work. Prints one line per rule with its finding count, in the same form as the
pandas script, so that `benches/run.py` can compare the counts.
"""

import datetime as dt

import polars as pl
from common import arguments, print_counts

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
DATES = ["报到日期", "服务期满日期", "保险起期", "保险止期"]
AMOUNTS = ["意外伤害保额", "重大疾病保额", "住院医疗保额", "意外医疗保额"]
REMOTE = ["新疆", "西藏", "兵团"]


def read(path):
    if path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        # Dates are date cells, except the odd text one: read those columns as they come and
        # type them below. IDs are text.
        return pl.read_excel(
            path,
            engine="calamine",
            schema_overrides={"身份证号": pl.Utf8},
            infer_schema_length=None,
        )
    text = {c: pl.Utf8 for c in ["身份证号", *DATES]}
    for enc in ("utf8", "gb18030"):
        try:
            return pl.read_csv(path, encoding=enc, schema_overrides=text, infer_schema_length=10000)
        except (pl.exceptions.ComputeError, UnicodeDecodeError):
            continue
    raise SystemExit(f"{path}: not UTF-8 or GB18030")


def as_date(df, name):
    """A date column whatever the reader made of it; text that is no date becomes null."""
    dtype = df.schema[name]
    col = pl.col(name)
    if dtype == pl.Date:
        return col
    if isinstance(dtype, pl.Datetime):
        return col.dt.date()
    return col.cast(pl.Utf8).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def as_amount(df, name):
    return pl.col(name).cast(pl.Float64, strict=False)


def shares(lf, counted, total, limit, at_most=True):
    g = (
        lf.filter(total)
        .group_by("服务省份")
        .agg(c=counted.sum(), t=pl.len())
    )
    over = (pl.col("c") * 100 > limit * pl.col("t")) if at_most else (pl.col("c") * 100 < limit * pl.col("t"))
    return g.select(n=over.sum())


def main():
    a = arguments()
    df = read(a.roster)
    quotas = pl.read_csv(a.quotas).select(
        s=pl.col("服务地区"), r=pl.col("对口招募省份"), q=pl.col("招募指标")
    )
    scale = pl.read_csv(a.scale)
    scale.columns = ["p", "total", "grad", "ext", "new"]

    typed = {c: as_date(df, c) for c in DATES} | {c: as_amount(df, c) for c in AMOUNTS}
    lf = df.lazy().with_columns(**typed)
    new = pl.col("志愿者类型") == "新招募"
    on_post = pl.col("在岗状态").is_null() | (pl.col("在岗状态") == "在岗")
    this_year = pl.col("志愿者类型") != "延期"

    q = {}
    q["S01"] = shares(lf, pl.col("招募省份") == pl.col("服务省份"), new, 70)
    edu = pl.col("学历").is_in(["本科", "硕士研究生", "博士研究生"])
    q["S02"] = shares(lf, edu, new & pl.col("学历").is_not_null(), 85, at_most=False)
    organ = (pl.col("单位性质") == "机关") & pl.col("单位级别").is_in(["省级", "市级", "县级"])
    q["S03"] = shares(lf, organ, on_post, 10)
    q["S04"] = shares(lf, pl.col("考核等次") == "优秀", on_post, 20)

    q["Q01"] = (
        lf.filter(new)
        .group_by("服务省份", "招募省份")
        .agg(n=pl.len())
        .join(quotas.lazy(), left_on=["服务省份", "招募省份"], right_on=["s", "r"], how="left")
        .select(n=(pl.col("n") > pl.col("q").fill_null(0)).sum())
    )
    types = {"新招募": "new", "延期": "ext", "研究生支教团": "grad"}
    per = (
        lf.filter(on_post)
        .group_by("服务省份")
        .agg(
            total=pl.len(),
            **{sc: (pl.col("志愿者类型") == t).sum() for t, sc in types.items()},
        )
        .join(scale.lazy(), left_on="服务省份", right_on="p", how="left", suffix="_lim")
    )
    over = [pl.col(sc) > pl.col(f"{sc}_lim").fill_null(0) for sc in [*types.values(), "total"]]
    q["Q02"] = per.select(n=pl.sum_horizontal(*over).sum())

    rows = {}
    for rule, col, minimum, required in (
        ("I01", "意外伤害保额", 800000, True),
        ("I02", "重大疾病保额", 800000, True),
        ("I03", "住院医疗保额", 300000, False),
        ("I04", "意外医疗保额", 200000, False),
    ):
        bad = (pl.col(col) < minimum).fill_null(False)
        if required:
            bad = bad | pl.col(col).is_null()
        rows[rule] = bad.sum()
    report = pl.col("报到日期")
    rows["I05"] = (this_year & (pl.col("保险起期") > report - pl.duration(days=3))).fill_null(False).sum()
    end, service_end = pl.col("保险止期"), pl.col("服务期满日期")
    rows["I06"] = (end < service_end + pl.duration(days=3)).fill_null(False).sum()
    rows["I06 notice"] = (
        pl.col("服务省份").is_in(REMOTE)
        & (end >= service_end + pl.duration(days=3))
        & (end < service_end + pl.duration(days=7))
    ).fill_null(False).sum()
    lo, hi = dt.date(2020, 7, 20), dt.date(2020, 7, 31)
    rows["T01"] = (this_year & report.is_not_null() & ((report < lo) | (report > hi))).sum()

    ids = pl.col("身份证号").fill_null("").str.strip_chars().str.to_uppercase()
    ok = ids.str.contains(r"^\d{17}[\dX]$")
    digit = lambda i: ids.str.slice(i, 1).cast(pl.Int64, strict=False)  # noqa: E731
    expected = (pl.sum_horizontal(*[digit(i) * w for i, w in enumerate(WEIGHTS)]) % 11).replace_strict(
        list(range(11)), list(CHECK), default=None, return_dtype=pl.Utf8
    )
    bad_check = ok & (expected != ids.str.slice(17, 1))
    dup = ok & ids.is_duplicated() & ~ids.is_first_distinct()
    rows["P01"] = (~ok).sum() + bad_check.sum() + dup.sum()
    exam = pl.col("体检结论")
    rows["P02"] = ((exam == "不合格").fill_null(False) | (new & exam.is_null())).sum()
    seven = ["基础教育", "服务三农", "医疗卫生", "基层青年工作", "基层社会管理", "服务新疆", "服务西藏"]
    rows["P04"] = (~pl.col("专项").is_in(seven).fill_null(False)).sum()
    words = "涉密|保密|机要|反恐|维稳|国家安全"
    rows["P05"] = (
        pl.col("岗位名称").fill_null("").str.contains(words) | pl.col("服务单位").fill_null("").str.contains(words)
    ).sum()
    q["rows"] = lf.select(**rows)

    names = list(q)
    out = dict(zip(names, pl.collect_all([q[k] for k in names])))
    counts = {k: int(v.item()) for k, v in out.items() if k != "rows"}
    counts |= {k: int(v) for k, v in out["rows"].row(0, named=True).items()}
    print_counts(counts)


if __name__ == "__main__":
    main()
