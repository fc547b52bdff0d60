"""Rendering the outputs' models: HTML from Django templates that a user can copy and edit, PDF
from that HTML (WeasyPrint), DOCX (python-docx) with the same content and footnotes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe
from docx import Document as Docx
from docx.shared import Pt

from refwatch.knowledge.queries import Reader
from refwatch.outputs.brief import Brief, Line, make_brief
from refwatch.outputs.export import Export
from refwatch.outputs.notes import Footnotes

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


def _para(doc: Any, line: Line | str, style: str | None = None) -> Any:
    text = line if isinstance(line, str) else line.text
    p = doc.add_paragraph(style=style)
    p.add_run(text)
    if isinstance(line, Line):
        for n in line.notes:
            run = p.add_run(str(n) if n == line.notes[0] else f",{n}")
            run.font.superscript = True
        if not line.verified:
            p.add_run(" [unverified]").italic = True
        if line.detail:
            p.add_run(f" ({line.detail})").italic = True
    return p


def add_footnotes(doc: Any, notes: Footnotes, *, base_url: str = "") -> None:
    doc.add_heading("Sources", level=2)
    for n, c in notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        head = ", ".join(b for b in (c.publisher, f"“{c.title}”", c.date or "undated") if b)
        run = p.add_run(f"{n}. {head}: “{c.quote}” ({c.where}")
        run.font.size = Pt(9)
        tail = p.add_run(
            (f", {base_url}{c.path}" if base_url else "") + ")" + ("" if c.verified else " [unverified]")
        )
        tail.font.size = Pt(9)


def docx_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def brief_docx(brief: Brief, *, base_url: str = "") -> bytes:
    doc = Docx()
    doc.add_heading(brief.title, level=1)
    meta = doc.add_paragraph(f"Period: {brief.period}. Made {brief.made} from refwatch. ")
    meta.add_run(
        "Includes facts no person has verified yet, marked [unverified]."
        if brief.include_unverified
        else "Verified facts only (a person accepted at least one of their sources)."
    ).italic = True
    doc.add_heading("Forcible repatriations", level=2)
    for line in brief.incidents:
        _para(doc, line, "List Bullet")
    if not brief.incidents:
        doc.add_paragraph("No incident in this period.")
    if brief.aggregates:
        doc.add_heading("Totals over periods, as sources give them", level=3)
        for line in brief.aggregates:
            _para(doc, line, "List Bullet")
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
            _para(doc, line, "List Bullet")
    doc.add_heading("The law", level=2)
    if brief.status:
        doc.add_heading("The returning state's treaty status", level=3)
        for line in brief.status:
            _para(doc, line, "List Bullet")
    if brief.law:
        doc.add_heading("Obligations engaged", level=3)
        for line in brief.law:
            _para(doc, line, "List Bullet")
    doc.add_heading("Letters so far", level=2)
    for part in brief.letters:
        _para(doc, part.line).runs[0].bold = True
        for label, lines in (("Asks", part.asks), ("Outcomes", part.outcomes)):
            if lines:
                doc.add_paragraph(f"{label}:")
                for line in lines:
                    _para(doc, line, "List Bullet")
    if brief.commitments:
        doc.add_heading("Officials' commitments", level=2)
        for line in brief.commitments:
            _para(doc, line, "List Bullet")
    add_footnotes(doc, brief.footnotes, base_url=base_url)
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
