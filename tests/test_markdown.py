"""Markdown input (cleaner.markdown): judged by its words, cleaned as Markdown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import audit, audited, markdown
from cleaner.pipeline import clean
from cleaner.removal import Removal

from .conftest import FIXTURES
from .test_heuristics import ARTICLE

# A news page as html2text saves one: a linked logo, a menu of links with
# titles, a heading mark, an escaped full stop, the article wrapped at 78
# columns counting its link targets, a photo, a comment form, a footer.
PAGE = (FIXTURES / "markdown" / "council-budget.md").read_text(encoding="utf-8")
BODY = PAGE.split("\n\n")[4]  # the wrapped paragraph with a link and **emphasis**


def _restore(cleaned, context) -> str:
    """The input, rebuilt from the clean text and the audit log (as `cleaner restore` does)."""
    header, *removals = audit.records("page.md", cleaned, "text", context.digest)
    return audited.rebuild(header, removals, cleaned.output)


def test_the_view_keeps_the_words_and_drops_the_markup():
    view = markdown.read(PAGE, min_links=2).view
    assert "Home\n" in view and "https://" not in view and "](" not in view
    assert "The council approves the budget" in view and "#" not in view
    assert "17. March 2024" in view and "additional money," in view and "**" not in view
    assert "logo.png" not in view and "photo.jpg" not in view


def test_a_hard_wrapped_paragraph_is_one_line_of_the_view():
    view = markdown.read(PAGE, min_links=2).view
    # html2text broke it at 78 columns counting the link target; the view's line holds it whole.
    assert f"{ARTICLE[0]} Schools will receive most of the additional money, the mayor said. {ARTICLE[2]}" in view.splitlines()


def test_the_view_drops_every_emphasis_html2text_writes_and_nothing_else():
    links = "[Home](https://example.org/) [News](https://example.org/news_2024/_latest_)\n\n"
    page = links + (
        "### _Ähnliche Beiträge_\n\n"  # <em> in a heading
        "####  __Das könnte Dich auch interessieren …\n\n"  # an empty <i> (an icon) before the words
        "  * ## Kategorien\n\n"  # a heading inside a list item
        "**Als spezialisierte Anwälte wird die Kanzlei\nfür Sie tätig.** Danach mehr.\n\n"  # <b> wrapped at 78 columns
        "_Czytaj też:[Wyścig zbrojeń ruszył z\nkopyta](https://example.pl/swiat/a_b.read)_\n\n"
        "Keep snake_case_name, 2 * 3 * 4 and *this*.\n"
    )
    view = markdown.read(page, min_links=2).view
    assert view.splitlines()[2:] == [
        "Ähnliche Beiträge",
        "",
        "Das könnte Dich auch interessieren …",
        "",
        "  * Kategorien",
        "",
        "Als spezialisierte Anwälte wird die Kanzlei für Sie tätig. Danach mehr.",
        "",
        "Czytaj też:Wyścig zbrojeń ruszył z kopyta",
        "",
        "Keep snake_case_name, 2 * 3 * 4 and this.",
    ]


def test_a_related_heading_in_emphasis_goes_by_the_rule_that_names_it(context):
    teasers = "\n".join(f"  * [Teaser headline number {n}](https://example.org/post-{n}/)" for n in range(1, 5))
    page = PAGE.replace("### Leave a Reply", f"### _Related Posts_\n\n{teasers}\n\n### Leave a Reply", 1)
    cleaned = clean(page, context)
    assert "Related Posts" not in cleaned.output and "Teaser headline" not in cleaned.output
    # The log says what it was, not only that it looked out of place.
    heading = page.index("### _Related Posts_")
    assert any(r.rule == "RL001" and r.start <= heading < r.end for r in cleaned.removals)
    assert BODY in cleaned.output
    assert _restore(cleaned, context) == page


def test_text_with_fewer_links_is_not_read_as_markdown():
    tags = "# Bitcoin\n# Kryptowährungen\n\n" + "\n\n".join(ARTICLE) + "\nSee [the report](https://example.org/r).\n"
    assert markdown.read(tags, min_links=2) is None
    assert markdown.read(tags + "[More](https://example.org/more)\n", min_links=2) is not None


def test_a_markdown_page_loses_its_menus_and_forms_as_whole_lines(context):
    cleaned = clean(PAGE, context)
    assert cleaned.notes[0].startswith("read as Markdown")
    # The article stays as Markdown, its link and emphasis untouched.
    assert BODY in cleaned.output and ARTICLE[3] in cleaned.output
    assert "[Schools](https://example.org/news/2024/schools-get-most-of-" in cleaned.output
    # The menu and the footer go with their markup: no bullet, bracket or target left behind.
    for gone in ("Politics", "example.org/politics", "Leave a Reply", "Impressum", "logo.png", "feed/"):
        assert gone not in cleaned.output, gone
    assert "  * \n" not in cleaned.output


def test_the_audit_of_a_markdown_page_rebuilds_it(context):
    cleaned = clean(PAGE, context)
    assert _restore(cleaned, context) == PAGE


def test_a_removal_that_takes_a_links_words_takes_the_link():
    text = "Some words here and there.\nRead [the whole story](https://example.org/a-long/path) now.\n[x](https://example.org/x)\n"
    page = markdown.read(text, min_links=2)
    words = page.view.index("the whole story")
    removal = Removal(words, words + len("the whole story"), "XX001", "test.x", "promo", "test", "test")
    mapped = page.onto_text(removal)
    assert text[mapped.start : mapped.end] == "[the whole story](https://example.org/a-long/path)"


def test_a_removal_from_a_line_start_takes_its_bullet_and_heading_mark():
    text = "  * [Home](https://example.org/)\n## Related posts\n[x](https://example.org/x)\n"
    page = markdown.read(text, min_links=2)
    line = page.view.index("Related posts")
    mapped = page.onto_text(Removal(line, line + len("Related posts\n"), "XX001", "test.x", "related", "test", "test"))
    assert text[mapped.start : mapped.end] == "## Related posts\n"
    home = page.view.index("Home")
    mapped = page.onto_text(Removal(0, home + len("Home\n"), "XX001", "test.x", "page-chrome", "test", "test"))
    assert text[mapped.start : mapped.end] == "  * [Home](https://example.org/)\n"


def test_an_image_between_kept_paragraphs_stays(context):
    page = "\n\n".join(
        [
            ARTICLE[0] + " [More](https://example.org/more).",
            ARTICLE[1],
            "![](https://example.org/chart.png)",
            ARTICLE[2] + " [Source](https://example.org/source).",
            ARTICLE[3],
        ]
    ) + "\n"
    cleaned = clean(page, context)
    assert "![](https://example.org/chart.png)" in cleaned.output
    assert not any(r.rule == "MD001" for r in cleaned.removals)


_PIECES = st.sampled_from(
    [
        "[Home](https://example.org/)",
        "![](https://example.org/i.png)",
        "**bold words**",
        "## Heading",
        "\\.",
        "  * ",
        "\n",
        "\n\n",
        " ",
        "Impressum",
        "Leave a Reply",
        ARTICLE[0],
        "[wrapped\nlink](https://example.org/long-\npath)",
        "[](x)",
        "[",
        "](",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30))
def test_any_markdown_rebuilds_from_its_audit(context, pieces):
    text = "".join(pieces)
    cleaned = clean(text, context)
    assert _restore(cleaned, context) == text


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30))
def test_cleaning_a_markdown_texts_output_again_changes_nothing(context, pieces):
    once = clean("".join(pieces), context)
    assert clean(once.output, context).removals == ()


def test_a_bare_link_left_among_removed_chrome_goes_in_the_same_clean(context):
    # The print button's link has no words; it is stranded only once the
    # chrome around it is gone, which the first pass over the view decides.
    page = "\n\n".join(
        [
            "[Home](/) | [News](/news) | [Sport](/sport)",
            "# Council passes budget",
            '[ ](javascript:void\\(0\\); "Drucken")',
            "Vollbildansicht öffnen Vollbildansicht schließen",
            *ARTICLE,
            "[Impressum](/impressum) [Datenschutz](/datenschutz)",
        ]
    ) + "\n"
    once = clean(page, context)
    assert clean(once.output, context).removals == ()
    assert all(paragraph in once.output for paragraph in ARTICLE)


def test_a_link_wrapped_inside_a_heading_is_one_line_and_goes_whole():
    text = "[a](https://e.org/a) [b](https://e.org/b)\n\n### [Related: When to Go\nNative?](https://e.org/native-\napps)\n\nBody.\n"
    page = markdown.read(text, min_links=2)
    assert "Related: When to Go Native?\n" in page.view
    start = page.view.index("Related")
    mapped = page.onto_text(Removal(start, start + len("Related: When to Go Native?\n"), "XX001", "t.x", "related", "t", "t"))
    assert text[mapped.start : mapped.end] == "### [Related: When to Go\nNative?](https://e.org/native-\napps)\n"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_no_removal_cuts_a_construct_in_two(data):
    page = markdown.read(PAGE, min_links=2)
    start = data.draw(st.integers(0, len(page.view) - 1))
    end = data.draw(st.integers(start + 1, len(page.view)))
    mapped = page.onto_text(Removal(start, end, "XX001", "t.x", "promo", "t", "t"))
    if mapped is None:
        return
    for construct in page.constructs:
        outside = construct.end <= mapped.start or mapped.end <= construct.start
        assert outside or mapped.start <= construct.start and construct.end <= mapped.end, (construct, mapped)
