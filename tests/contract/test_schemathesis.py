"""Collects `generator.contract_suite.test_schemathesis`."""

from generator.contract_suite.test_schemathesis import *  # noqa: F403
