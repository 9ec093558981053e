"""The contract suite's fixtures: which apps to test, and one server per app per session.

By default the suite renders the bundled specs (todo, blog, bookshelf), and
its own ``specs/access.yml`` for the permission rules and field options they
leave out and ``specs/vocab.yml`` for the vocabulary they do not use, and tests
both frameworks of each. ``--apps OUT`` (or ``DIPTYCH_APPS=OUT``) tests
the two apps a user rendered into ``OUT`` instead, reading their spec from the
apps' ``.copier-answers.yml``. ``--contract-specs blog,todo`` and
``--contract-frameworks flask`` narrow the matrix.

Tests ask for ``api`` (and optionally ``entity`` or ``case``); the matrix is
generated from the spec models in :func:`pytest_generate_tests`, so the suite
runs unchanged on a spec it has never seen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import pytest
import yaml

from generator.contract_suite.apps import EXAMPLE_SPECS
from generator.contract_suite.apps import FRAMEWORKS
from generator.contract_suite.client import Api
from generator.contract_suite.payloads import validation_cases
from generator.contract_suite.servers import serve_app
from generator.model import Entity
from generator.model import Project
from generator.openapi import openapi_document
from generator.rendering import render_apps
from generator.spec import bundled_spec
from generator.spec import load_raw_spec
from generator.spec import load_spec
from generator.spec import project_from_answers

START_IN_PARALLEL = 3
OWN_SPECS = Path(__file__).parent / "specs"
CONTRACT_SPECS = (*EXAMPLE_SPECS, "access", "vocab")
"""The bundled examples, ``specs/access.yml`` for the rules they leave out, and
``specs/vocab.yml`` for the spec vocabulary they do not use."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("diptych contract")
    group.addoption("--apps", default=None, help="OUT of `diptych render`: test its two apps.")
    group.addoption("--contract-specs", default=None, help="Bundled specs to test (a,b).")
    group.addoption("--contract-frameworks", default=None, help="Frameworks to test (a,b).")


@dataclass(frozen=True)
class Target:
    """One app under test: a framework rendered from a spec."""

    framework: str
    spec_name: str
    project: Project
    out: Path | None
    """Where the apps were rendered already (``--apps``), or None to render them here."""

    @property
    def id(self) -> str:
        return f"{self.framework}-{self.spec_name}"


def _option(config: pytest.Config, name: str, env: str) -> str | None:
    value = config.getoption(name, default=None)
    return value or os.environ.get(env) or None


def _names(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip()) if text else default


def user_project(out: Path) -> Project:
    """The spec of the apps in ``out``, from the answers copier saved."""
    answers_file = out / "django_app" / ".copier-answers.yml"
    if not answers_file.exists():
        answers_file = out / "flask_app" / ".copier-answers.yml"
    return project_from_answers(yaml.safe_load(answers_file.read_text()))


def spec_path(name: str) -> Path:
    """The suite's own spec of that name, else the bundled one."""
    own = OWN_SPECS / f"{name}.yml"
    return own if own.exists() else bundled_spec(name)


def targets(config: pytest.Config) -> list[Target]:
    """Every (framework, spec) pair this session tests; computed once."""
    cached = getattr(config, "_diptych_targets", None)
    if cached is not None:
        return cached
    frameworks = _names(_option(config, "--contract-frameworks", "DIPTYCH_FRAMEWORKS"), FRAMEWORKS)
    apps = _option(config, "--apps", "DIPTYCH_APPS")
    if apps:
        out = Path(apps).resolve()
        project = user_project(out)
        found = [
            Target(framework, project.slug, project, out)
            for framework in frameworks
            if (out / f"{framework}_app").is_dir()
        ]
        assert found, f"no django_app/ or flask_app/ in {out}"
    else:
        specs = _names(_option(config, "--contract-specs", "DIPTYCH_SPECS"), CONTRACT_SPECS)
        found = [
            Target(framework, name, load_spec(spec_path(name)), None)
            for name in specs
            for framework in frameworks
        ]
    config._diptych_targets = found  # type: ignore[attr-defined]
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise over targets, and over entities or validation cases when asked for."""
    if "pair" in metafunc.fixturenames:
        pairs = _pairs(targets(metafunc.config))
        metafunc.parametrize("pair", list(pairs.values()), ids=list(pairs))
        return
    if "target" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("specs")
    chosen = [
        target
        for target in targets(metafunc.config)
        if marker is None or target.spec_name in marker.args or target.out is not None
    ]
    names, values, ids = ["target"], [], []
    if "case" in metafunc.fixturenames:
        names += ["entity", "case"]
        for target in chosen:
            for entity in target.project.entities:
                for case in validation_cases(entity):
                    values.append((target, entity, case))
                    ids.append(f"{target.id}-{entity.name}-{case.id}")
    elif "operation" in metafunc.fixturenames:
        names.append("operation")
        for target in chosen:
            for operation in operations(target.project):
                values.append((target, operation))
                ids.append(f"{target.id}-{operation[0]} {operation[1]}")
    elif "entity" in metafunc.fixturenames:
        names.append("entity")
        for target in chosen:
            for entity in _entities(metafunc, target):
                values.append((target, entity))
                ids.append(f"{target.id}-{entity.name}")
    else:
        values = [(target,) for target in chosen]
        ids = [target.id for target in chosen]
    metafunc.parametrize(names, values, ids=ids)


def _pairs(all_targets: list[Target]) -> dict[str, tuple[Target, Target]]:
    """The Django and Flask targets of each spec that has both."""
    by_spec: dict[str, dict[str, Target]] = {}
    for target in all_targets:
        by_spec.setdefault(target.spec_name, {})[target.framework] = target
    return {
        name: (frameworks["django"], frameworks["flask"])
        for name, frameworks in by_spec.items()
        if {"django", "flask"} <= set(frameworks)
    }


def operations(project: Project) -> list[tuple[str, str]]:
    """Every (METHOD, path) of the OpenAPI document."""
    paths = openapi_document(project)["paths"]
    return [
        (method.upper(), path)
        for path, item in paths.items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    ]


def _entities(metafunc: pytest.Metafunc, target: Target) -> list[Entity]:
    """The entities a test applies to (``@pytest.mark.entities(predicate)`` filters)."""
    marker = metafunc.definition.get_closest_marker("entities")
    entities = list(target.project.entities)
    return [entity for entity in entities if marker is None or marker.args[0](entity)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "entities(predicate): only entities it is true for")
    config.addinivalue_line("markers", "specs(*names): only these bundled specs")
    config.addinivalue_line("markers", "impure: needs real outside parts (gunicorn)")


class ServerPool:
    """Renders the apps and starts each server once; stops them all at the end."""

    def __init__(self, scratch: Path, all_targets: list[Target]) -> None:
        self.scratch = scratch
        self.all_targets = all_targets
        self.stack = ExitStack()
        self.urls: dict[str, str] = {}
        self.rendered: dict[str, Path] = {}
        self.apis: dict[str, Api] = {}
        self.failures: dict[str, BaseException] = {}
        self.lock = Lock()

    def app_dir(self, target: Target) -> Path:
        if target.out is not None:
            return target.out / f"{target.framework}_app"
        if target.spec_name not in self.rendered:
            out = self.scratch / target.spec_name
            render_apps(load_raw_spec(spec_path(target.spec_name)), out, force=True)
            self.rendered[target.spec_name] = out
        return self.rendered[target.spec_name] / f"{target.framework}_app"

    def start_all(self) -> None:
        """Render every spec, then start every server, a few at a time."""
        missing = [
            target
            for target in self.all_targets
            if target.id not in self.urls and target.id not in self.failures
        ]
        dirs = {target.id: self.app_dir(target) for target in missing}
        with ThreadPoolExecutor(max_workers=START_IN_PARALLEL) as pool:
            futures = {
                target.id: pool.submit(self._start, dirs[target.id], target) for target in missing
            }
        for target_id, future in futures.items():
            error = future.exception()
            if error is None:
                self.urls[target_id] = future.result()
            else:
                self.failures[target_id] = error

    def _start(self, app_dir: Path, target: Target) -> str:
        context = serve_app(app_dir, target.framework)
        url = context.__enter__()
        with self.lock:
            self.stack.push(context.__exit__)
        return url

    def api(self, target: Target) -> Api:
        if target.id not in self.apis:
            if target.id not in self.urls:
                self.start_all()
            if target.id in self.failures:
                problem = f"the {target.id} app did not start:\n{self.failures[target.id]}"
                if target.out is not None:
                    # A user's render (``diptych contract``): nothing can be tested, so stop.
                    pytest.exit(problem, returncode=pytest.ExitCode.INTERRUPTED)
                raise AssertionError(problem)
            self.apis[target.id] = Api(
                self.urls[target.id], target.framework, target.project, target.spec_name
            )
        return self.apis[target.id]


@pytest.fixture(scope="session")
def servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerPool]:
    pool = ServerPool(tmp_path_factory.mktemp("contract-apps"), targets(request.config))
    with pool.stack:
        yield pool


@pytest.fixture
def apis(pair: tuple[Target, Target], servers: ServerPool) -> tuple[Api, Api]:
    """The Django app and the Flask app of one spec, both running."""
    return servers.api(pair[0]), servers.api(pair[1])


@pytest.fixture
def api(target: Target, servers: ServerPool) -> Api:
    """The running app for this test's target."""
    return servers.api(target)
