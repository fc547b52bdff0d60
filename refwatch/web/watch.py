"""What is new since a user's last visit (/new/), and the watched sources (/watch/).

/new/ lists the facts found in the documents added since the user's previous visit, returns
first, each with its quote (redacted for this user) linking to its span in its document; then the
documents themselves. Read through the user's Reader: a confidential document they may not open
is not there at all. Looks less than REFWATCH_VISIT_GAP apart are one visit, so a reload shows
the same list (refwatch.knowledge.watch.visit).

/watch/ lists the sources polled for new documents and how their last poll went; admins add and
remove sources there (refwatch.actions, audited), and each source's page shows its poll log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from refwatch import watching
from refwatch.actions import Actions, Refused
from refwatch.knowledge import watch
from refwatch.knowledge.models import Statement, Visibility, WatchedSource
from refwatch.knowledge.queries import Reader
from refwatch.roles import ADMIN, ANALYST
from refwatch.web.redaction import Reader as RedactionReader
from refwatch.web.views import KIND_LABELS, fact_url, quote_html, refusal, span_url

MOST_FACTS = 200
MOST_DOCUMENTS = 100


@require_GET
def new(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    since = watch.visit(
        request.user,
        gap=settings.REFWATCH_VISIT_GAP,
        first_look=timedelta(days=settings.REFWATCH_NEW_FIRST_DAYS).total_seconds(),
    )
    statements = list(reader.new_facts(since)[: MOST_FACTS + 1])
    documents = list(reader.new_documents(since)[: MOST_DOCUMENTS + 1])
    return render(
        request,
        "web/new.html",
        {
            "since": since,
            "facts": [_fact(st, request.user) for st in statements[:MOST_FACTS]],
            "more_facts": len(statements) > MOST_FACTS,
            "documents": documents[:MOST_DOCUMENTS],
            "more_documents": len(documents) > MOST_DOCUMENTS,
            "returns": sum(1 for st in statements if st.kind == Statement.Kind.REPATRIATION),
        },
    )


def _fact(st: Statement, user: Any) -> dict[str, Any]:
    return {
        "st": st,
        "kind_label": KIND_LABELS.get(st.kind, st.kind),
        "is_return": st.kind == Statement.Kind.REPATRIATION,
        "quote": quote_html(st, user),
        "span_url": span_url(st),
        "fact_url": fact_url(st),
        "reader": RedactionReader(user, st.document.text, st.document.confidential),
    }


class SourceForm(forms.Form):
    url = forms.CharField(label="Address", max_length=2000, strip=True)
    name = forms.CharField(label="Source name", max_length=300, required=False, strip=True)
    kind = forms.ChoiceField(
        choices=[("feed", "RSS or Atom feed"), ("page", "listing page (its links are the items)")]
    )
    every = forms.CharField(label="Every", initial="1h", max_length=10, help_text="30m, 1h, 6h, 1d…")
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.INTERNAL)

    def clean_every(self) -> int:
        try:
            return watch.parse_every(self.cleaned_data.get("every") or "")
        except watch.WatchError as error:
            raise forms.ValidationError(str(error)) from None


def _sources_page(request: HttpRequest, reader: Reader, form: SourceForm, error: str = "") -> HttpResponse:
    return render(
        request,
        "web/watch.html",
        {
            "sources": [{"s": s, "every": watch.say_every(s.every)} for s in reader.watched_sources()],
            "retries": reader.watch_retries(),
            "workers": reader.workers(),
            "can_edit": reader.may(ADMIN),
            "form": form,
            "error": error,
        },
        status=400 if error or form.errors else 200,
    )


def _analyst(request: HttpRequest) -> Reader:
    reader = Reader.for_user(request.user)
    if not reader.may(ANALYST):
        raise PermissionDenied("The watched sources are shown to analysts and admins.")
    return reader


@require_GET
def sources(request: HttpRequest) -> HttpResponse:
    reader = _analyst(request)
    return _sources_page(request, reader, SourceForm())


@require_http_methods(["POST"])
def add_source(request: HttpRequest) -> HttpResponse:
    reader = _analyst(request)
    if not reader.may(ADMIN):
        raise PermissionDenied("Adding a watched source needs the admin role.")
    form = SourceForm(request.POST)
    if not form.is_valid():
        return _sources_page(request, reader, form)
    data = form.cleaned_data
    try:
        source = Actions(request.user, request=request).watch(
            data["url"],
            name=data["name"],
            kind=data["kind"],
            every=data["every"],
            visibility=data["visibility"],
        )
    except Refused as refused:
        if refused.kind != "invalid":
            return refusal(refused)
        return _sources_page(request, reader, form, refused.reason)
    watching.enqueue(source)
    return redirect("web:watch")


@require_POST
def remove_source(request: HttpRequest, pk: int) -> HttpResponse:
    reader = _analyst(request)
    source = reader.watched_source(pk)
    if source is None:
        raise Http404("No such source.")
    try:
        Actions(request.user, request=request).unwatch(source.url)
    except Refused as refused:
        return refusal(refused)
    return redirect("web:watch")


@require_GET
def source(request: HttpRequest, pk: int) -> HttpResponse:
    reader = _analyst(request)
    found: WatchedSource | None = reader.watched_source(pk)
    if found is None:
        raise Http404("No such source.")
    return render(
        request,
        "web/watch_source.html",
        {"s": found, "every": watch.say_every(found.every), "polls": reader.watch_polls(found)},
    )
