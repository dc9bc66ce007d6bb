"""Folder batches as users run them: interrupted, rerun, forced, watched."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import incremental
from cleaner.pipeline import clean

from .conftest import SEEDS
from .test_cli import run

PAGES = sorted(SEEDS.glob("*.txt"))


def make_folder(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"page{i:03}.txt").write_bytes(PAGES[i % len(PAGES)].read_bytes())


@pytest.fixture(scope="module")
def expected(request):
    """The clean text of each seed page, as bytes, by the page's content."""
    from cleaner.pipeline import make_context

    context = make_context()
    return {page.read_bytes(): clean(page.read_text(encoding="utf-8"), context).output.encode() for page in PAGES}


def documents_in(audit_path: Path) -> list[str]:
    import json

    return [r["doc"] for r in map(json.loads, audit_path.read_text(encoding="utf-8").splitlines()) if r["type"] == "document"]


def start_batch(source: Path, out: Path, audit_path: Path, stderr: Path) -> subprocess.Popen:
    # Its own session, so the test can signal the whole group as a terminal's
    # Ctrl-C does; stderr to a file, which a lingering worker cannot hold open.
    with stderr.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "cleaner", "clean", source, "-o", out, "--audit", audit_path, "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=handle,
            start_new_session=True,
        )


def wait_for_outputs(process: subprocess.Popen, out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".")) >= count:
            return
        time.sleep(0.02)
    pytest.fail("the batch ended before it could be interrupted midway")


def living_in_group(group: int) -> list[int]:
    """Processes of a process group that still run (zombies awaiting their reaper do not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, NotADirectoryError):
            continue
        state, _, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            alive.append(int(entry.name))
    return alive


def group_ends(group: int) -> bool:
    deadline = time.monotonic() + 30
    while living_in_group(group):
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)
            return False
        time.sleep(0.1)
    return True


def check_outputs_whole(source: Path, out: Path, expected: dict) -> set[str]:
    """Every visible file in `out` is a complete output; leftovers are hidden temporaries."""
    finished = set()
    for path in out.iterdir():
        if path.name.startswith("."):
            assert path.name.endswith(".part"), path.name
            continue
        assert path.read_bytes() == expected[(source / path.name).read_bytes()], f"{path.name} is not whole"
        finished.add(path.name)
    return finished


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_an_interrupted_batch_leaves_only_whole_files_and_a_rerun_completes_it(tmp_path, expected, sig):
    source, out, audit_path = tmp_path / "in", tmp_path / "out", tmp_path / "audit.jsonl"
    count = 120
    make_folder(source, count)
    process = start_batch(source, out, audit_path, tmp_path / "stderr")
    wait_for_outputs(process, out, 3)
    if sig == signal.SIGINT:
        os.killpg(process.pid, sig)  # as a terminal's Ctrl-C does
    else:
        process.kill()  # the parent alone, as the OOM killer does: its workers must not linger
    process.wait(timeout=120)
    assert group_ends(process.pid), "worker processes outlived the batch"
    stderr = (tmp_path / "stderr").read_bytes()

    finished = check_outputs_whole(source, out, expected)
    assert 0 < len(finished) < count
    if sig == signal.SIGINT:
        assert process.returncode == 130
        assert b"interrupted" in stderr and b"run the same command again" in stderr
        assert not [p for p in out.iterdir() if p.name.startswith(".")], "a clean stop removes its temporaries"
        assert set(documents_in(audit_path)) == finished, "the log covers exactly the finished outputs"
    else:
        assert process.returncode == -signal.SIGKILL
        assert not audit_path.exists(), "an unfinished log never appears"

    rerun = run("clean", source, "-o", out, "--audit", audit_path, "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert len(check_outputs_whole(source, out, expected)) == count
    if sig == signal.SIGINT:
        assert f"{len(finished)} skipped as up to date".encode() in rerun.stderr
    run("clean", source, "-o", tmp_path / "fresh", "--audit", tmp_path / "fresh.jsonl", "--jobs", "2")
    assert audit_path.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()


def test_a_rerun_skips_up_to_date_outputs_and_force_cleans_them_again(tmp_path):
    source, out, audit_path = tmp_path / "in", tmp_path / "out", tmp_path / "audit.jsonl"
    make_folder(source, 6)
    first = run("clean", source, "-o", out, "--audit", audit_path)
    assert first.returncode == 0 and b"6 cleaned" in first.stderr
    first_log = audit_path.read_bytes()
    written = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    later = time.time() + 5
    os.utime(source / "page002.txt", (later, later))
    second = run("clean", source, "-o", out, "--audit", audit_path)
    assert second.returncode == 0
    assert b"1 cleaned" in second.stderr and b"5 skipped as up to date" in second.stderr
    for name, mtime in written.items():
        assert (out / name).stat().st_mtime_ns == mtime or name == "page002.txt"
    assert audit_path.read_bytes() == first_log, "skipped documents keep their records"

    forced = run("clean", source, "-o", out, "--audit", audit_path, "--force")
    assert forced.returncode == 0 and b"6 cleaned" in forced.stderr and b"skipped" not in forced.stderr
    assert audit_path.read_bytes() == first_log


def test_other_rules_or_a_missing_log_make_outputs_stale(tmp_path):
    source, out, audit_path = tmp_path / "in", tmp_path / "out", tmp_path / "audit.jsonl"
    make_folder(source, 3)
    assert run("clean", source, "-o", out).returncode == 0
    # Without a log only times count: everything is up to date.
    assert b"3 skipped" in run("clean", source, "-o", out).stderr
    # A log is asked for but none exists: the documents have no records to carry.
    assert b"3 cleaned" in run("clean", source, "-o", out, "--audit", audit_path).stderr
    # Other rules would clean differently: the log's ruleset digest says so.
    changed = run("clean", source, "-o", out, "--audit", audit_path, "--ignore", "RL001")
    assert b"3 cleaned" in changed.stderr
    assert b"3 skipped" in run("clean", source, "-o", out, "--audit", audit_path, "--ignore", "RL001").stderr
    # --audit - cannot carry records over, so nothing is skipped.
    assert b"3 cleaned" in run("clean", source, "-o", out, "--audit", "-").stderr


def test_a_log_that_is_not_ours_skips_nothing(tmp_path):
    log = tmp_path / "audit.jsonl"
    log.write_text('{"some": "other log"}\n', encoding="utf-8")
    previous = incremental.PreviousLog.open(log)
    assert not previous.holds("a.txt", "anything")
    previous.close()


def test_a_failing_document_is_counted_and_the_batch_goes_on(tmp_path):
    source = tmp_path / "in"
    make_folder(source, 4)
    (source / "page001.txt").write_bytes(b"PNG\x00\x01 not a page")
    result = run("clean", source, "-o", tmp_path / "out", "--jobs", "2")
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert sum("page001.txt" in line for line in lines) == 1
    assert "4 documents" in lines[-1] and "3 cleaned" in lines[-1] and "1 failed" in lines[-1]
    assert "characters" in lines[-1]


def test_progress_bar_only_on_a_terminal(tmp_path):
    source = tmp_path / "in"
    make_folder(source, 4)
    piped = run("clean", source, "-o", tmp_path / "piped")
    assert piped.stderr.decode().count("\n") == 1 and "4 cleaned" in piped.stderr.decode()

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", source, "-o", tmp_path / "tty"],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        shown += data
    assert process.wait(timeout=120) == 0
    os.close(controller)
    text = shown.decode(errors="replace")
    assert "cleaning" in text and "━" in text, text  # the bar
    assert "4 cleaned" in text  # then the summary


def _dies_on_17(item: int, context) -> int:
    if item == 17:
        os._exit(9)  # as the OOM killer ends a worker: no exception, no cleanup
    return item * 10


def test_a_dead_worker_costs_only_the_item_it_died_on():
    from cleaner import batch

    items = list(range(30))
    lost = batch.run(_dies_on_17, batch.chunks(items, 3), batch.Settings(), None, 2, lost=lambda item, why: (item, why))
    assert list(lost) == [i * 10 if i != 17 else (17, batch.LOST) for i in items]
    with pytest.raises(batch.WorkerLost):
        list(batch.run(_dies_on_17, batch.chunks(items, 3), batch.Settings(), None, 2))


# The command line in a process whose workers die on one document, as if the
# OOM killer took them: `work` is swapped for a wrapper of the same name, so
# that it still travels to the (forked) workers by that name.
DYING_WORKERS = """
import functools, os, sys
import {module} as m
work = m.{name}
@functools.wraps(work)
def dying(*args):
    if {condition}:
        os._exit(9)
    return work(*args)
m.{name} = dying
from cleaner.cli import app
app(sys.argv[1:], prog_name="cleaner")
"""


def run_with_dying_workers(module: str, name: str, condition: str, *args):
    code = DYING_WORKERS.format(module=module, name=name, condition=condition)
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, timeout=300)


def test_a_document_whose_worker_dies_is_named_and_the_batch_goes_on(tmp_path, expected):
    source = tmp_path / "in"
    make_folder(source, 12)
    log = tmp_path / "audit.jsonl"
    condition = "args[0].doc == 'page005.txt'"
    result = run_with_dying_workers("cleaner.document", "run", condition, "clean", source, "-o", tmp_path / "out", "--audit", log, "--jobs", "2")
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert "cleaner: page005.txt: its worker process ended abruptly (killed, or out of memory); skipped" in lines
    assert "12 documents" in lines[-1] and "11 cleaned" in lines[-1] and "1 failed" in lines[-1]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"page{i:03}.txt" for i in range(12) if i != 5]
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == expected[(source / name).read_bytes()]
    assert documents_in(log) == written


# A worker that SIGTERM ends while it writes an output, as the pool ends the
# other workers when one died: it must leave no hidden temporary file, and
# must not take the one its parent was writing (the audit log) when forked.
ENDED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from cleaner import batch, files
folder = Path(sys.argv[1])
with files.atomic_writer(folder / "audit.jsonl") as log:
    log.write(b"the parent's log")
    worker = os.fork()
    if worker == 0:
        signal.signal(signal.SIGTERM, batch._end_worker)
        with files.atomic_writer(folder / "page.txt") as handle:
            handle.write(b"half of it")
            os.kill(os.getpid(), signal.SIGTERM)
            handle.write(b" and the rest")
    _, status = os.waitpid(worker, 0)
print(os.waitstatus_to_exitcode(status))
"""


def test_a_worker_ended_while_writing_leaves_no_temporary_file(tmp_path):
    result = subprocess.run([sys.executable, "-c", ENDED_WHILE_WRITING, tmp_path], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == 128 + signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["audit.jsonl"]
    assert (tmp_path / "audit.jsonl").read_bytes() == b"the parent's log"
