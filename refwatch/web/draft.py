"""The letter draft page: recipient, signers and the letter it follows up chosen from the record,
the draft shown with its footnotes and warnings, and the same draft as Markdown or DOCX
(refwatch.outputs.draft)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from refwatch.actions import Actions
from refwatch.knowledge.queries import Reader
from refwatch.outputs.draft import PRINTABLE_NAME, Draft, make_draft
from refwatch.outputs.evidence import Evidence
from refwatch.outputs.render import draft_export, draft_markdown
from refwatch.web.exports import download

FORMATS = ("md", "docx")
MAX_FIELD = 200  # characters of a name or a bioguide list: anything longer is not one


@require_GET
def draft(request: HttpRequest) -> HttpResponse:
    reader = Reader.for_user(request.user)
    letters = Evidence(reader).letters()
    # What the reader may see of the record is what the form offers: its recipients, its signers
    # who are in the roster, and its letters to follow up.
    recipients = sorted({p.name for ltr in letters for p in ltr.recipients if p.name})
    signers = sorted(
        {(p.bioguide, p.name) for ltr in letters for p in ltr.senders if p.bioguide}, key=lambda s: s[1]
    )
    to = request.GET.get("to", "").strip()[:MAX_FIELD]
    chosen = [b for b in request.GET.getlist("signer") if b][:100]
    errors: list[str] = []
    follow_up: int | None = None
    raw_follow = request.GET.get("follow_up", "")
    if raw_follow:
        if raw_follow.isdigit() and any(ltr.id == int(raw_follow) for ltr in letters):
            follow_up = int(raw_follow)
        else:
            errors.append("The letter to follow up is not one of the letters you may see.")
    fmt = request.GET.get("format", "")
    if fmt and fmt not in FORMATS:
        errors.append("A draft is given as Markdown (md) or Word (docx).")
    context: dict[str, object] = {
        "recipients": recipients,
        "signers": signers,
        "letters": letters,
        "to": to,
        "chosen": chosen,
        "follow_up": follow_up,
        "errors": errors,
    }
    if not re.match(PRINTABLE_NAME, to):
        errors.append("The recipient's name holds control characters, which a letter cannot print.")
    if "to" in request.GET and not to:
        errors.append("Name the recipient, as letters name them (“Marco Rubio”).")
    if errors or not to:
        return render(request, "web/draft.html", context, status=400 if errors else 200)
    if fmt:
        out = Actions(request.user, request=request).export(
            "draft",
            fmt,
            lambda r: draft_export(r, fmt, to=to, signers=chosen, follow_up=follow_up),
        )
        return download(out)
    made: Draft = make_draft(reader, to=to, signers=chosen, follow_up=follow_up)
    query = request.GET.copy()
    query.pop("format", None)
    context.update(draft=made, markdown=draft_markdown(made), query=query.urlencode())
    return render(request, "web/draft.html", context)
