"""The seed pages clean as fixtures/seeds_expected.json says (copied from ../shared/seeds)."""

from __future__ import annotations

import json

import pytest

from cleaner.decode import decode_text
from cleaner.pipeline import clean

from .conftest import FIXTURES, SEEDS

EXPECTED = json.loads((FIXTURES / "seeds_expected.json").read_text(encoding="utf-8"))
PAGES = sorted(name for name in EXPECTED if not name.startswith("_"))


def _cleaned(name, context):
    return clean(decode_text((SEEDS / name).read_bytes()), context)


def _cases(key):
    return [
        pytest.param(name, item, id=f"{name[:3]}:{(item['text'] if isinstance(item, dict) else item)[:40]}")
        for name in PAGES
        for item in EXPECTED[name][key]
    ]


def test_every_seed_page_is_in_the_project():
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == PAGES


@pytest.mark.parametrize("name, item", _cases("must_remove"))
def test_must_remove_is_gone_and_logged_with_its_category(name, item, context):
    cleaned = _cleaned(name, context)
    assert item["text"] not in cleaned.output
    start = cleaned.text.index(item["text"])
    end = start + len(item["text"])
    covering = [r for r in cleaned.removals if r.start < end and r.end > start and r.category != "whitespace"]
    assert covering, "no removal covers it"
    assert {r.category for r in covering} == {item["category"]}, [(r.rule, r.category) for r in covering]


@pytest.mark.parametrize("name, item", _cases("must_keep"))
def test_must_keep_stays(name, item, context):
    assert item in _cleaned(name, context).output


@pytest.mark.parametrize("name, item", _cases("at_most_once"))
def test_duplicates_appear_at_most_once(name, item, context):
    assert _cleaned(name, context).output.count(item) <= 1
