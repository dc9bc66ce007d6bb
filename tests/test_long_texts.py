"""A text too long to be one page is cleaned in parts (config.part_max_chars)."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import batch
from cleaner.apply import TIDY_RULE
from cleaner.pipeline import clean, clean_part

from .conftest import SEEDS
from .test_heuristics import ARTICLE


def _page(number: int) -> str:
    return "\n".join(
        [
            "Home | News | Sport | Contact",
            f"Story number {number} of the day",
            "",
            "\n\n".join(ARTICLE),
            "",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "",
        ]
    )


@pytest.fixture
def small_parts(context):
    return dataclasses.replace(context, config=context.config._replace(part_max_chars=1500))


def test_a_long_text_is_cleaned_part_by_part_and_still_rebuilds(small_parts):
    text = "\n".join(_page(n) for n in range(12))
    cleaned = clean(text, small_parts)
    assert cleaned.notes[0].startswith("cleaned in ") and " parts " in cleaned.notes[0]
    rebuilt, position = [], 0
    for removal in cleaned.removals:
        assert text[removal.start : removal.end] and removal.start >= position
        rebuilt.append(text[position : removal.start])
        position = removal.end
    assert "".join(rebuilt) + text[position:] == cleaned.output
    # The last part's junk goes with its rule's name, like the first part's.
    last_reply = text.rindex("Leave a Reply")
    assert any(r.start <= last_reply < r.end and r.category == "comments" for r in cleaned.removals)
    assert cleaned.output.count(ARTICLE[0]) >= 1


def test_parts_join_as_their_paragraphs_did(small_parts):
    text = "\n\n".join((SEEDS / name).read_text(encoding="utf-8") for name in sorted(p.name for p in SEEDS.glob("*.txt")))
    assert len(text) > 3 * small_parts.config.part_max_chars
    cleaned = clean(text, small_parts)
    paragraphs_of: dict[str, set[int]] = {}
    for number, paragraph in enumerate(text.split("\n\n")):
        for line in paragraph.splitlines():
            paragraphs_of.setdefault(line, set()).add(number)
    for paragraph in cleaned.output.split("\n\n"):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        assert all(line in paragraphs_of for line in lines), "a part boundary joined two lines"
        assert not lines or set.intersection(*(paragraphs_of[line] for line in lines)), "a part boundary joined two paragraphs"
    assert "\n\n\n" not in cleaned.output and not cleaned.output.startswith("\n")


def test_a_text_within_the_limit_is_one_page(context):
    text = _page(1)
    assert not any("parts" in note for note in clean(text, context).notes)


def test_parts_cleaned_by_worker_processes_give_the_same_result(small_parts):
    """`cleaner clean BIG --jobs N` spreads one long text's parts over N workers."""
    settings = batch.Settings(config=small_parts.config)

    def clean_parts(texts, count):
        return batch.run(clean_part, batch.chunks(texts, 1), settings, small_parts, workers=min(2, count))

    text = "\n".join(_page(n) for n in range(12))
    in_order = clean(text, small_parts)
    spread = clean(text, small_parts, clean_parts=clean_parts)
    assert " parts " in in_order.notes[0] and spread == in_order



def _recording(context, parts: list[str], counts: list[int]):
    """A PartsCleaner that cleans in this process and keeps what it was given."""

    def clean_parts(texts, count):
        assert iter(texts) is texts, "the parts' texts come one at a time, not as a list"
        counts.append(count)
        for part in texts:
            parts.append(part)
            yield clean_part(part, context)

    return clean_parts


def test_parts_are_cut_from_the_text_only_as_they_are_cleaned(small_parts):
    """A list of every part's text would be a second copy of a text of any
    size (issue 6: a 100 MB file must not run out of memory)."""
    text = "\n".join(_page(n) for n in range(12))
    parts, counts = [], []
    assert clean(text, small_parts, clean_parts=_recording(small_parts, parts, counts)) == clean(text, small_parts)
    assert "".join(parts) == text and counts == [len(parts)] and len(parts) > 3


def test_a_long_texts_removals_are_its_parts_moved_to_their_offsets(small_parts):
    """Each part is cleaned as a page of its own; only the blank lines are
    tidied over the whole (rule WS001), where the parts join."""
    text = "\n".join(_page(n) for n in range(12))
    parts: list[str] = []
    cleaned = clean(text, small_parts, clean_parts=_recording(small_parts, parts, []))
    expected, offset = [], 0
    for part in parts:
        removals = [r for r in clean(part, small_parts).removals if r.rule != TIDY_RULE]
        expected += [(r.start + offset, r.end + offset, r.rule, r.reason) for r in removals]
        offset += len(part)
    assert [(r.start, r.end, r.rule, r.reason) for r in cleaned.removals if r.rule != TIDY_RULE] == expected


def test_a_dump_is_cut_where_each_saved_page_ends(context):
    """Pages saved one after another: a part ends after the paragraph of a
    page's copyright footer, so each part is one page and judged as one. A
    photo credit ("© Reuters") near a part's start is no page's end."""
    config = context.config._replace(part_max_chars=4 * len(_page(0)), part_min_chars=200)
    dump = dataclasses.replace(context, config=config)
    pages = [
        _page(n).replace("of the day\n", "of the day\n© Reuters\n")
        + f"\n© 2024 Example Site {n}. All rights reserved.\nImpressum | Datenschutz\n\n"
        for n in range(8)
    ]
    parts: list[str] = []
    cleaned = clean("".join(pages), dump, clean_parts=_recording(dump, parts, []))
    assert len(parts) == len(pages)
    for number, part in enumerate(parts):
        assert part.count("Story number") == 1 and f"Story number {number} " in part
        assert part.rstrip("\n").endswith("All rights reserved.\nImpressum | Datenschutz")
    assert cleaned.output.count(ARTICLE[0]) == len(pages)


def test_a_long_text_whose_part_kills_its_worker_is_named_as_failed(tmp_path, context):
    from .test_batch import run_with_dying_workers

    big = tmp_path / "big.txt"
    page = _page(0) + "\n"
    big.write_text(page * (context.config.part_max_chars // len(page) + 2), encoding="utf-8")
    result = run_with_dying_workers("cleaner.pipeline", "clean_part", "True", "clean", big, "-o", tmp_path / "out.txt", "--jobs", "2")
    assert result.returncode == 1
    message = "its worker process ended abruptly (killed, or out of memory); skipped"
    assert result.stderr.decode().splitlines() == [f"cleaner: {big}: a part of it: {message}"]
    assert not (tmp_path / "out.txt").exists()
