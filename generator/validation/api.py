"""An entity's api options: read and write access, and page size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .keys import check_enum
from .keys import check_unknown_keys
from .numbers import is_int
from .report import Report
from .shapes import Entity
from .vocabulary import API_KEYS
from .vocabulary import API_READ
from .vocabulary import API_WRITE
from .vocabulary import PAGE_SIZE_RANGE
from .wording import describe


def check_api(api: Any, entity: Entity, report: Report) -> None:
    """api.read, api.write (owner needs owner: true) and api.page_size (1..1000)."""
    location = f"{entity.location}.api"
    if not isinstance(api, Mapping):
        report.add(
            location,
            f"api must be a mapping, not {describe(api)}",
            "write 'api: {read: public, write: owner, page_size: 20}'",
        )
        return
    check_unknown_keys(api, API_KEYS, location, report)
    check_enum(api, "read", API_READ, location, report)
    check_enum(api, "write", API_WRITE, location, report)
    if api.get("write") == "owner" and not entity.owner:
        report.add(
            f"{location}.write",
            f"write: owner needs 'owner: true' on {entity.name}",
            f"set 'owner: true' on {entity.name}, or use write: authenticated or staff",
        )
    low, high = PAGE_SIZE_RANGE
    if "page_size" in api and not (is_int(api["page_size"]) and low <= api["page_size"] <= high):
        report.add(
            f"{location}.page_size",
            f"page_size must be an integer from {low} to {high}, not {describe(api['page_size'])}",
            "use a whole number such as 20",
        )
