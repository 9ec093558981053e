"""Collects `generator.contract_suite.test_api_validation`."""

from generator.contract_suite.test_api_validation import *  # noqa: F403
