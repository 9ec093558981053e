"""Collects `generator.contract_suite.test_frameworks_agree`."""

from generator.contract_suite.test_frameworks_agree import *  # noqa: F403
