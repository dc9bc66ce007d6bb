"""`cleaner rules list` and `rules explain`: the active rules, described.

Rules from rule files (the bundled pack and the user's `--rules`) and the
coded detectors' rule ids side by side, so that any id an audit log holds
can be looked up.
"""

from __future__ import annotations

import textwrap

from .coded_rules import CODED_RULES, CodedRule
from .ruleset import Rule, RuleSet
from .termfmt import table, visible


def listing(rules: RuleSet, include_coded: bool = True) -> str:
    """One row a rule: id, name, kind, languages, origin."""
    rows = [[r.id, r.name, r.kind, ",".join(_languages(r)), r.origin] for r in rules.rules]
    if include_coded:
        rows += [[c.id, c.name, "coded", "", c.origin] for c in CODED_RULES]
    return table(["id", "name", "kind", "languages", "origin"], rows)


def explain(rule: Rule) -> str:
    """Everything a rule file says about a rule, laid out to read."""
    out = [
        f"{rule.id} {rule.name}",
        f"  category: {rule.category}",
        f"  kind:     {rule.kind}",
        f"  file:     {rule.origin}",
        "",
        "why:",
        *_indented(" ".join(rule.why.split())),
    ]
    if rule.patterns:
        out += ["", "pattern:" + (" (case-sensitive)" if rule.case_sensitive else " (any case)")]
        out += [f"  {language}: {pattern.strip()}" for language, pattern in rule.patterns]
    if rule.phrases:
        out += ["", "phrases (whole lines, any case, decoration ignored):"]
        out += [f"  {language}: " + " | ".join(phrases) for language, phrases in rule.phrases]
    if rule.stop:
        out += ["", f"stops at: {rule.stop.strip()}"]
    if rule.keywords:
        out += ["", "only tried on lines holding one of: " + ", ".join(map(visible, rule.keywords))]
    if rule.max_chars:
        out += ["", f"only tried on lines of at most {rule.max_chars} characters"]
    out += ["", "fires on:", *(f"  {line!r}" for line in rule.matches)]
    out += ["", "keeps:", *(f"  {line!r}" for line in rule.keeps)]
    for number, example in enumerate(rule.examples, 1):
        out += ["", f"example {number}:", "  before:", *_block(example.before), "  after:", *_block(example.after)]
    return "\n".join(out) + "\n"


def explain_coded(rule: CodedRule) -> str:
    return "\n".join(
        [
            f"{rule.id} {rule.name}",
            f"  category: {rule.category}",
            "  kind:     coded (a detector in the cleaner's code, not a rule file)",
            f"  origin:   {rule.origin}",
            "",
            "why:",
            *_indented(rule.why),
        ]
    ) + "\n"


def _languages(rule: Rule) -> list[str]:
    return [language for language, _ in rule.patterns] + [language for language, _ in rule.phrases]


def _indented(text: str) -> list[str]:
    return textwrap.wrap(text, 76, initial_indent="  ", subsequent_indent="  ")


def _block(text: str) -> list[str]:
    """An example's text, each line behind a bar so blank lines and spaces show."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [f"    | {visible(line)}" for line in lines] or ["    (empty)"]
