"""API tokens: a script calls the API as a user with `Authorization: Bearer <token>`."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from typer.testing import CliRunner

from refwatch.accounts.models import ApiToken
from refwatch.cli import app
from refwatch.knowledge.models import Statement
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db

runner = CliRunner()


def issue(username: str) -> str:
    result = runner.invoke(app, ["user", "token", username, "--name", "nightly export"])
    assert result.exit_code == 0, result.output
    found = re.search(r"^(rwt_\S+)$", result.stdout, re.M)
    assert found, result.stdout
    return found.group(1)


def call(key: str | None, url: str, method: str = "get", body: dict | None = None):
    # enforce_csrf_checks: a token call needs no CSRF token, unlike a session's.
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if method == "post":
        return client.post(url, json.dumps(body), content_type="application/json", headers=headers)
    return client.get(url, headers=headers)


def test_a_token_reads_as_its_user_and_only_its_hash_is_kept(viewer, seed_letters):
    key = issue("vera")
    r = call(key, "/api/letters")
    assert r.status_code == 200 and len(r.json()["items"]) == 2
    stored = ApiToken.objects.get()
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    assert stored.last_used_at is not None and stored.name == "nightly export"
    assert AuditEntry.objects.filter(action="token_issue", target_id=str(viewer.pk)).exists()


@pytest.mark.parametrize("key", [None, "rwt_not-a-real-token", "garbage", "rwt_" + "x" * 500])
def test_no_token_or_a_wrong_one_is_401(key, viewer, seed_letters):
    issue("vera")
    r = call(key, "/api/letters")
    assert r.status_code == 401 and r.json() == {"detail": "Unauthorized"}


def test_a_revoked_token_or_a_disabled_user_is_refused(viewer, analyst, seed_letters):
    key = issue("vera")
    listed = runner.invoke(app, ["user", "tokens", "vera"]).stdout
    prefix = listed.split()[0]
    assert key.startswith(prefix.removesuffix("…")) and "live" in listed
    assert runner.invoke(app, ["user", "revoke-token", "vera", prefix]).exit_code == 0
    assert call(key, "/api/letters").status_code == 401
    assert "revoked" in runner.invoke(app, ["user", "tokens", "vera"]).stdout
    again = runner.invoke(app, ["user", "revoke-token", "vera", prefix])
    assert again.exit_code == 2 and "no live token" in again.output

    other = issue("anna")
    assert call(other, "/api/letters").status_code == 200
    assert runner.invoke(app, ["user", "disable", "anna"]).exit_code == 0
    assert call(other, "/api/letters").status_code == 401


def test_roles_hold_for_token_calls(viewer, analyst, seed_letters):
    st = Statement.objects.filter(kind="repatriation").first()
    viewer_key, analyst_key = issue("vera"), issue("anna")
    r = call(viewer_key, f"/api/statements/{st.pk}/review", "post", {"state": "rejected"})
    assert r.status_code == 403 and Statement.objects.get(pk=st.pk).review == "suggested"
    r = call(analyst_key, f"/api/statements/{st.pk}/review", "post", {"state": "rejected"})
    assert r.status_code == 200 and Statement.objects.get(pk=st.pk).review == "rejected"
    entry = AuditEntry.objects.get(action="review")
    assert entry.actor == "anna"


def test_the_people_api_takes_tokens_and_audits_the_read(viewer, protection_officer):
    from refwatch.protection.models import Person

    person = Person(category="returnee", name_romanised="Ri Sun-hui")
    person.save()
    officer_key, viewer_key = issue("pat"), issue("vera")
    r = call(officer_key, f"/api/people/{person.number}")
    assert r.status_code == 200 and r.json()["name_romanised"] == "Ri Sun-hui"
    entry = AuditEntry.objects.get(action="read_person")
    assert (entry.actor, entry.target_id) == ("pat", str(person.pk))
    r = call(viewer_key, f"/api/people/{person.number}")
    assert "Ri Sun-hui" not in r.content.decode()
    assert call(None, f"/api/people/{person.number}").status_code == 401


def test_an_unknown_user_gets_no_token():
    result = runner.invoke(app, ["user", "token", "nobody"])
    assert result.exit_code == 2 and not ApiToken.objects.exists()
