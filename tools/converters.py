#!/usr/bin/env python3
"""How well text mode cleans pages saved by other HTML-to-text converters.

    pip install -e '.[eval]'
    python tools/converters.py [--devset ../shared/devset] [--browser] [--save DIR]

The dev set's text/ was saved with html-text; scrapers also use inscriptis,
html2text (Markdown-ish: wrapped lines, `*` bullets, `**bold**`),
BeautifulSoup's `get_text("\n", strip=True)` (every text node on a line of
its own, so sentences break at their links; with " " the whole page is one
line, as in any text whose whitespace was collapsed on its way) or a
browser's select-all copy. This renders every dev-set page's HTML with each
converter into a temporary folder, cleans it with `cleaner clean`, scores it
with the dev set's score.py, and prints one row per converter: the identity
(no cleaning) score, which is also the ceiling for `kept`, and ours.
`--browser` adds Chromium's innerText (what select-all and copy gives),
which needs /usr/bin/chromium and Playwright, and takes a few minutes.
`--save DIR` keeps each converter's texts in DIR/<converter>/ (the line
model's training can learn from them: tools/train_line_model.py
--rendering). Nothing is written into the project.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def html_text(devset: Path, page_id: str) -> str:
    """The page as html-text saved it (the dev set's own text/)."""
    return (devset / "text" / f"{page_id}.txt").read_text(encoding="utf-8")


def decoded_html(devset: Path, page_id: str) -> str:
    """The page's markup, decoded as HTML mode decodes it."""
    from cleaner.htmldecode import decode_html

    return decode_html((devset / "html" / f"{page_id}.html.gz").read_bytes()).markup


def inscriptis_text(devset: Path, page_id: str) -> str:
    from inscriptis import get_text

    return get_text(decoded_html(devset, page_id))


def html2text_text(devset: Path, page_id: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_images = True
    return converter.handle(decoded_html(devset, page_id))


def beautifulsoup_text(devset: Path, page_id: str) -> str:
    """The usual scraper's call: every text node on a line of its own."""
    return _soup_text(devset, page_id, "\n")


def collapsed_text(devset: Path, page_id: str) -> str:
    """Text whose line breaks were lost: the text nodes joined by spaces."""
    return _soup_text(devset, page_id, " ")


def _soup_text(devset: Path, page_id: str, separator: str) -> str:
    """BeautifulSoup's get_text, scripts and styles left out (it would
    include their code)."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)  # a few pages open with <?xml
    soup = BeautifulSoup(decoded_html(devset, page_id), "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup.get_text(separator, strip=True)


class Browser:
    """Chromium's document.body.innerText: what select-all and copy gives."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        self._page = self._new_page()

    def _new_page(self):
        page = self._browser.new_page(java_script_enabled=False)
        page.route("**/*", lambda route: route.abort() if route.request.resource_type != "document" else route.continue_())
        return page

    def __call__(self, devset: Path, page_id: str) -> str:
        try:
            self._page.set_content(decoded_html(devset, page_id), wait_until="domcontentloaded", timeout=20000)
            return self._page.evaluate("document.body ? document.body.innerText : ''")
        except Exception:
            # A crashed tab stays dead: without a fresh one every later page would fail too.
            crashed, self._page = self._page, self._new_page()
            with contextlib.suppress(Exception):
                crashed.close()
            raise

    def close(self):
        self._browser.close()
        self._playwright.stop()


def score(devset: Path, folder: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(devset / "score.py"), str(folder)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1].replace("devset: ", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--browser", action="store_true", help="also Chromium's innerText (slow)")
    parser.add_argument("--save", type=Path, help="keep the rendered texts in SAVE/<converter>/")
    args = parser.parse_args(argv)
    entries = [json.loads(line) for line in (args.devset / "devset.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    converters = {
        "html-text (dev set)": html_text,
        "inscriptis": inscriptis_text,
        "html2text": html2text_text,
        "beautifulsoup get_text": beautifulsoup_text,
        "collapsed whitespace": collapsed_text,
    }
    browser = None
    if args.browser:
        browser = converters["chromium innerText"] = Browser()
    print(f"{'converter':<22} {'identity (no cleaning)':<46} cleaner clean")
    try:
        with tempfile.TemporaryDirectory() as temporary:
            for name, convert in converters.items():
                rendered = (args.save or Path(temporary)) / name.split()[0]
                cleaned = Path(temporary) / "cleaned" / name.split()[0]
                rendered.mkdir(parents=True, exist_ok=True)
                for entry in entries:
                    try:
                        text = convert(args.devset, entry["id"])
                    except Exception as error:  # a converter failing on a page scores it as empty
                        print(f"  {name}: {entry['id']}: {type(error).__name__}: {error}", file=sys.stderr)
                        continue
                    (rendered / f"{entry['id']}.txt").write_text(text, encoding="utf-8")
                subprocess.run([sys.executable, "-m", "cleaner", "clean", str(rendered), "-o", str(cleaned)], check=False)
                print(f"{name:<22} {score(args.devset, rendered):<46} {score(args.devset, cleaned)}", flush=True)
    finally:
        if browser is not None:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
