"""Collects `generator.contract_suite.test_auth_api`."""

from generator.contract_suite.test_auth_api import *  # noqa: F403
