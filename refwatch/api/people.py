"""The people's JSON API: the same rules as the pages (pseudonyms unless identified; reads audited).

Read through refwatch.protection.queries.PeopleReader, like the people pages; served at /api/people/.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from refwatch.accounts.tokens import BearerToken
from refwatch.api.api import RefwatchAPI
from refwatch.protection import audit
from refwatch.protection.models import Person
from refwatch.protection.queries import PeopleReader

router = Router(tags=["people"], auth=[BearerToken(), django_auth])


class EventOut(Schema):
    kind: str
    date: str
    place: str | None = None
    statements: list[int]


class PersonOut(Schema):
    number: int
    pseudonym: str
    category: str
    identified: bool
    name_korean: str | None = None
    name_romanised: str | None = None
    aliases: list[str] | None = None
    birth_year: int | None = None
    place_of_origin: str | None = None
    last_known_location: str | None = None
    events: list[EventOut] | None = None


def _out(person: Person, identified: bool, with_events: bool) -> PersonOut:
    out = PersonOut(
        number=person.number, pseudonym=person.pseudonym, category=person.category, identified=identified
    )
    if identified:
        out.name_korean, out.name_romanised = person.name_korean, person.name_romanised
        out.aliases, out.birth_year = person.aliases or [], person.birth_year
        out.place_of_origin, out.last_known_location = person.place_of_origin, person.last_known_location
    if with_events:
        out.events = [
            EventOut(
                kind=e.kind,
                date=e.date,
                place=e.place if identified else None,
                statements=[s.pk for s in e.statements.all()],
            )
            for e in person.events.prefetch_related("statements")
        ]
    return out


def _reader(request: HttpRequest) -> PeopleReader:
    reader = PeopleReader.for_user(request.user)
    if not reader.roles:
        raise PermissionDenied
    return reader


@router.get("/", response=list[PersonOut])
def list_people(request: HttpRequest) -> list[PersonOut]:
    reader = _reader(request)
    identified = reader.identifies_everyone
    people = list(reader.people()[:1000])
    if identified and people:
        audit.record(
            request.user, "read_person_list", None, request, persons=[p.pk for p in people], via="api"
        )
    return [_out(p, identified, with_events=False) for p in people]


@router.get("/{number}", response=PersonOut)
def get_person(request: HttpRequest, number: int) -> PersonOut:
    reader = _reader(request)
    person = reader.person(number)
    if person is None:
        raise Http404("No such person.")
    identified = reader.identifies(person)
    if identified:
        audit.record(request.user, "read_person", person, request, via="api")
    return _out(person, identified, with_events=True)


# RefwatchAPI: its calls answer for themselves (JSON 401) instead of the login redirect, so
# that a script with an API token reaches them.
api = RefwatchAPI(
    title="refwatch people", urls_namespace="people-api", docs_url=None, openapi_url="/openapi.json"
)
api.add_router("/", router)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> object:
    return api.create_response(request, {"detail": "forbidden"}, status=403)
