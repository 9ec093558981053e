"""Collects `generator.contract_suite.test_api_errors`."""

from generator.contract_suite.test_api_errors import *  # noqa: F403
