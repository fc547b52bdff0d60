"""The claim check against the seed record (real ingest, extraction and store)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as Docx
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge.models import Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.outputs.check import CONFLICTING, SUPPORTED, UNSUPPORTED, check
from refwatch.outputs.evidence import Evidence

from .conftest import SEEDS

pytestmark = pytest.mark.django_db

CHANGED = "The PRC forcibly repatriated 800 North Korean refugees on October 9, 2023."
INVENTED = "Chinese police forcibly returned 1,234 North Korean refugees on March 3, 2021."


def run(text: str, **kw):
    return check(Evidence(Reader.system()), text, **kw)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_every_figure_of_the_seed_letters_is_supported(seed_letters, seed):
    result = run(seed.read_text(encoding="utf-8"))
    returns = [c for c in result.claims if c.kind == "return"]
    assert {c.said for c in returns} >= {"600 returned, 9 Oct 2023", "~200 returned, April 2024"}
    assert [c for c in result.claims if c.verdict != SUPPORTED] == []
    assert result.ok
    six = next(c for c in returns if c.said.startswith("600"))
    assert {c.document_id for c in six.sources} == {r.document.pk for r in seed_letters}
    assert all(c.quote and c.title for c in six.sources)
    # Nothing accepted yet: supported, but marked unverified.
    assert six.unverified and six.label == "supported (unverified)"


def test_a_changed_figure_is_conflicting_with_the_sources_that_say_otherwise(seed_letters):
    result = run(CHANGED)
    (claim,) = result.claims
    assert claim.verdict == CONFLICTING and not result.ok
    assert "600" in claim.against[0].quote and claim.sources == []
    assert result.text[claim.start : claim.end] == "800 North Korean refugees on October 9, 2023"


def test_an_invented_figure_is_unsupported(seed_letters):
    (claim,) = run(INVENTED).claims
    assert claim.verdict == UNSUPPORTED and claim.sources == claim.against == []


def test_verified_only_counts_accepted_statements(seed_letters):
    text = "The PRC forcibly repatriated 600 North Korean refugees on October 9, 2023."
    assert run(text, verified_only=True).claims[0].verdict == UNSUPPORTED
    st = Statement.objects.filter(kind="repatriation", incident__date_start="2023-10-09").first()
    st.review = Review.ACCEPTED
    st.save()
    claim = run(text, verified_only=True).claims[0]
    assert claim.verdict == SUPPORTED and not claim.unverified
    assert [c.statement_id for c in claim.sources] == [st.pk]


def test_the_command_exits_by_the_verdicts(seed_letters, tmp_path):
    good = tmp_path / "good.md"
    good.write_text("# Draft\n\nThe PRC forcibly repatriated 600 North Korean refugees on October 9, 2023.\n")
    result = CliRunner().invoke(app, ["check", str(good)])
    assert result.exit_code == 0, result.output
    assert "supported" in result.output and "conflicting" not in result.output
    docx = tmp_path / "bad.docx"
    doc = Docx()
    doc.add_paragraph(CHANGED)
    doc.add_paragraph(INVENTED)
    doc.save(docx)
    result = CliRunner().invoke(app, ["check", str(docx)])
    assert result.exit_code == 1
    assert "conflicting" in result.output and "unsupported" in result.output
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    result = CliRunner().invoke(app, ["check", str(broken)])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_the_page_marks_claims_in_place(seed_letters, viewer_client: Client):
    response = viewer_client.post(reverse("web:check"), {"text": CHANGED + "\n" + INVENTED})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="claim conflicting"' in html and 'class="claim unsupported"' in html
    upload = viewer_client.post(reverse("web:check"), {"file": open(SEEDS[0], "rb")})
    assert 'class="claim supported"' in upload.content.decode()
    assert "Every claim is supported" in upload.content.decode()
    empty = viewer_client.post(reverse("web:check"), {"text": "  "})
    assert empty.status_code == 400 and "paste a draft" in empty.content.decode()


def test_the_api_checks_a_draft(seed_letters, viewer_client: Client):
    response = viewer_client.post("/api/check", {"text": CHANGED}, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["ok"] is False and data["claims"][0]["verdict"] == "conflicting"
    assert data["claims"][0]["against"][0]["quote"]


def test_a_draft_too_long_is_refused_with_a_message(seed_letters, viewer_client: Client):
    response = viewer_client.post(
        "/api/check", {"text": "\u0087" * 199_999 + "x"}, content_type="application/json"
    )
    assert response.status_code in (200, 422)
    too_long = viewer_client.post("/api/check", {"text": "a" * 200_001}, content_type="application/json")
    assert too_long.status_code == 422
