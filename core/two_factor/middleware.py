"""No page before the second factor (R-ACC-1).

Records-unit officers, the DPO and administrators, once their password is accepted, reach
nothing but the pages that lead through the second factor (enrol, enter the code), sign-in
and sign-out, the language switch, the health check and static files, until the session is
verified. Like the confidentiality gate it covers every view, so a new page is protected
without anyone remembering to. API token clients are not signed in through the session,
so the API's token authentication never meets this check.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from core.two_factor import policy
from core.two_factor.views import with_next

OPEN_URL_NAMES = frozenset(
    {"login", "logout", "two_factor_setup", "two_factor_verify", "set_language", "health"}
)
API_PATH_PREFIX = "/api/"


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name in OPEN_URL_NAMES:
            return None
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        if not policy.second_factor_due(request):
            return None
        if request.path.startswith(API_PATH_PREFIX):
            return JsonResponse(
                {"detail": "Complete two-step verification in the browser first."}, status=403
            )
        step = "two_factor_verify" if policy.confirmed_device(request.user) else "two_factor_setup"
        next_url = request.get_full_path() if request.method == "GET" else "/"
        url = with_next(step, next_url)
        if getattr(request, "htmx", False):
            # htmx would swap the page into a fragment's box; load it as a page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
