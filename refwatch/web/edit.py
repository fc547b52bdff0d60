"""Correcting a statement on a page (review state "edited"): the fields of what the extractor
read, each read as the type its kind gives it (refwatch.knowledge.kinds); where it was found
(span, quote) is evidence and stays as it is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from refwatch.actions import Actions, Refused
from refwatch.knowledge import kinds
from refwatch.knowledge.models import Statement
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import redact
from refwatch.roles import ANALYST
from refwatch.web.views import refusal


def _editable(st: Statement) -> dict[str, Any]:
    """The fields of the statement's kind that a form can hold (one value each), as they are now."""
    values = st.values()
    return {
        name: values.get(name)
        for name in kinds.correctable(st.kind)
        if name in values and (values[name] is None or isinstance(values[name], str | int | float | bool))
    }


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    if not reader.may(ANALYST):
        raise PermissionDenied
    st = reader.statement(pk)
    if st is None:
        raise Http404("No such statement.")
    fields = _editable(st)
    # A value holding a protected name is shown as its pseudonym to those who may not see the
    # name; such a value cannot be edited here, or saving would write the pseudonym over it.
    rows = []
    for name, value in fields.items():
        text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        shown = redact(text, request.user, st.document.text, about=st.document.confidential)
        rows.append(
            {
                "name": name,
                "label": name.replace("_", " ").capitalize(),
                "value": shown,
                "locked": shown != text,
            }
        )
    error = ""
    if request.method == "POST":
        corrections: dict[str, Any] = {}
        try:
            for row in rows:
                if row["locked"] or row["name"] not in request.POST:
                    continue
                new = kinds.parse(st.kind, row["name"], request.POST[row["name"]])
                if new != fields[row["name"]]:
                    corrections[row["name"]] = new
            Actions(request.user, request=request).correct(st, corrections, note=request.POST.get("note", ""))
        except ValueError as err:
            error = str(err)
        except Refused as refused:
            if refused.kind != "invalid":
                return refusal(refused)
            error = refused.reason
        else:
            return redirect(reverse("web:document", args=[st.document_id]) + f"#row-s{st.pk}")
        for row in rows:
            if not row["locked"] and row["name"] in request.POST:
                row["value"] = request.POST[row["name"]]
    elif request.method != "GET":
        return HttpResponse("Use GET or POST.", status=405, content_type="text/plain")
    return render(
        request,
        "web/statement_edit.html",
        {
            "st": st,
            "rows": rows,
            "error": error,
            "quote": redact(st.quote, request.user, st.document.text, about=st.document.confidential),
        },
        status=400 if error else 200,
    )
