// xibu serve: the page only draws what the server computed (the same library calls as
// `xibu check`); it decides nothing about a roster. Every text from a file goes through
// textContent, never innerHTML.
"use strict";

const TEXT = {
  zh: {
    title: "西部计划名册检查", switch: "English",
    drop: "把名册文件拖到这里，或点击选择（可选多个）",
    formats: "xlsx、xlsm、xlsb、xls、ods、CSV/TSV。文件只在本机处理，不会上传到任何网站。",
    extras: "年度计划表与配置（可选）",
    "extras-hint": "不选则使用内置的 2020—2021 年度计划表（附件1、附件2）和启动时的配置。请在拖入名册之前选好。",
    scale: "附件1 实施规模表（--scale）", quotas: "附件2 对口招募指标表（--quotas）", config: "配置文件 xibu.toml",
    "sheet-choice": "工作表（名称或序号；默认第一个，--sheet）",
    multi: "选择多个文件时，每个文件单独检查、单独出报告（把多个文件合并为一份名册检查的功能尚未提供）。",
    recheck: "重新检查", lookups: "查询计划表", "quota-title": "对口招募指标（附件2）", "scale-title": "实施规模（附件1）",
    choose: "选择文件",
    service: "服务地区，如 新疆", recruit: "对口招募省份，如 山东（可空）", province: "省份（可空：全部）",
    "look-up": "查询", footer: "本页面由本机的 xibu serve 提供，仅限本机访问；关闭终端（Ctrl-C）即停止。",
    checking: (n) => `正在检查 ${n} 个文件…`, done: (ms) => `检查完成，用时 ${ms} 毫秒。`,
    network: "无法连接 xibu（服务是否已停止？）", volunteers: "志愿者", header: "表头在第 {0} 行",
    sheet: "工作表", errors: "错误", warnings: "警告", notices: "提示",
    xlsx: "下载标注后的工作簿（xlsx）", json: "下载 JSON 报告",
    shares: "各服务省份汇总（各比例对照限值）", province_h: "服务省份", new_h: "新招募", scale_h: "在岗/实施规模",
    findings: "问题", none: "没有发现问题。", all: "全部", severity: "级别", rule: "规则", in_province: "省份",
    place: "位置", rows: "行", value: "值", message: "说明", row_words: (rows) => `第 ${rows} 行`,
    more: (n) => ` 等，另有 ${n} 行`, skipped: "未检查的规则（不算通过）：", notes: "说明",
    found: (n) => `${n} 项`, shown: (a, b) => `显示 ${a} / ${b} 项`, notfound: "计划表中没有这一项。",
    "too-large": (mib) => `上传的文件太大：一次最多 ${mib} MiB（启动时可用 --max-upload 调整）。`,
  },
  en: {
    title: "西部计划 roster check", switch: "中文",
    drop: "Drop roster files here, or click to choose (several allowed)",
    formats: "xlsx, xlsm, xlsb, xls, ods, CSV/TSV. Files are checked on this machine and sent nowhere else.",
    extras: "Plan tables and configuration (optional)",
    "extras-hint": "Without them the built-in 2020—2021 tables (附件1, 附件2) and the configuration given at start are used. Choose them before dropping the roster.",
    scale: "附件1 scale table (--scale)", quotas: "附件2 quota table (--quotas)", config: "Configuration xibu.toml",
    "sheet-choice": "Sheet (name or number; default the first, --sheet)",
    multi: "Several files are checked one by one, each with its own report (checking several files as one roster is not available yet).",
    recheck: "Check again", lookups: "Look up the plan tables", "quota-title": "Paired-recruitment quotas (附件2)", "scale-title": "Implementation scale (附件1)",
    choose: "Choose files",
    service: "service region, e.g. 新疆", recruit: "recruiting province, e.g. 山东 (optional)", province: "province (blank: all)",
    "look-up": "Look up", footer: "Served by xibu serve on this machine, reachable from this machine only; Ctrl-C in the terminal stops it.",
    checking: (n) => `Checking ${n} file(s)…`, done: (ms) => `Checked in ${ms} ms.`,
    network: "Cannot reach xibu (has the server stopped?)", volunteers: "volunteers", header: "header on row {0}",
    sheet: "sheet", errors: "errors", warnings: "warnings", notices: "notices",
    xlsx: "Download the annotated workbook (xlsx)", json: "Download the JSON report",
    shares: "By service province (each share against its limit)", province_h: "service province", new_h: "new", scale_h: "in post / scale",
    findings: "Findings", none: "No findings.", all: "all", severity: "severity", rule: "rule", in_province: "province",
    place: "where", rows: "rows", value: "value", message: "message", row_words: (rows) => `rows ${rows}`,
    more: (n) => ` and ${n} more`, skipped: "Rules not checked (not passed): ", notes: "note",
    found: (n) => `${n} found`, shown: (a, b) => `showing ${a} of ${b}`, notfound: "Not in the plan.",
    "too-large": (mib) => `The upload is too large: at most ${mib} MiB at a time (start with --max-upload to change it).`,
  },
};

let lang = document.documentElement.dataset.lang === "en" ? "en" : "zh";
let lastFiles = [];
let shownIds = [];
const t = (key) => TEXT[lang][key];
const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.documentElement.dataset.lang = lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-placeholder]")) e.placeholder = t(e.dataset.i18nPlaceholder);
  document.title = lang === "zh" ? "xibu 名册检查" : "xibu roster check";
}

function showError(error) {
  const box = $("error");
  box.hidden = false;
  box.textContent = typeof error === "string" ? error : error[lang] || error.zh;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

async function check(files) {
  if (!files.length) return;
  const started = performance.now();
  lastFiles = files;
  $("chosen").textContent = files.map((f) => f.name).join("、");
  clearError();
  $("results").replaceChildren();
  $("status").textContent = t("checking")(files.length);
  // A body the server would not read to its end would only reset the connection: say it here,
  // in the server's words (its 413 answers every smaller excess).
  const extras = ["scale-input", "quotas-input", "config-input"].map((id) => $(id).files[0]).filter(Boolean);
  const total = [...files, ...extras].reduce((n, f) => n + f.size, 0);
  if (total > Number(document.documentElement.dataset.refuseAbove)) {
    const mib = Math.floor(Number(document.documentElement.dataset.maxUpload) / 1048576);
    $("status").textContent = "";
    showError(t("too-large")(mib));
    return;
  }
  const form = new FormData();
  for (const f of files) form.append("roster", f, f.name);
  for (const [id, name] of [["scale-input", "scale"], ["quotas-input", "quotas"], ["config-input", "config"]]) {
    const f = $(id).files[0];
    if (f) form.append(name, f, f.name);
  }
  const sheet = $("sheet-input").value.trim();
  if (sheet) form.append("sheet", sheet);
  let response;
  try {
    response = await fetch(`api/check?lang=${lang}`, { method: "POST", body: form });
  } catch (e) {
    $("status").textContent = "";
    showError(t("network"));
    return;
  }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  $("status").textContent = "";
  if (!response.ok || !body || body.error) {
    showError(body && body.error ? body.error : `HTTP ${response.status}`);
    return;
  }
  shownIds = [];
  for (const r of body.results) {
    if (r.error) {
      showError(r.error);
    } else {
      shownIds.push(r.id);
      $("results").append(renderResult(r));
    }
  }
  $("recheck").hidden = false;
  const ms = Math.round(performance.now() - started);
  $("status").textContent = t("done")(ms);
  // From the drop to the result drawn, for examples/serve_bench.rs.
  document.body.dataset.ms = String(ms);
  document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
}

function rowsText(rows) {
  const shown = rows.slice(0, 20).join(", ");
  return t("row_words")(shown) + (rows.length > 20 ? t("more")(rows.length - 20) : "");
}

function renderResult(r) {
  const box = el("section", { class: "result", "data-id": r.id });
  box.append(el("h2", { text: r.name }));
  // One line per file read (several files dropped together are one roster).
  for (const i of r.input.sources || [r.input]) {
    const sheet = i.sheet ? `${t("sheet")} ${i.sheet} · ` : "";
    const file = i.file ? `${i.file} · ` : "";
    box.append(el("div", { class: "meta", text: `${file}${i.format} · ${sheet}${t("header").replace("{0}", i.header_row)} · ${i.rows} ${t("volunteers")}` }));
  }
  const s = r.summary;
  box.append(el("div", { class: "counts" },
    el("span", { class: "errors", "data-count": "errors", text: `${t("errors")} ${s.errors}` }),
    el("span", { class: "warnings", "data-count": "warnings", text: `${t("warnings")} ${s.warnings}` }),
    el("span", { class: "notices", "data-count": "notices", text: `${t("notices")} ${s.notices}` })));
  box.append(el("div", { class: "downloads" },
    el("a", { href: `api/result/${r.id}/report.xlsx`, download: "", class: "download-xlsx", text: t("xlsx") }),
    el("a", { href: `api/result/${r.id}/report.json?lang=${lang}`, download: "", class: "download-json", text: t("json") })));
  for (const n of r.notices) {
    box.append(el("div", { class: "skipped", text: `${t("notes")}：${n.row ? t("row_words")(n.row) + " " : ""}${n.message}` }));
  }
  // The summary: every share against the limit in effect; ✓/✗ as the rules decided.
  if (r.shares.rows.length) {
    box.append(el("h3", { text: t("shares") }));
    const head = el("tr", {}, el("th", { text: t("province_h") }), el("th", { text: t("new_h") }),
      ...r.shares.headers.map((h) => el("th", { text: h })), el("th", { text: t("scale_h") }));
    const table = el("table", { class: "shares" }, el("thead", {}, head));
    const tbody = el("tbody");
    for (const row of r.shares.rows) {
      const cells = [el("td", { text: row.province }), el("td", { class: "num", text: String(row.new) })];
      for (const c of [...row.shares, row.scale]) {
        cells.push(c ? el("td", { class: `num ${c.ok ? "ok" : "bad"}`, text: `${c.text} ${c.ok ? "✓" : "✗"}` }) : el("td", { class: "num", text: "—" }));
      }
      tbody.append(el("tr", {}, ...cells));
    }
    table.append(tbody);
    box.append(table);
  }
  const skipped = r.rules.filter((x) => !x.checked);
  if (skipped.length) {
    box.append(el("p", { class: "skipped", text: t("skipped") + skipped.map((x) => `${x.id}（${x.reason || ""}）`).join("；") }));
  }
  // Filters: by severity, rule and province; they only hide what the server sent.
  const sev = el("select", { class: "filter-severity" }, el("option", { value: "", text: t("all") }),
    ...["error", "warning", "notice"].map((v) => el("option", { value: v, text: t(`${v}s`) })));
  const rule = el("select", { class: "filter-rule" }, el("option", { value: "", text: t("all") }),
    ...r.rules.filter((x) => x.findings).map((x) => el("option", { value: x.id, text: `${x.id} ${x.title}` })));
  const provinces = [...new Set(r.findings.map((f) => f.province).filter(Boolean))].sort();
  const prov = el("select", { class: "filter-province" }, el("option", { value: "", text: t("all") }),
    ...provinces.map((p) => el("option", { value: p, text: p })));
  const shown = el("span", { class: "shown" });
  box.append(el("h3", { text: `${t("findings")}（${r.findings.length}）` }));
  box.append(el("div", { class: "filters" },
    el("label", {}, `${t("severity")} `, sev), el("label", {}, `${t("rule")} `, rule),
    el("label", {}, `${t("in_province")} `, prov), shown));
  const groups = el("div", { class: "groups" });
  box.append(groups);
  if (!r.findings.length) groups.append(el("p", { class: "none", text: t("none") }));
  for (const x of r.rules.filter((x) => x.findings)) {
    const group = el("div", { class: "rule-group", "data-rule": x.id });
    group.append(el("h3", { text: `${x.id} ${x.title}（${t("found")(x.findings)}）` }));
    const tbody = el("tbody");
    for (const f of r.findings.filter((f) => f.rule === x.id)) {
      tbody.append(el("tr", { class: "finding", "data-severity": f.severity, "data-rule": f.rule, "data-province": f.province || "" },
        el("td", { class: `sev ${f.severity}`, text: t(`${f.severity}s`) }),
        el("td", { text: f.place || f.cell || "" }),
        el("td", { text: f.rows_text || rowsText(f.rows) }),
        el("td", { text: f.value || "" }),
        el("td", { text: f.message })));
    }
    group.append(el("table", { class: "findings" }, el("thead", {}, el("tr", {}, ...["severity", "place", "rows", "value", "message"].map((k) => el("th", { text: t(k) })))), tbody));
    groups.append(group);
  }
  const refilter = () => {
    let n = 0;
    for (const g of groups.querySelectorAll(".rule-group")) {
      let any = false;
      for (const tr of g.querySelectorAll("tr.finding")) {
        const visible = (!sev.value || tr.dataset.severity === sev.value)
          && (!rule.value || tr.dataset.rule === rule.value)
          && (!prov.value || tr.dataset.province === prov.value);
        tr.hidden = !visible;
        if (visible) { any = true; n += 1; }
      }
      g.hidden = !any;
    }
    shown.textContent = t("shown")(n, r.findings.length);
  };
  for (const s of [sev, rule, prov]) s.addEventListener("change", refilter);
  refilter();
  return box;
}

async function switchLanguage() {
  lang = lang === "zh" ? "en" : "zh";
  applyLanguage();
  // The findings' own words come from the server, in the new language.
  const ids = shownIds.slice();
  const views = [];
  for (const id of ids) {
    const response = await fetch(`api/result/${id}?lang=${lang}`);
    if (response.ok) views.push(await response.json());
  }
  if (views.length) $("results").replaceChildren(...views.map(renderResult));
}

function renderLookup(body) {
  const out = $("lookup-result");
  out.replaceChildren();
  if (body.error) { out.append(el("p", { class: "bad", text: body.error[lang] })); return; }
  if (body.rows.length) {
    out.append(el("table", {}, el("thead", {}, el("tr", {}, ...body.headers.map((h) => el("th", { text: h })))),
      el("tbody", {}, ...body.rows.map((row) => el("tr", {}, ...row.map((c) => el("td", { text: c })))))));
  }
  if (!body.found) out.append(el("p", { class: "bad", text: t("notfound") }));
  if (body.note) out.append(el("p", { class: "skipped", text: body.note }));
}

async function lookup(event, path) {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(event.target));
  const response = await fetch(`${path}?${params}&lang=${lang}`);
  renderLookup(await response.json());
}

document.addEventListener("DOMContentLoaded", () => {
  applyLanguage();
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    check([...e.dataTransfer.files]);
  });
  $("roster-input").addEventListener("change", (e) => check([...e.target.files]));
  $("recheck").addEventListener("click", () => check(lastFiles));
  $("lang-switch").addEventListener("click", switchLanguage);
  $("quota-form").addEventListener("submit", (e) => lookup(e, "api/quota"));
  $("scale-form").addEventListener("submit", (e) => lookup(e, "api/scale"));
  document.body.dataset.ready = "1";
});
