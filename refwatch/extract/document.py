"""What kind of document a text is, its date and its title."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from refwatch.extract.lexicon import alternation, words
from refwatch.extract.model import DateMention, DocType

EXTRACTOR = "document"

# "Your Excellency,", "Your Majesty,": a greeting that names no one.
FORM_OF_ADDRESS = alternation(words("letters.forms_of_address"))
_SALUTATION = re.compile(rf"^\s*(?:(?:Dear|To)\s+[^\n]{{2,80}}|{FORM_OF_ADDRESS})[,:]\s*$", re.M)
_CLOSING = re.compile(
    r"^\s*(?:Sincerely|Respectfully|Yours|With\s+(?:best|kind)\s+regards|Best\s+regards)\b[^\n]{0,30}$",
    re.M | re.I,
)
_LETTER_WORDS = re.compile(
    r"\b(?:we\s+(?:are\s+)?writ(?:e|ing)\s+to|open\s+letter|we\s+the\s+undersigned|(?:are|am)\s+writing\s+you)\b",
    re.I,
)
# A recipient block opening a line ("His Excellency Moon Jae-in", "The Honorable …") with a
# subject line after it: a letter laid out as one, whatever its salutation.
_ADDRESS_BLOCK = re.compile(
    r"^\s*(?:(?:His|Her)\s+Excellency|The\s+Hono(?:u)?rable|H\.\s?E\.)\s+[A-Z][^\n]{2,60}\n(?:[^\n]*\n){0,6}?"
    r"\s*(?:RE|Re|SUBJECT|Subject)\s*:"
    # "PETITION TO:" alone on a line, the addressees below it.
    r"|^[ \t]*[A-Z][A-Za-z ]{0,30}\b(?:TO|To)[ \t]*:[ \t]*\n[ \t]*[A-Z]",
    re.M,
)
_STATEMENT = re.compile(
    r"\b(?:press\s+release|for\s+immediate\s+release|said\s+today|statement\s+by|joint\s+statement|said\s+in\s+a\s+statement"
    r"|UN\s+experts|Special\s+Rapporteur|spokesperson)\b",
    re.I,
)
_REPORT = re.compile(
    r"\b(?:executive\s+summary|table\s+of\s+contents|methodology|recommendations|introduction)\s*\n", re.I
)
# A dateline: "GENEVA (17 October 2023) –", "SEOUL, Oct. 10 (Yonhap) --", "WASHINGTON —".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\(|,)", re.M)
_DATE_LABEL = re.compile(
    r"\b(?:Written|Date|Dated|Published|Posted|Released|Updated)(?:\s+on)?\s*:?\s*$", re.I
)
# "GENEVA (", "SEOUL, " and a letter's "Brussels, " or "Washington, DC, " before its date.
_DATELINE_BEFORE = re.compile(
    r"[A-Z][A-Z .,'-]{2,40}[(,]\s*|[A-Z][a-z]+(?:[ -][A-Z][\w.]*){0,3},(?:\s*[A-Z]{2},)?\s*"
)
_AGENCY_DASH = re.compile(r"\([A-Z][\w .&-]{1,30}\)\s*(?:--|—|–|-)")
_FIRST_LINE = re.compile(r"\s*([^\n]*)")
HEAD = 1500  # characters: a document's own date stands in its head


def doc_type(text: str, meta_type: str | None) -> DocType:
    if meta_type in {"letter", "news", "report", "statement", "other"}:
        return meta_type  # type: ignore[return-value]
    head = text[:4000]
    if _SALUTATION.search(head) and (_CLOSING.search(text) or _LETTER_WORDS.search(head)):
        return "letter"
    if _ADDRESS_BLOCK.search(head) and (_CLOSING.search(text) or _LETTER_WORDS.search(head)):
        return "letter"
    if _STATEMENT.search(head):
        return "statement"
    if len(text) > 20_000 and _REPORT.search(text[:20_000]):
        return "report"
    if _DATELINE.search(head):
        return "news"
    return "other"


# "Updated: 3 May 2024", "Last modified": when a page was changed, not when it was written.
_UPDATE_LABEL = re.compile(
    r"\b(?:Updated|Last\s+updated|Modified|Last\s+modified|Revised)(?:\s+on)?\s*:?\s*$", re.I
)


def doc_date(text: str, dates: list[DateMention], published: date | None = None) -> DateMention | None:
    """The document's own date: a day-precision date on a line of its own in the head
    (letterhead), after a label ("Written: 2024-05-02") or in a dateline ("GENEVA (17
    October 2023)"). A date inside a sentence of the body is an event, not the document's.

    A date labelled as an update ("Updated: …") is taken only when the head has no other and
    no `published` date is known from elsewhere (the source's metadata): None then, so that
    the published date stands."""
    updated: DateMention | None = None
    first: DateMention | None = None
    for d in dates:
        if d.start > HEAD:
            break
        if d.precision != "day" or d.relative:
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start : d.start].strip()
        after = text[d.end : line_end].strip()
        alone = not before.strip("(–—-, ") and not after.strip(")–—-,. ")
        labelled = bool(_DATE_LABEL.search(before)) and not after
        # "GENEVA (17 October 2023) –", "SEOUL, May 3, 2024 (Yonhap) --": what follows the date
        # closes the dateline, or names the agency before its dash.
        dateline = bool(_DATELINE_BEFORE.fullmatch(before)) and (
            after[:1] in {")", "–", "—", "-", ""} or bool(_AGENCY_DASH.match(after))
        )
        if labelled and _UPDATE_LABEL.search(before):
            updated = updated or d
            continue
        if alone or labelled or dateline:
            if published is None or d.date_start == published.isoformat():
                return d
            # A page that reposts a release shows its own date first ("Date : May 25") and the
            # release's below it: the date the source's metadata gives, where the head has it too.
            first = first or d
    if first is not None:
        return first
    heading = _period_heading(text, dates)
    if heading is not None or published is not None:
        return heading
    return updated


# A page that reports on one month, headed "China - October 2023" or "October 2023": the
# period's last day is the date its body's "on 9 October" is read against.
_PERIOD_HEADING = re.compile(r"(?:[A-Z][\w .,'’()-]{0,40}?\s+[-–—:|]\s+)?")


def _period_heading(text: str, dates: list[DateMention]) -> DateMention | None:
    first = _FIRST_LINE.match(text)
    if not first or len(first.group(1)) > 60:
        return None
    line_start, line_end = first.span(1)
    for d in dates:
        if d.start >= line_end:
            break
        if d.precision != "month" or d.relative or not d.date_end:
            continue
        if text[d.end : line_end].strip() or not _PERIOD_HEADING.fullmatch(text, line_start, d.start):
            continue
        return replace(d, date_start=d.date_end, precision="day")
    return None


def title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip(" *#\t")
        if line:
            return line[:300]
    return None


def as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
