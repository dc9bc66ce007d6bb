"""The review commands as users run them: clean --diff, review, stats, restore, rules.

On the seed pages and on a generated audit of 1,000 documents (the seeds'
real clean texts and logs, repeated under other names), and `restore` on
every dev-set page.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from .conftest import DEVSET, SEEDS
from .test_cli import run
from .test_ruleset_loader import GOOD

SEED_PAGES = sorted(SEEDS.glob("*.txt"))
CORPUS_SIZE = 1000


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """The seeds cleaned into a folder, the audit log beside the clean texts."""
    out = tmp_path_factory.mktemp("seeds") / "out"
    result = run("clean", SEEDS, "-o", out, "--audit", out / "audit.jsonl")
    assert result.returncode == 0, result.stderr
    return out, out / "audit.jsonl"


@pytest.fixture(scope="module")
def corpus(seed_run, tmp_path_factory):
    """1,000 documents in 10 folders: seed page n % 5 under the name part{n // 100}/page{n}.txt."""
    out, log = seed_run
    by_doc = {}
    for record in records(log):
        by_doc.setdefault(record["doc"], []).append(record)
    root = tmp_path_factory.mktemp("corpus")
    clean_dir = root / "clean"
    lines = []
    for n in range(CORPUS_SIZE):
        seed = SEED_PAGES[n % len(SEED_PAGES)].name
        doc = f"part{n // 100}/page{n:04}.txt"
        (clean_dir / doc).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / seed, clean_dir / doc)
        lines += [json.dumps({**record, "doc": doc}, ensure_ascii=False) + "\n" for record in by_doc[seed]]
    (root / "audit.jsonl").write_text("".join(lines), encoding="utf-8")
    return clean_dir, root / "audit.jsonl"


def _removals(log):
    return [r for r in records(log) if r["type"] == "removal"]


# stats


@pytest.mark.parametrize("which", ["seed_run", "corpus"])
def test_stats_json_adds_up_to_the_logs_totals(which, request):
    _, log = request.getfixturevalue(which)
    result = run("stats", log, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    removals = _removals(log)
    headers = [r for r in records(log) if r["type"] == "document"]
    totals = data["totals"]
    assert totals["documents"] == len(headers)
    assert totals["documents_touched"] == len({r["doc"] for r in removals})
    assert totals["spans"] == len(removals)
    assert totals["removed_chars"] == sum(r["end"] - r["start"] for r in removals)
    assert totals["input_chars"] == sum(h["chars"] for h in headers)
    for key in ("rules", "categories"):
        rows = data[key]
        assert sum(row["spans"] for row in rows) == totals["spans"]
        assert sum(row["chars"] for row in rows) == totals["removed_chars"]
        assert sum(row["share"] for row in rows) == pytest.approx(1.0, abs=1e-4)
        assert [row["chars"] for row in rows] == sorted((row["chars"] for row in rows), reverse=True)
    for row in data["rules"]:
        mine = [r for r in removals if r["rule"] == row["rule"]]
        assert row["documents"] == len({r["doc"] for r in mine})
        assert row["example"]["text"] == mine[0]["text"]


def test_stats_as_tables(seed_run):
    _, log = seed_run
    result = run("stats", log)
    assert result.returncode == 0
    text = result.stdout.decode()
    removals = _removals(log)
    chars = sum(r["end"] - r["start"] for r in removals)
    assert text.startswith(f"5 documents, 5 with removals; {len(removals)} spans removed {chars:,} of ")
    assert re.search(r"^RL001 related\.heading +2 +\d[\d,]* +2 +[\d.]+% +• Related Posts", text, re.MULTILINE)
    assert re.search(rf"^total +{len(removals)} +{chars:,} +5 +100\.0%", text, re.MULTILINE)
    assert "\x1b[" not in text


# review


def test_review_lists_every_span_with_context_plain_when_piped(seed_run):
    _, log = seed_run
    result = run("review", log)
    assert result.returncode == 0 and result.stderr == b""
    text = result.stdout.decode()
    removals = _removals(log)
    headings = re.findall(r"^(\S+)  line \d+, chars (\d+)-(\d+)  ([A-Z]{2}\d{3}) ", text, re.MULTILINE)
    assert headings == [(r["doc"], str(r["start"]), str(r["end"]), r["rule"]) for r in removals]
    assert "\x1b[" not in text
    block = text[text.index("002_c125226936afd0cc.txt  line 54") :].split("\n\n")[0].splitlines()
    assert block[1].startswith("  why: A related-posts heading and the teaser list under it.")
    assert block[2] == "  Source link"  # the nearest line before, though the rule BY006 removed it
    assert block[3] == "-   • Related Posts"
    assert block[-1] == "      Leave a Reply"  # context is indented by two


def test_review_filters_combine(seed_run):
    _, log = seed_run
    removals = _removals(log)

    def shown(*args):
        result = run("review", log, *args)
        assert result.returncode == 0, result.stderr
        return re.findall(r"^(\S+)  line \d+, chars \d+-\d+  ([A-Z]{2}\d{3}) ", result.stdout.decode(), re.MULTILINE)

    assert shown("--rule", "RL001") == [(r["doc"], "RL001") for r in removals if r["rule"] == "RL001"]
    assert shown("--category", "social-embed", "--doc", "000_*") == [
        (r["doc"], r["rule"]) for r in removals if r["category"] == "social-embed" and r["doc"].startswith("000_")
    ]
    assert shown("--rule", "BY", "--rule", "FT") == [(r["doc"], r["rule"]) for r in removals if r["rule"][:2] in ("BY", "FT")]
    assert shown("--rule", "RL001", "--category", "footer") == []


def test_review_samples_per_rule_reproducibly(corpus):
    clean_dir, log = corpus
    first = run("review", log, "--clean", clean_dir, "--sample", "3", "--seed", "7")
    again = run("review", log, "--clean", clean_dir, "--sample", "3", "--seed", "7")
    other = run("review", log, "--clean", clean_dir, "--sample", "3", "--seed", "8")
    assert first.returncode == 0 and first.stdout == again.stdout and first.stdout != other.stdout
    text = first.stdout.decode()
    per_rule = {}
    for r in _removals(log):
        per_rule[r["rule"]] = per_rule.get(r["rule"], 0) + 1
    headings = re.findall(r"^== ([A-Z]{2}\d{3}) \S+: (\d+) of (\d+) spans? \(seed 7\) ==$", text, re.MULTILINE)
    assert [(rule, int(total)) for rule, _, total in headings] == sorted(per_rule.items())
    assert all(int(n) == min(3, per_rule[rule]) for rule, n, _ in headings)
    sampled_docs = set(re.findall(r"^(part\d/page\d{4}\.txt)  line", text, re.MULTILINE))
    assert len({doc.split("/")[0] for doc in sampled_docs}) > 3  # drawn from across the corpus, not its head


def test_review_finds_the_clean_text_under_clean_and_says_when_it_cannot(corpus, tmp_path):
    clean_dir, log = corpus
    with_text = run("review", log, "--clean", clean_dir, "--doc", "part9/page0998.txt", "--rule", "FT001")
    assert with_text.returncode == 0 and with_text.stderr == b""
    assert with_text.stdout.decode().startswith("part9/page0998.txt  line ")  # a line number: the text was found
    moved = tmp_path / "audit.jsonl"
    shutil.copyfile(log, moved)
    without = run("review", moved, "--doc", "part9/*")
    assert without.returncode == 0
    assert b"100 document(s) shown without their text" in without.stderr and b"pass --clean" in without.stderr
    assert without.stdout.count(b"  why: ") == sum(1 for r in _removals(log) if r["doc"].startswith("part9/"))


def test_review_after_a_one_file_run_reads_the_page_beside_its_log(tmp_path):
    """`cleaner clean page.txt -o page.clean.txt --audit audit.jsonl` logs the
    page by the name it was given, so review finds the input beside the log,
    not the clean text; the input serves as the context all the same."""
    page = tmp_path / "page.txt"
    shutil.copyfile(SEED_PAGES[2], page)
    cleaned = run("clean", "page.txt", "-o", "page.clean.txt", "--audit", "audit.jsonl", cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    spans = _removals(tmp_path / "audit.jsonl")
    assert spans
    shown = run("review", "audit.jsonl", cwd=tmp_path)
    assert shown.returncode == 0 and shown.stderr == b""
    assert shown.stdout.decode().count("page.txt  line ") == len(spans)  # each span placed by its line
    restored = run("restore", "page.clean.txt", "--audit", "audit.jsonl", cwd=tmp_path)
    assert restored.returncode == 0 and restored.stdout == page.read_bytes()
    page.write_text("another page", encoding="utf-8")  # neither the input nor its clean text: said so
    stale = run("review", "audit.jsonl", cwd=tmp_path)
    assert stale.returncode == 0 and b"1 document(s) shown without their text" in stale.stderr


def test_review_shows_a_pages_control_characters_and_never_sends_them(tmp_path):
    """Scraped text may hold ESC sequences; printed raw they would recolour or
    retitle the reviewer's terminal. Review, stats and rules explain show them
    as ␛, ␇, ␀."""
    page = tmp_path / "page.txt"
    page.write_bytes(SEED_PAGES[2].read_bytes().replace(b"\n", b" \x1b]0;pwned\x07\x1b[31m\n", 1))
    cleaned = run("clean", "page.txt", "-o", "page.clean.txt", "--audit", "audit.jsonl", cwd=tmp_path)
    assert cleaned.returncode == 0, cleaned.stderr
    assert any(r["rule"] == "BY027" for r in _removals(tmp_path / "audit.jsonl"))
    for command in (["review", "audit.jsonl"], ["stats", "audit.jsonl"], ["rules", "explain", "BY027"]):
        shown = run(*command, cwd=tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert b"\x1b" not in shown.stdout and b"\x07" not in shown.stdout and b"\x00" not in shown.stdout, command
    assert "␛]0;pwned␇␛[31m" in run("review", "audit.jsonl", cwd=tmp_path).stdout.decode()


def test_review_of_a_broken_log_names_the_line(tmp_path):
    log = tmp_path / "audit.jsonl"
    log.write_text('{"type": "document", "doc": "a", "sha256": "x", "chars": 1}\nnot json\n', encoding="utf-8")
    result = run("review", log)
    assert result.returncode == 1 and f"{log}:2: not JSON".encode() in result.stderr
    missing = run("stats", tmp_path / "nope.jsonl")
    assert missing.returncode == 2 and b"no such audit log" in missing.stderr


# restore


def test_restore_rebuilds_every_seed_byte_for_byte(seed_run, tmp_path):
    out, log = seed_run
    result = run("restore", out, "--audit", log, "-o", tmp_path / "restored")
    assert result.returncode == 0, result.stderr
    for page in SEED_PAGES:
        assert (tmp_path / "restored" / page.name).read_bytes() == page.read_bytes()
    one = run("restore", out / SEED_PAGES[2].name, "--audit", log, "--doc", SEED_PAGES[2].name)
    assert one.returncode == 0 and one.stdout == SEED_PAGES[2].read_bytes()
    piped = run("restore", "-", "--audit", log, "--doc", "003_*", stdin=(out / SEED_PAGES[3].name).read_bytes())
    assert piped.returncode == 0 and piped.stdout == SEED_PAGES[3].read_bytes()


def test_restore_of_the_generated_corpus(corpus, tmp_path):
    clean_dir, log = corpus
    result = run("restore", clean_dir, "--audit", log, "-o", tmp_path / "restored")
    assert result.returncode == 0, result.stderr
    for n in (0, 1, 499, 999):
        rebuilt = tmp_path / "restored" / f"part{n // 100}" / f"page{n:04}.txt"
        assert rebuilt.read_bytes() == SEED_PAGES[n % 5].read_bytes()
    assert sum(1 for _ in (tmp_path / "restored").rglob("*.txt")) == CORPUS_SIZE


def test_restore_says_which_document_differs_and_where(seed_run, tmp_path):
    out, log = seed_run
    edited = tmp_path / "clean"
    shutil.copytree(out, edited)
    page = edited / "003_bc4d3fc0c37c5938.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("Putin has", "Putin hat"), encoding="utf-8")
    result = run("restore", edited, "--audit", log, "-o", tmp_path / "restored")
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    assert len(errors) == 2 and "1 of 5 document(s) could not be restored" in errors[1]
    assert re.match(r"cleaner: 003_bc4d3fc0c37c5938\.txt: the rebuilt text does not match the sha256 .*first difference in characters \d+\.\.\d+ \(lines? \d+", errors[0])
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == sorted(p.name for p in SEED_PAGES if p.name != page.name)


@pytest.mark.parametrize(
    "args, message",
    [
        (("restore", "CLEAN", "--audit", "LOG"), "several documents need -o OUTDIR"),
        (("restore", "CLEAN/000_8de9385505842622.txt", "--audit", "LOG"), "pick one with --doc"),
        (("restore", "CLEAN", "--audit", "LOG", "--doc", "nothing*"), "no document matches --doc"),
        (("restore", "CLEAN", "--audit", "LOG", "--doc", "000_*", "-o", "CLEAN/000_8de9385505842622.txt"), "would overwrite the clean text"),
        (("review", "LOG", "--sample", "2", "--html", "r.html"), "does not combine with --html"),
        (("clean", SEED_PAGES[0], "--diff", "-o", "x.txt"), "--diff is a dry run"),
        (("clean", SEEDS, "--diff"), "--diff shows one document"),
        (("rules", "explain", "ZZ999"), "no rule ZZ999"),
    ],
)
def test_usage_errors_exit_2(seed_run, args, message):
    out, log = seed_run
    args = [str(a).replace("CLEAN", str(out)).replace("LOG", str(log)) for a in args]
    result = run(*args)
    assert result.returncode == 2 and message in result.stderr.decode(), result.stderr
    assert result.stdout == b""


@pytest.mark.skipif(not (DEVSET / "text").is_dir(), reason=f"dev set not found at {DEVSET}; restore is checked on it only where it exists")
def test_restore_round_trips_every_devset_page(tmp_path):
    pages = sorted((DEVSET / "text").glob("*.txt"))
    cleaned = run("clean", DEVSET / "text", "-o", tmp_path / "clean", "--audit", tmp_path / "audit.jsonl", "--jobs", "2")
    assert cleaned.returncode == 0, cleaned.stderr.decode()[-2000:]
    restored = run("restore", tmp_path / "clean", "--audit", tmp_path / "audit.jsonl", "-o", tmp_path / "restored")
    assert restored.returncode == 0, restored.stderr.decode()[-2000:]
    differ = [p.name for p in pages if (tmp_path / "restored" / p.name).read_bytes() != p.read_bytes()]
    assert not differ and len(pages) == 680


# clean --diff


def test_clean_diff_is_a_plain_dry_run_when_piped(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(SEED_PAGES[2].read_bytes())
    result = run("clean", page, "--diff", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == b""
    text = result.stdout.decode()
    assert text.startswith(f"--- {page}\tinput\n+++ {page}\tclean\n@@ ")
    assert "\x1b[" not in text
    assert re.search(r"^@@ -\d+,\d+ \+\d+,\d+ @@ .*RL001 related\.heading", text, re.MULTILINE)
    assert "-  • Related Posts\n" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]  # nothing written
    from_stdin = run("clean", "--diff", stdin=page.read_bytes())
    assert from_stdin.stdout.decode().replace("--- -\t", f"--- {page}\t").replace("+++ -\t", f"+++ {page}\t") == text


# rules


def test_rules_list_has_the_pack_and_the_coded_detectors():
    result = run("rules", "list")
    assert result.returncode == 0
    rows = {line.split()[0]: line.split() for line in result.stdout.decode().splitlines()[1:]}
    assert rows["RL001"][1:3] == ["related.heading", "section"] and rows["RL001"][-1] == "rules/related.toml"
    assert rows["BP001"][1:3] == ["page-chrome.menu-run", "coded"]
    assert {"DU001", "DU004", "SH001", "WS001"} <= rows.keys()
    only = run("rules", "list", "--select", "FT")
    assert {line.split()[0] for line in only.stdout.decode().splitlines()[1:]} == {i for i in rows if i.startswith("FT")}


def test_rules_explain_a_file_rule_and_a_coded_one():
    result = run("rules", "explain", "RL002")
    text = result.stdout.decode()
    assert result.returncode == 0
    assert text.startswith("RL002 related.read-more\n  category: related\n  kind:     line\n  file:     rules/related.toml\n")
    assert "why:\n  A link that leads away from the page" in text and "  de: weiterlesen |" in text
    assert "fires on:\n  'Read more'" in text and "example 1:\n  before:\n    | " in text
    coded = run("rules", "explain", "duplicate.line")
    assert coded.returncode == 0 and coded.stdout.decode().startswith("DU002 duplicate.line\n  category: duplicate\n")


def test_rules_test_runs_the_pack_and_a_users_rules(tmp_path):
    pack = run("rules", "test")
    assert pack.returncode == 0 and re.fullmatch(rb"\d+ rules, \d+ checks: (\d+) passed, 0 failed\n", pack.stdout)
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir(), bad.mkdir()
    (good / "mine.toml").write_text(GOOD, encoding="utf-8")
    bad_rule = GOOD.replace("XX001", "XX002").replace('keeps = ["Do not grab yours, the adviser said."]', 'keeps = ["Grab yours"]')
    (bad / "mine.toml").write_text(bad_rule, encoding="utf-8")
    only_good = run("rules", "test", good)
    assert only_good.returncode == 0 and only_good.stdout == b"1 rule, 4 checks: 4 passed, 0 failed\n"
    failing = run("rules", "test", "--rules", good, "--rules", bad)
    assert failing.returncode == 1
    lines = failing.stdout.decode().splitlines()
    assert lines[0] == f"FAIL XX002-keeps-0 promo.test ({bad / 'mine.toml'}): fires on its keeps line 'Grab yours'"
    assert lines[-1].endswith(" passed, 1 failed")
    listed = run("rules", "list", "--rules", good)
    assert b"XX001  promo.test" in listed.stdout
