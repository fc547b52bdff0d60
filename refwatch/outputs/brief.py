"""The evidence brief: what the record holds for a period, as the seed letters state it, with every
claim footnoted. One model (`Brief`), rendered as a page, a PDF and a DOCX (refwatch.outputs.render).

What goes in: incidents with their counts as ranges where sources differ; totals per year from
the most conservative figure up (each incident counted once, by its lowest figure, and never the
sum of two figures for the same event); the instruments the record names and the returning
state's treaty status; the letters with their asks and what became of them; officials'
commitments. Verified facts only (a person accepted one of their statements) unless
`include_unverified`, which adds the others, marked unverified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from refwatch.knowledge.queries import Reader
from refwatch.outputs.display import format_date
from refwatch.outputs.evidence import Citation, Evidence, IncidentRow, LetterRow
from refwatch.outputs.notes import Footnotes

# How a state's relation to an instrument reads in a sentence.
ACTIONS = {"ratified": "ratified", "acceded": "acceded to", "signed": "signed", "party": "is a party to"}
CHART_WIDTH = 340  # pixels of the longest bar


@dataclass
class Line:
    """One claim of the brief and the footnotes it rests on."""

    text: str
    notes: list[int]
    verified: bool = True
    detail: str = ""


@dataclass
class YearTotal:
    year: str
    low: int
    high: int
    incidents: int

    @property
    def text(self) -> str:
        if self.low == self.high:
            return f"at least {self.low:,}"
        return f"at least {self.low:,} (up to {self.high:,} by the highest figures)"


@dataclass
class LetterPart:
    line: Line
    asks: list[Line]
    outcomes: list[Line]


@dataclass
class Brief:
    title: str
    period: str
    made: str
    include_unverified: bool
    incidents: list[Line] = field(default_factory=list)
    totals: list[YearTotal] = field(default_factory=list)
    aggregates: list[Line] = field(default_factory=list)
    law: list[Line] = field(default_factory=list)
    status: list[Line] = field(default_factory=list)
    letters: list[LetterPart] = field(default_factory=list)
    commitments: list[Line] = field(default_factory=list)
    figures: list[Line] = field(default_factory=list)
    footnotes: Footnotes = field(default_factory=Footnotes)
    held: dict[str, list[int]] = field(default_factory=dict)

    @property
    def chart(self) -> list[dict[str, object]]:
        """The timeline's bars, one a year: the most conservative total, and the highest behind it."""
        top = max((t.high for t in self.totals), default=0) or 1
        return [
            {
                "year": t.year,
                "y": 4 + 16 * n,
                "low": round(CHART_WIDTH * t.low / top),
                "high": round(CHART_WIDTH * t.high / top),
                "label": f"{t.low:,}" if t.low == t.high else f"{t.low:,}–{t.high:,}",
            }
            for n, t in enumerate(self.totals)
        ]

    @property
    def chart_height(self) -> int:
        return 8 + 16 * len(self.totals)


def _shown(row: IncidentRow | LetterRow | object, include_unverified: bool) -> bool:
    return include_unverified or bool(getattr(row, "verified", False))


def _cites(cites: list[Citation], include_unverified: bool) -> list[Citation]:
    return [c for c in cites if include_unverified or c.verified]


def make_brief(
    reader: Reader,
    *,
    start: str | None = None,
    end: str | None = None,
    include_unverified: bool = False,
    today: date | None = None,
) -> Brief:
    evidence = Evidence(reader)
    period = (
        f"{format_date(start) if start else 'the first record'} to {format_date(end) if end else 'today'}"
        if start or end
        else "the whole record"
    )
    brief = Brief(
        title="Forcible repatriation of North Korean refugees from China: evidence brief",
        period=period,
        made=(today or date.today()).isoformat(),
        include_unverified=include_unverified,
    )
    notes = brief.footnotes

    def line(text: str, cites: list[Citation], detail: str = "") -> Line:
        shown = _cites(cites, include_unverified)
        return Line(text, notes.cite(shown), any(c.verified for c in shown), detail)

    # Incidents, and the totals per year from the lowest figure of each.
    incidents = [i for i in evidence.incidents(start=start, end=end) if _shown(i, include_unverified)]
    years: dict[str, YearTotal] = {}
    origins: set[str] = set()
    for inc in incidents:
        origins.add(inc.origin)
        detail = ""
        if inc.conflicting:
            detail = "sources differ: " + "; ".join(
                f"{c:,} according to {cite.publisher or cite.title}" for c, _q, cite in inc.counts
            )
        text = f"{inc.when}: {inc.count_text} {inc.who or 'people'} returned from {inc.origin} to {inc.destination}"
        if inc.original_sources:
            text += f" (according to {', '.join(inc.original_sources)})"
        entry = line(text, inc.citations, detail)
        if inc.aggregate:
            brief.aggregates.append(entry)
            continue
        brief.incidents.append(entry)
        one_year = inc.date_start[:4] if inc.date_start[:4] == inc.date_end[:4] else ""
        if one_year and inc.low is not None:
            total = years.setdefault(one_year, YearTotal(one_year, 0, 0, 0))
            total.low += inc.low
            total.high += inc.high if inc.high is not None else inc.low
            total.incidents += 1
    brief.totals = [years[y] for y in sorted(years)]
    brief.held["incidents"] = [i.id for i in incidents]

    # The law: instruments the record names, and the returning states' treaty status.
    for inst in reader.instruments():
        # One passage a document: an instrument named ten times in a letter is one source.
        cites = list(
            {
                c.document_id: c for c in reversed(_cites(evidence.citations(inst), include_unverified))
            }.values()
        )
        if cites:
            brief.law.append(line(evidence.text(inst.name), cites[::-1]))
    for party in reader.state_parties():
        state = evidence.text(party.state.name)
        cites = _cites(evidence.citations(party), include_unverified)
        if not cites or (origins and state not in origins):
            continue
        when = f" in {format_date(party.date)}" if party.date else ""
        brief.status.append(
            line(f"{state} {party.action} the {evidence.text(party.instrument.name)}{when}", cites)
        )

    # Letters with their asks and outcomes; commitments.
    letters = [ltr for ltr in evidence.letters(start=start, end=end) if _shown(ltr, include_unverified)]
    for ltr in letters:
        signers = ", ".join(p.name for p in ltr.senders)
        head = line(f"{ltr.title}" + (f", signed by {signers}" if signers else ""), ltr.citations)
        asks = [line(a.text, a.citations) for a in ltr.asks if _cites(a.citations, include_unverified)]
        outcomes = [
            line(o.text + (f" ({o.status})" if o.status else ""), o.citations)
            for o in ltr.outcomes
            if _cites(o.citations, include_unverified)
        ]
        brief.letters.append(LetterPart(head, asks, outcomes))
        for c in ltr.commitments:
            if _cites(c.citations, include_unverified):
                who = f"{c.who}: " if c.who else ""
                when = f" ({format_date(c.when)}{', ' + c.where if c.where else ''})" if c.when else ""
                brief.commitments.append(line(f"{who}{c.what}{when}", c.citations))
    brief.held["letters"] = [ltr.id for ltr in letters]

    figures = [f for f in evidence.figures() if _shown(f, include_unverified)]
    brief.figures = [
        line(f.text + (f" (according to {f.attributed_to})" if f.attributed_to else ""), f.citations)
        for f in figures
    ]
    brief.held["figures"] = [f.id for f in figures]
    return brief
