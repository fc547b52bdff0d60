"""Pages of people and of the audit log.

Protection officers (and users or groups a record names) see a person's fields, and each such
read is audited; every other role sees the pseudonym and what happened, never the identity.
"""

from __future__ import annotations

import json
from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from refwatch.knowledge.access import ADMIN, ANALYST, PROTECTION_OFFICER, has_role, roles_of
from refwatch.protection import audit
from refwatch.protection.consent import has_consent, record_consent, require_consent
from refwatch.protection.forms import (
    ConsentForm,
    EventForm,
    FamilyLinkForm,
    PersonForm,
    PhotoForm,
    ProtectSpanForm,
)
from refwatch.protection.models import AuditEntry, FamilyLink, Person, PersonEvent, Photo, Purpose
from refwatch.protection.names import note_source, protect_names, sees_identities


def _may_see(user: object, person: Person) -> bool:
    if sees_identities(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        person.allowed_users.filter(pk=user.pk).exists()  # type: ignore[attr-defined]
        or person.allowed_groups.filter(pk__in=user.groups.all()).exists()  # type: ignore[attr-defined]
    )


def _need_a_role(request: HttpRequest) -> None:
    if not roles_of(request.user):
        raise PermissionDenied


def person_list(request: HttpRequest) -> HttpResponse:
    _need_a_role(request)
    people = Person.objects.all()
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    identified = sees_identities(request.user)
    rows = []
    for person in page:
        rows.append(
            {"person": person, "name": (person.name_romanised or person.name_korean) if identified else None}
        )
    if identified and rows:
        audit.record(request.user, "read_person_list", None, request, persons=[r["person"].pk for r in rows])
    return render(
        request, "protection/person_list.html", {"rows": rows, "page": page, "identified": identified}
    )


def person_detail(request: HttpRequest, number: int) -> HttpResponse:
    _need_a_role(request)
    person = get_object_or_404(Person, number=number)
    identified = _may_see(request.user, person)
    if identified:
        audit.record(request.user, "read_person", person, request)
    events = list(person.events.prefetch_related("statements"))
    links = list(person.family_links.select_related("relative"))
    consents = {p.label: has_consent(person, p.value) for p in Purpose} if identified else {}
    return render(
        request,
        "protection/person_detail.html",
        {
            "person": person,
            "identified": identified,
            "officer": sees_identities(request.user),
            "events": events,
            "links": links,
            "consents": consents,
            "consent_form": ConsentForm(),
            "event_form": EventForm(),
            "link_form": FamilyLinkForm(),
            "photo_form": PhotoForm(),
        },
    )


def person_photo(request: HttpRequest, number: int, photo_id: int) -> HttpResponse:
    _need_a_role(request)
    person = get_object_or_404(Person, number=number)
    if not _may_see(request.user, person):
        raise PermissionDenied
    photo = get_object_or_404(Photo, pk=photo_id, person=person)
    audit.record(request.user, "download", photo, request, person=person.pk)
    response = HttpResponse(photo.data, content_type=photo.media_type)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = (
        f'attachment; filename="{person.pseudonym.replace(" ", "_")}-{photo.pk}"'
    )
    return response


def person_export(request: HttpRequest, number: int) -> HttpResponse:
    """A person's record as JSON, for a purpose the person consented to."""
    _need_a_role(request)
    person = get_object_or_404(Person, number=number)
    if not _may_see(request.user, person):
        raise PermissionDenied
    purpose = request.GET.get("purpose", "")
    if purpose not in Purpose.values:
        return HttpResponse(
            f"say the purpose: ?purpose= one of {', '.join(Purpose.values)}",
            status=400,
            content_type="text/plain",
        )
    require_consent(person, purpose)
    audit.record(request.user, "export", person, request, purpose=purpose)
    data = {
        "pseudonym": person.pseudonym,
        "category": person.category,
        "name_korean": person.name_korean,
        "name_romanised": person.name_romanised,
        "aliases": person.aliases or [],
        "birth_year": person.birth_year,
        "place_of_origin": person.place_of_origin,
        "last_known_location": person.last_known_location,
        "events": [{"kind": e.kind, "date": e.date, "place": e.place} for e in person.events.all()],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="{person.pseudonym.replace(" ", "_")}.json"'
    return response


def _date(value: str) -> datetime | None:
    try:
        return timezone.make_aware(datetime.fromisoformat(value)) if value else None
    except ValueError:
        return None


def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit log for admins, filtered by user, action, record type and dates."""
    if ADMIN not in roles_of(request.user):
        raise PermissionDenied
    qs = AuditEntry.objects.all()
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("actor", "action", "target_type", "target_id", "since", "until")
    }
    if f["actor"]:
        qs = qs.filter(actor=f["actor"])
    if f["action"]:
        qs = qs.filter(action=f["action"])
    if f["target_type"]:
        qs = qs.filter(target_type=f["target_type"])
    if f["target_id"]:
        qs = qs.filter(target_id=f["target_id"])
    if since := _date(f["since"]):
        qs = qs.filter(at__gte=since)
    if until := _date(f["until"]):
        qs = qs.filter(at__lte=until)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
    rows = [(e, json.dumps(e.detail, ensure_ascii=False, sort_keys=True)) for e in page]
    return render(
        request,
        "protection/audit_list.html",
        {"page": page, "rows": rows, "filters": f, "actions": sorted(set(actions))},
    )


def _officer_only(request: HttpRequest) -> None:
    if not sees_identities(request.user):
        raise PermissionDenied


def person_new(request: HttpRequest) -> HttpResponse:
    _officer_only(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = Person()
        form.apply(person)
        person.save()
        audit.record(request.user, "create_person", person, request)
        return redirect("protection:person_detail", number=person.number)
    return render(request, "protection/person_form.html", {"form": form, "person": None})


def person_edit(request: HttpRequest, number: int) -> HttpResponse:
    _officer_only(request)
    person = get_object_or_404(Person, number=number)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        changed = form.apply(person)
        if changed:
            person.save()
            # Which fields changed, never their values.
            audit.record(request.user, "change_person", person, request, fields=changed)
        return redirect("protection:person_detail", number=person.number)
    audit.record(request.user, "read_person", person, request, purpose="edit")
    return render(request, "protection/person_form.html", {"form": form, "person": person})


@require_POST
def person_consent(request: HttpRequest, number: int) -> HttpResponse:
    _officer_only(request)
    person = get_object_or_404(Person, number=number)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return HttpResponse("purpose and decision are required", status=400, content_type="text/plain")
    record_consent(
        person,
        form.cleaned_data["purpose"],
        form.cleaned_data["granted"],
        by=request.user,
        source=form.cleaned_data["source"],
        request=request,
    )
    return redirect("protection:person_detail", number=person.number)


@require_POST
def protect_span(request: HttpRequest) -> HttpResponse:
    """An analyst marks the characters of a document as a protected name."""
    if not has_role(request.user, ANALYST, PROTECTION_OFFICER):
        raise PermissionDenied
    form = ProtectSpanForm(request.POST)
    if not form.is_valid():
        return HttpResponse("document, start and end are required", status=400, content_type="text/plain")
    from refwatch.knowledge.access import visible
    from refwatch.knowledge.models import Document

    doc = get_object_or_404(visible(Document.objects.all(), request.user), pk=form.cleaned_data["document"])
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = (doc.text or "")[start:end].strip()
    if not name or end <= start or end - start > 200 or end > len(doc.text or ""):
        return HttpResponse(
            "the span is empty, too long or outside the text", status=400, content_type="text/plain"
        )
    people = protect_names([name])
    note_source(people, doc.pk)
    audit.record(request.user, "protect_span", people[0], request, document=doc.pk, start=start, end=end)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"pseudonym": people[0].pseudonym, "number": people[0].number})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("protection:person_detail", number=people[0].number)


def _change(request: HttpRequest, person: Person, what: str) -> HttpResponse:
    audit.record(request.user, "change_person", person, request, fields=[what])
    return redirect("protection:person_detail", number=person.number)


@require_POST
def person_add_event(request: HttpRequest, number: int) -> HttpResponse:
    _officer_only(request)
    person = get_object_or_404(Person, number=number)
    form = EventForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_errors(form), status=400, content_type="text/plain")
    event = PersonEvent(
        person=person,
        kind=form.cleaned_data["kind"],
        date=form.cleaned_data["date"] or "",
        place=form.cleaned_data["place"] or None,
    )
    event.save()
    event.statements.set(form.cleaned_data["statements"])
    return _change(request, person, "events")


@require_POST
def person_add_link(request: HttpRequest, number: int) -> HttpResponse:
    _officer_only(request)
    person = get_object_or_404(Person, number=number)
    form = FamilyLinkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_errors(form), status=400, content_type="text/plain")
    relative = Person.objects.filter(number=form.cleaned_data["relative"]).exclude(pk=person.pk).first()
    if relative is None:
        return HttpResponse("no other person with that number", status=400, content_type="text/plain")
    FamilyLink.objects.get_or_create(person=person, relative=relative, relation=form.cleaned_data["relation"])
    return _change(request, person, "family_links")


@require_POST
def person_add_photo(request: HttpRequest, number: int) -> HttpResponse:
    _officer_only(request)
    person = get_object_or_404(Person, number=number)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return HttpResponse(_errors(form), status=400, content_type="text/plain")
    data, media_type = form.cleaned_data["photo"]
    Photo(person=person, media_type=media_type, data=data).save()
    return _change(request, person, "photos")


def _errors(form: forms.Form) -> str:
    return "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
