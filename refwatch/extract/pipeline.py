"""The extraction pipeline: one spaCy blank English pipeline with rule components,
then the extractors of this field, each reading the same Context."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

from refwatch.extract import ask_sentences, coreference, document, letters, parties, reported
from refwatch.extract.actors import find_actors, find_instruments, find_ratifications
from refwatch.extract.asks import TITLE_ASK, by_rule, points_back, title_asks
from refwatch.extract.context import Context
from refwatch.extract.dates import (
    date_matches,
    find_dates,
)
from refwatch.extract.events import carry_context, find_events, merged
from refwatch.extract.incidents import find_incidents
from refwatch.extract.language import ENGLISH, language
from refwatch.extract.model import Evidence, Extraction, Letter
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
    # Only a date the text prints or the page shows (`published`) dates the document: not its
    # address, not the years it tells of, not a weekday (eval/README.md, the conventions).
    known = _as_date(doc_date) or _as_date(meta.get("published"))
    own = document.doc_date(text, absolute, known)
    if own is not None:
        result.doc_date, result.doc_date_source = own.date_start, "text"
        result.doc_date_span = (own.start, own.end)
    elif known is not None:
        result.doc_date, result.doc_date_source = known.isoformat(), "meta"
    ctx.doc_date = _as_date(result.doc_date)
    ctx.dates = find_dates(text, ctx.doc_date, matches=found, warnings=ctx.warnings)

    result.doc_type = document.doc_type(text, meta.get("type"))
    # A letter is read as laid out; any other document may tell of one (a press release, news).
    if result.doc_type == "letter":
        result.letter = _step(ctx, "letters", letters.own_letter, None)
        signed = {letters.SIGNATURE, letters.UNCLOSED}
        if result.letter is not None and not any(p.extractor in signed for p in result.letter.senders):
            # A release that prints its members' letter below a lead ("Senators A (R-FL), B (D-OR)
            # … today pressed the Secretary …"), the signatures cut: the writers the lead tells of,
            # besides those it lists ("Letter signatories also include …").
            # One writer with no office is as often a page's own words ("Please Mail …"): not taken.
            told = _step(ctx, "reported", reported.reported_letter, None)
            writers = told.senders if told is not None else []
            known = {p.name for p in result.letter.senders}
            if len(writers) > 1 or any(p.chamber for p in writers):
                result.letter.senders += [p for p in writers if p.name not in known]
    else:
        result.letter = _step(ctx, "reported", reported.reported_letter, None) or _step(
            ctx, "letters", _carried_letter, None
        )
    if result.letter is not None and not result.letter.asks:
        result.letter.asks = by_rule(TITLE_ASK, _step(ctx, "asks", lambda c: title_asks(c.text), []))
    if result.letter is not None:
        letter = result.letter
        # After the rules, so that a name they placed keeps their reading (a recipient stays one).
        learned = _step(ctx, "parties", lambda c: parties.learned_parties(c.text, letter), {})
        letter.senders += learned.get("senders", [])
        letter.recipients += learned.get("recipients", [])
        letter.asks += _step(ctx, "asks", lambda c: ask_sentences.learned_asks(c.text, letter, c.dates), [])
        letter.asks = [a for a in letter.asks if not points_back(a.text)]
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
    if (lang := language(text)) not in (None, ENGLISH):
        # The rules read English: a document in another language is not one with no facts.
        result.warnings.append(
            f"language: the text reads as {lang}; refwatch reads English only, so its facts may not "
            "have been found: read it by hand"
        )
    return result


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


def _carried_letter(ctx: Context) -> Letter | None:
    """A letter a page carries in full below its own words (a blog's "open letter to the Minister:
    Dear Ms. Sgro, I call upon you to …"), when the page tells of no letter otherwise: read from
    its salutation as a letter is, if that finds whom it is to or what it asks."""
    sal = letters.SALUTATION.search(ctx.text)
    if sal is None or not sal.group("sal").startswith(("Dear", "My dear", "Your Excellenc")):
        return None
    letter = letters.own_letter(ctx)
    return letter if letter.recipients or letter.asks else None
