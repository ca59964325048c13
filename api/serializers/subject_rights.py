"""Data-subject requests (R-DSR-1..14): output, intake and the workflow's actions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import StrictInputSerializer, choice_field
from api.serializers.consent import ConsentSubjectField
from records.models import Person
from subject_rights.models import (
    Channel,
    Decision,
    ErasureException,
    IdentityMethod,
    RefusalGround,
    RequesterRole,
    RequestPause,
    RequestStatus,
    RequestStatusChange,
    RequestType,
    SubjectRequest,
)

# --- output ---


class SubjectRequestSerializer(serializers.ModelSerializer):
    handler = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    current_due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date the answer is due now (extended if extended)."
    )

    class Meta:
        model = SubjectRequest
        fields = [
            "id",
            "reference",
            "request_type",
            "status",
            "subject",
            "requester_role",
            "requester_name",
            "received_on",
            "channel",
            "current_due_on",
            "destroy_by",
            "decision",
            "handler",
            "updated_at",
        ]
        read_only_fields = fields


class RequestStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = RequestStatusChange
        fields = ["old_status", "new_status", "reason", "changed_by", "changed_at"]


class RequestPauseSerializer(serializers.ModelSerializer):
    days = serializers.IntegerField(read_only=True, allow_null=True, min_value=0)

    class Meta:
        model = RequestPause
        fields = ["question", "asked_on", "answered_on", "days"]


class SubjectRequestDetailSerializer(SubjectRequestSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    identity_verified = serializers.BooleanField(read_only=True)
    subject_age_on_receipt = serializers.IntegerField(read_only=True, allow_null=True, min_value=0)
    paused_days = serializers.IntegerField(read_only=True, min_value=0)
    refusal_grounds = serializers.ListField(child=serializers.CharField(), read_only=True)
    status_changes = RequestStatusChangeSerializer(many=True, read_only=True)
    pauses = RequestPauseSerializer(many=True, read_only=True)

    class Meta(SubjectRequestSerializer.Meta):
        fields = [
            *SubjectRequestSerializer.Meta.fields,
            "requester_relationship",
            "on_behalf_of",
            "requester_contact",
            "details",
            "subject_age_on_receipt",
            "signatories",
            "capacity_reason",
            "identity_verified",
            "identity_method",
            "identity_verified_at",
            "clock_started_on",
            "paused_days",
            "due_on",
            "extended_due_on",
            "extension_reason",
            "decision_reasons",
            "refusal_grounds",
            "erasure_exception",
            "report_refuted",
            "decided_by",
            "decided_on",
            "completed_on",
            "status_changes",
            "pauses",
            "created_at",
        ]
        read_only_fields = fields


# --- input ---


class SubjectRequestCreateSerializer(StrictInputSerializer):
    # A person signed in: only someone they may see (R-ACC-5), or the answer would give them
    # the name of a stranger; an API client (an intake portal): any person of its organisation.
    subject = ConsentSubjectField(
        queryset=Person.objects.all(), help_text="Id of the person the request is about (R-DSR-1)."
    )
    request_type = choice_field(RequestType)
    requester_role = choice_field(
        RequesterRole,
        help_text="Who asks: the subject, a representative, both together, or an agent (R-DSR-7).",
    )
    requester_name = serializers.CharField(
        max_length=200, allow_blank=True, default="", help_text="May be empty when the subject asks."
    )
    requester_relationship = serializers.CharField(
        max_length=200,
        allow_blank=True,
        default="",
        help_text="Required unless the subject asks (e.g. mother).",
    )
    on_behalf_of = serializers.CharField(max_length=200, allow_blank=True, default="")
    requester_contact = serializers.CharField(allow_blank=True, default="")
    details = serializers.CharField(allow_blank=True, default="", help_text="What is asked.")
    received_on = serializers.DateField()
    channel = choice_field(Channel, default=Channel.API)
    incompetent = serializers.BooleanField(default=False, help_text="The subject is judged not competent.")
    judged_competent = serializers.BooleanField(
        default=False, help_text="Where competence is judged case by case (R-DSR-12): judged competent."
    )


class TransitionSerializer(StrictInputSerializer):
    status = serializers.ChoiceField(
        choices=[RequestStatus.AWAITING_IDENTITY, RequestStatus.FULFILLED, RequestStatus.CLOSED],
        help_text="The plain moves; the others have their own action.",
    )
    reason = serializers.CharField(allow_blank=True, default="")


class VerifyIdentitySerializer(StrictInputSerializer):
    method = choice_field(IdentityMethod)
    note = serializers.CharField(allow_blank=True, default="")
    evidence_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    representation_proven_on = serializers.DateField(required=False, allow_null=True, default=None)
    fee_received_on = serializers.DateField(required=False, allow_null=True, default=None)


class PauseSerializer(StrictInputSerializer):
    question = serializers.CharField(help_text=_("What the requester was asked to clarify."))
    asked_on = serializers.DateField()


class ResumeSerializer(StrictInputSerializer):
    answered_on = serializers.DateField()


class ExtendSerializer(StrictInputSerializer):
    reason = serializers.CharField()
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecideSerializer(StrictInputSerializer):
    decision = choice_field(Decision)
    reasons = serializers.CharField()
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=RefusalGround.choices), required=False, default=list
    )
    erasure_exception = serializers.ChoiceField(
        choices=ErasureException.choices, required=False, allow_blank=True, default=""
    )
    significant_interest_holder = serializers.CharField(max_length=200, allow_blank=True, default="")
    significant_interest_facts = serializers.CharField(allow_blank=True, default="")
    report_refuted = serializers.BooleanField(required=False, allow_null=True, default=None)
