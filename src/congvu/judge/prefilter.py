"""Try a regular expression only where it can match: the same matches, less scanning.

`required(pattern)` reads the pattern's parse tree once and returns literals of which **every**
match must contain at least one (e.g. `\\blien\\s*(?:he|lac)\\b` → ("lien",));
`may_match(pattern, text, lo, hi)` is False only when none of them stands inside `text[lo:hi]`, so
a match in that slice is impossible (used by `finditer` for patterns without known prefixes).

`prefixes_of(pattern)` goes further: the literals **every match starts with** ("gui", "nop",
"chuyen" for `(?<!kinh\\s)\b(?:gui|nop|chuyen…)…`). `Starts` finds their occurrences in a segment once
per pattern (one regex of their first characters, which the regex engine skips to in C), and
`finditer`/`search` then try the pattern only at those offsets inside a
window: the same matches as `pattern.finditer(text[lo:hi])`, since a match can start nowhere else,
tried in the same order with the same non-overlapping rule, on the same sliced string (so
lookbehinds, `^`, `$` and `\b` see exactly what they saw before). Patterns with no such prefixes
fall back to the plain search. Used where one segment is searched many times (the contact block's
labels around every address) or scanned whole with a large alternation (organisations, clause
breaks); for the short clause windows of the cue tables the plain regex is faster (bench/README.md).

Over a whole text (`finditer` with the text's own bounds: the organisations, the clause breaks)
`Starts.hits` goes one step further: one C pass of `hits_regex` (a first character, then the
pattern itself as a lookahead inside a one-character lookbehind) gives exactly the offsets where
the pattern matches, so the Python loop tries a handful instead of every prefix ("so", "thi",
"quan" stand in every sentence). `factored` regroups a pattern's alternations by first character
(the same matches, found with one check per first character instead of one per name).

Exactness is the point: neither tool changes a result, they only avoid work (tests check them
against the plain search on the real cue tables and realistic text).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

# the regex parser's tree and node names (re._parser / re._constants, stable since Python 3.11)
sre: Any = import_module("re._constants")
sre_parse: Any = import_module("re._parser")

Literals = frozenset[str]

_MIN_USEFUL = 2  # a one-character literal filters too little to pay for the check
_cache: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two requirements: longer shortest literal, then fewer literals."""
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _seq(items: Any, ignorecase: bool) -> Literals | None:
    """Literals one of which every match of the node sequence contains (None: none known)."""
    best: Literals | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best, run
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run = []

    for op, arg in items:
        if op is sre.LITERAL and not ignorecase:
            assert isinstance(arg, int)
            run.append(chr(arg))
            continue
        flush()
        best = _better(best, _node(op, arg, ignorecase))
    flush()
    return best


def _node(op: Any, arg: Any, ignorecase: bool) -> Literals | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        flags_i = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _seq(list(body), flags_i)
    if op is sre.ATOMIC_GROUP:
        return _seq(list(arg), ignorecase)
    if op is sre.BRANCH:
        _none, branches = arg
        union: set[str] = set()
        for branch in branches:
            req = _seq(list(branch), ignorecase)
            if req is None:
                return None
            union |= req
        return frozenset(union)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _seq(list(body), ignorecase) if low >= 1 else None
    # AT, ASSERT, ASSERT_NOT consume nothing (a lookaround's words need not stand in the match);
    # IN, ANY, NOT_LITERAL, CATEGORY, GROUPREF…: no literal known. Both: no requirement.
    return None


def literals_of(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literals one of which every match of `pattern` contains, longest first; None when the
    pattern gives none worth checking (case-insensitive patterns, bytes, one-character words)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    req = _seq(list(tree), False)
    if req is None or min(map(len, req)) < _MIN_USEFUL:
        return None
    return tuple(sorted(req, key=lambda s: (-len(s), s)))


def required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """`literals_of`, computed once per pattern."""
    try:
        return _cache[pattern]
    except KeyError:
        found = _cache[pattern] = literals_of(pattern)
        return found


def may_match(pattern: re.Pattern[str], text: str, lo: int = 0, hi: int | None = None) -> bool:
    """False only if `pattern` cannot match anywhere inside `text[lo:hi]` (searched as a slice)."""
    lits = required(pattern)
    if lits is None:
        return True
    if hi is None:
        hi = len(text)
    find = text.find
    return any(find(lit, lo, hi) >= 0 for lit in lits)


_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_MAX_PREFIXES = 128  # the state-body lexicon (judge/data/state_bodies.toml) starts with ~70 words
Prefixes = frozenset[tuple[str, bool]]  # (literal, whether a `\b` must hold just before it)


def _prefix_set(items: Any, boundary: bool) -> Prefixes | None:
    """The literals every match of the node sequence starts with, each with whether a `\b`
    stands before anything is consumed (None: not known)."""
    out = {("", boundary)}
    for op, arg in items:
        if op is sre.AT:
            if arg is sre.AT_BOUNDARY:
                out = {(p, b or p == "") for p, b in out}
            continue
        if op in _ZERO_WIDTH:
            continue  # a lookaround only restricts where a match may start
        if op is sre.LITERAL:
            assert isinstance(arg, int)
            out = {(p + chr(arg), b) for p, b in out}
            continue
        new: set[tuple[str, bool]] = set()
        for p, b in out:
            sub = _sub_prefixes(op, arg, b if p == "" else False)
            if sub is None:
                return _finish(out)  # the prefix ends before this node
            new |= {(p + q, b or bq if p == "" else b) for q, bq in sub}
        out = new
        break  # after anything but a literal the prefix ends
    return _finish(out)


def _finish(out: set[tuple[str, bool]]) -> Prefixes | None:
    if any(p == "" for p, _ in out) or len(out) > _MAX_PREFIXES:
        return None
    return frozenset(out)


def _sub_prefixes(op: Any, arg: Any, boundary: bool) -> Prefixes | None:
    if op is sre.IN and all(o is sre.LITERAL for o, _ in arg):
        return frozenset((chr(a), boundary) for _, a in arg)
    if op is sre.SUBPATTERN:
        _g, add_flags, del_flags, body = arg
        return None if (add_flags or del_flags) else _prefix_set(list(body), boundary)
    if op is sre.BRANCH:
        union: set[tuple[str, bool]] = set()
        for branch in arg[1]:
            part = _prefix_set(list(branch), boundary)
            if part is None:
                return None
            union |= part
        return frozenset(union)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _prefix_set(list(arg[2]), boundary)
    return None


_prefix_cache: dict[re.Pattern[str], tuple[tuple[str, bool], ...] | None] = {}


def prefixes_of(pattern: re.Pattern[str]) -> tuple[tuple[str, bool], ...] | None:
    """The literals every match of `pattern` starts with, each with whether `\b` holds just before
    it (a word character there is then never the start of a match, except at a slice's start);
    None when they are not known (case-insensitive patterns, a class or `\\s*` first, …)."""
    if pattern in _prefix_cache:
        return _prefix_cache[pattern]
    found: tuple[tuple[str, bool], ...] | None = None
    if isinstance(pattern.pattern, str) and not pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        got = _prefix_set(list(sre_parse.parse(pattern.pattern, pattern.flags)), False)
        if got:
            found = tuple(sorted((p, b and _is_word(p[0])) for p, b in got))
    _prefix_cache[pattern] = found
    return found


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\b` calls a word character (str patterns)


def _starts_regex(prefixes: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    """One regex whose matches are the offsets where a prefix starts: the prefix's first character
    (so that the regex engine skips every other character in C), `(?<!\\w\\w)` for "no word character
    before it" when `\b` must hold there, and the rest of the prefix as a lookahead. Each match is
    one character long, so overlapping occurrences are all found."""
    by_first: dict[tuple[str, bool], list[str]] = {}
    for prefix, boundary in prefixes:
        by_first.setdefault((prefix[0], boundary), []).append(prefix[1:])
    alternatives = []
    for (first, boundary), rests in sorted(by_first.items()):
        alt = re.escape(first) + (r"(?<!\w\w)" if boundary else "")
        if "" not in rests:
            alt += "(?=" + "|".join(re.escape(r) for r in sorted(rests, key=lambda r: (-len(r), r))) + ")"
        alternatives.append(alt)
    return re.compile("|".join(alternatives))


_starts_cache: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def starts_regex(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """`_starts_regex` of the pattern's prefixes, compiled once (None: no prefixes known)."""
    if pattern not in _starts_cache:
        prefixes = prefixes_of(pattern)
        _starts_cache[pattern] = None if prefixes is None else _starts_regex(prefixes)
    return _starts_cache[pattern]


class Starts:
    """Where matches of each pattern may start in one text: the offsets of its prefixes (with a
    non-word character or the text's start before them when `\b` must hold there), found in one
    pass per pattern on first use, ascending; and (`hits`) the offsets where it does match."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[re.Pattern[str], list[int] | None] = {}
        self._hits: dict[re.Pattern[str], list[int] | None] = {}

    def hits(self, pattern: re.Pattern[str]) -> list[int] | None:
        """The offsets u where `pattern.match(text, u)` succeeds (the whole text around it),
        ascending, found in one pass in C on first use (`hits_regex`); None: not known."""
        return self._offsets(self._hits, pattern, hits_regex)

    def of(self, pattern: re.Pattern[str]) -> list[int] | None:
        return self._offsets(self._at, pattern, starts_regex)

    def _offsets(
        self,
        found: dict[re.Pattern[str], list[int] | None],
        pattern: re.Pattern[str],
        regex_of: Callable[[re.Pattern[str]], re.Pattern[str] | None],
    ) -> list[int] | None:
        """Where `regex_of(pattern)` matches in the text (one pass, remembered in `found`)."""
        try:
            return found[pattern]
        except KeyError:
            pass
        rx = regex_of(pattern)
        at = None if rx is None else [m.start() for m in rx.finditer(self.text)]
        found[pattern] = at
        return at


def finditer(
    pattern: re.Pattern[str], text: str, lo: int, hi: int, starts: Starts | None
) -> Iterator[tuple[int, re.Match[str]]]:
    """(lo, match) for each match of `pattern.finditer(text[lo:hi])` (match offsets are in the
    slice: add lo), trying the pattern only where a match may start."""
    whole = lo == 0 and hi == len(text)
    window = text if whole else text[lo:hi]
    at = None
    if starts is not None:
        # over the whole text a match starts only where the pattern matches: only there is it tried
        at = starts.hits(pattern) if whole else None
        if at is None:
            at = starts.of(pattern)
    if at is None:
        if may_match(pattern, text, lo, hi):
            for plain in pattern.finditer(window):
                yield lo, plain
        return
    match = factored(pattern).match
    last = 0
    i = bisect_left(at, lo)
    if lo > 0 and (i == len(at) or at[i] != lo):
        # a slice's start counts as `\b` whatever stands before it in the text: a prefix that
        # starts right there may start a match although the text has a word character before it
        prefixes = prefixes_of(pattern) or ()
        if any(text.startswith(p, lo, hi) for p, _b in prefixes):
            m = match(window, 0)
            if m is not None:
                yield lo, m
                last = m.end() if m.end() > 0 else 1
    n = len(at)
    while i < n:
        u = at[i]
        i += 1
        if u >= hi:
            break
        r = u - lo
        if r < last:
            continue
        m = match(window, r)
        if m is not None:
            yield lo, m
            last = m.end() if m.end() > r else r + 1


def search(
    pattern: re.Pattern[str], text: str, lo: int, hi: int, starts: Starts | None
) -> re.Match[str] | None:
    """`pattern.search(text[lo:hi])` (offsets in the slice), tried only where a match may start."""
    for _lo, m in finditer(pattern, text, lo, hi, starts):
        return m
    return None


# --- the same pattern, its alternations grouped by first character ------------------------------

_EXPAND_CAP = 1024  # alternatives one alternation may be expanded into


def _has_groups(items: Any) -> bool:
    """Does the node sequence hold a capturing group or a group reference (not to be copied)?"""
    for op, arg in items:
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return True
        if op is sre.SUBPATTERN and (arg[0] is not None or _has_groups(arg[3])):
            return True
        if op is sre.BRANCH and any(_has_groups(b) for b in arg[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and _has_groups(arg[2]):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT) and _has_groups(arg[1]):
            return True
        if op is sre.ATOMIC_GROUP and _has_groups(arg):
            return True
    return False


def _expand(items: list[Any]) -> list[list[Any]] | None:
    """The alternative `items` written as alternatives that each start with a literal character,
    tried in the same order (`(?:a|b)c` → `ac|bc`, `[ab]c` → `ac|bc`); None when not possible."""
    if not items:
        return None
    op, arg = items[0]
    rest = items[1:]
    if op is sre.LITERAL:
        return [items]
    if rest and _has_groups(rest):
        return None  # copying a capturing group into several alternatives is not allowed
    if op is sre.IN and arg and all(o is sre.LITERAL for o, _ in arg):
        return [[(sre.LITERAL, a), *rest] for _, a in arg]  # one character: at most one can match
    if op is sre.BRANCH:
        out: list[list[Any]] = []
        for branch in arg[1]:
            got = _expand(list(branch) + rest)
            if got is None or len(out) + len(got) > _EXPAND_CAP:
                return None
            out += got
        return out
    if op is sre.SUBPATTERN and arg[0] is None and not arg[1] and not arg[2]:
        return _expand(list(arg[3]) + rest)
    return None


def _factor(items: list[Any], state: Any) -> list[Any]:
    """The node sequence with every alternation (outside case-insensitive parts) grouped by first
    character: `ubnd|uy ban|hdnd|hoi dong` → `u(?:bnd|y ban)|h(?:dnd|oi dong)`. At any offset only
    the alternatives starting with the character there can match, and they are still tried in
    their order, so the first that matches is the same; the regex engine then checks one first
    character per group instead of one per alternative."""
    out: list[Any] = []
    for op, arg in items:
        if op is sre.SUBPATTERN:
            group, add, rem, body = arg
            if not add and not rem:
                body = sre_parse.SubPattern(state, _factor(list(body), state))
            out.append((op, (group, add, rem, body)))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = arg
            out.append((op, (low, high, sre_parse.SubPattern(state, _factor(list(body), state)))))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, body = arg
            out.append((op, (direction, sre_parse.SubPattern(state, _factor(list(body), state)))))
        elif op is sre.ATOMIC_GROUP:
            out.append((op, sre_parse.SubPattern(state, _factor(list(arg), state))))
        elif op is sre.BRANCH:
            out.append((op, (None, _grouped(arg[1], state))))
        else:
            out.append((op, arg))
    return out


def _grouped(branches: list[Any], state: Any) -> list[Any]:
    expanded: list[list[Any]] = []
    for branch in branches:
        got = _expand(list(branch))
        if got is None or len(expanded) + len(got) > _EXPAND_CAP:
            return [sre_parse.SubPattern(state, _factor(list(b), state)) for b in branches]
        expanded += got
    groups: dict[int, list[list[Any]]] = {}
    for alt in expanded:
        groups.setdefault(alt[0][1], []).append(alt[1:])
    out = []
    for first, rests in groups.items():
        if len(rests) == 1:
            body = [(sre.LITERAL, first), *_factor(rests[0], state)]
        else:
            inner = _grouped([sre_parse.SubPattern(state, r) for r in rests], state)
            body = [(sre.LITERAL, first), (sre.BRANCH, (None, inner))]
        out.append(sre_parse.SubPattern(state, body))
    return out


_factored: dict[re.Pattern[str], re.Pattern[str]] = {}
sre_compiler: Any = import_module("re._compiler")


def factored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with its alternations grouped by first character (`_factor`): the same matches,
    groups and group names, found faster when an alternation has many words (the organisation
    names, the cue tables). Case-insensitive or bytes patterns are returned as they are."""
    try:
        return _factored[pattern]
    except KeyError:
        pass
    fast = pattern
    if isinstance(pattern.pattern, str) and not pattern.flags & (re.IGNORECASE | re.VERBOSE):
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        rebuilt = sre_parse.SubPattern(tree.state, _factor(list(tree), tree.state))
        fast = sre_compiler.compile(rebuilt, pattern.flags)
    _factored[pattern] = fast
    return fast


_hits_cache: dict[re.Pattern[str], re.Pattern[str] | None] = {}


def _hits_tree(bodies: list[Any], firsts: list[int], state: Any) -> Any:
    r"""[first characters](?<=(?=BODY)[\s\S]): one character where BODY matches (see `hits_regex`)."""
    body = sre_parse.SubPattern(state, bodies)
    any_char = (sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE), (sre.CATEGORY, sre.CATEGORY_NOT_SPACE)])
    behind = sre_parse.SubPattern(state, [(sre.ASSERT, (1, body)), any_char])
    items = [(sre.IN, [(sre.LITERAL, c) for c in firsts]), (sre.ASSERT, (-1, behind))]
    return sre_parse.SubPattern(state, items)


def hits_regex(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex whose matches (one character each) start where `pattern.match(text, offset)`
    succeeds: a first character of the pattern's prefixes, which the regex engine skips to in C,
    then a one-character lookbehind holding the pattern (`factored`) as a lookahead, so it is tried
    there, in C, with the whole text around it. None when the prefixes are not known."""
    if pattern not in _hits_cache:
        prefixes = prefixes_of(pattern)
        rx = None
        if prefixes is not None:
            tree = sre_parse.parse(pattern.pattern, pattern.flags)
            firsts = sorted({ord(p[0]) for p, _b in prefixes})
            rx = sre_compiler.compile(
                _hits_tree(_factor(list(tree), tree.state), firsts, tree.state), pattern.flags
            )
        _hits_cache[pattern] = rx
    return _hits_cache[pattern]
