"""Pages of the policy register (R-POL-1) and the acknowledgement register (R-ACC-2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from governance import selectors
from governance.access import POLICY_MANAGERS
from governance.dates import review_state
from governance.forms.policies import ApproveForm, PersonAcknowledgementForm, PolicyForm, PolicyVersionForm
from governance.services.policies import (
    policy_acknowledge,
    policy_acknowledge_for_person,
    policy_create,
    policy_version_add,
    policy_version_approve,
)
from governance.services.safeguarding import staff_of
from governance.views.common import form_page, paginate, post_action, render_form_page, require, staff_only
from records.selectors import people_for_organisation, record_classes_for_user


def _manages(user, policy=None) -> bool:
    return user.role in POLICY_MANAGERS or (policy is not None and policy.owner_id == user.pk)


@login_required
@require_GET
def policy_list_view(request):
    user = request.user
    staff_only(user)
    today = timezone.localdate()
    page, page_range = paginate(request, selectors.policies_for(user=user))
    for policy in page:
        policy.review_state = review_state(policy.next_review_on, today)
    context = {"page": page, "page_range": page_range, "can_create": _manages(user)}
    return render(request, "governance/policies.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_create_view(request):
    user = request.user
    require(_manages(user))
    form = PolicyForm(
        request.POST or None,
        request.FILES or None,
        staff=staff_of(user.organisation_id),
        record_classes=record_classes_for_user(user=user),
    )

    def save(form):
        policy = policy_create(acting_user=user, **form.cleaned_data)
        return _("The policy is registered. Approve its first version to start the review cycle."), reverse(
            "governance:policy_detail", args=[policy.pk]
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Register a policy"), "back": reverse("governance:policy_list")},
    )


def _render_policy(request, policy, *, version_form=None, approve_form=None, person_form=None):
    user = request.user
    manages = _manages(user, policy)
    versions = list(policy.versions.all())
    draft = versions[0] if versions and versions[0].approved_on is None else None
    gaps = selectors.acknowledgement_gaps(policy=policy) if manages else None
    version_form = version_form or PolicyVersionForm(prefix="version")
    approve_form = approve_form or ApproveForm(
        prefix="approve", initial={"approved_on": timezone.localdate()}
    )
    person_form = person_form or PersonAcknowledgementForm(
        prefix="person", people=people_for_organisation(user=user)
    )
    context = {
        "policy": policy,
        "versions": versions,
        "draft": draft,
        "manages": manages,
        "gaps": gaps,
        "acknowledgements": selectors.acknowledgements_of(policy=policy)[:50] if manages else (),
        "review_state": review_state(policy.next_review_on, timezone.localdate()),
        "persons_audience": selectors.persons_audience(policy),
        "version_form": version_form,
        "approve_form": approve_form,
        "person_form": person_form,
    }
    forms = (version_form, approve_form, person_form) if manages else ()
    return render_form_page(request, "governance/policy_detail.html", context, forms=forms)


@login_required
@require_GET
def policy_detail_view(request, pk: int):
    staff_only(request.user)
    return _render_policy(request, selectors.policy_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def policy_version_view(request, pk: int):
    user = request.user
    policy = selectors.policy_get_for_user(user=user, pk=pk)
    require(_manages(user, policy))
    form = PolicyVersionForm(request.POST, request.FILES, prefix="version")

    def save(form):
        version = policy_version_add(acting_user=user, policy=policy, **form.cleaned_data)
        return _("Version %(number)s is added as a draft.") % {"number": version.number}, reverse(
            "governance:policy_detail", args=[policy.pk]
        )

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_policy(request, policy, version_form=f)
    )


@login_required
@require_POST
def policy_approve_view(request, pk: int, version_pk: int):
    user = request.user
    policy = selectors.policy_get_for_user(user=user, pk=pk)
    require(_manages(user, policy))
    version = selectors.policy_version_get_for_user(user=user, pk=version_pk)
    require(version.policy_id == policy.pk)
    form = ApproveForm(request.POST, prefix="approve")

    def save(form):
        policy_version_approve(acting_user=user, version=version, **form.cleaned_data)
        return _("Version %(number)s is approved and current.") % {"number": version.number}, reverse(
            "governance:policy_detail", args=[policy.pk]
        )

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_policy(request, policy, approve_form=f)
    )


@login_required
@require_POST
def policy_acknowledge_view(request, pk: int):
    user = request.user
    staff_only(user)
    policy = selectors.policy_get_for_user(user=user, pk=pk)
    try:
        policy_acknowledge(acting_user=user, policy=policy)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you. You have acknowledged the current version."))
    return redirect("governance:policy_detail", pk=policy.pk)


@login_required
@require_POST
def policy_acknowledge_person_view(request, pk: int):
    user = request.user
    policy = selectors.policy_get_for_user(user=user, pk=pk)
    require(_manages(user, policy))
    form = PersonAcknowledgementForm(request.POST, prefix="person", people=people_for_organisation(user=user))

    def save(form):
        policy_acknowledge_for_person(acting_user=user, policy=policy, person=form.cleaned_data["person"])
        return _("The acknowledgement is recorded."), reverse("governance:policy_detail", args=[policy.pk])

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_policy(request, policy, person_form=f)
    )


@login_required
@require_GET
def acknowledgement_register_view(request):
    user = request.user
    require(user.role in POLICY_MANAGERS)
    declaration, declaration_missing = selectors.declaration_gaps(organisation_id=user.organisation_id)
    context = {
        "policies": selectors.acknowledgement_register(user=user),
        "declaration": declaration,
        "declaration_missing": declaration_missing,
    }
    return render(request, "governance/acknowledgements.html", context)
