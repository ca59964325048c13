"""Retention status of an item, schedules with their current rule parts, legal holds."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.common import (
    OrganisationPrimaryKeyField,
    StrictInputSerializer,
    choice_field,
    whole_number,
)
from records.models import Dossier, Person, Record, RetentionBasis
from retention.models import HoldAuthority, LegalHold, RetentionSchedule, ScheduleVersion


class ScheduleVersionSerializer(serializers.ModelSerializer):
    number = whole_number()
    period_years = whole_number()
    period_months = whole_number()
    period_days = whole_number()
    extend_until_youngest_child_age = whole_number(allow_null=True)
    review_interval_years = whole_number(allow_null=True)
    period_text = serializers.CharField(read_only=True)

    class Meta:
        model = ScheduleVersion
        fields = [
            "id",
            "number",
            "trigger",
            "trigger_event_kind",
            "period_years",
            "period_months",
            "period_days",
            "period_text",
            "rounding",
            "extend_until_youngest_child_age",
            "action",
            "review_interval_years",
            "automation",
            "police_group",
            "legal_basis",
            "created_at",
        ]


class RetentionScheduleSerializer(serializers.ModelSerializer):
    current_version = ScheduleVersionSerializer(read_only=True, allow_null=True)
    record_classes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = RetentionSchedule
        fields = ["id", "code", "name", "current_version", "record_classes", "created_at"]


class VersionRefSerializer(serializers.ModelSerializer):
    schedule = serializers.CharField(source="schedule.code", read_only=True)
    number = whole_number()

    class Meta:
        model = ScheduleVersion
        fields = ["id", "schedule", "number", "legal_basis"]


class HoldBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalHold
        fields = ["id", "authority", "authority_reference", "reason", "placed_at"]


class RetentionStatusSerializer(serializers.Serializer):
    """Read-only: built from the item's retention columns, its explanation and holds."""

    due_on = serializers.DateField(source="item.retention_due_on", allow_null=True)
    action = serializers.CharField(
        source="item.retention_action", help_text="destroy, anonymise, review, ..."
    )
    review_on = serializers.DateField(source="item.retention_review_on", allow_null=True)
    basis = serializers.ChoiceField(choices=RetentionBasis.choices, source="item.retention_basis")
    version = VersionRefSerializer(source="item.retention_version", allow_null=True)
    extended_to = serializers.DateField(source="item.retention_extended_to", allow_null=True)
    retained_until = serializers.DateField(source="item.retention_retained_until", allow_null=True)
    last_reviewed_on = serializers.DateField(source="item.retention_last_reviewed_on", allow_null=True)
    computed_at = serializers.DateTimeField(source="item.retention_computed_at", allow_null=True)
    explanation = serializers.CharField()
    held = serializers.SerializerMethodField()
    active_holds = HoldBriefSerializer(many=True)

    @extend_schema_field(serializers.BooleanField)
    def get_held(self, status) -> bool:
        return bool(status["active_holds"])


def _ids():
    return serializers.PrimaryKeyRelatedField(many=True, read_only=True)


class LegalHoldSerializer(serializers.ModelSerializer):
    placed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    released_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    records = _ids()
    dossiers = _ids()
    people = _ids()

    class Meta:
        model = LegalHold
        fields = [
            "id",
            "is_active",
            "reason",
            "authority",
            "authority_reference",
            "records",
            "dossiers",
            "people",
            "placed_by",
            "placed_at",
            "released_by",
            "released_at",
            "release_reason",
        ]


class HoldPlaceSerializer(StrictInputSerializer):
    reason = serializers.CharField()
    authority = choice_field(HoldAuthority)
    authority_reference = serializers.CharField(max_length=100, allow_blank=True, default="")
    records = OrganisationPrimaryKeyField(
        many=True, queryset=Record.objects.all(), required=False, default=list
    )
    dossiers = OrganisationPrimaryKeyField(
        many=True, queryset=Dossier.objects.all(), required=False, default=list
    )
    people = OrganisationPrimaryKeyField(
        many=True, queryset=Person.objects.all(), required=False, default=list
    )


class HoldReleaseSerializer(StrictInputSerializer):
    reason = serializers.CharField()
