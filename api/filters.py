"""Query filters of the list endpoints (django-filter; invalid values answer 400)."""

import django_filters as filters
from django import forms

from api.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from core.models import AccessChannel, AccessLogEntry, AccessObject
from records.models import Dossier, DossierStatus, ItemStatus, Record, RecordCategory
from retention.models import BatchStatus, DisposalBatch, LegalHold, Review, ReviewStatus
from subject_rights.models import Consent, ConsentDirection, RequestStatus, RequestType, SubjectRequest


class IdFilter(filters.NumberFilter):
    """A row id: a whole number that fits a database id (anything else is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class RecordFilter(filters.FilterSet):
    reference = filters.CharFilter(help_text="Exact reference.")
    category = filters.ChoiceFilter(choices=RecordCategory.choices)
    record_class = filters.CharFilter(field_name="record_class__code", help_text="Record class code.")
    status = filters.ChoiceFilter(choices=ItemStatus.choices)
    created_on = filters.DateFromToRangeFilter(help_text="created_on_after / created_on_before (inclusive).")
    retention_due_on = filters.DateFromToRangeFilter(
        help_text="retention_due_on_after / retention_due_on_before (inclusive)."
    )

    class Meta:
        model = Record
        fields = ["reference", "category", "record_class", "status", "created_on", "retention_due_on"]


class DossierFilter(filters.FilterSet):
    reference = filters.CharFilter(help_text="Exact reference.")
    status = filters.ChoiceFilter(choices=DossierStatus.choices)
    report_date = filters.DateFromToRangeFilter(
        help_text="report_date_after / report_date_before (inclusive)."
    )
    retention_due_on = filters.DateFromToRangeFilter(
        help_text="retention_due_on_after / retention_due_on_before (inclusive)."
    )

    class Meta:
        model = Dossier
        fields = ["reference", "status", "report_date", "retention_due_on"]


class HoldFilter(filters.FilterSet):
    state = filters.ChoiceFilter(
        choices=[("active", "Active"), ("released", "Released")],
        method="filter_state",
        help_text="Omit for all.",
    )

    class Meta:
        model = LegalHold
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(released_at__isnull=value == "active")


class SubjectRequestFilter(filters.FilterSet):
    reference = filters.CharFilter(help_text="Exact reference.")
    status = filters.ChoiceFilter(choices=RequestStatus.choices)
    request_type = filters.ChoiceFilter(choices=RequestType.choices)
    subject = IdFilter(field_name="subject_id", help_text="Person id.")
    received_on = filters.DateFromToRangeFilter(
        help_text="received_on_after / received_on_before (inclusive)."
    )
    due_on = filters.DateFromToRangeFilter(help_text="due_on_after / due_on_before (inclusive).")

    class Meta:
        model = SubjectRequest
        fields = ["reference", "status", "request_type", "subject", "received_on", "due_on"]


class ConsentFilter(filters.FilterSet):
    subject = IdFilter(field_name="subject_id", help_text="Person id.")
    direction = filters.ChoiceFilter(choices=ConsentDirection.choices)
    state = filters.ChoiceFilter(
        choices=[("active", "Active"), ("withdrawn", "Withdrawn")],
        method="filter_state",
        help_text="active: not withdrawn; omit for all.",
    )
    given_on = filters.DateFromToRangeFilter(help_text="given_on_after / given_on_before (inclusive).")

    class Meta:
        model = Consent
        fields = ["subject", "direction", "state", "given_on"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(withdrawn_on__isnull=value == "active")


class ReviewFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    due_on = filters.DateFromToRangeFilter(help_text="due_on_after / due_on_before (inclusive).")

    class Meta:
        model = Review
        fields = ["status", "due_on"]


class DisposalBatchFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=BatchStatus.choices)

    class Meta:
        model = DisposalBatch
        fields = ["status"]


class AccessLogFilter(filters.FilterSet):
    """Who looked at an item (object_kind + object_id) or what a user looked at (user)."""

    object_kind = filters.ChoiceFilter(choices=AccessObject.choices)
    object_id = IdFilter()
    user = IdFilter(field_name="user_id", help_text="User id.")
    channel = filters.ChoiceFilter(choices=AccessChannel.choices)
    accessed_on = filters.DateFromToRangeFilter(
        field_name="accessed_at__date", help_text="accessed_on_after / accessed_on_before (inclusive)."
    )

    class Meta:
        model = AccessLogEntry
        fields = ["object_kind", "object_id", "user", "channel", "accessed_on"]


class DeliveryFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=DeliveryStatus.choices)
    event_type = filters.ChoiceFilter(choices=WebhookEvent.choices)

    class Meta:
        model = WebhookDelivery
        fields = ["status", "event_type"]
