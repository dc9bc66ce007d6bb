"""`cleaner clean --jsonl`: corpus records in, cleaned records and their audit out."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from cleaner import audit

from .conftest import SEEDS
from .test_cli import run, run_with_input_limit

PAGES = sorted(SEEDS.glob("*.txt"))


def corpus_lines(count: int) -> list[str]:
    return [
        json.dumps(
            {"url": f"https://example.org/{i}", "id": f"doc-{i}", "text": PAGES[i % len(PAGES)].read_text(encoding="utf-8"), "meta": {"n": i}},
            ensure_ascii=False,
        )
        for i in range(count)
    ]


def write_corpus(path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def records(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_the_text_field_is_cleaned_and_every_other_field_kept(tmp_path):
    corpus, out, log = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "audit.jsonl"
    lines = corpus_lines(4)
    write_corpus(corpus, lines)
    result = run("clean", "--jsonl", corpus, "-o", out, "--id-field", "id", "--audit", log)
    assert result.returncode == 0, result.stderr
    assert "4 records" in result.stderr.decode()
    cleaned, originals = records(out.read_bytes()), [json.loads(line) for line in lines]
    assert len(cleaned) == 4
    logged = records(log.read_bytes())
    for before, after in zip(originals, cleaned):
        assert list(after) == list(before), "fields keep their order"
        assert {k: v for k, v in after.items() if k != "text"} == {k: v for k, v in before.items() if k != "text"}
        assert after["text"] == run("clean", stdin=before["text"].encode()).stdout.decode()
        removals = [r for r in logged if r["type"] == "removal" and r["doc"] == before["id"]]
        assert audit.restore(after["text"], removals) == before["text"]
    assert [r["doc"] for r in logged if r["type"] == "document"] == ["doc-0", "doc-1", "doc-2", "doc-3"]


def test_without_an_id_field_records_are_named_by_file_and_line(tmp_path):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, corpus_lines(2))
    result = run("clean", "--jsonl", corpus, "-o", tmp_path / "out.jsonl", "--audit", "-")
    headers = [r for r in records(result.stdout) if r["type"] == "document"]
    assert [h["doc"] for h in headers] == [f"{corpus}:1", f"{corpus}:2"]


def test_a_custom_text_field(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"body": PAGES[2].read_text(encoding="utf-8"), "text": "untouched"}) + "\n", encoding="utf-8")
    result = run("clean", "--jsonl", corpus, "--text-field", "body")
    [record] = records(result.stdout)
    assert record["text"] == "untouched" and "Related Posts" not in record["body"]


BAD = {
    2: ("{not json", "not JSON"),
    3: ('{"id": "no-text", "body": "x"}', "has no 'text' field"),
    4: ("[1, 2]", "not a JSON object"),
    5: ('{"id": "n", "text": 7}', "'text' field is a number"),
    7: ('{"id": ["a"], "text": "Some words."}', "'id' field is an array"),
}


@pytest.mark.parametrize("on_error", ["skip", "pass"])
def test_malformed_lines_are_named_by_line_and_skipped_or_passed_through(tmp_path, on_error):
    good = corpus_lines(3)
    lines = [good[0], BAD[2][0], BAD[3][0], BAD[4][0], BAD[5][0], good[1], BAD[7][0], "", good[2]]
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, lines)
    args = ("--on-error", on_error) if on_error == "pass" else ()
    result = run("clean", "--jsonl", corpus, "--id-field", "id", *args)
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    for number, (_, message) in BAD.items():
        [line] = [e for e in errors if f"{corpus}:{number}:" in e]
        assert message in line and ("passed through" if on_error == "pass" else "skipped") in line
    assert "8 records" in errors[-1] and "5 failed" in errors[-1], "blank lines are not records"
    output = result.stdout.decode().splitlines()
    if on_error == "skip":
        assert [json.loads(line)["id"] for line in output] == ["doc-0", "doc-1", "doc-2"]
    else:
        expected = [None, *(BAD[n][0] for n in (2, 3, 4, 5)), None, BAD[7][0], None]
        assert len(output) == len(expected)
        for line, original in zip(output, expected):
            if original is not None:
                assert line == original


def test_gzip_in_and_out_and_the_same_bytes_every_time(tmp_path):
    plain = tmp_path / "in.jsonl"
    write_corpus(plain, corpus_lines(3))
    zipped = tmp_path / "in.jsonl.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    reference = run("clean", "--jsonl", plain)
    for attempt in (1, 2):
        out = tmp_path / f"out{attempt}.jsonl.gz"
        result = run("clean", "--jsonl", zipped, "-o", out)
        assert result.returncode == 0, result.stderr
        assert gzip.decompress(out.read_bytes()) == reference.stdout
    assert (tmp_path / "out1.jsonl.gz").read_bytes() == (tmp_path / "out2.jsonl.gz").read_bytes()
    piped = run("clean", "--jsonl", stdin=zipped.read_bytes())
    assert piped.returncode == 0 and piped.stdout == reference.stdout


def test_output_and_audit_do_not_depend_on_jobs(tmp_path):
    corpus = tmp_path / "in.jsonl"
    lines = corpus_lines(10)
    lines.insert(4, "{broken")
    write_corpus(corpus, lines)
    results = {}
    for jobs in (1, 2, 3):
        out, log = tmp_path / f"out{jobs}.jsonl", tmp_path / f"audit{jobs}.jsonl"
        result = run("clean", "--jsonl", corpus, "-o", out, "--audit", log, "--jobs", jobs, "--on-error", "pass")
        assert result.returncode == 1
        results[jobs] = (out.read_bytes(), log.read_bytes())
    assert results[1] == results[2] == results[3]


def test_a_lone_surrogate_survives_as_an_escape(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text('{"text": "The council met on Tuesday \\ud800 and voted."}\n', encoding="utf-8")
    result = run("clean", "--jsonl", corpus, "-o", tmp_path / "out.jsonl", "--audit", tmp_path / "a.jsonl")
    assert result.returncode == 0, result.stderr
    [record] = records((tmp_path / "out.jsonl").read_bytes())
    assert record["text"] == "The council met on Tuesday \ud800 and voted."
    assert records((tmp_path / "a.jsonl").read_bytes())[0]["chars"] == len(record["text"])


@pytest.mark.parametrize(
    "args, message",
    [
        (("clean", "--text-field", "body", SEEDS / "expected.json"), "add --jsonl"),
        (("clean", "--jsonl", SEEDS), "not a folder"),
        (("clean", "--jsonl", PAGES[0], PAGES[1]), "one file"),
        (("clean", "--jsonl", "--audit", "-"), "need -o"),
        (("clean", "--jsonl", "--diff"), "does not combine with --jsonl"),
        (("clean", "--jsonl", "--format", "html"), "--format html does not apply"),
    ],
)
def test_jsonl_usage_errors_exit_2(args, message):
    result = run(*args, stdin=b"")
    assert result.returncode == 2 and message in result.stderr.decode()


def test_the_input_is_never_overwritten(tmp_path):
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, corpus_lines(1))
    before = corpus.read_bytes()
    result = run("clean", "--jsonl", corpus, "-o", corpus)
    assert result.returncode == 2 and b"overwrite the input" in result.stderr
    assert corpus.read_bytes() == before


def test_an_interrupted_run_writes_nothing(tmp_path):
    corpus, out, log = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "audit.jsonl"
    # Enough records that the run cannot end within the second below, even
    # when every repeated page is a memo hit.
    write_corpus(corpus, corpus_lines(2000))
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "--jsonl", corpus, "-o", out, "--audit", log, "-j", "2"],
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1)  # into the records
    assert process.poll() is None, "the run ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert b"nothing was written" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("id_args", [("--id-field", "id"), ()], ids=["by id", "by line"])
def test_restore_rebuilds_the_corpus_and_review_shows_its_context(tmp_path, id_args):
    corpus, out, log, back = tmp_path / "in.jsonl", tmp_path / "out.jsonl.gz", tmp_path / "audit.jsonl", tmp_path / "back.jsonl"
    lines = corpus_lines(5)
    lines.insert(2, "not json")  # passed through: the log has no document for it
    write_corpus(corpus, lines)
    assert run("clean", "--jsonl", corpus, "-o", out, *id_args, "--audit", log, "--on-error", "pass").returncode == 1
    restored = run("restore", out, "--audit", log, *id_args, "-o", back)
    assert restored.returncode == 0, restored.stderr
    assert "restored 5 record(s)" in restored.stderr.decode()
    rebuilt = back.read_text(encoding="utf-8").splitlines()
    assert rebuilt[2] == "not json" and [json.loads(x) for x in rebuilt[:2] + rebuilt[3:]] == [json.loads(x) for x in lines[:2] + lines[3:]]
    shown = run("review", log, "--clean", out, *id_args, "--category", "comments")
    assert shown.returncode == 0 and shown.stdout and not shown.stderr, shown.stderr
    assert b"  line " in shown.stdout  # the span placed in its rebuilt input, with its context


def test_restore_leaves_out_a_record_whose_text_does_not_match(tmp_path):
    corpus, out, log, back = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "audit.jsonl", tmp_path / "back.jsonl"
    write_corpus(corpus, corpus_lines(3))
    run("clean", "--jsonl", corpus, "-o", out, "--id-field", "id", "--audit", log)
    edited = records(out.read_bytes())
    edited[1]["text"] += "an edit after cleaning"
    out.write_text("".join(json.dumps(r) + "\n" for r in edited), encoding="utf-8")
    restored = run("restore", out, "--audit", log, "--id-field", "id", "-o", back)
    assert restored.returncode == 1 and "doc-1" not in back.read_text(encoding="utf-8")
    assert "out.jsonl:2" in restored.stderr.decode() and "does not match" in restored.stderr.decode()


@pytest.mark.parametrize("on_error", ["skip", "pass"])
def test_a_line_too_long_to_take_is_named_and_skipped_and_the_rest_cleaned(tmp_path, on_error):
    """With the limit lowered to a record's size: a line longer than it (a
    file with no line breaks, given as JSON Lines) is read no further, and
    cannot be passed through, since it was never held."""
    good = corpus_lines(3)
    limit = max(len(line.encode("utf-8")) for line in good) + 10
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, [good[0], "x" * (3 * limit), good[1], "y" * limit, good[2]])
    result = run_with_input_limit(limit, "clean", "--jsonl", corpus, "--id-field", "id", "--on-error", on_error, module="cleaner.jsonl")
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    assert f"cleaner: {corpus}:2: longer than the {limit} bytes a record may take; skipped" in errors
    [at_limit] = [e for e in errors if f"{corpus}:4:" in e]
    assert "not JSON" in at_limit, "a line of exactly the limit is read and judged"
    output = result.stdout.decode().splitlines()
    assert [json.loads(line)["id"] for line in output if line.startswith("{")] == ["doc-0", "doc-1", "doc-2"]
    assert "xxxxxxxxxx" not in result.stdout.decode()


@pytest.mark.parametrize("on_error", ["skip", "pass"])
def test_a_record_whose_worker_dies_is_named_and_the_rest_cleaned(tmp_path, on_error):
    from .test_batch import run_with_dying_workers

    lines = corpus_lines(8)
    corpus = tmp_path / "in.jsonl"
    write_corpus(corpus, lines)
    args = ("--on-error", on_error) if on_error == "pass" else ()
    clean = ("clean", "--jsonl", corpus, "--id-field", "id", "--jobs", "2", *args)
    result = run_with_dying_workers("cleaner.jsonl", "clean_line", "args[1].number == 4", *clean)
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    fate = "passed through unchanged" if on_error == "pass" else "skipped"
    assert f"cleaner: {corpus}:4: its worker process ended abruptly (killed, or out of memory); {fate}" in errors
    assert "8 records" in errors[-1] and "1 failed" in errors[-1]
    alive = run(*clean).stdout.decode().splitlines()
    expected = alive[:3] + ([lines[3]] if on_error == "pass" else []) + alive[4:]
    assert result.stdout.decode().splitlines() == expected
