"""Pages of the confiscated-device register and its chain of custody (R-SAF-2)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access_control.models import Role
from governance import selectors
from governance.forms.safeguarding import CustodyForm, DeviceFilterForm, DeviceForm
from governance.models import CustodyStep
from governance.services.devices import LEFT_CUSTODY, custody_record, device_confiscate
from governance.services.safeguarding import staff_of
from governance.views.common import (
    filtered_page,
    form_page,
    log_people,
    post_action,
    render_form_page,
    require,
    retention_of,
    staff_only,
)
from records.selectors import people_for_organisation


@login_required
@require_GET
def device_list_view(request):
    user = request.user
    staff_only(user)
    context = filtered_page(
        request,
        search=DeviceFilterForm(request.GET),
        rows=lambda filters: selectors.device_list(user=user, state=filters.get("state", "")),
    )
    for device in context["page"]:
        device.last_step_label = CustodyStep(device.last_step).label if device.last_step else ""
        log_people(request, [device.pupil_id], detail=f"confiscated device {device.reference}", listed=True)
    return render(request, "governance/devices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def device_create_view(request):
    user = request.user
    staff_only(user)
    require(user.role != Role.AUDITOR)
    form = DeviceForm(request.POST or None, people=people_for_organisation(user=user))

    def save(form):
        device = device_confiscate(acting_user=user, **form.cleaned_data)
        return (
            _("Device %(reference)s is in the register.") % {"reference": device.reference},
            reverse("governance:device_detail", args=[device.pk]),
        )

    return form_page(
        request,
        form=form,
        save=save,
        template="governance/simple_form.html",
        context={"heading": _("Record a confiscated device"), "back": reverse("governance:device_list")},
    )


def _render_device(request, device, *, custody_form=None):
    user = request.user
    log_people(request, [device.pupil], detail=f"confiscated device {device.reference}")
    chain = list(device.custody.all())
    last = chain[-1] if chain else None
    retention = retention_of(
        device,
        created_on=timezone.localdate(device.recorded_at),
        closed_on=timezone.localdate(last.occurred_at) if last and last.step in LEFT_CUSTODY else None,
        last_event_on=timezone.localdate(last.occurred_at) if last else None,
        births=[device.pupil.date_of_birth],
    )
    in_custody = last is not None and last.step not in LEFT_CUSTODY
    custody_form = custody_form or CustodyForm(prefix="custody", staff=staff_of(user.organisation_id))
    context = {
        "device": device,
        "chain": chain,
        "last": last,
        "in_custody": in_custody,
        "retention": retention,
        "custody_form": custody_form,
    }
    return render_form_page(
        request, "governance/device_detail.html", context, forms=(custody_form,) if in_custody else ()
    )


@login_required
@require_GET
def device_detail_view(request, pk: int):
    return _render_device(request, selectors.device_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def custody_record_view(request, pk: int):
    user = request.user
    device = selectors.device_get_for_user(user=user, pk=pk)
    form = CustodyForm(request.POST, prefix="custody", staff=staff_of(user.organisation_id))

    def save(form):
        data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        event = custody_record(acting_user=user, device=device, **data)
        return _("%(step)s recorded.") % {"step": event.get_step_display()}, reverse(
            "governance:device_detail", args=[device.pk]
        )

    return post_action(
        request, form=form, save=save, on_error=lambda f: _render_device(request, device, custody_form=f)
    )
