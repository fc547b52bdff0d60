"""What a signed-in request costs before it reads any of the record: the session, and the user read
with their roles, device, policy, grants and named persons (refwatch.accounts.backends), not a
query for each, nor the same one twice. And what is read so stays as fresh as the request: a
session ended, a user disabled, a device added or a role taken away in the database counts from
the next request on, even when no signal of this process said so.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.accounts import service, tokens
from refwatch.accounts.backends import UserAndAccessBackend
from refwatch.accounts.models import AccountPolicy
from refwatch.knowledge import access
from refwatch.knowledge.access import ADMIN, ANALYST, PROTECTION_OFFICER, VIEWER, roles_of
from refwatch.knowledge.models import Document
from refwatch.protection.models import Person
from refwatch.protection.names import named_access
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("name_index_held", "seed_letters")]

# Sign-in and permissions: sessions, users and groups, two-factor devices, lockout, accounts'
# policies, grants and tokens, and the users and groups a protected person is named to.
SIGN_IN = re.compile(
    r'"(django_session|auth_\w+|otp_\w+|axes_\w+|accounts_\w+|protection_person_allowed_\w+)"'
)
PAGES = ["/", "/letters/", "/documents/", "/incidents/", "/api/letters"]


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory):
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")


def sign_in_queries(client: Client, url: str) -> list[str]:
    """The sign-in and permission queries of a request once warm (see test_queries_per_page.cost)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries.captured_queries if SIGN_IN.search(q["sql"])]


def tables(sql: list[str]) -> list[str]:
    return [SIGN_IN.findall(q)[0] for q in sql]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def over_pages(client: Client, most: int) -> None:
    found = {url: tables(sign_in_queries(client, url)) for url in PAGES}
    assert all(len(sql) <= most for sql in found.values()), "\n".join(
        f"{url}: {len(sql)} {sql}" for url, sql in found.items()
    )


@pytest.mark.parametrize("role", [VIEWER, ANALYST, PROTECTION_OFFICER])
def test_a_signed_in_request_reads_the_session_and_the_user_once_each(role: str):
    over_pages(signed_in(make_user("reader", role)), 2)


def test_a_session_verified_by_a_device_reads_the_device_once():
    """django-otp reads the device that verified the session on each request, so that a device
    removed or reset ends it: that one query more, and no other."""
    user = make_user("pia", ANALYST)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = signed_in(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert "otp_totp_totpdevice" in tables(sign_in_queries(client, "/letters/"))
    over_pages(client, 3)


def test_an_api_token_is_read_with_its_user_and_their_access():
    key = tokens.issue(make_user("script", VIEWER), "test")[1]
    found = sign_in_queries(Client(HTTP_AUTHORIZATION=f"Bearer {key}"), "/api/letters")
    assert len(found) <= 1, tables(found)


def test_grants_and_named_persons_are_read_once_by_those_who_have_them():
    user = make_user("gil", VIEWER)
    access.grant(Document.objects.first(), user=user)
    person = Person(category=Person.Category.RETURNEE, name_romanised="Ri Sun-hee")
    person.save()
    person.allowed_groups.add(Group.objects.get(name=VIEWER))
    over_pages(signed_in(user), 4)


def _behind_signals(client: Client) -> None:
    """A first request, so that a change made after it is the kind another process makes."""
    assert client.get("/letters/").status_code == 200


def test_an_ended_session_or_a_disabled_user_stops_at_the_next_request():
    vera, dora = make_user("vera", VIEWER), make_user("dora", VIEWER)
    ended, disabled = signed_in(vera), signed_in(dora)
    _behind_signals(ended)
    _behind_signals(disabled)
    Session.objects.filter(session_key=ended.session.session_key).delete()
    get_user_model().objects.filter(pk=dora.pk).update(is_active=False)  # no signal
    for client in (ended, disabled):
        r = client.get("/letters/")
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_a_device_a_policy_or_a_role_changed_elsewhere_counts_at_the_next_request():
    user = make_user("anna", ANALYST)
    client = signed_in(user)
    assert client.get("/review/").status_code == 200
    # Rows written as another process would: no signal of this one is sent.
    membership = get_user_model().groups.through
    membership.objects.filter(user=user).delete()
    membership.objects.bulk_create([membership(user=user, group=Group.objects.get(name=VIEWER))])
    assert client.get("/review/").status_code == 403  # an analyst's page, to a viewer now
    AccountPolicy.objects.bulk_create([AccountPolicy(user=user, require_2fa=True)])
    r = client.get("/letters/")
    assert r.status_code == 302 and r["Location"] == "/accounts/2fa/setup/"
    TOTPDevice.objects.bulk_create([TOTPDevice(user=user, name="app", confirmed=True, key="00" * 20)])
    r = client.get("/letters/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_what_is_read_with_the_user_is_what_each_question_reads_on_its_own():
    """The columns read with a user (accounts.backends) answer as the questions asked one by one,
    for a session's user and a token's, whatever gives the access: a role, a device confirmed or
    not, a policy, a grant or a named person (to the user or to a group of theirs)."""
    team, crew = Group.objects.create(name="team"), Group.objects.create(name="crew")
    document = Document.objects.first()
    person = Person(category=Person.Category.RETURNEE, name_romanised="Ri Sun-hee")
    person.save()
    users = [
        make_user("vera", VIEWER),
        make_user("none"),
        make_user("multi", PROTECTION_OFFICER, ADMIN, "team"),
        make_user("tina", ANALYST),
        make_user("uma", ANALYST),
        make_user("pol", VIEWER),
        make_user("nop", VIEWER),
        make_user("gus", VIEWER),
        make_user("grp", VIEWER, "team"),
        make_user("nan", ANALYST),
        make_user("nag", VIEWER, "crew"),
    ]
    by_name = {u.username: u for u in users}
    TOTPDevice.objects.create(user=by_name["tina"], name="app", confirmed=True)
    TOTPDevice.objects.create(user=by_name["uma"], name="app", confirmed=False)
    AccountPolicy.objects.create(user=by_name["pol"], require_2fa=True)
    AccountPolicy.objects.create(user=by_name["nop"], require_2fa=False)
    access.grant(document, user=by_name["gus"])
    access.grant(document, group=team)
    person.allowed_users.add(by_name["nan"])
    person.allowed_groups.add(crew)

    def answers(user) -> tuple:
        return (
            roles_of(user),
            service.has_totp(user),
            service.is_2fa_required(user),
            access.grants_of(user),
            named_access(user),
        )

    for user in users:
        alone = answers(get_user_model().objects.get(pk=user.pk))
        assert answers(UserAndAccessBackend().get_user(user.pk)) == alone, user.username
        assert answers(tokens.user_for(tokens.issue(user, "test")[1])) == alone, user.username
    assert answers(by_name["grp"])[3] and answers(by_name["nag"])[4]  # the groups' own did count
