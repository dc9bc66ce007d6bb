"""The speed and memory figures of issue 6, each against its baseline in the same run.

    python bench/run.py                       # everything, full sizes (over an hour)
    python bench/run.py --quick               # small sizes, a few minutes
    python bench/run.py --only startup,jobs --repeat 5

Prints one block per target with the median of repeated runs, the baseline
measured in the same run, their ratio, and whether the target is met. Timings
on a shared machine are noisy: the load average is printed with them, and
baseline and candidate runs alternate so that a busy spell hits both.

cleaner's bytecode is compiled first, as installing it from a wheel does.
Inputs are made on the fly in a temporary folder from the dev set
(../shared/devset) and the seeds, and deleted afterwards; nothing is
committed. Memory is sampled every SAMPLE_SECONDS over the command and its
worker processes, and reported two ways: the summed resident memory (RSS),
which counts the pages forked workers share with their parent once per
process and so overstates, and the summed proportional set size (PSS, from
/proc/PID/smaps_rollup), which splits each shared page among the processes
sharing it: what the tree takes from the machine.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
STARTUP_PAGE = ROOT / "seeds" / "000_8de9385505842622.txt"
SAMPLE_SECONDS = 0.1

# The targets of issue 6.
STARTUP_MAX_RATIO = 2.0
THROUGHPUT_MIN_RATIO = 10.0
JOBS_MIN_RATIO = 1.8
JSONL_MAX_MB = 500
BIG_TEXT_MAX_SECONDS = 60

TRAFILATURA_SCRIPT = """
import gzip, sys, time
from pathlib import Path
import trafilatura
out = Path(sys.argv[2])
for path in sorted(Path(sys.argv[1]).iterdir()):
    text = trafilatura.extract(gzip.decompress(path.read_bytes())) or ""
    (out / (path.name[: -len(".html.gz")] + ".txt")).write_text(text, encoding="utf-8")
"""

# One fresh process, the steps of `cleaner clean < page` in their order, each
# timed: the baseline's own imports, then what cleaner adds. The context comes
# from the cache an earlier run left (cleaner.contextcache), as in a shell
# loop; the last step builds it from scratch, as the first run does.
STARTUP_BREAKDOWN_SCRIPT = """
import os, sys, time
steps = []
def step(name, since):
    now = time.perf_counter()
    steps.append((name, now - since))
    return now
t = time.perf_counter()
import typer, regex
t = step("import typer, regex (the baseline)", t)
import cleaner.pipeline
t = step("import the core (cleaner.pipeline and what it imports)", t)
import cleaner.cli
t = step("import the rest of cleaner.cli", t)
context = cleaner.pipeline.make_context()
t = step("make_context, from the cache", t)
typer.main.get_command(cleaner.cli.app)
t = step("typer: build the click commands of every subcommand", t)
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter()
cleaner.pipeline.clean(text, context)
t = step("first clean()", t)
cleaner.pipeline.clean(text, context)
t = step("second clean() of the same page", t)
os.environ["CLEANER_CACHE_DIR"] = ""
cleaner.pipeline.make_context()
t = step("make_context without the cache (parse rules, compile every pattern, read model and stoplists)", t)
for name, seconds in steps:
    print(f"{seconds}\t{name}")
"""


def cleaner_command() -> list[str]:
    script = Path(sys.executable).parent / "cleaner"
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleaner"]


def timed(command: list, stdin: Path | None = None) -> float:
    return timed_with_cpu(command, stdin)[0]


def timed_with_cpu(command: list, stdin: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its worker processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as handle:
        start = time.perf_counter()
        result = subprocess.run(command, stdin=handle, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, command))} failed:\n{result.stderr.decode()[-2000:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """Resident and proportional memory (RSS, PSS) of a process and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, ()))
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            pass  # gone between the listing and the reading
    return rss, pss


def with_peak_memory(command: list, timeout: float | None = None) -> tuple[float, tuple[int, int], bool]:
    """(seconds, peak (RSS, PSS) KiB of the process tree, finished before `timeout`)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        peak_rss = peak_pss = 0
        while process.poll() is None:
            rss, pss = tree_memory_kb(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            if timeout is not None and time.perf_counter() - start > timeout:
                process.kill()  # its hidden temporary output goes with the temporary folder
                process.communicate()
                return time.perf_counter() - start, (peak_rss, peak_pss), False
            time.sleep(SAMPLE_SECONDS)
        _, stderr = process.communicate()
    finally:
        # Interrupted (Ctrl-C, or SIGTERM through main's handler): a command
        # left running would go on loading the machine after the bench is
        # gone. Its workers follow it (cleaner.batch._exit_with_parent).
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(map(str, command))} failed:\n{stderr.decode()[-2000:]}")
    return time.perf_counter() - start, (peak_rss, peak_pss), True


def memory_figure(peak: tuple[int, int]) -> str:
    return f"{peak[0] / 1024:.0f} MB resident, {peak[1] / 1024:.0f} MB proportional (PSS)"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def verdict(met: bool) -> str:
    return "target met" if met else "target NOT met"


def median_ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.0f} ms"


def bench_startup(repeat: int, cache: Path) -> None:
    command = [*cleaner_command(), "clean"]
    baseline = [sys.executable, "-c", "import typer, regex"]
    bare = [sys.executable, "-c", "pass"]
    ours, theirs, python, first = [], [], [], []
    for _ in range(repeat):
        python.append(timed(bare))
        theirs.append(timed(baseline))
        shutil.rmtree(cache, ignore_errors=True)
        first.append(timed(command, stdin=STARTUP_PAGE))
        ours.append(timed(command, stdin=STARTUP_PAGE))
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"\n1. start-up: `cleaner clean < seeds/{STARTUP_PAGE.name}` in a fresh process, {repeat} runs each; {load()}")
    print(f"   (python -c pass:                         median {median_ms(python)})")
    print(f"   baseline python -c 'import typer, regex': median {median_ms(theirs)}")
    print(f"   cleaner clean < page:                    median {median_ms(ours)}")
    print(f"   ratio {ratio:.2f} (target at most {STARTUP_MAX_RATIO}): {verdict(ratio <= STARTUP_MAX_RATIO)}")
    print(f"   (the first run after installing or changing rules, which builds the cache: median {median_ms(first)},")
    print(f"    ratio {statistics.median(first) / statistics.median(theirs):.2f})")
    parts: dict[str, list[float]] = {}
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, "-c", STARTUP_BREAKDOWN_SCRIPT, STARTUP_PAGE], capture_output=True, text=True, check=True
        ).stdout
        for line in output.splitlines():
            seconds, name = line.split("\t")
            parts.setdefault(name, []).append(float(seconds))
    print("   where it goes, step by step in one fresh process (medians):")
    for name, values in parts.items():
        print(f"     {1000 * statistics.median(values):5.0f} ms  {name}")


def sample_pages(count: int | None) -> list[str]:
    ids = sorted(p.name[: -len(".txt")] for p in (DEVSET / "text").glob("*.txt"))
    if count is None or count >= len(ids):
        return ids
    step = len(ids) / count  # spread over the dev set, not its first pages
    return [ids[int(i * step)] for i in range(count)]


def bench_throughput_and_jobs(work: Path, pages: int | None, repeat: int, run_throughput: bool, run_jobs: bool) -> None:
    ids = sample_pages(pages)
    text_dir, html_dir = work / "text", work / "html"
    text_dir.mkdir()
    html_dir.mkdir()
    for page_id in ids:
        shutil.copyfile(DEVSET / "text" / f"{page_id}.txt", text_dir / f"{page_id}.txt")
        shutil.copyfile(DEVSET / "html" / f"{page_id}.html.gz", html_dir / f"{page_id}.html.gz")
    rates: dict[str, list[float]] = {"jobs1": [], "jobs2": [], "trafilatura": []}
    cpu_per_page: dict[str, list[float]] = {name: [] for name in rates}
    outputs: dict[str, bytes] = {}
    for round_number in range(repeat):
        for name in rates:
            if name == "trafilatura" and not run_throughput or name == "jobs2" and not run_jobs:
                continue
            out = work / f"out-{name}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            if name == "trafilatura":
                command = [sys.executable, "-c", TRAFILATURA_SCRIPT, html_dir, out]
            else:
                jobs = name[-1]
                command = [*cleaner_command(), "clean", text_dir, "-o", out / "text", "--audit", out / "audit.jsonl", "--jobs", jobs]
            wall, cpu = timed_with_cpu(command)
            rates[name].append(len(ids) / wall)
            cpu_per_page[name].append(cpu / len(ids))
            if name != "trafilatura":
                outputs[name] = b"".join(p.read_bytes() for p in sorted((out / "text").iterdir())) + (out / "audit.jsonl").read_bytes()
    one = statistics.median(rates["jobs1"])
    cpu = {name: f"{1000 * statistics.median(values):.0f} ms CPU a page" for name, values in cpu_per_page.items() if values}
    # CPU time does not depend on what else the machine runs; wall time does,
    # and only wall time answers the targets.
    if run_throughput:
        theirs = statistics.median(rates["trafilatura"])
        print(f"\n2. text-mode throughput, one process: {len(ids)} dev-set pages, {repeat} runs each, whole commands; {load()}")
        print(f"   baseline trafilatura.extract on the same pages' HTML: median {theirs:.1f} pages/s ({cpu['trafilatura']})")
        print(f"   cleaner clean text/ -o out --audit log --jobs 1:      median {one:.1f} pages/s ({cpu['jobs1']})")
        print(f"   ratio {one / theirs:.2f} (target at least {THROUGHPUT_MIN_RATIO}): {verdict(one / theirs >= THROUGHPUT_MIN_RATIO)}")
    if run_jobs:
        two = statistics.median(rates["jobs2"])
        same = outputs["jobs1"] == outputs["jobs2"]
        print(f"\n3. --jobs 2 against --jobs 1 on {os.cpu_count()} cores: {len(ids)} dev-set pages, {repeat} runs each; {load()}")
        print(f"   baseline --jobs 1: median {one:.1f} pages/s ({cpu['jobs1']})")
        print(f"   --jobs 2:          median {two:.1f} pages/s ({cpu['jobs2']}, workers and parent)")
        print(f"   ratio {two / one:.2f} (target at least {JOBS_MIN_RATIO}): {verdict(two / one >= JOBS_MIN_RATIO)}")
        print(f"   outputs and audit logs byte for byte identical: {'yes' if same else 'NO'}")


def page_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((DEVSET / "text").glob("*.txt"))]


def bench_jsonl_memory(work: Path, megabytes: float) -> None:
    corpus = work / "corpus.jsonl"
    texts, written, number = page_texts(), 0, 0
    with corpus.open("wb") as handle:
        while written < megabytes * 1e6:
            line = json.dumps({"id": f"r{number}", "url": f"https://example.org/{number}", "text": texts[number % len(texts)]}, ensure_ascii=False)
            data = (line + "\n").encode("utf-8")
            handle.write(data)
            written += len(data)
            number += 1
    command = [*cleaner_command(), "clean", "--jsonl", corpus, "-o", work / "clean.jsonl.gz", "--id-field", "id", "--audit", work / "audit.jsonl"]
    seconds, peak, _ = with_peak_memory(command)
    print(f"\n4a. JSON Lines streaming: {written / 1e6:.0f} MB, {number} records (dev-set pages repeated), --jobs default, gzip out, audit on; {load()}")
    print(f"   {seconds:.0f} s ({number / seconds:.1f} records/s); peak memory of the process tree {memory_figure(peak)}")
    met = verdict(peak[0] / 1024 < JSONL_MAX_MB) if megabytes >= 1000 else f"not measured at 1 GB (ran {megabytes:g} MB)"
    print(f"   target: a 1 GB file under {JSONL_MAX_MB} MB: {met}")
    corpus.unlink()


def bench_big_text(work: Path, megabytes: float, timeout: float) -> None:
    big = work / "big.txt"
    texts, written = page_texts(), 0
    with big.open("w", encoding="utf-8") as handle:
        for number in range(10**9):
            if written >= megabytes * 1e6:
                break
            data = texts[number % len(texts)] + "\n\n"
            handle.write(data)
            written += len(data.encode("utf-8"))
    command = [*cleaner_command(), "clean", big, "-o", work / "big.clean.txt"]
    seconds, peak, finished = with_peak_memory(command, timeout)
    print(f"\n4b. one {written / 1e6:.0f} MB text file (dev-set pages concatenated), stopped after {timeout:g} s; {load()}")
    outcome = f"finished in {seconds:.1f} s" if finished else f"NOT finished after {seconds:.0f} s"
    print(f"   {outcome}; peak memory of the process tree {memory_figure(peak)}")
    met = verdict(finished and seconds <= BIG_TEXT_MAX_SECONDS) if megabytes >= 100 else f"not measured at 100 MB (ran {megabytes:g} MB)"
    print(f"   target: 100 MB within {BIG_TEXT_MAX_SECONDS} s without running out of memory: {met}")
    big.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="startup,throughput,jobs,jsonl,bigtext", help="comma-separated figures to measure")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 11 for start-up, 3 otherwise)")
    parser.add_argument("--pages", type=int, default=None, help="dev-set pages for throughput and jobs (default all)")
    parser.add_argument("--jsonl-mb", type=float, default=1000, help="size of the generated JSON Lines file")
    parser.add_argument("--text-mb", type=float, default=100, help="size of the generated single text file")
    parser.add_argument("--text-timeout", type=float, default=BIG_TEXT_MAX_SECONDS, help="stop the big text file after this")
    parser.add_argument("--quick", action="store_true", help="--pages 60 --jsonl-mb 20 --text-mb 2 --repeat 3")
    args = parser.parse_args()
    # SIGTERM would otherwise end the bench on the spot, leaving the command
    # it is timing running and its temporary folder behind. As an exception,
    # it unwinds like Ctrl-C: subprocess.run and with_peak_memory kill the
    # command, and the temporary folder is deleted.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if args.quick:
        args.pages, args.jsonl_mb, args.text_mb = args.pages or 60, 20, 2
        args.repeat = args.repeat or 3
    only = set(args.only.split(","))
    if not (DEVSET / "text").is_dir():
        raise SystemExit(f"bench: the dev set is not at {DEVSET}")

    import cleaner
    from cleaner import __version__

    # pip compiles an installed package's bytecode; an editable install, or
    # PYTHONDONTWRITEBYTECODE, leaves cleaner to be compiled from source in
    # every process, while typer and regex (the baseline) load from bytecode.
    compileall.compile_dir(Path(cleaner.__file__).parent, quiet=1)
    print(f"cleaner {__version__} bench, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as temporary:
        work = Path(temporary)
        # A cache of the bench's own (cleaner.contextcache), never the user's:
        # every figure but the first start-up run reads it warm, as a shell
        # loop or a second batch does.
        cache = work / "cache"
        os.environ["CLEANER_CACHE_DIR"] = str(cache)
        if "startup" in only:
            bench_startup(args.repeat or 11, cache)
        if only & {"throughput", "jobs"}:
            bench_throughput_and_jobs(work, args.pages, args.repeat or 3, "throughput" in only, "jobs" in only)
        if "jsonl" in only:
            bench_jsonl_memory(work, args.jsonl_mb)
        if "bigtext" in only:
            bench_big_text(work, args.text_mb, args.text_timeout)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
