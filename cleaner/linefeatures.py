"""What the line model sees of each line: its own shape and its neighbourhood.

A line of text carries little on its own ("Impressum" and "Zutaten" look
alike); what tells article from chrome is the company it keeps: a short line
between two paragraphs is a heading, the same line in a run of menu items is
not. So every line is described by its own facts and by those of the lines
around it, in windows of 1, 3 and 10 lines, and by where it sits relative to
the page's densest stretch of prose and to the repeat of the page title.

Two more groups carry what a line's shape cannot: whether its words are the
article's (teasers of other stories share few words with the title and the
prose around it; the article's own headings and captions share many), and
the vocabulary of junk learned from the training pages ("Newsletter",
"Kommentare", "anmelden" lean one way, words of reporting the other), kept
only for words seen on several different sites so no site is memorised;
the words of a line's neighbours count too.

The model's second stage reads verdict_context: the first stage's verdicts
on a line and on the lines around it, and how much of the page's article
text lies before and after it.

Every feature has a plain-words label, used to explain the model's verdicts.
The training tool (tools/train_line_model.py) imports this module, so the
model is always trained on exactly the features it is run on.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import Mapping, NamedTuple

from . import textstats

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<![.…])[.!?。！？][\"'”’»)\]]*$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*$")
_LINK = re.compile(r"https?://|www\.|@\w|\.(?:com|de|org|net|html?)\b")
_SEPARATOR = re.compile(r"[|·•»›/]")
_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:·]\s+")

# A prose line: a full sentence of some length in the page's language. The
# numbers follow the dev set: article paragraphs rarely fall below them,
# teasers and menus rarely reach them.
PROSE_MIN_WORDS = 12
PROSE_MIN_STOPWORDS = 0.15
SHORT_MAX_WORDS = 4
# In the densest stretch of prose (a maximum-sum run of lines), a prose line
# scores its word count and any other line costs this much, a ruled-out line
# more: a menu of ten items outweighs a short paragraph, not a long one.
STRETCH_GAP_COST = 3
STRETCH_RULED_COST = 6
WINDOWS = (1, 3, 10)
_WINDOWED = ("prose", "short", "stopwords", "sentence_end")  # averaged over each window
# Content words, for topical overlap: three letters or more, not a number,
# not a stopword of the page's language.
CONTENT_WORD_MIN_LETTERS = 3
# Learned word weights are log-odds; clipped so no single word decides.
VOCABULARY_CLIP = 4.0
_LENGTH_BINS = ((0, 1), (2, 2), (3, 3), (4, 6), (7, 12), (13, 25), (26, 1 << 30))

LABELS: dict[str, str] = {
    "words_log": "number of words",
    "chars_log": "length",
    **{f"words_{lo}": f"{lo}{'' if hi == lo else '+' if hi > 1000 else f'-{hi}'} words" for lo, hi in _LENGTH_BINS},
    "stopwords": "share of stopwords",
    "stopwords_x_length": "stopwords in a long line",
    "capitalised": "capitalised words",
    "digits": "share of digits",
    "letters": "share of letters",
    "sentence_end": "ends like a sentence",
    "ellipsis_end": "ends with an ellipsis",
    "colon_end": "ends with a colon",
    "link": "holds a link or handle",
    "separators": "separators (| · » /)",
    "all_caps": "written in capitals",
    "prose": "reads like prose",
    "short": "short (4 words or fewer)",
    "bullet": "list bullet",
    "ruled": "removed by a rule",
    "repeated": "repeated on the page",
    "block_size_log": "lines in its block",
    "position": "position on the page",
    "in_prose_span": "between the first and last prose line",
    "in_stretch": "inside the densest stretch of prose",
    "stretch_distance_log": "distance from the densest stretch of prose",
    "before_stretch": "before the densest stretch of prose",
    "after_stretch": "after the densest stretch of prose",
    **{
        f"window{w}_{key}": f"{label} within {w} line{'s' * (w > 1)}"
        for w in WINDOWS
        for key, label in (
            ("prose", "prose"),
            ("short", "short lines"),
            ("stopwords", "stopwords"),
            ("sentence_end", "sentence ends"),
        )
    },
    "ruled_nearby": "rule removals within 3 lines",
    "window10_ruled": "rule removals within 10 lines",
    "ruled_between": "rule removals between it and the densest stretch of prose",
    "previous_prose": "previous line is prose",
    "next_prose": "next line is prose",
    "previous_short": "previous line is short",
    "next_short": "next line is short",
    "known_language": "page language has stopwords",
    "title_repeat": "repeats the page title",
    "after_title": "after the repeated page title",
    "title_distance_log": "distance from the repeated page title",
    "has_title_repeat": "page repeats its title",
    "title_words": "shares words with the title",
    "article_words": "shares words with the article's prose",
    "article_words_twice": "shares words used twice in the article's prose",
    "no_content_words": "has no content words",
    "vocabulary_mean": "its words (learned vocabulary)",
    "vocabulary_min": "its most junk-like word",
    "vocabulary_max": "its most article-like word",
    "vocabulary_known": "share of words in the learned vocabulary",
    "window1_vocabulary": "its neighbours' words (learned vocabulary)",
    "window3_vocabulary": "words within 3 lines (learned vocabulary)",
}
FEATURES: tuple[str, ...] = tuple(LABELS)


class Page(NamedTuple):
    """What the line model looks at: a page's non-blank lines and what is known of them."""

    contents: list[str]  # each line's words (no indentation or bullet)
    ruled: list[bool]  # whether an earlier detector removes the line
    blocks: list[int]  # the block each line belongs to
    bullets: list[bool]  # whether the line had a list bullet
    stopwords: frozenset[str]  # of the page's language (empty when unknown)


class _Line(NamedTuple):
    """What a line says on its own, whatever page it is on. A named tuple:
    built for every new line of every page, and a dataclass costs several
    times as much to build."""

    words: int
    chars: int
    stopwords: float
    capitalised: float
    digits: float
    letters: float
    sentence_end: float
    prose: float
    short: float
    own: tuple[float, ...]  # its features that no other line changes, in FEATURES order
    content_words: tuple[str, ...]  # for topical overlap
    tokens: tuple[str, ...]  # as the learned vocabulary counts them
    repeat_key: str  # casefolded, spaces collapsed: equal for lines that repeat each other


# Pages repeat lines (menus, footers, every line again on the next cleaning
# pass), so a line's own description is remembered; a few thousand lines keep
# a page's passes and a site's chrome in memory without growing a worker.
@lru_cache(maxsize=1 << 13)
def _describe(original: str, stopwords: frozenset[str]) -> _Line:
    text = textstats.as_read(original)
    words = _WORD.findall(text)
    count = len(words)
    chars = len(text)
    folded = list(map(str.casefold, words))
    tokens = [w for w in folded if not w.isdigit()]
    stop = sum(map(stopwords.__contains__, folded)) / count if count else 0.0
    capitalised = sum([w[0].isupper() for w in words]) / count if count else 0.0
    digits = sum(map(str.isdigit, text)) / chars if chars else 0.0
    letters = sum(map(str.isalpha, text)) / chars if chars else 0.0
    sentence = 1.0 if _SENTENCE_END.search(text) else 0.0
    prose = 1.0 if count >= PROSE_MIN_WORDS and sentence and stop >= PROSE_MIN_STOPWORDS else 0.0
    short = 1.0 if count <= SHORT_MAX_WORDS else 0.0
    return _Line(
        words=count,
        chars=chars,
        stopwords=stop,
        capitalised=capitalised,
        digits=digits,
        letters=letters,
        sentence_end=sentence,
        prose=prose,
        short=short,
        own=(
            math.log1p(count),
            math.log1p(chars),
            *(1.0 if lo <= count <= hi else 0.0 for lo, hi in _LENGTH_BINS),
            stop,
            stop * min(count, 30) / 30,
            capitalised,
            digits,
            letters,
            sentence,
            1.0 if _ELLIPSIS_END.search(text) else 0.0,
            1.0 if text.endswith(":") else 0.0,
            1.0 if _LINK.search(text) else 0.0,
            min(len(_SEPARATOR.findall(text)), 5) / 5,
            1.0 if text.isupper() else 0.0,
            prose,
            short,
        ),
        content_words=tuple([w for w in tokens if len(w) >= CONTENT_WORD_MIN_LETTERS and w not in stopwords]),
        tokens=tuple(tokens),
        repeat_key=" ".join(original.casefold().split()),
    )


def features(page: Page, vocabulary: Mapping[str, float]) -> list[list[float]]:
    """One vector (in FEATURES order) per non-blank line of a page.

    Built a feature at a time over all lines (the windows from prefix sums,
    which need no per-line bounds away from the page's ends), then zipped
    into rows: this runs on every line of every cleaning pass."""
    lines, ruled, blocks, stopwords = page.contents, page.ruled, page.blocks, page.stopwords
    n = len(lines)
    if not n:
        return []
    described = [_describe(text, stopwords) for text in lines]
    repeats = Counter(d.repeat_key for d in described)
    block_size_logs = {block: math.log1p(size) for block, size in Counter(blocks).items()}
    windowed = {key: [getattr(d, key) for d in described] for key in _WINDOWED}
    prose, short = windowed["prose"], windowed["short"]
    prose_lines = [i for i, p in enumerate(prose) if p]
    stretch_start, stretch_end = _densest_stretch(described, ruled)
    title = _title_repeat([d.repeat_key for d in described])
    ruled_flags = [1.0 if r else 0.0 for r in ruled]
    ruled_sums = _prefix_sums(ruled_flags)
    words = [d.content_words for d in described]
    title_words = set(words[0])
    if title >= 0:
        title_words |= set(words[title])
    in_article = [p and stretch_start <= i <= stretch_end for i, p in enumerate(prose)]
    article_words = Counter(w for ws, own in zip(words, in_article) if own for w in set(ws))
    # The words used in at least 1, 2 and 3 lines of the article's prose.
    article_uses = [set(article_words), *({w for w, uses in article_words.items() if uses >= k} for k in (2, 3))]

    columns = [
        [1.0 if b else 0.0 for b in page.bullets],
        ruled_flags,
        [1.0 if repeats[d.repeat_key] > 1 else 0.0 for d in described],
        [block_size_logs[b] for b in blocks],
        [i / (n - 1) for i in range(n)] if n > 1 else [0.0],
        _span(n, prose_lines[0], prose_lines[-1]) if prose_lines else [0.0] * n,
        _span(n, stretch_start, stretch_end),
        [math.log1p(stretch_start - i) for i in range(stretch_start)]
        + [0.0] * (stretch_end - stretch_start + 1)
        + [math.log1p(i - stretch_end) for i in range(stretch_end + 1, n)],
        [1.0] * stretch_start + [0.0] * (n - stretch_start),
        [0.0] * (stretch_end + 1) + [1.0] * (n - stretch_end - 1),
    ]
    windowed_sums = {key: _prefix_sums(values) for key, values in windowed.items()}
    columns += (_window_means(windowed[key], windowed_sums[key], w) for w in WINDOWS for key in _WINDOWED)
    # Removed lines between a line and the article: a "Related posts" or
    # "Comments" heading a rule took marks what lies beyond it.
    between = (
        [ruled_sums[stretch_start] - ruled_sums[i + 1] for i in range(stretch_start)]
        + [0.0] * (stretch_end - stretch_start + 1)
        + [ruled_sums[i] - ruled_sums[stretch_end + 1] for i in range(stretch_end + 1, n)]
    )
    columns += [
        [count / 7 for count in _window_totals(ruled_sums, 3)],
        [count / 21 for count in _window_totals(ruled_sums, 10)],
        list(map(math.log1p, between)),
        [0.0, *prose[:-1]],
        [*prose[1:], 0.0],
        [1.0, *short[:-1]],
        [*short[1:], 1.0],
        [1.0 if stopwords else 0.0] * n,
    ]
    if title >= 0:
        columns += [
            [0.0] * title + [1.0] + [0.0] * (n - title - 1),
            [0.0] * (title + 1) + [1.0] * (n - title - 1),
            [math.log1p(abs(i - title)) for i in range(n)],
            [1.0] * n,
        ]
    else:
        columns += [[0.0] * n, [0.0] * n, [6.0] * n, [0.0] * n]
    topics = [_topic(ws, title_words, article_uses, own) for ws, own in zip(words, in_article)]
    vocabulary_rows = vocabulary_block([d.tokens for d in described], vocabulary)
    return [
        [*d.own, *middle, *topic, *vocabulary_row]
        for d, middle, topic, vocabulary_row in zip(described, zip(*columns), topics, vocabulary_rows)
    ]


def _span(n: int, first: int, last: int) -> list[float]:
    """1.0 for lines first..last of a page of n lines (none when last is first - 1), 0.0 for the others."""
    return [0.0] * first + [1.0] * (last - first + 1) + [0.0] * (n - last - 1)


def _topic(words: tuple[str, ...], title: set[str], article_uses: list[set[str]], own: bool) -> list[float]:
    """Shares of a line's content words found in the title, and in the
    article's prose other than the line itself (`article_uses[k]`: the
    words of at least k + 1 of its lines)."""
    if not words:
        return [0.0, 0.0, 0.0, 1.0]
    mine = 1 if own else 0  # a line of the article's prose is one of the lines using its words
    distinct = set(words)
    return [
        sum(map(title.__contains__, words)) / len(words),
        sum(map(article_uses[mine].__contains__, words)) / len(words),
        len(distinct & article_uses[1 + mine]) / len(distinct),
        0.0,
    ]


VOCABULARY_FEATURES = (
    "vocabulary_mean",
    "vocabulary_min",
    "vocabulary_max",
    "vocabulary_known",
    "window1_vocabulary",
    "window3_vocabulary",
)
_VOCABULARY_WINDOWS = (1, 3)


def tokens(text: str) -> tuple[str, ...]:
    """A line's words as the learned vocabulary counts them."""
    return _describe(text, frozenset()).tokens


def vocabulary_block(lines: list[tuple[str, ...]], vocabulary: Mapping[str, float]) -> list[list[float]]:
    """VOCABULARY_FEATURES of each line of a page, given each line's tokens:
    the learned weights of its words (mean, extremes, coverage) and the mean
    weight of its neighbours' words, since a line among junk-worded lines is
    likely junk whatever its own words."""
    if isinstance(vocabulary, Vocabulary):
        own = list(map(vocabulary.columns, lines))
    else:
        own = [_vocabulary_columns(words, vocabulary) for words in lines]
    means = [columns[0] for columns in own]
    sums = _prefix_sums(means)
    around = [_window_means(means, sums, w) for w in _VOCABULARY_WINDOWS]
    return [[*columns, *neighbours] for columns, neighbours in zip(own, zip(*around))]


# Lines whose vocabulary columns a Vocabulary remembers, at most (then its
# memory starts over): a few megabytes, many pages' worth of lines.
_COLUMNS_REMEMBERED = 1 << 15


class Vocabulary(Mapping[str, float]):
    """Learned word weights that remember the columns vocabulary_block
    works out for a line's own words: a page's lines come back on every
    cleaning pass, and a site's chrome on every page. The weights cannot
    change, so a remembered answer is always the answer."""

    def __init__(self, weights: Mapping[str, float]):
        self._weights = dict(weights)
        self._columns: dict[tuple[str, ...], tuple[float, ...]] = {}

    def __getitem__(self, word: str) -> float:
        return self._weights[word]

    def __iter__(self):
        return iter(self._weights)

    def __len__(self) -> int:
        return len(self._weights)

    def columns(self, words: tuple[str, ...]) -> tuple[float, ...]:
        """The mean, least and greatest weight of the known `words`, and their share."""
        columns = self._columns.get(words)
        if columns is None:
            if len(self._columns) >= _COLUMNS_REMEMBERED:
                self._columns.clear()
            columns = self._columns[words] = tuple(_vocabulary_columns(words, self._weights))
        return columns


def _vocabulary_columns(words: tuple[str, ...], vocabulary: Mapping[str, float]) -> list[float]:
    weights = [weight for weight in map(vocabulary.get, words) if weight is not None]
    if not weights:
        return [0.0, 0.0, 0.0, 0.0]
    # Few words weigh more than the clip: most lines need no clipping pass.
    if min(weights) < -VOCABULARY_CLIP or max(weights) > VOCABULARY_CLIP:
        weights = [max(-VOCABULARY_CLIP, min(VOCABULARY_CLIP, weight)) for weight in weights]
    return [sum(weights) / len(weights), min(weights), max(weights), len(weights) / len(words)]


# The second stage of the model reads the first stage's verdicts on a line
# and on its neighbours: a line the first stage half trusts is article text
# between two paragraphs and junk in the tail of teasers after the article.
CONTEXT_LABELS: dict[str, str] = {
    "verdict": "its own features",
    "verdict_window1": "the verdicts on its neighbours",
    "verdict_window3": "the verdicts within 3 lines",
    "verdict_window10": "the verdicts within 10 lines",
    "verdict_before10": "the verdicts on the 10 lines before it",
    "verdict_after10": "the verdicts on the 10 lines after it",
    "article_before": "share of the page's article text before it",
    "article_after": "share of the page's article text after it",
}
CONTEXT_FEATURES: tuple[str, ...] = tuple(CONTEXT_LABELS)
# First-stage log-odds are clipped so one certain line does not swamp a window.
VERDICT_CLIP = 8.0


def verdict_context(logits: list[float]) -> list[list[float]]:
    """One vector (in CONTEXT_FEATURES order) per line, from the first
    stage's log-odds of every line of the page being article text."""
    n = len(logits)
    if not n:
        return []
    clipped = [max(-VERDICT_CLIP, min(VERDICT_CLIP, z)) for z in logits]
    probabilities = [1.0 / (1.0 + math.exp(-z)) for z in clipped]
    logit_sums, sums = _prefix_sums(clipped), _prefix_sums(probabilities)
    article = sums[n] or 1.0
    # The mean verdict on the 10 lines before a line, and on the 10 after
    # (fewer near the page's ends; 0.0 where there are none).
    before = [0.0, *((sums[i] - sums[0]) / i for i in range(1, min(10, n)))]
    before += [(high - low) / 10 for high, low in zip(sums[10:n], sums)]
    after = [(high - low) / 10 for high, low in zip(sums[11:], sums[1:])]
    after += [(sums[n] - sums[i + 1]) / (n - i - 1) for i in range(max(0, n - 10), n - 1)]
    after.append(0.0)
    columns = (
        clipped,
        *(_window_means(clipped, logit_sums, w) for w in (1, 3, 10)),
        before,
        after,
        [total / article for total in sums[:n]],
        [(sums[n] - total) / article for total in sums[1:]],
    )
    return [list(row) for row in zip(*columns)]


def _prefix_sums(values: list[float]) -> list[float]:
    return list(accumulate(values, initial=0.0))  # 0.0 + v0, then + v1, ...: left to right


def _window_means(values: list[float], sums: list[float], w: int) -> list[float]:
    """Each line's mean of `values` over the w lines on either side of it,
    itself left out (fewer lines near the page's ends; 0.0 for a lone line).
    `sums` are the prefix sums of `values`."""
    n = len(values)
    middle = [(high - low - value) / (2 * w) for high, low, value in zip(sums[2 * w + 1 :], sums, values[w : n - w])]
    return _window_edge(values, sums, w, range(min(w, n))) + middle + _window_edge(values, sums, w, range(max(w, n - w), n))


def _window_edge(values: list[float], sums: list[float], w: int, lines: range) -> list[float]:
    """_window_means for lines within w of the page's first or last line."""
    n = len(values)
    means = []
    for i in lines:
        lo, hi = max(0, i - w), min(n, i + w + 1)
        others = hi - lo - 1
        means.append((sums[hi] - sums[lo] - values[i]) / others if others else 0.0)
    return means


def _window_totals(sums: list[float], w: int) -> list[float]:
    """Each line's total over the w lines on either side of it and itself,
    from the prefix sums of a page's values (the page's ends cut the window)."""
    n = len(sums) - 1
    highs = sums[w + 1 :] + [sums[n]] * (w + 1)
    lows = [sums[0]] * w + sums
    return [high - low for high, low, _ in zip(highs, lows, range(n))]


def _densest_stretch(described: list[_Line], ruled: list[bool]) -> tuple[int, int]:
    """(first, last) line of the run where prose outweighs everything else most."""
    best, best_start, best_end = 0.0, 0, -1
    current, start = 0.0, 0
    for i, d in enumerate(described):
        value = d.words if d.prose else -(STRETCH_RULED_COST if ruled[i] else STRETCH_GAP_COST)
        if current <= 0:
            current, start = value, i
        else:
            current += value
        if current > best:
            best, best_start, best_end = current, start, i
    return best_start, best_end


def _title_repeat(keys: list[str]) -> int:
    """The line that repeats the page title (its first line) as the article's
    heading, or -1. Titles often carry the site name after a separator.
    `keys` are the lines casefolded, their spaces collapsed."""
    if not keys:
        return -1
    head = _TITLE_SEPARATORS.split(keys[0])[0].strip()
    for i in range(1, min(len(keys), 400)):
        line = keys[i]
        if len(line) >= 15 and (line == head or (len(head) >= 15 and (head in line or line in head))):
            return i
    return -1
