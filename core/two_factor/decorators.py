"""Recent re-authentication before an irreversible step (``REAUTH_MINUTES``)."""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.two_factor import policy
from core.two_factor.views import with_next


def recent_authentication_required(view):
    """Send the user to confirm it is them unless they entered their password (and code)
    within ``REAUTH_MINUTES``; they come back to this page (a POST cannot be replayed, so
    its own URL is where the user asks again)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not policy.recently_authenticated(request):
            messages.info(request, _("This step cannot be undone. Confirm it is you before you go on."))
            url = with_next("reauthenticate", request.path)
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return view(request, *args, **kwargs)

    return wrapped
