"""Load, check and compile rule files. The only module that reads them.

A rule file is TOML with `[[rule]]` tables (rules/README.md has the format).
A rule either lists `phrases` (label lines such as "Impressum" or "Accept
all", looked up in a dictionary) or gives a `pattern` for the regex module.
Every problem is a RuleError naming the file and the rule.

Compiling is the slow part of loading: the regex module parses patterns in
Python at several microseconds a character, a quarter of a second for the
pack. A rule's pattern compiles on its first use; `RuleSet.prepare` compiles
them all, for the context that cleaner.contextcache keeps between processes.
The bundled pack is proven to compile by its own tests; rule files a user
adds are compiled and checked as they load, so their errors show at once.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, NamedTuple

import ahocorasick
import regex

from .removal import CATEGORIES

KINDS = ("line", "span", "section", "protect")
# What a section rule's heading takes with it: the teaser list under it, or
# the one paragraph under it (an author box's name and bio).
BODIES = ("teasers", "paragraph")
_ID = re.compile(r"[A-Z]{2}\d{3}")
_SLUG = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*")
_LANGUAGE = re.compile(r"[a-z]{2,3}|any")
_DEFINE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DEFINE_USE = re.compile(r"<<([a-z][a-z0-9_]*)>>")
_KNOWN_KEYS = frozenset(
    {
        "id", "name", "category", "kind", "pattern", "phrases", "why", "matches", "keeps",
        "example", "stop", "case_sensitive", "keywords", "max_chars", "body",
    }
)  # fmt: skip
# The origin recorded for rules of the bundled pack: stable across machines,
# unlike the path the package happens to be installed at.
_PACK_ORIGIN = "rules/{name}"
# How many leading characters of a line pick its candidate pattern rules:
# three tell "Die" from "Dat(enschutz)"; more would remember too many starts.
_START = 3
# Phrase lines are compared without case, extra spaces, and the decoration
# around a label ("Newsletter:", "Weiterlesen »", "- Anzeige -"); a line of
# several labels joined by bars or dots ("Impressum | Datenschutz") matches
# when every label is one of the same rule's phrases.
_PHRASE_EDGES = " \t:.!?»«›‹→←>|·•…-–—"
_PHRASE_SEPARATORS = re.compile(r"\s*[|·•]\s*")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and rule."""


def phrase_key(text: str) -> str:
    """How a line and a phrase are compared: casefolded, spaces collapsed, undecorated."""
    return " ".join(text.casefold().split()).strip(_PHRASE_EDGES)


def phrase_parts(text: str) -> list[str]:
    """The labels of a line, split at bars and dots, each as a phrase key."""
    return [key for part in _PHRASE_SEPARATORS.split(text) if (key := phrase_key(part))]


class Example(NamedTuple):
    before: str
    after: str


class Hit(NamedTuple):
    """A rule that fired on a line, and which language's phrasing it was."""

    rule: Rule
    language: str


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    name: str
    category: str  # "protect" for protect rules, which remove nothing
    kind: str
    why: str
    origin: str
    patterns: tuple[tuple[str, str], ...]  # (language, pattern) side by side; () for phrase rules
    phrases: tuple[tuple[str, tuple[str, ...]], ...]  # (language, phrases); () for pattern rules
    matches: tuple[str, ...]
    keeps: tuple[str, ...]
    examples: tuple[Example, ...]
    case_sensitive: bool = False
    stop: str | None = None
    keywords: tuple[str, ...] = ()  # casefolded; when given, a line must hold one of them
    max_chars: int | None = None  # when given, longer lines are never this rule's
    body: str = "teasers"  # a section rule's: one of BODIES

    @cached_property
    def compiled(self) -> regex.Pattern:
        """The pattern, one named group per language (compiled on first use,
        or unpickled then: see __getstate__)."""
        pickled = self.__dict__.pop("_pickled_pattern", None)
        if pickled is not None:
            return pickle.loads(pickled)
        groups = {f"{self.id}_{language}" for language, _ in self.patterns}
        return _compile(_join(self.patterns, self.case_sensitive, self.id), self.kind, groups, self._fail)

    def __getstate__(self) -> dict:
        # A context kept between processes (cleaner.contextcache) holds every
        # rule compiled, but one page tries a few dozen of its patterns: each
        # stays pickled until then. Unpickling them all was most of the time
        # a process took to load the context.
        state = dict(self.__dict__)
        if "compiled" in state:
            state["_pickled_pattern"] = pickle.dumps(state.pop("compiled"), protocol=pickle.HIGHEST_PROTOCOL)
        return state

    @cached_property
    def compiled_stop(self) -> regex.Pattern | None:
        if self.stop is None:
            return None
        return _compile(self.stop if self.case_sensitive else f"(?i:{self.stop})", "line", set(), self._fail)

    @cached_property
    def phrase_languages(self) -> dict[str, str]:
        """Each phrase key, with the language it is listed under."""
        return {phrase_key(p): language for language, phrases in self.phrases for p in phrases}

    def check(self) -> None:
        """Compile now, so that a broken pattern is reported before any cleaning."""
        if self.patterns:
            self.compiled
        self.compiled_stop

    def match(self, text: str, timeout: float, folded: str | None = None) -> Hit | None:
        """This rule on one line's words: the whole line, or for a span rule, anywhere in it.

        `folded` is `text.casefold()` when the caller has it already. Raises
        TimeoutError when the pattern takes longer than `timeout` seconds.
        """
        if self.phrases:
            languages = {self.phrase_languages.get(part) for part in phrase_parts(text)}
            return Hit(self, min(languages)) if languages and None not in languages else None
        if self.max_chars and len(text) > self.max_chars:
            return None
        if self.keywords:
            if folded is None:
                folded = text.casefold()
            if not any(map(folded.__contains__, self.keywords)):
                return None
        return self.pattern_match(text, timeout)

    def pattern_match(self, text: str, timeout: float) -> Hit | None:
        """The pattern alone, on a line that passed the rule's screens
        (`max_chars`, `keywords`)."""
        if self.kind == "span":
            found = self.compiled.search(text, timeout=timeout)
        else:
            found = self.compiled.fullmatch(text, timeout=timeout)
        return Hit(self, self.language_of(found)) if found else None

    def language_of(self, match: regex.Match) -> str:
        """Which of the rule's side-by-side phrasings matched."""
        for language, _ in self.patterns:
            if match.group(f"{self.id}_{language}") is not None:
                return language
        return self.patterns[0][0]

    def may_start_with(self, start: str) -> bool:
        """Whether a line beginning with `start` could match (span rules: always)."""
        return self.kind == "span" or self.compiled.fullmatch(start, partial=True) is not None

    def _fail(self, problem: str) -> RuleError:
        return RuleError(f"{self.origin}: rule {self.id}: {problem}")


class SpanMatches(NamedTuple):
    """The span rules' matches in one line: (hit, start, end) in the line,
    and the rules that ran out of time on it (they are skipped there)."""

    found: tuple[tuple[Hit, int, int], ...]
    timed_out: tuple[str, ...]


@dataclass
class _LastLine:
    """What a RuleSet worked out about the line it was last asked about:
    the rules detector asks about each line for up to three kinds in a row
    (protect, line, section)."""

    text: str | None = None
    labels: list[str] = field(default_factory=list)  # phrase_parts(text)
    admitted: list[int] | None = None  # pack positions of the rules whose keywords it holds, once asked


# Lines whose verdicts are remembered, at most (then the memory starts over):
# some megabytes at most, more than the distinct chrome lines of many sites.
_VERDICTS_REMEMBERED = 1 << 15


@dataclass(frozen=True)
class RuleSet:
    """The active rules, and a fast way to find which may fire on a line.

    Phrase rules are one dictionary lookup per line. A pattern costs
    microseconds per line even when it fails at the first character, so a
    line is only tried against the pattern rules that can start the way it
    starts (its first characters put to each pattern with the regex module's
    partial matching, once per distinct start, then remembered), and
    `keywords` and `max_chars` screen out those that can start anywhere. The
    memo is a pure function of the rules: it never changes a result, only
    how fast it comes. So are the remembered verdicts on whole lines: pages
    share their menus and footers, and every cleaning pass sees the page's
    lines again.
    """

    rules: tuple[Rule, ...]
    _by_start: dict[tuple[str, str], tuple[Rule, ...]] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )
    _verdicts: dict[tuple[str, str], Hit | SpanMatches | None] = field(default_factory=dict, repr=False, compare=False, hash=False)
    _last: _LastLine = field(default_factory=_LastLine, repr=False, compare=False, hash=False)

    @cached_property
    def digest(self) -> str:
        """A short fingerprint of the active rules, stamped into every audit header."""
        canonical = [
            [r.id, r.name, r.category, r.kind, r.patterns, r.phrases, r.case_sensitive, r.stop, r.keywords, r.max_chars, r.body]
            for r in self.rules
        ]
        return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()[:16]

    @cached_property
    def _phrase_index(self) -> dict[tuple[str, str], tuple[Rule, ...]]:
        index: dict[tuple[str, str], list[Rule]] = {}
        for rule in self.rules:
            for key in rule.phrase_languages:
                index.setdefault((rule.kind, key), []).append(rule)
        return {key: tuple(rules) for key, rules in index.items()}

    @cached_property
    def _position(self) -> dict[str, int]:
        return {rule.id: position for position, rule in enumerate(self.rules)}

    def first_match(self, kind: str, text: str, timeout: float, folded: str | None = None) -> Hit | None:
        """The first rule of `kind`, in pack order, matching the whole line `text`."""
        key = (kind, text)
        if key in self._verdicts:
            return self._verdicts[key]
        hit = self._first_match(kind, text, timeout, folded)  # a timeout raises: nothing is remembered
        self._remember(key, hit)
        return hit

    def span_matches(self, text: str, timeout: float, folded: str | None = None) -> SpanMatches:
        """Every match of the span rules inside the line `text`."""
        key = ("span matches", text)
        if key in self._verdicts:
            return self._verdicts[key]
        matches = self._span_matches(text, timeout, folded)
        if not matches.timed_out:  # a line cut short by a timeout may finish next time
            self._remember(key, matches)
        return matches

    def _remember(self, key: tuple[str, str], verdict: Hit | SpanMatches | None) -> None:
        if len(self._verdicts) >= _VERDICTS_REMEMBERED:
            self._verdicts.clear()
        self._verdicts[key] = verdict

    def _span_matches(self, text: str, timeout: float, folded: str | None) -> SpanMatches:
        found: list[tuple[Hit, int, int]] = []
        timed_out: list[str] = []
        for rule in self._candidates("span", text, folded):
            try:
                if rule.pattern_match(text, timeout) is None:
                    continue
                matches = list(rule.compiled.finditer(text, timeout=timeout))
            except TimeoutError:
                timed_out.append(rule.id)
                continue
            found.extend((Hit(rule, rule.language_of(m)), m.start(), m.end()) for m in matches if m.end() > m.start())
        return SpanMatches(tuple(found), tuple(timed_out))

    def _first_match(self, kind: str, text: str, timeout: float, folded: str | None) -> Hit | None:
        phrase_hit = self._phrase_match(kind, self._about(text).labels)
        limit = self._position[phrase_hit.rule.id] if phrase_hit else len(self.rules)
        for rule in self._candidates(kind, text, folded):
            if self._position[rule.id] > limit:
                break
            if (hit := rule.pattern_match(text, timeout)) is not None:
                return hit
        return phrase_hit

    def _about(self, text: str) -> _LastLine:
        last = self._last
        if last.text != text:
            last.text, last.labels, last.admitted = text, phrase_parts(text), None
        return last

    def _candidates(self, kind: str, text: str, folded: str | None) -> list[Rule]:
        """The pattern rules of `kind` that pass their screens on the line
        `text` as Rule.match puts them, in pack order: those without keywords
        that can start the way it starts, and those whose keywords it holds
        (all found in one pass), each only if the line is short enough.

        Most lines hold no rule's keywords, so the rules with keywords (the
        whole bundled pack) are never looked at one by one."""
        about = self._about(text)
        if about.admitted is None:
            about.admitted = self._admitted(text.casefold() if folded is None else folded)
        keyed = [rule for rule in map(self.rules.__getitem__, about.admitted) if rule.kind == kind]
        unkeyed = self._pattern_candidates(kind, text)
        rules = sorted(keyed + list(unkeyed), key=self._position_of) if keyed and unkeyed else keyed or unkeyed
        return [rule for rule in rules if not (rule.max_chars and len(text) > rule.max_chars)]

    def _position_of(self, rule: Rule) -> int:
        return self._position[rule.id]

    @cached_property
    def _keyword_automaton(self) -> ahocorasick.Automaton | None:
        """Every rule's keywords in one Aho-Corasick automaton, each keyword
        with the pack positions of the rules it admits (None: no rule has keywords)."""
        admits: dict[str, set[int]] = {}
        for position, rule in enumerate(self.rules):
            for keyword in rule.keywords:
                admits.setdefault(keyword, set()).add(position)
        if not admits:
            return None
        automaton = ahocorasick.Automaton()
        for keyword, ids in admits.items():
            automaton.add_word(keyword, frozenset(ids))
        automaton.make_automaton()
        return automaton

    def _admitted(self, folded: str) -> list[int]:
        """The pack positions, in order, of the rules one of whose keywords `folded` holds.

        One pass of the automaton over the line finds every keyword in it,
        overlapping ones too. Putting each rule's keywords to the line in
        turn searched it once per keyword, hundreds of times: the largest
        cost of the rule pass, ten times this on dev-set lines of any length.
        """
        automaton = self._keyword_automaton
        if automaton is None:
            return []
        return sorted(frozenset().union(*(positions for _, positions in automaton.iter(folded))))

    def _phrase_match(self, kind: str, parts: list[str]) -> Hit | None:
        """A line whose every label is some phrase rule's: a row of chrome
        ("EN | Kontakt | Impressum"), credited to the rule with the most of its
        labels, then to the earliest in the pack."""
        if not parts:
            return None
        counts: dict[Rule, int] = {}
        for part in parts:
            rules = self._phrase_index.get((kind, part))
            if not rules:
                return None
            for rule in rules:
                counts[rule] = counts.get(rule, 0) + 1
        best = min(counts, key=lambda rule: (-counts[rule], self._position[rule.id]))
        language = next(best.phrase_languages[p] for p in parts if p in best.phrase_languages)
        return Hit(best, language)

    def _pattern_candidates(self, kind: str, text: str) -> tuple[Rule, ...]:
        """The pattern rules of `kind` without keywords that can start the way
        `text` starts, in pack order."""
        unkeyed = self._unkeyed.get(kind)
        if not text or not unkeyed:
            return ()
        key = (kind, text[:_START])
        rules = self._by_start.get(key)
        if rules is None:
            rules = tuple(r for r in unkeyed if r.max_chars or r.may_start_with(key[1]))
            self._by_start[key] = rules
        return rules

    @cached_property
    def _unkeyed(self) -> dict[str, tuple[Rule, ...]]:
        """Each kind's pattern rules without keywords, in pack order. Every
        pattern rule of the bundled pack has keywords, so no line's start
        needs looking at."""
        unkeyed: dict[str, list[Rule]] = {}
        for rule in self.rules:
            if rule.patterns and not rule.keywords:
                unkeyed.setdefault(rule.kind, []).append(rule)
        return {kind: tuple(rules) for kind, rules in unkeyed.items()}

    def prepare(self) -> None:
        """Compile every pattern and build every index now rather than on
        first use: for a rule set kept between processes (cleaner.contextcache)."""
        for rule in self.rules:
            rule.check()
            rule.phrase_languages
        self._phrase_index, self._position, self._keyword_automaton, self._unkeyed, self.digest

    def of_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def only(self, keep: Iterable[str]) -> RuleSet:
        """The rules whose id or name starts with one of `keep`."""
        wanted = tuple(keep)
        return RuleSet(tuple(r for r in self.rules if _selected(r, wanted)))

    def without(self, drop: Iterable[str]) -> RuleSet:
        """The rules but those whose id or name starts with one of `drop`."""
        unwanted = tuple(drop)
        return RuleSet(tuple(r for r in self.rules if not _selected(r, unwanted)))


def _selected(rule: Rule, prefixes: tuple[str, ...]) -> bool:
    return any(rule.id.startswith(p) or rule.name.startswith(p) for p in prefixes)


def default_rules_dir() -> Path:
    # The package's own folder, not importlib.resources: that costs
    # milliseconds of imports, and cleaner is never installed zipped.
    from . import rules

    return Path(rules.__file__).parent


def load(directories: Iterable[Path] = (), include_default: bool = True) -> RuleSet:
    """The default pack (unless excluded) plus every *.toml in `directories`.

    `[define]` tables name pattern fragments (month names, say) that any rule
    of any loaded file may use as <<name>>. Rules from `directories` are
    compiled at once; the bundled pack's on first use (or by `prepare`).
    """
    files: list[tuple[Path, str, bool]] = []
    if include_default:
        pack = default_rules_dir()
        files += [(p, _PACK_ORIGIN.format(name=p.name), False) for p in sorted(pack.glob("*.toml"))]
    for directory in directories:
        directory = Path(directory)
        if directory.is_file():
            files.append((directory, str(directory), True))
            continue
        if not directory.is_dir():
            raise RuleError(f"{directory}: no such rule file or directory")
        files += [(p, str(p), True) for p in sorted(directory.glob("*.toml"))]
    parsed = [(origin, eager, read_file(path, origin)) for path, origin, eager in files]
    defines: dict[str, str] = {}
    for origin, _, data in parsed:
        for name, fragment in data.get("define", {}).items():
            if not _DEFINE_NAME.fullmatch(name) or not isinstance(fragment, str):
                raise RuleError(f"{origin}: define {name!r}: names are lower_case, values pattern strings")
            if name in defines:
                raise RuleError(f"{origin}: define {name!r} is already defined in another file")
            defines[name] = fragment
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for origin, eager, data in parsed:
        for number, entry in enumerate(data.get("rule", []), 1):
            rule = _parse(entry, origin, number, defines)
            if rule.id in seen:
                raise RuleError(f"{origin}: rule {rule.id}: id already used in {seen[rule.id]}")
            if eager:
                rule.check()
            seen[rule.id] = origin
            rules.append(rule)
    return RuleSet(tuple(rules))


def read_file(path: Path, origin: str) -> dict:
    """The TOML of one rule file, checked for its top-level shape."""
    import tomllib  # only when a rule file is read: a cached context needs none

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleError(f"{origin}: cannot read rule file ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise RuleError(f"{origin}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"{origin}: not valid TOML ({error})") from None
    unknown = set(data) - {"rule", "define"}
    if unknown:
        raise RuleError(f"{origin}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    rules, defines = data.get("rule", []), data.get("define", {})
    if not isinstance(rules, list) or not isinstance(defines, dict) or not (rules or defines):
        raise RuleError(f"{origin}: expected [[rule]] tables and/or a [define] table")
    return data


def _expand(pattern: str, defines: dict[str, str], fail) -> str:
    """Replace <<name>> by its define, repeatedly (defines may use defines)."""
    for _ in range(10):
        names = _DEFINE_USE.findall(pattern)
        if not names:
            return pattern
        for name in names:
            if name not in defines:
                raise fail(f"<<{name}>> is not defined in any [define] table")
        pattern = _DEFINE_USE.sub(lambda m: f"(?:{defines[m.group(1)]})", pattern)
    raise fail("<<...>> defines nest more than 10 deep (a define uses itself?)")


def _parse(entry: dict, origin: str, number: int, defines: dict[str, str]) -> Rule:
    label = f"{origin}: rule {entry.get('id', f'#{number}')}"

    def fail(problem: str) -> RuleError:
        return RuleError(f"{label}: {problem}")

    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    rule_id = _required_str(entry, "id", fail)
    if not _ID.fullmatch(rule_id):
        raise fail("id must be two capital letters and three digits, e.g. RL001")
    name = _required_str(entry, "name", fail)
    kind = _required_str(entry, "kind", fail)
    if kind not in KINDS:
        raise fail(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    category = "protect" if kind == "protect" else _required_str(entry, "category", fail)
    if kind != "protect" and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; known: {', '.join(sorted(CATEGORIES))}")
    if not _SLUG.fullmatch(name) or name.split(".", 1)[0] != category:
        raise fail(f"name must be '{category}.<slug>' in lower case, not {name!r}")
    why = _required_str(entry, "why", fail)

    if ("pattern" in entry) == ("phrases" in entry):
        raise fail("needs either 'pattern' (a regular expression) or 'phrases' (label lines), not both")
    patterns: tuple[tuple[str, str], ...] = ()
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if "pattern" in entry:
        for language, pattern in _by_language(entry["pattern"], fail):
            if not isinstance(pattern, str) or not pattern.strip():
                raise fail(f"pattern ({language}) must be a non-empty string")
            patterns += ((language, _expand(pattern, defines, fail)),)
    else:
        if kind == "span":
            raise fail("span rules need a 'pattern'; phrases match whole lines")
        phrases = tuple((language, _phrase_list(value, language, fail)) for language, value in _by_language(entry["phrases"], fail))

    case_sensitive = entry.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise fail("case_sensitive must be true or false")
    matches = _strings(entry, "matches", fail)
    keeps = _strings(entry, "keeps", fail)
    examples = _examples(entry.get("example"), fail)
    stop = entry.get("stop")
    if stop is not None:
        if kind != "section" or not isinstance(stop, str):
            raise fail("stop is a pattern string, and only section rules have one")
        stop = _expand(stop, defines, fail)
    body = entry.get("body", "teasers")
    if body != "teasers" and kind != "section" or body not in BODIES:
        raise fail(f"body is one of {', '.join(BODIES)}, and only section rules have one")
    keywords = entry.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        raise fail("keywords must be a list of non-empty strings")
    keywords = tuple(k.casefold() for k in keywords)
    max_chars = entry.get("max_chars")
    if max_chars is not None and (not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 1):
        raise fail("max_chars must be a positive integer")
    if phrases and (keywords or max_chars or case_sensitive):
        raise fail("keywords, max_chars and case_sensitive apply to patterns, not phrases")
    for example in matches:
        if keywords and not any(k in example.casefold() for k in keywords):
            raise fail(f"matches example {example!r} holds none of the keywords, so the rule could never fire on it")
        if max_chars and len(example) > max_chars:
            raise fail(f"matches example {example!r} is longer than max_chars, so the rule could never fire on it")
    return Rule(
        id=rule_id,
        name=name,
        category=category,
        kind=kind,
        why=why,
        origin=origin,
        patterns=patterns,
        phrases=phrases,
        matches=matches,
        keeps=keeps,
        examples=examples,
        case_sensitive=case_sensitive,
        stop=stop,
        keywords=keywords,
        max_chars=max_chars,
        body=body,
    )


def _required_str(entry: dict, key: str, fail) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"needs a non-empty string '{key}'")
    return value


def _strings(entry: dict, key: str, fail) -> tuple[str, ...]:
    value = entry.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise fail(f"needs '{key}': a non-empty list of example lines")
    return tuple(value)


def _by_language(value, fail) -> list[tuple[str, object]]:
    """A value given once ("any" language) or as a table of language = value."""
    if not isinstance(value, dict):
        return [("any", value)]
    if not value:
        raise fail("the pattern or phrases table is empty")
    for language in value:
        if not _LANGUAGE.fullmatch(language):
            raise fail(f"language {language!r} must be a two- or three-letter code")
    return list(value.items())


def _phrase_list(value, language: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(p, str) for p in value):
        raise fail(f"phrases.{language} must be a non-empty list of strings")
    for phrase in value:
        if phrase_key(phrase) == "" or len(phrase_parts(phrase)) != 1:
            raise fail(f"phrase {phrase!r} is empty or holds a separator (| · •) once undecorated")
    return tuple(value)


def _examples(value, fail) -> tuple[Example, ...]:
    if not isinstance(value, list) or not value:
        raise fail("needs at least one [[rule.example]] with 'before' and 'after'")
    examples = []
    for item in value:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("before", "after")):
            raise fail("each example needs 'before' and 'after' strings")
        examples.append(Example(item["before"], item["after"]))
    return tuple(examples)


def _join(patterns: tuple[tuple[str, str], ...], case_sensitive: bool, prefix: str) -> str:
    alternatives = "|".join(f"(?P<{prefix}_{language}>{pattern})" for language, pattern in patterns)
    return alternatives if case_sensitive else f"(?i:{alternatives})"


def _compile(source: str, kind: str, groups: set[str], fail) -> regex.Pattern:
    try:
        compiled = regex.compile(source, regex.MULTILINE if kind == "span" else 0)
    except regex.error as error:
        raise fail(f"pattern does not compile ({error})") from None
    if compiled.groups != len(groups) or set(compiled.groupindex) != groups:
        # A capture group of the rule's own would clash with the groups that
        # tell which language's phrasing matched.
        raise fail("pattern has a capture group; use (?:...) instead")
    if compiled.search("") is not None:
        raise fail("pattern matches the empty string")
    if kind != "span" and compiled.fullmatch(" ") is not None:
        raise fail("pattern matches a blank line")
    return compiled
