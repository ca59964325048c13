"""The access log (R-ACC-4): every read of a person, record or dossier, written in bulk.

A view that shows personal data calls ``access_log_record(request, objects, kind)`` with
every object it shows (all rows of a list page, the one object of a detail page or a
download). The rows are only collected on the request; ``AccessLogMiddleware`` writes them
with one ``bulk_create`` when the view has answered successfully, so a page of 25 rows
costs one INSERT, not 25, and a page that failed writes nothing it did not show.

The reads the DPO needs ("who looked at this dossier", "what did this user look at") are
the selectors at the bottom; they stay inside the DPO's organisation.
"""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from access_control.matrix import DataCategory, MatrixAction
from access_control.models import Role
from access_control.permissions import role_may
from core.errors import NotAllowed
from core.models import AccessChannel, AccessKind, AccessLogEntry, AccessObject
from core.request_context import current_request_id

PENDING_ATTRIBUTE = "_access_log_pending"
PURPOSE_HEADER = "X-Access-Purpose"
PURPOSE_PARAMETER = "purpose"
API_PATH_PREFIX = "/api/"

# The roles that answer for the organisation's use of personal data (R-ACC-4 oversight).
ACCESS_LOG_READERS = frozenset({Role.DPO, Role.AUDITOR})

# Where an object kind lives, for checking an id belongs to the reader's organisation.
OBJECT_MODELS = {
    AccessObject.DOSSIER: "records.Dossier",
    AccessObject.RECORD: "records.Record",
    AccessObject.PERSON: "records.Person",
    AccessObject.CERTIFICATE: "retention.DestructionCertificate",
}


def _http_request(request) -> HttpRequest:
    # A DRF Request wraps the Django one; the middleware only ever sees the latter.
    return getattr(request, "_request", request)


def _channel(request) -> str:
    if _http_request(request) is not request or request.path.startswith(API_PATH_PREFIX):
        return AccessChannel.API
    return AccessChannel.WEB


def _purpose(request, purpose: str | None) -> str:
    if purpose is None:
        http_request = _http_request(request)
        purpose = http_request.headers.get(PURPOSE_HEADER) or http_request.GET.get(PURPOSE_PARAMETER, "")
    return " ".join(purpose.split())[: AccessLogEntry._meta.get_field("purpose").max_length]


def access_log_record(
    request,
    objects: Iterable[Model | int],
    kind: str,
    *,
    access: str = AccessKind.OPENED,
    detail: str = "",
    purpose: str | None = None,
) -> None:
    """Note that ``request.user`` was shown ``objects`` (instances or ids) of ``kind``.

    Nothing is written here; the middleware writes everything noted in one INSERT. The
    purpose is the one given by the caller, else the ``X-Access-Purpose`` header or the
    ``purpose`` query parameter, else blank.
    """
    user = request.user
    if not user.is_authenticated or user.organisation_id is None:
        return
    http_request = _http_request(request)
    now = timezone.now()
    common = {
        "organisation_id": user.organisation_id,
        "user_id": user.pk,
        "accessed_at": now,
        "channel": _channel(request),
        "access": access,
        "object_kind": kind,
        "detail": detail,
        "purpose": _purpose(request, purpose),
        "request_id": getattr(http_request, "request_id", "") or current_request_id(),
    }
    pending = http_request.__dict__.setdefault(PENDING_ATTRIBUTE, [])
    pending.extend(
        AccessLogEntry(object_id=obj if isinstance(obj, int) else obj.pk, **common) for obj in objects
    )


def access_log_flush(request, response) -> int:
    """Write what the request noted, in one INSERT, if it was answered successfully."""
    pending = request.__dict__.pop(PENDING_ATTRIBUTE, None)
    if not pending or not 200 <= response.status_code < 300:
        return 0
    AccessLogEntry.objects.bulk_create(pending)
    return len(pending)


# --- Reads for the DPO ---------------------------------------------------------------


def access_log_require_reader(user) -> None:
    """Only the DPO and auditors read the access log (403 for everyone else)."""
    # Who reads it is a cell of the authorisation matrix (R-ACC-1): view on audit data.
    if not role_may(user, MatrixAction.VIEW, DataCategory.AUDIT):
        raise NotAllowed("Only the data protection officer and auditors can read the access log.")


def _entries(user) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(organisation_id=user.organisation_id).select_related("user")


def access_log_for_object(*, user, kind: str, object_id: int) -> QuerySet[AccessLogEntry]:
    """Who looked at this object, newest first. 404 unless it is (or was) the reader's
    organisation's: an object that was destroyed is known by its log entries."""
    access_log_require_reader(user)
    model = apps.get_model(OBJECT_MODELS[kind])
    entries = _entries(user).filter(object_kind=kind, object_id=object_id)
    exists = model.objects.filter(pk=object_id, organisation_id=user.organisation_id).exists()
    if not exists and not entries.exists():
        raise Http404(f"No such {kind}.")
    return entries.order_by("-accessed_at", "-id")


def access_log_for_user(*, user, subject_user_id: int) -> tuple[Model, QuerySet[AccessLogEntry]]:
    """What one user of the reader's organisation looked at, newest first (404 otherwise)."""
    access_log_require_reader(user)
    subject = (
        get_user_model().objects.filter(pk=subject_user_id, organisation_id=user.organisation_id).first()
    )
    if subject is None:
        raise Http404("No such user.")
    return subject, _entries(user).filter(user_id=subject.pk).order_by("-accessed_at", "-id")


def access_log_users(*, user) -> QuerySet:
    """The users of the reader's organisation, to choose whose reads to show."""
    access_log_require_reader(user)
    return get_user_model().objects.filter(organisation_id=user.organisation_id).order_by("username")
