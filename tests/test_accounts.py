"""Accounts: roles, the first admin, the user commands, lockout and the TOTP login."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from typer.testing import CliRunner

from refwatch.accounts import service
from refwatch.cli import app
from refwatch.knowledge.access import ADMIN, ANALYST, PROTECTION_OFFICER, ROLES, VIEWER, has_role, roles_of

PASSWORD = "correct horse battery staple 9"


def token_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.mark.django_db
def test_roles_exist_after_migration():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


@pytest.mark.django_db
def test_first_admin_once():
    password = service.ensure_first_admin()
    assert password and len(password) >= 16
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password(password)
    assert admin.password.startswith("argon2")
    assert ADMIN in roles_of(admin) and admin.is_staff and admin.is_superuser
    assert has_role(admin, PROTECTION_OFFICER)  # admin implies every role
    assert service.set_role("admin", VIEWER) and roles_of(service.get_user("admin")) == {VIEWER}
    assert not service.get_user("admin").is_superuser
    assert service.ensure_first_admin() is None


@pytest.mark.django_db
def test_create_user_bad_input_changes_nothing():
    service.create_user("vera", VIEWER, password=PASSWORD)
    with pytest.raises(service.AccountError, match="unknown role"):
        service.create_user("otto", "superhero")
    with pytest.raises(service.AccountError, match="already exists"):
        service.create_user("vera", ANALYST)
    with pytest.raises(service.AccountError, match="password is refused"):
        service.create_user("weak", VIEWER, password="123")
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["vera"]


@pytest.mark.django_db(transaction=True)
def test_user_commands():
    runner = CliRunner()
    out = runner.invoke(app, ["user", "add", "ana", "--role", "analyst", "--email", "a@example.org"])
    assert out.exit_code == 0, out.output
    password = re.search(r"password \(shown once.*\): (\S+)", out.output).group(1)
    ana = get_user_model().objects.get(username="ana")
    assert ana.check_password(password) and roles_of(ana) == {ANALYST}

    out = runner.invoke(
        app, ["user", "add", "pia", "--role", "protection_officer", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert out.exit_code == 0, out.output
    assert PASSWORD not in out.output
    assert get_user_model().objects.get(username="pia").check_password(PASSWORD)

    out = runner.invoke(app, ["user", "role", "ana", "viewer"])
    assert out.exit_code == 0, out.output
    assert roles_of(get_user_model().objects.get(username="ana")) == {VIEWER}

    out = runner.invoke(app, ["user", "role", "ana", "king"])
    assert out.exit_code == 2 and "unknown role" in out.output

    out = runner.invoke(app, ["user", "disable", "ana"])
    assert out.exit_code == 0
    assert not get_user_model().objects.get(username="ana").is_active

    out = runner.invoke(app, ["user", "list"])
    assert re.search(r"^ana\tviewer\tdisabled\tpassword$", out.output, re.M), out.output
    assert re.search(r"^pia\tprotection_officer\tactive\tpassword$", out.output, re.M), out.output

    out = runner.invoke(app, ["user", "require-2fa", "pia"])
    assert out.exit_code == 0
    assert service.is_2fa_required(get_user_model().objects.get(username="pia"))

    out = runner.invoke(app, ["user", "disable", "nobody"])
    assert out.exit_code == 2 and "no user named 'nobody'" in out.output

    from refwatch.protection.models import AuditEntry

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.action for e in entries] == [
        "user_add",
        "user_add",
        "user_role",
        "user_disable",
        "user_require_2fa",
    ]
    assert all(e.actor.startswith("cli:") for e in entries)
    assert entries[2].detail == {"role": "viewer"} and entries[2].target_id == str(ana.pk)


@pytest.mark.django_db(transaction=True)
def test_otp_setup_command_confirms_with_a_real_token():
    service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    runner = CliRunner()
    # A wrong code leaves no device behind.
    out = runner.invoke(app, ["user", "otp-setup", "pia"], input="000000\n")
    assert out.exit_code == 2 and "otpauth://totp/" in out.output
    assert not TOTPDevice.objects.exists()

    # The code is computed from the key in the URI, as an authenticator app would do.
    device = service.start_totp(get_user_model().objects.get(username="pia"))
    secret = re.search(r"secret=([A-Z2-7]+)", service.totp_uri(device)).group(1)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    assert key == device.bin_key
    assert service.confirm_totp(device, f"{totp(key):06d}")
    assert service.has_totp(device.user)


def test_first_run_in_a_fresh_home_creates_the_admin():
    """In a real process on an empty data folder: the admin is created, and only once."""
    home = tempfile.mkdtemp(prefix="refwatch-accounts-")
    env = {**os.environ, "REFWATCH_HOME": home, "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    env.pop("DATABASE_URL", None)
    code = (
        "from refwatch.cli.users import setup_django; setup_django();"
        "from refwatch.accounts.service import ensure_first_admin; print(ensure_first_admin())"
    )
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert len(first.stdout.strip()) >= 16
    assert second.stdout.strip() == "None"
    assert (Path(home) / "refwatch.sqlite3").exists()


@pytest.mark.django_db
def test_lockout_after_five_failures(client):
    service.create_user("vera", VIEWER, password=PASSWORD)
    url = reverse("accounts:login")
    for _ in range(5):
        r = client.post(url, {"username": "vera", "password": "wrong password!!"})
        assert r.status_code in (401, 403, 429)
    # Locked: even the right password is refused now.
    r = client.post(url, {"username": "vera", "password": PASSWORD})
    assert r.status_code in (403, 429)
    assert "_auth_user_id" not in client.session

    out = CliRunner().invoke(app, ["user", "unlock", "vera"])
    assert out.exit_code == 0 and "unlocked" in out.output, out.output
    r = client.post(url, {"username": "vera", "password": PASSWORD})
    assert r.status_code == 302 and client.session["_auth_user_id"]


@pytest.mark.django_db
def test_login_without_device(client):
    service.create_user("vera", VIEWER, password=PASSWORD)
    r = client.post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD, "next": "/x/"})
    assert r.status_code == 302 and r["Location"] == "/x/"
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_login_with_totp_needs_the_token(client):
    user, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    r = client.post(reverse("accounts:login"), {"username": "pia", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:token")
    assert "_auth_user_id" not in client.session  # not logged in on the password alone

    r = client.post(
        reverse("accounts:token"), {"token": "000000" if token_for(device) != "000000" else "111111"}
    )
    assert r.status_code == 401 and "_auth_user_id" not in client.session
    # django-otp throttles a device after a wrong token; here, as if its delay had passed.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()

    r = client.post(reverse("accounts:token"), {"token": token_for(device)})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    from refwatch.protection.models import AuditEntry

    entries = list(AuditEntry.objects.order_by("seq").values_list("action", "actor", "detail", "ip"))
    assert entries == [
        ("login_failed", "", {"username": "pia", "step": "totp"}, "127.0.0.1"),
        ("login", "pia", {"factor": "totp"}, "127.0.0.1"),
    ]


@pytest.mark.django_db
def test_password_only_session_of_a_totp_user_is_ended(client):
    """A user with a device who got a session without the token (another login view) is logged out."""
    user, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    r = client.get("/some/page/")
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_required_2fa_sends_to_setup(client):
    user, _ = service.create_user("ana", ANALYST, password=PASSWORD)
    service.require_2fa("ana")
    client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    r = client.get("/")
    assert r.status_code == 302 and r["Location"] == reverse("accounts:setup")
    r = client.get(reverse("accounts:setup"))
    assert r.status_code == 200 and b"<svg" in r.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post(reverse("accounts:setup"), {"token": token_for(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session["otp_device_id"] == device.persistent_id


@pytest.mark.django_db(transaction=True)
def test_password_command():
    service.create_user("vera", VIEWER, password=PASSWORD)
    runner = CliRunner()
    out = runner.invoke(app, ["user", "password", "vera"])
    assert out.exit_code == 0, out.output
    new = re.search(r"password \(shown once.*\): (\S+)", out.output).group(1)
    assert get_user_model().objects.get(username="vera").check_password(new)
    out = runner.invoke(app, ["user", "password", "vera", "--password-stdin"], input="short\n")
    assert out.exit_code == 2 and "refused" in out.output
    assert get_user_model().objects.get(username="vera").check_password(new)


@pytest.mark.django_db
def test_password_change_page(client):
    user, _ = service.create_user("vera", VIEWER, password=PASSWORD)
    client.force_login(user)
    new = "another long passphrase 42"
    r = client.post(
        reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert r.status_code == 302 and r["Location"] == reverse("accounts:password_done")
    user.refresh_from_db()
    assert user.check_password(new)
    from refwatch.protection.models import AuditEntry

    assert AuditEntry.objects.filter(action="password_change", actor="vera").count() == 1


@pytest.mark.django_db
def test_confidential_records_open_to_named_users_and_groups():
    from refwatch.knowledge.access import grant, visible
    from refwatch.knowledge.models import Document

    secret = Document.objects.create(
        sha256="1" * 64, media_type="text/plain", filename="s.txt", visibility="confidential"
    )
    shared = Document.objects.create(
        sha256="2" * 64, media_type="text/plain", filename="t.txt", visibility="confidential"
    )
    internal = Document.objects.create(sha256="3" * 64, media_type="text/plain", filename="u.txt")
    vera, _ = service.create_user("vera", VIEWER, password=PASSWORD)
    otto, _ = service.create_user("otto", ANALYST, password=PASSWORD)
    pia, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    lawyers = Group.objects.create(name="lawyers")
    otto.groups.add(lawyers)

    def seen(user):
        return set(visible(Document.objects.all(), user).values_list("pk", flat=True))

    assert seen(vera) == {internal.pk} and seen(otto) == {internal.pk}
    grant(secret, user=vera)
    grant(shared, group=lawyers)
    assert seen(vera) == {internal.pk, secret.pk}
    assert seen(otto) == {internal.pk, shared.pk}
    assert seen(pia) == {internal.pk, secret.pk, shared.pk}
    with pytest.raises(ValueError, match="exactly one"):
        grant(secret)


@pytest.mark.django_db
def test_admin_login_goes_through_the_two_factor_login(client):
    r = client.get("/admin/login/?next=/admin/")
    assert r.status_code == 302 and r["Location"] == reverse("accounts:login") + "?next=/admin/"
    r = client.get("/admin/")
    assert r.status_code == 302 and r["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_disabling_a_user_ends_their_session(client):
    service.create_user("vera", VIEWER, password=PASSWORD)
    client.post(reverse("accounts:login"), {"username": "vera", "password": PASSWORD})
    assert client.get(reverse("accounts:password")).status_code == 200
    service.disable("vera")
    r = client.get(reverse("accounts:password"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout(client):
    user, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    wrong = "000000" if token_for(device) != "000000" else "111111"
    client.post(reverse("accounts:login"), {"username": "pia", "password": PASSWORD})
    for _ in range(4):
        assert client.post(reverse("accounts:token"), {"token": wrong}).status_code == 401
    assert client.post(reverse("accounts:token"), {"token": wrong}).status_code in (403, 429)  # the fifth
    # Locked: even the right code does not get in now.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    r = client.post(reverse("accounts:token"), {"token": token_for(device)})
    assert r.status_code in (302, 403, 429) and "_auth_user_id" not in client.session
    r = client.post(reverse("accounts:login"), {"username": "pia", "password": PASSWORD})
    assert r.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_totp_secrets_are_encrypted_at_rest():
    from django.db import connection

    user, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    other, _ = service.create_user("otto", ANALYST, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    secret = device.key
    assert len(bytes.fromhex(secret)) == 20  # the instance keeps the usable hex secret
    with connection.cursor() as cur:
        cur.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        stored = cur.fetchone()[0]
    assert stored.startswith("enc:") and secret not in stored and len(stored) <= 80
    again = TOTPDevice.objects.get(pk=device.pk)
    assert again.key == secret and again.verify_token(token_for(again))
    # The sealed secret is bound to its user: copied to another user's device it does not open.
    stolen = TOTPDevice.objects.create(user=other, name="copy", confirmed=True)
    with connection.cursor() as cur:
        cur.execute("UPDATE otp_totp_totpdevice SET key = %s WHERE id = %s", [stored, stolen.pk])
    from refwatch.protection import crypto

    with pytest.raises(crypto.DecryptionError):
        TOTPDevice.objects.get(pk=stolen.pk)


@pytest.mark.django_db
def test_password_only_session_cannot_replace_the_device(client):
    user, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)  # a session without the second factor
    for url in (reverse("accounts:setup"), reverse("accounts:password")):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")), url
        client.force_login(user)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
