"""Cross-cutting models: the domain event log, the seals that make the audit tamper-evident,
and the access log.

django-auditlog keeps *what* changed (field diffs). A DomainEvent says *why*: who acted,
which business action it was, the reason and legal basis given, and the request id, so a
reader can join the two on request id and time. Rows are written inside the same
transaction as the change they describe, and never updated.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DomainEvent(models.Model):
    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+", null=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    reason = models.TextField(blank=True)
    legal_basis = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.verb} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"


class AuditEntryKind(models.TextChoices):
    """The two audit tables the hash chain covers."""

    LOG_ENTRY = "logentry", "django-auditlog entry"
    DOMAIN_EVENT = "event", "domain event"


class AuditSeal(models.Model):
    """One link of the HMAC chain over the audit entries (see core/audit_chain.py).

    How to read it: the rows in id order are one chain. Each row seals one audit entry
    (``kind``, ``entry_id``) by the SHA-256 of its canonical content at sealing time, and
    ``mac = HMAC-SHA256(AUDIT_HMAC_KEY, prev_mac | kind | entry_id | content_hash)`` where
    ``prev_mac`` is the previous row's ``mac`` (the genesis value for the first row). The
    key comes from the environment and is never stored, so someone who can write to the
    database but lacks the key can change an entry but cannot forge its seal. Rows are
    never updated or deleted (a PostgreSQL trigger refuses it).
    """

    kind = models.CharField(max_length=16, choices=AuditEntryKind.choices)
    entry_id = models.BigIntegerField()
    content_hash = models.CharField(max_length=64)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "entry_id"], name="audit_seal_one_per_entry"),
        ]

    def __str__(self) -> str:
        return f"seal {self.pk} of {self.kind} {self.entry_id}"


class AuditScrubRecord(models.Model):
    """What a sanctioned scrub (retention/services/scrub.py) changed in a sealed entry.

    How to read it: the scrub of personal values after a destruction legitimately changes
    audit entries after they were sealed. For every entry it rewrites, the scrub stores the
    entry's new content hash here, tied to the ``audit.scrubbed`` domain event of that
    scrub and authenticated with ``mac = HMAC-SHA256(key, "scrub" | event | kind |
    entry_id | content_hash)``. The verifier accepts an entry whose content no longer
    matches its seal only if the latest scrub record of that entry has exactly the current
    content hash. Never updated or deleted.
    """

    event = models.ForeignKey(DomainEvent, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=AuditEntryKind.choices)
    entry_id = models.BigIntegerField()
    content_hash = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "entry_id"])]

    def __str__(self) -> str:
        return f"scrub of {self.kind} {self.entry_id} by event {self.event_id}"


class AccessChannel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")


class AccessKind(models.TextChoices):
    LISTED = "listed", _("Listed")
    OPENED = "opened", _("Opened")
    DOWNLOADED = "downloaded", _("Downloaded")


class AccessObject(models.TextChoices):
    DOSSIER = "dossier", _("Dossier")
    RECORD = "record", _("Record")
    PERSON = "person", _("Person")
    CERTIFICATE = "certificate", _("Destruction certificate")


class AccessLogEntry(models.Model):
    """One read of one person, record or dossier by one user (R-ACC-4).

    How to read it: a row per object shown, so a list page of 25 dossiers writes 25 rows
    with ``access=listed``; opening a dossier writes one ``opened`` row; downloading one
    of its attachments writes one ``downloaded`` row for the dossier with the attachment
    in ``detail``. The rows of one request share ``request_id`` (which also joins them to
    the audit log) and are written together, in one INSERT, when the response is ready.
    ``object_id`` is kept as a number, not a foreign key, so the log outlives the object.
    """

    organisation = models.ForeignKey(
        "access_control.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accessed_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=8, choices=AccessChannel.choices)
    access = models.CharField(max_length=16, choices=AccessKind.choices)
    object_kind = models.CharField(max_length=16, choices=AccessObject.choices)
    object_id = models.BigIntegerField()
    detail = models.CharField(max_length=100, blank=True)
    purpose = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "object_kind", "object_id", "-accessed_at"],
                name="access_log_by_object",
            ),
            models.Index(fields=["organisation", "user", "-accessed_at"], name="access_log_by_user"),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")

    def __str__(self) -> str:
        return f"{self.user_id} {self.access} {self.object_kind} {self.object_id}"
