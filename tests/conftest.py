"""Shared fixtures: one compiled context per test session (rules compile once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.pipeline import make_context

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture(scope="session")
def context():
    return make_context()
