"""Reader comments known by their place in a thread (cleaner.detectors.threads)."""

from __future__ import annotations

import pytest

from cleaner.detectors import threads
from cleaner.pipeline import clean

ARTICLE = [
    "Wie man Tomaten richtig pflanzt",
    "Tomaten brauchen viel Sonne und einen nährstoffreichen Boden. Wer im Frühjahr die jungen Pflanzen setzt, "
    "sollte darauf achten, dass keine Nachtfröste mehr drohen.",
    "Beim Gießen gilt: lieber seltener, dafür gründlich. Die Blätter sollten dabei trocken bleiben, damit sich "
    "keine Pilzkrankheiten ausbreiten können.",
]
FIRST = "Toller Artikel, vielen Dank! Ich habe meine Tomaten letztes Jahr viel zu früh gesetzt und alle sind eingegangen."
SECOND = "Bei mir hat das Ausgeizen am meisten gebracht, seitdem ernte ich deutlich mehr Früchte als vorher."
FORM = ["Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert."]


def page(*thread: str) -> str:
    return "\n\n".join(ARTICLE + list(thread)) + "\n"


def only_the_article_left(text: str, context) -> set[tuple[str, str]]:
    """Cleans `text`, checks that the article alone is left, and says which rule took what."""
    cleaned = clean(text, context)
    assert cleaned.output == "\n\n".join(ARTICLE) + "\n"
    return {(r.rule, text[r.start : r.end].strip()) for r in cleaned.removals if r.category != "whitespace"}


@pytest.mark.parametrize(
    "thread, taken",
    [
        pytest.param(
            ["3 Gedanken zu „Wie man Tomaten richtig pflanzt“",
             "Maria sagt:\n12. März 2020 um 10:15 Uhr", FIRST, "Antworten",
             "Peter sagt:\n13. März 2020 um 08:02 Uhr", SECOND, "Antworten", *FORM],
            # The signature keeps its own rule; the reader's words are the comment.
            {("CT001", FIRST), ("CT001", SECOND), ("CM008", "Maria sagt:"),
             ("CM003", "3 Gedanken zu „Wie man Tomaten richtig pflanzt“")},
            id="signed with a header",
        ),
        pytest.param(
            ["2 Kommentare", "Sandra\n15. April 2019", FIRST, "Antworten", "stylegart\n22. April 2019", SECOND, "Antworten"],
            # A name has no rule of its own: the comment goes as one, from its name on.
            {("CT001", f"Sandra\n15. April 2019\n\n{FIRST}"), ("CT001", f"stylegart\n22. April 2019\n\n{SECOND}")},
            id="signed with a name over a date, after the counter and each reply",
        ),
    ],
)  # fmt: skip
def test_a_thread_goes_whole_and_the_article_stays(context, thread, taken):
    assert taken <= only_the_article_left(page(*thread), context)


def test_a_dated_comment_without_a_reply_button_ends_at_the_next_comment_or_the_form(context):
    text = page(
        "Comment by Anna — 17.07.2011 @ 13:04", FIRST,
        "Comment by Tom — 18.07.2011 @ 09:12", SECOND,
        "Leave a Reply",
    )
    assert {("CT001", FIRST), ("CT001", SECOND)} <= only_the_article_left(text, context)


def test_an_articles_own_byline_and_date_start_no_comment(context):
    """A date line counts as a comment's signature only right after a thread's
    counter, form heading or reply button: the article's dateline under its
    title is not one, even with a reply button further down."""
    text = "\n\n".join([ARTICLE[0], "Anna Schmidt\n12. März 2020", *ARTICLE[1:], "Antworten"]) + "\n"
    cleaned = clean(text, context)
    assert all(paragraph in cleaned.output for paragraph in ARTICLE[1:])
    assert not any(r.rule == "CT001" for r in cleaned.removals)


def test_quotes_between_undated_speaker_lines_stay(context):
    """ "Die Ministerin sagt:" reads like a comment header, but without a date
    a comment under it must end at a reply button; an interview's answers stay."""
    answer = "Wir haben das Geld für die Schulen bereitgestellt, und die Straßen kommen im nächsten Jahr an die Reihe."
    other = "Die Straßen sind in einem schlechten Zustand, und das weiß im Rathaus jeder, der morgens mit dem Rad fährt."
    text = page("Die Ministerin sagt:", answer, "Der Bürgermeister sagt:", other, *FORM)
    cleaned = clean(text, context)
    assert answer in cleaned.output and other in cleaned.output
    assert not any(r.rule == "CT001" for r in cleaned.removals)


def test_a_comment_longer_than_the_limit_is_left_to_the_other_detectors(context):
    lines = [f"Zeile {n} eines sehr langen Kommentars, der viel zu viele Absätze hat, um einer zu sein." for n in range(40)]
    text = page("2 Kommentare", "Sandra\n15. April 2019", *lines, "Antworten")
    limit = context.config.comment_max_lines
    assert len(lines) > limit
    cleaned = clean(text, context)
    assert not any(r.rule == "CT001" for r in cleaned.removals)
    shorter = page("2 Kommentare", "Sandra\n15. April 2019", *lines[:limit], "Antworten")
    assert any(r.rule == "CT001" for r in clean(shorter, context).removals)


def test_every_rule_a_thread_is_read_by_is_in_the_bundled_pack(context):
    names = {rule.name for rule in context.ruleset.rules}
    assert set(threads.ROLES) <= names
