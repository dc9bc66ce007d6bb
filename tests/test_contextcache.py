"""The context kept on disk between processes (cleaner.contextcache): a
shortcut that never changes a result, and never goes stale."""

from __future__ import annotations

import pickle

import pytest

from cleaner import contextcache, pipeline, ruleset
from cleaner.config import DEFAULT

from .conftest import SEEDS

USER_RULE = """
[[rule]]
id = "ZZ001"
name = "promo.test-label"
category = "promo"
kind = "line"
pattern = '{pattern}'
why = "a test rule"
matches = ["{example}"]
keeps = ["An ordinary sentence of the article."]
[[rule.example]]
before = "Article text stays.\\n{example}\\n"
after = "Article text stays.\\n"
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(where))
    return where


def _entries(where):
    return sorted(where.glob("*.context.pickle"))


def _no_building(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the context was built again instead of loaded")

    monkeypatch.setattr(ruleset, "load", refuse)


def test_a_second_process_loads_what_the_first_built(cache_dir, monkeypatch):
    built = pipeline.make_context()
    assert len(_entries(cache_dir)) == 1
    _no_building(monkeypatch)
    loaded = pipeline.make_context()
    assert loaded is not built and loaded.digest == built.digest
    page = (SEEDS / "000_8de9385505842622.txt").read_text(encoding="utf-8")
    assert pipeline.clean(page, loaded) == pipeline.clean(page, built)


def test_the_entry_holds_compiled_patterns_each_unpickled_when_first_used(cache_dir):
    pipeline.make_context()
    with _entries(cache_dir)[0].open("rb") as stream:
        context = pickle.load(stream)
    # Compiled, not source to compile again; still pickled, so that loading
    # the context does not pay for the patterns a page never tries.
    assert all("_pickled_pattern" in vars(rule) for rule in context.ruleset.rules if rule.patterns)
    download = context.ruleset.get("BY024")
    assert download.match("Jahresbericht 2021 (PDF, 298KB)", DEFAULT.regex_timeout) is not None
    assert "compiled" in vars(download) and "_pickled_pattern" not in vars(download)


def test_different_settings_are_different_entries(cache_dir):
    everything = pipeline.make_context()
    fewer = pipeline.make_context(ignore=["CK"])
    assert len(_entries(cache_dir)) == 2
    assert any(r.id.startswith("CK") for r in everything.ruleset.rules)
    assert not any(r.id.startswith("CK") for r in fewer.ruleset.rules)
    other = pipeline.make_context(config=DEFAULT.__class__(line_model_threshold=0.5))
    assert other.config.line_model_threshold == 0.5 and len(_entries(cache_dir)) == 3


def test_an_edited_rule_file_is_never_served_stale(cache_dir, tmp_path):
    rules = tmp_path / "mine"
    rules.mkdir()
    rule_file = rules / "mine.toml"
    rule_file.write_text(USER_RULE.format(pattern="Sponsored by .+", example="Sponsored by Acme"), encoding="utf-8")
    first = pipeline.make_context([rules])
    assert first.ruleset.get("ZZ001").match("Sponsored by Acme", 1.0)
    rule_file.write_text(USER_RULE.format(pattern="Paid post", example="Paid post"), encoding="utf-8")
    second = pipeline.make_context([rules])
    assert second.ruleset.get("ZZ001").match("Paid post", 1.0)
    assert not second.ruleset.get("ZZ001").match("Sponsored by Acme", 1.0)


def test_a_broken_entry_is_rebuilt(cache_dir):
    built = pipeline.make_context()
    [entry] = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    assert pipeline.make_context().digest == built.digest
    with entry.open("rb") as stream:
        assert pickle.load(stream).digest == built.digest


def test_an_unusable_cache_directory_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    assert pipeline.make_context().ruleset.rules


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    pipeline.make_context()
    assert not list(tmp_path.rglob("*.context.pickle"))


def test_the_oldest_entries_go_beyond_the_limit(cache_dir, monkeypatch):
    monkeypatch.setattr(contextcache, "MAX_ENTRIES", 2)
    for count in range(3):
        contextcache.load_or_build(f"key{count}", lambda: count)
    assert [p.name.split(".")[0] for p in _entries(cache_dir)] == ["key1", "key2"]


def test_no_home_directory_means_no_cache(monkeypatch):
    monkeypatch.delenv("CLEANER_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(contextcache.Path, "home", no_home)
    assert contextcache.directory() is None
    assert pipeline.make_context().ruleset.rules
