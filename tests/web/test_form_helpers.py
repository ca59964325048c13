"""core.forms: domain errors onto forms, the error summary, and GOV.UK widget classes."""

from django import forms
from django.forms import formset_factory

from core.errors import DomainError
from core.forms import DateInput, GovukForm, GovukFormSet, add_domain_error, error_summary


class SampleForm(GovukForm):
    name = forms.CharField()
    born = forms.DateField(widget=DateInput(), required=False)
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False)


RowFormSet = formset_factory(SampleForm, formset=GovukFormSet, extra=1)


def _valid_form() -> SampleForm:
    form = SampleForm({"name": "Sam"})
    assert form.is_valid()
    return form


def test_it_puts_a_domain_error_on_the_field_it_names():
    form = _valid_form()

    add_domain_error(form, DomainError("Too young.", field="born"))

    assert form.errors == {"born": ["Too young."]}


def test_it_puts_a_domain_error_for_an_unknown_field_above_the_form():
    form = _valid_form()

    add_domain_error(form, DomainError("Already a member.", field="members"))

    assert form.non_field_errors() == ["Already a member."]


def test_it_puts_a_domain_error_on_the_formset_it_belongs_to():
    form = _valid_form()
    rows = RowFormSet({"rows-TOTAL_FORMS": "0", "rows-INITIAL_FORMS": "0"}, prefix="rows")
    assert rows.is_valid()

    add_domain_error(
        form, DomainError("Each copy needs a custodian.", field="copies"), elsewhere={"copies": rows}
    )

    assert list(rows.non_form_errors()) == ["Each copy needs a custodian."]
    assert not form.errors


def test_it_links_each_error_in_the_summary_to_its_field():
    form = SampleForm({"name": "", "born": "not a date"})
    form.is_valid()
    add_domain_error(form, DomainError("Refused."))

    summary = [(item.text, item.href) for item in error_summary([form])]

    assert summary == [
        ("Refused.", "#form-errors"),
        ("This field is required.", "#id_name"),
        ("Enter a valid date.", "#id_born"),
    ]


def test_it_links_a_group_of_options_to_its_first_option():
    form = SampleForm({"name": "Sam", "choice": "z"})
    form.is_valid()

    assert [item.href for item in error_summary([form])] == ["#id_choice_0"]


def test_it_skips_unbound_forms_in_the_summary():
    assert error_summary([SampleForm(), None]) == []


def test_it_gives_widgets_the_design_system_classes():
    form = SampleForm({"name": ""})
    form.is_valid()

    html = str(form["name"]) + str(form["born"])

    assert 'class="govuk-input govuk-input--error"' in html
    assert 'type="date"' in html
    assert 'class="govuk-input govuk-input--width-10"' in html
    assert 'aria-describedby="id_name_error"' in html


def test_it_rebuilds_a_formset_with_one_more_row_keeping_what_was_typed():
    rows = RowFormSet(
        {"rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0", "rows-0-name": "Sam"}, prefix="rows"
    )

    rebuilt = rows.unbound_copy(add_row=True)

    assert not rebuilt.is_bound
    assert rebuilt.total_form_count() == 2
    assert rebuilt.forms[0]["name"].value() == "Sam"
    assert rebuilt.forms[1]["name"].value() is None
