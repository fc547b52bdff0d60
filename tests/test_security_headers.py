"""Security headers on real pages, and the cookie flags of a login."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest
from django.urls import reverse

from refwatch.accounts import service
from refwatch.knowledge.access import VIEWER

PASSWORD = "correct horse battery staple 9"


def csp_directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["accounts:login", "/", "/admin/login/"])
def test_headers_on_pages(client, path):
    url = reverse(path) if ":" in path else path
    r = client.get(url)
    assert r.status_code in (200, 302)
    csp = csp_directives(r["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_page_has_no_inline_script_or_style(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "<script>" not in body and "<style" not in body and " style=" not in body


@pytest.mark.django_db
def test_cookie_flags_after_login(client):
    service.create_user("vera", VIEWER, password=PASSWORD)
    client.get(reverse("accounts:login"))
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    r = client.post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD})
    assert r.status_code == 302
    session = r.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) <= 8 * 3600


def settings_in_fresh_process(**env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS','SECURE_PROXY_SSL_HEADER')}))"
    )
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REFWATCH_")}
    full_env |= {
        "REFWATCH_HOME": tempfile.mkdtemp(prefix="refwatch-hdr-"),
        "DJANGO_SETTINGS_MODULE": "refwatch.settings",
    }
    full_env |= env
    out = subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_secure_cookies_when_served_by_name():
    # Reachable by a real host name: HTTPS is assumed, cookies are secure-only, HSTS is on.
    s = settings_in_fresh_process(REFWATCH_ALLOWED_HOSTS="refwatch.example.org")
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_local_instance_keeps_cookies_usable_over_http():
    # http://127.0.0.1 would never send a secure-only cookie back: nobody could log in.
    s = settings_in_fresh_process()
    assert not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]
    assert settings_in_fresh_process(REFWATCH_HTTPS="1")["SESSION_COOKIE_SECURE"] is True
    assert (
        settings_in_fresh_process(REFWATCH_HTTPS="0", REFWATCH_ALLOWED_HOSTS="x.org")["CSRF_COOKIE_SECURE"]
        is False
    )
