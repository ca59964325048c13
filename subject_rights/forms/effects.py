"""Forms of the effect pages (R-DSR-3..10, GDPR arts. 18, 19). They only parse input; the
rules are the effect services' (subject_rights.services.effects)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, GovukForm
from records.models import IdentifierScheme, InformedHow, LimitationExtent

NO_CHANGE = _("Leave empty to keep the current value.")


class PersonCorrectionForm(GovukForm):
    given_names = forms.CharField(label=_("Given names"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(
                given_names=person.given_names,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
            )
            self.initial.update(dict(person.identifiers.values_list("scheme", "value")))
        for scheme, label in IdentifierScheme.choices:
            self.fields[scheme] = forms.CharField(
                label=label, max_length=64, required=False, help_text=_("Leave empty to remove it.")
            )

    def identifier_fields(self):
        return [self[scheme] for scheme in IdentifierScheme.values]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "given_names": data["given_names"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"],
            "identifiers": {scheme: data[scheme] for scheme in IdentifierScheme.values},
        }


class EntryCorrectionForm(GovukForm):
    body = forms.CharField(
        label=_("Corrected text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter the corrected text.")},
    )


class OwnStatementForm(GovukForm):
    member = forms.ChoiceField(label=_("Dossier"), error_messages={"required": _("Choose the dossier.")})
    about = forms.ChoiceField(label=_("The entry the subject disagrees with"), required=False)
    body = forms.CharField(
        label=_("The subject's own statement"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter the subject's own statement.")},
    )

    def __init__(self, *args, memberships, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Choose a dossier"))] + [
            (str(m.pk), f"{m.dossier.reference} — {m.dossier.household_name}") for m in memberships
        ]
        self.fields["about"].choices = [("", _("Not about one entry"))] + [
            (str(e.pk), f"{e.dossier.reference}: {e.get_kind_display()} ({e.created_at:%d-%m-%Y})")
            for e in opinions
        ]


class DestructionForm(GovukForm):
    keep = forms.MultipleChoiceField(
        label=_("Items to keep (partly granted request only)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keep_reason = forms.CharField(
        label=_("Why these items are kept"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the GDPR art. 17(3) exception or the significant interest, with facts."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this destroys the data listed above and cannot be undone."),
        error_messages={"required": _("Confirm that the data is to be destroyed.")},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (item.key, f"{item.reference} ({item.kind})") for item in plan.items if item.scope != "kept"
        ]


class ReasonForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason.")},
    )


class NotificationSentForm(GovukForm):
    sent_on = forms.DateField(
        label=_("Sent on"),
        widget=DateInput,
        error_messages={"required": _("Give the date the letter was sent.")},
    )
    how = forms.CharField(
        label=_("Sent how"),
        max_length=200,
        help_text=_("For example: by post, by secure email."),
        error_messages={"required": _("Say how the letter was sent.")},
    )


class RightsInformationForm(GovukForm):
    member = forms.ChoiceField(
        label=_("Who was informed"), error_messages={"required": _("Choose the person.")}
    )
    informed_on = forms.DateField(
        label=_("Informed on"), widget=DateInput, error_messages={"required": _("Give the date.")}
    )
    how = forms.ChoiceField(
        label=_("How the letter was given"),
        choices=InformedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the letter was given.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Choose a person"))] + [
            (str(m.pk), f"{m.person.full_name} ({m.get_role_display()})") for m in members
        ]


class RepresentativeLimitForm(GovukForm):
    young_person = forms.ChoiceField(
        label=_("Young person"), error_messages={"required": _("Choose the young person.")}
    )
    representative = forms.ChoiceField(
        label=_("Legal representative"), error_messages={"required": _("Choose the representative.")}
    )
    extent = forms.ChoiceField(
        label=_("Decision"),
        choices=LimitationExtent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the rights are limited or refused.")},
    )
    reasons = forms.CharField(
        label=_("Reasons: the young person's weighty interests"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give the reasons: the young person's weighty interests.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(m.pk), f"{m.person.full_name} ({m.get_role_display()})") for m in members]
        self.fields["young_person"].choices = [("", _("Choose a person"))] + choices
        self.fields["representative"].choices = [("", _("Choose a person"))] + choices
