"""The comparison in DuckDB SQL: the same core checks as `benches/pandas_check.py`, as one SQL
script over the CSV (DuckDB's xlsx reader is an extension fetched from DuckDB's own server, which
this machine cannot reach, so DuckDB is measured on CSV only).

    python3 benches/duckdb_check.py ROSTER.csv [--quotas data/editions/2020-2021/quotas.csv]
                                               [--scale data/editions/2020-2021/scale.csv]

Checks, per the SPEC: S01–S04 shares per 服务省份 (exact integer comparison), Q01 quotas per pair
and Q02 scale per province and type, I01–I04 cover minimums, I05/I06 insurance dates (and I06's
remote-province notice), P01 ID checksum and duplicates, P02 medical, P04 专项, P05 keywords, T01
the 报到 window. The roster is read once into a table (DuckDB's parallel CSV reader), then every
count is one query. Prints one line per rule with its finding count, like the pandas script.
"""

import duckdb
from common import arguments, print_counts

# Every column as text, typed in SQL: a date that is no date becomes NULL (TRY_CAST), as pandas'
# errors="coerce" does, instead of failing the read.
LOAD = """
CREATE TABLE raw AS SELECT * FROM read_csv($roster, header = true, delim = ',', all_varchar = true);
CREATE TABLE r AS SELECT
    "志愿者类型" AS kind, "招募省份" AS recruit, "服务省份" AS service,
    "单位级别" AS level, "单位性质" AS nature, "专项" AS program, "学历" AS edu,
    "在岗状态" AS status, "考核等次" AS rating, "体检结论" AS exam,
    "岗位名称" AS post, "服务单位" AS unit, upper(trim(coalesce("身份证号", ''))) AS id,
    TRY_CAST("报到日期" AS DATE) AS report, TRY_CAST("服务期满日期" AS DATE) AS service_end,
    TRY_CAST("保险起期" AS DATE) AS ins_start, TRY_CAST("保险止期" AS DATE) AS ins_end,
    TRY_CAST("意外伤害保额" AS DOUBLE) AS i1, TRY_CAST("重大疾病保额" AS DOUBLE) AS i2,
    TRY_CAST("住院医疗保额" AS DOUBLE) AS i3, TRY_CAST("意外医疗保额" AS DOUBLE) AS i4
FROM raw;
DROP TABLE raw;
CREATE TABLE quotas AS SELECT "服务地区" AS s, "对口招募省份" AS r, "招募指标" AS q FROM read_csv($quotas, header = true);
-- 附件1's columns by position: province, total, 研究生支教团, 延期, 新招募.
CREATE TABLE scale AS SELECT * FROM read_csv($scale, header = true, names = ['p', 'total', 'grad', 'ext', 'new']);
"""

CHECKS = """
WITH
flags AS (
    SELECT *, kind = '新招募' AS new, status IS NULL OR status = '在岗' AS on_post,
           kind IS DISTINCT FROM '延期' AS this_year
    FROM r
),
share AS (
    SELECT
        count(*) FILTER (WHERE s01 > 0 AND c01 * 100 > 70 * s01) AS S01,
        count(*) FILTER (WHERE s02 > 0 AND c02 * 100 < 85 * s02) AS S02,
        count(*) FILTER (WHERE s03 > 0 AND c03 * 100 > 10 * s03) AS S03,
        count(*) FILTER (WHERE s03 > 0 AND c04 * 100 > 20 * s03) AS S04
    FROM (
        SELECT service,
            count(*) FILTER (WHERE new) AS s01,
            count(*) FILTER (WHERE new AND recruit = service) AS c01,
            count(*) FILTER (WHERE new AND edu IS NOT NULL) AS s02,
            count(*) FILTER (WHERE new AND edu IN ('本科', '硕士研究生', '博士研究生')) AS c02,
            count(*) FILTER (WHERE on_post) AS s03,
            count(*) FILTER (WHERE on_post AND nature = '机关' AND level IN ('省级', '市级', '县级')) AS c03,
            count(*) FILTER (WHERE on_post AND rating = '优秀') AS c04
        FROM flags GROUP BY service
    )
),
q01 AS (
    SELECT count(*) FILTER (WHERE p.n > coalesce(q.q, 0)) AS Q01
    FROM (SELECT service, recruit, count(*) AS n FROM flags WHERE new GROUP BY ALL) p
    LEFT JOIN quotas q ON q.s = p.service AND q.r = p.recruit
),
q02 AS (
    SELECT sum((t.new > coalesce(s.new, 0))::INT + (t.ext > coalesce(s.ext, 0))::INT
               + (t.grad > coalesce(s.grad, 0))::INT + (t.total > coalesce(s.total, 0))::INT) AS Q02
    FROM (
        SELECT service, count(*) AS total,
            count(*) FILTER (WHERE kind = '新招募') AS new,
            count(*) FILTER (WHERE kind = '延期') AS ext,
            count(*) FILTER (WHERE kind = '研究生支教团') AS grad
        FROM flags WHERE on_post GROUP BY service
    ) t
    LEFT JOIN scale s ON s.p = t.service
),
rows AS (
    SELECT
        count(*) FILTER (WHERE i1 < 800000 OR i1 IS NULL) AS I01,
        count(*) FILTER (WHERE i2 < 800000 OR i2 IS NULL) AS I02,
        count(*) FILTER (WHERE i3 < 300000) AS I03,
        count(*) FILTER (WHERE i4 < 200000) AS I04,
        count(*) FILTER (WHERE this_year AND ins_start > report - INTERVAL 3 DAY) AS I05,
        count(*) FILTER (WHERE ins_end < service_end + INTERVAL 3 DAY) AS I06,
        count(*) FILTER (WHERE service IN ('新疆', '西藏', '兵团') AND ins_end >= service_end + INTERVAL 3 DAY
                         AND ins_end < service_end + INTERVAL 7 DAY) AS "I06 notice",
        count(*) FILTER (WHERE this_year AND report IS NOT NULL
                         AND (report < DATE '2020-07-20' OR report > DATE '2020-07-31')) AS T01,
        count(*) FILTER (WHERE exam = '不合格' OR (new AND exam IS NULL)) AS P02,
        count(*) FILTER (WHERE program IS NULL OR program NOT IN
                         ('基础教育', '服务三农', '医疗卫生', '基层青年工作', '基层社会管理', '服务新疆', '服务西藏')) AS P04,
        count(*) FILTER (WHERE regexp_matches(coalesce(post, ''), '涉密|保密|机要|反恐|维稳|国家安全')
                         OR regexp_matches(coalesce(unit, ''), '涉密|保密|机要|反恐|维稳|国家安全')) AS P05
    FROM flags
),
ids AS (
    SELECT id, regexp_full_match(id, '[0-9]{17}[0-9X]') AS ok FROM flags
),
p01 AS (
    SELECT
        (SELECT count(*) FILTER (WHERE NOT ok) FROM ids)
        + (SELECT count(*) FROM ids WHERE ok AND substr('10X98765432', (
              list_sum(list_transform(range(17), lambda i: (ascii(substr(id, i + 1, 1)) - 48)
                  * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11)::INT + 1, 1)
              <> substr(id, 18, 1))
        + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ids WHERE ok GROUP BY id))
        AS P01
)
SELECT * FROM share, q01, q02, rows, p01
"""

def main():
    a = arguments()
    if not a.roster.lower().endswith((".csv", ".tsv", ".txt")):
        raise SystemExit("duckdb_check.py reads CSV only")
    con = duckdb.connect()
    params = {"roster": a.roster, "quotas": a.quotas, "scale": a.scale}
    for stmt in filter(str.strip, LOAD.split(";")):
        con.execute(stmt, {k: v for k, v in params.items() if f"${k}" in stmt})
    cur = con.execute(CHECKS)
    cols = [c[0] for c in cur.description]
    print_counts(dict(zip(cols, cur.fetchone())))


if __name__ == "__main__":
    main()
