"""Load → validate → normalise: the one way a spec becomes a :class:`Project`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .loading import parse_spec
from .loading import read_spec
from .model import Project
from .normalise import build_project
from .validation import check

SPEC_KEYS = ("project_name", "project_slug", "description", "entities")
BUNDLED_SPECS = Path(__file__).parent / "specs"


def load_spec(path: str | Path) -> Project:
    """Read, validate and normalise the spec at ``path``; raise SpecError on any problem."""
    raw, lines = read_spec(path)
    check(raw, lines)
    return build_project(raw)


def load_raw_spec(path: str | Path) -> dict[str, Any]:
    """The validated spec as plain data, in the shape copier takes as answers."""
    raw, lines = read_spec(path)
    check(raw, lines)
    return raw


def parse_and_check(text: str, *, source: str = "<spec>") -> dict[str, Any]:
    """Validate spec text and return it as plain data."""
    raw, lines = parse_spec(text, source=source)
    check(raw, lines)
    return raw


def project_from_answers(answers: dict[str, Any]) -> Project:
    """The model of the spec held in copier's answers (the template's context)."""
    raw = {key: answers[key] for key in SPEC_KEYS if answers.get(key) not in (None, "")}
    return _project_from_json(json.dumps(raw, default=str))


@lru_cache(maxsize=8)
def _project_from_json(raw_json: str) -> Project:
    # copier builds a context for every file: validate and normalise once per spec
    raw = json.loads(raw_json)
    check(raw)
    return build_project(raw)


def bundled_spec(name: str) -> Path:
    """The path of a spec shipped with diptych (``todo``, ``blog``, ``bookshelf``)."""
    return BUNDLED_SPECS / f"{name}.yml"
