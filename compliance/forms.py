"""Forms of the compliance pages: they parse input; the rules live in the services."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from compliance.models import Finding, SampleKind, SampleStatus
from compliance.periods import MAX_MONTHS, Period, add_months, previous_quarter
from compliance.services.sampling import MAX_SAMPLE_SIZE, SEED_LIMIT
from core.forms import GovukForm

MONTH_FORMAT = "%Y-%m"


class MonthInput(forms.DateInput):
    """The browser's month picker (``YYYY-MM``); a text box where there is none."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "govuk-input--width-10", **(attrs or {})}, format=MONTH_FORMAT)


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": _("Enter a month as year and month, for example 2026-03.")}


class PeriodForm(GovukForm):
    """From and to months of the dashboard and its lists (both included). Missing months mean
    the default period (the last 12 months); one month alone extends to a year around it."""

    from_month = MonthField(label=_("From month"), required=False, help_text=_("For example, 2026-01"))
    to_month = MonthField(label=_("To month"), required=False, help_text=_("For example, 2026-06"))

    def __init__(self, data=None, *, today: datetime.date, **kwargs):
        if data is not None and not (data.get("from_month") or data.get("to_month")):
            data = None  # other parameters only (a list's band or month): the default period
        super().__init__(data, **kwargs)
        self.default = Period.ending(today)
        self.fields["from_month"].initial = self.default.first_month
        self.fields["to_month"].initial = self.default.last_month

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_month"), cleaned.get("to_month")
        if self.errors:
            return cleaned
        first = first.replace(day=1) if first else None
        last = last.replace(day=1) if last else None
        if first and not last:
            last = max(first, self.default.last_month)
        if last and not first:
            first = add_months(last, -11)
        if first and last:
            if last < first:
                raise forms.ValidationError(_("The to month must be the same as or after the from month."))
            if len(Period(first, last).months()) > MAX_MONTHS:
                raise forms.ValidationError(
                    _("Choose a period of at most %(count)d months.") % {"count": MAX_MONTHS}
                )
        cleaned["period"] = Period(first, last) if first and last else self.default
        return cleaned

    def period(self) -> Period:
        """The chosen period, or the default when the input is missing or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return self.default


def quarter_choices(today: datetime.date, count: int = 8) -> list[tuple[str, str]]:
    year, number = previous_quarter(today)
    choices = []
    for _step in range(count):
        choices.append((f"{year}-Q{number}", f"Q{number} {year}"))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return choices


class QuarterForm(GovukForm):
    """The quarter of the report to the Information Assurance Board (R-REC-9): the last
    eight that have ended."""

    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(today)
        self.fields["quarter"].error_messages["invalid_choice"] = _("Choose one of the quarters listed.")
        self.fields["quarter"].error_messages["required"] = _("Choose a quarter.")

    def period(self) -> Period:
        year, number = self.cleaned_data["quarter"].split("-Q")
        return Period.quarter(int(year), int(number))


class SampleDrawForm(GovukForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=_("Choose a unit"))
    kind = forms.ChoiceField(
        label=_("What to sample"),
        choices=SampleKind.choices,
        widget=forms.RadioSelect,
        initial=SampleKind.RECORDS,
    )
    size = forms.IntegerField(
        label=_("Sample size"),
        min_value=1,
        max_value=MAX_SAMPLE_SIZE,
        initial=10,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    checker = forms.ModelChoiceField(label=_("Who checks the items"), queryset=None, empty_label=None)
    seed = forms.IntegerField(
        label=_("Seed (optional)"),
        required=False,
        min_value=1,
        max_value=SEED_LIMIT - 1,
        help_text=_(
            "Leave empty for a new random draw. Enter the seed of an earlier sample to repeat its draw."
        ),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(self, *args, units, checkers, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["checker"].queryset = checkers
        self.fields["checker"].initial = user.pk
        self.fields["checker"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.fields["size"].error_messages.update(
            {
                "required": _("Enter the sample size."),
                "min_value": _("Choose a sample size from 1 to %(max)d.") % {"max": MAX_SAMPLE_SIZE},
                "max_value": _("Choose a sample size from 1 to %(max)d.") % {"max": MAX_SAMPLE_SIZE},
            }
        )
        self.fields["unit"].error_messages["required"] = _("Choose the unit to sample.")


class FindingForm(GovukForm):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required unless the item is accurate: what is wrong or missing."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].error_messages["required"] = _("Choose a finding.")


class SampleCloseForm(GovukForm):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the sample shows about the unit's records, and what will be done about it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].error_messages["required"] = _(
            "Write the conclusion: what the sample shows and what follows."
        )


class SampleFilterForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *SampleStatus.choices]
    )
