"""diptych: one YAML spec in, a Django app and a Flask app out."""

from . import literals
from .about import PROJECT_URL
from .errors import DiptychError
from .errors import OutputExistsError
from .errors import Problem
from .errors import SpecError
from .model import Entity
from .model import Field
from .model import Project
from .spec import bundled_spec
from .spec import load_raw_spec
from .spec import load_spec
from .spec import project_from_answers

__all__ = [
    "PROJECT_URL",
    "DiptychError",
    "Entity",
    "Field",
    "OutputExistsError",
    "Problem",
    "Project",
    "SpecError",
    "bundled_spec",
    "literals",
    "load_raw_spec",
    "load_spec",
    "project_from_answers",
]
