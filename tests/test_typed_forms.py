"""Typed corrections: each field by its kind's type, a bad value refused beside its field with
nothing saved, and a corrected date that moves a return to another incident once confirmed."""

from __future__ import annotations

import pytest
from django.test import Client

from refwatch.knowledge.forms import StatementForm, parse_iso
from refwatch.knowledge.models import Incident, Statement
from refwatch.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


def return_of(count: int) -> Statement:
    return next(
        s
        for s in Statement.objects.filter(kind="repatriation").order_by("pk")
        if s.values().get("count") == count
    )


def test_the_form_of_a_return_has_typed_fields(analyst_client: Client, seed_letters) -> None:
    st = return_of(600)
    page = analyst_client.get(f"/statements/{st.pk}/edit").content.decode()
    assert 'type="checkbox" name="relative"' in page and 'type="checkbox" name="aggregate"' in page
    assert '<select name="count_qualifier"' in page and '<select name="date_precision"' in page
    assert 'type="number" name="count"' in page and 'min="0"' in page
    assert 'name="date_start" value="2023-10-09"' in page
    assert 'value="false"' not in page


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("date_start", "October 2023", "is not a date written YYYY-MM-DD"),
        ("date_start", "2023-10", "A day date is written like 2023-10-09"),
        ("date_start", "2023-02-30", "is not a date of the calendar"),
        ("count_qualifier", "lots", "Select a valid choice"),
        ("count", "hundreds", "Enter a whole number"),
        ("count", "-5", "greater than or equal to 0"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_saved(
    analyst_client: Client, seed_letters, field, value, says
) -> None:
    st = return_of(600)
    incidents = Incident.objects.count()
    r = analyst_client.post(f"/statements/{st.pk}/edit", {field: value})
    assert r.status_code == 400
    body = r.content.decode()
    # The message stands in the paragraph of its field.
    block = body.split(f'id="field-{field}"', 1)[1].split("</p>", 1)[0]
    assert says in block
    st.refresh_from_db()
    assert st.review == "suggested" and st.edited == {}
    assert Incident.objects.count() == incidents
    assert not AuditEntry.objects.filter(action="review").exists()


def test_a_month_date_is_written_as_a_month():
    form = StatementForm(
        {"date_start": "2024-04", "date_precision": "month", "count": "200"}, kind="repatriation"
    )
    assert form.is_valid(), form.errors
    values = form.cleaned_values()
    assert values["date_start"] == "2024-04-01" and values["date_end"] == "2024-04-30"
    assert parse_iso("2024")[2] == "year"
    with pytest.raises(ValueError):
        parse_iso("April 2024")


def test_a_corrected_date_moves_the_return_once_confirmed(analyst_client: Client, seed_letters) -> None:
    st = return_of(600)
    before = st.incident_id
    others = Statement.objects.filter(incident_id=before).exclude(pk=st.pk).count()
    assert others >= 1  # the other letter says it too
    r = analyst_client.post(f"/statements/{st.pk}/edit", {"date_start": "2023-10-10"})
    assert r.status_code == 200 and "takes the statement off incident" in r.content.decode()
    st.refresh_from_db()
    assert st.review == "suggested" and st.incident_id == before
    r = analyst_client.post(f"/statements/{st.pk}/edit", {"date_start": "2023-10-10", "confirm": "move"})
    assert r.status_code == 302
    st.refresh_from_db()
    assert st.review == "edited" and st.incident_id != before
    moved = Incident.objects.get(pk=st.incident_id)
    assert moved.date_start == "2023-10-10" and moved.date_end == "2023-10-10"
    assert Incident.objects.get(pk=before).statements.count() == others


def test_an_unticked_checkbox_is_a_correction(analyst_client: Client, seed_letters) -> None:
    st = return_of(600)
    r = analyst_client.post(
        f"/statements/{st.pk}/edit",
        {"aggregate": "on", "shown": ["aggregate", "relative"], "confirm": "move"},
    )
    assert r.status_code == 302
    st.refresh_from_db()
    assert st.values()["aggregate"] is True
    analyst_client.post(f"/statements/{st.pk}/edit", {"shown": ["aggregate", "relative"], "confirm": "move"})
    st.refresh_from_db()
    assert st.values()["aggregate"] is False
