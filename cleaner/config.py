"""Every threshold the cleaner uses, named, in one frozen place.

Each value says where it came from. "devset" means it was chosen by sweeping
it on ../shared/devset (text mode, `bench/devset_sweep.py`) and taking the
value where kept stayed >= 0.95 and hmean peaked; a neighbouring value moves
hmean by less than 0.01 unless noted.
"""

from __future__ import annotations

from typing import NamedTuple


class Config(NamedTuple):
    # Seconds one rule pattern may spend on one line before it is abandoned
    # (and the document noted). Generous: a pattern that needs this long on a
    # line has a backtracking problem worth reporting, not a slow line.
    regex_timeout: float = 1.0

    # A "prose" line reads like a sentence: at least this many words and
    # sentence punctuation at its end. Teasers and menus rarely reach 10
    # words; article paragraphs almost always do (devset).
    prose_min_words: int = 10

    # A line under a related-posts heading still belongs to the teaser list
    # when it has at most this many words (a headline, a date, a label)...
    teaser_max_words: int = 16
    # ...or when it ends with an ellipsis and has at most this many words (the
    # excerpt of a teased post, cut off mid-sentence), or reads as prose right under a
    # teaser's date line: a line of at most this many words with a year, a time
    # or a day and month in it.
    teaser_excerpt_max_words: int = 80
    teaser_date_max_words: int = 10

    # A section rule with body = "paragraph" (an author box's heading) takes
    # the paragraph under it when it has at most this many words: a bio runs
    # to a few sentences; a longer paragraph under a misread heading stays.
    section_paragraph_max_words: int = 120

    # A reader comment (cleaner.detectors.threads) is taken only when its
    # signature and its end are at most this many non-blank lines apart:
    # longer than most comments, short enough that a misread signature
    # cannot take an article with it.
    comment_max_lines: int = 30

    # Duplicates: a line repeated from earlier on the page is removed when it
    # has at least this many characters. Shorter repeats ("Reply", "Share",
    # "Read more") are left to the rules, which can name them.
    duplicate_min_chars: int = 30

    # Embed echoes: an embedded post cut off with an ellipsis repeats an
    # article quote; at least this many characters must match.
    echo_min_chars: int = 40

    # The guard refuses a clean that would keep less than this share of the
    # document's visible characters... A quarter, because a list-shaped page
    # (a recipe's ingredients, no prose) can lose all but one line to the line
    # model; on the dev set 0.05 and 0.25 roll back the same single page.
    guard_min_kept_share: float = 0.25
    # ...and fewer than this many characters. Both must hold, so a short
    # article under a huge menu is still cut out of it.
    guard_min_kept_chars: int = 200
    # Cleaning repeats on its own output until a pass removes nothing, so
    # that cleaning clean text is a no-op. The line model can peel a long
    # list one line per pass (devset: 1 pass for half the pages, at most 29);
    # a page still changing after this many is left as the last pass made it,
    # and its audit header says so.
    max_passes: int = 64

    # A text longer than this many characters is cleaned in parts of about
    # this size, each a run of whole paragraphs judged as a page of its own:
    # the largest dev-set page has 106,000 characters, so a longer text is
    # pages saved one after another, and page-wide evidence (position,
    # repetition, language) means nothing across all of them. Parts of a
    # million characters lost more of such a dump's articles (the dev set's
    # pages as one file, tests/test_eval_gate.py: kept 0.888 against 0.914
    # at this size, with the line model of 2026-11-22; smaller parts, cut
    # inside pages, kept more but removed less) and took longer: a part is
    # cleaned again whole for every pass any line of it needs (10 MB of
    # pages, --jobs 2: 17.7 s against 13.7 s).
    part_max_chars: int = 250_000
    # Inside such a text, a part also ends where a saved page does: after
    # the paragraph of a copyright line ("© 2021 Example GmbH", "Copyright
    # 2020 …"), the footer most pages close with, once the part has at least
    # `part_min_chars` (so a credit "© dpa" under a page's first picture does
    # not make a part of its own; one further down an article still cuts it).
    # The dev set's pages as one file: kept 0.934, removed 0.760 with these
    # cuts, 0.914 / 0.759 with cuts by size alone (line model of 2026-11-22;
    # 0.945 / 0.741 with these cuts and the model after it). The price, on
    # one long article (600,000 characters of dev-set article paragraphs
    # with a "© Reuters" line after every fourth): 1,130 of its 1,156
    # paragraphs kept, against 1,140 with cuts by size alone. A larger minimum pays less
    # there and gains less on the dump (20,000: 1,142 paragraphs; dump kept
    # 0.924, removed 0.764); a text this long is far more often pages saved
    # one after another than one article.
    part_page_end: str = r"(?im)^[ \t]*(?:©|\(c\)|copyright\b).*$"
    part_min_chars: int = 3000

    # A text is judged as Markdown (cleaner.markdown) when it holds at least
    # this many inline links or images, "[words](target)": plain text never
    # writes them (none of the dev set's 680 html-text pages has one), and a
    # Markdown page of any length has several, in its menus if nowhere else.
    markdown_min_links: int = 2

    # A text whose lines longer than this many characters hold at least this
    # share of it is read a sentence to a line (cleaner.sentences): its line
    # breaks were lost on its way. On the dev set's html-text pages such
    # lines hold at most 0.66 of a page (of its 659 pages over 2,000
    # characters); the same pages with their whitespace collapsed (bs4's
    # get_text(" ")), 0.77 or more for 95% of them.
    sentence_lines_min_chars: int = 1000
    sentence_lines_min_share: float = 0.75

    # Blank lines left in a row after removals; more are tidied away.
    max_blank_lines: int = 1

    # Language: decided from lines of at least this many words (menus and
    # buttons are English on pages of every language)...
    language_min_words: int = 8
    # ...unless they hold fewer words than this, then from all lines.
    language_min_tokens: int = 20
    # A common language whose stopwords are this share of those words is
    # accepted without reading the other ~90 stoplists (devset: the right
    # language scores 0.3-0.5, the runner-up below 0.15).
    language_confident_share: float = 0.2

    # The line model keeps a line when it gives it at least this probability
    # of being article text (its second stage's). Chosen by 5-fold
    # cross-validation on the dev set (tools/train_line_model.py cleans each
    # held-out page with the whole pipeline and a model that never saw it) as
    # the highest threshold whose held-out pages keep at least 0.96 of the
    # article. With the model and rules of 2026-11-23 (ridge 300) that was
    # 0.21: 0.960 / 0.846 / 0.899 (0.22: 0.959 / 0.851 / 0.902). Sentences
    # broken at their links, joined since (cleaner.unwrap), keep more: the
    # same folds' models, cleaning with the joins, score 0.962 / 0.842 /
    # 0.898 at 0.21 and 0.961 / 0.847 / 0.901 at 0.22, hence 0.22. (Trained
    # on the joined lines, the models kept less: 0.960 / 0.844 / 0.898 at
    # 0.20, 0.957 kept at 0.22; so the shipped model was not retrained.) The
    # whole dev set with the shipped model scores 0.965 / 0.865 / 0.912
    # here, every language within 0.05 of the whole.
    line_model_threshold: float = 0.22

    # HTML input (cleaner.htmlmode). Each default below was chosen on the
    # dev set in HTML mode as the value with the best hmean among those that
    # keep kept >= 0.95; the figures are kept / removed / hmean with every
    # other setting at its default (defaults: 0.954 / 0.908 / 0.931).
    # trafilatura's trade-off: "balanced", "precision" (0.941 / 0.928 /
    # 0.934: more junk goes, but too much article with it) or "recall"
    # (0.952 / 0.905 / 0.928)...
    html_focus: str = "balanced"
    # ...whether the comments under an article count as main content (with
    # them: 0.955 / 0.898 / 0.926; the dev set does not score comment text,
    # but counts the chrome around comments as junk)...
    html_comments: bool = False
    # ...and whether tables do (without them: 0.948 / 0.910 / 0.929).
    html_tables: bool = True
    # trafilatura runs in its fast mode first, and again with its fallback
    # extractors (readability, jusText; twice the time) only when the fast
    # verdict keeps fewer than this many characters and less than this share
    # of the page: 27 of 680 dev-set pages. Fast mode alone: 0.941 / 0.909 /
    # 0.925. The thorough mode on every page kept no more (0.952 against
    # 0.954, before RL004) and took 1.4 times as long over the dev set.
    html_thorough_below_chars: int = 1000
    html_thorough_below_share: float = 0.1
    # Prose lines above trafilatura's main content are kept as the article's
    # lead, looking up past at most this many other lines in a row (0: 0.945
    # / 0.909 / 0.927; 8: 0.958 / 0.905 / 0.931).
    html_lead_gap_lines: int = 3
    # Seconds a page may take to be parsed, laid out and judged by
    # trafilatura before it is given up as an error of that document (0: no
    # limit).
    html_time_limit: float = 30.0


DEFAULT = Config()
