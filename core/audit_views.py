"""The DPO's access-log screens (R-ACC-4): who looked at a dossier, record or person, and
what one user looked at; in the browser (paginated) or as CSV."""

import csv
from collections.abc import Iterator

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.access_log import (
    access_log_for_object,
    access_log_for_user,
    access_log_require_reader,
    access_log_users,
)
from core.errors import NotAllowed
from core.forms import GovukForm, error_summary
from core.models import AccessObject

PAGE_SIZE = 50
CSV_CHUNK = 2000
# Filters by object: the query parameter and the kind it names.
OBJECT_FILTERS = {
    "dossier": AccessObject.DOSSIER,
    "record": AccessObject.RECORD,
    "person": AccessObject.PERSON,
}


class AccessLogFilterForm(GovukForm):
    """One filter at a time: an object id or a user. Ids are not checked here: the selector
    answers 404 for an id outside the reader's organisation, as everywhere else."""

    dossier = forms.IntegerField(label=_("Dossier number"), required=False, min_value=1)
    record = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    person = forms.IntegerField(label=_("Person number"), required=False, min_value=1)
    user = forms.IntegerField(label=_("User"), required=False, min_value=1)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a user"))]
        choices += [(u.pk, f"{u.get_full_name() or u.username} ({u.username})") for u in users]
        self.fields["user"].widget = forms.Select(choices=choices)

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.fields if cleaned.get(name) is not None]
        if len(given) > 1:
            raise forms.ValidationError(_("Choose one: a dossier, a record, a person or a user."))
        return cleaned

    def chosen(self) -> tuple[str, int] | None:
        """(filter name, id) of the filter given, if any (call after ``is_valid()``)."""
        for name in self.fields:
            if self.cleaned_data.get(name) is not None:
                return name, self.cleaned_data[name]
        return None


def _entries_for(request, chosen: tuple[str, int]):
    name, value = chosen
    if name == "user":
        subject, entries = access_log_for_user(user=request.user, subject_user_id=value)
        return {"subject_user": subject}, entries
    kind = OBJECT_FILTERS[name]
    return {"object_kind": kind, "object_id": value}, access_log_for_object(
        user=request.user, kind=kind, object_id=value
    )


@login_required
@require_GET
def access_log_view(request):
    try:
        access_log_require_reader(request.user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    form = AccessLogFilterForm(request.GET or None, users=access_log_users(user=request.user))
    context: dict = {"form": form, "page": None, "error_summary": error_summary([form])}
    chosen = form.chosen() if form.is_bound and form.is_valid() else None
    if chosen is None:
        return render(request, "audit/access_log.html", context)
    about, entries = _entries_for(request, chosen)
    if request.GET.get("format") == "csv":
        return _csv_response(entries, filename=f"access-log-{chosen[0]}-{chosen[1]}.csv")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    context.update(about, page=page, page_range=page_range)
    return render(request, "audit/access_log.html", context)


CSV_COLUMNS = (
    "accessed_at",
    "username",
    "user_name",
    "channel",
    "access",
    "object_kind",
    "object_id",
    "detail",
    "purpose",
    "request_id",
)


def _cell(value) -> str:
    text = str(value)
    # A spreadsheet would run a cell starting like a formula (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(entries) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=CSV_CHUNK):
        yield [
            _cell(value)
            for value in (
                entry.accessed_at.isoformat(),
                entry.user.username,
                entry.user.get_full_name(),
                entry.channel,
                entry.access,
                entry.object_kind,
                entry.object_id,
                entry.detail,
                entry.purpose,
                entry.request_id,
            )
        ]


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_response(entries, *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _csv_rows(entries)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
