"""Correcting a statement on a page (review state "edited"): the typed form of its kind
(refwatch.knowledge.forms) refuses a bad value beside its field and saves nothing; where it was
found (span, quote) is evidence and stays as it is. A correction that moves a statement of a
return to another incident says so and waits for the analyst to confirm."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from refwatch.actions import Actions, Refused
from refwatch.knowledge import forms
from refwatch.knowledge.models import Statement
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import redact
from refwatch.roles import ANALYST
from refwatch.web.views import refusal

# The values that place a return on its incident (refwatch.knowledge.merge.incident_for).
PLACING = ("date_start", "date_end", "origin", "destination", "aggregate")


def _locked(initial: dict[str, Any], user: Any, st: Statement) -> tuple[dict[str, Any], frozenset[str]]:
    """The values as this user may see them, and the fields holding a protected name: shown as its
    pseudonym to those who may not see it, such a field cannot be edited here, or saving would
    write the pseudonym over the name."""
    shown, locked = dict(initial), set()
    for name, value in initial.items():
        if isinstance(value, str) and value:
            seen = redact(value, user, st.document.text, about=st.document.confidential)
            if seen != value:
                shown[name], locked = seen, locked | {name}
    return shown, frozenset(locked)


def moves(st: Statement, corrections: dict[str, Any]) -> str:
    """What a correction does to the incident of a return, in words; "" when it stays."""
    if st.kind != Statement.Kind.REPATRIATION or st.incident_id is None:
        return ""
    values = st.values()
    if not any(name in corrections and corrections[name] != values.get(name) for name in PLACING):
        return ""
    new = {**values, **corrections}
    when = new.get("date_start") or "no date"
    if new.get("date_end") and new.get("date_end") != new.get("date_start"):
        when += f" to {new['date_end']}"
    return (
        f"This correction takes the statement off incident #{st.incident_id} "
        f"({values.get('date_start') or 'no date'}) and puts it on the incident of {when} "
        "(a new one if there is none)."
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    if not reader.may(ANALYST):
        raise PermissionDenied
    st = reader.statement(pk)
    if st is None:
        raise Http404("No such statement.")
    current = st.values()
    initial, locked = _locked(forms.initial_of(current, st.kind), request.user, st)
    error, move = "", ""
    if request.method == "POST":
        form = forms.StatementForm(
            forms.posted(request.POST, initial), kind=st.kind, locked=locked, initial=initial
        )
        if form.is_valid():
            corrections = {
                name: value
                for name, value in form.cleaned_values().items()
                if value != current.get(name) and not (value is None and current.get(name) in ("", None))
            }
            move = moves(st, corrections)
            if move and request.POST.get("confirm") != "move":
                pass  # shown with the form, which asks to confirm
            else:
                try:
                    Actions(request.user, request=request).correct(
                        st, corrections, note=request.POST.get("note", "")
                    )
                except Refused as refused:
                    if refused.kind != "invalid":
                        return refusal(refused)
                    error = refused.reason
                else:
                    return redirect(reverse("web:document", args=[st.document_id]) + f"#row-s{st.pk}")
    elif request.method == "GET":
        form = forms.StatementForm(kind=st.kind, locked=locked, initial=initial)
    else:
        return HttpResponse("Use GET or POST.", status=405, content_type="text/plain")
    return render(
        request,
        "web/statement_edit.html",
        {
            "st": st,
            "form": form,
            "locked": locked,
            "error": error,
            "move": move,
            "note": request.POST.get("note", ""),
            "quote": redact(st.quote, request.user, st.document.text, about=st.document.confidential),
        },
        status=400 if error or form.errors else 200,
    )
