"""Safeguarding concerns, confiscated devices, policies, breaches and the processing
register (issue 8). Output shows what the caller's role may see; input is strict."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access_control.models import Role
from api.serializers.common import (
    OrganisationPrimaryKeyField,
    StrictInputSerializer,
    choice_field,
    whole_number,
)
from api.serializers.people import PersonBriefSerializer
from governance.dates import notification_clock
from governance.models import (
    Agency,
    Breach,
    Concern,
    ConcernCategory,
    ConcernEntry,
    ConfiscatedDevice,
    ConsentGiver,
    CustodyEvent,
    CustodyStep,
    EntryKind,
    LegalBasis,
    NotifyDecision,
    Policy,
    PolicyVersion,
    ProcessingActivity,
    ProcessingAgreement,
    Processor,
)
from records.models import Person
from records.selectors import people_for_organisation
from retention.models import RecordClass

USERNAME = {"slug_field": "username", "read_only": True}


class PupilField(OrganisationPrimaryKeyField):
    """A pupil the caller may name. A person signed in: one the web form offers them
    (R-ACC-5, access by involvement), so the answer (which shows the pupil's name) reveals
    no one else; an API client (a filtering system): any person of its organisation."""

    def get_queryset(self):
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and user.is_authenticated and user.role != Role.API_CLIENT:
            return people_for_organisation(user=user)
        return super().get_queryset()


class EventTimeField(serializers.DateTimeField):
    """A moment something happened in the school's life: from 1900 on. Earlier times are
    typing errors, and before standard time zones they have offsets RFC 3339 cannot write."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if moment.year < 1900:
            raise serializers.ValidationError(_("Enter a date and time from 1900 on."))
        return moment


# --- Concerns -----------------------------------------------------------------------------


class ConcernEntrySerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(**USERNAME)

    class Meta:
        model = ConcernEntry
        fields = [
            "id",
            "kind",
            "text",
            "agency",
            "agency_contact",
            "agency_reference",
            "escalated_on",
            "recorded_by",
            "recorded_at",
        ]


class ConcernSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    pupils = PersonBriefSerializer(many=True, read_only=True)
    reported_by = serializers.SlugRelatedField(**USERNAME)
    closed_by = serializers.SlugRelatedField(allow_null=True, **USERNAME)
    entries = ConcernEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "reference",
            "category",
            "summary",
            "occurred_on",
            "pupils",
            "reported_by",
            "reported_at",
            "status",
            "outcome",
            "closed_by",
            "closed_at",
            "entries",
        ]


class ConcernInputSerializer(StrictInputSerializer):
    category = choice_field(ConcernCategory)
    summary = serializers.CharField()
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    pupils = PupilField(queryset=Person.objects.all(), many=True, allow_empty=False)


class ConcernEntryInputSerializer(StrictInputSerializer):
    kind = choice_field(EntryKind)
    text = serializers.CharField()
    agency = choice_field(Agency, required=False, default="")
    agency_contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    agency_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    escalated_on = serializers.DateField(required=False, allow_null=True, default=None)


class ConcernCloseInputSerializer(StrictInputSerializer):
    outcome = serializers.CharField()


# --- Devices ------------------------------------------------------------------------------


class CustodyEventSerializer(serializers.ModelSerializer):
    sequence = whole_number()
    actor = serializers.SlugRelatedField(**USERNAME)
    holder = serializers.SlugRelatedField(allow_null=True, **USERNAME)

    class Meta:
        model = CustodyEvent
        fields = [
            "sequence",
            "step",
            "occurred_at",
            "actor",
            "holder",
            "location",
            "consent_by",
            "consent_name",
            "released_to",
            "released_to_relationship",
            "note",
        ]


class DeviceSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    pupil = PersonBriefSerializer(read_only=True)
    custody = CustodyEventSerializer(many=True, read_only=True)

    class Meta:
        model = ConfiscatedDevice
        fields = ["id", "reference", "description", "reason", "pupil", "concern", "recorded_at", "custody"]


class DeviceInputSerializer(StrictInputSerializer):
    pupil = PupilField(queryset=Person.objects.all())
    description = serializers.CharField(max_length=200)
    reason = serializers.CharField()
    location = serializers.CharField(max_length=200)
    occurred_at = EventTimeField(required=False, allow_null=True, default=None)


class CustodyInputSerializer(StrictInputSerializer):
    step = choice_field(CustodyStep)
    occurred_at = EventTimeField(required=False, allow_null=True, default=None)
    holder = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user id.")
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    consent_by = choice_field(ConsentGiver, required=False, default="")
    consent_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    released_to = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    released_to_relationship = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- Policies -----------------------------------------------------------------------------


class PolicyVersionSerializer(serializers.ModelSerializer):
    number = whole_number()
    approved_by = serializers.SlugRelatedField(allow_null=True, **USERNAME)

    class Meta:
        model = PolicyVersion
        fields = ["id", "number", "text", "change_note", "approved_by", "approved_by_name", "approved_on"]


class PolicySerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(**USERNAME)
    versions = PolicyVersionSerializer(many=True, read_only=True)
    review_months = whole_number(allow_null=True)
    review_month = whole_number(allow_null=True)
    acknowledged_by_me = serializers.BooleanField(read_only=True)

    class Meta:
        model = Policy
        fields = [
            "id",
            "title",
            "kind",
            "owner",
            "review_period",
            "review_months",
            "review_month",
            "next_review_on",
            "requires_acknowledgement",
            "audience",
            "acknowledged_by_me",
            "versions",
        ]


# --- Breaches -----------------------------------------------------------------------------


class BreachSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    reported_by = serializers.SlugRelatedField(**USERNAME)
    people_affected = whole_number(allow_null=True)
    notification_deadline = serializers.SerializerMethodField()
    notification_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Breach
        fields = [
            "id",
            "reference",
            "summary",
            "discovered_at",
            "discovered_by_name",
            "aware_at",
            "reported_by",
            "data_description",
            "people_affected",
            "risk",
            "risk_assessment",
            "containment",
            "authority_decision",
            "authority_decision_reason",
            "authority_decided_at",
            "authority_notified_at",
            "authority_reference",
            "late_reason",
            "notification_deadline",
            "notification_overdue",
            "subjects_decision",
            "subjects_decision_reason",
            "subjects_notified_at",
            "lessons_learned",
            "closed_at",
        ]

    @extend_schema_field(serializers.DateTimeField)
    def get_notification_deadline(self, breach):
        return serializers.DateTimeField().to_representation(notification_clock(breach).deadline)

    @extend_schema_field(serializers.BooleanField)
    def get_notification_overdue(self, breach) -> bool:
        return notification_clock(breach).overdue


class BreachInputSerializer(StrictInputSerializer):
    summary = serializers.CharField()
    discovered_at = EventTimeField(error_messages={"required": _("Enter when the breach was discovered.")})
    aware_at = EventTimeField(required=False, allow_null=True, default=None)
    discovered_by_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    data_description = serializers.CharField(required=False, allow_blank=True, default="")
    people_affected = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class BreachDecisionInputSerializer(StrictInputSerializer):
    # The full choice set (one enum in the schema); "pending" is refused by the service.
    decision = choice_field(NotifyDecision)
    reason = serializers.CharField()


# --- Processing register ------------------------------------------------------------------


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessingAgreement
        fields = ["id", "processor", "parties", "subject", "data_categories", "starts_on", "ends_on"]


class ProcessorSerializer(serializers.ModelSerializer):
    agreements = AgreementSerializer(many=True, read_only=True)

    class Meta:
        model = Processor
        fields = ["id", "name", "contact", "country", "agreements"]


class ProcessorInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    country = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class AgreementInputSerializer(StrictInputSerializer):
    parties = serializers.CharField()
    subject = serializers.CharField()
    data_categories = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActivitySerializer(serializers.ModelSerializer):
    record_class = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "name",
            "purpose",
            "legal_basis",
            "legal_basis_detail",
            "subject_categories",
            "data_categories",
            "recipients",
            "processors",
            "record_class",
        ]


class ActivityInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=200)
    purpose = serializers.CharField()
    legal_basis = choice_field(LegalBasis)
    legal_basis_detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    subject_categories = serializers.CharField()
    data_categories = serializers.CharField()
    recipients = serializers.CharField(required=False, allow_blank=True, default="")
    processors = OrganisationPrimaryKeyField(
        queryset=Processor.objects.all(), many=True, required=False, default=list
    )
    record_class = OrganisationPrimaryKeyField(
        queryset=RecordClass.objects.all(), required=False, allow_null=True, default=None
    )
