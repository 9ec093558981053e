"""What each spec field type becomes in the Flask app: one row per type, read by its templates."""

from __future__ import annotations
