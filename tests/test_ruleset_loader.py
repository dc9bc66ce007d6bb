"""Broken rule files are refused with a message naming the file and the rule."""

from __future__ import annotations

import textwrap

import pytest

from cleaner import ruleset
from cleaner.ruleset import RuleError

GOOD = """
[[rule]]
id = "XX001"
name = "promo.test"
category = "promo"
kind = "line"
why = "A test rule."
pattern = '''grab yours'''
matches = ["Grab yours"]
keeps = ["Do not grab yours, the adviser said."]

[[rule.example]]
before = "Text.\\nGrab yours\\n"
after = "Text.\\n"
"""


def _load(tmp_path, body, name="mine.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return ruleset.load([tmp_path])


def test_a_user_rule_file_is_added_to_the_pack(tmp_path):
    rules = _load(tmp_path, GOOD)
    assert rules.get("XX001").origin.endswith("mine.toml")
    assert rules.first_match("line", "Grab yours", timeout=1.0).rule.id == "XX001"


@pytest.mark.parametrize(
    "change, message",
    [
        (("pattern = '''grab yours'''", "pattern = '''(?:grab yours)?'''"), "matches the empty string"),
        (("pattern = '''grab yours'''", "pattern = '''(buy) now'''"), "capture group"),
        (("pattern = '''grab yours'''", "pattern = '''buy (now'''"), "does not compile"),
        (('matches = ["Grab yours"]\n', ""), "needs 'matches'"),
        (('keeps = ["Do not grab yours, the adviser said."]\n', ""), "needs 'keeps'"),
        (('id = "XX001"', 'id = "X1"'), "two capital letters and three digits"),
        (('category = "promo"', 'category = "ads"'), "unknown category"),
        (('name = "promo.test"', 'name = "footer.test"'), "name must be 'promo.<slug>'"),
        (('kind = "line"', 'kind = "block"'), "kind must be one of"),
        (("why = \"A test rule.\"\n", ""), "needs a non-empty string 'why'"),
        (("[[rule.example]]", "[[rule.sample]]"), "unknown key"),
        (("pattern = '''grab yours'''", "pattern = '''<<nothing>>'''"), "not defined"),
        (('kind = "line"', 'kind = "line"\nbody = "paragraph"'), "only section rules have one"),
        (('kind = "line"', 'kind = "section"\nbody = "bio"'), "body is one of teasers, paragraph"),
    ],
)
def test_each_problem_is_named_with_file_and_rule(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(RuleError) as error:
        _load(tmp_path, GOOD.replace(old, new))
    text = str(error.value)
    assert "mine.toml" in text and message in text
    if 'id = "X1"' not in new:
        assert "XX001" in text


def test_a_duplicate_id_is_refused(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match=r"b\.toml: rule XX001: id already used in .*a\.toml"):
        ruleset.load([tmp_path])


def test_an_id_of_the_default_pack_is_refused(tmp_path):
    with pytest.raises(RuleError, match="RL001: id already used in rules/related.toml"):
        _load(tmp_path, GOOD.replace("XX001", "RL001"))


@pytest.mark.parametrize(
    "body, message",
    [
        ("this is = not toml [", "not valid TOML"),
        ("[something]\nx = 1\n", "unknown top-level key"),
        ("", "expected [[rule]] tables"),
    ],
)
def test_unreadable_files_are_named(tmp_path, body, message):
    with pytest.raises(RuleError) as error:
        _load(tmp_path, body)
    assert "mine.toml" in str(error.value) and message in str(error.value)


def test_a_missing_rule_directory_is_named(tmp_path):
    with pytest.raises(RuleError, match="no such rule file or directory"):
        ruleset.load([tmp_path / "nope"])


def test_keywords_that_miss_an_example_are_refused(tmp_path):
    body = GOOD.replace("kind = \"line\"\n", 'kind = "line"\nkeywords = ["sale"]\n')
    with pytest.raises(RuleError, match="holds none of the keywords"):
        _load(tmp_path, body)


def test_phrase_rules(tmp_path):
    body = GOOD.replace("pattern = '''grab yours'''", 'phrases.en = ["grab yours", "order today"]')
    rules = _load(tmp_path, body)
    hit = rules.first_match("line", "Order today »", timeout=1.0)
    assert hit.rule.id == "XX001" and hit.language == "en"
