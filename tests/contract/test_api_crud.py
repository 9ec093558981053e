"""Collects `generator.contract_suite.test_api_crud`."""

from generator.contract_suite.test_api_crud import *  # noqa: F403
