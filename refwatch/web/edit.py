"""Correcting a statement on a page (review state "edited"): the fields of what the extractor
read, each typed as it came; where it was found (span, quote) is evidence and stays as it is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from refwatch.knowledge.access import ANALYST, has_role, visible
from refwatch.knowledge.models import Review, Statement
from refwatch.knowledge.review import ReviewError
from refwatch.knowledge.review import review as review_statement
from refwatch.protection import audit
from refwatch.protection.names import redact

# Where and how a statement was found: evidence, not something an analyst corrects.
PROVENANCE = frozenset({"start", "end", "quote", "confidence", "extractor", "mark_start", "mark_end"})


def _editable(st: Statement) -> dict[str, Any]:
    return {
        k: v
        for k, v in st.values().items()
        if k not in PROVENANCE
        and not k.endswith("_span")
        and (v is None or isinstance(v, str | int | float | bool))
    }


def _typed(name: str, raw: str, old: Any) -> Any:
    raw = raw.strip()
    if isinstance(old, bool):
        if raw.lower() not in ("true", "false"):
            raise ValueError(f"{name}: write true or false")
        return raw.lower() == "true"
    if raw == "":
        return None
    if isinstance(old, int):
        try:
            return int(raw.replace(",", ""))
        except ValueError:
            raise ValueError(f"{name}: {raw!r} is not a whole number") from None
    if isinstance(old, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{name}: {raw!r} is not a number") from None
    if old is None and raw.lstrip("-").isdigit():
        return int(raw)
    return raw


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, ANALYST):
        raise PermissionDenied
    st = get_object_or_404(visible(Statement.objects.select_related("document"), request.user), pk=pk)
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
                new = _typed(row["name"], request.POST[row["name"]], fields[row["name"]])
                if new != fields[row["name"]]:
                    corrections[row["name"]] = new
            if not corrections:
                raise ValueError("nothing was changed")
            previous = st.review
            review_statement(
                st,
                Review.EDITED,
                by=request.user,
                corrections=corrections,
                note=request.POST.get("note", "")[:2000],
            )
        except (ValueError, ReviewError) as err:
            error = str(err)
        else:
            audit.record(
                request.user,
                "review",
                st,
                request,
                review=Review.EDITED,
                previous=previous,
                corrected=sorted(corrections),
            )
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
