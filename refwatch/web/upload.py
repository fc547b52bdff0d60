"""Adding documents from the browser: each file handed to the background, and its progress shown.

The request only keeps the files and queues them (refwatch.actions.Actions.submit) and answers
at once; a worker (`refwatch worker`, or the thread `refwatch serve` starts) reads each in a child
process within limits and adds it through the same ingest as `refwatch ingest`, one transaction a
file: a file that is refused stores nothing and the others still go in. The page then shows each
file's state (queued, processing, added with its link, skipped, refused with the reason), asking
again every second (htmx) until every file is settled; /documents/uploads lists them all.
"""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from refwatch.actions import Actions, Refused
from refwatch.knowledge.models import Upload, Visibility
from refwatch.roles import ANALYST

log = logging.getLogger(__name__)

DOC_TYPES = [
    ("", "read it from the text"),
    *((t, t) for t in ("letter", "news", "report", "statement", "other")),
]


class MemoryOnlyUpload(FileUploadHandler):
    """Every uploaded file kept in memory, up to REFWATCH_MAX_FILE_BYTES; never written to disk.

    Django's default handlers write a file over 2.5 MB to the system's temporary folder, in clear,
    for the length of the request: a confidential file must not touch disk before it is sealed.
    Past the limit the bytes are dropped as they come and the file is handed on empty with its
    real size, which the ingest action (refwatch.actions) refuses with the limit in its message.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.size <= settings.REFWATCH_MAX_FILE_BYTES:
            self.buffer.write(raw_data)
        elif self.buffer.tell():
            self.buffer = io.BytesIO()  # over the limit: nothing of it is kept
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented recipe: FileField takes one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by ingest, with the same message as on the command line.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(d, initial) for d in data]
        return [one(data or None, initial)]  # none given: the field's "required" error


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="Letters, reports, news: PDF (scanned ones are read with OCR), DOCX, HTML, text or Markdown.",
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        help_text="Confidential: names found in it become protected persons; only protection "
        "officers, and you, see it.",
    )
    published = forms.DateField(
        required=False,
        label="Published on",
        help_text="When the text gives no date; dates such as “last week” are read against it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    doc_type = forms.ChoiceField(choices=DOC_TYPES, required=False, label="Type")
    title = forms.CharField(required=False, max_length=500, help_text="Applies when one file is added.")


def upload(request: HttpRequest) -> HttpResponse:
    actions = Actions(request.user, request=request, via="upload")
    if not actions.reader.may(ANALYST):
        raise PermissionDenied
    outcomes: list[Upload] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            cleaned = form.cleaned_data
            meta = _meta(cleaned, len(cleaned["files"]) == 1)
            try:
                outcomes = [
                    actions.submit(
                        f,
                        f.name or "upload",
                        visibility=cleaned["visibility"],
                        meta=meta,
                        size=f.size,
                    )
                    for f in cleaned["files"]
                ]
            except Refused as error:
                return HttpResponse(error.reason, status=error.status, content_type="text/plain")
            form = UploadForm(initial={"visibility": form.cleaned_data["visibility"]})
    elif request.method == "GET":
        form = UploadForm()
    else:
        return HttpResponse("Use GET or POST.", status=405, content_type="text/plain")
    return render(
        request,
        "web/upload.html",
        {
            "form": form,
            "outcomes": outcomes,
            "poll": _poll_url(outcomes),
            "max_mb": settings.REFWATCH_MAX_FILE_BYTES // (1024 * 1024),
        },
    )


def uploads(request: HttpRequest) -> HttpResponse:
    """The files this user handed in and what became of each; `?ids=1,2` only those (the table
    the upload page asks for again while some are waiting)."""
    actions = Actions(request.user, request=request, via="upload")
    if not actions.reader.may(ANALYST):
        raise PermissionDenied
    ids = _ids(request.GET.get("ids", ""))
    found = list(actions.reader.uploads(ids)[:200])
    template = "web/_uploads.html" if ids is not None else "web/uploads.html"
    return render(request, template, {"outcomes": found, "poll": _poll_url(found)})


def _ids(raw: str) -> list[int] | None:
    if not raw:
        return None
    return [int(part) for part in raw.split(",")[:200] if part.strip().isdigit()]


def _poll_url(outcomes: list[Upload]) -> str:
    """Where the table asks again while a file waits; empty once every one is settled."""
    if not any(o.waiting for o in outcomes):
        return ""
    return f"{reverse('web:uploads')}?ids={','.join(str(o.pk) for o in outcomes)}"


def _meta(cleaned: dict[str, Any], single: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    published: date | None = cleaned.get("published")
    if published:
        meta["published"] = published.isoformat()
    if cleaned.get("doc_type"):
        meta["type"] = cleaned["doc_type"]
    if single and cleaned.get("title"):
        meta["title"] = cleaned["title"].strip()
    return meta
