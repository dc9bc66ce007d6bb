"""HTML input: small pages written for these tests (fixtures/html), each
checked for what is kept, what is removed, and who removed it."""

from __future__ import annotations

import codecs
import gzip
import json
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import audit, document, htmlmode, trafilatura_adapter
from cleaner.config import DEFAULT
from cleaner.decode import DecodeError
from cleaner.files import Job, looks_like_html
from cleaner.htmldecode import decode_html
from cleaner.pipeline import make_context
from cleaner.timelimit import TimeLimitExceeded, time_limit

from .conftest import FIXTURES

PAGES = FIXTURES / "html"


def clean_page(data: bytes, context, fmt: str = "html"):
    found_fmt, cleaned = document.clean_bytes(data, Job("page.html", None, None, fmt), context)
    assert found_fmt == "html"
    return cleaned


def removed_by(cleaned, snippet: str) -> set[str]:
    """The rules whose removals cover `snippet` (which must be in the text view)."""
    start = cleaned.text.index(snippet)
    end = start + len(snippet)
    return {r.rule for r in cleaned.removals if r.start < end and r.end > start and r.category != "whitespace"}


def replays(cleaned) -> bool:
    records = [json.loads(audit.json_line(r)) for r in audit.records("page.html", cleaned, "html", "test")]
    removals = [r for r in records if r["type"] == "removal"]
    return (
        all(r["text"] == cleaned.text[r["start"] : r["end"]] for r in removals)
        and audit.restore(cleaned.output, removals) == cleaned.text
        and records[0]["sha256"] == audit.sha256(cleaned.text)
    )


def test_news_page_keeps_the_article_and_logs_menu_related_posts_and_footer(context):
    cleaned = clean_page((PAGES / "news_related.html").read_bytes(), context)
    for kept in ("Council approves harbour budget\n", "The city council approved", "planned for the autumn of next year."):
        assert kept in cleaned.output
    for gone in ("Related Posts", "Storm closes schools across the region", "Home\nNews", "All rights reserved", "tracking"):
        assert gone not in cleaned.output
    # trafilatura drops the related posts too; the rule that names them is credited.
    assert removed_by(cleaned, "Related Posts\n\nStorm closes schools") == {"TF001"}
    assert removed_by(cleaned, "News\nSport\nWeather") == {"TF001"}
    assert all(r.origin == "trafilatura" and r.reason.startswith("outside trafilatura's main content")
               for r in cleaned.removals if r.rule == "TF001")
    assert replays(cleaned)


def test_comment_section_goes_by_default_and_only_its_chrome_when_comments_are_kept(context):
    data = (PAGES / "comments.html").read_bytes()
    cleaned = clean_page(data, context)
    assert "never remove more than a quarter of the canopy" in cleaned.output
    assert "Leave a Reply" not in cleaned.output and "finally explains why" not in cleaned.output
    assert removed_by(cleaned, "finally explains why") == {"TF001"}
    assert removed_by(cleaned, "3 Comments") == {"TF001"}  # trafilatura's verdict is a pass of its own, first

    with_comments = make_context(config=DEFAULT._replace(html_comments=True))
    kept = clean_page(data, with_comments)
    assert "finally explains why my tree grew" in kept.output
    assert "\nReply\n" not in kept.output
    reply = kept.text.index("\nReply\n") + 1
    assert any(r.rule == "CM005" and r.start <= reply < r.end for r in kept.removals)  # the rule pack, not trafilatura
    assert replays(kept)


def test_newsletter_box_inside_the_article_goes(context):
    cleaned = clean_page((PAGES / "newsletter.html").read_bytes(), context)
    assert "Die Strecken sollen den Bahnhof" in cleaned.output and "Für den Bau sind rund vier Millionen" in cleaned.output
    assert "Newsletter" not in cleaned.output and "anmelden" not in cleaned.output
    assert removed_by(cleaned, "Jetzt zum Newsletter anmelden") == {"TF001"}
    assert cleaned.language == "German"


def test_embedded_tweet_loses_the_attribution_trafilatura_lets_through(context):
    cleaned = clean_page((PAGES / "tweet.html").read_bytes(), context)
    assert "Constructive talks in Vienna today." in cleaned.output  # the quoted post is part of the story
    assert "@ForeignMinister" not in cleaned.output
    assert removed_by(cleaned, "— Foreign Minister (@ForeignMinister) March 6, 2025") == {"SO002"}
    assert "Diplomats cautioned" in cleaned.output


def test_a_windows_1252_page_cleans_like_its_utf8_twin(context):
    data = (PAGES / "cp1252.html").read_bytes()
    cleaned = clean_page(data, context)
    assert "„Wir haben in diesem Jahr so viele Stände wie nie zuvor“, sagte die Organisatorin am Freitag – rund" in cleaned.output
    assert "read as declared windows-1252" in cleaned.notes
    utf8 = data.decode("cp1252").replace("charset=iso-8859-1", "charset=utf-8").encode("utf-8")
    twin = clean_page(utf8, context)
    assert twin.output == cleaned.output and twin.text == cleaned.text


def test_a_gzipped_page_cleans_like_the_page(context):
    data = (PAGES / "news_related.html").read_bytes()
    assert clean_page(gzip.compress(data), context) == clean_page(data, context)


def test_a_page_without_main_content_keeps_what_the_guard_protects(context):
    # trafilatura finds next to nothing on a sign-in form: the page is all chrome.
    cleaned = clean_page((PAGES / "no_content.html").read_bytes(), context)
    assert "Sign in | Example Shop" not in cleaned.output
    assert removed_by(cleaned, "Sign in | Example Shop") == {"TF001"}
    assert replays(cleaned)

    # A page whose text is rendered by a script: trafilatura finds nothing.
    # Its verdict would strip the page bare, so the guard rolls it back and
    # says so; the rule pack still names "Loading" as a control label.
    nothing = clean_page(b"<html><head><title>Loading</title></head><body><script>app()</script></body></html>", context)
    assert "trafilatura found no main content" in nothing.notes
    assert nothing.guard is not None and "rolled back the broad removals of TF003" in nothing.guard
    assert removed_by(nothing, "Loading") == {"BY008"}


def test_a_malformed_page_still_gives_its_article(context):
    cleaned = clean_page((PAGES / "malformed.html").read_bytes(), context)
    assert "Frost came early this year" in cleaned.output
    assert "paraffin heater & the old blankets" in cleaned.output
    assert "Allotment diary" not in cleaned.output and "Posted by Tom" not in cleaned.output
    assert replays(cleaned)


def _nested(depth: int) -> bytes:
    """A page whose article sits inside `depth` unclosed elements, as a page
    that opens a <font> or <div> in a loop and never closes it does."""
    article = "<p>The harbour master said the new quay would open in May, two years late.</p>"
    return f"<html><body>{'<div>' * depth}{article}</body></html>".encode()


def test_a_page_nested_deeper_than_256_elements_keeps_its_text(context):
    """libxml2 drops what lies deeper than 256 elements unless told the tree is huge."""
    cleaned = clean_page(_nested(300), context)
    assert "The harbour master said the new quay would open in May" in cleaned.output


def test_a_page_nested_past_what_the_parser_takes_is_refused_by_name(tmp_path):
    """Past 2048 elements the parse stops: the page would come out empty, or cut short."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "deep.html").write_bytes(_nested(2100))
    (source / "fine.html").write_bytes(_nested(10))
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", source, "-o", tmp_path / "out"], capture_output=True, timeout=300
    )
    assert result.returncode == 1
    # The parenthesis is libxml2's own words ("Excessive depth in document: 2048").
    assert result.stderr.decode().splitlines()[0].startswith("cleaner: deep.html: is beyond what the HTML parser takes (")
    assert "The harbour master said" in (tmp_path / "out" / "fine.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "out" / "deep.txt").exists()


def test_the_lead_above_the_article_is_kept(context):
    lead = "The council has agreed to rebuild the old harbour wall, ending a dispute that lasted three years."
    body = "".join(
        f"<p>Paragraph {n} of the report explains in some detail how the work will be paid for and who will do it.</p>"
        for n in range(6)
    )
    page = f"""<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <h1>Harbour wall to be rebuilt</h1><div class="teaser"><p>{lead}</p></div>
    <div class="article-body">{body}</div><footer>Imprint</footer></body></html>"""
    cleaned = clean_page(page.encode("utf-8"), context)
    assert lead in cleaned.output
    assert any("as its lead" in note for note in cleaned.notes)


def test_trafilatura_failing_on_a_page_is_that_page_s_error(monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura_adapter, "_bare_extraction", lambda: explode)
    with pytest.raises(trafilatura_adapter.ExtractionError, match="trafilatura failed on this page .RecursionError"):
        htmlmode.read_page((PAGES / "news_related.html").read_bytes(), DEFAULT)


def test_the_time_limit_interrupts_python_and_regex_work():
    import re

    with pytest.raises(TimeLimitExceeded, match="took longer than 0.2 s"):
        with time_limit(0.2, "the test"):
            re.match(r"(a+)+$", "a" * 40 + "b")  # catastrophic backtracking, minutes without a limit
    with time_limit(5, "quick work"):
        pass  # a finished body leaves no timer behind


def _swallowing(seconds: float) -> None:
    """Work that drops whatever is raised in it, as Python does with an
    exception raised in a __del__ or a garbage-collector callback."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            time.sleep(0.01)
        except BaseException:
            pass


def test_a_time_limit_the_work_swallows_is_raised_when_the_work_ends():
    with pytest.raises(TimeLimitExceeded, match="took longer than 0.05 s"):
        with time_limit(0.05, "the test"):
            _swallowing(0.3)


class _SlowToDelete:
    def __del__(self):
        time.sleep(0.2)  # the alarm rings in here, and Python drops what a __del__ raises


def test_an_alarm_dropped_in_a_destructor_still_ends_the_work_and_prints_nothing(monkeypatch):
    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05, "the test"):
            _SlowToDelete()  # deleted at once
            time.sleep(5)
    assert time.monotonic() - started < 2
    assert dropped == [], "Python would print the dropped alarm's traceback on stderr"
    assert sys.unraisablehook == dropped.append


def test_a_time_limit_the_work_swallows_once_rings_again():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05, "the test"):
            _swallowing(0.1)
            time.sleep(5)  # without another alarm, this would run to its end
    assert time.monotonic() - started < 2


# Decoding


@pytest.mark.parametrize(
    "data, text, how",
    [
        (codecs.BOM_UTF8 + "<p>Grüße</p>".encode(), "<p>Grüße</p>", "byte-order mark"),
        ("<p>Grüße</p>".encode("utf-16"), "<p>Grüße</p>", "byte-order mark"),
        ('<meta charset="iso-8859-2"><p>Łódź</p>'.encode("iso-8859-2"), '<meta charset="iso-8859-2"><p>Łódź</p>', "declared iso8859_2"),
        ('<meta charset="latin1"><p>“Grüße”</p>'.encode("cp1252"), '<meta charset="latin1"><p>“Grüße”</p>', "declared windows-1252"),
        # A declaration that the bytes contradict: valid UTF-8 wins.
        ('<meta charset="iso-8859-1"><p>Grüße</p>'.encode(), '<meta charset="iso-8859-1"><p>Grüße</p>', "UTF-8, though it declares cp1252"),
        # A UTF-8 page with one stray Latin-1 byte.
        ("<p>Grüße, Straße, Köln</p><p>caf".encode() + b"\xe9</p>", "<p>Grüße, Straße, Köln</p><p>café</p>", "UTF-8 with 1 stray byte read as windows-1252"),
        (b"<p>ok</p>\r\n<p>two</p>\r\n", "<p>ok</p>\n<p>two</p>\n", "UTF-8"),
    ],
)
def test_html_decoding(data, text, how):
    decoded = decode_html(data)
    assert (decoded.markup, decoded.how) == (text, how)


def test_an_undeclared_legacy_page_is_detected():
    page = "<html><body><p>" + "Zażółć gęślą jaźń, powiedział dyrektor szkoły w Łodzi. " * 20 + "</p></body></html>"
    decoded = decode_html(page.encode("cp1250"))
    assert decoded.how.startswith("detected") and "Zażółć gęślą jaźń" in decoded.markup


@pytest.mark.parametrize("data, message", [(b"", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"), (b"\x1f\x8b\x08broken", "broken gzip")])
def test_html_that_cannot_be_read_is_refused_with_a_reason(data, message):
    with pytest.raises(DecodeError, match=message):
        decode_html(data)


@pytest.mark.parametrize(
    "data, html",
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf\n  <html lang=de>", True),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", True),
        (b"\r\n\t <!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf\r\n<!doctype HTML>", True),
        (b"\n\n<html>", True),
        (b"\x0c\n<html>", True),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", True),
        ("<!doctype html>".encode("utf-16"), True),
        (b"Council approves budget\n\nThe council met on <Tuesday>.", False),
        (b"Home\nNews\n", False),
    ],
)
def test_auto_format_sniffs_the_content(data, html):
    assert looks_like_html(data) is html


# The audit replays on any page.

BLOCKS = st.sampled_from(
    [
        "<p>The council approved the budget on Tuesday after a long debate about schools and roads.</p>",
        "<p>Related Posts</p><ul><li>Storm closes schools</li><li>Ferry prices rise</li></ul>",
        "<h2>What happens next</h2>", "<nav><a href=/>Home</a> <a href=/n>News</a></nav>", "<br>", "<div>",
        "<p>Leave a Reply</p>", "<footer>© 2025 Example</footer>", "<script>var x = 1;</script>", "</div>",
        "<blockquote>A quote<br>— Jane Doe (@jane) January 11, 2025</blockquote>", "<table><tr><td>1</td><td>2</td></tr></table>",
    ]
)
# Any text but NUL, which makes bytes look binary (and is refused as such).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
PAGES_STRATEGY = st.lists(st.one_of(BLOCKS, TEXT), max_size=25).map(
    lambda parts: "<html><head><title>T</title></head><body>" + "".join(parts) + "</body></html>"
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=PAGES_STRATEGY)
def test_kept_and_removed_spans_rebuild_the_text_view(context, page):
    cleaned = clean_page(page.encode("utf-8"), context)
    assert cleaned.text == htmlmode.read_page(page.encode("utf-8"), DEFAULT).view
    assert replays(cleaned)


# The command line.


def run(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=stdin, capture_output=True, cwd=cwd, timeout=300)


def test_cli_html_file_stdin_and_format_flag_agree(tmp_path):
    page = PAGES / "news_related.html"
    named = run("clean", page)
    piped = run("clean", stdin=page.read_bytes())  # auto: sniffed from the content
    flagged = run("clean", "--format", "html", stdin=page.read_bytes())
    assert named.returncode == piped.returncode == flagged.returncode == 0, named.stderr
    assert named.stdout == piped.stdout == flagged.stdout
    assert b"The city council approved" in named.stdout and b"Related Posts" not in named.stdout
    as_text = run("clean", "--format", "text", page)
    assert as_text.returncode == 0 and b"<p>" in as_text.stdout  # text mode takes the markup as text


def test_cli_folder_of_html_writes_txt_and_an_audit_that_restores_the_text_view(tmp_path):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "a.html").write_bytes((PAGES / "news_related.html").read_bytes())
    (source / "sub" / "b.htm.gz").write_bytes(gzip.compress((PAGES / "cp1252.html").read_bytes()))
    (source / "c.txt").write_bytes((PAGES / "tweet.html").read_bytes())  # HTML under a text name
    out = tmp_path / "out"
    result = run("clean", source, "-o", out, "--audit", tmp_path / "audit.jsonl", "--jobs", 2)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.txt", "c.txt", "sub/b.txt"]
    records = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    headers = {r["doc"]: r for r in records if r["type"] == "document"}
    assert {doc: h["format"] for doc, h in headers.items()} == {"a.html": "html", "c.txt": "html", "sub/b.htm.gz": "html"}
    for doc, output in (("a.html", "a.txt"), ("sub/b.htm.gz", "sub/b.txt"), ("c.txt", "c.txt")):
        removals = [r for r in records if r["type"] == "removal" and r["doc"] == doc]
        view = htmlmode.read_page((source / doc).read_bytes(), DEFAULT).view
        assert audit.restore((out / output).read_text(encoding="utf-8"), removals) == view
        assert headers[doc]["sha256"] == audit.sha256(view) and headers[doc]["chars"] == len(view)
        assert any(r["origin"] == "trafilatura" for r in removals)


@pytest.mark.parametrize("jobs", [1, 2])
def test_cli_a_page_over_the_time_limit_fails_alone(tmp_path, jobs):
    source = tmp_path / "in"
    source.mkdir()
    # Thousands of paragraphs: trafilatura takes seconds on them, far past the limit.
    big = (PAGES / "news_related.html").read_text(encoding="utf-8").replace(
        "</article>", "<p>More words about the harbour budget and its history.</p>" * 4000 + "</article>"
    )
    (source / "big.html").write_text(big, encoding="utf-8")
    (source / "small.html").write_bytes((PAGES / "tweet.html").read_bytes())
    (source / "notes.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("clean", source, "-o", out, "--html-time-limit", "0.1", "--jobs", jobs)
    assert result.returncode == 1
    errors = result.stderr.decode().strip().splitlines()
    assert sum("big.html" in line and "took longer than 0.1 s" in line for line in errors) == 1, errors
    assert (out / "notes.txt").exists() and not (out / "big.txt").exists()


def test_cli_html_options_reach_the_verdict(tmp_path):
    page = PAGES / "comments.html"
    default = run("clean", page)
    with_comments = run("clean", page, "--html-comments")
    assert b"finally explains why" not in default.stdout and b"finally explains why" in with_comments.stdout
    bad = run("clean", page, "--html-focus", "everything")
    assert bad.returncode == 2


# Finding trafilatura's paragraphs in the text view.


def _kept(view, spans):
    return [view[start:end] for start, end in spans]


def test_align_finds_paragraphs_whatever_the_whitespace_and_order():
    from cleaner.align import kept_spans

    first = "The council approved the budget on Tuesday after a long debate."
    second = "Schools will receive most of the additional money, the mayor said."
    view = f"Menu\nHome\n\n{first}\n\nRelated\n\n{second}\n"
    # trafilatura's order, with its own line breaks inside a paragraph.
    spans = kept_spans(view, ((second.replace(" the mayor", "\nthe mayor"),), (first,)))
    assert _kept(view, spans) == [first, second]


def test_align_places_a_short_heading_next_to_the_article_not_in_the_title():
    from cleaner.align import kept_spans

    body = "The council approved the budget on Tuesday after a long debate about schools."
    view = f"Budget passes\n\nHome | News\n\nBudget passes\n\n{body}\n"
    spans = kept_spans(view, (("Budget passes",), (body,)))
    assert spans[0][0] == view.index("Budget passes", 1)  # the heading above the article, not the <title>


def test_align_keeps_the_pieces_of_a_paragraph_when_an_inline_element_was_dropped():
    from cleaner.align import kept_spans

    view = "The storm reached the coast on Monday [Anzeige] and closed every school in the region.\n"
    pieces = ("The storm reached the coast on Monday ", "and closed every school in the region.")
    spans = kept_spans(view, (pieces,))
    assert _kept(view, spans) == ["The storm reached the coast on Monday", "and closed every school in the region."]
    page = htmlmode.removals(view, spans, found_content=True)
    assert [(r.rule, view[r.start : r.end]) for r in page] == [("TF002", "[Anzeige] ")]
