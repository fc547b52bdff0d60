"""Each kind of statement described once, by its extraction record: corrections are checked by
the type of the field they change, the same from the store, the API and the page."""

from __future__ import annotations

import pytest

from refwatch.knowledge import kinds
from refwatch.knowledge.models import Statement
from refwatch.knowledge.review import ReviewError, review

pytestmark = pytest.mark.django_db


def test_every_kind_of_statement_has_its_record():
    assert set(kinds.RECORD_OF) == set(Statement.Kind.values)


def test_evidence_is_never_correctable():
    for kind in Statement.Kind.values:
        fields = kinds.correctable(kind)
        assert not fields.keys() & {"start", "end", "quote", "confidence", "extractor", "count_span"}


def test_a_correction_is_checked_by_the_type_of_its_field(seed_letters):
    st = Statement.objects.filter(kind="repatriation").first()
    with pytest.raises(ReviewError, match="count: 'lots' is not a whole number"):
        review(st, "edited", corrections={"count": "lots"})
    with pytest.raises(ReviewError, match="count_qualifier: 'roughly' is not one of exact"):
        review(st, "edited", corrections={"count_qualifier": "roughly"})
    with pytest.raises(ReviewError, match="cannot correct quote"):
        review(st, "edited", corrections={"quote": "something else"})
    st.refresh_from_db()
    assert st.review == "suggested" and st.edited == {}
    review(st, "edited", corrections={"count": "700", "count_qualifier": "approximately"})
    st.refresh_from_db()
    assert st.edited == {"count": 700, "count_qualifier": "approximately"}


def test_the_api_refuses_a_correction_of_the_wrong_type(analyst_client, seed_letters):
    st = Statement.objects.filter(kind="sender").first()
    r = analyst_client.post(
        f"/api/statements/{st.pk}/review",
        {"state": "edited", "corrections": {"chamber": "parliament"}},
        content_type="application/json",
    )
    assert r.status_code == 400 and "one of house, senate" in r.json()["detail"]


def test_a_form_value_is_read_as_its_fields_type():
    assert kinds.parse("repatriation", "count", " 1,200 ") == 1200
    assert kinds.parse("repatriation", "who", "") is None
    assert kinds.parse("repatriation", "aggregate", "true") is True
    with pytest.raises(kinds.CorrectionError, match="true or false"):
        kinds.parse("repatriation", "aggregate", "perhaps")
