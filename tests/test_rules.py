"""Every rule's own examples, as test cases named after the rule.

`matches` must fire (this rule, on its own), `keeps` must not, and each
`example` must clean to its `after` with every removal credited to the rule.
"""

from __future__ import annotations

import pytest

from cleaner import ruleset
from cleaner.pipeline import clean, make_context

PACK = ruleset.load()


def _cases(field):
    return [
        pytest.param(rule, index, value, id=f"{rule.id}-{field}-{index}")
        for rule in PACK.rules
        for index, value in enumerate(getattr(rule, field))
    ]


def test_every_pattern_compiles():
    for rule in PACK.rules:
        rule.check()


@pytest.mark.parametrize("rule, index, line", _cases("matches"))
def test_matches_fire(rule, index, line):
    assert rule.match(line, timeout=1.0) is not None


@pytest.mark.parametrize("rule, index, line", _cases("keeps"))
def test_keeps_do_not_fire(rule, index, line):
    assert rule.match(line, timeout=1.0) is None


@pytest.mark.parametrize("rule, index, example", _cases("examples"))
def test_example_cleans_to_after_by_this_rule_alone(rule, index, example):
    context = make_context(select=[rule.id], heuristics=False)
    cleaned = clean(example.before, context)
    assert cleaned.output == example.after
    credited = {r.rule for r in cleaned.removals if r.category != "whitespace"}
    assert credited == ({rule.id} if example.before != example.after else set())


def test_ids_are_unique_and_names_match_categories():
    ids = [rule.id for rule in PACK.rules]
    assert len(ids) == len(set(ids))
    for rule in PACK.rules:
        assert rule.name.split(".")[0] == rule.category


def test_the_pack_has_every_category_of_the_issue():
    wanted = {"related", "comments", "newsletter", "promo", "social-embed", "share", "media-caption", "byline", "page-chrome", "footer", "cookie"}
    assert wanted <= {rule.category for rule in PACK.rules}


@pytest.mark.parametrize(
    "line, rule_id",
    [
        ("Impressum | Datenschutz | AGB", "FT002"),
        ("EN | Kontakt | Impressum", "BY008"),  # a row of labels from two rules: the one with most labels, then pack order
        ("Weiterlesen »", "RL002"),
        ("- Anzeige -", "NL003"),
    ],
)
def test_phrase_rows_and_decorations(line, rule_id):
    hit = PACK.first_match("line", line, timeout=1.0)
    assert hit is not None and hit.rule.id == rule_id
