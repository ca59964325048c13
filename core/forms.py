"""Form plumbing shared by every page: GOV.UK Design System markup and domain errors.

Forms only parse input; the rules live in services, which raise ``DomainError``. A view
catches it and calls ``add_domain_error`` so the refusal shows on the field at fault.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.boundfield import BoundField
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

# The GOV.UK class for each kind of widget, and the class it adds when the field has errors.
_TEXTAREA = ("govuk-textarea", "govuk-textarea--error")
_INPUT_CLASSES: dict[str | None, tuple[str, str]] = {
    "select": ("govuk-select", "govuk-select--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
    "radio": ("govuk-radios__input", ""),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "hidden": ("", ""),
}
_DEFAULT_INPUT = ("govuk-input", "govuk-input--error")


def _classes_for(widget: forms.Widget) -> tuple[str, str]:
    if isinstance(widget, forms.Textarea):
        return _TEXTAREA
    return _INPUT_CLASSES.get(getattr(widget, "input_type", None), _DEFAULT_INPUT)


class GovukBoundField(BoundField):
    """Adds the GOV.UK classes to every widget, so templates only write ``{{ field }}``."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        base, error = _classes_for(widget)
        classes = [base, widget.attrs.get("class", ""), attrs.get("class", "")]
        if self.errors:
            classes.append(error)
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the input itself, or a group's first option."""
        if self.field.widget.use_fieldset:
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id


class GovukFormMixin:
    bound_field_class = GovukBoundField

    @property
    def errors_anchor(self) -> str:
        """Id of the box that shows this form's non-field errors."""
        return f"{self.prefix}-errors" if self.prefix else "form-errors"


class GovukForm(GovukFormMixin, forms.Form):
    pass


def current_values(form: forms.BaseForm) -> dict:
    """What the form shows now (typed or initial), to rebuild it unbound, without errors."""
    return {name: form[name].value() for name in form.fields}


class GovukFormSet(BaseFormSet):
    """A formset whose "Add another" button posts back and redisplays one more row.

    ``row_initial`` pre-fills rows while keeping them *extra* rows, so a row the user
    leaves blank is still skipped on the next submit.
    """

    def __init__(self, *args, row_initial: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_initial = row_initial or []

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # A row left blank is skipped, even the first: a formset that needs rows says so
        # once with min_num/validate_min, instead of "required" on every field of the row.
        kwargs["empty_permitted"] = True
        if index is not None and index < len(self.row_initial):
            kwargs["initial"] = self.row_initial[index]
        return kwargs

    @property
    def errors_anchor(self) -> str:
        return f"{self.prefix}-errors"

    def unbound_copy(self, *, add_row: bool = False) -> "GovukFormSet":
        """The rows as typed, unbound so no errors show, with one empty row more if asked."""
        rows = [current_values(form) for form in self.forms]
        rebuilt = type(self)(prefix=self.prefix, form_kwargs=self.form_kwargs, row_initial=rows)
        rebuilt.extra = max(len(rows) + int(add_row) - rebuilt.min_num, 0)
        return rebuilt

    def filled_forms(self) -> list[forms.BaseForm]:
        """The rows the user filled in (call after ``is_valid()``)."""
        return [form for form in self.forms if form.has_changed() and form.cleaned_data]


def add_domain_error(
    form: forms.BaseForm,
    error: DomainError,
    *,
    elsewhere: Mapping[str, BaseFormSet] | None = None,
) -> None:
    """Show a service's refusal: on the field it names, else on the matching formset, else
    above the form."""
    formset = (elsewhere or {}).get(error.field or "")
    if formset is not None:
        formset.non_form_errors().append(error.message)
        return
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@dataclass(frozen=True)
class ErrorSummaryItem:
    text: str
    href: str


def error_summary(items: Iterable[forms.BaseForm | BaseFormSet | None]) -> list[ErrorSummaryItem]:
    """Every error of the given bound forms and formsets, linked to its field, in page order."""
    summary: list[ErrorSummaryItem] = []
    for item in items:
        if item is None or not item.is_bound:
            continue
        if isinstance(item, BaseFormSet):
            anchor = f"#{getattr(item, 'errors_anchor', item.prefix + '-errors')}"
            summary.extend(ErrorSummaryItem(str(e), anchor) for e in item.non_form_errors())
            summary.extend(error_summary(item.forms))
            continue
        anchor = f"#{getattr(item, 'errors_anchor', 'form-errors')}"
        summary.extend(ErrorSummaryItem(str(e), anchor) for e in item.non_field_errors())
        for bound in item:
            href = f"#{getattr(bound, 'anchor', bound.auto_id)}"
            summary.extend(ErrorSummaryItem(str(e), href) for e in bound.errors)
    return summary


class DateInput(forms.DateInput):
    """The browser's date picker; the value must be ISO for ``type=date``."""

    input_type = "date"

    def __init__(self, attrs=None):
        attrs = {"class": "govuk-input--width-10", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input; cleans to a list (empty when none chosen)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(MultipleFileField, self).clean(upload, initial) for upload in uploads if upload]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class LoginForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["password"].error_messages["required"] = _("Enter your password.")
        self.fields["username"].widget.attrs["class"] = "govuk-input--width-20"
        self.fields["password"].widget.attrs["class"] = "govuk-input--width-20"
