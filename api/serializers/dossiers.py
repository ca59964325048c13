from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.serializers.common import (
    OrganisationPrimaryKeyField,
    OrganisationSlugField,
    StrictInputSerializer,
    UnitField,
    choice_field,
)
from api.serializers.people import PersonBriefSerializer, PersonInputSerializer
from api.serializers.records import NewOrExistingPersonMixin
from api.serializers.restriction import RestrictionFieldsMixin
from records.models import (
    Dossier,
    DossierEntry,
    DossierMember,
    DossierStatusChange,
    EntryAttachment,
    EntryKind,
    EntryNature,
    MemberRole,
    Person,
)
from records.services import MemberInput
from retention.models import RecordClass

# --- output ---


class DossierSerializer(serializers.ModelSerializer):
    record_class = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "reference",
            "household_name",
            "report_date",
            "status",
            "closed_on",
            "unit",
            "record_class",
            "lifecycle",
            "retention_due_on",
            "retention_action",
            "updated_at",
        ]
        read_only_fields = fields


class DossierMemberSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True)

    class Meta:
        model = DossierMember
        fields = ["id", "role", "person", "added_at"]


class EntryAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntryAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class DossierEntrySerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    concerns = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Member ids.")
    attachments = EntryAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DossierEntry
        fields = [
            "id",
            "kind",
            "nature",
            "body",
            "source",
            "not_current_contact",
            "recipient",
            "concerns",
            "author",
            "attachments",
            "created_at",
        ]


class DossierStatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierStatusChange
        fields = ["old_status", "new_status", "closed_on", "reason", "changed_at"]


class DossierDetailSerializer(RestrictionFieldsMixin, DossierSerializer):
    members = DossierMemberSerializer(many=True, read_only=True)
    entries = DossierEntrySerializer(many=True, read_only=True)
    status_changes = DossierStatusChangeSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "summary",
            "members",
            "entries",
            "status_changes",
            "created_at",
            "restricted",
            "restriction_reason",
        ]
        read_only_fields = fields


# --- input ---


class MemberInputSerializer(NewOrExistingPersonMixin, StrictInputSerializer):
    input_class = MemberInput

    role = choice_field(MemberRole)
    person = OrganisationPrimaryKeyField(queryset=Person.objects.all(), required=False, allow_null=True)
    new_person = PersonInputSerializer(required=False, allow_null=True)


class DossierCreateSerializer(StrictInputSerializer):
    household_name = serializers.CharField(max_length=200)
    report_date = serializers.DateField()
    members = MemberInputSerializer(many=True, allow_empty=False)
    report_text = serializers.CharField(allow_blank=True, default="")
    report_source = serializers.CharField(max_length=255, allow_blank=True, default="")
    unit = UnitField(required=False, allow_null=True, default=None)
    record_class = OrganisationSlugField(
        slug_field="code",
        queryset=RecordClass.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="Record class code; its schedule sets the retention (e.g. VT-DOSSIER).",
    )
    reference = serializers.CharField(
        max_length=64, allow_blank=True, default="", help_text="Leave empty for the next number."
    )

    @staticmethod
    def service_kwargs(data) -> dict:
        return {**data, "members": [MemberInputSerializer.to_input(member) for member in data["members"]]}


class DossierUpdateSerializer(StrictInputSerializer):
    household_name = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(allow_blank=True, required=False)


class DossierMemberField(serializers.PrimaryKeyRelatedField):
    """A member id of the dossier the entry is added to."""

    def __init__(self, **kwargs):
        super().__init__(queryset=DossierMember.objects.all(), **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(dossier=self.context["dossier"])


class EntryInputSerializer(StrictInputSerializer):
    kind = choice_field(EntryKind)
    nature = choice_field(EntryNature, help_text="R-DOS-2: a fact or an opinion.")
    body = serializers.CharField()
    concerns = serializers.ListField(
        child=DossierMemberField(), allow_empty=False, help_text="Ids of the members this entry concerns."
    )
    source = serializers.CharField(max_length=255, allow_blank=True, default="")
    not_current_contact = serializers.BooleanField(default=False)
    recipient = serializers.CharField(max_length=255, allow_blank=True, default="")


class DossierCloseSerializer(StrictInputSerializer):
    closed_on = serializers.DateField()
    reason = serializers.CharField(allow_blank=True, default="")


class DossierReopenSerializer(StrictInputSerializer):
    reason = serializers.CharField(help_text=_("Why the dossier is reopened."))
