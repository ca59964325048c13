"""Recording and ending who holds parental authority over a child (R-CON-2, R-CON-3): what
the consent register and the request capacity rules need to know."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from core.forms import add_domain_error
from records.views.common import render_form_page
from subject_rights.forms.consents import RelationEndForm, RelationForm
from subject_rights.selectors.screens import (
    consent_subject_get_for_user,
    legal_relation_get_for_user,
    subject_rights_people_visible_to,
)
from subject_rights.services import legal_relation_end
from subject_rights.services.with_people import legal_relation_record_with_adult
from subject_rights.views.common import require_handler

# The relation service names the adult "adult"; the form calls that field "person".
_FIELD_NAMES = {"adult": "person"}


def _show_refusal(form, error: DomainError) -> None:
    error.field = _FIELD_NAMES.get(error.field or "", error.field)
    add_domain_error(form, error)


@login_required
@require_http_methods(["GET", "POST"])
def relation_create_view(request, person_pk: int):
    user = request.user
    child = consent_subject_get_for_user(user=user, pk=person_pk)
    require_handler(user)
    people = (
        subject_rights_people_visible_to(user).exclude(pk=child.pk).order_by("family_name", "given_names")
    )
    form = RelationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            relation = legal_relation_record_with_adult(
                acting_user=user, child=child, **form.service_kwargs()
            )
        except DomainError as error:
            _show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(adult)s is recorded as %(kind)s of %(child)s.")
                % {
                    "adult": relation.adult.full_name,
                    "kind": relation.get_kind_display().lower(),
                    "child": child.full_name,
                },
            )
            return redirect(
                reverse("subject_rights:consent_register", kwargs={"person_pk": child.pk}) + "#relations"
            )
    context = {"person": child, "form": form}
    return render_form_page(request, "subject_rights/relation_form.html", context, forms=(form,))


@login_required
@require_http_methods(["GET", "POST"])
def relation_end_view(request, pk: int):
    user = request.user
    relation = legal_relation_get_for_user(user=user, pk=pk)
    require_handler(user)
    form = RelationEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            legal_relation_end(acting_user=user, relation=relation, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The relation is ended. It stays in the history."))
            return redirect(
                reverse("subject_rights:consent_register", kwargs={"person_pk": relation.child_id})
                + "#relations"
            )
    context = {"relation": relation, "person": relation.child, "form": form}
    return render_form_page(request, "subject_rights/relation_end.html", context, forms=(form,))
