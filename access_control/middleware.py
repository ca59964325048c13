"""The confidentiality gate (R-ACC-2): no page of the service before the current
declaration is accepted.

Every view is behind the gate except the few a user needs to get through it (sign in and
out, the declaration itself, the language switch, the health check), so a new page is
covered without anyone remembering to add it. Organisations that have not published a
declaration have no gate.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from access_control.break_glass import break_glass_candidate
from access_control.break_glass_views import SESSION_KEY, break_glass_offer
from access_control.declarations import declaration_pending_for
from core.access_log import PENDING_ATTRIBUTE
from core.models import AccessLogEntry

OPEN_URL_NAMES = frozenset({"login", "logout", "declaration", "set_language", "health"})
API_PATH_PREFIX = "/api/"


class ConfidentialityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in OPEN_URL_NAMES or not request.user.is_authenticated:
            return None
        if declaration_pending_for(request.user) is None:
            return None
        if request.path.startswith(API_PATH_PREFIX):
            return JsonResponse(
                {"detail": "Accept the confidentiality declaration in the browser first."}, status=403
            )
        url = f"{reverse('declaration')}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            # htmx would swap the declaration page into a results box; load it as a page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class BreakGlassMiddleware:
    """Break-glass (R-ACC-5) around the dossier and record pages.

    - Not involved in an item of one's own organisation: instead of the 404, the page that
      refuses it (403) and offers to break the glass. Another organisation's items and
      ids that do not exist keep the plain 404.
    - While an opening lasts, its pages carry a banner, and every access-log row of the item
      gets the reason as its purpose (R-ACC-4).

    It sits after ``AccessLogMiddleware`` so it amends the noted rows before they are written.
    """

    DETAIL_VIEWS = {"dossiers:detail": "dossier", "records:detail": "record"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        opening = getattr(request, "_break_glass", None)
        if opening is not None:
            self._stamp_access_log(request, *opening)
        return response

    def _kind_and_pk(self, request):
        match = request.resolver_match
        kind = self.DETAIL_VIEWS.get(match.view_name) if match else None
        if kind is None or not request.user.is_authenticated:
            return None, None
        return kind, match.kwargs.get("pk")

    def process_view(self, request, view_func, view_args, view_kwargs):
        kind, pk = self._kind_and_pk(request)
        if kind is None:
            return None
        opening = request.session.get(SESSION_KEY, {}).get(f"{kind}:{pk}")
        if opening is None or opening["expires"] <= timezone.now().isoformat():
            return None
        request._break_glass = (kind, pk, opening["reason"])
        until = formats.time_format(timezone.localtime(datetime.fromisoformat(opening["expires"])), "H:i")
        messages.warning(
            request,
            _(
                "Break-glass access: you are not involved in this item and opened it because: "
                "“%(reason)s”. Your access ends at %(time)s. The data protection officer reviews it."
            )
            % {"reason": opening["reason"], "time": until},
        )
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404):
            return None
        kind, pk = self._kind_and_pk(request)
        if kind is None:
            return None
        item = break_glass_candidate(user=request.user, kind=kind, pk=pk)
        if item is None:
            return None
        return break_glass_offer(request, kind=kind, item=item)

    @staticmethod
    def _stamp_access_log(request, kind: str, pk: int, reason: str) -> None:
        purpose_limit = AccessLogEntry._meta.get_field("purpose").max_length
        detail_limit = AccessLogEntry._meta.get_field("detail").max_length
        for entry in request.__dict__.get(PENDING_ATTRIBUTE, ()):
            if entry.object_kind == kind and entry.object_id == pk:
                entry.purpose = reason[:purpose_limit]
                entry.detail = " ".join(filter(None, ["break-glass", entry.detail]))[:detail_limit]
