"""The command line. The only module that imports typer.

Data goes to standard output, messages to standard error. Exit codes:
0 every document cleaned, 1 some document failed (the others are still
written), 2 the command line or a rule file is wrong, 130 interrupted.
"""

from __future__ import annotations

import io
import sys
import zlib
from contextlib import closing, contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, BinaryIO, Iterator, Optional

import typer

from . import batch, document, files
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


class OnError(str, Enum):
    skip = "skip"
    pass_ = "pass"


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
        typer.Option("--jobs", "-j", min=1, help="Worker processes for folders and JSON Lines (default: one per core)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Folders: clean every document, even when its output is newer than its input."),
    ] = False,
    jsonl_mode: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help="The input is JSON Lines (one file or standard input, .gz read and written by name): "
            "each record's text field is replaced by its clean text, other fields kept.",
        ),
    ] = False,
    text_field: Annotated[
        Optional[str], typer.Option("--text-field", help="--jsonl: the field holding the page text.", show_default="text")
    ] = None,
    id_field: Annotated[
        Optional[str],
        typer.Option("--id-field", help="--jsonl: the field naming a record in the audit log (default: FILE:LINE)."),
    ] = None,
    on_error: Annotated[
        Optional[OnError],
        typer.Option(
            "--on-error",
            help="--jsonl: a record that cannot be cleaned is left out of the output (skip) or copied "
            "unchanged (pass); either way it is named on stderr.",
            show_default="skip",
        ),
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
) -> None:
    """Clean pages: plain text saved by a scraper, or JSON Lines records with
    --jsonl. Exit 0 when every document was cleaned, 1 when some failed (the
    rest are still written), 2 on usage errors, 130 when interrupted."""
    inputs = inputs or []
    settings = batch.Settings(tuple(rules or ()), tuple(select or ()), tuple(ignore or ()))
    workers = jobs or batch.default_jobs()
    if jsonl_mode:
        _clean_jsonl(inputs, output, audit_path, settings, workers, text_field, id_field, on_error or OnError.skip)
        return
    for name, value in (("--text-field", text_field), ("--id-field", id_field), ("--on-error", on_error)):
        if value is not None:
            _fail_usage(f"{name} is for JSON Lines input; add --jsonl")
    audit_target = _audit_target(audit_path)
    try:
        plan = files.plan(inputs, output, extra_excluded=(audit_target,) if audit_target else ())
        context = settings.context()
    except (files.UsageError, RuleError) as error:
        _fail_usage(str(error))
    if audit_path == "-" and any(job.target is None for job in plan):
        _fail_usage("--audit - writes the log to standard output, so the clean text needs -o")
    if audit_target is not None and any(job.source and files.same_file(job.source, audit_target) for job in plan):
        _fail_usage(f"{audit_target}: the audit log would overwrite an input")

    if plan[0].source is None or (len(inputs) == 1 and not Path(inputs[0]).is_dir()):
        stdin = document.read_stdin() if plan[0].source is None else None
        outcome = document.run(plan[0], context, stdin)
        with _audit_sink(audit_path) as audit_sink:
            _emit(outcome, audit_sink)
        if outcome.error:
            raise typer.Exit(1)
    else:
        _clean_folders(plan, audit_path, force, settings, context, workers)


def _clean_folders(
    plan: list[files.Job], audit_path: str | None, force: bool, settings: batch.Settings, context, workers: int
) -> None:
    """Every file below the inputs, in plan order whatever the number of
    workers; up-to-date outputs skipped unless `force`; a summary at the end."""
    from . import incremental, interrupt
    from .progress import Reporter

    stop = interrupt.StopRequest()

    def clean_jobs(jobs: list[files.Job]):
        # Small chunks: the last ones still spread over the workers, and an
        # interrupted run waits for little; a page takes far longer to clean
        # than its hand-over between processes.
        size = max(1, min(4, len(jobs) // (workers * 8)))
        return batch.run(document.run, batch.chunks(jobs, size), settings, context, min(workers, max(1, len(jobs))), stop)

    # A skipped document's audit records are carried over from the previous
    # log at the same path; incremental.py says why and when.
    if force:
        outcomes = clean_jobs(plan)
    else:
        previous = None if audit_path is None else incremental.PreviousLog.open(_audit_target(audit_path))
        outcomes = incremental.run(plan, clean_jobs, previous, context.digest)
    reporter = Reporter(len(plan))
    try:
        with interrupt.deferred(stop), closing(outcomes), _audit_sink(audit_path) as audit_sink, reporter:
            for outcome in outcomes:  # once stopped, ends after the documents in hand
                _emit(outcome, audit_sink, reporter)
    except KeyboardInterrupt:  # a second Ctrl-C: the log is not committed
        reporter.summary("Finished outputs are kept; the audit log was not written.")
        raise typer.Exit(interrupt.EXIT_INTERRUPTED) from None
    if stop.requested:
        reporter.summary("Finished outputs and their audit records are kept; run the same command again to finish.")
        raise typer.Exit(interrupt.EXIT_INTERRUPTED)
    reporter.summary()
    if reporter.tally.failed:
        raise typer.Exit(1)


def _emit(outcome: document.Outcome, audit_sink: BinaryIO, reporter=None) -> None:
    """One document's result: its failure named, or its text and audit lines written."""
    if outcome.error:
        if reporter is None:
            typer.echo(f"cleaner: {outcome.error}", err=True)
        else:
            reporter.error(outcome.error)
    else:
        if outcome.output is not None:
            sys.stdout.buffer.write(outcome.output.encode("utf-8"))
            sys.stdout.buffer.flush()
        audit_sink.write("".join(outcome.audit_lines).encode("utf-8"))
    if reporter is not None:
        reporter.tally.add(
            failed=bool(outcome.error), skipped=outcome.skipped, chars=outcome.chars, removed=outcome.removed_chars
        )
        reporter.advance()


def _clean_jsonl(
    inputs: list[str],
    output: str | None,
    audit_path: str | None,
    settings: batch.Settings,
    workers: int,
    text_field: str | None,
    id_field: str | None,
    on_error: OnError,
) -> None:
    """One JSON Lines file (or standard input) to one file (or standard output)."""
    from . import interrupt, jsonl
    from .progress import Reporter

    if len(inputs) > 1:
        _fail_usage("--jsonl cleans one file (or standard input) at a time")
    source = inputs[0] if inputs else "-"
    if source != "-" and not Path(source).is_file():
        _fail_usage(f"{source}: no such file (--jsonl takes a JSON Lines file, not a folder)")
    target = None if output in (None, "-") else Path(output)
    audit_target = _audit_target(audit_path)
    if target is not None and target.is_dir():
        _fail_usage(f"{target}: is a folder; with --jsonl, -o names the output file")
    if audit_path == "-" and target is None:
        _fail_usage("--audit - writes the log to standard output, so the clean records need -o")
    for path, what in ((target, "the output"), (audit_target, "the audit log")):
        if path is not None and source != "-" and files.same_file(Path(source), path):
            _fail_usage(f"{source}: {what} would overwrite the input; choose another path")
    if target is not None and audit_target is not None and target.resolve() == audit_target.resolve():
        _fail_usage(f"{target}: the output and the audit log must be different files")
    try:
        context = settings.context()
    except RuleError as error:
        _fail_usage(str(error))

    fields = jsonl.Fields(text_field or "text", id_field, source)
    try:
        records = jsonl.open_input(source)
    except OSError as error:
        typer.echo(f"cleaner: {source}: {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    with closing(records), interrupt.deferred() as stop, Reporter(records.size, unit="bytes", noun="records") as reporter:
        try:
            with _audit_sink(audit_path) as audit_sink, jsonl.open_output(output) as out:
                pass_through = on_error is OnError.pass_
                if not jsonl.run(records, fields, pass_through, out, audit_sink, settings, context, workers, reporter, stop):
                    raise _Interrupted  # leave the with blocks without committing the files
        except (_Interrupted, KeyboardInterrupt):
            written = "what reached standard output is incomplete" if target is None else "nothing was written"
            reporter.summary(f"A JSON Lines run does not resume: {written}.")
            raise typer.Exit(interrupt.EXIT_INTERRUPTED) from None
        except (OSError, EOFError, zlib.error) as error:
            where = f"{error.filename}: {error.strerror}" if getattr(error, "filename", None) else f"{source}: {error}"
            reporter.error(f"{where}; nothing was written")
            raise typer.Exit(1) from None
        reporter.summary()
    if reporter.tally.failed:
        raise typer.Exit(1)


class _Interrupted(Exception):
    """A run stopped at the user's request (first Ctrl-C)."""


def _audit_target(audit_path: str | None) -> Path | None:
    return None if audit_path in (None, "-") else Path(audit_path)


@contextmanager
def _audit_sink(audit_path: str | None) -> Iterator[BinaryIO]:
    """Where audit lines go: a file that appears when complete, stdout, or nowhere."""
    audit_target = _audit_target(audit_path)
    if audit_target is not None:
        with files.atomic_writer(audit_target) as handle:
            yield handle
    elif audit_path == "-":
        yield sys.stdout.buffer
    else:
        yield io.BytesIO()  # no log asked for: lines are dropped
