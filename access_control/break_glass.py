"""Break-glass access (R-ACC-4, R-ACC-5): opening a dossier or record one is not involved in,
in an emergency, by giving a reason.

The opening lasts ``settings.BREAK_GLASS_MINUTES``; while it lasts ``visible_to`` lets the
user read (never change) the item, every page shown says so, and every access-log row of
the item carries the reason as its purpose. The DPO reviews each opening afterwards.

Only items of the user's own organisation can be opened this way: for anything else the
user gets the same 404 as for an id that does not exist.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from access_control.matrix import RECORD_CATEGORIES, DataCategory, MatrixAction, Scope
from access_control.models import BreakGlassAccess, Organisation, Role
from access_control.permissions import role_may, user_scope, visible_to
from core.errors import DomainError, NotAllowed
from core.services import domain_event_record

# What can be opened: access-log object kind -> model.
BREAK_GLASS_MODELS = {"dossier": "records.Dossier", "record": "records.Record"}
REASON_MIN_LENGTH = 10


def _model(kind: str) -> type[Model]:
    if kind not in BREAK_GLASS_MODELS:
        raise Http404("Nothing to open.")
    return apps.get_model(BREAK_GLASS_MODELS[kind])


def _category(kind: str, item) -> str:
    if kind == "dossier":
        return DataCategory.DOSSIERS
    return RECORD_CATEGORIES.get(item.category, DataCategory.RECORDS_BUSINESS)


def _may_break_glass(user, kind: str, item) -> bool:
    """Roles the matrix lets work with this kind of data at all may break glass for it;
    roles kept away from it entirely (and API clients) may not."""
    if user.role == Role.API_CLIENT:
        return False
    return user_scope(user, MatrixAction.VIEW, _category(kind, item)) != Scope.NONE


# --- Reads -----------------------------------------------------------------------------


def break_glass_candidate(*, user, kind: str, pk: int):
    """The item of ``user``'s own organisation that ``user`` may not see but could open by
    breaking glass, else None (missing, another organisation's, already visible, or a role
    the matrix keeps away from this data)."""
    if not user.is_authenticated or user.organisation_id is None or kind not in BREAK_GLASS_MODELS:
        return None
    model = _model(kind)
    item = model.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if item is None or visible_to(user, model.objects.filter(pk=pk)).exists():
        return None
    return item if _may_break_glass(user, kind, item) else None


def break_glass_live_for(*, user, kind: str, object_id: int) -> BreakGlassAccess | None:
    """The user's opening of this item that is still running, if any."""
    if not user.is_authenticated:
        return None
    return (
        BreakGlassAccess.objects.filter(
            user_id=user.pk, object_kind=kind, object_id=object_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def break_glass_uses(
    organisation: Organisation, since: datetime.datetime | None = None, until: datetime.datetime | None = None
) -> QuerySet[BreakGlassAccess]:
    """Every break-glass opening of ``organisation`` in [since, until), newest first.

    For the DPO dashboard: ``.count()``, ``.filter(reviewed_at__isnull=True).count()``.
    """
    uses = BreakGlassAccess.objects.filter(organisation=organisation)
    if since is not None:
        uses = uses.filter(opened_at__gte=since)
    if until is not None:
        uses = uses.filter(opened_at__lt=until)
    return uses.select_related("user", "reviewed_by").order_by("-opened_at", "-id")


def break_glass_require_reviewer(user) -> None:
    if not role_may(user, MatrixAction.VIEW, DataCategory.AUDIT):
        raise NotAllowed(_("Only the data protection officer and auditors review break-glass access."))


def break_glass_review_list(*, user, unreviewed_only: bool = False) -> QuerySet[BreakGlassAccess]:
    break_glass_require_reviewer(user)
    uses = break_glass_uses(user.organisation)
    return uses.filter(reviewed_at__isnull=True) if unreviewed_only else uses


def break_glass_get_for_reviewer(*, user, pk: int) -> BreakGlassAccess:
    break_glass_require_reviewer(user)
    use = break_glass_uses(user.organisation).filter(pk=pk).first()
    if use is None:
        raise Http404("No such break-glass access.")
    return use


# --- Writes ----------------------------------------------------------------------------


def break_glass_open(*, acting_user, kind: str, object_id: int, reason: str) -> BreakGlassAccess:
    """Open an item of the acting user's organisation they are not involved in, for
    ``BREAK_GLASS_MINUTES``, giving a reason. Http404 for anything not theirs to open."""
    item = break_glass_candidate(user=acting_user, kind=kind, pk=object_id)
    if item is None:
        if _model(kind).objects.filter(pk=object_id, organisation_id=acting_user.organisation_id).exists():
            # Already visible, or a role the matrix keeps away from this data.
            existing = visible_to(acting_user, _model(kind).objects.filter(pk=object_id)).exists()
            if existing:
                raise DomainError(_("You can already open this without breaking the glass."), field="reason")
            raise NotAllowed(_("Your role has no access to this kind of data, not even in an emergency."))
        raise Http404("No such item.")
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN_LENGTH:
        raise DomainError(
            _("Say why you need to open it (at least %(count)s characters).") % {"count": REASON_MIN_LENGTH},
            field="reason",
        )
    now = timezone.now()
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            organisation_id=acting_user.organisation_id,
            user=acting_user,
            object_kind=kind,
            object_id=item.pk,
            # The reference only: the label outlives the item, and a dossier's or record's
            # display name carries the household name or the title (personal data).
            object_label=item.reference[:300],
            reason=reason,
            opened_at=now,
            expires_at=now + datetime.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        domain_event_record(
            acting_user=acting_user,
            verb="break_glass.opened",
            target=item,
            reason=reason,
            data={"access": access.pk, "expires_at": access.expires_at.isoformat()},
        )
    return access


def break_glass_review(*, acting_user, pk: int, note: str) -> BreakGlassAccess:
    """The DPO (or an auditor) marks an opening reviewed, with a note; never their own."""
    note = note.strip()
    if not note:
        raise DomainError(_("Write what you found."), field="note")
    with transaction.atomic():
        access = break_glass_get_for_reviewer(user=acting_user, pk=pk)
        access = BreakGlassAccess.objects.select_for_update().get(pk=access.pk)
        if access.reviewed_at is not None:
            raise DomainError(_("This access has already been reviewed."), field="note")
        if access.user_id == acting_user.pk:
            raise DomainError(_("Someone else reviews your own break-glass access."), field="note")
        access.reviewed_at = timezone.now()
        access.reviewed_by = acting_user
        access.review_note = note
        access.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        domain_event_record(
            acting_user=acting_user,
            verb="break_glass.reviewed",
            target=access,
            organisation=access.organisation,
            reason=note,
        )
    return access
