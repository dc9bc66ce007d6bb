"""The HTML report in a real browser: Debian's chromium, driven by Playwright.

Loads the report of the seeds (plus a page whose name and removed text are
HTML injection attempts), checks the summary against `cleaner stats`, that a
removed span is rendered struck through and explained on hover, that the
links between documents work, and keeps a screenshot (report.png in the
test's tmp_path). A second test loads a report of 10,000 documents.
Skipped only where no chromium binary exists; .ci/run installs one.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from cleaner import audit

from .conftest import SEEDS
from .test_cli import run
from .test_review_cli import SEED_PAGES, records

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on this machine (apt-get install chromium); the report's browser test needs one"
)
# Without the background-networking flags chromium tries to reach Google's
# services, which this closed network refuses.
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
HOSTILE_NAME = "<img src=x onerror=window.pwned=1>.txt"
HOSTILE_LINE = '<img src=x onerror="window.pwned=2"></script><script>window.pwned=3</script>\n'


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1400, "height": 1000}
        )
        yield context
        context.close()


def _open(browser, path: Path, fragment: str = ""):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: errors.append("request " + request.url) if not request.url.startswith("file:") else None)
    page.goto(path.as_uri() + fragment)
    page.wait_for_selector("#doc-name:not(:empty)")
    return page, errors


def _hostile_document(clean_dir: Path) -> list[bytes]:
    """A page whose name and removed line try to inject markup, logged as the cleaner logs."""
    original = "An article sentence that stays.\n" + HOSTILE_LINE + "Another sentence that stays.\n"
    start = original.index("<img")
    end = start + len(HOSTILE_LINE)
    (clean_dir / HOSTILE_NAME).write_text(original[:start] + original[end:], encoding="utf-8")
    header = {"type": "document", "doc": HOSTILE_NAME, "sha256": audit.sha256(original), "chars": len(original),
              "format": "text", "checkpoints": audit.checkpoints(original)}  # fmt: skip
    removal = {"type": "removal", "doc": HOSTILE_NAME, "start": start, "end": end, "rule": "ZZ001", "name": "promo.script",
               "category": "promo", "origin": "<b>origin</b>", "reason": "<i>reason</i>", "text": HOSTILE_LINE}  # fmt: skip
    return [audit.json_line(header), audit.json_line(removal)]


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    clean_dir = root / "clean"
    result = run("clean", SEEDS, "-o", clean_dir, "--audit", root / "audit.jsonl")
    assert result.returncode == 0, result.stderr
    with open(root / "audit.jsonl", "ab") as log:
        log.writelines(_hostile_document(clean_dir))
    report = root / "report.html"
    made = run("review", root / "audit.jsonl", "--clean", clean_dir, "--html", report)
    assert made.returncode == 0, made.stderr
    return report, root / "audit.jsonl"


def test_the_report_shows_the_summary_and_struck_spans(browser, seeds_report, tmp_path):
    report, log = seeds_report
    stats = json.loads(run("stats", log, "--json").stdout)
    page, errors = _open(browser, report)

    assert page.text_content("#total-docs") == str(stats["totals"]["documents"]) == "6"
    assert page.text_content("#total-spans") == str(stats["totals"]["spans"])
    assert page.text_content("#total-chars") == f"{stats['totals']['removed_chars']:,}"
    rows = page.eval_on_selector_all("#rules tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
    assert [[r[0], r[3], r[4], r[5]] for r in rows] == [
        [s["rule"], f"{s['spans']:,}", f"{s['chars']:,}", f"{s['documents']:,}"] for s in stats["rules"]
    ]

    first_doc = records(log)[0]["doc"]
    assert page.text_content("#doc-name") == first_doc
    removals = [r for r in records(log) if r["type"] == "removal" and r["doc"] == first_doc]
    struck = page.locator("#text del")
    assert struck.count() == len(removals)
    assert "line-through" in struck.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert struck.first.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    first_text = removals[0]["text"]
    assert struck.first.text_content() == (first_text.replace("\n", "⏎\n") if not first_text.strip() else first_text)
    page.screenshot(path=str(tmp_path / "report.png"))  # the artifact to look at: summary, list, struck text
    assert (tmp_path / "report.png").stat().st_size > 20_000
    struck.last.hover()
    note = page.text_content("#note-body")
    assert f"{removals[-1]['rule']} {removals[-1]['name']}" in note and removals[-1]["reason"] in note

    # Both clicks change the page's hash; the report redraws on the
    # hashchange event, after the click has returned: wait for the redraw.
    page.click("#next-doc")
    second_doc = records(log)[[r["type"] for r in records(log)].index("document", 1)]["doc"]
    page.wait_for_function("name => document.querySelector('#doc-name').textContent === name", arg=second_doc, timeout=10_000)
    page.click("#rules a[href='#r=RL001']")
    with_rl001 = sorted({r["doc"] for r in records(log) if r.get("rule") == "RL001"})
    page.wait_for_function("() => location.hash === '#r=RL001'", timeout=10_000)
    page.wait_for_function("n => document.querySelectorAll('#docs a').length === n", arg=len(with_rl001), timeout=10_000)
    listed = page.eval_on_selector_all("#docs a", "links => links.map(a => a.title)")
    assert listed == with_rl001
    assert errors == []


def test_markup_in_the_audit_stays_text(browser, seeds_report):
    report, _ = seeds_report
    page, errors = _open(browser, report, "#d=5")
    assert page.text_content("#doc-name") == HOSTILE_NAME
    assert page.text_content("#text del") == HOSTILE_LINE
    page.hover("#text del")
    assert "<i>reason</i>" in page.text_content("#note-body") and "<b>origin</b>" in page.text_content("#note-body")
    assert page.evaluate("window.pwned") is None
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    assert page.locator("#docs a", has_text="<img src=x").count() == 1
    assert errors == []


def test_a_report_of_10000_documents_stays_small_in_the_dom(browser, tmp_path):
    clean_dir = tmp_path / "clean"
    lines = []
    seed_log = tmp_path / "seeds.jsonl"
    assert run("clean", SEEDS, "-o", tmp_path / "seeds", "--audit", seed_log).returncode == 0
    by_doc: dict[str, list[dict]] = {}
    for record in records(seed_log):
        by_doc.setdefault(record["doc"], []).append(record)
    for n in range(10_000):
        seed = SEED_PAGES[n % 5].name
        doc = f"d{n // 1000}/p{n:05}.txt"
        (clean_dir / doc).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "seeds" / seed, clean_dir / doc)
        lines += [audit.json_line({**record, "doc": doc}) for record in by_doc[seed]]
    (tmp_path / "audit.jsonl").write_bytes(b"".join(lines))
    made = run("review", tmp_path / "audit.jsonl", "--clean", clean_dir, "--html", tmp_path / "big.html")
    assert made.returncode == 0, made.stderr

    started = time.monotonic()
    page, errors = _open(browser, tmp_path / "big.html")
    loaded = time.monotonic() - started
    print(f"10,000-document report: {(tmp_path / 'big.html').stat().st_size / 1e6:.1f} MB, shown in {loaded:.1f} s")
    assert page.text_content("#total-docs") == "10,000"
    assert page.eval_on_selector_all("#docs li", "items => items.length") == 100
    assert page.text_content("#pager-top .range") == "1–100 of 10,000"
    assert page.evaluate("document.getElementsByTagName('*').length") < 1500
    page.evaluate("location.hash = 'd=9999'")
    page.wait_for_function("document.getElementById('doc-name').textContent === 'd9/p09999.txt'")
    assert page.text_content("#pager-top .range") == "9,901–10,000 of 10,000"
    assert page.locator("#text del").count() == sum(1 for r in by_doc[SEED_PAGES[4].name] if r["type"] == "removal")
    assert errors == []
