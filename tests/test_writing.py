"""Where results are written: whole or not at all, with the permissions a
user expects, and into pipes and devices as they are."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

from cleaner.files import atomic_writer, write_atomic

from .conftest import SEEDS
from .test_cli import run

PAGE = sorted(SEEDS.glob("*.txt"))[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def with_umask(mask: int, write) -> None:
    old = os.umask(mask)
    try:
        write()
    finally:
        os.umask(old)


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path):
    # Not owner-only, as a temporary file would be: cleaned corpora are shared.
    with_umask(0o027, lambda: write_atomic(tmp_path / "out.txt", b"clean"))
    assert mode(tmp_path / "out.txt") == 0o640
    with_umask(0o022, lambda: write_atomic(tmp_path / "other.txt", b"clean"))
    assert mode(tmp_path / "other.txt") == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(0o604)
    with_umask(0o077, lambda: write_atomic(target, b"new"))
    assert target.read_bytes() == b"new" and mode(target) == 0o604


def test_a_private_file_is_the_owners_alone(tmp_path):
    def write():
        with atomic_writer(tmp_path / "entry.pickle", private=True) as handle:
            handle.write(b"cache")

    with_umask(0o022, write)
    assert mode(tmp_path / "entry.pickle") == 0o600


def reading(pipe: Path) -> tuple[threading.Thread, list[bytes]]:
    """A named pipe at `pipe`, and a reader already waiting on it (opening a
    pipe to write blocks until someone reads): join the thread, then the
    list holds what was read."""
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    return reader, received


def test_a_named_pipe_as_output_is_written_into_not_replaced(tmp_path):
    """`-o` a FIFO (or /dev/null, or a shell's >(...)): renaming a finished
    file over it would swap the pipe for a file, and the reader would wait
    for ever."""
    pipe = tmp_path / "pipe"
    reader, received = reading(pipe)
    result = run("clean", PAGE, "-o", pipe)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received == [run("clean", PAGE).stdout] and received[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


def test_a_folder_run_logs_into_a_pipe_without_reading_it_first(tmp_path):
    """A rerun reads the previous log at --audit's path to skip what is up
    to date; a pipe holds no earlier log, and reading it would wait for ever."""
    pipe = tmp_path / "audit-pipe"
    reader, received = reading(pipe)
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", SEEDS, "-o", tmp_path / "out", "--audit", pipe],
        capture_output=True,
        timeout=60,
    )
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    documents = [json.loads(line)["doc"] for line in received[0].splitlines() if b'"type": "document"' in line]
    assert len(documents) == len(list(SEEDS.glob("*.txt"))) > 0
