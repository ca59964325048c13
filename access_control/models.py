"""Organisations (tenants), their units and users with roles.

Every piece of personal data belongs to exactly one organisation; selectors filter on it
first, so one organisation never sees another's data.
"""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE_FORCE = "police_force", _("Police force")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis region")
    SCHOOL_PARTNERSHIP = "school_partnership", _("School partnership")
    SCHOOL = "school", _("School")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    # ISO 3166 code of the jurisdiction whose law and public holidays apply (GB-WLS, NL, ...).
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, default="GB-ENG")
    default_language = models.CharField(_("default language"), max_length=8, default="en")
    # Financial-year end for "end of financial year" rounding (RETENTION.md), e.g. 31 March.
    financial_year_end_month = models.PositiveSmallIntegerField(default=3)
    financial_year_end_day = models.PositiveSmallIntegerField(default=31)
    # A disposal batch needs this many approvals by different records-unit officers, none
    # of them the builder (four eyes; an organisation may require a second stage).
    disposal_approvals_required = models.PositiveSmallIntegerField(default=1)
    # R-WMO-4: Veilig Thuis chooses destruction or anonymisation for its dossiers.
    disposal_method = models.CharField(max_length=200, default="Secure deletion and certified shredding")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A team or unit. Its auth group carries the team's object grants (django-guardian)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="unit")

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_name_unique_per_org")
        ]
        verbose_name = _("unit")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEADER = "team_leader", _("Team leader")
    RECORDS_OFFICER = "records_officer", _("Records-unit officer")
    ASSET_OWNER = "asset_owner", _("Information asset owner")
    DPO = "dpo", _("Data protection officer")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    API_CLIENT = "api_client", _("API client")


# Roles whose work spans the whole organisation's register (records unit, oversight) in the
# shipped authorisation matrix (access_control.matrix); an organisation may change that.
# Caseworkers see what they are involved in; team leaders also their units' items (R-ACC-5).
ORGANISATION_WIDE_ROLES = frozenset(
    {Role.RECORDS_OFFICER, Role.ASSET_OWNER, Role.DPO, Role.AUDITOR, Role.ADMINISTRATOR}
)


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CASEWORKER)
    units = models.ManyToManyField(Unit, related_name="members", blank=True)
    preferred_language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")

    @property
    def sees_whole_organisation(self) -> bool:
        """The authorisation matrix lets this user view the whole register (R-ACC-1)."""
        from access_control.permissions import user_sees_whole_register

        return user_sees_whole_register(self)


class ConfidentialityDeclaration(models.Model):
    """One version of an organisation's confidentiality declaration (R-ACC-2, R-ACC-6).

    How to read it: the rows of an organisation, by ``version``, are the declaration's
    history; the highest version is the current one. A published text is never edited: a
    change is a new version, which every user accepts again before opening personal data.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="confidentiality_declarations"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        "access_control.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="declaration_version_unique_per_org"
            )
        ]
        verbose_name = _("confidentiality declaration")

    def __str__(self) -> str:
        return f"{self.organisation} declaration v{self.version}"


class DeclarationAcceptance(models.Model):
    """A user accepted (signed) one version of the declaration, at ``accepted_at``."""

    declaration = models.ForeignKey(
        ConfidentialityDeclaration, on_delete=models.PROTECT, related_name="acceptances"
    )
    user = models.ForeignKey("access_control.User", on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "user"], name="declaration_accepted_once")
        ]
        verbose_name = _("declaration acceptance")

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.declaration_id}"


class MatrixRule(models.Model):
    """One cell of an organisation's authorisation matrix (R-ACC-1): how far ``role`` may
    take ``action`` on ``category`` (optionally only the records of one record class).

    How to read it: see ``access_control.matrix``; a missing cell falls back to the shipped
    default. The auditlog keeps every change of ``scope`` with who made it.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="matrix_rules")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    action = models.CharField(_("action"), max_length=32)
    category = models.CharField(_("data category"), max_length=32)
    # A rule for one record class overrides the rule for its record category.
    record_class = models.ForeignKey(
        "retention.RecordClass", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=16)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "access_control.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "category", "action", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role", "action", "category"],
                condition=models.Q(record_class__isnull=True),
                name="matrix_rule_unique_cell",
            ),
            models.UniqueConstraint(
                fields=["organisation", "role", "action", "category", "record_class"],
                condition=models.Q(record_class__isnull=False),
                name="matrix_rule_unique_class_cell",
            ),
        ]
        verbose_name = _("authorisation matrix rule")

    def __str__(self) -> str:
        return f"{self.role} {self.action} {self.category}: {self.scope}"


class BreakGlassAccess(models.Model):
    """A time-limited emergency opening of one dossier or record by a user who is not
    involved in it, with the reason they gave (R-ACC-4, R-ACC-5).

    How to read it: the access is live while ``expires_at`` is in the future; the row stays
    for the DPO, who reviews it (``reviewed_at``/``reviewed_by``/``review_note``).
    ``object_id`` is a number, not a foreign key, so the row outlives a destroyed item.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey("access_control.User", on_delete=models.PROTECT, related_name="+")
    object_kind = models.CharField(_("kind"), max_length=16)
    object_id = models.PositiveBigIntegerField(_("object id"))
    object_label = models.CharField(_("item"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "access_control.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["user", "object_kind", "object_id", "expires_at"]),
            models.Index(fields=["organisation", "opened_at"]),
        ]
        verbose_name = _("break-glass access")

    def __str__(self) -> str:
        return f"{self.user_id} broke glass on {self.object_kind} {self.object_id}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
