"""Correcting a document's details on a page: title, type, date, publisher and URL
(refwatch.knowledge.metadata), audited; a bad value is refused beside its field and nothing is
saved; a detail that shows this user a pseudonym cannot be edited here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from refwatch.actions import Actions, Refused
from refwatch.knowledge import metadata
from refwatch.knowledge.queries import Reader
from refwatch.protection.names import redact
from refwatch.roles import ANALYST
from refwatch.web.views import refusal


@require_http_methods(["GET", "POST"])
def edit_document(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    if not reader.may(ANALYST):
        raise PermissionDenied("Editing a document's details needs the analyst role.")
    doc = reader.document(pk)
    if doc is None:
        raise Http404("No such record.")
    actions = Actions(request.user, request=request)
    locked = actions.locked_details(doc)
    initial = {
        name: redact(value, request.user, doc.text, about=doc.confidential) if name in locked else value
        for name, value in metadata.details(doc).items()
    }
    error = ""
    if request.method == "POST":
        form = metadata.DocumentForm(request.POST, initial=initial, locked=locked)
        if form.is_valid():
            try:
                done = actions.edit_document(doc, form.changed_values())
            except Refused as refused:
                if refused.kind != "invalid":
                    return refusal(refused)
                error = refused.reason
            else:
                url = reverse("web:document", args=[doc.pk])
                return redirect(url + ("?edited=1" if done.changed else ""))
    else:
        form = metadata.DocumentForm(initial=initial, locked=locked)
    return render(
        request,
        "web/document_edit.html",
        {"doc": doc, "form": form, "locked": locked, "error": error},
        status=400 if error or form.errors else 200,
    )
