"""The summary (action advice) of a dossier, for those it is shared with (R-ACC-5)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from access_control.summaries import dossier_summary_get_for_user
from core.access_log import access_log_record
from core.models import AccessObject


@login_required
@require_GET
def dossier_summary_view(request, pk: int):
    dossier = dossier_summary_get_for_user(user=request.user, pk=pk)
    access_log_record(request, [dossier], AccessObject.DOSSIER, detail="summary")  # R-ACC-4
    return render(request, "access_control/dossier_summary.html", {"dossier": dossier})
