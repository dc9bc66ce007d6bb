"""The command line. The only module that imports typer.

Data goes to standard output, messages to standard error. Exit codes:
0 every document cleaned, 1 some document failed (the others are still
written), 2 the command line or a rule file is wrong, 130 interrupted.
"""

# No `from __future__ import annotations` here, unlike the other modules:
# typer reads every command's annotations on every run, and as strings each
# one is compiled again (16 ms of a 300 ms run in a shell loop, bench/run.py).
import io
import os
import sys
import zlib
from contextlib import closing, contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, BinaryIO, Iterator, Optional

import typer

from . import batch, document, files, pipeline
from .audit import AuditError  # already loaded: document.py writes the log
from .config import DEFAULT
from .decode import DecodeError  # already loaded: document.py decodes
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


class OnError(str, Enum):
    skip = "skip"
    pass_ = "pass"


def _fail_usage(message: str) -> None:
    _say(f"error: {message}")
    raise typer.Exit(2)


def _say(message: str) -> None:
    """One line on stderr, whatever the file names in it hold."""
    from .termfmt import one_line  # only when there is something to say: start-up

    typer.echo("cleaner: " + one_line(message), err=True)


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
    show_diff: Annotated[
        bool,
        typer.Option("--diff", help="Dry run: print a unified diff of the input against the clean text, "
                     "each hunk naming the rules that removed its lines; write nothing else."),
    ] = False,
) -> None:
    """Clean pages: plain text, HTML, or JSON Lines records.

    Plain text as a scraper saved it; HTML (.html, .htm, with or without .gz,
    or any file that starts like HTML); JSON Lines records with --jsonl. Exit
    0 when every document was cleaned, 1 when some failed (the rest are still
    written), 2 on usage errors, 130 when interrupted."""
    inputs = inputs or []
    config = DEFAULT._replace(
        html_focus=html_focus.value,
        html_comments=html_comments,
        html_tables=html_tables,
        html_time_limit=html_time_limit,
    )
    settings = batch.Settings(tuple(rules or ()), tuple(select or ()), tuple(ignore or ()), config)
    workers = jobs or batch.default_jobs()
    if jsonl_mode:
        if show_diff:
            _fail_usage("--diff shows one document; it does not combine with --jsonl")
        if fmt is Format.html:
            _fail_usage("--jsonl cleans each record's text field as text; --format html does not apply")
        _clean_jsonl(inputs, output, audit_path, settings, workers, text_field, id_field, on_error or OnError.skip)
        return
    for name, value in (("--text-field", text_field), ("--id-field", id_field), ("--on-error", on_error)):
        if value is not None:
            _fail_usage(f"{name} is for JSON Lines input; add --jsonl")
    if show_diff:
        _clean_diff(inputs, output, audit_path, settings, fmt.value)
        return
    audit_target = _audit_target(audit_path)
    try:
        plan = files.plan(inputs, output, extra_excluded=(audit_target,) if audit_target else (), fmt=fmt.value)
        context = settings.context()
    except (files.UsageError, RuleError) as error:
        _fail_usage(str(error))
    if audit_path == "-" and any(job.target is None for job in plan):
        _fail_usage("--audit - writes the log to standard output, so the clean text needs -o")
    if audit_target is not None and any(job.source and files.same_file(job.source, audit_target) for job in plan):
        _fail_usage(f"{audit_target}: the audit log would overwrite an input")
    if audit_target is not None and any(job.target and job.target.resolve() == audit_target.resolve() for job in plan):
        _fail_usage(f"{audit_target}: the output and the audit log must be different files")

    if plan[0].source is None or (len(inputs) == 1 and not Path(inputs[0]).is_dir()):
        outcome = document.run(plan[0], context, _parts_cleaner(settings, context, workers))
        try:
            with _stdout_may_close(), _audit_sink(audit_path) as audit_sink:
                _emit(outcome, audit_sink)
        except _LogNotWritten as error:
            _say(str(error))
            raise typer.Exit(1) from None
        if outcome.error:
            raise typer.Exit(1)
    else:
        _clean_folders(plan, audit_path, force, settings, context, workers)


def _parts_cleaner(settings: batch.Settings, context, workers: int):
    """For one document too long to be one page: its parts spread over the
    workers (a pool starts only if there is such a text)."""
    if workers <= 1:
        return None

    def clean_parts(texts: Iterator[str], count: int):
        return batch.run(pipeline.clean_part, batch.chunks(texts, 1), settings, context, min(workers, count))

    return clean_parts


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
        workers_used = min(workers, max(1, len(jobs)))
        return batch.run(document.run, batch.chunks(jobs, size), settings, context, workers_used, stop, document.lost)

    # A skipped document's audit records are carried over from the previous
    # log at the same path; incremental.py says why and when.
    if force:
        outcomes = clean_jobs(plan)
    else:
        previous = None if audit_path is None else incremental.PreviousLog.open(_audit_target(audit_path))
        outcomes = incremental.run(plan, clean_jobs, previous, context.digest)
    reporter = Reporter(len(plan))
    try:
        with _stdout_may_close(), interrupt.deferred(stop), closing(outcomes), _audit_sink(audit_path) as audit_sink, reporter:
            for outcome in outcomes:  # once stopped, ends after the documents in hand
                _emit(outcome, audit_sink, reporter)
    except KeyboardInterrupt:  # a second Ctrl-C: the log is not committed
        reporter.summary("Finished outputs are kept; the audit log was not written.")
        raise typer.Exit(interrupt.EXIT_INTERRUPTED) from None
    except _LogNotWritten as error:
        reporter.error(str(error))
        reporter.summary()
        raise typer.Exit(1) from None
    if stop.requested:
        reporter.summary("Finished outputs and their audit records are kept; run the same command again to finish.")
        raise typer.Exit(interrupt.EXIT_INTERRUPTED)
    reporter.summary()
    if reporter.counts.failed:
        raise typer.Exit(1)


def _emit(outcome: document.Outcome, audit_sink: BinaryIO, reporter=None) -> None:
    """One document's result: its failure named, or its text and audit lines written."""
    if outcome.error:
        if reporter is None:
            _say(outcome.error)
        else:
            reporter.error(outcome.error)
    else:
        if outcome.output is not None:
            stdout = files.NamedWrites(sys.stdout.buffer, files.STANDARD_OUTPUT)
            stdout.write(outcome.output.encode("utf-8"))
            stdout.flush()
        audit_sink.write(outcome.audit)
    if reporter is not None:
        reporter.counts.add(
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
        _say(f"{source}: {error.strerror or error}")
        raise typer.Exit(1) from None
    reporter = Reporter(records.size, unit="bytes", noun="records")
    with _stdout_may_close(), closing(records), interrupt.deferred() as stop, reporter:
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
            if getattr(error, "filename", None) == files.STANDARD_OUTPUT:
                raise  # _stdout_may_close's to report
            where = f"{error.filename}: {error.strerror}" if getattr(error, "filename", None) else f"{source}: {error}"
            reporter.error(f"{where}; nothing was written")
            raise typer.Exit(1) from None
        except _LogNotWritten as error:
            reporter.error(str(error))
            raise typer.Exit(1) from None
        reporter.summary()
    if reporter.counts.failed:
        raise typer.Exit(1)


class _Interrupted(Exception):
    """A run stopped at the user's request (first Ctrl-C)."""


def _audit_target(audit_path: str | None) -> Path | None:
    return None if audit_path in (None, "-") else Path(audit_path)


class _LogNotWritten(Exception):
    """The audit log file could not be written (a full disk, say); one line."""


@contextmanager
def _audit_sink(audit_path: str | None) -> Iterator[BinaryIO]:
    """Where audit lines go: a file that appears when complete, stdout, or
    nowhere. A log file that cannot be written raises _LogNotWritten."""
    audit_target = _audit_target(audit_path)
    if audit_target is not None:
        created = False
        try:
            with files.atomic_writer(audit_target) as handle:
                created = True
                yield handle
        except OSError as error:
            # Creating the log, or writing or closing it (whose errors name
            # it): the log's failure. Any other is the run's own.
            if created and error.filename != str(audit_target):
                raise
            raise _LogNotWritten(f"{audit_target}: {error.strerror or error}; the audit log was not written") from None
    elif audit_path == "-":
        yield files.NamedWrites(sys.stdout.buffer, files.STANDARD_OUTPUT)
    else:
        yield io.BytesIO()  # no log asked for: lines are dropped


def _clean_diff(
    inputs: list[str], output: str | None, audit_path: str | None, settings: batch.Settings, fmt: str
) -> None:
    """`clean --diff`: one document cleaned in memory, its diff on stdout."""
    import json

    from . import audit, diff
    from .termfmt import Painter, wants_colour

    if output is not None or audit_path is not None:
        _fail_usage("--diff is a dry run that writes only the diff; drop -o and --audit")
    if len(inputs) > 1 or any(Path(p).is_dir() for p in inputs if p != "-"):
        _fail_usage("--diff shows one document: give one file, or none for standard input")
    try:
        job = files.plan(inputs, None, fmt=fmt)[0]
        context = settings.context()
    except (files.UsageError, RuleError) as error:
        _fail_usage(str(error))
    outcome = document.run(job, context)
    if outcome.error:
        _say(outcome.error)
        raise typer.Exit(1)
    removals = [json.loads(line) for line in outcome.audit.splitlines()[1:]]
    original = audit.restore(outcome.output, removals)
    with _stdout_may_close():
        sys.stdout.write(diff.unified(job.doc, original, removals, Painter(wants_colour(sys.stdout))))
        sys.stdout.flush()


@contextmanager
def _stdout_may_close() -> Iterator[None]:
    """A reader that stops early (`| head`, `| less` then q) ends the output
    quietly instead of with a traceback; standard output that cannot be
    written otherwise (a full disk) is one line and exit 1."""
    try:
        yield
    except BrokenPipeError as error:
        if error.filename not in (None, files.STANDARD_OUTPUT):
            raise  # a named output's reader ended: that output is incomplete
        # Python would report the pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except OSError as error:
        if error.filename != files.STANDARD_OUTPUT:
            raise
        _say(f"{files.STANDARD_OUTPUT}: {error.strerror}")
        raise typer.Exit(1) from None


def _open_log(path: str):
    """The documents of an audit log; a missing file is a usage error."""
    from . import audited

    if path != "-" and not Path(path).is_file():
        _fail_usage(f"{path}: no such audit log")
    return audited.read(path)


def _fail_audit(error: Exception) -> None:
    _say(str(error))
    raise typer.Exit(1)


TextFieldOption = Annotated[
    str, typer.Option("--text-field", help="For a --jsonl run's output: the field holding the clean text.")
]
IdFieldOption = Annotated[
    Optional[str],
    typer.Option("--id-field", help="For a --jsonl run's output: the field the log names records by "
                 "(as given to `cleaner clean`; without it, records are found by line number)."),
]


@app.command()
def review(
    audit_path: Annotated[str, typer.Argument(metavar="AUDIT", help="The JSONL audit log ('-': standard input).")],
    rule: Annotated[
        Optional[list[str]], typer.Option("--rule", help="Only spans of rules whose id or name starts with this (repeatable).")
    ] = None,
    category: Annotated[Optional[list[str]], typer.Option("--category", help="Only spans of this category (repeatable).")] = None,
    doc: Annotated[Optional[list[str]], typer.Option("--doc", help="Only documents whose name matches this glob pattern (repeatable).")] = None,
    sample: Annotated[
        Optional[int], typer.Option("--sample", min=1, help="A random sample of this many spans per rule, to check a rule's precision.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="The sample's seed: the same seed draws the same sample.")] = 0,
    clean_root: Annotated[
        Optional[Path],
        typer.Option("--clean", help="The clean text the log was written with: the -o folder of `cleaner clean` "
                     "(or the file, for one document; or the .jsonl[.gz] output of a --jsonl run). "
                     "Default: the audit log's folder."),
    ] = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = None,
    html_path: Annotated[
        Optional[Path], typer.Option("--html", help="Write a self-contained HTML report here instead of listing spans.")
    ] = None,
    max_lines: Annotated[
        int, typer.Option("--max-lines", min=0, help="Lines shown of a long span, its head and tail (0: all).")
    ] = 12,
) -> None:
    """Every removed span, with its context and why it went.

    Each span with a line of context before and after, its document, offsets,
    rule, category and reason. Filters combine."""
    from . import audited, review as reviewing
    from .cleanrecords import CleanRecords, is_records_file

    if sample is not None and html_path is not None:
        _fail_usage("--sample draws spans to list; it does not combine with --html")
    selection = reviewing.Selection(tuple(rule or ()), tuple(category or ()), tuple(doc or ()))
    if clean_root is not None and not clean_root.exists():
        _fail_usage(f"{clean_root}: no such file or folder for --clean")
    root = clean_root if clean_root is not None else (Path(audit_path).parent if audit_path != "-" else None)
    if root is not None and is_records_file(root):
        root = CleanRecords(root, text_field, id_field)
    groups = ((h, r) for h, r in _open_log(audit_path) if selection.wants_document(h["doc"]))
    if selection.filters_spans and html_path is not None:
        groups = ((h, r) for h, r in groups if any(map(selection.wants, r)))
    missing: list[str] = []

    def documents():
        for original in audited.with_originals(groups, root):
            if original.problem is not None:
                missing.append(original.problem)
            yield original

    try:
        if html_path is not None:
            _write_report(html_path, documents(), Path(audit_path).name if audit_path != "-" else "standard input")
        else:
            _list_spans(documents(), selection, sample, seed, max_lines)
    except AuditError as error:
        _fail_audit(error)
    if missing:
        hint = "" if clean_root is not None else "; pass --clean with the file or folder the clean text was written to"
        _say(f"{len(missing)} document(s) shown without their text (first: {missing[0]}){hint}")


def _list_spans(documents, selection, sample: int | None, seed: int, max_lines: int) -> None:
    from . import review as reviewing
    from .termfmt import Painter, wants_colour

    paint = Painter(wants_colour(sys.stdout))
    found = reviewing.spans(documents, selection)
    with _stdout_may_close():
        if sample is None:
            for shown, removal in found:
                sys.stdout.write(reviewing.render(shown, removal, paint, max_lines))
        else:
            totals: dict[str, int] = {}

            def counted():
                for item in found:
                    totals[item[1]["rule"]] = totals.get(item[1]["rule"], 0) + 1
                    yield item

            for rule_id, chosen in reviewing.sample(counted(), sample, seed).items():
                sys.stdout.write(reviewing.sample_heading(rule_id, chosen, totals[rule_id], seed, paint))
                for shown, removal in chosen:
                    sys.stdout.write(reviewing.render(shown, removal, paint, max_lines))
        sys.stdout.flush()


def _write_report(path: Path, documents, title: str) -> None:
    from . import report

    with files.atomic_writer(path) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        stats = report.write(text, documents, title)
        text.flush()
        text.detach()
    _say(f"wrote {path}: {stats.documents:,} documents, {stats.spans:,} spans")


@app.command()
def stats(
    audit_path: Annotated[str, typer.Argument(metavar="AUDIT", help="The JSONL audit log ('-': standard input).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of tables.")] = False,
) -> None:
    """What a log removed, per rule and per category.

    Spans, characters, documents touched, share of all removed text and one
    example for each; most characters first."""
    import json

    from . import stats as counting

    try:
        counted = counting.collect(_open_log(audit_path))
    except AuditError as error:
        _fail_audit(error)
    with _stdout_may_close():
        if as_json:
            sys.stdout.write(json.dumps(counting.as_json(counted), ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(counting.as_text(counted))
        sys.stdout.flush()


@app.command()
def restore(
    clean_path: Annotated[
        str, typer.Argument(metavar="CLEAN", help="The clean text: the -o folder of `cleaner clean`, one file, "
                            "'-', or the .jsonl[.gz] output of a --jsonl run.")
    ],
    audit_path: Annotated[str, typer.Option("--audit", help="The audit log written with it.")],
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = None,
    doc: Annotated[Optional[list[str]], typer.Option("--doc", help="Only documents whose name matches this glob pattern (repeatable).")] = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Where the rebuilt input goes: a file for one document (default: "
                     "standard output), a folder for several (their names mirrored)."),
    ] = None,
) -> None:
    """Rebuild the original input from the clean text and the audit log.

    The decoded input, checked against the sha256 in each document's header;
    exit 1 if any does not match. For a --jsonl run, the records are written
    back with their text fields rebuilt."""
    from . import audited
    from .cleanrecords import CleanRecords, is_records_file

    if is_records_file(Path(clean_path)):
        if doc:
            _fail_usage("--doc picks documents of a folder run; a --jsonl run is restored whole")
        _restore_records(CleanRecords(Path(clean_path), text_field, id_field), audit_path, output)
        return
    try:
        groups = [(h, r) for h, r in _open_log(audit_path) if audited.matches(h["doc"], doc or ())]
    except AuditError as error:
        _fail_audit(error)
    if not groups:
        _fail_usage(f"{audit_path}: no document" + (" matches --doc" if doc else ""))
    one_text = clean_path == "-" or Path(clean_path).is_file()
    if not one_text and not Path(clean_path).is_dir():
        _fail_usage(f"{clean_path}: no such file or folder")
    if one_text and len(groups) > 1:
        _fail_usage(f"{clean_path} is one clean text but the log holds {len(groups)} documents; pick one with --doc")
    if len(groups) > 1 and (output is None or output == "-"):
        _fail_usage("several documents need -o OUTDIR for the rebuilt inputs")
    jobs = []  # (header, removals, where its clean text is, where its input goes)
    for header, removals in groups:
        source = None if clean_path == "-" else audited.clean_path(Path(clean_path), header["doc"])
        if output is None or output == "-":
            target = None
        elif len(groups) == 1 and not Path(output).is_dir():
            target = Path(output)
        else:
            target = Path(output) / audited.mirrored(header["doc"])
        if source is not None and target is not None and files.same_file(source, target):
            _fail_usage(f"{target}: the rebuilt input would overwrite the clean text; choose another -o")
        jobs.append((header, removals, source, target))
    failures = 0
    for header, removals, source, target in jobs:
        try:
            if clean_path == "-":
                try:
                    clean_text = document.read_stdin().decode("utf-8")
                except DecodeError as error:
                    raise AuditError(f"standard input {error}") from None
            elif source is None:
                raise AuditError(f"{header['doc']}: no clean text at {Path(clean_path) / audited.mirrored(header['doc'])}")
            else:
                clean_text = source.read_bytes().decode("utf-8")
            original = audited.rebuild(header, removals, clean_text)
        except (AuditError, OSError, UnicodeDecodeError) as error:
            failures += 1
            _say(str(error))
            continue
        data = original.encode("utf-8", "surrogatepass")
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            files.write_atomic(target, data)
    if failures:
        _say(f"{failures} of {len(groups)} document(s) could not be restored")
        raise typer.Exit(1)
    _say(f"restored {len(groups)} document(s), each matching the sha256 in its header")


def _restore_records(records, audit_path: str, output: str | None) -> None:
    """The input corpus of a --jsonl run: each record of its output with the
    text field rebuilt from the log; a record the log does not hold (one
    passed through with an error) is written as it is."""
    from . import audit, audited, jsonl

    if not records.path.is_file():
        _fail_usage(f"{records.path}: no such file")
    restored = failures = 0
    try:
        groups = iter(_open_log(audit_path))
        pending = next(groups, None)
        with jsonl.open_output(output) as out:
            for record in records.records():
                if pending is None or record.name != records.name_in_log(pending[0]["doc"]):
                    out.write(record.data if record.data.endswith(b"\n") else record.data + b"\n")
                    continue
                header, removals = pending
                pending = next(groups, None)
                try:
                    record.value[records.text_field] = audited.rebuild(header, removals, record.value[records.text_field])
                    restored += 1
                except AuditError as error:  # the record is left out: the output holds verified inputs only
                    failures += 1
                    _say(f"{records.path}:{record.number}: {error}")
                    continue
                out.write(audit.json_line(record.value))
            if pending is not None:
                raise AuditError(f"{audit_path}: document {pending[0]['doc']!r} has no record in {records.path}")
    except (AuditError, OSError) as error:
        _fail_audit(error)
    if failures:
        _say(f"{failures} record(s) could not be restored")
        raise typer.Exit(1)
    _say(f"restored {restored} record(s), each matching the sha256 in its header")


rules_app = typer.Typer(no_args_is_help=True, help="List, explain and test the rules.")
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    Optional[list[Path]], typer.Option("--rules", help="A folder (or file) of extra TOML rule files, used with the default pack.")
]


def _load_rules(extra: list[Path], select: list[str] | None = None, ignore: list[str] | None = None):
    from . import ruleset

    try:
        rules = ruleset.load(extra)
    except RuleError as error:
        _fail_usage(str(error))
    if select:
        rules = rules.only(select)
    if ignore:
        rules = rules.without(ignore)
    return rules


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Only rules whose id or name starts with this.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Leave out rules whose id or name starts with this.")] = None,
) -> None:
    """Every active rule: the rule files' and the coded detectors'."""
    from . import rulebook

    active = _load_rules(list(rules or ()), select, ignore)
    with _stdout_may_close():
        sys.stdout.write(rulebook.listing(active, include_coded=not select))
        sys.stdout.flush()


@rules_app.command("explain")
def rules_explain(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id (RL001) or name (related.heading).")],
    rules: RulesOption = None,
) -> None:
    """A rule's why, pattern or phrases, examples and file."""
    from . import coded_rules, rulebook

    active = _load_rules(list(rules or ()))
    found = next((r for r in active.rules if rule_id in (r.id, r.name)), None)
    if found is not None:
        sys.stdout.write(rulebook.explain(found))
        return
    coded = next((r for r in coded_rules.CODED_RULES if rule_id in (r.id, r.name)), None)
    if coded is None:
        _fail_usage(f"no rule {rule_id} in the rule files or the coded detectors; `cleaner rules list` shows them")
    sys.stdout.write(rulebook.explain_coded(coded))


@rules_app.command("test")
def rules_test(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="Rule files or folders to test (default: every active rule).", show_default=False)
    ] = None,
    rules: RulesOption = None,
) -> None:
    """Run every rule's own examples, and exit 1 if one fails.

    Matches must fire, keeps must not, and each example must clean to its
    after by this rule alone."""
    from . import rulecheck

    paths = list(paths or ())
    active = _load_rules(list(rules or ()) + paths)
    tested = [r for r in active.rules if not paths or any(_within(Path(r.origin), p) for p in paths)]
    cases = rulecheck.cases(tested)
    failed = 0
    for case in cases:
        problem = rulecheck.failure(case)
        if problem is not None:
            failed += 1
            typer.echo(f"FAIL {case.id} {case.rule.name} ({case.rule.origin}): {problem}")
    typer.echo(f"{len(tested)} rule{'s' * (len(tested) != 1)}, {len(cases)} checks: {len(cases) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _within(path: Path, given: Path) -> bool:
    path, given = path.resolve(), given.resolve()
    return path == given or given in path.parents
