"""Collects `generator.contract_suite.test_drf_parity`."""

from generator.contract_suite.test_drf_parity import *  # noqa: F403
