"""Pages of the data-breach register (GDPR arts. 33-34): report, assess, decide, notify,
close, with the 72-hour clock on every page of a breach."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access_control.models import Role
from governance import selectors
from governance.access import BREACH_MANAGERS
from governance.dates import notification_clock
from governance.forms.privacy import (
    BreachAssessForm,
    BreachAuthorityForm,
    BreachCloseForm,
    BreachFilterForm,
    BreachForm,
    BreachNotifiedForm,
    BreachSubjectsForm,
)
from governance.services import privacy
from governance.views.common import (
    filtered_page,
    form_page,
    post_action,
    render_form_page,
    require,
    staff_only,
)

# action name -> (form class, service, the service's keyword for each form field, message)
ACTIONS = {
    "assess": (BreachAssessForm, privacy.breach_assess, gettext_lazy("The risk assessment is recorded.")),
    "authority": (
        BreachAuthorityForm,
        privacy.breach_decide_authority,
        gettext_lazy("The notification decision is recorded."),
    ),
    "notified": (
        BreachNotifiedForm,
        privacy.breach_record_authority_notified,
        gettext_lazy("The notification is recorded."),
    ),
    "subjects": (
        BreachSubjectsForm,
        privacy.breach_decide_subjects,
        gettext_lazy("The decision about the people affected is recorded."),
    ),
    "close": (BreachCloseForm, privacy.breach_close, gettext_lazy("The breach is closed.")),
}
# Form field -> service keyword where they differ.
RENAMES = {
    "authority_decision": "decision",
    "authority_decision_reason": "reason",
    "authority_notified_at": "notified_at",
    "authority_reference": "reference",
    "subjects_decision": "decision",
    "subjects_decision_reason": "reason",
    "subjects_notified_at": "notified_at",
}


@login_required
@require_GET
def breach_list_view(request):
    user = request.user
    staff_only(user)
    context = filtered_page(
        request,
        search=BreachFilterForm(request.GET),
        rows=lambda filters: selectors.breach_list(user=user, state=filters.get("state", "")),
    )
    for breach in context["page"]:
        breach.clock = notification_clock(breach)
    return render(request, "governance/breaches.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def breach_create_view(request):
    user = request.user
    staff_only(user)
    require(user.role != Role.AUDITOR)
    form = BreachForm(request.POST or None)

    def save(form):
        breach = privacy.breach_report(acting_user=user, **form.cleaned_data)
        return (
            _("Breach %(reference)s is reported; the data protection officer has been told.")
            % {"reference": breach.reference},
            reverse("governance:breach_detail", args=[breach.pk]),
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Report a personal data breach"), "back": reverse("governance:breach_list")},
    )


def _render_breach(request, breach, bound=None):
    manages = request.user.role in BREACH_MANAGERS and breach.closed_at is None
    forms = {name: form_class(prefix=name) for name, (form_class, _service, _message) in ACTIONS.items()}
    if bound is not None:
        forms[bound.prefix] = bound
    context = {"breach": breach, "clock": notification_clock(breach), "manages": manages, "forms": forms}
    return render_form_page(
        request, "governance/breach_detail.html", context, forms=tuple(forms.values()) if manages else ()
    )


@login_required
@require_GET
def breach_detail_view(request, pk: int):
    return _render_breach(request, selectors.breach_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def breach_action_view(request, pk: int, action: str):
    user = request.user
    breach = selectors.breach_get_for_user(user=user, pk=pk)
    require(user.role in BREACH_MANAGERS and action in ACTIONS)
    form_class, service, message = ACTIONS[action]
    form = form_class(request.POST, prefix=action)

    def save(form):
        data = {RENAMES.get(name, name): value for name, value in form.cleaned_data.items()}
        service(acting_user=user, breach=breach, **data)
        return message, reverse("governance:breach_detail", args=[breach.pk])

    return post_action(request, form=form, save=save, on_error=lambda f: _render_breach(request, breach, f))
