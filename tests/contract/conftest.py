"""The contract suite's options, matrix and server fixtures, from the package."""

from generator.contract_suite.conftest import *  # noqa: F403
