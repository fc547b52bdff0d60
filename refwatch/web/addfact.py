"""Adding a fact from a selection of a document's text (refwatch.knowledge.additions).

Two steps on one URL: the span (start, end and, from the page's script, the quote it read) and a
kind are sent first, and the typed form of that kind comes back with the quote as the server reads
it; that form, sent with `save`, adds the statement. The first step is a plain form too (offsets
typed by hand), so nothing needs JavaScript. Only an analyst who sees the whole text may add from
it (Actions.may_add_from): a redacted page does not count characters as the stored text does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from refwatch.actions import Actions, Refused
from refwatch.knowledge import additions, forms
from refwatch.knowledge.queries import Reader
from refwatch.roles import ANALYST
from refwatch.web import selection
from refwatch.web.views import refusal


@require_http_methods(["GET", "POST"])
def add_fact(request: HttpRequest, pk: int) -> HttpResponse:
    reader = Reader.for_user(request.user)
    if not reader.may(ANALYST):
        raise PermissionDenied("Adding a fact needs the analyst role.")
    doc = reader.document(pk)
    if doc is None:
        raise Http404("No such record.")
    actions = Actions(request.user, request=request)
    try:
        actions.may_add_from(doc)
    except Refused as refused:
        return refusal(refused)
    data = request.POST if request.method == "POST" else request.GET
    choice = data.get("kind") or "repatriation"
    context: dict[str, Any] = {"doc": doc, "choices": selection.kind_choices(), "choice": choice, "error": ""}
    if choice not in additions.ADDABLE:
        context.update(error=f"“{choice}” is not a kind of statement that can be added.", field="kind")
        return render(request, "web/addfact.html", context, status=400)
    kind, label, preset = additions.ADDABLE[choice]
    quote = data.get("quote") or None  # the no-script form sends none: the server reads it
    try:
        start, end, quote = additions.check_span(doc, data.get("start"), data.get("end"), quote)
    except additions.AdditionError as error:
        context.update(error=str(error), field=error.field, start=data.get("start"), end=data.get("end"))
        return render(request, "web/addfact.html", context, status=400)
    letters = additions.letters_of(doc) if kind in additions.LETTER_PARTS else []
    context.update(start=start, end=end, quote=quote, kind=kind, label=label, letters=letters)
    context.update(letter=data.get("letter", ""), note=data.get("note", ""))
    if request.method == "POST" and data.get("save") == "1":
        form = forms.StatementForm(data, kind=kind)
        if form.is_valid():
            values = form.cleaned_values()
            missing = additions.missing_field(kind, values)
            if missing:
                form.add_error(missing[1], missing[0])
            else:
                try:
                    st = actions.add_statement(
                        doc,
                        kind,
                        start,
                        end,
                        quote,
                        values,
                        letter=data.get("letter"),
                        note=data.get("note", ""),
                    )
                except Refused as refused:
                    if refused.kind != "invalid":
                        return refusal(refused)
                    context["error"] = refused.reason
                else:
                    return redirect(reverse("web:document", args=[doc.pk]) + f"#row-s{st.pk}")
        context["form"] = form
        return render(request, "web/addfact.html", context, status=400)
    context["form"] = forms.StatementForm(kind=kind, initial=additions.defaults(kind, quote, preset))
    return render(request, "web/addfact.html", context)
