"""The confidentiality gate (R-ACC-2): no page of the service before the current
declaration is accepted.

Every view is behind the gate except the few a user needs to get through it (sign in and
out, the declaration itself, the language switch, the health check), so a new page is
covered without anyone remembering to add it. Organisations that have not published a
declaration have no gate.
"""

from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from access_control.declarations import declaration_pending_for

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
