"""The review modules on their own: diff, review, stats, audit checkpoints, the coded-rule catalogue."""

from __future__ import annotations

import json
import re

import pytest

from cleaner import audit, audited, coded_rules, diff, document, review, ruleset, stats
from cleaner.decode import decode_text
from cleaner.files import Job
from cleaner.pipeline import clean
from cleaner.termfmt import Painter

from .conftest import DEVSET, FIXTURES, SEEDS


def _records(doc, text, context):
    cleaned = clean(text, context)
    header, *removals = [json.loads(audit.json_line(r)) for r in audit.records(doc, cleaned, "text", "test")]
    return cleaned, header, removals


def _removal(start, end, text, rule="XX001", name="promo.test", category="promo", doc="d"):
    return {"type": "removal", "doc": doc, "start": start, "end": end, "rule": rule, "name": name,
            "category": category, "origin": "test", "reason": "because", "text": text[start:end]}  # fmt: skip


def apply_unified(original: str, patch: str) -> str:
    """Apply a unified diff, checking every context and removed line: an
    oracle written apart from cleaner.diff, as `patch` would apply it."""
    lines = diff.split_lines(original)
    out, position = [], 0
    patch_lines = diff.split_lines(patch)
    i = 2  # past the --- and +++ lines
    while i < len(patch_lines):
        header = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", patch_lines[i])
        assert header, patch_lines[i]
        start = int(header.group(1)) - (1 if header.group(2) != "0" else 0)
        out += lines[position:start]
        position = start
        i += 1
        while i < len(patch_lines) and not patch_lines[i].startswith("@@"):
            mark, body = patch_lines[i][0], patch_lines[i][1:]
            if i + 1 < len(patch_lines) and patch_lines[i + 1].startswith("\\ No newline"):
                body = body[:-1]
                i += 1
            if mark in " -":
                assert lines[position] == body, (position, lines[position], body)
                position += 1
            if mark in " +":
                out.append(body)
            i += 1
    return "".join(out + lines[position:])


SAMPLES = [
    ("a\nb\nc\n", [(2, 4)]),  # a whole line
    ("a\nb\nc", [(3, 5)]),  # the last line and the newline before it: no newline at the end
    ("keep this\nand x that\n", [(14, 16)]),  # part of a line
    ("one\ntwo\nthree\n", [(3, 8)]),  # a newline and the next line: two lines join
    ("x\n" * 20 + "junk\n" + "y\n" * 3 + "junk\n" + "z\n" * 20, [(40, 45), (51, 56)]),  # one hunk, two changes
    ("only junk\n", [(0, 10)]),  # everything
    ("a\fb\nc\u2028d\njunk\n", [(8, 13)]),  # form feeds and line separators stay inside a line
]


@pytest.mark.parametrize("original, spans", SAMPLES)
def test_the_diff_applies_back_to_the_clean_text(original, spans):
    removals = [_removal(s, e, original) for s, e in spans]
    clean_text = "".join(
        original[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(original)])
    )
    patch = diff.unified("page.txt", original, removals)
    assert patch.startswith("--- page.txt\tinput\n+++ page.txt\tclean\n")
    assert apply_unified(original, patch) == clean_text


def test_the_diff_of_real_pages_applies_back_and_names_every_rule(context):
    for path in sorted(SEEDS.glob("*.txt")):
        text = decode_text(path.read_bytes())
        cleaned, _, removals = _records(path.name, text, context)
        patch = diff.unified(path.name, text, removals)
        assert apply_unified(text, patch) == cleaned.output
        named = set(re.findall(r"\b([A-Z]{2}\d{3}) [a-z-]+\.[a-z.-]+", "".join(l for l in patch.splitlines() if l.startswith("@@"))))
        assert named == {r["rule"] for r in removals}


def test_a_hunk_header_names_its_rule_and_colour_is_only_on_request():
    text = "Article line.\nRead more »\nMore article.\n"
    removals = [_removal(14, 26, text, "RL002", "related.read-more", "related")]
    plain = diff.unified("p.txt", text, removals)
    assert "@@ -1,3 +1,2 @@ RL002 related.read-more\n" in plain and "\x1b[" not in plain
    assert "-Read more »\n" in plain
    coloured = diff.unified("p.txt", text, removals, Painter(True))
    assert "\x1b[31m-Read more »\x1b[0m" in coloured
    assert diff.unified("p.txt", text, []) == ""


def test_review_shows_the_nearest_non_blank_lines_around_a_span():
    text = "Title\n\nFirst paragraph.\n\nShare this:\n\nLast paragraph.\n"
    start = text.index("Share")
    removal = _removal(start, start + len("Share this:\n"), text, "SH002", "share.label", "share")
    document = audited.Document({"doc": "d"}, (removal,), text)
    shown = review.render(document, removal, Painter(False))
    assert shown.splitlines() == [
        "d  line 5, chars 25-37  SH002 share.label  [share]  test",
        "  why: because",
        "  First paragraph.",
        "- Share this:",
        "  Last paragraph.",
        "",  # a blank line after each span
    ]


def test_review_marks_part_of_a_line_and_works_without_the_text():
    text = "Kept words. Advertisement: buy now. More kept.\n"
    start = text.index("Advertisement")
    removal = _removal(start, start + len("Advertisement: buy now."), text)
    shown = review.render(audited.Document({"doc": "d"}, (removal,), text), removal, Painter(False))
    assert "~ Kept words. [-Advertisement: buy now.-] More kept.\n" in shown
    without = review.render(audited.Document({"doc": "d"}, (removal,), None, "no clean text"), removal, Painter(False))
    assert "chars 12-35" in without and "- Advertisement: buy now.\n" in without


def test_review_shortens_a_long_span_to_its_head_and_tail():
    text = "".join(f"menu item {i}\n" for i in range(30))
    removal = _removal(0, len(text), text)
    lines = review.render(audited.Document({"doc": "d"}, (removal,), text), removal, Painter(False), max_lines=4).splitlines()
    assert lines[2:] == ["- menu item 0", "- menu item 1", "  … 26 more lines …", "- menu item 28", "- menu item 29", ""]


def _corpus(rules_per_doc):
    """Documents with removals of the given rules, for filtering and sampling."""
    documents = []
    for number, rules in enumerate(rules_per_doc):
        text = "".join(f"line {i}\n" for i in range(len(rules)))
        removals = tuple(
            _removal(i * 7, i * 7 + 7, text, rule, f"{category}.x", category, doc=f"doc{number}.txt")
            for i, (rule, category) in enumerate(rules)
        )
        documents.append(audited.Document({"doc": f"doc{number}.txt", "chars": len(text), "sha256": ""}, removals, text))
    return documents


def test_filters_combine():
    docs = _corpus([[("RL001", "related"), ("FT001", "footer")], [("RL002", "related")], [("FT001", "footer")]])

    def picked(selection):
        return [(d.name, r["rule"]) for d, r in review.spans([d for d in docs if selection.wants_document(d.name)], selection)]

    assert picked(review.Selection(rules=("RL",))) == [("doc0.txt", "RL001"), ("doc1.txt", "RL002")]
    assert picked(review.Selection(categories=("footer",))) == [("doc0.txt", "FT001"), ("doc2.txt", "FT001")]
    assert picked(review.Selection(rules=("RL",), docs=("doc1*",))) == [("doc1.txt", "RL002")]
    assert picked(review.Selection(rules=("FT001",), categories=("related",))) == []
    assert picked(review.Selection(rules=("related.",))) == [("doc0.txt", "RL001"), ("doc1.txt", "RL002")]


def test_a_sample_is_reproducible_per_rule_and_drawn_from_everywhere():
    docs = _corpus([[("RL001", "related"), ("FT001", "footer")] for _ in range(200)])
    everything = list(review.spans(docs, review.Selection()))
    first = review.sample(everything, 5, seed=1)
    assert list(first) == ["FT001", "RL001"] and all(len(v) == 5 for v in first.values())
    assert review.sample(everything, 5, seed=1) == first
    assert review.sample(everything, 5, seed=2) != first
    # A rule's sample does not depend on the other rules' spans being there.
    only_rl = [item for item in everything if item[1]["rule"] == "RL001"]
    assert review.sample(only_rl, 5, seed=1)["RL001"] == first["RL001"]
    # Uniform enough: over many seeds, late documents are drawn as often as early ones.
    drawn = [int(d.name[3:-4]) for seed in range(200) for d, _ in review.sample(only_rl, 5, seed)["RL001"]]
    assert abs(sum(n < 100 for n in drawn) - sum(n >= 100 for n in drawn)) < 0.15 * len(drawn)
    assert len(review.sample(only_rl[:3], 5, seed=1)["RL001"]) == 3


def test_stats_add_up_to_the_totals():
    docs = _corpus([[("RL001", "related"), ("FT001", "footer")], [("RL002", "related")], [("FT001", "footer")], []])
    counted = stats.collect((d.header, list(d.removals)) for d in docs)
    data = stats.as_json(counted)
    totals = data["totals"]
    assert totals["documents"] == 4 and totals["documents_touched"] == 3 and totals["spans"] == 4
    for key in ("rules", "categories"):
        assert sum(row["spans"] for row in data[key]) == totals["spans"]
        assert sum(row["chars"] for row in data[key]) == totals["removed_chars"] == 28
        assert sum(row["share"] for row in data[key]) == pytest.approx(1.0)
    assert [row["category"] for row in data["categories"]] == ["footer", "related"]  # ties: by key
    assert {row["rule"]: row["documents"] for row in data["rules"]} == {"FT001": 2, "RL001": 1, "RL002": 1}
    assert data["rules"][0]["example"] == {"doc": "doc0.txt", "text": "line 1\n"}
    text = stats.as_text(counted)
    assert text.startswith("4 documents, 3 with removals; 4 spans removed 28 of 28 characters (100.0%)\n")


def test_checkpoints_locate_the_first_difference():
    text = "".join(f"line {i:04}\n" for i in range(1000))  # 10,000 characters, pieces of 625
    header = {"checkpoints": audit.checkpoints(text)}
    assert header["checkpoints"]["chars"] == 625 and len(header["checkpoints"]["sha256"]) == 16
    assert audit.first_difference(text, header) is None
    changed = text[:5000] + "X" + text[5001:]
    assert audit.first_difference(changed, header) == (5000, 5625)
    assert audit.first_difference(text[:1250], header) == (1250, 1250)
    assert audit.first_difference(text + "more", header) == (10000, 10000)
    assert audit.first_difference(text, {}) is None  # a log from before checkpoints
    short = "tiny"
    assert audit.checkpoints(short)["chars"] == audit.CHECKPOINT_MIN_CHARS


def test_rebuild_names_the_document_and_where_it_differs(context):
    text = decode_text((SEEDS / "003_bc4d3fc0c37c5938.txt").read_bytes())
    cleaned, header, removals = _records("003.txt", text, context)
    assert audited.rebuild(header, removals, cleaned.output) == text
    at = cleaned.output.index("Putin has")
    edited = cleaned.output[:at] + "Putin hat" + cleaned.output[at + 9 :]
    with pytest.raises(audit.AuditError) as error:
        audited.rebuild(header, removals, edited)
    message = str(error.value)
    assert message.startswith("003.txt: the rebuilt text does not match the sha256 in its header")
    start, end = map(int, re.search(r"characters (\d+)\.\.(\d+)", message).groups())
    assert start <= text.index("Putin has") < end
    with pytest.raises(audit.AuditError, match=r"^003.txt: removal at .* past the end of the clean text"):
        audited.rebuild(header, removals, cleaned.output[:100])


def test_a_removal_without_its_fields_is_refused_with_its_line():
    lines = ['{"type": "document", "doc": "a", "sha256": "x", "chars": 3}\n', '{"type": "removal", "doc": "a", "start": 0}\n']
    with pytest.raises(audit.AuditError, match=r"^log:2: removal record without a valid end, rule"):
        list(audit.read(lines, "log"))
    with pytest.raises(audit.AuditError, match="not under its document's header"):
        list(audit.documents([json.loads(lines[0]), {**_removal(0, 1, "abc"), "doc": "b"}], "log"))


def test_the_coded_rule_catalogue_matches_what_the_detectors_log(context):
    """Every id a detector logs is in the catalogue, under the same name,
    category and origin; no catalogue id clashes with a rule file's."""
    devset_pages = sorted((DEVSET / "text").glob("*.txt"))[:60]
    pages = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "markdown").glob("*.md")) + devset_pages
    html_pages = sorted((FIXTURES / "html").glob("*.html")) + sorted((DEVSET / "html").glob("*.html.gz"))[:20]
    results = [clean(decode_text(path.read_bytes()), context) for path in pages]
    html = [path.read_bytes() for path in html_pages] + [b"<html><title>Loading</title><script>app()</script></html>"]
    results += [document.clean_bytes(page, Job("page.html", None, None, "html"), context)[1] for page in html]
    results.append(clean("Great post.\n\nYou are wondеrful! Thanks!\n", context))  # no page above spells a word in look-alike letters
    logged, rolled_back = {}, set()
    for cleaned in results:
        for r in cleaned.removals:
            if not r.origin.startswith("rules/"):
                logged[r.rule] = (r.name, r.category, r.origin)
        # TF003 (trafilatura found nothing) always leaves a sliver, so the
        # guard always rolls it back: its note is where the id shows.
        rolled_back.update(re.findall(r"\b[A-Z]{2}\d{3}\b", cleaned.guard or ""))
    catalogue = {c.id: (c.name, c.category, c.origin) for c in coded_rules.CODED_RULES}
    assert logged and all(catalogue.get(rule) == entry for rule, entry in logged.items()), (logged, catalogue)
    if devset_pages:  # these pages happen to need every coded rule: the catalogue lists nothing stale
        assert set(logged) | rolled_back == set(catalogue)
    assert not set(catalogue) & {r.id for r in ruleset.load().rules}
