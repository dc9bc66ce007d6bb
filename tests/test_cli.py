"""The command line as users run it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import pytest

from cleaner import audit

from .conftest import SEEDS

SEED = SEEDS / "002_c125226936afd0cc.txt"


def run(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )


def read_audit(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def test_stdin_to_stdout_equals_the_file_to_stdout():
    piped = run("clean", stdin=SEED.read_bytes())
    named = run("clean", SEED)
    dash = run("clean", "-", stdin=SEED.read_bytes())
    assert piped.returncode == named.returncode == dash.returncode == 0
    assert piped.stdout == named.stdout == dash.stdout
    assert b"Related Posts" not in piped.stdout and b"He did not provide specific details." in piped.stdout
    assert piped.stderr == b""


def test_a_folder_is_mirrored_with_an_audit_log_that_replays(tmp_path):
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_bytes(SEED.read_bytes())
    (source / "sub" / "b.txt").write_bytes((SEEDS / "003_bc4d3fc0c37c5938.txt").read_bytes())
    out = tmp_path / "out"
    result = run("clean", source, "-o", out, "--audit", tmp_path / "audit.jsonl")
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.txt", "sub/b.txt"]
    records = read_audit(tmp_path / "audit.jsonl")
    headers = [r for r in records if r["type"] == "document"]
    assert [h["doc"] for h in headers] == ["a.txt", "sub/b.txt"]
    for header in headers:
        removals = [r for r in records if r["type"] == "removal" and r["doc"] == header["doc"]]
        rebuilt = audit.restore((out / header["doc"]).read_text(encoding="utf-8"), removals)
        assert rebuilt == (source / header["doc"]).read_text(encoding="utf-8")
        assert audit.sha256(rebuilt) == header["sha256"]
        assert {"cleaner", "ruleset", "format", "chars", "language"} <= header.keys()


def test_output_does_not_depend_on_jobs(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for i in range(12):
        seed = sorted(SEEDS.glob("*.txt"))[i % 5]
        (source / f"page{i:02}.txt").write_bytes(seed.read_bytes())
    results = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        result = run("clean", source, "-o", out, "--audit", tmp_path / f"audit{jobs}.jsonl", "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        results[jobs] = (files, (tmp_path / f"audit{jobs}.jsonl").read_bytes())
    assert results[1] == results[2]


def test_bad_inputs_fail_alone_and_are_named(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_bytes(SEED.read_bytes())
    (source / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (source / "latin1.txt").write_bytes("Grüße aus Köln".encode("latin-1"))
    (source / "empty.txt").write_bytes(b"")
    (source / "gone.txt").symlink_to(tmp_path / "does-not-exist")
    out = tmp_path / "out"
    result = run("clean", source, "-o", out, "--audit", tmp_path / "audit.jsonl")
    assert result.returncode == 1
    errors = result.stderr.decode().strip().splitlines()
    for name in ("binary.txt", "latin1.txt", "empty.txt", "gone.txt"):
        assert sum(name in line for line in errors) == 1, errors
    assert (out / "good.txt").read_bytes() == run("clean", SEED).stdout
    assert sorted(p.name for p in out.iterdir()) == ["good.txt"]
    assert [r["doc"] for r in read_audit(tmp_path / "audit.jsonl") if r["type"] == "document"] == ["good.txt"]


def test_a_file_named_with_a_line_break_and_escape_fails_on_one_visible_line(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "bad\x1b[31m\nname.txt").write_bytes(b"")
    for args in (["clean", source, "-o", tmp_path / "out"], ["clean", source / "bad\x1b[31m\nname.txt"]):
        result = run(*args)
        assert result.returncode == 1
        errors = result.stderr.decode().splitlines()
        assert [line for line in errors if "is empty" in line] == [next(line for line in errors if "bad␛[31m␊name.txt" in line)]
        assert "\x1b" not in result.stderr.decode()


def test_a_page_with_stray_control_characters_is_cleaned_and_restores(tmp_path):
    page = SEED.read_bytes().replace(b"\n", b"\x00\x00\x1b\n", 1)
    (tmp_path / "page.txt").write_bytes(page)
    result = run("clean", tmp_path / "page.txt", "-o", tmp_path / "clean.txt", "--audit", tmp_path / "audit.jsonl")
    assert result.returncode == 0, result.stderr
    assert b"\x00" not in (tmp_path / "clean.txt").read_bytes() and b"\x1b" not in (tmp_path / "clean.txt").read_bytes()
    assert any(r.get("rule") == "BY027" for r in read_audit(tmp_path / "audit.jsonl"))
    restored = run("restore", tmp_path / "clean.txt", "--audit", tmp_path / "audit.jsonl")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == page


@pytest.mark.parametrize(
    "args, message",
    [
        (("clean", SEEDS), "need -o OUTDIR"),
        (("clean", "no-such-file.txt"), "no such file or folder"),
        (("clean", SEED, "--audit", "-"), "needs -o"),
        (("clean", SEED, "--rules", "no-such-dir"), "no such rule file or directory"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert result.stdout == b""


def test_the_input_is_never_overwritten(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(SEED.read_bytes())
    result = run("clean", page, "-o", page)
    assert result.returncode == 2 and b"overwrite the input" in result.stderr
    assert page.read_bytes() == SEED.read_bytes()


def test_the_audit_log_may_not_be_an_output(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(SEED.read_bytes())
    single = run("clean", tmp_path / "in" / "a.txt", "-o", tmp_path / "out.txt", "--audit", tmp_path / "out.txt")
    folder = run("clean", tmp_path / "in", "-o", tmp_path / "out", "--audit", tmp_path / "out" / "a.txt")
    for result in (single, folder):
        assert result.returncode == 2 and b"the output and the audit log must be different files" in result.stderr
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out").exists()


def test_output_folder_inside_the_input_folder_is_not_cleaned_again(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    first = run("clean", ".", "-o", "out", cwd=tmp_path)
    second = run("clean", ".", "-o", "out", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == ["a.txt", "out/a.txt"]


def test_audit_to_stdout_when_text_goes_to_a_file(tmp_path):
    result = run("clean", SEED, "-o", tmp_path / "clean.txt", "--audit", "-")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records[0]["type"] == "document" and records[0]["doc"] == str(SEED)
    assert any(r["rule"] == "RL001" for r in records[1:])


def test_a_user_rule_directory_and_ignore(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text(
        """
[[rule]]
id = "ZZ001"
name = "promo.al-jazeera"
category = "promo"
kind = "line"
why = "Test rule."
phrases = ["Al Jazeera was unable to verify the video."]
matches = ["Al Jazeera was unable to verify the video."]
keeps = ["Al Jazeera verified the video."]

[[rule.example]]
before = "A.\\nAl Jazeera was unable to verify the video.\\n"
after = "A.\\n"
""",
        encoding="utf-8",
    )
    added = run("clean", SEED, "--rules", rules)
    assert added.returncode == 0 and b"unable to verify" not in added.stdout
    ignored = run("clean", SEED, "--ignore", "RL001", "-o", tmp_path / "x.txt", "--audit", "-")
    rules_fired = {json.loads(line).get("rule") for line in ignored.stdout.decode().splitlines()}
    assert "RL001" not in rules_fired and "BY006" in rules_fired


def test_crlf_input_is_cleaned_and_logged_in_lf(tmp_path):
    page = tmp_path / "crlf.txt"
    page.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    result = run("clean", page)
    assert result.returncode == 0 and b"\r" not in result.stdout
    assert result.stdout == run("clean", SEED).stdout


def run_with_input_limit(limit: int, *args, stdin: bytes | None = None, module: str = "cleaner.document"):
    """The command line with `module`'s MAX_INPUT_BYTES lowered, so that a too large input is quick to make."""
    code = f"import {module} as m; m.MAX_INPUT_BYTES = {limit}; from cleaner.cli import app; app(prog_name='cleaner')"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], input=stdin, capture_output=True, timeout=300)


def test_too_large_an_input_is_refused_by_name_and_the_others_are_cleaned(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_bytes(SEED.read_bytes())
    (source / "huge.txt").write_bytes(SEED.read_bytes() * 3)
    limit = 2 * len(SEED.read_bytes())
    result = run_with_input_limit(limit, "clean", source, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert f"huge.txt: is {3 * len(SEED.read_bytes())} bytes, more than the {limit} this tool takes" in result.stderr.decode()
    assert (tmp_path / "out" / "a.txt").is_file() and not (tmp_path / "out" / "huge.txt").exists()


def test_too_large_a_stream_on_standard_input_is_refused_after_reading_one_byte_past_the_limit():
    limit = len(SEED.read_bytes())
    at_limit = run_with_input_limit(limit, "clean", stdin=SEED.read_bytes())
    assert at_limit.returncode == 0 and b"He did not provide specific details." in at_limit.stdout
    past = run_with_input_limit(limit, "clean", stdin=SEED.read_bytes() + b"\n")
    assert past.returncode == 1 and past.stdout == b""
    assert past.stderr.decode().strip().splitlines() == [f"cleaner: -: holds more than the {limit} bytes this tool takes"]


def test_a_named_pipe_inside_a_folder_is_named_and_skipped_not_waited_on(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(source / "pipe.txt")  # nobody writes to it: opening it would wait forever
    result = run("clean", source, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "pipe.txt: is a named pipe, not a regular file; skipped" in result.stderr.decode()
    assert (tmp_path / "out" / "a.txt").is_file() and not (tmp_path / "out" / "pipe.txt").exists()


def test_a_pipe_named_on_the_command_line_is_read_and_held_to_the_size_limit(tmp_path):
    """`cleaner clean <(curl ...)`: the shell names a pipe, which has no size to check first."""
    limit = len(SEED.read_bytes())
    code = f"import cleaner.document as m; m.MAX_INPUT_BYTES = {limit}; from cleaner.cli import app; app(prog_name='cleaner')"

    def through_a_pipe(extra: str):
        command = f"{shlex.quote(sys.executable)} -c {shlex.quote(code)} clean <(cat {shlex.quote(str(SEED))}{extra})"
        return subprocess.run(["bash", "-c", command], capture_output=True, timeout=300)

    at_limit = through_a_pipe("")
    assert at_limit.returncode == 0 and b"He did not provide specific details." in at_limit.stdout
    past = through_a_pipe("; echo")
    assert past.returncode == 1 and past.stdout == b""
    assert f"holds more than the {limit} bytes this tool takes" in past.stderr.decode()


def test_restore_refuses_too_large_a_clean_text_on_standard_input(tmp_path):
    log = tmp_path / "log.jsonl"
    clean = run("clean", SEED, "--audit", log).stdout
    result = run_with_input_limit(len(clean) - 1, "restore", "-", "--audit", log, stdin=clean)
    assert result.returncode == 1
    assert f"cleaner: standard input holds more than the {len(clean) - 1} bytes this tool takes" in result.stderr.decode()


@pytest.mark.parametrize(
    ("args", "commands"),
    [((), {"clean", "review", "stats", "restore", "rules"}), (("rules",), {"list", "explain", "test"})],
)
def test_the_command_list_gives_each_command_one_whole_line(args, commands):
    """A summary broken over several rows of the list reads as a fragment
    ("with or"); each command's first paragraph is one line for this."""
    result = run(*args, "--help")
    assert result.returncode == 0
    panel = result.stdout.decode().split("Commands")[1].split("╰")[0]
    rows = [line.strip("│ ").split()[0] for line in panel.splitlines()[1:] if line.strip("│ ")]
    assert rows and set(rows) == commands and len(rows) == len(commands)


def test_a_file_name_that_is_not_utf8_is_logged_restored_and_reviewed(tmp_path):
    """Scraped folders hold such names (a Latin-1 "café.txt"): the log writes
    the name's undecodable byte \\u-escaped, and restore gives the same bytes back."""
    source = tmp_path / "in"
    source.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (source / name).write_bytes(SEED.read_bytes())
    log = tmp_path / os.fsdecode(b"audit\xe9.jsonl")  # the report's title
    result = run("clean", source, "-o", tmp_path / "out", "--audit", log)
    assert result.returncode == 0, result.stderr
    assert {r["doc"] for r in read_audit(log)} == {name}
    (tmp_path / "restored").mkdir()
    restored = run("restore", tmp_path / "out", "--audit", log, "-o", tmp_path / "restored")
    assert restored.returncode == 0, restored.stderr
    assert (tmp_path / "restored" / name).read_bytes() == SEED.read_bytes()
    report = run("review", log, "--clean", tmp_path / "out", "--html", tmp_path / "report.html")
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "caf\\udce9.txt" in page and "<title>audit\ufffd.jsonl</title>" in page


FULL_DISK = "/dev/full"  # every write fails with ENOSPC, as on a full disk


@pytest.mark.skipif(not os.path.exists(FULL_DISK), reason="no /dev/full on this system")
@pytest.mark.parametrize("shape", ["one file", "a folder", "json lines"])
def test_an_audit_log_that_cannot_be_written_is_one_line_naming_it(tmp_path, shape):
    if shape == "one file":
        args = ("clean", SEED, "-o", tmp_path / "out.txt")
    elif shape == "a folder":
        (tmp_path / "in").mkdir()
        for name in ("a.txt", "b.txt"):
            (tmp_path / "in" / name).write_bytes(SEED.read_bytes())
        args = ("clean", tmp_path / "in", "-o", tmp_path / "out")
    else:
        corpus = tmp_path / "in.jsonl"
        corpus.write_text(json.dumps({"text": SEED.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
        args = ("clean", "--jsonl", corpus, "-o", tmp_path / "out.jsonl")
    result = run(*args, "--audit", FULL_DISK)
    assert result.returncode == 1
    errors = result.stderr.decode()
    assert "Traceback" not in errors and "╭" not in errors
    assert f"cleaner: {FULL_DISK}: No space left on device; the audit log was not written" in errors.splitlines()


@pytest.mark.skipif(not os.path.exists(FULL_DISK), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "shape, expected",
    [
        ("text to standard output", "cleaner: standard output: No space left on device"),
        ("text to a file", f"cleaner: {FULL_DISK}: No space left on device"),
        ("json lines to standard output", "cleaner: standard output: No space left on device"),
        ("json lines to a file", f"cleaner: {FULL_DISK}: No space left on device; nothing was written"),
        ("a folder's log to standard output", "cleaner: standard output: No space left on device"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_naming_it_not_the_input(tmp_path, shape, expected):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"text": SEED.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(SEED.read_bytes())
    args = {
        "text to standard output": ("clean", SEED),
        "text to a file": ("clean", SEED, "-o", FULL_DISK),
        "json lines to standard output": ("clean", "--jsonl", corpus),
        "json lines to a file": ("clean", "--jsonl", corpus, "-o", FULL_DISK),
        "a folder's log to standard output": ("clean", tmp_path / "in", "-o", tmp_path / "out", "--audit", "-"),
    }[shape]
    with open(FULL_DISK, "wb") as full:
        result = subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], stdout=full, stderr=subprocess.PIPE, timeout=300)
    assert result.returncode == 1
    errors = result.stderr.decode()
    assert "Traceback" not in errors and "╭" not in errors and str(corpus) not in errors
    assert expected in errors.splitlines()


@pytest.mark.parametrize("shape", ["text", "json lines"])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path, shape):
    # More than a pipe holds, so the writes meet the closed pipe.
    sentences = [f"Sentence number {i} of the article says something new about it." for i in range(3000)]
    if shape == "text":
        source = tmp_path / "long.txt"
        source.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        args = ("clean", source)
    else:
        source = tmp_path / "in.jsonl"
        source.write_text("".join(json.dumps({"id": i, "text": s}) + "\n" for i, s in enumerate(sentences)), encoding="utf-8")
        args = ("clean", "--jsonl", source)
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.read(10)
    process.stdout.close()  # as `| head -c 10` does
    errors = process.stderr.read().decode()
    assert process.wait(timeout=300) == 0, errors
    assert "Traceback" not in errors and "Broken pipe" not in errors and str(source) not in errors


def test_an_audit_log_that_cannot_be_created_is_one_line_naming_it(tmp_path):
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    log = tmp_path / "a file" / "audit.jsonl"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(SEED.read_bytes())
    for args in (("clean", SEED, "-o", tmp_path / "out.txt"), ("clean", tmp_path / "in", "-o", tmp_path / "out")):
        result = run(*args, "--audit", log)
        assert result.returncode == 1
        errors = result.stderr.decode()
        assert "Traceback" not in errors and "╭" not in errors
        named = [line for line in errors.splitlines() if line.startswith(f"cleaner: {log}: ")]
        assert named and named[0].endswith("; the audit log was not written")
