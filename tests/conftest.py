"""Shared fixtures: one compiled context per test session (rules compile once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.pipeline import make_context

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture(scope="session", autouse=True)
def context_cache(tmp_path_factory):
    """The tests' own cache of built contexts (cleaner.contextcache), shared
    by the CLI runs they start: never the user's, and empty at the start."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLEANER_CACHE_DIR", str(tmp_path_factory.mktemp("context-cache")))
        yield


@pytest.fixture(scope="session")
def context(context_cache):
    return make_context()
