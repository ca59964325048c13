"""Forms of the dossier and records pages. They parse input into service arguments; the
rules themselves are checked by the services (records.services), whose refusals the
views show with ``core.forms.add_domain_error``."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import DateInput, GovukForm, GovukFormSet, MultipleFileField, add_domain_error
from records.models import (
    CopyKind,
    DossierStatus,
    EntryKind,
    EntryNature,
    MemberRole,
    RecordCategory,
    RecordFormat,
    SubjectEventKind,
    SubjectRole,
)
from records.models.registry import Language
from records.services import CopyInput, MemberInput, PersonInput, SubjectInput
from records.services.dossiers import dossier_report_date_validate
from records.services.people import person_validate


def _choices(text_choices, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label), *text_choices.choices]


class PersonLabelChoiceField(forms.ModelChoiceField):
    """Names a person with their date of birth, so two namesakes can be told apart."""

    def label_from_instance(self, obj):
        if obj.date_of_birth:
            return _("%(name)s, born %(born)s") % {
                "name": obj.full_name,
                "born": obj.date_of_birth.strftime("%d-%m-%Y"),
            }
        return obj.full_name


def _person_with_role(link) -> str:
    """A household member or record subject as "name (role)": the role is what the person is
    in this dossier or record, which the bare name does not say."""
    return _("%(name)s (%(role)s)") % {"name": link.person.full_name, "role": link.get_role_display()}


# --- Search --------------------------------------------------------------------------


class DossierSearchForm(GovukForm):
    q = forms.CharField(
        label=_("Search dossiers"),
        required=False,
        max_length=200,
        help_text=_("Reference, household name, member name or date of birth (dd-mm-yyyy)"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(DossierStatus, _("Any status"))
    )


class RecordSearchForm(GovukForm):
    q = forms.CharField(
        label=_("Search records"),
        required=False,
        max_length=200,
        help_text=_("Reference, title, subject name or date of birth (dd-mm-yyyy)"),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_choices(RecordCategory, _("Any category"))
    )


# --- People in a dossier or record ---------------------------------------------------


class PersonRowForm(GovukForm):
    """Someone already registered, or a new person: used for members and for subjects."""

    person = PersonLabelChoiceField(
        label=_("Someone already registered"),
        queryset=None,
        required=False,
        empty_label=_("No, a new person"),
    )
    given_names = forms.CharField(label=_("Given names"), required=False, max_length=150)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=150)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date of birth as a real date.")},
    )
    role_choices: type = MemberRole
    role_required_message = _("Select the member's role.")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"),
            choices=_choices(self.role_choices, _("Select a role")),
            error_messages={"required": self.role_required_message},
        )
        # The role comes first: a reader decides who this is before giving a name.
        self.order_fields(["role", "person", "given_names", "family_name", "date_of_birth"])

    def clean(self):
        cleaned = super().clean()
        typed = any(cleaned.get(name) for name in ("given_names", "family_name", "date_of_birth"))
        if cleaned.get("person") is not None:
            if typed:
                self.add_error(
                    "person", _("Choose someone already registered, or enter a new person, not both.")
                )
        elif not self.errors.get("date_of_birth"):
            # The service's own check of a new person, so its message lands on this row.
            try:
                person_validate(self.new_person_input(cleaned))
            except DomainError as error:
                add_domain_error(self, error)
        return cleaned

    @staticmethod
    def new_person_input(cleaned) -> PersonInput:
        return PersonInput(
            given_names=cleaned.get("given_names", ""),
            family_name=cleaned.get("family_name", ""),
            date_of_birth=cleaned.get("date_of_birth"),
        )

    def person_kwargs(self) -> dict:
        person = self.cleaned_data.get("person")
        if person is not None:
            return {"person": person}
        return {"new_person": self.new_person_input(self.cleaned_data)}

    def identity(self) -> tuple:
        """Who this row names, to catch the same person entered twice in one form."""
        person = self.cleaned_data.get("person")
        if person is not None:
            return ("existing", person.pk)
        new = self.new_person_input(self.cleaned_data)
        return ("new", new.given_names.strip().lower(), new.family_name.strip().lower(), new.date_of_birth)


class MemberForm(PersonRowForm):
    def to_input(self) -> MemberInput:
        return MemberInput(role=self.cleaned_data["role"], **self.person_kwargs())


class SubjectForm(PersonRowForm):
    role_choices = SubjectRole
    role_required_message = _("Select the subject's role.")

    def to_input(self) -> SubjectInput:
        return SubjectInput(role=self.cleaned_data["role"], **self.person_kwargs())


class PeopleFormSet(GovukFormSet):
    duplicate_message = _("%(name)s is entered twice. Enter each person once.")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen: set[tuple] = set()
        for form in self.filled_forms():
            identity = form.identity()
            if identity in seen:
                person = form.cleaned_data.get("person")
                new = form.new_person_input(form.cleaned_data)
                name = person.full_name if person else f"{new.given_names} {new.family_name}".strip()
                raise forms.ValidationError(self.duplicate_message % {"name": name}, code="duplicate")
            seen.add(identity)

    def inputs(self) -> list:
        return [form.to_input() for form in self.filled_forms()]


class HouseholdFormSet(PeopleFormSet):
    default_error_messages = {"too_few_forms": _("Add at least one household member.")}


MemberFormSet = formset_factory(
    MemberForm, formset=HouseholdFormSet, extra=0, min_num=1, validate_min=True, max_num=30, validate_max=True
)
SubjectFormSet = formset_factory(SubjectForm, formset=PeopleFormSet, extra=1, max_num=30, validate_max=True)


# --- Dossiers ------------------------------------------------------------------------


class DossierCreateForm(GovukForm):
    household_name = forms.CharField(
        label=_("Household name"),
        max_length=200,
        help_text=_("Usually the family name, for example ‘Jansen household’"),
        error_messages={"required": _("Enter the household name.")},
    )
    reference = forms.CharField(
        label=_("Reference (optional)"),
        required=False,
        max_length=64,
        help_text=_("Leave empty to number the dossier automatically"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    report_date = forms.DateField(
        label=_("Date of the report"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the report."),
            "invalid": _("Enter the date of the report as a real date."),
        },
    )
    unit = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("No team"))
    record_class = forms.ModelChoiceField(
        label=_("Record class"), queryset=None, required=False, empty_label=_("Not classified yet")
    )
    report_text = forms.CharField(
        label=_("The report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was reported. It is stored as the first entry, as a fact."),
    )
    report_source = forms.CharField(
        label=_("Source of the report"),
        required=False,
        max_length=255,
        # R-DOS-1: the reporter only as far as needed.
        help_text=_("Who made the report, only as far as needed"),
    )

    def __init__(self, *args, units, record_classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["record_class"].queryset = record_classes

    def clean_report_date(self):
        report_date = self.cleaned_data["report_date"]
        try:
            dossier_report_date_validate(report_date)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
        return report_date

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "household_name": data["household_name"],
            "reference": data["reference"],
            "report_date": data["report_date"],
            "unit": data["unit"],
            "record_class": data["record_class"],
            "report_text": data["report_text"],
            "report_source": data["report_source"],
        }


class EntryForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("Kind of entry"),
        choices=_choices(EntryKind, _("Select the kind of entry")),
        error_messages={"required": _("Select the kind of entry.")},
    )
    nature = forms.ChoiceField(
        label=_("Is this a fact or an opinion?"),
        choices=EntryNature.choices,
        widget=forms.RadioSelect,
        # R-DOS-2: facts are kept apart from opinions and hypotheses.
        help_text=_("Keep facts apart from opinions and hypotheses"),
        error_messages={"required": _("Select whether the entry is a fact or an opinion.")},
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter the text of the entry.")},
    )
    source = forms.CharField(
        label=_("Source (optional)"),
        required=False,
        max_length=255,
        help_text=_("Name the source when the information comes from outside the organisation"),
    )
    not_current_contact = forms.BooleanField(label=_("This is not based on current contact"), required=False)
    recipient = forms.CharField(
        label=_("Recipient (optional)"),
        required=False,
        max_length=255,
        help_text=_("Required when information was shared with a third party"),
    )
    concerns = forms.ModelMultipleChoiceField(
        label=_("Which members does this entry concern?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each person can later see only the entries that concern them"),
        error_messages={"required": _("Select the members this entry concerns.")},
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"), help_text=_("You can choose several files")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = members
        self.fields["concerns"].label_from_instance = _person_with_role

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "nature": data["nature"],
            "body": data["body"],
            "source": data["source"],
            "not_current_contact": data["not_current_contact"],
            "recipient": data["recipient"],
            "concerns": list(data["concerns"]),
            "attachments": data["attachments"],
        }


class DossierCloseForm(GovukForm):
    closed_on = forms.DateField(
        label=_("Closing date"),
        widget=DateInput(),
        help_text=_("The retention period counts from the year of this date"),
        error_messages={
            "required": _("Enter the closing date."),
            "invalid": _("Enter the closing date as a real date."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DossierReopenForm(GovukForm):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for reopening.")},
    )


# --- Records -------------------------------------------------------------------------


class RecordCreateForm(GovukForm):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": _("Enter the record's reference.")},
    )
    title = forms.CharField(
        label=_("Title"), max_length=255, error_messages={"required": _("Enter the record's title.")}
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=RecordCategory.choices,
        widget=forms.RadioSelect,
        # R-REC-2
        help_text=_("Policing-purpose and business records follow different retention schedules"),
        error_messages={"required": _("Select the category.")},
    )
    record_class = forms.ModelChoiceField(
        label=_("Record class"),
        queryset=None,
        empty_label=_("Select a record class"),
        error_messages={"required": _("Select the record class.")},
    )
    information_asset = forms.ModelChoiceField(
        label=_("Information asset"),
        queryset=None,
        empty_label=_("Select an information asset"),
        error_messages={"required": _("Select the information asset.")},
    )
    unit = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("No team"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=RecordFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the format.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.EN)
    special_category = forms.BooleanField(
        label=_("This record holds special-category data (health, ethnicity, religion)"),
        help_text=_("Only those the authorisation matrix allows to see such data will see the record."),
        required=False,
    )
    created_on = forms.DateField(
        label=_("Created on"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date the record was created."),
            "invalid": _("Enter the creation date as a real date."),
        },
    )
    closed_on = forms.DateField(
        label=_("Closed on (optional)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the closing date as a real date.")},
    )
    last_action_on = forms.DateField(
        label=_("Last action on (optional)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date of the last action as a real date.")},
    )

    def __init__(self, *args, units, record_classes, information_assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["record_class"].queryset = record_classes
        self.fields["information_asset"].queryset = information_assets

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class CopyForm(GovukForm):
    kind = forms.ChoiceField(
        label=_("Kind of copy"),
        choices=_choices(CopyKind, _("Select the kind of copy")),
        error_messages={"required": _("Select the kind of copy.")},
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=255,
        help_text=_("System name, or the physical location of a paper copy"),
        error_messages={"required": _("Enter where the copy is.")},
    )
    custodian = forms.ModelChoiceField(
        label=_("Custodian"),
        queryset=None,
        empty_label=_("Select a custodian"),
        error_messages={"required": _("Select the custodian of the copy.")},
    )

    def __init__(self, *args, custodians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian"].queryset = custodians
        self.fields["custodian"].label_from_instance = lambda user: user.get_full_name() or user.username

    def to_input(self) -> CopyInput:
        data = self.cleaned_data
        return CopyInput(kind=data["kind"], location=data["location"], custodian_id=data["custodian"].pk)


class CopyFormSet(GovukFormSet):
    def inputs(self) -> list[CopyInput]:
        return [form.to_input() for form in self.filled_forms()]


CopyFormSetFactory = formset_factory(CopyForm, formset=CopyFormSet, extra=1, max_num=20, validate_max=True)


class SubjectEventForm(GovukForm):
    subject = forms.ModelChoiceField(
        label=_("Who is it about?"),
        queryset=None,
        empty_label=_("Select a subject"),
        error_messages={"required": _("Select the subject the event is about.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=_choices(SubjectEventKind, _("Select the kind of event")),
        error_messages={"required": _("Select the kind of event.")},
    )
    occurred_on = forms.DateField(
        label=_("Date of the event"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the event."),
            "invalid": _("Enter the date of the event as a real date."),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["subject"].label_from_instance = _person_with_role

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["subject"].person,
            "kind": data["kind"],
            "occurred_on": data["occurred_on"],
            "description": data["description"],
        }
