"""GDPR art. 18: while a person's data is restricted it is only stored.

Every service that changes what is held about people calls ``restriction_refuse`` with the
people the change touches. Storage and retention work (closing a dossier, holds, disposal,
erasure) does not call it: a restriction never stops data being kept or lawfully destroyed.
A change made for the restricted person's own request (an own statement, a rectification
they asked for) passes ``consenting`` with that person: art. 18(2) allows processing with
the data subject's consent.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.errors import DomainError
from records.models import PersonRestriction


class Restricted(DomainError):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="restricted")


def restriction_refuse(
    *, person_ids: Iterable[int], consenting: int | None = None, field: str | None = None
) -> None:
    """Raise ``Restricted`` if any of the people's data is restricted.

    The message names no one: the people reach this check through fields that accept any
    person of the organisation (a dossier member, a record subject, on the API too), so
    naming the person, or the date of their restriction, would tell a user who may not see
    them who they are and that they objected (R-ACC-5). Those who may see the person see
    the restriction on the person's, dossier's and record's pages."""
    ids = {pk for pk in person_ids if pk is not None and pk != consenting}
    if not ids:
        return
    if not PersonRestriction.objects.filter(person_id__in=ids, lifted_at__isnull=True).exists():
        return
    raise Restricted(
        _(
            "One of the people concerned has restricted the processing of their data (GDPR art. "
            "18); only storage is allowed, so this change cannot be made until the restriction "
            "is lifted."
        ),
        field=field,
    )
