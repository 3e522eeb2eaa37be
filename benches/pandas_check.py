"""The comparison: the core checks of `xibu check`, written as a project office would in pandas.

    python3 benches/pandas_check.py ROSTER [--engine openpyxl|calamine] [--quotas data/editions/2020-2021/quotas.csv]
                                           [--scale data/editions/2020-2021/scale.csv]

Checks, per the SPEC: S01–S04 shares per 服务省份 (exact integer comparison), Q01 quotas per pair
and Q02 scale per province and type, I01–I04 cover minimums, I05/I06 insurance dates (and I06's remote-province notice), P01 ID
checksum and duplicates, P02 medical, P04 专项, P05 keywords, T01 the 报到 window. It reads the
synthetic rosters of `examples/gen_roster.rs` (canonical values, header on the first row), so it
does none of xibu's spelling work: it is the fast case for pandas. Prints one line per rule with
its finding count.
"""

import sys

import numpy as np
import pandas as pd
from common import arguments, print_counts

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))


def read(path, engine):
    if path.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return pd.read_excel(path, engine=engine, dtype={"身份证号": str})
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, encoding=enc, dtype={"身份证号": str})
        except UnicodeDecodeError:
            continue
    sys.exit(f"{path}: not UTF-8 or GB18030")


def shares(df, counted, total_mask, limit, at_most=True):
    g = pd.DataFrame({"p": df["服务省份"], "c": counted & total_mask, "t": total_mask})
    g = g[g["t"]].groupby("p")[["c", "t"]].sum()
    if at_most:
        return int((g["c"] * 100 > limit * g["t"]).sum())
    return int((g["c"] * 100 < limit * g["t"]).sum())


def amount(col):
    return pd.to_numeric(col, errors="coerce")


def date(col):
    return pd.to_datetime(col, errors="coerce", format="mixed")


def main():
    a = arguments(lambda ap: ap.add_argument("--engine", default="openpyxl"))
    df = read(a.roster, a.engine)
    quotas = pd.read_csv(a.quotas).rename(
        columns={"服务地区": "s", "对口招募省份": "r", "招募指标": "q"}
    )
    scale = pd.read_csv(a.scale)
    scale.columns = ["p", "total", "grad", "ext", "new"]

    new = df["志愿者类型"] == "新招募"
    # A blank 在岗状态 means 在岗.
    on_post = df["在岗状态"].isna() | (df["在岗状态"] == "在岗")
    out = {}
    out["S01"] = shares(df, df["招募省份"] == df["服务省份"], new, 70)
    edu = df["学历"].isin(["本科", "硕士研究生", "博士研究生"])
    out["S02"] = shares(df, edu, new & df["学历"].notna(), 85, at_most=False)
    organ = (df["单位性质"] == "机关") & df["单位级别"].isin(["省级", "市级", "县级"])
    out["S03"] = shares(df, organ, on_post, 10)
    out["S04"] = shares(df, df["考核等次"] == "优秀", on_post, 20)

    pairs = df[new].groupby(["服务省份", "招募省份"]).size().rename("n").reset_index()
    m = pairs.merge(quotas, left_on=["服务省份", "招募省份"], right_on=["s", "r"], how="left")
    out["Q01"] = int((m["n"] > m["q"].fillna(0)).sum())
    types = df[on_post].groupby(["服务省份", "志愿者类型"]).size().unstack(fill_value=0)
    types["total"] = types.sum(axis=1)
    s = scale.set_index("p")
    q02 = 0
    for col, sc in (("新招募", "new"), ("延期", "ext"), ("研究生支教团", "grad"), ("total", "total")):
        if col in types:
            lim = s[sc].reindex(types.index).fillna(0)
            q02 += int((types[col] > lim).sum())
    out["Q02"] = q02

    for rule, col, minimum, required in (
        ("I01", "意外伤害保额", 800000, True),
        ("I02", "重大疾病保额", 800000, True),
        ("I03", "住院医疗保额", 300000, False),
        ("I04", "意外医疗保额", 200000, False),
    ):
        v = amount(df[col])
        bad = v < minimum
        if required:
            bad |= v.isna()
        out[rule] = int(bad.sum())

    report = date(df["报到日期"])
    this_year = df["志愿者类型"] != "延期"
    out["I05"] = int((this_year & (date(df["保险起期"]) > report - pd.Timedelta(days=3))).sum())
    end, service_end = date(df["保险止期"]), date(df["服务期满日期"])
    out["I06"] = int((end < service_end + pd.Timedelta(days=3)).sum())
    # I06's notice: in 新疆, 西藏 and 兵团 the cover should run 7 days past the service end.
    remote = df["服务省份"].isin(["新疆", "西藏", "兵团"])
    out["I06 notice"] = int(
        (remote & (end >= service_end + pd.Timedelta(days=3)) & (end < service_end + pd.Timedelta(days=7))).sum()
    )
    lo, hi = pd.Timestamp("2020-07-20"), pd.Timestamp("2020-07-31")
    out["T01"] = int((this_year & report.notna() & ((report < lo) | (report > hi))).sum())

    ids = df["身份证号"].fillna("").str.strip().str.upper()
    ok = ids.str.fullmatch(r"\d{17}[\dX]")
    digits = ids[ok].str[:17].str.split("", expand=True).iloc[:, 1:18].astype(int).to_numpy()
    expected = CHECK[(digits * WEIGHTS).sum(axis=1) % 11]
    bad_check = expected != ids[ok].str[17].to_numpy()
    out["P01"] = int((~ok).sum() + bad_check.sum() + ids[ok].duplicated().sum())
    out["P02"] = int(((df["体检结论"] == "不合格") | (new & df["体检结论"].isna())).sum())
    seven = ["基础教育", "服务三农", "医疗卫生", "基层青年工作", "基层社会管理", "服务新疆", "服务西藏"]
    out["P04"] = int((~df["专项"].isin(seven)).sum())
    words = "涉密|保密|机要|反恐|维稳|国家安全"
    out["P05"] = int(
        (df["岗位名称"].fillna("").str.contains(words) | df["服务单位"].fillna("").str.contains(words)).sum()
    )
    print_counts(out)


if __name__ == "__main__":
    main()
