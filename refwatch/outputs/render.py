"""Rendering the outputs' models: HTML from Django templates that a user can copy and edit, PDF
from that HTML (WeasyPrint), DOCX (python-docx) with the same content, its citations as real Word
footnotes (refwatch.outputs.wordnotes: python-docx has no footnote API)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe
from docx import Document as Docx

from refwatch.knowledge.queries import Reader
from refwatch.outputs.brief import Brief, Line, make_brief
from refwatch.outputs.draft import MISSING, UNVERIFIED, Draft, Sentence, make_draft
from refwatch.outputs.export import Export
from refwatch.outputs.notes import Footnotes
from refwatch.outputs.wordnotes import WordFootnotes

TEMPLATES = Path(__file__).parent / "templates"


def engine(extra: Path | None = None) -> Engine:
    """Templates from `extra` first (a user's copies), then refwatch's own."""
    dirs = [str(extra)] if extra else []
    return Engine(dirs=[*dirs, str(TEMPLATES)], autoescape=True)


def render(name: str, context: dict[str, Any], *, templates: Path | None = None) -> SafeString:
    return mark_safe(engine(templates).get_template(name).render(Context(context)))


def brief_html(brief: Brief, *, base_url: str = "", page: bool = True) -> str:
    """The brief as an HTML fragment (for the site's page) or a whole document (`page`)."""
    body = render("outputs/brief_body.html", {"brief": brief, "base_url": base_url})
    if not page:
        return body
    return render("outputs/document.html", {"title": brief.title, "body": body})


def pdf(html: str) -> bytes:
    # Imported here, not at the top: WeasyPrint loads Pango through ctypes when imported, a cost
    # every command and page would pay for a PDF few ask for.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


# --- DOCX -------------------------------------------------------------------------------------


def _para(doc: Any, line: Line | str, notes: WordFootnotes, style: str | None = None) -> Any:
    text = line if isinstance(line, str) else line.text
    p = doc.add_paragraph(style=style)
    p.add_run(text)
    if isinstance(line, Line):
        notes.cite(p, line.notes)
        if not line.verified:
            p.add_run(" [unverified]").italic = True
        if line.detail:
            p.add_run(f" ({line.detail})").italic = True
    return p


def word_footnotes(doc: Any, notes: Footnotes, *, base_url: str = "") -> WordFootnotes:
    """Word footnotes for `notes` (refwatch.outputs.wordnotes): in full where a citation is first
    made, then short, each quoting its passage."""
    cited = dict(iter(notes))

    def full(n: int) -> str:
        c = cited[n]
        head = ", ".join(b for b in (c.publisher, f"“{c.title}”", c.date or "undated") if b)
        link = f", {base_url}{c.path}" if base_url else ""
        return f"{head}: “{c.quote}” ({c.where}{link})" + ("" if c.verified else " [unverified]")

    def short(n: int, first: int) -> str:
        c = cited[n]
        return f"{c.publisher or f'“{c.title}”'}, see note {first}: “{c.quote}”"

    return WordFootnotes(doc, full, short)


def docx_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def brief_docx(brief: Brief, *, base_url: str = "") -> bytes:
    doc = Docx()
    notes = word_footnotes(doc, brief.footnotes, base_url=base_url)
    doc.add_heading(brief.title, level=1)
    meta = doc.add_paragraph(f"Period: {brief.period}. Made {brief.made} from refwatch. ")
    meta.add_run(
        "Includes facts no person has verified yet, marked [unverified]."
        if brief.include_unverified
        else "Verified facts only (a person accepted at least one of their sources)."
    ).italic = True
    doc.add_heading("Forcible repatriations", level=2)
    for line in brief.incidents:
        _para(doc, line, notes, "List Bullet")
    if not brief.incidents:
        doc.add_paragraph("No incident in this period.")
    if brief.aggregates:
        doc.add_heading("Totals over periods, as sources give them", level=3)
        for line in brief.aggregates:
            _para(doc, line, notes, "List Bullet")
    if brief.totals:
        doc.add_heading("Returns per year", level=3)
        doc.add_paragraph(
            "Each incident counted once, from its most conservative figure up; figures of the same "
            "event are never added together."
        )
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Year", "Returned", "Incidents"), strict=True):
            cell.text = text
        for t in brief.totals:
            for cell, text in zip(table.add_row().cells, (t.year, t.text, str(t.incidents)), strict=True):
                cell.text = text
    if brief.figures:
        doc.add_heading("Other figures", level=2)
        for line in brief.figures:
            _para(doc, line, notes, "List Bullet")
    doc.add_heading("The law", level=2)
    if brief.status:
        doc.add_heading("The returning state's treaty status", level=3)
        for line in brief.status:
            _para(doc, line, notes, "List Bullet")
    if brief.law:
        doc.add_heading("Obligations engaged", level=3)
        for line in brief.law:
            _para(doc, line, notes, "List Bullet")
    doc.add_heading("Letters so far", level=2)
    for part in brief.letters:
        _para(doc, part.line, notes).runs[0].bold = True
        for label, lines in (("Asks", part.asks), ("Outcomes", part.outcomes)):
            if lines:
                doc.add_paragraph(f"{label}:")
                for line in lines:
                    _para(doc, line, notes, "List Bullet")
    if brief.commitments:
        doc.add_heading("Officials' commitments", level=2)
        for line in brief.commitments:
            _para(doc, line, notes, "List Bullet")
    return docx_bytes(doc)


FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def brief_bytes(brief: Brief, fmt: str, *, base_url: str = "") -> bytes:
    if fmt == "html":
        return brief_html(brief, base_url=base_url).encode("utf-8")
    if fmt == "pdf":
        return pdf(brief_html(brief, base_url=base_url))
    if fmt == "docx":
        return brief_docx(brief, base_url=base_url)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


def brief_export(
    reader: Reader,
    fmt: str,
    *,
    start: str | None = None,
    end: str | None = None,
    include_unverified: bool = False,
    base_url: str = "",
) -> Export:
    """The brief as a file, for Actions.export (which audits what it held)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    brief = make_brief(reader, start=start, end=end, include_unverified=include_unverified)
    suffix = f"-{start or 'start'}-{end or 'now'}" if start or end else ""
    return Export(
        brief_bytes(brief, fmt, base_url=base_url), FORMATS[fmt], f"refwatch-brief{suffix}.{fmt}", brief.held
    )


# --- letter drafts ------------------------------------------------------------------------------


def draft_markdown(draft: Draft, *, templates: Path | None = None) -> str:
    """The draft as Markdown with footnotes ([^n]), from letter.md (a user's copy first)."""
    text = str(render("outputs/letter.md", {"draft": draft}, templates=templates))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _sentences(p: Any, sentences: list[Sentence], notes: WordFootnotes) -> None:
    for s in sentences:
        if s.flag == MISSING:
            p.add_run(f"[MISSING: {s.text}] ").bold = True
            continue
        p.add_run(s.text)
        notes.cite(p, s.notes)
        if s.flag == UNVERIFIED:
            p.add_run(" [UNVERIFIED]").bold = True
        p.add_run(" ")


def draft_docx(draft: Draft) -> bytes:
    """The same draft as DOCX: the letter's parts in order, its citations as Word footnotes."""
    doc = Docx()
    notes = word_footnotes(doc, draft.footnotes)
    for line in ("Congress of the United States", "Washington, DC 20515"):
        doc.add_paragraph(line).alignment = 1  # centred, as the letterhead is
    doc.add_paragraph(draft.date)
    doc.add_paragraph("\n".join(draft.recipient))
    doc.add_paragraph(draft.salutation)
    facts = doc.add_paragraph(
        "We write to respectfully request that you act on the forcible repatriation of North Korean refugees. "
    )
    _sentences(facts, draft.facts, notes)
    law = doc.add_paragraph()
    _sentences(law, draft.law, notes)
    law.add_run(
        "The 1951 Convention and its 1967 Protocol bind their parties to non-refoulement: no refugee is "
        "to be returned to a country where they face persecution."
    )
    _sentences(doc.add_paragraph(), draft.history, notes)
    doc.add_paragraph("We therefore request that you:")
    for ask in draft.asks:
        _sentences(doc.add_paragraph(style="List Bullet"), [ask], notes)
    doc.add_paragraph("Thank you for your time and attention to this critical request.")
    doc.add_paragraph("Sincerely,")
    for signer in draft.signers:
        doc.add_paragraph(f"{signer.name}\n{signer.title}")
    if draft.warnings:
        doc.add_heading("Before sending", level=2)
        for w in draft.warnings:
            doc.add_paragraph(w, style="List Bullet")
    return docx_bytes(doc)


def draft_export(
    reader: Reader,
    fmt: str,
    *,
    to: str,
    signers: list[str],
    follow_up: int | None = None,
    templates: Path | None = None,
    keep: list[Draft] | None = None,
) -> Export:
    """A letter draft as a file, for Actions.export (which audits what it held); `keep` receives
    the draft (its warnings) for the caller."""
    draft = make_draft(reader, to=to, signers=signers, follow_up=follow_up)
    if keep is not None:
        keep.append(draft)
    if fmt == "docx":
        return Export(draft_docx(draft), FORMATS["docx"], "refwatch-draft.docx", draft.held)
    if fmt == "md":
        body = draft_markdown(draft, templates=templates).encode("utf-8")
        return Export(body, "text/markdown; charset=utf-8", "refwatch-draft.md", draft.held)
    raise ValueError(f"unknown format {fmt!r}: md or docx")
