"""The command line. The only module that imports typer.

Data goes to standard output, messages to standard error. Exit codes:
0 every document cleaned, 1 some document failed (the others are still
written), 2 the command line or a rule file is wrong.
"""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, BinaryIO, Iterator, Optional

import typer

from . import batch, document, files
from .config import DEFAULT
from .ruleset import RuleError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Strip boilerplate from scraped web pages, and log every removed span.",
)


@app.callback()
def main() -> None:
    """Strip boilerplate from scraped web pages, and log every removed span."""


class Format(str, Enum):
    auto = "auto"
    text = "text"
    html = "html"


class Focus(str, Enum):
    balanced = "balanced"
    precision = "precision"
    recall = "recall"


def _fail_usage(message: str) -> None:
    typer.echo(f"cleaner: error: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def clean(
    inputs: Annotated[
        Optional[list[str]],
        typer.Argument(help="Files or folders to clean. None, or '-', reads standard input.", show_default=False),
    ] = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output",
            "-o",
            help="Where the clean text goes: a file for one input (default: standard output), "
            "a folder for several inputs or folders (relative paths are mirrored).",
        ),
    ] = None,
    audit_path: Annotated[
        Optional[str],
        typer.Option("--audit", help="Write the JSONL audit log here ('-': standard output, when the text goes to files)."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Input format; auto sniffs the content.")] = Format.auto,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", min=1, help="Worker processes for folders (default: one per core)."),
    ] = None,
    rules: Annotated[
        Optional[list[Path]],
        typer.Option("--rules", help="A folder (or file) of extra TOML rule files, used with the default pack."),
    ] = None,
    select: Annotated[
        Optional[list[str]],
        typer.Option("--select", help="Use only rules whose id or name starts with this (repeatable)."),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option("--ignore", help="Turn off rules whose id or name starts with this (repeatable)."),
    ] = None,
    html_focus: Annotated[
        Focus,
        typer.Option("--html-focus", help="HTML: trafilatura's trade-off, more text (recall) or less but surer (precision)."),
    ] = Focus(DEFAULT.html_focus),
    html_comments: Annotated[
        bool,
        typer.Option("--html-comments/--no-html-comments", help="HTML: keep the comments under an article."),
    ] = DEFAULT.html_comments,
    html_tables: Annotated[
        bool,
        typer.Option("--html-tables/--no-html-tables", help="HTML: count tables as main content."),
    ] = DEFAULT.html_tables,
    html_time_limit: Annotated[
        float,
        typer.Option("--html-time-limit", min=0, help="HTML: seconds a page may take before it fails (0: no limit)."),
    ] = DEFAULT.html_time_limit,
) -> None:
    """Clean pages: plain text saved by a scraper, or HTML (.html, .htm, with or
    without .gz, or any file that starts like HTML). Exit 0 when every document
    was cleaned, 1 when some failed (the rest are still written), 2 on usage errors."""
    inputs = inputs or []
    config = replace(
        DEFAULT,
        html_focus=html_focus.value,
        html_comments=html_comments,
        html_tables=html_tables,
        html_time_limit=html_time_limit,
    )
    settings = batch.Settings(tuple(rules or ()), tuple(select or ()), tuple(ignore or ()), config)
    audit_target = None if audit_path in (None, "-") else Path(audit_path)
    try:
        plan = files.plan(inputs, output, extra_excluded=(audit_target,) if audit_target else (), fmt=fmt.value)
        context = settings.context()
    except (files.UsageError, RuleError) as error:
        _fail_usage(str(error))
    if audit_path == "-" and any(job.target is None for job in plan):
        _fail_usage("--audit - writes the log to standard output, so the clean text needs -o")
    if audit_target is not None and any(job.source and files.same_file(job.source, audit_target) for job in plan):
        _fail_usage(f"{audit_target}: the audit log would overwrite an input")

    stdin = document.read_stdin() if plan[0].source is None else None
    outcomes = (
        [document.run(plan[0], context, stdin)]
        if stdin is not None
        else batch.run(plan, settings, context, jobs or batch.default_jobs())
    )
    with _audit_sink(audit_path, audit_target) as audit_sink:
        failures = 0
        for outcome in outcomes:
            if outcome.error:
                failures += 1
                typer.echo(f"cleaner: {outcome.error}", err=True)
                continue
            if outcome.output is not None:
                sys.stdout.buffer.write(outcome.output.encode("utf-8"))
                sys.stdout.buffer.flush()
            audit_sink.write("".join(outcome.audit_lines).encode("utf-8"))
    if failures:
        typer.echo(f"cleaner: {failures} of {len(plan)} document(s) failed; the others were written", err=True)
        raise typer.Exit(1)


@contextmanager
def _audit_sink(audit_path: str | None, audit_target: Path | None) -> Iterator[BinaryIO]:
    """Where audit lines go: a file that appears when complete, stdout, or nowhere."""
    if audit_target is not None:
        with files.atomic_writer(audit_target) as handle:
            yield handle
    elif audit_path == "-":
        yield sys.stdout.buffer
    else:
        yield io.BytesIO()  # no log asked for: lines are dropped
