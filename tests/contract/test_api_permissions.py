"""Collects `generator.contract_suite.test_api_permissions`."""

from generator.contract_suite.test_api_permissions import *  # noqa: F403
