"""A string field's ``pattern``: which regular expressions both apps and OpenAPI read alike,
and example values that match one.

The apps check a pattern with Python's ``re`` (matched in full); the OpenAPI
document carries it for clients, whose tools read it as an ECMA-262 (JavaScript)
regular expression. :func:`pattern_problem` accepts the common part of the two
languages and refuses, by name, every construct that only one of them knows or
that they read differently. :func:`example` builds the ``n``-th value that
matches, for demo data, the contract suite's payloads and the validator's check
that ``min_length``/``max_length`` leave room for a match.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Hint = tuple[str, str]

SYNTAX_ESCAPES = frozenset("^$\\.*+?()[]{}|/-")
"""Characters both languages let a backslash make literal."""
CLASS_ESCAPES = frozenset("dDwWsSntrfv")
"""Escapes both languages read alike (``\\b`` and ``\\B`` too, outside a set)."""
GROUP_PROBLEMS = {
    "?P": "a Python-only named group",
    "?<": "a named group or lookbehind",
    "?=": "a lookahead",
    "?!": "a negative lookahead",
    "?#": "a Python-only comment",
    "?>": "an atomic group",
    "?(": "a conditional group",
}
ESCAPE_PROBLEMS = {
    "A": "\\A (Python only; the pattern is matched in full anyway)",
    "Z": "\\Z (Python only; the pattern is matched in full anyway)",
    "z": "\\z (not Python's)",
    "G": "\\G (neither language's)",
    "U": "\\U (Python only; write the character itself)",
    "N": "\\N{...} (Python only; write the character itself)",
    "a": "\\a (Python only)",
    "p": "\\p{...} (JavaScript only)",
    "P": "\\P{...} (JavaScript only)",
    "k": "\\k<...> (JavaScript only)",
    "c": "\\c (JavaScript only)",
}
FIX = "write it with plain characters, [sets], groups (?:...), | and quantifiers"
EXAMPLE_ATTEMPTS = 400
PREFERRED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
REPEAT_EXTRA = 3
"""How many repetitions past the minimum an example may use, for variety."""


def pattern_problem(pattern: str) -> Hint | None:
    """Why ``pattern`` cannot be a field's pattern (problem, fix), or None when it can."""
    found = _syntax_problem(pattern)
    if found is not None:
        return found
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            re.compile(pattern)
    except (re.error, FutureWarning, DeprecationWarning) as error:
        return f"pattern {pattern!r} is not a valid regular expression: {error}", FIX
    return None


def _syntax_problem(pattern: str) -> Hint | None:
    """The first construct Python and ECMA-262 disagree on (or that examples cannot follow)."""
    if any(ord(char) > 0xFFFF for char in pattern):
        return (
            f"pattern {pattern!r} holds a character beyond U+FFFF, which JavaScript reads "
            "as two halves",
            "match it with a set of the characters you mean, or leave it out",
        )
    in_set = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            found = _escape_problem(pattern, index, in_set)
            if found is not None:
                return found
            index += 2
            continue
        if in_set:
            if char == "[":
                return _refuse(pattern, "an unescaped [ inside a [set]", "write \\[")
            in_set = char != "]"
        elif char == "[":
            in_set = True
            # a set's own ^, and a ] right after the [, are not its end
            index += 2 if pattern[index + 1 : index + 2] == "^" else 1
            if pattern[index : index + 1] == "]":
                return _refuse(
                    pattern, "a ] first in a [set] (an empty set in JavaScript)", "write \\]"
                )
            continue
        elif char == "(" and pattern[index + 1 : index + 2] == "?":
            if pattern[index + 1 : index + 3] != "?:":
                two = pattern[index + 1 : index + 3]
                what = GROUP_PROBLEMS.get(two, "an inline flag such as (?i)")
                return _refuse(pattern, what, FIX)
        elif char == "{" and pattern[index + 1 : index + 2] == ",":
            return _refuse(pattern, "{,n} (Python only)", "write {0,n}")
        elif (
            char == "+"
            and index
            and pattern[index - 1] in "*+?}"
            and not _escaped(pattern, index - 1)
        ):
            return _refuse(pattern, "a possessive quantifier (Python only)", "drop the second +")
        index += 1
    return None


def _escape_problem(pattern: str, index: int, in_set: bool) -> Hint | None:
    following = pattern[index + 1 : index + 2]
    if not following:
        return None  # re.compile reports the dangling backslash
    if following in SYNTAX_ESCAPES or following in CLASS_ESCAPES:
        return None
    if following in "bB" and not in_set:
        return None
    if following == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", pattern[index + 2 : index + 4]):
        return None
    if following == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[index + 2 : index + 6]):
        return None
    if following == "0" and not pattern[index + 2 : index + 3].isdigit():
        return None
    if following.isdigit():
        return _refuse(pattern, "a backreference", "repeat the group's pattern instead")
    what = ESCAPE_PROBLEMS.get(following, f"the escape \\{following}")
    if following.isalnum() or following not in ESCAPE_PROBLEMS and not following.isprintable():
        return _refuse(pattern, what, FIX)
    return _refuse(
        pattern, what, f"write {following} without the backslash, or as \\x{ord(following):02x}"
    )


def _follows_quantifier(pattern: str, index: int) -> bool:
    """The character before ``index`` is an unescaped quantifier (``a*+`` is possessive)."""
    return index > 0 and pattern[index - 1] in "*+?}" and not _escaped(pattern, index - 1)


def _escaped(pattern: str, index: int) -> bool:
    """The character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and pattern[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _refuse(pattern: str, what: str, fix: str) -> Hint:
    return (
        f"pattern {pattern!r} uses {what}, which Python and JavaScript (OpenAPI) "
        "do not both read the same way",
        fix,
    )


def full_match(pattern: str) -> str:
    """The pattern as the apps' validators take it: anchored at both ends (Python)."""
    return rf"\A(?:{pattern})\Z"


def openapi_pattern(pattern: str) -> str:
    """The pattern as the OpenAPI document carries it: anchored, non-ASCII as ``\\uXXXX``.

    The same text drf-spectacular writes for Django's ``RegexValidator``.
    """
    anchored = pattern.encode("ascii", "backslashreplace").decode().replace(r"\x", r"\u00")
    return f"^(?:{anchored})$"


# --- examples ------------------------------------------------------------------------------


def example(
    pattern: str | None, n: int, *, min_length: int = 0, max_length: int | None = None
) -> str | None:
    """The ``n``-th value matching ``pattern`` in full within the lengths, or None if none found.

    Different ``n`` give different values while the pattern has room for them;
    the values prefer letters and digits, so they read as plain text.
    """
    if pattern is None:
        return None
    compiled = re.compile(full_match(pattern))
    tree = sre_parse.parse(pattern)
    seen: set[str] = set()
    for attempt in range(EXAMPLE_ATTEMPTS):
        candidate = "".join(_build(tree, _Digits(n + attempt * 7919)))
        if candidate in seen:
            continue
        seen.add(candidate)
        fits = len(candidate) >= min_length and (max_length is None or len(candidate) <= max_length)
        if fits and not candidate[:1].isspace() and not candidate[-1:].isspace():
            if compiled.fullmatch(candidate):
                return candidate
    return None


def mismatch(pattern: str, *, min_length: int = 1, max_length: int | None = None) -> str | None:
    """A non-blank value within the lengths that ``pattern`` does not match, or None."""
    compiled = re.compile(full_match(pattern))
    length = max(min_length, 1)
    if max_length is not None and length > max_length:
        return None
    for char in "!~0aA-":
        if not compiled.fullmatch(char * length):
            return char * length
    return None


class _Digits:
    """``n`` read digit by digit in the base each choice asks for (a mixed radix)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def pick(self, size: int) -> int:
        if size <= 1:
            return 0
        self.n, digit = divmod(self.n, size)
        return digit


def _build(tree: Any, digits: _Digits) -> Iterator[str]:
    for op, value in tree:
        yield from _node(op, value, digits)


def _node(op: Any, value: Any, digits: _Digits) -> Iterator[str]:
    if op is sre.LITERAL:
        yield chr(value)
    elif op is sre.NOT_LITERAL:
        yield next(char for char in PREFERRED if ord(char) != value)
    elif op is sre.ANY:
        yield PREFERRED[digits.pick(len(PREFERRED))]
    elif op is sre.IN:
        members = _set_members(value)
        yield members[digits.pick(len(members))]
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = value
        top = low + REPEAT_EXTRA if high is sre.MAXREPEAT else min(high, low + REPEAT_EXTRA)
        count = low + digits.pick(top - low + 1)
        for _ in range(count):
            yield from _build(body, digits)
    elif op is sre.SUBPATTERN:
        yield from _build(value[-1], digits)
    elif op is sre.BRANCH:
        branches = value[1]
        yield from _build(branches[digits.pick(len(branches))], digits)
    elif op is sre.AT:
        return
    else:  # pragma: no cover - pattern_problem refuses the rest
        raise ValueError(f"no example for {op}")


def _set_members(items: Any) -> list[str]:
    """Characters a ``[set]`` (or ``\\d``) matches, letters and digits first; a few of each."""
    negated = bool(items) and items[0][0] is sre.NEGATE
    wanted = [
        char
        for char in PREFERRED + " -_.,:;!?@#/"
        if _in_set(char, items[1:] if negated else items)
    ]
    if negated:
        return [char for char in PREFERRED + "-_." if char not in wanted] or ["~"]
    if wanted:
        return wanted
    return [chr(code) for code in range(0x80, 0x3000) if _in_set(chr(code), items)][:20] or ["?"]


def _in_set(char: str, items: Any) -> bool:
    code = ord(char)
    for op, value in items:
        if op is sre.LITERAL and code == value:
            return True
        if op is sre.RANGE and value[0] <= code <= value[1]:
            return True
        if op is sre.CATEGORY and _in_category(char, value):
            return True
    return False


CATEGORIES = {
    "CATEGORY_DIGIT": re.compile(r"\d"),
    "CATEGORY_NOT_DIGIT": re.compile(r"\D"),
    "CATEGORY_SPACE": re.compile(r"\s"),
    "CATEGORY_NOT_SPACE": re.compile(r"\S"),
    "CATEGORY_WORD": re.compile(r"\w"),
    "CATEGORY_NOT_WORD": re.compile(r"\W"),
}


def _in_category(char: str, category: Any) -> bool:
    return bool(CATEGORIES[str(category)].fullmatch(char))
