"""Login in two steps (password, then a TOTP token when the user has a device) and TOTP setup."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts import service

PENDING_USER = "refwatch_2fa_user"
PENDING_BACKEND = "refwatch_2fa_backend"
PENDING_NEXT = "refwatch_2fa_next"
SETUP_DEVICE = "refwatch_2fa_setup_device"


class PasswordForm(forms.Form):
    username = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(widget=forms.PasswordInput)


class TokenForm(forms.Form):
    token = forms.CharField(
        max_length=8,
        label="Code from your authenticator app",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _audit(request: HttpRequest, user: object, action: str, **detail: object) -> None:
    from refwatch.protection import audit

    audit.record(user, action, user if user is not None else None, request, **detail)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password.html"
    success_url = reverse_lazy("accounts:password_done")

    def form_valid(self, form: forms.Form) -> HttpResponse:
        response = super().form_valid(form)
        _audit(self.request, self.request.user, "password_change")
        return response


def _next_url(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Step one: user name and password; users with a confirmed TOTP device go on to step two."""
    next_url = _next_url(request, request.POST.get("next") or request.GET.get("next"))
    form = PasswordForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            error = "The user name or password is wrong, or the account is locked or disabled."
            _audit(
                request, None, "login_failed", username=form.cleaned_data["username"][:150], step="password"
            )
        elif service.has_totp(user):
            # The password alone proves nothing yet: keep who it is in the session, not logged in.
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_BACKEND] = user.backend
            request.session[PENDING_NEXT] = next_url
            return HttpResponseRedirect(reverse("accounts:token"))
        else:
            login(request, user)
            _audit(request, user, "login", factor="password")
            return HttpResponseRedirect(next_url)
    status = 200 if not error else 401
    return render(
        request, "accounts/login.html", {"form": form, "error": error, "next": next_url}, status=status
    )


@login_not_required
@csrf_protect
@never_cache
def token_view(request: HttpRequest) -> HttpResponse:
    """Step two: the TOTP token. A wrong token counts as a failed login for the lockout."""
    pk = request.session.get(PENDING_USER)
    if pk is None:
        return HttpResponseRedirect(reverse("accounts:login"))
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        request.session.flush()
        return HttpResponseRedirect(reverse("accounts:login"))
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        # Locked out while at this step: the right code must not get in either.
        for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT):
            request.session.pop(key, None)
        return get_lockout_response(request, credentials)
    form = TokenForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        device = next(
            (d for d in TOTPDevice.objects.filter(user=user, confirmed=True) if d.verify_token(token)), None
        )
        if device is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            _audit(request, None, "login_failed", username=user.get_username(), step="totp")
            error = "That code is wrong or has expired."
        else:
            next_url = request.session.get(PENDING_NEXT, "/")
            user.backend = request.session.get(PENDING_BACKEND)
            for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT):
                request.session.pop(key, None)
            login(request, user)
            otp_login(request, device)
            _audit(request, user, "login", factor="totp")
            return HttpResponseRedirect(next_url)
    return render(
        request, "accounts/token.html", {"form": form, "error": error}, status=401 if error else 200
    )


def _qr_svg(uri: str) -> str:
    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode("utf-8")
    # The XML declaration is not allowed inside an HTML page.
    return svg[svg.index("<svg") :]


@csrf_protect
@never_cache
def setup_view(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP device: show the QR code, confirm it with a first token."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    if service.has_totp(request.user) and not request.user.is_verified():
        # Replacing a device needs the current one: a password alone must not take the account.
        logout(request)
        return HttpResponseRedirect(reverse("accounts:login"))
    device = None
    if (pk := request.session.get(SETUP_DEVICE)) is not None:
        device = TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()
    if device is None:
        device = service.start_totp(request.user)
        request.session[SETUP_DEVICE] = device.pk
    form = TokenForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        if service.confirm_totp(device, form.cleaned_data["token"]):
            request.session.pop(SETUP_DEVICE, None)
            _audit(request, request.user, "otp_setup")
            otp_login(request, device)
            return HttpResponseRedirect("/")
        error = "That code is wrong or has expired; try the current one."
    uri = service.totp_uri(device)
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "error": error,
            "qr_svg": _qr_svg(uri),
            "uri": uri,
            "required": service.is_2fa_required(request.user),
        },
        status=400 if error else 200,
    )
