"""Errors raised by diptych, each a sentence built in one place."""

from __future__ import annotations

from dataclasses import dataclass


class DiptychError(Exception):
    """Root of every error diptych raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec: where, what, and what would be right.

    ``location`` is a dotted path into the spec, for example
    ``entities.Book.fields.price.max_digits``; ``line`` is the YAML line when known.
    """

    location: str
    problem: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.location or "spec"
        if self.line is not None:
            where = f"{where} (line {self.line})"
        text = f"{where}: {self.problem}"
        return f"{text}; {self.hint}" if self.hint else text


class SpecError(DiptychError):
    """A spec that cannot be rendered; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"The spec has {count} {noun}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class OutputExistsError(DiptychError):
    """The output directory holds files, and ``--force`` was not given or they are no render."""

    def __init__(self, *, path: str, forced: bool = False) -> None:
        self.path = path
        if forced:
            message = (
                f"{path} holds files that are not an earlier diptych render (it has no "
                ".diptych-render marker); --force replaces only a render, so choose another "
                "directory, or empty this one yourself"
            )
        else:
            message = (
                f"{path} exists and is not empty; choose another directory, "
                "or pass --force to replace an earlier render"
            )
        super().__init__(message)
