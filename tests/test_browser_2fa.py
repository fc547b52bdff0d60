"""In a real browser: log in with password and TOTP, see a protected person as a protection officer,
only the pseudonym as a viewer. Debian's Chromium (/usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts import service
from refwatch.knowledge.access import PROTECTION_OFFICER, VIEWER
from refwatch.protection import crypto, names
from refwatch.protection.models import AuditEntry, Person, PersonEvent

# Playwright's sync API runs an event loop in this thread; Django's ORM calls here are deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "correct horse battery staple 9"
ROMAN, KOREAN = "Jang Mi-ran", "장미란"


@pytest.fixture
def world(transactional_db, tmp_path, settings, monkeypatch) -> Iterator[Person]:
    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    crypto.reset_caches()
    names.invalidate()
    person = Person(
        category=Person.Category.RETURNEE, name_romanised=ROMAN, name_korean=KOREAN, birth_year=1988
    )
    person.save()
    PersonEvent(person=person, kind="repatriated", date="2023-10-09", place="Tumen").save()
    yield person
    crypto.reset_caches()
    names.invalidate()


def new_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []  # console errors include CSP violations: a page that needs them is broken
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    return context, page


def current_token(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_protection_officer_logs_in_with_totp_and_sees_the_person(browser, live_server, world):
    person = world
    officer, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    context, page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/people/{person.number}/")
        assert "/accounts/login/" in page.url  # not logged in: sent to the login
        page.fill("input[name=username]", "pia")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/accounts/login/token/")
        assert page.locator("input[name=token]").is_visible()
        page.fill("input[name=token]", current_token(device))
        page.click("button[type=submit]")
        page.wait_for_url(f"**/people/{person.number}/")
        body = page.inner_text("body")
        assert person.pseudonym in body and ROMAN in body and KOREAN in body and "Tumen" in body
        assert AuditEntry.objects.filter(action="read_person", actor="pia").count() == 1
        assert page.problems == []
    finally:
        context.close()


def test_wrong_token_keeps_the_officer_out(browser, live_server, world):
    officer, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    wrong = "000000" if current_token(device) != "000000" else "111111"
    context, page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "pia")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/accounts/login/token/")
        page.fill("input[name=token]", wrong)
        page.click("button[type=submit]")
        assert "wrong or has expired" in page.inner_text("body")
        page.goto(f"{live_server.url}/people/{world.number}/")
        assert "/accounts/login/" in page.url and ROMAN not in page.content()
    finally:
        context.close()


def test_viewer_sees_only_the_pseudonym(browser, live_server, world):
    person = world
    service.create_user("vic", VIEWER, password=PASSWORD)
    context, page = new_page(browser)
    try:
        page.goto(f"{live_server.url}/accounts/login/?next=/people/{person.number}/")
        page.fill("input[name=username]", "vic")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/people/{person.number}/")
        html = page.content()
        assert person.pseudonym in html and "repatriated" in html
        for secret in (ROMAN, KOREAN, "1988", "Tumen"):
            assert secret not in html
        page.goto(f"{live_server.url}/people/")
        assert person.pseudonym in page.content() and ROMAN not in page.content()
        assert not AuditEntry.objects.filter(action="read_person").exists()
        assert page.problems == []
    finally:
        context.close()
