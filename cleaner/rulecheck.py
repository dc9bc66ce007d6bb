"""A rule's own examples, checked: what `cleaner rules test` and the test suite run.

For each rule: its pattern compiles; every `matches` line fires it (this rule,
on its own); no `keeps` line does; every `example` cleans to its `after` with
the rule alone, and every removal is credited to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .config import DEFAULT
from .detectors.base import Context
from .pipeline import clean
from .ruleset import Example, Rule, RuleError, RuleSet

# Seconds a pattern may take on one example line: the cleaner's own per-line
# limit (config.regex_timeout), so an example that only passes slowly fails.
TIMEOUT = DEFAULT.regex_timeout
FIELDS = ("pattern", "matches", "keeps", "example")


@dataclass(frozen=True)
class Case:
    rule: Rule
    field: str  # one of FIELDS
    index: int
    value: str | Example | None  # None for "pattern"

    @property
    def id(self) -> str:
        return f"{self.rule.id}-{self.field}-{self.index}"


def cases(rules: Iterable[Rule]) -> list[Case]:
    """Every check of every rule, in rule order."""
    found = []
    for rule in rules:
        found.append(Case(rule, "pattern", 0, None))
        found += [Case(rule, "matches", i, line) for i, line in enumerate(rule.matches)]
        found += [Case(rule, "keeps", i, line) for i, line in enumerate(rule.keeps)]
        found += [Case(rule, "example", i, example) for i, example in enumerate(rule.examples)]
    return found


def failure(case: Case) -> str | None:
    """What is wrong, in a sentence, or None when the case holds."""
    rule = case.rule
    try:
        if case.field == "pattern":
            rule.check()
            return None
        if case.field == "matches":
            return None if rule.match(case.value, TIMEOUT) else f"does not fire on its matches line {case.value!r}"
        if case.field == "keeps":
            return f"fires on its keeps line {case.value!r}" if rule.match(case.value, TIMEOUT) else None
        return _example_failure(rule, case.value, case.index)
    except RuleError as error:
        return str(error)
    except TimeoutError:
        return f"timed out (over {TIMEOUT} s) on {case.field} #{case.index}"


def _example_failure(rule: Rule, example: Example, index: int) -> str | None:
    # The rule alone, without the heuristics: the example shows what this
    # rule does, not what the whole cleaner would.
    cleaned = clean(example.before, Context(RuleSet((rule,)), DEFAULT, heuristics=False))
    if cleaned.output != example.after:
        return f"example #{index} cleans to {cleaned.output!r}, not to its after {example.after!r}"
    credited = {r.rule for r in cleaned.removals if r.category != "whitespace"}
    wanted = {rule.id} if example.before != example.after else set()
    if credited != wanted:
        return f"example #{index}: removals credited to {sorted(credited)}, expected {sorted(wanted)}"
    return None

