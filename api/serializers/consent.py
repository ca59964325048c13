"""The consent register (R-CON-1..6): output, recording with signatories, withdrawal, and
the "may this data be shared?" question."""

import base64
import binascii

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from access_control.models import Role
from api.serializers.common import OrganisationPrimaryKeyField, StrictInputSerializer, choice_field
from api.serializers.people import PersonBriefSerializer
from records.models import Person
from subject_rights.models import Consent, ConsentDirection, ConsentForm, ConsentSignatory, CounterpartyKind
from subject_rights.selectors.screens import (
    consent_signatory_candidates,
    consent_withdrawal_candidates,
    subject_rights_people_visible_to,
)

# --- output ---


class ConsentSignatorySerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)

    class Meta:
        model = ConsentSignatory
        fields = ["person", "capacity"]


class ConsentSerializer(serializers.ModelSerializer):
    signatories = ConsentSignatorySerializer(many=True, read_only=True)
    has_document = serializers.SerializerMethodField()
    holds_today = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "subject",
            "data_description",
            "purpose",
            "direction",
            "counterparty",
            "counterparty_kind",
            "why_necessary",
            "contains_health_data",
            "media_publication",
            "form",
            "has_document",
            "given_on",
            "valid_until",
            "signatories",
            "signatories_reason",
            "note",
            "holds_today",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_note",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField)
    def get_has_document(self, consent) -> bool:
        return bool(consent.document)

    @extend_schema_field(serializers.BooleanField)
    def get_holds_today(self, consent) -> bool:
        return consent.holds_on(timezone.localdate())


class SharingAnswerSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField()
    consent = ConsentSerializer(allow_null=True, help_text="The consent that decides the answer, if any.")


# --- input ---


class DocumentSerializer(StrictInputSerializer):
    """The signed consent document, sent inline (the API speaks JSON only)."""

    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(help_text="The file's bytes, base64-encoded.")

    def validate_content_base64(self, value: str) -> bytes:
        try:
            content = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("This is not valid base64.")) from None
        if not content:
            raise serializers.ValidationError(_("The document is empty."))
        return content

    @staticmethod
    def to_file(data) -> ContentFile:
        return ContentFile(data["content_base64"], name=data["name"])


class ConsentSubjectField(OrganisationPrimaryKeyField):
    """A person whose consents the caller handles. A person signed in: one they may open the
    consent register for (R-ACC-5, as on the web pages); an API client: any person of its
    organisation (an intake portal collects consent for people not yet in a dossier)."""

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role != Role.API_CLIENT:
            return subject_rights_people_visible_to(user)
        return super().get_queryset()


def _signed_in_person(context) -> bool:
    """Whether the caller is a person signed in (not an API client)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and user.role != Role.API_CLIENT


class ConsentSignatoryField(OrganisationPrimaryKeyField):
    """Who gave or withdrew a consent. Checked against the subject (or consent) in the
    serializer: the service's refusal names the person, so a person signed in may name only
    those the web form offers (the subject and the adults with a legal relation to them, or
    whoever signed): never a stranger, whose name the refusal would give away (R-ACC-5)."""

    def get_queryset(self):
        consent = self.context.get("consent")
        if consent is not None and _signed_in_person(self.context):
            return consent_withdrawal_candidates(consent)
        return super().get_queryset()


class ConsentCreateSerializer(StrictInputSerializer):
    subject = ConsentSubjectField(queryset=Person.objects.all(), help_text="The person the data is about.")
    data_description = serializers.CharField(help_text="Which data (R-CON-1: specific, not 'all data').")
    purpose = serializers.CharField()
    direction = choice_field(ConsentDirection)
    counterparty = serializers.CharField(max_length=255, help_text="To or from whom.")
    counterparty_kind = choice_field(CounterpartyKind)
    why_necessary = serializers.CharField()
    given_by = serializers.ListField(
        child=ConsentSignatoryField(queryset=Person.objects.all()),
        allow_empty=False,
        help_text="Ids of the people who gave the consent (R-CON-2/3 decide who must).",
    )
    form = choice_field(ConsentForm)
    given_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    document = DocumentSerializer(required=False, allow_null=True, default=None)
    contains_health_data = serializers.BooleanField(default=False)
    media_publication = serializers.BooleanField(default=False)
    incompetent = serializers.BooleanField(default=False)
    judged_competent = serializers.BooleanField(default=False)
    note = serializers.CharField(allow_blank=True, default="")

    def validate(self, attrs):
        if _signed_in_person(self.context):
            allowed = set(
                consent_signatory_candidates(attrs["subject"])
                .filter(pk__in=[person.pk for person in attrs["given_by"]])
                .values_list("pk", flat=True)
            )
            if any(person.pk not in allowed for person in attrs["given_by"]):
                raise serializers.ValidationError(
                    {"given_by": _("Name the subject or adults with a legal relation to them.")}
                )
        return attrs

    @staticmethod
    def service_kwargs(data) -> dict:
        document = data.pop("document")
        return {**data, "document": DocumentSerializer.to_file(document) if document else None}


# Expects the consent in its context (``consent``); a comment, not a docstring, which would
# become the schema's description.
class ConsentWithdrawSerializer(StrictInputSerializer):
    withdrawn_by = ConsentSignatoryField(
        queryset=Person.objects.all(), help_text="Id of the person who withdrew it."
    )
    note = serializers.CharField(allow_blank=True, default="")


class SharingQuestionSerializer(StrictInputSerializer):
    subject = ConsentSubjectField(queryset=Person.objects.all())
    data = serializers.CharField(max_length=1000, help_text="The data to share (or obtain).")
    recipient = serializers.CharField(max_length=255, help_text="To (or, for obtain, from) whom.")
    purpose = serializers.CharField(max_length=1000)
    on = serializers.DateField(
        required=False, default=None, help_text="The day asked about; today if omitted."
    )
    direction = choice_field(ConsentDirection, default=ConsentDirection.SHARE)
