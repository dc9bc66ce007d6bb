"""Every rule's own examples, as test cases named after the rule.

`matches` must fire (this rule, on its own), `keeps` must not, and each
`example` must clean to its `after` with every removal credited to the rule.
The checks themselves live in cleaner.rulecheck, which `cleaner rules test`
runs on any rule set; here they run on the bundled pack, one case each.
"""

from __future__ import annotations

import pytest

from cleaner import rulecheck, ruleset

from .test_ruleset_loader import GOOD

PACK = ruleset.load()


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in rulecheck.cases(PACK.rules)])
def test_rule_case(case):
    assert rulecheck.failure(case) is None, rulecheck.failure(case)


def test_a_broken_example_is_caught(tmp_path):
    """The checks can fail: a rule whose keeps line fires and whose example is wrong."""
    broken = GOOD
    for old, new in (
        ('matches = ["Grab yours"]', 'matches = ["Grab yours", "Order today"]'),
        ('keeps = ["Do not grab yours, the adviser said."]', 'keeps = ["Grab yours"]'),
        ('after = "Text.\\n"', 'after = "Text.\\nGrab yours\\n"'),
    ):
        assert old in broken, f"GOOD changed: {old!r} is gone"  # a silent no-op broke this test once
        broken = broken.replace(old, new)
    (tmp_path / "bad.toml").write_text(broken, encoding="utf-8")
    rule = ruleset.load([tmp_path], include_default=False).get("XX001")
    problems = {case.id: rulecheck.failure(case) for case in rulecheck.cases([rule])}
    assert problems == {
        "XX001-pattern-0": None,
        "XX001-matches-0": None,
        "XX001-matches-1": "does not fire on its matches line 'Order today'",
        "XX001-keeps-0": "fires on its keeps line 'Grab yours'",
        "XX001-example-0": "example #0 cleans to 'Text.\\n', not to its after 'Text.\\nGrab yours\\n'",
    }


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
