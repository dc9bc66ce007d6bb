"""`cleaner review AUDIT --html`: one self-contained page to read what was removed.

The page holds a per-rule summary (rendered here), then a browser of the
documents: a paged list on the left, one document at a time on the right
with each removed span struck through in place, coloured by category, its
rule and reason in a tooltip and in a side note. The documents travel as
JSON in one inert <script type="application/json"> element and are turned
into DOM nodes only when shown, so an audit of 10,000 documents is a page of
a hundred list entries and one document, not one giant DOM.

Everything from the audit is scraped text. It reaches the page only as JSON
with <, > and & escaped (so it cannot close the script element), and the
page's script puts it into the DOM with textContent and setAttribute, never
as markup; the summary is rendered here with every cell escaped. No network,
no external assets: CSS and script are inline.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from typing import IO, Iterable

from .audited import Document
from .stats import Stats
from .termfmt import snippet

# Light backgrounds, one per category of cleaner.removal.CATEGORIES, so struck
# text stays readable; categories from elsewhere take the spare colours in turn.
_COLOURS = {
    "related": "#ffd8a8",
    "comments": "#d0bfff",
    "newsletter": "#ffc9c9",
    "promo": "#fcc2d7",
    "social-embed": "#a5d8ff",
    "share": "#99e9f2",
    "media-caption": "#b2f2bb",
    "byline": "#ffec99",
    "page-chrome": "#dee2e6",
    "footer": "#ced4da",
    "cookie": "#ffe066",
    "duplicate": "#c3fae8",
    "boilerplate": "#eebefa",
    "whitespace": "#f1f3f5",
}
_SPARE_COLOURS = ("#bac8ff", "#d8f5a2", "#ffa8a8", "#96f2d7", "#e599f7", "#74c0fc")
# Documents held in memory before the page's data spills to a temporary file.
_SPOOL_BYTES = 64 << 20
EXAMPLE_CHARS = 50


def write(out: IO[str], documents: Iterable[Document], title: str) -> Stats:
    """Write the report for `documents` to `out`; the counts it shows are returned."""
    stats = Stats()
    rules: dict[str, int] = {}  # rule id: its index in the page's rule table, in order of first use
    with tempfile.SpooledTemporaryFile(_SPOOL_BYTES, mode="w+", encoding="utf-8") as spool:
        for number, document in enumerate(documents):
            stats.add(document.header, document.removals)
            for removal in document.removals:
                rules.setdefault(removal["rule"], len(rules))
            spool.write(("," if number else "") + _json(_document_data(document, rules)))
        spool.seek(0)
        # stats holds rules and categories in order of first use, as `rules` numbers them.
        categories = {name: index for index, name in enumerate(stats.categories)}
        rule_table = [[t.key, t.name, categories[t.category], t.origin] for t in stats.rules.values()]
        out.write(_head(title, categories))
        out.write(_summary(stats, categories))
        out.write(_BROWSER)
        out.write('<script type="application/json" id="data">{"rules":' + _json(rule_table))
        out.write(',"categories":' + _json(list(categories)) + ',"docs":[')
        while chunk := spool.read(1 << 20):
            out.write(chunk)
        out.write("]}</script>\n<script>" + _SCRIPT + "</script>\n</body>\n</html>\n")
    return stats


def _document_data(document: Document, rules: dict[str, int]) -> dict:
    """A document as the page's script reads it: its text cut into kept and
    removed parts (so the script never does offset arithmetic: the log counts
    code points, JavaScript counts UTF-16 units)."""
    header = document.header
    removed = sum(r["end"] - r["start"] for r in document.removals)
    spans = [[rules[r["rule"]], r["reason"], r["start"], r["end"]] for r in document.removals]
    data = {
        "n": header["doc"],
        "c": header["chars"],
        "k": removed,
        "f": header.get("format", ""),
        "l": header.get("language", ""),
        "g": header.get("guard"),
        "o": header.get("notes", []),
        "s": sorted({rules[r["rule"]] for r in document.removals}),
        "x": spans,
    }
    if document.original is None:
        data["e"] = document.problem
        for span, removal in zip(spans, document.removals):
            span.append(removal["text"])
        return data
    parts, position = [], 0
    for index, removal in enumerate(document.removals):
        if removal["start"] > position:
            parts.append([document.original[position : removal["start"]], -1])
        parts.append([removal["text"], index])
        position = removal["end"]
    if position < len(document.original):
        parts.append([document.original[position:], -1])
    data["p"] = parts
    return data


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json(value) -> str:
    """JSON that cannot end the script element it sits in, nor a JS string,
    and that encodes as UTF-8: a lone surrogate (a file name that is not
    UTF-8, a record's text) is \\u-escaped, as JavaScript reads it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def colour(category: str, index: int) -> str:
    return _COLOURS.get(category) or _SPARE_COLOURS[index % len(_SPARE_COLOURS)]


def _head(title: str, categories: dict[str, int]) -> str:
    title = _LONE_SURROGATE.sub("\ufffd", title)  # a log whose file name is not UTF-8
    category_css = "".join(f".c{i}{{background:{colour(name, i)}}}" for name, i in categories.items())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        # No request may leave the page: scripts and styles inline only.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}{category_css}</style>\n</head>\n<body>\n"
        f"<header><h1>What cleaner removed: {html.escape(title)}</h1></header>\n"
    )


def _summary(stats: Stats, categories: dict[str, int]) -> str:
    totals = (
        f'<p id="totals"><b id="total-docs">{stats.documents:,}</b> documents, '
        f'<b id="total-touched">{stats.documents_touched:,}</b> with removals; '
        f'<b id="total-spans">{stats.spans:,}</b> spans removed '
        f'<b id="total-chars">{stats.removed_chars:,}</b> of {stats.input_chars:,} characters ({stats.removed_share:.1%}).</p>\n'
    )
    rows = []
    for tally in stats.ranked(stats.rules):
        index = categories[tally.category]
        rows.append(
            "<tr>"
            f'<td><a href="#r={html.escape(tally.key)}" title="documents with this rule">{html.escape(tally.key)}</a></td>'
            f"<td>{html.escape(tally.name)}</td>"
            f'<td><span class="chip c{index}">{html.escape(tally.category)}</span></td>'
            f'<td class="n">{tally.spans:,}</td><td class="n">{tally.chars:,}</td>'
            f'<td class="n">{tally.documents:,}</td><td class="n">{stats.share(tally):.1%}</td>'
            f'<td class="ex">{html.escape(snippet(tally.example, EXAMPLE_CHARS))}</td>'
            "</tr>\n"
        )
    legend = "".join(
        f'<span class="chip c{categories[t.key]}" title="{t.spans:,} spans, {t.chars:,} characters">'
        f"{html.escape(t.key)} {stats.share(t):.0%}</span> "
        for t in stats.ranked(stats.categories)
    )
    return (
        '<section id="summary">\n'
        + totals
        + f'<p class="legend">Struck-through text was removed; its colour is its category (share of removed characters): {legend}</p>\n'
        + '<details open><summary>Removed, per rule (most characters first; a rule id lists its documents)</summary>\n'
        + '<table id="rules"><thead><tr><th>rule</th><th>name</th><th>category</th><th>spans</th>'
        + "<th>chars</th><th>docs</th><th>share</th><th>example</th></tr></thead>\n<tbody>\n"
        + "".join(rows)
        + "</tbody></table>\n</details>\n</section>\n"
    )


_CSS = """
body{margin:0;font:14px/1.45 system-ui,sans-serif;color:#212529;background:#fff}
header{padding:.6em 1em;background:#343a40;color:#fff}
h1{font-size:1.15em;margin:0}
#summary{padding:.5em 1em;border-bottom:1px solid #dee2e6}
#summary details{max-height:40vh;overflow:auto}
table{border-collapse:collapse;font-size:13px}
th,td{padding:2px 8px;text-align:left;border-bottom:1px solid #f1f3f5;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.ex{color:#495057;max-width:40em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.chip{padding:0 .4em;border-radius:3px;white-space:nowrap}
#browser{display:grid;grid-template-columns:minmax(14em,22em) 1fr minmax(12em,20em);min-height:60vh}
#list{border-right:1px solid #dee2e6;padding:.5em;overflow:auto;max-height:100vh;position:sticky;top:0}
#list input{width:100%;box-sizing:border-box}
#list ol{list-style:none;margin:.4em 0;padding:0}
#list li a{display:block;padding:1px 4px;text-decoration:none;color:#1c7ed6;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#list li a.current{background:#e7f5ff;font-weight:600}
#list li small{display:block;color:#868e96;font-weight:400}
.pager{display:flex;justify-content:space-between;gap:.5em;font-size:13px}
#doc{padding:.5em 1em;min-width:0}
#doc h2{font-size:1.05em;margin:.2em 0;word-break:break-all}
#meta{color:#495057;font-size:13px}
#docnav{display:flex;justify-content:space-between;margin:.4em 0}
#text{white-space:pre-wrap;word-wrap:break-word;font:13px/1.5 ui-monospace,monospace;border-top:1px solid #dee2e6;padding-top:.5em}
del{text-decoration:line-through;text-decoration-color:#c92a2a;color:#495057;cursor:help}
del:focus,del.on{outline:2px solid #c92a2a}
body.clean-only del{display:none}
#note{border-left:1px solid #dee2e6;padding:.5em;font-size:13px;position:sticky;top:0;align-self:start;word-wrap:break-word}
#note dt{font-weight:600;margin-top:.4em}
#note dd{margin:0}
.problem{color:#c92a2a}
"""

_BROWSER = """<div id="browser">
<nav id="list" aria-label="documents">
<input id="filter" type="search" placeholder="filter documents by name" aria-label="filter documents by name">
<p id="rule-filter"></p>
<div class="pager" id="pager-top"></div>
<ol id="docs"></ol>
<div class="pager" id="pager-bottom"></div>
</nav>
<main id="doc">
<h2 id="doc-name"></h2>
<div id="meta"></div>
<label><input type="checkbox" id="clean-only"> show the clean text only</label>
<div id="docnav"></div>
<div id="text"></div>
</main>
<aside id="note"><p>Point at struck-through text to see which rule removed it, and why.</p><dl id="note-body"></dl></aside>
</div>
"""

# The page's script. Data reaches the DOM only through textContent and
# setAttribute; links are built from numbers and encoded rule ids.
_SCRIPT = r"""
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const RULES = DATA.rules, CATEGORIES = DATA.categories, DOCS = DATA.docs;
const RULE_INDEX = new Map(RULES.map((rule, i) => [rule[0], i]));
const PAGE = 100;
let shown = -1;  // the document on display
const $ = (id) => document.getElementById(id);

function node(tag, attributes, text) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

function readState() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {d: params.get("d"), r: params.get("r") || "", q: params.get("q") || "", p: params.get("p")};
}

function href(state) {
  const params = new URLSearchParams();
  if (state.r) params.set("r", state.r);
  if (state.q) params.set("q", state.q);
  if (state.p !== null && state.p !== undefined) params.set("p", state.p);
  if (state.d !== null && state.d !== undefined) params.set("d", state.d);
  return "#" + params.toString();
}

function selected(state) {
  const rule = RULE_INDEX.has(state.r) ? RULE_INDEX.get(state.r) : -1;
  const query = state.q.toLowerCase();
  const found = [];
  DOCS.forEach((doc, i) => {
    if (rule >= 0 && !doc.s.includes(rule)) return;
    if (query && !doc.n.toLowerCase().includes(query)) return;
    found.push(i);
  });
  return found;
}

function count(n) {
  return n.toLocaleString("en-US");
}

function spans(n) {
  return n === 1 ? "1 span" : count(n) + " spans";
}

function percent(part, whole) {
  return whole ? (100 * part / whole).toFixed(1) + "%" : "0.0%";
}

function render() {
  const state = readState();
  const found = selected(state);
  let current = state.d === null ? found[0] : Number(state.d);
  if (!(current >= 0 && current < DOCS.length)) current = found[0];
  const position = found.indexOf(current);
  const pages = Math.max(1, Math.ceil(found.length / PAGE));
  let page = state.p !== null ? Number(state.p) : Math.max(0, Math.floor(position / PAGE));
  if (!(page >= 0 && page < pages)) page = 0;
  renderList(state, found, current, page, pages);
  renderDocument(state, found, current, position);
}

function renderList(state, found, current, page, pages) {
  const ruleNote = $("rule-filter");
  ruleNote.replaceChildren();
  if (state.r) {
    const rule = RULES[RULE_INDEX.get(state.r)];
    ruleNote.append(node("span", {}, "Documents with " + state.r + (rule ? " " + rule[1] : "") + " "));
    ruleNote.append(node("a", {href: href({q: state.q})}, "(all documents)"));
  }
  for (const id of ["pager-top", "pager-bottom"]) {
    const pager = $(id);
    pager.replaceChildren();
    const first = page * PAGE;
    const label = found.length ? `${count(first + 1)}–${count(Math.min(found.length, first + PAGE))} of ${count(found.length)}` : "no documents";
    pager.append(page > 0 ? node("a", {href: href({...state, p: page - 1, d: found[(page - 1) * PAGE]})}, "‹ previous") : node("span"));
    pager.append(node("span", {class: "range"}, label));
    pager.append(page < pages - 1 ? node("a", {href: href({...state, p: page + 1, d: found[(page + 1) * PAGE]})}, "next ›") : node("span"));
  }
  const list = $("docs");
  list.replaceChildren();
  for (const i of found.slice(page * PAGE, (page + 1) * PAGE)) {
    const doc = DOCS[i];
    const item = node("li");
    const link = node("a", {href: href({...state, p: page, d: i}), title: doc.n}, doc.n);
    if (i === current) link.className = "current";
    link.append(" ", node("small", {}, `${spans(doc.x.length)}, ${percent(doc.k, doc.c)}`));
    item.append(link);
    list.append(item);
  }
}

function renderDocument(state, found, current, position) {
  const text = $("text");
  text.replaceChildren();
  $("note-body").replaceChildren();
  const doc = DOCS[current];
  shown = doc ? current : -1;
  if (!doc) {
    $("doc-name").textContent = "No document matches.";
    $("meta").textContent = "";
    $("docnav").replaceChildren();
    return;
  }
  document.title = doc.n + " – cleaner review";
  $("doc-name").textContent = doc.n;
  const facts = [`${count(doc.c)} characters`, `${count(doc.k)} removed (${percent(doc.k, doc.c)})`, spans(doc.x.length)];
  if (doc.f) facts.push(doc.f);
  if (doc.l) facts.push(doc.l);
  $("meta").replaceChildren(node("span", {}, facts.join(" · ")));
  if (doc.g) $("meta").append(node("div", {class: "problem"}, "guard: " + doc.g));
  for (const note of doc.o || []) $("meta").append(node("div", {}, "note: " + note));
  const nav = $("docnav");
  nav.replaceChildren();
  const previous = position > 0 ? found[position - 1] : -1;
  const next = position >= 0 && position < found.length - 1 ? found[position + 1] : -1;
  nav.append(previous >= 0 ? node("a", {href: href({...state, p: null, d: previous}), id: "previous-doc"}, "‹ " + DOCS[previous].n) : node("span"));
  nav.append(next >= 0 ? node("a", {href: href({...state, p: null, d: next}), id: "next-doc"}, DOCS[next].n + " ›") : node("span"));
  if (doc.p) {
    for (const [piece, index] of doc.p) text.append(index < 0 ? document.createTextNode(piece) : struck(doc, index, piece));
  } else {
    text.append(node("p", {class: "problem"}, "Only the removed spans can be shown: " + doc.e));
    doc.x.forEach((span, index) => {
      text.append(node("div", {}, `${span[2]}–${span[3]}:`));
      text.append(struck(doc, index, span[4]), document.createTextNode("\n"));
    });
  }
}

function struck(doc, index, piece) {
  const [ruleIndex, reason] = doc.x[index];
  const rule = RULES[ruleIndex];
  // Removed blank lines would strike nothing visible: mark their line ends.
  const visible = piece.trim() === "" ? piece.replace(/\n/g, "⏎\n") || "␠" : piece;
  return node("del", {class: "c" + rule[2], tabindex: "0", title: `${rule[0]} ${rule[1]}: ${reason}`, "data-span": String(index)}, visible);
}

function showNote(element) {
  const doc = DOCS[shown];
  const index = Number(element.getAttribute("data-span"));
  const [ruleIndex, reason, start, end] = doc.x[index];
  const rule = RULES[ruleIndex];
  for (const old of document.querySelectorAll("del.on")) old.classList.remove("on");
  element.classList.add("on");
  const body = $("note-body");
  body.replaceChildren();
  const rows = [["rule", `${rule[0]} ${rule[1]}`], ["category", CATEGORIES[rule[2]]], ["origin", rule[3]], ["reason", reason], ["characters", `${start}–${end}`]];
  for (const [term, value] of rows) body.append(node("dt", {}, term), node("dd", {}, value));
  const more = node("dd");
  more.append(node("a", {href: href({r: rule[0]})}, "documents with this rule"));
  body.append(more);
}

$("text").addEventListener("mouseover", (event) => { if (event.target.tagName === "DEL") showNote(event.target); });
$("text").addEventListener("focusin", (event) => { if (event.target.tagName === "DEL") showNote(event.target); });
$("clean-only").addEventListener("change", (event) => document.body.classList.toggle("clean-only", event.target.checked));
$("filter").addEventListener("input", (event) => { location.hash = href({r: readState().r, q: event.target.value}); });
window.addEventListener("hashchange", render);
$("filter").value = readState().q;
render();
"""
