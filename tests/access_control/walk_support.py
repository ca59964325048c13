"""The URL walker's world: every URL pattern of the project, and for every path parameter
an object of the *owning* organisation to fill it with (R-ACC-1, R-ACC-5).

``PARAMETER_MODELS`` says, per URL name, which model each path parameter names. A URL with
parameters that is not listed fails the walk: add it here (and make sure its view refuses
outsiders and uninvolved colleagues). Objects are built by ``World.obj``: with a factory of
``tests.factories`` where one exists, else by filling the model's required fields.
"""

import datetime
import itertools
import re
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from access_control.models import Organisation, Role
from tests.factories import (
    DossierEntryFactory,
    DossierFactory,
    DossierMemberFactory,
    PersonFactory,
    RecordClassFactory,
    RecordFactory,
    RecordSubjectFactory,
    UnitFactory,
    UserFactory,
    grant,
)

# Text every personal-data object of the owning organisation carries: no page of another
# organisation's user, nor of an uninvolved colleague, may show it.
MARKER = "Zwalkmarker"

D, R, P = "records.Dossier", "records.Record", "records.Person"
REQUEST = "subject_rights.SubjectRequest"

# URL name (regular expression, matched in full) -> {path parameter: model label}.
PARAMETER_MODELS: list[tuple[str, dict[str, str]]] = [
    # Records and dossiers.
    (r"dossiers:(detail|entry_create|member_create|close|reopen)", {"pk": D}),
    (r"dossiers:attachment", {"pk": "records.EntryAttachment"}),
    (r"records:(detail|copy_create|subject_create|event_create)", {"pk": R}),
    # Retention.
    (r"retention:review_detail", {"pk": "retention.Review"}),
    (r"retention:batch_(detail|progress|approve|execute|cancel)", {"pk": "retention.DisposalBatch"}),
    (r"retention:batch_item_remove", {"pk": "retention.DisposalBatch", "item_pk": "retention.DisposalItem"}),
    (r"retention:certificate_pdf", {"pk": "retention.DestructionCertificate"}),
    (r"retention:hold_(detail|release)", {"pk": "retention.LegalHold"}),
    (r"retention:copy_task_detail", {"pk": "retention.CopyDestructionTask"}),
    (r"retention:schedule_(detail|revise)", {"pk": "retention.RetentionSchedule"}),
    (r"retention:extend", {"kind": "=record", "pk": R}),
    # Compliance.
    (r"compliance:sample_(detail|close)", {"pk": "compliance.QualitySample"}),
    (
        r"compliance:sample_item",
        {"pk": "compliance.QualitySample", "item_pk": "compliance.QualitySampleItem"},
    ),
    # Access control.
    (r"access:break_glass_review", {"pk": "access_control.BreakGlassAccess"}),
    (r"access:break_glass", {"kind": "=dossier", "pk": D}),
    (r"access:dossier_summary", {"pk": D}),
    (r"access:two_factor_reset", {"pk": "access_control.User"}),
    # Governance.
    (r"governance:dsl_designation_end", {"pk": "governance.SafeguardingDesignation"}),
    (r"governance:concern_(detail|entry|close)", {"pk": "governance.Concern"}),
    (r"governance:(device_detail|custody_record)", {"pk": "governance.ConfiscatedDevice"}),
    (r"governance:policy_(detail|version|acknowledge|acknowledge_person)", {"pk": "governance.Policy"}),
    (r"governance:policy_approve", {"pk": "governance.Policy", "version_pk": "governance.PolicyVersion"}),
    (r"governance:breach_detail", {"pk": "governance.Breach"}),
    (r"governance:breach_action", {"pk": "governance.Breach", "action": "=assess"}),
    (r"governance:(processor_detail|agreement_add)", {"pk": "governance.Processor"}),
    (r"governance:activity_detail", {"pk": "governance.ProcessingActivity"}),
    # A figure's list on the compliance dashboard: not an object, the user's own figures.
    (r"compliance:list", {"slug": "=requests-open"}),
    # Subject rights.
    (
        r"subject_rights:disclosure_redaction_(review|remove)",
        {"pk": REQUEST, "redaction_pk": "subject_rights.RedactionProposal"},
    ),
    (
        r"subject_rights:disclosure_output_(progress|download)",
        {"pk": REQUEST, "output_pk": "subject_rights.DisclosureOutput"},
    ),
    (r"subject_rights:effects_rectify_entry", {"pk": REQUEST, "entry_pk": "records.DossierEntry"}),
    (
        r"subject_rights:effects_restriction_lift",
        {"pk": REQUEST, "restriction_pk": "records.PersonRestriction"},
    ),
    (
        r"subject_rights:effects_notification_(sent|letter)",
        {"pk": REQUEST, "notification_pk": "records.RecipientNotification"},
    ),
    (r"subject_rights:effects_(rights|representative_limit)", {"pk": D}),
    (r"subject_rights:effects_rights_letter", {"pk": "records.RightsInformation"}),
    (r"subject_rights:effects_representative_letter", {"pk": "records.RepresentativeLimitation"}),
    (r"subject_rights:(request|disclosure|effects|objection)_[a-z_]+", {"pk": REQUEST}),
    (
        r"subject_rights:(consent_register|consent_create|consent_signatories|relation_create)",
        {"person_pk": P},
    ),
    (r"subject_rights:relation_end", {"pk": "subject_rights.LegalRelation"}),
    (r"subject_rights:consent_(withdraw|document)", {"pk": "subject_rights.Consent"}),
    # REST API.
    (r"api:person-detail", {"pk": P}),
    (r"api:record-[a-z-]+", {"pk": R}),
    (r"api:dossier-[a-z-]+", {"pk": D}),
    (r"api:retention-schedule-detail", {"pk": "retention.RetentionSchedule"}),
    (r"api:hold-[a-z-]+", {"pk": "retention.LegalHold"}),
    (r"api:subject-request-[a-z-]+", {"pk": REQUEST}),
    (r"api:consent-[a-z-]+", {"pk": "subject_rights.Consent"}),
    (r"api:review-detail", {"pk": "retention.Review"}),
    (r"api:disposal-batch-detail", {"pk": "retention.DisposalBatch"}),
    (r"api:destruction-certificate-[a-z-]+", {"pk": "retention.DestructionCertificate"}),
    (r"api:webhook-[a-z-]+", {"pk": "api.WebhookSubscription"}),
    (r"api:safeguarding-concern-[a-z-]+", {"pk": "governance.Concern"}),
    (r"api:confiscated-device-[a-z-]+", {"pk": "governance.ConfiscatedDevice"}),
    (r"api:policy-[a-z-]+", {"pk": "governance.Policy"}),
    (r"api:data-breach-[a-z-]+", {"pk": "governance.Breach"}),
    (r"api:processor-[a-z-]+", {"pk": "governance.Processor"}),
    (r"api:processing-activity-[a-z-]+", {"pk": "governance.ProcessingActivity"}),
]


def parameter_models(name: str) -> dict[str, str] | None:
    for pattern, params in PARAMETER_MODELS:
        if re.fullmatch(pattern, name):
            return params
    return None


@dataclass
class Route:
    """One URL pattern: its full pattern text, name, path parameters and view callback."""

    pattern: str
    name: str
    params: list[str]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/v1/")


_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>")


def routes() -> list[Route]:
    """Every URL pattern of the project, recursively, with namespaced names."""
    found: list[Route] = []

    def walk(resolver, prefix: str, namespace: str | None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                child = entry.namespace
                ns = f"{namespace}:{child}" if namespace and child else child or namespace
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                full = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
                params = [m.group("name") or m.group("rname") for m in _PARAM.finditer(full)]
                found.append(Route(full, name, params, entry.callback))

    walk(get_resolver(), "", None)
    return found


def fill(pattern: str, values: dict[str, str]) -> str:
    """The concrete path of a pattern (path() or DRF regex style) with ``values``."""
    path = pattern.replace("^", "").replace("$", "").replace(r"\.(?P<format>[a-z0-9]+)/?", "")

    def substitute(match):
        return str(values[match.group("name") or match.group("rname")])

    path = re.sub(r"<(?:[^>:]+:)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)", substitute, path)
    return "/" + path


# --- Objects of the owning organisation -------------------------------------------------

_counter = itertools.count(1)


@dataclass
class World:
    organisation: Organisation
    owner: object
    cache: dict = field(default_factory=dict)

    def obj(self, label: str):
        if label not in self.cache:
            model = apps.get_model(label)
            maker = FACTORIES.get(label)
            self.cache[label] = maker(self) if maker else _autofill(model, self)
        return self.cache[label]


def _dossier(world: World):
    dossier = DossierFactory(
        organisation=world.organisation,
        reference=f"{MARKER}-D",
        household_name=f"{MARKER} household",
        summary=f"{MARKER} action advice",
        unit=world.owner.units.first(),
    )
    DossierMemberFactory(dossier=dossier, person=world.obj(P))
    grant(world.owner, dossier)
    return dossier


def _record(world: World):
    record_class = RecordClassFactory(organisation=world.organisation, code="WALK-1")
    record = RecordFactory(
        organisation=world.organisation,
        reference=f"{MARKER}-R",
        title=f"{MARKER} record",
        record_class=record_class,
        unit=world.owner.units.first(),
    )
    RecordSubjectFactory(record=record, person=world.obj(P))
    grant(world.owner, record)
    return record


def _entry(world: World):
    return DossierEntryFactory(dossier=world.obj(D), author=world.owner)


def _break_glass(world: World):
    from access_control.models import BreakGlassAccess

    return BreakGlassAccess.objects.create(
        organisation=world.organisation,
        user=world.owner,
        object_kind="dossier",
        object_id=world.obj(D).pk,
        reason=f"{MARKER} emergency",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )


def _review(world: World):
    from tests.compliance.factories import ReviewFactory

    return ReviewFactory(organisation=world.organisation, record=world.obj(R))


def _hold(world: World):
    from tests.compliance.factories import LegalHoldFactory

    return LegalHoldFactory(organisation=world.organisation, records=[world.obj(R)])


def _batch(world: World):
    from tests.compliance.factories import DisposalBatchFactory

    return DisposalBatchFactory(organisation=world.organisation)


FACTORIES = {
    "records.DossierMember": lambda w: w.obj(D).members.first(),
    "records.RecordSubject": lambda w: w.obj(R).subject_links.first(),
    "retention.Review": _review,
    "retention.LegalHold": _hold,
    "retention.DisposalBatch": _batch,
    P: lambda w: PersonFactory(organisation=w.organisation, family_name=MARKER, given_names="Walk"),
    D: _dossier,
    R: _record,
    "records.DossierEntry": _entry,
    "access_control.BreakGlassAccess": _break_glass,
    # Not named MARKER: colleagues legitimately see each other's names (e.g. as custodians).
    "access_control.User": lambda w: UserFactory(organisation=w.organisation, role=Role.RECORDS_OFFICER),
}


def _value_for(model, f: models.Field, world: World):
    if isinstance(f, models.ForeignKey | models.OneToOneField):
        target = f.related_model
        if target is Organisation:
            return world.organisation
        if target._meta.label == "access_control.User":
            return world.owner
        if target._meta.label == "access_control.Unit":
            return world.owner.units.first()
        return world.obj(target._meta.label)
    if f.choices:
        return f.choices[0][0]
    n = next(_counter)
    if isinstance(f, models.EmailField):
        return f"walk{n}@example.org"
    if isinstance(f, models.SlugField):
        return f"walk-{n}"
    if isinstance(f, models.CharField | models.TextField):
        return f"{MARKER} {n}"[: f.max_length or 100]
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return datetime.date(2026, 1, 1)
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DecimalField | models.FloatField | models.IntegerField):
        return 1
    if isinstance(f, models.UUIDField):
        return uuid.uuid4()
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.FileField):
        return f"walk/{n}.txt"
    if isinstance(f, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(f, models.BinaryField):
        return b"walk"
    raise AssertionError(
        f"The URL walker cannot fill {model._meta.label}.{f.name}: add a factory to FACTORIES."
    )


# Values the field types alone do not get right (check constraints).
AUTOFILL_VALUES: dict[str, dict] = {
    "subject_rights.RedactionProposal": {"start": 0, "end": 5},
    "governance.Policy": {"requires_acknowledgement": True},
}
# Callables for values that are objects of their own (called with the world).
AUTOFILL_OBJECTS: dict[str, dict] = {
    "subject_rights.LegalRelation": {
        "adult": lambda w: PersonFactory(
            organisation=w.organisation, family_name=MARKER, given_names="Parent"
        ),
    },
}


def _autofill(model, world: World):
    values = dict(AUTOFILL_VALUES.get(model._meta.label, {}))
    values.update({name: make(world) for name, make in AUTOFILL_OBJECTS.get(model._meta.label, {}).items()})
    for f in model._meta.concrete_fields:
        if f.name in values:
            continue
        if f.primary_key or f.has_default() or f.null or getattr(f, "auto_now", False):
            continue
        if getattr(f, "auto_now_add", False):
            continue
        if f.blank and isinstance(f, models.CharField | models.TextField):
            continue
        values[f.name] = _value_for(model, f, world)
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except Exception as error:  # noqa: BLE001 - the message tells the developer what to add
        raise AssertionError(
            f"The URL walker could not build a {model._meta.label} ({error}): add a factory to FACTORIES "
            "in tests/access_control/walk_support.py."
        ) from error


def owner_world() -> World:
    """The owning organisation, its involved caseworker (in a unit, granted every item)."""
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Walk owner", slug="walk-owner")
    unit = UnitFactory(organisation=organisation, name="Walk team")
    owner = UserFactory(organisation=organisation, role=Role.CASEWORKER, units=[unit])
    return World(organisation=organisation, owner=owner)
