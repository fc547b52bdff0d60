"""Two-factor enforcement that holds whichever login view was used.

- A user with a confirmed TOTP device whose session was not verified by a token (e.g. logged
  in through a plain password view) is logged out and sent to the login.
- A user who must use 2FA (admin's flag or REFWATCH_REQUIRE_2FA) and has no device yet may
  only reach the setup page until one is confirmed.
Must come after AuthenticationMiddleware and django_otp's OTPMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from refwatch.accounts import service

# Only the steps of logging in and setting up a device, static files and logging out.
_ALWAYS_OPEN = ("/accounts/login/", "/accounts/2fa/setup/", "/static/", "/logout")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(_ALWAYS_OPEN):
            verified = getattr(user, "is_verified", lambda: False)()
            if not verified:
                if service.has_totp(user):
                    logout(request)
                    return HttpResponseRedirect(
                        reverse("accounts:login") + "?" + urlencode({"next": request.get_full_path()})
                    )
                if service.is_2fa_required(user):
                    return HttpResponseRedirect(reverse("accounts:setup"))
        return self.get_response(request)
