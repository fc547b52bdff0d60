"""The extraction pipeline: one spaCy blank English pipeline with rule components,
then the extractors of this field, each reading the same Context."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from refwatch.extract import coreference, document, letters, reported
from refwatch.extract.actors import find_actors, find_instruments, find_ratifications
from refwatch.extract.context import Context
from refwatch.extract.dates import (
    MONTHS,
    date_matches,
    find_dates,
    in_the_month_written,
    pinned_by_weekday,
    since_to_the_latest_day,
    url_date,
)
from refwatch.extract.events import carry_context, find_events, merged
from refwatch.extract.incidents import find_incidents
from refwatch.extract.model import Evidence, Extraction
from refwatch.extract.nlp import get_nlp
from refwatch.extract.people import full_name, is_organisation
from refwatch.extract.places import attach_places
from refwatch.extract.rules import confidence

T = TypeVar("T")

MAX_CHARS = 10_000_000


class ExtractionError(ValueError):
    """The text cannot be extracted from (too large, not text); the message says why."""


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def extract(
    text: str,
    *,
    doc_date: date | str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Extraction:
    """Extract the statements of one document's text.

    `doc_date` (or `meta["published"]`) is the document's date when the text gives none;
    dates such as "last week" are resolved against the document's date.
    """
    if not isinstance(text, str):
        raise ExtractionError(f"extract() takes text (str), not {type(text).__name__}: decode it first")
    if len(text) > MAX_CHARS:
        raise ExtractionError(
            f"text of {len(text):,} characters is over the limit of {MAX_CHARS:,}; split the document"
        )
    meta = dict(meta or {})
    result = Extraction(title=meta.get("title") or document.title(text))
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    ctx = Context(text=text, doc=doc, meta=meta)

    # The document's own date comes first: relative dates in the body are read against it.
    # The dates are found once and read twice: without the document's date first (its own
    # date is among them), then with it, for the relative ones.
    found = date_matches(text)
    absolute = find_dates(text, None, matches=[m for m in found if m.start() < document.HEAD + 200])
    known = _as_date(doc_date) or _as_date(meta.get("published"))
    # A page's address often carries its day or month ("/2021/08/"): the day is the document's
    # date when nothing else gives one; the month only fixes the year of "July 14".
    address = url_date(meta.get("url"))
    if known is None and address is not None and address[1] == "day":
        known = address[0]
    own = document.doc_date(text, absolute, known)
    if own is not None:
        result.doc_date, result.doc_date_source = own.date_start, "text"
        result.doc_date_span = (own.start, own.end)
    elif known is not None:
        result.doc_date, result.doc_date_source = known.isoformat(), "meta"
    ctx.doc_date = _as_date(result.doc_date)
    ctx.dates = find_dates(text, ctx.doc_date, matches=found, warnings=ctx.warnings)
    if ctx.doc_date is None:
        if address is not None:
            ctx.dates = in_the_month_written(text, found, ctx.dates, address[0])
        ctx.dates = _yearless_in_the_one_year(text, found, ctx.dates)
        ctx.dates = pinned_by_weekday(text, found, ctx.dates)
        ctx.dates = since_to_the_latest_day(text, found, ctx.dates)

    result.doc_type = document.doc_type(text, meta.get("type"))
    # A letter is read as laid out; any other document may tell of one (a press release, news).
    if result.doc_type == "letter":
        result.letter = _step(ctx, "letters", letters.own_letter, None)
    else:
        result.letter = _step(ctx, "reported", reported.reported_letter, None)
    if result.letter is not None:
        for party in result.letter.senders + result.letter.recipients:
            party.name = full_name(text, party.name)
        for party in result.letter.senders:
            # "Christian Freedom International" signing: an organisation, not a person.
            party.organisation = party.organisation or is_organisation(party.name)
    if not meta.get("title") and result.letter and not result.letter.reported and result.letter.recipients:
        # A letter's first line is its letterhead ("Congress of the United States"): the
        # addressee says which letter it is.
        to = result.letter.recipients[0]
        result.title = f"Letter to {to.name}" + (f", {to.title}" if to.title else "")
    records, figures = _step(ctx, "incidents", find_incidents, ([], []))
    extra = _step(ctx, "events", lambda c: find_events(c, records), [])
    result.repatriations, result.figures = merged(records, extra, figures)
    result.repatriations = _step(
        ctx, "context", lambda c: carry_context(c, result.repatriations), result.repatriations
    )
    result.repatriations = _step(
        ctx, "coreference", lambda c: coreference.resolve(c, result.repatriations), result.repatriations
    )
    result.repatriations = _step(
        ctx, "places", lambda c: attach_places(c, result.repatriations), result.repatriations
    )
    result.actors = _step(ctx, "actors", find_actors, [])
    result.instruments = _step(ctx, "instruments", find_instruments, [])
    result.ratifications = _step(ctx, "ratifications", find_ratifications, [])
    for record in _records(result):
        # What the record's rule is worth, as measured on annotated documents (rules.py).
        record.confidence = confidence(record.extractor)
    result.warnings.extend(ctx.warnings)
    return result


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(
    rf"^(?:on\s+)?(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\.?)$",
    re.I,
)


def _yearless_in_the_one_year(text: str, found: Any, dates: list[Any]) -> list[Any]:
    """A text with no date of its own whose dates all fall in one year: its "Oct. 9" is in that
    year, as a reader takes it (a date like "last week" still needs the document's date)."""
    # Full dates only: a bare year ("defected in 2016") tells of the past, not of when this was written.
    years = {
        d.date_start[:4] for d in dates if d.date_start and not d.relative and d.precision in ("day", "month")
    }
    if len(years) != 1:
        return dates
    year = int(years.pop())
    anchor = date(year, 12, 31)
    extra = [
        d
        for d in find_dates(text, anchor, matches=found)
        if d.relative and d.date_start and d.date_start[:4] == str(year) and _MONTH_DAY.match(d.quote.strip())
    ]
    return sorted(dates + extra, key=lambda d: d.start)


def _step(ctx: Context, name: str, run: Callable[[Context], T], default: T) -> T:
    """One extractor over the document; if it fails, a warning on the record, and the others
    still run (a letter whose signature block breaks a rule still has its repatriations)."""
    try:
        return run(ctx)
    except Exception as exc:
        ctx.warn(name, exc)
        return default


def _records(result: Extraction) -> Iterator[Evidence]:
    yield from result.repatriations
    yield from result.figures
    letter = result.letter
    if letter is not None:
        yield letter
        for group in (letter.senders, letter.recipients, letter.asks, letter.references):
            yield from group
        yield from letter.commitments
        yield from letter.outcomes
