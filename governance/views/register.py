"""Pages of the register of processors, their agreements and processing activities
(GDPR arts. 28, 30): the DPO and administrators keep it, auditors read it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import selectors
from governance.access import REGISTER_MANAGERS, REGISTER_READERS
from governance.forms.privacy import ActivityForm, AgreementForm, ProcessorForm
from governance.services.register import activity_create, agreement_add, processor_create
from governance.views.common import form_page, post_action, render_form_page, require
from records.selectors import record_classes_for_user


def _reader(user) -> None:
    require(user.role in REGISTER_READERS)


def _manager(user) -> None:
    require(user.role in REGISTER_MANAGERS)


@login_required
@require_GET
def register_view(request):
    user = request.user
    _reader(user)
    today = timezone.localdate()
    context = {
        "processors": selectors.processors_for(user=user),
        "activities": selectors.activities_for(user=user),
        "ending": selectors.agreements_ending(organisation=user.organisation, today=today),
        "can_edit": user.role in REGISTER_MANAGERS,
        "today": today,
    }
    return render(request, "governance/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def processor_create_view(request):
    user = request.user
    _manager(user)
    form = ProcessorForm(request.POST or None)

    def save(form):
        processor = processor_create(acting_user=user, **form.cleaned_data)
        return _("The processor is registered."), reverse("governance:processor_detail", args=[processor.pk])

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Register a processor"), "back": reverse("governance:register")},
    )


def _render_processor(request, processor, *, form=None):
    user = request.user
    can_edit = user.role in REGISTER_MANAGERS
    form = form or AgreementForm(prefix="agreement")
    context = {"processor": processor, "can_edit": can_edit, "form": form, "today": timezone.localdate()}
    return render_form_page(
        request, "governance/processor_detail.html", context, forms=(form,) if can_edit else ()
    )


@login_required
@require_GET
def processor_detail_view(request, pk: int):
    _reader(request.user)
    return _render_processor(request, selectors.processor_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def agreement_add_view(request, pk: int):
    user = request.user
    _manager(user)
    processor = selectors.processor_get_for_user(user=user, pk=pk)
    form = AgreementForm(request.POST, request.FILES, prefix="agreement")

    def save(form):
        agreement_add(acting_user=user, processor=processor, **form.cleaned_data)
        return _("The agreement is added."), reverse("governance:processor_detail", args=[processor.pk])

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_processor(request, processor, form=f)
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create_view(request):
    user = request.user
    _manager(user)
    form = ActivityForm(
        request.POST or None,
        processors=selectors.processors_for(user=user),
        record_classes=record_classes_for_user(user=user),
    )

    def save(form):
        activity = activity_create(acting_user=user, **form.cleaned_data)
        return _("The processing activity is registered."), reverse(
            "governance:activity_detail", args=[activity.pk]
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Register a processing activity"), "back": reverse("governance:register")},
    )


@login_required
@require_GET
def activity_detail_view(request, pk: int):
    _reader(request.user)
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    return render(request, "governance/activity_detail.html", {"activity": activity})
