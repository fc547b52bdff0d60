"""A document's details as a person corrects them: title, type, date, publisher and address.

Extraction guesses them (a document without a date in its text is undated, of type "other",
titled by its first sentence); an analyst knows better. The type and the date are what
extraction reads the text by (a letter's layout; "last week" against the document's date), so a
change of either reads the document again (refwatch.knowledge.reextract): suggestions follow,
decided statements are marked outdated where the new reading differs, and a decided statement
whose date was read relative to the old date is flagged even when the new reading agrees (its
text may carry its own date, which extraction prefers).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django import forms as django_forms
from django.db import transaction

from refwatch.extract.model import DocType
from refwatch.knowledge import reextract
from refwatch.knowledge.forms import DATE_HELP, parse_iso, raw_iso
from refwatch.knowledge.models import Document, Statement

DOC_TYPES: tuple[str, ...] = typing.get_args(DocType)
# Details kept in the document's meta (as given at ingest with --meta or the upload form).
IN_META = ("publisher", "url")
# Details extraction reads the text by: a change reads the document again.
READ_BY = frozenset({"doc_type", "doc_date"})


class DocumentForm(django_forms.Form):
    title = django_forms.CharField(max_length=1000, strip=True)
    doc_type = django_forms.ChoiceField(label="Type", choices=[(t, t) for t in DOC_TYPES])
    doc_date = django_forms.CharField(
        label="Date",
        required=False,
        help_text=DATE_HELP,
        widget=django_forms.TextInput(attrs={"placeholder": DATE_HELP, "inputmode": "numeric"}),
    )
    publisher = django_forms.CharField(max_length=300, required=False, strip=True)
    url = django_forms.CharField(label="URL", max_length=2000, required=False, strip=True)

    def __init__(self, *args: Any, locked: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in locked:
            self.fields[name].disabled = True

    def clean_doc_date(self) -> str | None:
        raw = self.cleaned_data.get("doc_date") or ""
        if not raw:
            return None
        try:
            return raw_iso(parse_iso(raw))
        except ValueError as error:
            raise django_forms.ValidationError(str(error)) from None

    def clean_url(self) -> str:
        url = self.cleaned_data.get("url") or ""
        if url:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
                raise django_forms.ValidationError("An address starting http:// or https://, without spaces.")
        return url

    def changed_values(self) -> dict[str, Any]:
        return {n: v for n, v in self.cleaned_data.items() if not self.fields[n].disabled}


def details(document: Document) -> dict[str, Any]:
    """The details as the form shows them."""
    meta = document.meta or {}
    return {
        "title": document.title,
        "doc_type": document.doc_type,
        "doc_date": document.doc_date,
        **{name: meta.get(name) or "" for name in IN_META},
    }


@dataclass
class Edited:
    """What an edit changed (field → (before, after)), and what reading the document again did."""

    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    reread: reextract.Reextracted | None = None
    flagged: list[int] = field(default_factory=list)


def edit(document: Document, values: dict[str, Any]) -> Edited:
    """Put the checked `values` (DocumentForm.changed_values) on the document; read it again when
    its type or date changed."""
    before = details(document)
    changed = {
        n: (before.get(n), v)
        for n, v in values.items()
        if n in before and (before.get(n) or None) != (v or None)
    }
    done = Edited(changed)
    if not changed:
        return done
    with transaction.atomic():
        meta = dict(document.meta or {})
        for name, (_, value) in changed.items():
            if name in IN_META:
                if value:
                    meta[name] = value
                else:
                    meta.pop(name, None)
            elif name == "title":
                document.title = value
                meta["title"] = value
            elif name == "doc_type":
                document.doc_type = value
                meta["type"] = value  # and extraction reads the text as one, from now on
            elif name == "doc_date":
                document.doc_date = value
                meta["published"] = value
        document.meta = meta
        document.save(update_fields=["title", "doc_type", "doc_date", "meta"])
    if READ_BY & set(changed):
        from refwatch.extract import extract

        # Outside a transaction: extraction takes seconds (see store.add).
        extraction = extract(document.text or "", doc_date=document.doc_date, meta=document.meta)
        done.reread = reextract.reextract(document, extraction)
        if "doc_date" in changed:
            done.flagged = _flag_relative(document, changed["doc_date"], done.reread)
    return done


def _flag_relative(document: Document, dates: tuple[Any, Any], reread: reextract.Reextracted) -> list[int]:
    """Decided statements whose date was read against the document's old date, and that the new
    reading left as they were: flagged for a person, since their date may be wrong now."""
    flagged = []
    reason = f"The document's date changed from {dates[0] or 'none'} to {dates[1] or 'none'}: this date was read relative to it."
    for st in Statement.objects.filter(document=document).exclude(pk__in=reread.updated + reread.removed):
        if st.values().get("relative") and not st.outdated and reextract.decided(st):
            st.outdated = {"record": st.record, "version": st.extractor_version, "reason": reason}
            st.save(update_fields=["outdated"])
            flagged.append(st.pk)
    return flagged
