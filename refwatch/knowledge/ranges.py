"""The range of counts the statements of each incident give, computed by the database.

A statement's count is in its `values()` ({**record, **edited}): JSON, in clear for every document
that is not confidential. So the lowest and highest count of each incident, and whether its
sources disagree (lowest count given ≠ highest), are one GROUP BY over those statements, not a
read of every statement into Python. A confidential document's record is sealed (no database can
read into it): those few statements are opened one by one, and only for readers who may read them.

What the statements of the documents that are not confidential say is also kept on each incident
(Incident.open_low and the rest, by merge.refresh through `open_ranges`): the same GROUP BY,
asked once a change rather than at every view.

Read through `Reader.count_ranges` (refwatch.knowledge.queries): never from a page directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import BigIntegerField, Case, Count, F, Func, Max, Min, QuerySet, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull

from refwatch.knowledge.models import Review, Visibility

_KEY = re.compile(r"^[a-z_]+$")


class StatementInt(Func):
    """The integer a statement's `values()[key]` is (the analyst's edit when `edited` has the key,
    else the extractor's record), or NULL when it is none (as `isinstance(v, int)` reads it) or the
    row is sealed."""

    output_field = BigIntegerField()

    def __init__(self, key: str) -> None:
        if not _KEY.match(key):
            raise ValueError(f"not a key of a statement's record: {key!r}")
        super().__init__(F("edited"), F("record"))
        self.key = key

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        (edited, edited_params), (record, record_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        k = self.key
        if connection.vendor == "postgresql":

            def number(col: str) -> str:
                return (
                    f"CASE WHEN jsonb_typeof({col} -> '{k}') = 'number' AND ({col} ->> '{k}') ~ '^-?[0-9]+$' "
                    f"THEN ({col} ->> '{k}')::bigint END"
                )

            has = f"({edited} -> '{k}') IS NOT NULL"
        else:

            def number(col: str) -> str:
                return (
                    f"CASE WHEN json_type({col}, '$.{k}') = 'integer' THEN json_extract({col}, '$.{k}') END"
                )

            has = f"json_type({edited}, '$.{k}') IS NOT NULL"
        # Each column's SQL is repeated: its parameters (none for a plain column) follow suit.
        uses = 3 if connection.vendor == "postgresql" else 2
        sql = f"(CASE WHEN {has} THEN {number(edited)} ELSE {number(record)} END)"
        return sql, [*edited_params * (1 + uses), *record_params * uses]


@dataclass(frozen=True)
class CountRange:
    """What the live statements of one incident that a reader may see say of its count."""

    low: int | None  # the lowest figure given (a "between 300 and 500" gives 300)
    least: int | None  # the lowest count given (500 there)
    high: int | None  # the highest count given
    statements: int  # how many live statements this reader may see

    @property
    def conflicting(self) -> bool:
        """Two statements give different counts."""
        return self.least is not None and self.least != self.high

    def joined(self, other: CountRange) -> CountRange:
        def pick(how: Any, a: int | None, b: int | None) -> int | None:
            given = [v for v in (a, b) if v is not None]
            return how(given) if given else None

        return CountRange(
            pick(min, self.low, other.low),
            pick(min, self.least, other.least),
            pick(max, self.high, other.high),
            self.statements + other.statements,
        )


def range_columns() -> dict[str, Any]:
    """The aggregates of a GROUP BY of statements by incident: the lowest figure given (a
    "between 300 and 500" gives 300), the lowest and highest count, and how many statements."""
    count = StatementInt("count")
    return {
        "low": Min(Case(When(IsNull(count, False), then=Coalesce(StatementInt("count_min"), count)))),
        "least": Min(count),
        "high": Max(count),
        "n": Count("pk"),
    }


def open_ranges(statements: QuerySet[Any]) -> QuerySet[Any]:
    """Of `statements`, the live ones of an incident in a document that is not confidential,
    grouped by incident (incident_id, low, least, high, n): what every reader with a role sees of
    each incident's count, and so what Incident.open_low and the rest hold."""
    return (
        statements.filter(incident__isnull=False)
        .exclude(review=Review.REJECTED)
        .exclude(document__visibility=Visibility.CONFIDENTIAL)
        .order_by()
        .values("incident_id")
        .annotate(**range_columns())
    )
