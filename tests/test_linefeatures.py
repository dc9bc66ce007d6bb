"""The line model's context features on small written pages."""

from __future__ import annotations

import pytest

from cleaner.linefeatures import (
    CONTEXT_FEATURES,
    CONTEXT_LABELS,
    FEATURES,
    LABELS,
    VERDICT_CLIP,
    VOCABULARY_FEATURES,
    Page,
    features,
    tokens,
    verdict_context,
    vocabulary_block,
)
from cleaner.linemodel import LineModel, Stage

STOPWORDS = frozenset("the a of and to in on that was it for with he she they".split())
PROSE = "The council approved the new budget on Tuesday after a debate that went on well into the night."


def page(lines: list[str], ruled: list[int] = ()) -> Page:
    return Page(
        contents=lines,
        ruled=[i in ruled for i in range(len(lines))],
        blocks=list(range(len(lines))),
        bullets=[False] * len(lines),
        stopwords=STOPWORDS,
    )


def column(vectors: list[list[float]], name: str) -> list[float]:
    return [row[FEATURES.index(name)] for row in vectors]


def test_vocabulary_features_come_last_so_training_can_replace_them():
    assert FEATURES[-len(VOCABULARY_FEATURES) :] == VOCABULARY_FEATURES


def test_rule_removals_between_a_line_and_the_article_are_counted():
    lines = ["Home", PROSE, PROSE, PROSE, "Related posts", "Storm closes schools", "Comments", "Reply"]
    vectors = features(page(lines, ruled=[4, 6]), {})
    between = column(vectors, "ruled_between")
    assert between[1:4] == [0.0, 0.0, 0.0]  # inside the article
    assert between[0] == 0.0  # nothing removed between the menu and the article
    assert between[5] == pytest.approx(0.6931, abs=1e-4)  # log1p(1): "Related posts"
    assert between[7] > between[5]  # both removed headings lie between


def test_rule_removals_within_ten_lines_are_a_share_of_the_window():
    lines = [PROSE] * 3 + ["Share", "Tweet"] + [PROSE] * 20
    vectors = features(page(lines, ruled=[3, 4]), {})
    nearby = column(vectors, "window10_ruled")
    assert nearby[0] == pytest.approx(2 / 21)
    assert nearby[24] == 0.0  # both removals more than 10 lines away


def test_a_line_among_junk_worded_lines_gets_its_neighbours_vocabulary():
    vocabulary = {"newsletter": -2.0, "subscribe": -3.0, "council": 1.5}
    lines = ["Subscribe", "The plan", "Newsletter", "council"]
    rows = vocabulary_block([tokens(line) for line in lines], vocabulary)
    own, window1, window3 = (VOCABULARY_FEATURES.index(n) for n in ("vocabulary_mean", "window1_vocabulary", "window3_vocabulary"))
    assert rows[1][own] == 0.0  # no word of its own is known
    assert rows[1][window1] == pytest.approx(-2.5)  # its neighbours are junk-worded
    assert rows[3][window1] == pytest.approx(-2.0)
    assert rows[0][window3] == pytest.approx((0.0 - 2.0 + 1.5) / 3)


def test_features_and_training_see_the_same_vocabulary_columns():
    vocabulary = {"newsletter": -2.0, "budget": 1.0}
    lines = ["Newsletter", PROSE, "Sign up for our newsletter"]
    vectors = features(page(lines), vocabulary)
    block = vocabulary_block([tokens(line) for line in lines], vocabulary)
    assert [row[-len(VOCABULARY_FEATURES) :] for row in vectors] == block


def test_the_second_stage_sees_where_the_article_lies_around_a_line():
    logits = [8.0, 8.0, 0.0, -8.0, -8.0]
    contexts = verdict_context(logits)
    middle = dict(zip(CONTEXT_FEATURES, contexts[2]))
    assert middle["verdict"] == 0.0
    assert middle["verdict_window1"] == 0.0  # one article line, one junk line
    assert middle["verdict_before10"] == pytest.approx(1.0, abs=1e-3)
    assert middle["verdict_after10"] == pytest.approx(0.0, abs=1e-3)
    assert middle["article_before"] == pytest.approx(2 / 2.5, abs=1e-3)
    assert middle["article_after"] == pytest.approx(0.0, abs=1e-3)
    assert dict(zip(CONTEXT_FEATURES, contexts[0]))["article_after"] == pytest.approx(1.5 / 2.5, abs=1e-3)


def test_verdicts_are_clipped_so_one_certain_line_does_not_swamp_a_window():
    contexts = verdict_context([-500.0, 1.0, 1.0])
    assert contexts[0][0] == -VERDICT_CLIP
    assert contexts[1][CONTEXT_FEATURES.index("verdict_window1")] == pytest.approx((-VERDICT_CLIP + 1.0) / 2)


def _model(own_weight: float, neighbours_weight: float) -> LineModel:
    line = Stage(tuple(1.0 if name == "prose" else 0.0 for name in FEATURES), -0.5, (0.5,) * len(FEATURES))
    context_weights = tuple(
        own_weight if name == "verdict" else neighbours_weight if name == "verdict_window1" else 0.0 for name in CONTEXT_FEATURES
    )
    return LineModel(line, Stage(context_weights, 0.0, (0.0,) * len(CONTEXT_FEATURES)), {}, "test")


def test_a_doubtful_line_is_settled_by_its_neighbours_verdicts():
    prose, label = [0.0] * len(FEATURES), [0.0] * len(FEATURES)
    prose[FEATURES.index("prose")] = 1.0
    model = _model(own_weight=1.0, neighbours_weight=2.0)
    _, among_prose = model.judge([prose, label, prose])
    _, among_labels = model.judge([label, label, label])
    assert among_prose[1] > 0.5 > among_labels[1]


def test_an_explanation_names_the_neighbours_when_they_decided():
    label = [0.0] * len(FEATURES)
    model = _model(own_weight=0.1, neighbours_weight=2.0)
    contexts, _ = model.judge([label, label, label])
    assert model.strongest(label, contexts[1], count=1) == [CONTEXT_LABELS["verdict_window1"]]
    assert model.strongest(label, contexts[1], count=2)[1] == LABELS["prose"]
