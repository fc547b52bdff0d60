"""Exports of the seed record, through the real ingest and extraction: ACLED-style CSV read back by
pandas with the documented dtypes, JSON, FollowTheMoney entities checked by followthemoney's own
model; audited; from the command line, the API and the list pages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from django.test import Client
from django.urls import reverse
from followthemoney import model
from typer.testing import CliRunner

from refwatch.actions import Actions
from refwatch.outputs import export
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).parent.parent / "docs" / "exports.md"


class Made:
    def __init__(self, made: export.Export) -> None:
        self.content = made.content.decode("utf-8")
        self.count = made.count


def run(kind: str, fmt: str, **kw) -> Made:
    """An export as a command makes it: through Actions.export, which audits it."""
    return Made(Actions.for_command().export(kind, fmt, lambda r: export.build(r, kind, fmt, **kw)))


def read_csv(kind: str, text: str) -> pd.DataFrame:
    dtype, dates = export.dtypes(kind)
    return pd.read_csv(
        io.StringIO(text), dtype=dtype, parse_dates=dates, keep_default_na=False, na_values=[""]
    )


@pytest.mark.parametrize("kind", export.KINDS)
def test_the_csv_loads_in_pandas_with_the_documented_dtypes(seed_letters, kind):
    out = run(kind, "csv")
    frame = read_csv(kind, out.content)
    assert len(frame) == out.count > 0
    for column in export.COLUMNS[kind]:
        if column.dtype == "datetime64":  # the unit (ns, us) is pandas' choice
            assert pd.api.types.is_datetime64_dtype(frame[column.name]), column.name
        else:
            assert str(frame[column.name].dtype) == column.dtype, column.name
    # Each column is in the documentation with its dtype.
    assert export.columns_markdown() in DOCS.read_text(encoding="utf-8")


def test_incidents_csv_holds_the_600_of_9_october_2023_with_its_source(seed_letters):
    frame = read_csv("incidents", run("incidents", "csv").content)
    row = frame[frame.event_date_start == pd.Timestamp("2023-10-09")].iloc[0]
    assert (row.best, row.low, row.high, row.time_precision) == (600, 600, 600, 1)
    assert row["from"] == "China" and row["to"] == "North Korea"
    assert "Congressional" in row.original_source
    assert row.source_count == 2
    april = frame[frame.event_date_start == pd.Timestamp("2024-04-01")].iloc[0]
    assert (april.best, april.qualifier, april.time_precision) == (200, "approximately", 3)
    assert april.event_date_end == pd.Timestamp("2024-04-30")
    assert frame.event_id.is_unique


def test_letters_json_has_signers_and_asks(seed_letters):
    data = json.loads(run("letters", "json").content)
    assert data["kind"] == "letters"
    dates = {r["date"]: r for r in data["records"]}
    first = dates["2025-11-07"]
    assert "Tim Kaine" in {s["name"] for s in first["senders"]}
    assert first["asks"] and all(a["citations"] for a in first["asks"])
    assert dates["2026-05-13"]["follows_up"] == first["id"]


def test_ftm_entities_validate_with_followthemoney(seed_letters):
    for kind in export.KINDS:
        lines = run(kind, "ftm").content.splitlines()
        assert lines
        schemas = set()
        for line in lines:
            data = json.loads(line)
            proxy = model.get_proxy(data, cleaned=False)
            assert proxy.schema.validate(proxy.to_dict()) is None
            assert all(proxy.get(p) for p in proxy.schema.required), (data["schema"], proxy.schema.required)
            assert proxy.to_dict()["properties"] == data["properties"], "values change when cleaned"
            schemas.add(data["schema"])
        expected = {"incidents": "Event", "figures": "Note", "letters": "Message", "documents": "Document"}[
            kind
        ]
        assert expected in schemas


def test_every_export_is_audited_with_what_it_held(seed_letters):
    out = run("figures", "json")
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert entry.target_id == "figures" and entry.detail["figures_count"] == out.count > 0
    assert entry.detail["figures"] == [r["id"] for r in json.loads(out.content)["records"]]
    assert entry.actor.startswith("cli:")


def test_a_date_range_cuts_incidents_and_letters(seed_letters):
    out = run("incidents", "csv", start="2024-01-01", end="2024-12-31")
    frame = read_csv("incidents", out.content)
    assert list(frame.best) == [200]
    letters = json.loads(run("letters", "json", start="2026").content)
    assert [r["date"] for r in letters["records"]] == ["2026-05-13"]


def test_export_command_writes_each_format(seed_letters, tmp_path):
    from refwatch.cli import app

    for fmt in export.FORMATS:
        target = tmp_path / f"incidents.{fmt}"
        result = CliRunner().invoke(app, ["export", "incidents", "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "600" in target.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "ships", "--format", "csv", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown kind" in result.output


def test_export_from_the_api_and_the_list_pages(seed_letters, viewer_client: Client):
    response = viewer_client.get("/api/export/incidents?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "refwatch-incident-" in response.content.decode()
    assert viewer_client.get("/api/export/incidents?format=xml").status_code == 422
    page = viewer_client.get(reverse("web:incidents") + "?from=2024-01-01&to=2024-12-31")
    assert b"export?format=csv&amp;from=2024-01-01&amp;to=2024-12-31" in page.content or (
        b"from=2024-01-01" in page.content and b"format=csv" in page.content
    )
    csv_page = viewer_client.get(
        reverse("web:export", args=["incidents"]) + "?format=csv&from=2024-01-01&to=2024-12-31"
    )
    assert csv_page.status_code == 200
    frame = read_csv("incidents", csv_page.content.decode())
    assert list(frame.best) == [200]
    assert Client().get("/api/export/incidents?format=csv").status_code == 401
