"""Soft hyphens and zero-width characters inside words do not hide them from the rules."""

from __future__ import annotations

import json
import textwrap

from cleaner import audit
from cleaner.pipeline import clean, make_context

from .test_heuristics import ARTICLE, rules_of

SPAN_RULE = """
[[rule]]
id = "XX900"
name = "promo.test-span"
category = "promo"
kind = "span"
why = "A test rule."
pattern = '''grab yours today!'''
matches = ["Grab yours today!"]
keeps = ["Do not grab them, the adviser said."]

[[rule.example]]
before = "Mugs are in. Grab yours today!\\n"
after = "Mugs are in.\\n"
"""


def test_a_line_rule_reads_through_soft_hyphens():
    caption = "Image illus\u00adtra\u00adtive"
    text = "\n\n".join([ARTICLE[0], caption, ARTICLE[1]]) + "\n"
    cleaned = clean(text, make_context(heuristics=False))
    assert ("MC008", caption) in rules_of(cleaned, text)
    assert "illus" not in cleaned.output


def test_a_span_found_through_invisible_characters_is_cut_where_it_is_written(tmp_path):
    (tmp_path / "mine.toml").write_text(textwrap.dedent(SPAN_RULE), encoding="utf-8")
    sentence = "Our new mugs are in the shop."
    ad = "Grab yo\u00adurs to\u200bday!"
    text = f"{ARTICLE[0]}\n\n{sentence} {ad}\n"
    cleaned = clean(text, make_context([tmp_path], heuristics=False))
    assert ("XX900", ad) in rules_of(cleaned, text)
    assert f"{sentence}\n" in cleaned.output and "mugs are in the shop.\u00ad" not in cleaned.output
    records = [json.loads(audit.json_line(r)) for r in audit.records("doc", cleaned, "text", "test")]
    assert audit.restore(cleaned.output, [r for r in records if r["type"] == "removal"]) == text


def test_a_phrase_written_with_no_break_spaces_is_still_the_phrase():
    notice = "Sie befinden sich\u00a0hier: Startseite"
    text = "\n\n".join([notice, ARTICLE[0], ARTICLE[1]]) + "\n"
    cleaned = clean(text, make_context(heuristics=False))
    assert ("BY007", notice) in rules_of(cleaned, text)
