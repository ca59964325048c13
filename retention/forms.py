"""Forms of the records unit's pages. They parse input into service arguments; the rules are
checked by the retention services, whose refusals the views show with
``core.forms.add_domain_error``."""

import re
from dataclasses import fields

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from records.models import SubjectEventKind
from retention import selectors
from retention.models import (
    Automation,
    BatchStatus,
    DueAction,
    HoldAuthority,
    PoliceGroup,
    ReviewDecision,
    Rounding,
    ScheduleVersion,
    Trigger,
)
from retention.nrac import NRAC_QUESTIONS
from retention.services.schedules import RuleParts

YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
NRAC_PREFIX = "nrac_"


def _choices(text_choices, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *text_choices.choices]


def _reason(label, required_message, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


# --- filters -----------------------------------------------------------------------------------


class ReviewFilterForm(GovukForm):
    schedule = forms.ModelChoiceField(
        label=_("Schedule"), queryset=None, required=False, empty_label=_("Any schedule")
    )

    def __init__(self, *args, schedules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule"].queryset = schedules
        self.fields["schedule"].label_from_instance = lambda s: f"{s.code} — {s.name}"


class BatchFilterForm(GovukForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(BatchStatus, _("Any status"))
    )


class HoldFilterForm(GovukForm):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (selectors.ACTIVE, _("Active holds")),
            (selectors.RELEASED, _("Released holds")),
            ("all", _("All holds")),
        ],
    )

    def state_value(self) -> str:
        state = self.cleaned_data.get("state") if self.is_valid() else ""
        if state == "all":
            return ""
        return state or selectors.ACTIVE


# --- reviews -----------------------------------------------------------------------------------


class ReviewDecisionForm(GovukForm):
    """The decision on a review; for police groups also the national retention assessment
    criteria (one yes/no question each, RETENTION.md)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the decision.")},
    )
    justification = _reason(
        _("Justification"), _("Enter the justification for the decision (R-REC-5)."), rows=5
    )
    next_review_on = forms.DateField(
        label=_("Next review date (optional)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to follow the schedule's review interval"),
        error_messages={"invalid": _("Enter the next review date as a real date.")},
    )
    extended_to = forms.DateField(
        label=_("Keep until"),
        required=False,
        widget=DateInput(),
        help_text=_("Team leaders only (R-WMO-3): a later date than the current one"),
        error_messages={"invalid": _("Enter the date until which the item is kept as a real date.")},
    )

    def __init__(self, *args, police_group: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.nrac_names: list[str] = []
        if police_group:
            for code, question in NRAC_QUESTIONS:
                name = f"{NRAC_PREFIX}{code}"
                self.fields[name] = forms.ChoiceField(
                    label=gettext(question),
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Answer yes or no.")},
                )
                self.nrac_names.append(name)
            # The criteria come before the decision they constrain.
            self.order_fields([*self.nrac_names, "decision", "justification"])

    @property
    def nrac_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.nrac_names]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        answers = {name.removeprefix(NRAC_PREFIX): data[name] == YES for name in self.nrac_names}
        decision = data["decision"]
        # Each date belongs to one decision and is shown under it; a date typed under another
        # decision before the user changed their mind is not part of what they decided.
        return {
            "decision": decision,
            "justification": data["justification"],
            "nrac_answers": answers or None,
            "next_review_on": data["next_review_on"] if decision == ReviewDecision.RETAIN else None,
            "extended_to": data["extended_to"] if decision == ReviewDecision.EXTEND else None,
        }


# --- disposal batches --------------------------------------------------------------------------


class PasswordConfirmForm(GovukForm):
    """Re-authentication before an irreversible step: the user types their password again."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input--width-20"}
        ),
        help_text=_("Enter the password you sign in with, to confirm it is you"),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


class ItemRemoveForm(GovukForm):
    reason = _reason(
        _("Why is this item taken out of the batch?"), _("Enter the reason for removing the item.")
    )


class BatchCancelForm(GovukForm):
    reason = _reason(_("Why is the batch cancelled?"), _("Enter the reason for cancelling the batch."))


# --- legal holds -------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[,;\n]+")


def split_references(text: str) -> list[str]:
    """Comma-, semicolon- or line-separated references, each once, in the order typed."""
    return list(dict.fromkeys(part.strip() for part in _SEPARATORS.split(text or "") if part.strip()))


def _names(values: list[str]) -> str:
    return ", ".join(values)


class HoldForm(GovukForm):
    reason = _reason(_("Reason for the hold"), _("Enter the reason for the hold."), rows=4)
    authority = forms.ChoiceField(
        label=_("Authority"),
        choices=HoldAuthority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the authority for the hold.")},
    )
    authority_reference = forms.CharField(
        label=_("Case or matter reference (optional)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    records = forms.CharField(
        label=_("Records"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Record references, separated by commas"),
    )
    dossiers = forms.CharField(
        label=_("Dossiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dossier references, separated by commas"),
    )
    people = forms.CharField(
        label=_("People"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Identifiers of people (e.g. PNC or pupil number), separated by commas: every record "
            "and dossier about them is held"
        ),
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id

    def _resolve(self, field: str, finder, message: str) -> list:
        found, unknown = finder(
            organisation_id=self.organisation_id, references=split_references(self.cleaned_data[field])
        )
        if unknown:
            raise forms.ValidationError(message % {"references": _names(unknown)}, code="unknown")
        return found

    def clean_records(self) -> list:
        return self._resolve(
            "records", selectors.records_by_reference, _("No record has the reference: %(references)s.")
        )

    def clean_dossiers(self) -> list:
        return self._resolve(
            "dossiers", selectors.dossiers_by_reference, _("No dossier has the reference: %(references)s.")
        )

    def clean_people(self) -> list:
        people, unknown, ambiguous = selectors.people_by_identifier(
            organisation_id=self.organisation_id, values=split_references(self.cleaned_data["people"])
        )
        errors = []
        if unknown:
            errors.append(_("Nobody has the identifier: %(values)s.") % {"values": _names(unknown)})
        if ambiguous:
            errors.append(
                _("More than one person has the identifier: %(values)s. Hold their records instead.")
                % {"values": _names(ambiguous)}
            )
        if errors:
            raise forms.ValidationError(errors)
        return people

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class HoldReleaseForm(GovukForm):
    reason = _reason(_("Reason for releasing the hold"), _("Enter the reason for releasing the hold."))


# --- copy-destruction tasks --------------------------------------------------------------------


class CopyConfirmForm(GovukForm):
    method = forms.CharField(
        label=_("How was the copy destroyed?"),
        max_length=200,
        help_text=_("For example: cross-cut shredding by a certified company, or deletion from the system"),
        error_messages={"required": _("Enter how the copy was destroyed.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the disposal company's certificate number"),
    )


# --- schedules ---------------------------------------------------------------------------------


def _whole_number(label, *, required: bool = True) -> forms.IntegerField:
    # No minimum here: the service says what is wrong with a negative or zero period.
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": _("Enter a whole number."), "invalid": _("Enter a whole number.")},
    )


class ScheduleVersionForm(GovukForm):
    """Every rule part of RETENTION.md, and why the schedule changes."""

    trigger = forms.ChoiceField(
        label=_("The period runs from"),
        choices=Trigger.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what the period runs from.")},
    )
    trigger_event_kind = forms.ChoiceField(
        label=_("Event that starts the period"),
        required=False,
        choices=_choices(SubjectEventKind, _("Not applicable")),
        help_text=_("Only when the period runs from a named business event"),
    )
    period_years = _whole_number(_("Years"))
    period_months = _whole_number(_("Months"))
    period_days = _whole_number(_("Days"))
    rounding = forms.ChoiceField(label=_("Rounding"), choices=Rounding.choices)
    extend_until_youngest_child_age = _whole_number(
        _("Keep until the youngest child is (age, optional)"), required=False
    )
    action = forms.ChoiceField(label=_("Action when due"), choices=DueAction.choices)
    review_interval_years = _whole_number(_("Review interval in years (optional)"), required=False)
    automation = forms.ChoiceField(
        label=_("Automation"),
        choices=Automation.choices,
        widget=forms.RadioSelect,
        help_text=_("Automatic disposal is allowed only below police group 2 (R-REC-7)"),
    )
    police_group = forms.ChoiceField(
        label=_("Police review group"), required=False, choices=_choices(PoliceGroup, _("None"))
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Statute, guidance or policy, with its citation"),
        error_messages={"required": _("Enter the legal basis.")},
    )
    change_note = _reason(_("Why does the schedule change?"), _("Enter why the schedule changes."))

    RULE_FIELDS = [f.name for f in fields(RuleParts)]

    @classmethod
    def initial_from(cls, version: ScheduleVersion | None) -> dict:
        if version is None:
            return {"period_years": 0, "period_months": 0, "period_days": 0}
        return {name: getattr(version, name) for name in cls.RULE_FIELDS}

    def rule_parts(self) -> RuleParts:
        return RuleParts(**{name: self.cleaned_data[name] for name in self.RULE_FIELDS})


# --- extensions --------------------------------------------------------------------------------


class ExtensionForm(GovukForm):
    # Prefixed: it shares the dossier page with the close and reopen forms.
    prefix = "extend"

    extended_to = forms.DateField(
        label=_("Keep until"),
        widget=DateInput(),
        help_text=_("A date later than the current retention date"),
        error_messages={
            "required": _("Enter the date until which the item is kept."),
            "invalid": _("Enter the date until which the item is kept as a real date."),
        },
    )
    reason = _reason(
        _("Why must the item be kept longer?"), _("Enter the reasons for the extension (R-WMO-3).")
    )
