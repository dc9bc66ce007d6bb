"""Dev-set score floors (tests/eval_floors.toml): a change that lowers them fails.

Runs the real command line over ../shared/devset (text/ in text mode, html/
in HTML mode, each page written as <id>.txt) and scores the output with the
dev set's own score.py. Skipped, with a message, where the dev set is
not beside the project.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import DEVSET

FLOORS = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(
    not (DEVSET / "devset.jsonl").is_file(),
    reason=f"dev set not found at {DEVSET}; the score floors are checked only where ../shared/devset exists",
)


def _score(out_dir: Path, language: str | None = None) -> dict[str, float]:
    """Mean kept and removed over the dev set's pages (of one language, if given)."""
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    kept, removed = [], []
    for line in (DEVSET / "devset.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if language is not None and entry.get("lang") != language:
            continue
        output = out_dir / f"{entry['id']}.txt"
        text = output.read_text(encoding="utf-8") if output.exists() else ""
        k, m, _, _ = scorer.score_doc(entry, text)
        if k is not None:
            kept.append(k)
        if m is not None:
            removed.append(m)
    k, m = sum(kept) / len(kept), sum(removed) / len(removed)
    return {"kept": k, "removed": m, "hmean": 2 * k * m / (k + m)}


@pytest.mark.parametrize("mode", ["text", "html"])
def test_devset_scores_stay_above_their_floors(mode, tmp_path):
    out = tmp_path / mode
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", DEVSET / mode, "-o", out],
        capture_output=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    scores = _score(out)
    print(f"devset {mode}: " + " ".join(f"{k}={v:.3f}" for k, v in scores.items()))
    for metric, floor in FLOORS[mode].items():
        assert round(scores[metric], 3) >= floor, f"{mode} {metric} {scores[metric]:.3f} fell below its floor {floor}"
    languages = FLOORS.get(f"{mode}_languages")
    if languages:
        for language in languages["languages"]:
            hmean = _score(out, language)["hmean"]
            print(f"devset {mode} {language}: hmean={hmean:.3f}")
            assert round(scores["hmean"] - hmean, 3) <= languages["within"], (
                f"{mode} {language} hmean {hmean:.3f} is more than {languages['within']} below the whole's {scores['hmean']:.3f}"
            )
