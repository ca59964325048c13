from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from access_control.models import User
from api.serializers.common import (
    OrganisationPrimaryKeyField,
    OrganisationSlugField,
    StrictInputSerializer,
    UnitField,
    choice_field,
)
from api.serializers.people import PersonBriefSerializer, PersonInputSerializer, person_input
from api.serializers.restriction import RestrictionFieldsMixin
from records.models import (
    CopyKind,
    InformationAsset,
    Person,
    Record,
    RecordCategory,
    RecordCopy,
    RecordFormat,
    RecordSubject,
    SubjectEvent,
    SubjectEventKind,
    SubjectRole,
)
from records.models.registry import Language
from records.services import CopyInput, SubjectInput
from retention.models import RecordClass

# --- output ---


class RecordSerializer(serializers.ModelSerializer):
    record_class = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Record
        fields = [
            "id",
            "reference",
            "title",
            "category",
            "record_class",
            "information_asset",
            "unit",
            "format",
            "language",
            "created_on",
            "closed_on",
            "last_action_on",
            "status",
            "retention_due_on",
            "retention_action",
            "updated_at",
        ]
        read_only_fields = fields


class RecordSubjectSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)

    class Meta:
        model = RecordSubject
        fields = ["id", "role", "person"]


class RecordCopySerializer(serializers.ModelSerializer):
    custodian = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RecordCopy
        fields = ["id", "kind", "location", "custodian", "status", "created_at"]


class SubjectEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectEvent
        fields = ["id", "person", "record", "kind", "occurred_on", "description", "created_at"]


class InformationAssetRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationAsset
        fields = ["id", "name"]


class RecordDetailSerializer(RestrictionFieldsMixin, RecordSerializer):
    information_asset = InformationAssetRefSerializer(read_only=True)
    subjects = RecordSubjectSerializer(many=True, read_only=True, source="subject_links")
    copies = RecordCopySerializer(many=True, read_only=True)
    events = SubjectEventSerializer(many=True, read_only=True)

    class Meta(RecordSerializer.Meta):
        fields = [
            *RecordSerializer.Meta.fields,
            "description",
            "subjects",
            "copies",
            "events",
            "created_at",
            "restricted",
            "restriction_reason",
        ]
        read_only_fields = fields


# --- input ---


class NewOrExistingPersonMixin:
    """Exactly one of ``person`` (an id) and ``new_person`` (to register)."""

    # The service input to_input builds (SubjectInput, MemberInput); said here, not in the
    # docstring, because the docstring is the description in the published API schema.
    input_class: type

    def validate(self, attrs):
        if (attrs.get("person") is None) == (attrs.get("new_person") is None):
            raise serializers.ValidationError(
                {"person": [_("Give either person (an existing id) or new_person, not both.")]}
            )
        return attrs

    @classmethod
    def to_input(cls, data):
        new_person = data.get("new_person")
        return cls.input_class(
            role=data["role"],
            person=data.get("person"),
            new_person=person_input(new_person) if new_person is not None else None,
        )


class SubjectInputSerializer(NewOrExistingPersonMixin, StrictInputSerializer):
    input_class = SubjectInput

    role = choice_field(SubjectRole)
    person = OrganisationPrimaryKeyField(queryset=Person.objects.all(), required=False, allow_null=True)
    new_person = PersonInputSerializer(required=False, allow_null=True)


class CopyInputSerializer(StrictInputSerializer):
    kind = choice_field(CopyKind)
    location = serializers.CharField(max_length=255)
    custodian = OrganisationSlugField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        help_text="Username of the person who holds this copy.",
    )

    @staticmethod
    def to_input(data) -> CopyInput:
        return CopyInput(kind=data["kind"], location=data["location"], custodian_id=data["custodian"].pk)


class RecordCreateSerializer(StrictInputSerializer):
    reference = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(allow_blank=True, default="")
    category = choice_field(RecordCategory)
    record_class = OrganisationSlugField(
        slug_field="code", queryset=RecordClass.objects.filter(is_active=True), help_text="Record class code."
    )
    information_asset = OrganisationPrimaryKeyField(queryset=InformationAsset.objects.all())
    unit = UnitField(required=False, allow_null=True, default=None)
    format = choice_field(RecordFormat)
    language = choice_field(Language, default="en")
    created_on = serializers.DateField()
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)
    last_action_on = serializers.DateField(required=False, allow_null=True, default=None)
    subjects = SubjectInputSerializer(many=True, required=False, default=list)
    copies = CopyInputSerializer(many=True, required=False, default=list)

    @staticmethod
    def service_kwargs(data) -> dict:
        return {
            **{key: value for key, value in data.items() if key not in ("subjects", "copies")},
            "subjects": [SubjectInputSerializer.to_input(subject) for subject in data["subjects"]],
            "copies": [CopyInputSerializer.to_input(copy) for copy in data["copies"]],
        }


class RecordUpdateSerializer(StrictInputSerializer):
    title = serializers.CharField(max_length=255, required=False)
    description = serializers.CharField(allow_blank=True, required=False)


class SubjectEventInputSerializer(StrictInputSerializer):
    person = OrganisationPrimaryKeyField(queryset=Person.objects.all())
    kind = choice_field(SubjectEventKind)
    occurred_on = serializers.DateField()
    description = serializers.CharField(allow_blank=True, default="")
