"""Collects `generator.contract_suite.test_html`."""

from generator.contract_suite.test_html import *  # noqa: F403
