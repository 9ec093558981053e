"""What each spec field type becomes in the Django app: one row per type, read by its templates."""

from __future__ import annotations
