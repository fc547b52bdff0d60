"""Build test documents at test time from a text: PDF, two-column PDF, scanned PDF, DOCX, HTML.

Nothing here is stored in the repository as a binary: every test file is made from a text,
so a test can say exactly what the document holds. Used by the ingest tests and by the tests
of the layers above (store, pages) that need real files of each kind.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

# The core PDF fonts only encode Latin-1; these are the characters letters use outside it.
_LATIN1_SUBSTITUTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
    }
)

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype", "/usr/share/fonts")


def latin1(text: str) -> str:
    """`text` with every character a core PDF font can't encode replaced."""
    text = text.translate(_LATIN1_SUBSTITUTES)
    return text.encode("latin-1", "replace").decode("latin-1")


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of `text`, stripped: each is a paragraph (or a line of an address)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _fpdf():  # fpdf2 is a dev dependency, imported late
    from fpdf import FPDF

    pdf = FPDF(format="letter", unit="pt")
    pdf.set_margins(72, 72, 72)
    pdf.set_auto_page_break(True, margin=72)
    pdf.set_font("Helvetica", size=11)
    pdf.set_creation_date(dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    pdf.add_page()
    return pdf


def _write_text(pdf, text: str) -> None:
    """Each line of `text` as a wrapped paragraph; a blank line as vertical space."""
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 14, latin1(line.strip()), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(8)


def text_pdf(text: str, password: str | None = None) -> bytes:
    """A PDF with a text layer (Helvetica, US letter) holding `text`, wrapped to the page.

    `password`, when given, encrypts it: it opens only with that password.
    """
    pdf = _fpdf()
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    _write_text(pdf, text)
    return bytes(pdf.output())


def two_column_pdf(pairs: Sequence[tuple[str, str]], text: str = "") -> bytes:
    """A PDF whose signature block sets (name, title) pairs two by two in two columns.

    The content stream draws row by row (left name, right name, left title, right title), as word
    processors do, so a reader that follows the stream reads the two signers' lines interleaved.
    `text`, when given, comes first (the body of the letter).
    """
    pdf = _fpdf()
    _write_text(pdf, text)
    pdf.ln(20)
    left, right = 72, 324
    for i in range(0, len(pairs), 2):
        row = pairs[i : i + 2]
        if pdf.get_y() > pdf.h - 140:
            pdf.add_page()
        for line in range(2):
            y = pdf.get_y()
            for (name, title), x in zip(row, (left, right), strict=False):
                pdf.set_xy(x, y)
                pdf.cell(220, 14, latin1(name if line == 0 else title))
            pdf.set_y(y + 14)
        pdf.ln(28)
    return bytes(pdf.output())


def system_font(size: int):  # a Pillow font
    """DejaVu Sans (or any TrueType font of the system) at `size` px; Pillow's own font otherwise."""
    from PIL import ImageFont

    for folder in _FONT_DIRS:
        root = Path(folder)
        if not root.is_dir():
            continue
        found = sorted(root.rglob("DejaVuSans.ttf")) or sorted(root.rglob("*.ttf"))
        if found:
            return ImageFont.truetype(str(found[0]), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow before 10.1 has only its small bitmap font
        return ImageFont.load_default()


def _wrap(line: str, font, width: float) -> list[str]:
    words, out, current = line.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            out.append(current)
            current = word
        else:
            current = candidate
    if current:
        out.append(current)
    return out


def page_images(text: str, dpi: int = 150, font_pt: float = 11.0) -> list:
    """`text` set on US-letter pages as grey-scale images (one per page), as a scanner would give.

    A line with a tab is set in two columns, the part after the tab from the middle of the page
    (a signature block: "Name\tName", then "Title\tTitle").
    """
    from PIL import Image, ImageDraw

    width, height = int(8.5 * dpi), int(11 * dpi)
    margin = dpi  # one inch
    font = system_font(round(font_pt * dpi / 72))
    line_height = round(font_pt * 1.45 * dpi / 72)
    lines: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            lines.append(line)
        else:
            lines.extend(_wrap(line, font, width - 2 * margin) if line.strip() else [""])
    pages, y, image, draw = [], margin, None, None
    for line in lines:
        if image is None or y + line_height > height - margin:
            image = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(image)
            pages.append(image)
            y = margin
        left, _, right = line.partition("\t")
        if left:
            draw.text((margin, y), left, font=font, fill=0)
        if right:
            draw.text((width // 2, y), right, font=font, fill=0)
        y += line_height if line else line_height // 2
    return pages or [Image.new("L", (width, height), 255)]


def scanned_pdf(text: str, dpi: int = 150, pages: int | None = None) -> bytes:
    """An image-only PDF (no text layer) of `text`, one scanned image per page.

    `pages`, when given, repeats the first page image to make that many pages (for size tests).
    """
    images = page_images(text, dpi)
    if pages is not None:
        images = [images[0]] * pages
    buf = io.BytesIO()
    images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buf.getvalue()


def docx(
    text: str,
    *,
    title: str | None = None,
    created: dt.datetime | None = None,
    table: Sequence[Sequence[str]] = (),
    header: str = "",
) -> bytes:
    """A DOCX with each non-blank line of `text` as a paragraph, then `table` (rows of cells).

    A cell's text may hold newlines: each line becomes a paragraph of the cell (a signature block
    is often a table of "Name\\nTitle" cells). `header`, when given, is the pages' header, where
    letterheads often are.
    """
    from docx import Document

    document = Document()
    for para in paragraphs(text):
        document.add_paragraph(para)
    if table:
        columns = max(len(row) for row in table)
        grid = document.add_table(rows=len(table), cols=columns)
        for r, row in enumerate(table):
            for c, cell_text in enumerate(row):
                cell = grid.cell(r, c)
                lines = cell_text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    if header:
        head = document.sections[0].header
        head.is_linked_to_previous = False
        lines = header.split("\n")
        head.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            head.add_paragraph(line)
    props = document.core_properties
    props.title = title or ""
    props.created = created or dt.datetime(2025, 1, 2, 9, 0)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def html(text: str, title: str, date: str | None = None) -> bytes:
    """A news-site article page: `text` (one <p> per non-blank line) inside nav, aside and footer."""
    esc = html_lib.escape
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in paragraphs(text))
    meta = f'<meta property="article:published_time" content="{esc(date)}">' if date else ""
    time = f'<time datetime="{esc(date)}">{esc(date)}</time>' if date else ""
    menu = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ("Home", "News", "About", "Donate"))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(title)} | Example Newsroom</title>
  <meta property="og:title" content="{esc(title)}">
  {meta}
</head>
<body>
  <nav><ul>{menu}</ul></nav>
  <header><div class="logo">Example Newsroom</div><form><input name="q" placeholder="Search"></form></header>
  <main>
    <article>
      <h1>{esc(title)}</h1>
      <div class="byline">Press office {time}</div>
{body}
    </article>
    <aside><h2>Related</h2><ul><li><a href="/a">Other news of the week</a></li></ul></aside>
  </main>
  <footer><p>Copyright 2025 Example Newsroom. All rights reserved.</p>
    <ul><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact us</a></li></ul></footer>
</body>
</html>
"""
    return page.encode("utf-8")


def zip_bomb(member: str = "word/document.xml", size: int = 64 * 1024 * 1024) -> bytes:
    """A zip (with the name a DOCX holds) whose one member inflates to `size` bytes of zeros.

    Compressed in chunks so that building it never holds the inflated bytes in memory.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open(member, "w", force_zip64=True) as out:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                out.write(chunk)
    return buf.getvalue()


def signature_pairs(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(name, title) pairs from a signature block with one name and one title per line."""
    items = [line.strip() for line in lines if line.strip()]
    return list(zip(items[0::2], items[1::2], strict=False))


__all__ = [
    "docx",
    "html",
    "latin1",
    "page_images",
    "scanned_pdf",
    "signature_pairs",
    "text_pdf",
    "two_column_pdf",
    "zip_bomb",
]
