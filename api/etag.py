"""Entity tags for optimistic concurrency: two writers cannot overwrite each other silently.

A tag is a hash of the row's identity and ``updated_at``: it changes with every save of the
row's own fields. A PATCH must send the tag it read in ``If-Match``; if the row changed
since, the write is refused (412) and the client reads it again.
"""

import hashlib

from django.utils.translation import gettext as _

from core.errors import DomainError


class StaleVersion(DomainError):
    """The ``If-Match`` tag no longer matches the row: someone else changed it first."""

    def __init__(self):
        super().__init__(
            _("The item was changed after you read it. Read it again and repeat your change."),
            code="precondition_failed",
        )


def etag_for(obj) -> str:
    source = f"{obj._meta.label}:{obj.pk}:{obj.updated_at.isoformat()}"
    return f'"{hashlib.sha256(source.encode()).hexdigest()[:32]}"'


def parse_if_match(header: str) -> frozenset[str]:
    """The tags of an ``If-Match`` header (a comma-separated list, or ``*``)."""
    return frozenset(part.strip() for part in header.split(",") if part.strip())


def require_match(obj, expected: frozenset[str]) -> None:
    if "*" in expected:
        return
    if etag_for(obj) not in expected:
        raise StaleVersion()
