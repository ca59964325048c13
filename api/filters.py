"""Query filters of the list endpoints (django-filter; invalid values answer 400)."""

import django_filters as filters

from records.models import Dossier, DossierStatus, ItemStatus, Record, RecordCategory
from retention.models import LegalHold


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
