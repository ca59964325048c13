"""The quarterly report page: choose a quarter, download the PDF (R-REC-9).

The PDF is made synchronously, in the request. It is about twenty aggregate queries and a
few pages of WeasyPrint with inline SVG (no images or fonts to fetch), which takes a second
or two even for a large organisation; a Celery task with a progress bar would add a stored
file, a polling endpoint and a task row for no gain. If the report grows (say, per-unit
annexes), move the render into a task like the disposal batches do.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from compliance.forms import QuarterForm
from compliance.permissions import require, user_reads_compliance
from compliance.report import quarterly_report_pdf
from core.forms import error_summary


@login_required
@require_GET
def report_view(request):
    user = request.user
    require(user_reads_compliance(user))
    today = timezone.localdate()
    form = QuarterForm(request.GET or None, today=today)
    if form.is_bound and form.is_valid():
        period = form.period()
        quarter = form.cleaned_data["quarter"]
        label = dict(form.fields["quarter"].choices)[quarter]
        pdf = quarterly_report_pdf(user=user, period=period, quarter_label=label, today=today)
        response = HttpResponse(pdf, content_type="application/pdf")
        slug = user.organisation.slug
        response["Content-Disposition"] = f'attachment; filename="compliance-report-{slug}-{quarter}.pdf"'
        return response
    return render(request, "compliance/report.html", {"form": form, "error_summary": error_summary([form])})
