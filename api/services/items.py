"""Basic-field edits of records and dossiers made through the API (PATCH).

Only descriptive fields: anything that moves retention (dates, class, status) has its own
service with its own rules. The row is locked and its version checked inside the same
transaction, so a concurrent edit is refused rather than overwritten.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.etag import require_match
from core.errors import DomainError
from core.services import domain_event_record
from records.models import Dossier, Record

RECORD_FIELDS = ("title", "description")
DOSSIER_FIELDS = ("household_name", "summary")
# Fields that may change but not become empty, with the message for an empty value.
REQUIRED = {
    "title": gettext_lazy("Give the record a title."),
    "household_name": gettext_lazy("Give the household a name."),
}


def _update(acting_user, model, obj, changes: dict[str, str], allowed: tuple[str, ...], expected, verb: str):
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise DomainError(_("This field cannot be changed here."), field=unknown[0])
    if not changes:
        raise DomainError(_("Send at least one field to change."))
    for field, message in REQUIRED.items():
        if field in changes and not str(changes[field]).strip():
            raise DomainError(str(message), field=field)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        require_match(locked, expected)
        changed = sorted(field for field, value in changes.items() if getattr(locked, field) != value)
        for field in changed:
            setattr(locked, field, changes[field].strip() if field in REQUIRED else changes[field])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            domain_event_record(acting_user=acting_user, verb=verb, target=locked, data={"fields": changed})
    return locked


def record_update(
    *, acting_user, record: Record, changes: dict[str, str], expected: frozenset[str]
) -> Record:
    """Change a record's title or description if its version is still ``expected``."""
    return _update(acting_user, Record, record, changes, RECORD_FIELDS, expected, "record.updated")


def dossier_update(
    *, acting_user, dossier: Dossier, changes: dict[str, str], expected: frozenset[str]
) -> Dossier:
    """Change a dossier's household name or summary (action advice) if still at ``expected``."""
    return _update(acting_user, Dossier, dossier, changes, DOSSIER_FIELDS, expected, "dossier.updated")
