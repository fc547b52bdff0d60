"""A letter draft in the form of the seed letters, assembled from the record (no language model).

The draft takes its facts from what its reader may see: the latest returns with their counts
and sources, the returning state's treaty status, the earlier letters to the same recipient with
their asks and outcomes, and the recipient's own commitments; its asks from the letter it follows
up (or the latest letter); its signers from the roster. Every fact carries its footnote. A fact no
person has verified is used but marked, and a needed fact the record lacks is said to be missing:
both are listed in `warnings` for whoever finishes the letter.

The wording around the facts lives in templates (outputs/templates/outputs/letter.md and the
DOCX built from the same model) that a user may copy and edit (`template_dir`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from refwatch.knowledge.queries import Reader
from refwatch.knowledge.terms import term_of
from refwatch.outputs.display import FULL_MONTHS
from refwatch.outputs.evidence import Citation, Evidence, IncidentRow, LetterRow
from refwatch.outputs.notes import Footnotes

# A recipient's name goes into Word's XML and into a letter: control characters can be in neither
# (lxml refuses them), so the forms and the API refuse them first, with this pattern.
PRINTABLE_NAME = r"^[^\x00-\x1f\x7f]*$"

UNVERIFIED = "unverified"
MISSING = "missing"
MOST_INCIDENTS = 4  # the latest returns a letter recalls
CHAMBER_TITLES = {
    "sen": "United States Senator",
    "rep": "Member of Congress",
    "senate": "United States Senator",
    "house": "Member of Congress",
}
QUALIFIERS = {
    "approximately": "approximately ",
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
}


@dataclass
class Sentence:
    text: str
    notes: list[int] = field(default_factory=list)
    flag: str = ""  # "", "unverified" or "missing"


@dataclass
class Signer:
    name: str
    title: str
    bioguide: str


@dataclass
class Draft:
    date: str
    to: str
    recipient: list[str]
    salutation: str
    facts: list[Sentence] = field(default_factory=list)
    law: list[Sentence] = field(default_factory=list)
    history: list[Sentence] = field(default_factory=list)
    asks: list[Sentence] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    footnotes: Footnotes = field(default_factory=Footnotes)
    warnings: list[str] = field(default_factory=list)
    held: dict[str, list[int]] = field(default_factory=dict)


def spoken_date(start: str | None, end: str | None = None, precision: str | None = None) -> str:
    """A date as a letter says it: "on October 9, 2023", "in April 2024", "in 2023"."""
    if not start:
        return ""
    bits = start.split("-")
    year = bits[0]
    month = FULL_MONTHS[int(bits[1]) - 1] if len(bits) > 1 else ""
    day = str(int(bits[2][:2])) if len(bits) > 2 else ""
    if precision == "year" or not month:
        return f"in {year}"
    if precision == "month" or not day:
        return f"in {month} {year}"
    if precision == "range" and not end:
        return f"since {month} {day}, {year}"  # a period whose end the sources do not give
    if precision == "range" and end and end != start:
        return f"between {month} {day}, {year} and {spoken_date(end, None, 'day').removeprefix('on ')}"
    return f"on {month} {day}, {year}"


def spoken_count(inc: IncidentRow) -> str:
    if inc.conflicting and inc.low is not None and inc.high is not None:
        return f"between {inc.low:,} and {inc.high:,}"
    if inc.best is None:
        return "an unknown number of"
    return f"{QUALIFIERS.get(inc.qualifier, '')}{inc.best:,}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (", and " if len(items) > 2 else " and ") + items[-1]


class Drafter:
    def __init__(self, reader: Reader, today: date | None = None) -> None:
        self.reader = reader
        self.evidence = Evidence(reader)
        self.today = today or date.today()

    def draft(self, to: str, signers: list[str], follow_up: int | None = None) -> Draft:
        letters = self.evidence.letters()
        surname = to.split()[-1].lower() if to.split() else ""
        to_them = [
            ltr for ltr in letters if any(surname and surname in p.name.lower() for p in ltr.recipients)
        ]
        followed = next((ltr for ltr in letters if ltr.id == follow_up), None) if follow_up else None
        # The name as asked is matched against the record; as written it is what the reader may
        # see of it (a protected name is its pseudonym, even when typed in full).
        self.surname = surname
        shown = self.evidence.text(to)
        draft = Draft(
            date=f"{FULL_MONTHS[self.today.month - 1]} {self.today.day}, {self.today.year}",
            to=shown,
            recipient=[shown],
            salutation=f"Dear {shown},",
        )
        if follow_up and followed is None:
            draft.warnings.append(f"missing: no letter {follow_up} that this reader may see to follow up")
        self.recipient(draft, to_them)
        self.facts(draft)
        self.law(draft)
        self.history(draft, to_them, followed)
        self.asks(draft, followed or (to_them[0] if to_them else (letters[0] if letters else None)))
        self.signers(draft, signers)
        return draft

    # --- parts ------------------------------------------------------------------------------------

    def sentence(self, draft: Draft, text: str, cites: list[Citation], what: str) -> Sentence:
        flag = "" if any(c.verified for c in cites) else UNVERIFIED
        if flag:
            draft.warnings.append(f"unverified: {what}: no person has accepted its source yet")
        return Sentence(text, draft.footnotes.cite(cites), flag)

    def missing(self, draft: Draft, what: str) -> Sentence:
        draft.warnings.append(f"missing: {what}")
        return Sentence(what, [], MISSING)

    def recipient(self, draft: Draft, to_them: list[LetterRow]) -> None:
        for ltr in to_them:  # newest first: the latest title and address
            party = next(p for p in ltr.recipients if self.surname in p.name.lower())
            draft.recipient = [party.name, *([party.title] if party.title else []), *party.address]
            if ltr.salutation:
                draft.salutation = ltr.salutation.rstrip() + (
                    "" if ltr.salutation.rstrip()[-1:] in ",:" else ","
                )
            return
        draft.warnings.append(
            f"missing: no letter in the record is addressed to {draft.to}: title and address"
        )

    def facts(self, draft: Draft) -> None:
        incidents = [i for i in self.evidence.incidents() if not i.aggregate and i.date_start]
        latest = sorted(incidents, key=lambda i: i.date_start, reverse=True)[:MOST_INCIDENTS]
        for inc in sorted(latest, key=lambda i: i.date_start):
            who = inc.who or "North Koreans"
            said = f"{inc.origin} forcibly repatriated {spoken_count(inc)} {who} {spoken_date(inc.date_start, inc.date_end, inc.precision)}"
            if inc.original_sources:
                said = f"According to the {_joined(inc.original_sources)}, {said}"
            else:
                said = _cap(said)
            if inc.conflicting:
                said += " (sources differ on the number)"
            draft.facts.append(self.sentence(draft, said + ".", inc.citations, f"the return {inc.when}"))
        draft.held["incidents"] = [i.id for i in latest]
        if not latest:
            draft.facts.append(self.missing(draft, "no return in the record to cite"))

    def law(self, draft: Draft) -> None:
        origins = {i.origin for i in self.evidence.incidents()} or {"China"}
        # One sentence for the instruments a state bound itself to on one date, as letters say it.
        grouped: dict[tuple[str, str, str], list[tuple[str, list[Citation]]]] = {}
        for party in self.reader.state_parties():
            state = self.evidence.text(party.state.name)
            if state not in origins or party.action == "party":
                continue
            key = (state, party.action, party.date or "")
            grouped.setdefault(key, []).append(
                (self.evidence.text(party.instrument.name), self.evidence.citations(party))
            )
        for (state, action, when), instruments in grouped.items():
            said = f"{_cap(spoken_date(when))}, " if when else ""
            text = f"{said}{state} {action} {_joined(['the ' + name for name, _ in instruments])}."
            cites = [c for _, cs in instruments for c in cs]
            draft.law.append(self.sentence(draft, text, cites, text))
        if not draft.law:
            draft.law.append(
                self.missing(draft, f"no treaty status of {_joined(sorted(origins))} in the record")
            )

    def history(self, draft: Draft, to_them: list[LetterRow], followed: LetterRow | None) -> None:
        earlier = {ltr.id: ltr for ltr in ([followed] if followed else []) + to_them}
        for ltr in sorted(earlier.values(), key=lambda x: x.date):
            to = (
                _joined([p.name + (f", {p.title}" if p.title else "") for p in ltr.recipients])
                or "the recipient"
            )
            asks = _joined([a.text for a in ltr.asks])
            text = f"{_cap(spoken_date(ltr.date))}, {len(ltr.senders)} Members of Congress wrote to {to}" + (
                f", asking to {asks}." if asks else "."
            )
            draft.history.append(self.sentence(draft, text, ltr.citations, f"the letter of {ltr.date}"))
            for o in ltr.outcomes:
                draft.history.append(
                    self.sentence(draft, o.text[0].upper() + o.text[1:] + ".", o.citations, o.text)
                )
        # The recipient's commitments, each said once (two letters recalling one promise are two sources).
        surname = self.surname
        said: dict[str, tuple[str, list[Citation]]] = {}
        for ltr in self.evidence.letters():
            to_recipient = any(surname and surname in p.name.lower() for p in ltr.recipients)
            for c in ltr.commitments:
                # "you committed" in a letter to the recipient is the recipient's commitment.
                theirs = bool(surname) and surname in c.who.lower()
                if not theirs and not (c.who.lower() in {"you", ""} and to_recipient):
                    continue
                key = " ".join(c.what.lower().split())
                where = f" at {c.where}" if c.where else ""
                when = f" {spoken_date(c.when)}" if c.when else ""
                text = f"{draft.to} committed{when}{where} to {c.what}."
                earlier_text, cites = said.get(key, (text, []))
                # The fullest wording (with when and where) is kept.
                said[key] = (max(earlier_text, text, key=len), cites + c.citations)
        for key, (text, cites) in said.items():
            draft.history.append(self.sentence(draft, text, cites, f"the commitment {key!r}"))
        draft.held["letters"] = sorted(earlier)
        if not earlier:
            draft.warnings.append(f"missing: no earlier letter to {draft.to} in the record")

    def asks(self, draft: Draft, source: LetterRow | None) -> None:
        if source is None or not source.asks:
            draft.asks.append(self.missing(draft, "the asks: no letter in the record to take them from"))
            return
        for ask in source.asks:
            draft.asks.append(self.sentence(draft, ask.text, ask.citations, f"the ask {ask.text!r}"))

    def signers(self, draft: Draft, bioguides: list[str]) -> None:
        found = {leg.bioguide: leg for leg in self.reader.legislators(bioguide__in=bioguides)}
        for bioguide in bioguides:
            leg = found.get(bioguide)
            if leg is None:
                draft.warnings.append(
                    f"missing: no Member of Congress {bioguide} in the roster (refwatch roster load)"
                )
                continue
            chamber = term_of(leg, self.today.isoformat()).get("chamber", "")
            draft.signers.append(
                Signer(str(leg), CHAMBER_TITLES.get(chamber, "Member of Congress"), bioguide)
            )
        if not draft.signers:
            draft.warnings.append("missing: no signer")


def make_draft(
    reader: Reader, *, to: str, signers: list[str], follow_up: int | None = None, today: date | None = None
) -> Draft:
    return Drafter(reader, today).draft(to, signers, follow_up)
