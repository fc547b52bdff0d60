"""The claim check: every figure and date a draft states, set against the record.

The draft is read by the same extraction as any document (refwatch.extract.extract), so a claim
is what extraction finds: a return (count and date), a figure (a count of people), a state's
ratification of an instrument, an earlier letter. Each comes out

- supported: a statement of the record says the same (its sources are given);
- conflicting: the record holds the same event or thing with another number or date (the
  sources that say otherwise are given);
- outdated: supported, but a newer source gives another number for it;
- unsupported: nothing in the record says it.

Support from a statement no person has accepted counts, marked unverified, unless
`verified_only`. The record is read through the reader's Reader: a claim is never checked
against what its reader may not see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from refwatch.extract import extract
from refwatch.extract.model import Figure as FigureClaim
from refwatch.extract.model import Ratification, Reference, Repatriation
from refwatch.knowledge.models import Statement
from refwatch.outputs.display import format_count, format_date
from refwatch.outputs.evidence import VERIFIED_REVIEWS, Citation, Evidence

MAX_DRAFT = 200_000  # characters: a letter or brief, not a library (extraction's time grows with it)

SUPPORTED, CONFLICTING, OUTDATED, UNSUPPORTED = "supported", "conflicting", "outdated", "unsupported"
FAILING = frozenset({CONFLICTING, UNSUPPORTED})


@dataclass
class Claim:
    kind: str  # "return", "figure", "ratification", "letter"
    start: int  # the characters of the draft to mark
    end: int
    sentence: str
    said: str  # the claim in a few words ("600 on 9 Oct 2023")
    verdict: str = UNSUPPORTED
    sources: list[Citation] = field(default_factory=list)  # those that support it
    against: list[Citation] = field(default_factory=list)  # those that say otherwise (or newer)
    note: str = ""

    @property
    def unverified(self) -> bool:
        """Supported only by statements no person has accepted yet."""
        return bool(self.sources) and not any(c.verified for c in self.sources)

    @property
    def label(self) -> str:
        return self.verdict + (" (unverified)" if self.unverified and self.verdict != UNSUPPORTED else "")


@dataclass
class Check:
    text: str
    claims: list[Claim]

    @property
    def ok(self) -> bool:
        """True when nothing is conflicting or unsupported (the exit status 0 of `refwatch check`)."""
        return not any(c.verdict in FAILING for c in self.claims)

    def tally(self) -> dict[str, int]:
        out = {v: 0 for v in (SUPPORTED, OUTDATED, CONFLICTING, UNSUPPORTED)}
        for c in self.claims:
            out[c.verdict] += 1
        return out

    def segments(self) -> list[tuple[str, Claim | None]]:
        """The draft cut into plain text and marked claims, in order (a claim overlapping an
        earlier one is listed, not marked twice)."""
        out: list[tuple[str, Claim | None]] = []
        pos = 0
        for claim in sorted(self.claims, key=lambda c: (c.start, c.end)):
            if claim.start < pos:
                continue
            out.append((self.text[pos : claim.start], None))
            out.append((self.text[claim.start : claim.end], claim))
            pos = claim.end
        out.append((self.text[pos:], None))
        return [(t, c) for t, c in out if t or c]


def _mark(item: Any, *spans: tuple[int, int] | None) -> tuple[int, int]:
    found = [s for s in spans if s]
    if not found:
        return item.start, item.end
    return min(s[0] for s in found), max(s[1] for s in found)


def _unit(unit: str) -> str:
    words = [w for w in unit.lower().replace("-", " ").split() if w not in {"north", "korean", "the"}]
    return " ".join(words)


class Checker:
    """Claims of drafts against the record one reader may see."""

    def __init__(self, evidence: Evidence, *, verified_only: bool = False) -> None:
        self.evidence = evidence
        self.verified_only = verified_only
        reader = evidence.reader
        # (fact, its live statements, their citations): read once for every claim of a draft.
        self.incidents = [(i, reader.statements_for(i)) for i in reader.incidents()]
        self.figures = [(f, reader.statements_for(f)) for f in reader.figures()]
        self.state_parties = [(p, reader.statements_for(p)) for p in reader.state_parties()]
        self.letters = list(reader.letters())

    def counts(self, st: Statement) -> bool:
        return not self.verified_only or st.review in VERIFIED_REVIEWS

    def cite(self, statements: Iterable[Statement]) -> list[Citation]:
        return [self.evidence.citation(s) for s in statements if self.counts(s)]

    def check(self, text: str) -> Check:
        """Raises ValueError (ExtractionError) on a draft too long or one extraction refuses."""
        if len(text) > MAX_DRAFT:
            raise ValueError(
                f"the draft is {len(text):,} characters; a draft to check holds at most {MAX_DRAFT:,}"
            )
        found = extract(text)
        claims = [self.repatriation(r, text) for r in found.repatriations]
        claims += [self.figure(f) for f in found.figures]
        claims += [self.ratification(r) for r in found.ratifications]
        if found.letter is not None:
            claims += [self.reference(r) for r in found.letter.references if r.date]
        return Check(text, sorted(claims, key=lambda c: (c.start, c.end)))

    # --- each kind of claim -------------------------------------------------------------------

    def repatriation(self, r: Repatriation, text: str) -> Claim:
        start, end = _mark(r, r.count_span, r.date_span)
        when = format_date(r.date_start, r.date_end, r.date_precision) if r.date_start else "undated"
        claim = Claim(
            "return",
            start,
            end,
            r.quote,
            f"{format_count(r.count, r.count_qualifier, r.count_min)} returned, {when}",
        )
        if r.count is None:
            claim.note = "no count to check"
            return claim
        same_day = [
            (i, ss)
            for i, ss in self.incidents
            if r.date_start
            and i.date_start == r.date_start
            and (i.date_end or i.date_start) == (r.date_end or r.date_start)
        ]
        overlapping = [
            (i, ss)
            for i, ss in self.incidents
            if r.date_start
            and i.date_start
            and i.date_start <= (r.date_end or r.date_start)
            and (i.date_end or i.date_start) >= r.date_start
        ]
        agree: list[Statement] = []
        differ: list[Statement] = []
        for _inc, statements in same_day or overlapping:
            for st in statements:
                if not self.counts(st):
                    continue
                given = st.values().get("count")
                if given == r.count:
                    agree.append(st)
                elif isinstance(given, int) and same_day:
                    differ.append(st)
        return self.verdict(claim, agree, differ)

    def figure(self, f: FigureClaim) -> Claim:
        start, end = _mark(f, f.count_span)
        claim = Claim(
            "figure", start, end, f.quote, f"{format_count(f.quantity, f.qualifier)} {f.unit}".strip()
        )
        unit = _unit(f.unit)
        agree: list[Statement] = []
        differ: list[Statement] = []
        for fig, statements in self.figures:
            if _unit(fig.unit) != unit:
                continue
            live = [s for s in statements if self.counts(s)]
            (agree if fig.quantity == f.quantity else differ).extend(live)
        return self.verdict(claim, agree, differ)

    def ratification(self, r: Ratification) -> Claim:
        claim = Claim(
            "ratification",
            r.start,
            r.end,
            r.quote,
            f"{r.state} {r.action} {r.instrument} {r.date or ''}".strip(),
        )
        agree: list[Statement] = []
        differ: list[Statement] = []
        for party, statements in self.state_parties:
            if party.state.name != r.state or party.instrument.name != r.instrument:
                continue
            live = [s for s in statements if self.counts(s)]
            same = (
                not r.date or not party.date or party.date.startswith(r.date) or r.date.startswith(party.date)
            )
            (agree if same else differ).extend(live)
        return self.verdict(claim, agree, differ, newer_wins=False)

    def reference(self, ref: Reference) -> Claim:
        to = ref.recipient or ""
        claim = Claim("letter", ref.start, ref.end, ref.quote, f"letter of {ref.date} to {to or '?'}".strip())
        surname = to.split()[-1].lower() if to.split() else ""
        agree: list[Statement] = []
        for ltr in self.letters:
            if not ltr.date or not ltr.date.startswith(ref.date or "~"):
                continue
            if surname and not any(surname in p.name.lower() for p in ltr.recipients):
                continue
            agree += [s for s in self.evidence.reader.statements_for(ltr) if self.counts(s)]
        return self.verdict(claim, agree, [], newer_wins=False)

    # --- the verdict --------------------------------------------------------------------------

    def verdict(
        self, claim: Claim, agree: list[Statement], differ: list[Statement], *, newer_wins: bool = True
    ) -> Claim:
        claim.sources = self.cite(agree)
        claim.against = self.cite(differ)
        if claim.sources:
            claim.verdict = SUPPORTED
            latest = max(c.date for c in claim.sources)
            newer = [c for c in claim.against if c.date > latest]
            if newer_wins and newer:
                claim.verdict = OUTDATED
                claim.against = newer
                claim.note = "a newer source gives another number"
            elif claim.against:
                claim.note = "other sources give another number"
        elif claim.against:
            claim.verdict = CONFLICTING
        elif self.verified_only:
            claim.note = "nothing verified says this"
        return claim


def check(evidence: Evidence, text: str, *, verified_only: bool = False) -> Check:
    return Checker(evidence, verified_only=verified_only).check(text)


def report(result: Check) -> str:
    """The check as plain text: each claim in place, its verdict beside it, and its sources."""
    lines = []
    for n, claim in enumerate(result.claims, 1):
        line = result.text.count("\n", 0, claim.start) + 1
        lines.append(
            f"{n}. line {line}: “{result.text[claim.start : claim.end]}” ({claim.said}): {claim.label}"
        )
        for cite in claim.sources:
            lines.append(f"   supported by: {cite.footnote()}")
        for cite in claim.against:
            lines.append(
                f"   {'newer' if claim.verdict == OUTDATED else 'says otherwise'}: {cite.footnote()}"
            )
        if claim.note:
            lines.append(f"   note: {claim.note}")
    tally = result.tally()
    lines.append(
        f"{len(result.claims)} claims: " + ", ".join(f"{n} {v}" for v, n in tally.items() if n)
        if result.claims
        else "no figure or date found to check"
    )
    return "\n".join(lines) + "\n"
