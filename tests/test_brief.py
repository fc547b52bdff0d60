"""The evidence brief of the seed record in its three formats, read back: each figure with its
footnote (publisher or title, date, the quoted passage, where it stands)."""

from __future__ import annotations

import re

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge.models import Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.outputs.brief import make_brief
from refwatch.outputs.render import brief_bytes, brief_html
from refwatch.protection.models import AuditEntry
from tests import wordxml

pytestmark = pytest.mark.django_db

# The claims a brief of the seed record must carry, and words of the passage each is cited to.
FIGURES = {
    "9 Oct 2023: 600": "600 North Korean refugees on October 9, 2023",
    "April 2024: ~200": "approximately 200 North Korean refugees in April 2024",
    "~30,000 children": "Approximately 30,000 children were born",
}


def flat(text: str) -> str:
    return " ".join(text.split())


def check_text(text: str) -> None:
    text = flat(text)
    sources = text[text.rindex("Sources") :]
    for claim, passage in FIGURES.items():
        assert claim in text, claim
        assert passage in sources, passage
    # Every footnote says where its passage stands, and that it is not verified yet.
    assert "characters" in sources and "[unverified]" in sources


def test_the_brief_in_three_formats_holds_each_figure_with_its_footnote(seed_letters):
    brief = make_brief(Reader.system(), include_unverified=True)
    assert len(brief.footnotes) >= 5
    html = brief_bytes(brief, "html").decode()
    check_text(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'"))
    # The 600 is footnoted to both letters: two notes, each quoting its letter.
    six = next(line for line in brief.incidents if "600" in line.text)
    assert len(six.notes) == 2
    notes = dict(iter(brief.footnotes))
    assert {notes[n].document_id for n in six.notes} == {r.document.pk for r in seed_letters}

    pdf = pypdfium2.PdfDocument(brief_bytes(brief, "pdf"))
    check_text(" ".join(page.get_textpage().get_text_range() for page in pdf))

    # The DOCX's sources are Word footnotes (tests/test_word_footnotes.py checks each one).
    word = wordxml.read(brief_bytes(brief, "docx"))
    check_text(word.body + " Sources " + " ".join(t for i, t in word.footnotes.items() if i > 0))


def test_totals_per_year_start_from_the_most_conservative_figure(seed_letters):
    brief = make_brief(Reader.system(), include_unverified=True)
    totals = {t.year: t for t in brief.totals}
    assert totals["2023"].low == 600 and totals["2024"].low == 200
    assert brief.status, "the returning state's treaty status"
    assert all(line.text.startswith("China ") for line in brief.status), [s.text for s in brief.status]
    assert any("1951" in line.text for line in brief.law)
    assert len(brief.letters) == 2 and all(part.asks for part in brief.letters)


def test_verified_only_by_default(seed_letters):
    assert make_brief(Reader.system()).incidents == []
    st = Statement.objects.filter(kind="repatriation", incident__date_start="2023-10-09").first()
    st.review = Review.ACCEPTED
    st.save()
    brief = make_brief(Reader.system())
    assert [line.text.split(":")[0] for line in brief.incidents] == ["9 Oct 2023"]
    assert brief.incidents[0].verified
    assert "[unverified]" not in brief_html(brief)


def test_the_command_writes_each_format_and_is_audited(seed_letters, tmp_path):
    for fmt in ("html", "pdf", "docx"):
        target = tmp_path / f"brief.{fmt}"
        args = ["brief", "--format", fmt, "-o", str(target), "--include-unverified", "--from", "2023-01-01"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    entry = AuditEntry.objects.filter(action="export", target_id="brief").latest("seq")
    assert entry.detail["incidents_count"] >= 2
    assert CliRunner().invoke(app, ["brief", "--from", "last week"]).exit_code == 2


def test_the_page_and_its_downloads(seed_letters, viewer_client: Client):
    page = viewer_client.get(reverse("web:brief") + "?include_unverified=on&from=2024-01-01")
    html = page.content.decode()
    assert page.status_code == 200 and "~200" in html and "9 Oct 2023" not in html
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    pdf = viewer_client.get(reverse("web:brief") + "?include_unverified=on&format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
