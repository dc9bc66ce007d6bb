"""HTML mode against trafilatura alone: time per page on the dev set's HTML.

    python bench/html_speed.py [--devset ../shared/devset] [--every N] [--rounds R]

For each page (every Nth of the dev set), in one process and interleaved so
that both see the same machine load: `trafilatura.extract(page_bytes)` with
its defaults, and cleaner's whole HTML mode on the same bytes (decode, text
view, trafilatura's verdict, the rule pack; what `cleaner clean page.html`
does minus file I/O). Each page's time is the best of R rounds; the script
prints the median over pages of each, their ratio (the issue's target:
at most 1.2), and the ratio of the totals.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--every", type=int, default=1, help="take every Nth page (1: all 680)")
    parser.add_argument("--rounds", type=int, default=3, help="time each page this many times, keep the best")
    args = parser.parse_args()

    import trafilatura

    from cleaner import document
    from cleaner.files import Job
    from cleaner.pipeline import make_context

    context = make_context()
    pages = sorted((args.devset / "html").glob("*.html.gz"))[:: args.every]
    if not pages:
        sys.exit(f"no pages in {args.devset / 'html'}")
    data = [gzip.decompress(p.read_bytes()) for p in pages]
    job = Job("page.html", None, None, "html")
    document.clean_bytes(data[0], job, context)  # imports and first-use costs out of the way
    trafilatura.extract(data[0])

    ours, theirs = [], []
    for page in data:
        best_ours = best_theirs = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            trafilatura.extract(page)
            best_theirs = min(best_theirs, time.perf_counter() - start)
            start = time.perf_counter()
            document.clean_bytes(page, job, context)
            best_ours = min(best_ours, time.perf_counter() - start)
        theirs.append(best_theirs)
        ours.append(best_ours)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{time.strftime('%Y-%m-%d')}, {cores} cores, {len(data)} pages, best of {args.rounds} rounds each")
    print(f"trafilatura.extract   median {statistics.median(theirs) * 1000:6.1f} ms/page  total {sum(theirs):6.1f} s")
    print(f"cleaner HTML mode     median {statistics.median(ours) * 1000:6.1f} ms/page  total {sum(ours):6.1f} s")
    print(f"ratio of medians {statistics.median(ours) / statistics.median(theirs):.2f} (target <= 1.2), "
          f"ratio of totals {sum(ours) / sum(theirs):.2f}")


if __name__ == "__main__":
    main()
