"""The claim check page: a draft pasted or uploaded, each of its figures and dates marked in place
as supported, conflicting, outdated or unsupported, with the sources (refwatch.outputs.check)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from refwatch.ingest import IngestError, read
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.store import limits_from_settings
from refwatch.outputs.check import check as check_draft
from refwatch.outputs.evidence import Evidence

MAX_PASTED = 200_000  # characters: a draft, not a library (as outputs.check.MAX_DRAFT)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"verified_only": request.POST.get("verified_only") == "on"}
    if request.method == "POST":
        text = request.POST.get("text", "")
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                limits = limits_from_settings()
                text = read(upload.read(limits.max_bytes + 1), upload.name or "", limits=limits).text
            if len(text) > MAX_PASTED:
                raise IngestError(f"the draft is longer than {MAX_PASTED:,} characters")
            if not text.strip():
                raise IngestError("paste a draft or choose its file (text, Markdown, DOCX or PDF)")
        except IngestError as error:
            context["error"] = str(error)
            return render(request, "web/check.html", context, status=400)
        evidence = Evidence(Reader.for_user(request.user))
        try:
            context["result"] = check_draft(evidence, text, verified_only=bool(context["verified_only"]))
        except ValueError as refused:  # too long, or text extraction cannot read
            context["error"] = str(refused)
            return render(request, "web/check.html", context, status=400)
        context["text"] = text
    return render(request, "web/check.html", context)
