"""Forms of the objection pages (GDPR art. 21; R-CON-7). They only parse input; the rules
are subject_rights.services.objections'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm
from subject_rights.models import ObjectionOutcome, ProcessingBasis


class ObjectionWeighingForm(GovukForm):
    processing = forms.CharField(
        label=_("The processing objected to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which data, for which purpose, shared with whom"),
        error_messages={"required": _("Describe the processing objected to.")},
    )
    basis = forms.ChoiceField(
        label=_("Lawful basis of the processing"),
        choices=ProcessingBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the lawful basis of the processing.")},
    )
    consent = forms.ChoiceField(
        label=_("The consent the processing rests on"),
        required=False,
        help_text=_("Only when the basis is consent: stopping withdraws it"),
    )
    withdrawn_by = forms.ChoiceField(
        label=_("Who withdraws the consent by objecting"),
        required=False,
        help_text=_("Only when a consent is chosen: someone who gave it or must consent now"),
    )
    objector_grounds = forms.CharField(
        label=_("The objector's grounds"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Their particular situation, in their words where possible"),
        error_messages={
            "required": _(
                "Record the objector's grounds: the weighing starts from their particular situation."
            )
        },
    )
    compelling_grounds = forms.CharField(
        label=_("Our compelling legitimate grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leave empty if there are none; then the processing stops"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome of the weighing"),
        choices=ObjectionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the weighing.")},
    )
    reasons = forms.CharField(
        label=_("The weighing"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How the interests were weighed against each other; the objector reads this"),
        error_messages={"required": _("Give the reasons of the weighing: the objector reads them.")},
    )

    def __init__(self, *args, consents, withdrawers, **kwargs):
        super().__init__(*args, **kwargs)
        self._consents = {str(c.pk): c for c in consents}
        self._withdrawers = {str(p.pk): p for p in withdrawers}
        self.fields["consent"].choices = [("", _("None: not based on consent"))] + [
            (pk, f"{c.purpose[:80]} — {c.counterparty} ({c.given_on:%d-%m-%Y})")
            for pk, c in self._consents.items()
        ]
        self.fields["withdrawn_by"].choices = [("", _("Choose a person"))] + [
            (pk, p.full_name) for pk, p in self._withdrawers.items()
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "processing": data["processing"],
            "basis": data["basis"],
            "consent": self._consents.get(data["consent"]),
            "withdrawn_by": self._withdrawers.get(data["withdrawn_by"]),
            "objector_grounds": data["objector_grounds"],
            "compelling_grounds": data["compelling_grounds"],
            "outcome": data["outcome"],
            "reasons": data["reasons"],
        }


class ObjectionViewForm(GovukForm):
    member = forms.ChoiceField(label=_("Dossier"), error_messages={"required": _("Choose the dossier.")})
    body = forms.CharField(
        label=_("The objector's view (zienswijze)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("As they gave it; it is added to the file and shown in later disclosures"),
        error_messages={"required": _("Enter the objector's view as they gave it.")},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self._memberships = {str(m.pk): m for m in memberships}
        self.fields["member"].choices = [("", _("Choose a dossier"))] + [
            (pk, f"{m.dossier.reference} — {m.dossier.household_name}") for pk, m in self._memberships.items()
        ]

    def chosen_member(self):
        return self._memberships[self.cleaned_data["member"]]
