"""What goes into the audit chain besides the reads of people: confidential documents read
through a page or the API, every change made in Django's admin, every grant wherever it is made;
and what the admin no longer shows (TOTP secrets)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts import service
from refwatch.knowledge import access, store
from refwatch.knowledge.access import ADMIN, PROTECTION_OFFICER, VIEWER
from refwatch.knowledge.models import Document, RecordGrant
from refwatch.protection import audit
from refwatch.protection.models import AuditEntry, Person

from .conftest import SEEDS

PASSWORD = "correct horse battery staple 9"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_keys_and_originals")]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def test_reading_a_confidential_document_is_audited_on_the_page_and_the_api():
    secret = store.add_path(SEEDS[0], visibility="confidential").document
    ordinary = store.add_path(SEEDS[1]).document
    officer, _ = service.create_user("pat", PROTECTION_OFFICER, password=PASSWORD)
    client = client_for(officer)
    for url in (f"/documents/{ordinary.pk}/", f"/api/documents/{ordinary.pk}"):
        assert client.get(url).status_code == 200
    assert entries("read_confidential") == []

    assert client.get(f"/documents/{secret.pk}/").status_code == 200
    assert client.get(f"/api/documents/{secret.pk}").status_code == 200
    reads = entries("read_confidential")
    assert [(e.actor, e.target_type, e.target_id, e.detail["via"]) for e in reads] == [
        ("pat", "knowledge.document", str(secret.pk), "page"),
        ("pat", "knowledge.document", str(secret.pk), "api"),
    ]
    assert reads[0].ip == "127.0.0.1"

    viewer, _ = service.create_user("vera", VIEWER, password=PASSWORD)
    assert client_for(viewer).get(f"/documents/{secret.pk}/").status_code == 404
    assert len(entries("read_confidential")) == 2  # a refused read opens nothing
    assert audit.verify()[1] is None


def test_changes_made_in_the_admin_are_in_the_chain():
    ada, _ = service.create_user("ada", ADMIN, password=PASSWORD)
    bob, _ = service.create_user("bob", VIEWER, password=PASSWORD)
    doc = Document.objects.create(sha256="a" * 64, filename="x.txt", text="x", visibility="confidential")
    admin = client_for(ada)
    ct = ContentType.objects.get_for_model(Document)

    r = admin.post(
        "/admin/knowledge/recordgrant/add/",
        {"content_type": ct.pk, "object_id": doc.pk, "user": bob.pk, "group": ""},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    grant = RecordGrant.objects.get()
    (added,) = entries("admin_add")
    assert (added.actor, added.target_type, added.target_id, added.ip) == (
        "ada",
        "knowledge.recordgrant",
        str(grant.pk),
        "127.0.0.1",
    )
    (given,) = entries("grant")
    assert (
        given.actor == "ada"
        and given.target_type == "knowledge.document"
        and given.detail["to_user"] == bob.pk
    )

    # The superuser flag, through the user's change form.
    form = {
        "username": "bob",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name=VIEWER).pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    r = admin.post(f"/admin/auth/user/{bob.pk}/change/", form)
    assert r.status_code == 302, r.content.decode()[:3000]
    bob.refresh_from_db()
    assert bob.is_superuser
    (changed,) = entries("admin_change")
    assert changed.target_type == "auth.user" and changed.target_id == str(bob.pk)
    assert "Superuser status" in changed.detail["change"]

    # Deleting several at once (the admin writes its log in bulk, without signals).
    access.grant(doc, user=ada)
    r = admin.post(
        "/admin/knowledge/recordgrant/",
        {
            "action": "delete_selected",
            "_selected_action": [g.pk for g in RecordGrant.objects.all()],
            "post": "yes",
        },
    )
    assert r.status_code == 302
    assert not RecordGrant.objects.exists()
    assert len(entries("admin_delete")) == 2 and len(entries("revoke_grant")) == 2
    assert {e.actor for e in entries("revoke_grant")} == {"ada"}
    assert audit.verify()[1] is None


def test_grants_made_anywhere_are_audited():
    bob, _ = service.create_user("bob", VIEWER, password=PASSWORD)
    doc = Document.objects.create(sha256="b" * 64, filename="y.txt", text="y", visibility="confidential")
    access.grant(doc, user=bob)
    (given,) = entries("grant")
    assert (given.target_type, given.target_id, given.detail["to_user"]) == (
        "knowledge.document",
        str(doc.pk),
        bob.pk,
    )

    person = Person(name_romanised="Kim Test-one")
    person.save()
    group = Group.objects.create(name="caseworkers")
    person.allowed_users.add(bob)
    person.allowed_groups.add(group)
    person.allowed_users.remove(bob)
    got = [
        (e.action, e.target_type, e.detail)
        for e in AuditEntry.objects.filter(target_type="protection.person").order_by("seq")
    ]
    assert got == [
        ("grant", "protection.person", {"to_users": [bob.pk]}),
        ("grant", "protection.person", {"to_groups": [group.pk]}),
        ("revoke_grant", "protection.person", {"to_users": [bob.pk]}),
    ]
    assert audit.verify()[1] is None


def test_the_admin_never_shows_a_totp_secret():
    ada, _ = service.create_user("ada", ADMIN, password=PASSWORD)
    bob, _ = service.create_user("bob", VIEWER, password=PASSWORD)
    device = service.start_totp(bob)
    device = TOTPDevice.objects.get(pk=device.pk)
    secret = device.key
    assert len(secret) == 40  # the hex secret, decrypted in memory
    admin = client_for(ada)
    for url in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_totp/totpdevice/add/",
    ):
        r = admin.get(url)
        assert r.status_code == 200, url
        body = r.content.decode()
        assert secret not in body and 'name="key"' not in body, url
    for url in (
        f"/admin/otp_totp/totpdevice/{device.pk}/config/",
        f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/",
    ):
        assert admin.get(url).status_code == 403, url
