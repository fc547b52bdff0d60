"""A letter draft from the seed record: its facts cited to their sources, the earlier letter named,
the signers from the roster; what is unverified or missing said."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.knowledge import roster
from refwatch.knowledge.models import Letter, Review, Statement
from refwatch.knowledge.queries import Reader
from refwatch.outputs.draft import make_draft
from refwatch.outputs.render import draft_docx, draft_markdown
from tests import wordxml

pytestmark = pytest.mark.django_db

ROSTER = """
- id: {bioguide: K000384}
  name: {first: Tim, last: Kaine, official_full: Tim Kaine}
  terms:
  - {type: sen, start: '2025-01-03', end: '2031-01-03', state: VA, party: Democrat}
- id: {bioguide: M000312}
  name: {first: James, middle: P., last: McGovern, official_full: James P. McGovern}
  terms:
  - {type: rep, start: '2025-01-03', end: '2027-01-03', state: MA, district: 2, party: Democrat}
"""


@pytest.fixture
def record(seed_letters, tmp_path: Path):
    path = tmp_path / "legislators-current.yaml"
    path.write_text(ROSTER, encoding="utf-8")
    roster.load(path)
    return seed_letters


def verify_everything() -> None:
    """As a reviewer accepting every statement of the seed letters would."""
    Statement.objects.update(review=Review.ACCEPTED)


def first_letter() -> Letter:
    return Letter.objects.get(date="2025-11-07", reported=False)


def test_a_draft_cites_the_returns_to_their_sources_and_names_the_earlier_letter(record):
    verify_everything()
    draft = make_draft(
        Reader.system(), to="David Perdue", signers=["K000384", "M000312"], follow_up=first_letter().pk
    )
    text = draft_markdown(draft)
    notes = dict(iter(draft.footnotes))
    six = next(s for s in draft.facts if "600" in s.text)
    two = next(s for s in draft.facts if "approximately 200" in s.text)
    assert "on October 9, 2023" in six.text and "in April 2024" in two.text
    for sentence, passage in (
        (six, "600 North Korean refugees on October 9, 2023"),
        (two, "approximately 200"),
    ):
        assert sentence.notes and all(passage in notes[n].quote for n in sentence.notes)
        assert f"{sentence.text}[^{sentence.notes[0]}]" in text
        assert f"[^{sentence.notes[0]}]: " in text
    assert any("November 7, 2025" in s.text and "David Perdue" in s.text for s in draft.history)
    assert "Dear Ambassador Perdue," in text
    assert "Tim Kaine\nUnited States Senator" in text and "James P. McGovern\nMember of Congress" in text
    assert "September 1982" in text and "ratified" in text
    assert "condemn the PRC" in text  # the asks of the letter it follows up
    assert "[UNVERIFIED]" not in text and "MISSING" not in text
    word = wordxml.read(draft_docx(draft))
    assert "600 North Korean refugees" in word.body and "David Perdue" in word.body
    assert any("600 North Korean refugees on October 9, 2023" in t for t in word.footnotes.values())


def test_a_draft_says_what_is_unverified_or_missing(record):
    draft = make_draft(Reader.system(), to="Marco Rubio", signers=["X000000"])
    text = draft_markdown(draft)
    assert "[UNVERIFIED]" in text  # nothing accepted yet: used, and marked
    assert any("no letter in the record is addressed to Marco Rubio" in w for w in draft.warnings)
    assert any("X000000" in w for w in draft.warnings) and "Before sending" in text


def test_the_command_and_a_users_own_template(record, tmp_path):
    verify_everything()
    mine = tmp_path / "mine" / "outputs"
    mine.mkdir(parents=True)
    source = Path(draft_markdown.__code__.co_filename).parent / "templates" / "outputs" / "letter.md"
    mine.joinpath("letter.md").write_text(
        source.read_text(encoding="utf-8").replace("Congress of the United States", "Office of a Member"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["draft", "--to", "David Perdue", "--signers", "K000384", "--templates", str(tmp_path / "mine")]
    )
    assert result.exit_code == 0, result.output
    assert "Office of a Member" in result.output and "600" in result.output
    target = tmp_path / "draft.docx"
    assert (
        CliRunner().invoke(app, ["draft", "--to", "David Perdue", "-f", "docx", "-o", str(target)]).exit_code
        == 0
    )
    assert target.read_bytes().startswith(b"PK")


def test_the_draft_page_offers_the_record_and_shows_the_draft_with_its_notes(record, viewer_client):
    verify_everything()
    form = viewer_client.get("/draft/")
    assert form.status_code == 200
    html = form.content.decode()
    # The form offers what the record holds: its recipients, its signers in the roster, its letters.
    assert '<option value="David Perdue">' in html and 'value="K000384"' in html
    follow = first_letter().pk
    page = viewer_client.get("/draft/", {"to": "David Perdue", "signer": ["K000384"], "follow_up": follow})
    assert page.status_code == 200
    body = page.content.decode()
    assert "600" in body and 'href="#note-1"' in body and 'id="note-1"' in body
    assert "Tim Kaine" in body and "United States Senator" in body
    docx = viewer_client.get(
        "/draft/", {"to": "David Perdue", "signer": ["K000384"], "follow_up": follow, "format": "docx"}
    )
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]


def test_the_draft_page_refuses_what_is_not_in_the_record(record, viewer_client):
    for query, message in (
        ({"to": "David Perdue", "follow_up": "999999"}, "not one of the letters you may see"),
        ({"to": "David Perdue", "follow_up": "x"}, "not one of the letters you may see"),
        ({"to": "David Perdue", "format": "exe"}, "Markdown (md) or Word (docx)"),
        ({"to": "  "}, "Name the recipient"),
    ):
        response = viewer_client.get("/draft/", query)
        assert response.status_code == 400, query
        assert message in response.content.decode()


def test_the_api_drafts_as_json_markdown_and_docx(record, viewer_client):
    verify_everything()
    data = viewer_client.get("/api/draft", {"to": "David Perdue", "signer": "K000384"}).json()
    six = next(s for s in data["facts"] if "600" in s["text"])
    notes = {n["number"]: n for n in data["footnotes"]}
    assert six["notes"] and "600 North Korean refugees" in notes[six["notes"][0]]["quote"]
    assert data["signers"][0]["bioguide"] == "K000384" and "[^1]" in data["markdown"]
    md = viewer_client.get("/api/draft", {"to": "David Perdue", "format": "md"})
    assert md.status_code == 200 and md["Content-Type"].startswith("text/markdown")
    assert b"Dear Ambassador Perdue," in md.content
    assert viewer_client.get("/api/draft", {"to": "David Perdue", "signer": "kaine"}).status_code == 422
    assert viewer_client.get("/api/draft", {"to": ""}).status_code == 422


def test_a_recipient_with_control_characters_is_refused_not_a_server_error(record, viewer_client):
    # Word's XML cannot hold a NUL or a control character: the name is refused with its reason.
    for bad in ("David\x00Perdue", "David\x1bPerdue"):
        assert viewer_client.get("/api/draft", {"to": bad, "format": "docx"}).status_code == 422
        page = viewer_client.get("/draft/", {"to": bad, "format": "docx"})
        assert page.status_code == 400 and b"control characters" in page.content
