"""The roster of Congress: who a letter's senders and recipients are, when they are Members.

    >>> from refwatch.knowledge import roster
    >>> roster.load("congress-legislators/")      # the folder, or some of its files
    >>> roster.link_parties()

The roster is the public-domain dataset github.com/unitedstates/congress-legislators, read
from files the user gives (legislators-current.yaml with every term; legislators-historical.yaml
likewise, or legislators-historical.csv with the last term only and no dates). A compact copy
ships with refwatch (`SHIPPED`, with former members since 2012 keeping their dated terms) and is
loaded when no roster is (`ensure_loaded`, on first run). Nothing is fetched at run time.

A letter party is linked to a Legislator only when exactly one fits: the same surname (accents,
case, "Jr." and credentials like "M.D." aside), a compatible given name (the same, a nickname,
a short form or an initial), the chamber its title names, and a term in that chamber over the
letter's date when the date is known. A former member without term dates can neither confirm a
dated letter nor be ruled out by it: it counts against a link, never for one. When unsure, the
party stays unlinked: a wrong link costs more than a missing one.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import connection, transaction
from django.db.models import QuerySet

from refwatch.knowledge.models import Legislator, Letter, LetterParty
from refwatch.knowledge.terms import covers as _covers
from refwatch.knowledge.terms import date_range as _date_range

CHAMBERS = {"rep": "house", "sen": "senate"}

# Which files of a roster folder are read, in this order: the later file wins for a member in
# both (a member who left keeps their full history in the current file until it is updated).
HISTORICAL = ("legislators-historical.yaml", "legislators-historical.csv")
CURRENT = "legislators-current.yaml"

# The roster shipped with refwatch (CC0; how it was built and from which commits: data/README.md).
SHIPPED = Path(__file__).resolve().parent / "data" / "legislators.json.gz"


class RosterError(ValueError):
    """A roster file that cannot be read; its message is one line."""


@dataclass
class LoadResult:
    loaded: int
    created: int
    updated: int
    linked: int


# --- names -------------------------------------------------------------------------------------


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}
)


def fold(text: str | None) -> str:
    """Lower case without accents, apostrophes or dots; hyphens and other marks become spaces."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_UNDECOMPOSED)
    text = re.sub(r"['’.]", "", text)
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


# Words before a name that are no part of it, and after it generational suffixes and credentials.
_HONORIFICS = {
    "the", "hon", "honorable", "dr", "mr", "mrs", "ms", "miss", "sen", "senator", "rep",
    "representative", "congressman", "congresswoman", "us", "delegate", "chairman", "chairwoman",
    "chair", "ranking", "member", "leader", "speaker",
}  # fmt: skip
_SUFFIXES = {
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "md",
    "phd",
    "dds",
    "dvm",
    "esq",
    "cpa",
    "jd",
    "facs",
    "mba",
    "mph",
}

# Given names and the short forms people go by that are not simply their beginnings
# (Tim/Timothy, Jeff/Jeffrey are found as prefixes).
_SHORT_FORMS = {
    "robert": {"bob", "bobby", "rob", "robby"},
    "william": {"bill", "billy", "will", "willie"},
    "james": {"jim", "jimmy", "jamie"},
    "richard": {"dick", "rick", "ricky", "rich"},
    "michael": {"mike", "mikey"},
    "edward": {"ed", "eddie", "ted", "ned"},
    "theodore": {"ted", "teddy"},
    "charles": {"chuck", "charlie"},
    "elizabeth": {"liz", "beth", "betsy", "betty", "eliza"},
    "margaret": {"peggy", "maggie", "meg"},
    "katherine": {"kate", "katie", "kathy", "kat"},
    "kathleen": {"kathy", "kate", "katie"},
    "catherine": {"cathy", "kate", "katie"},
    "joseph": {"joe", "joey"},
    "john": {"jack", "johnny"},
    "henry": {"hank", "harry"},
    "lawrence": {"larry"},
    "gerald": {"jerry"},
    "anthony": {"tony"},
    "andrew": {"andy", "drew"},
    "nicholas": {"nick"},
    "stephen": {"steve"},
    "steven": {"steve"},
    "patricia": {"pat", "patty", "trish"},
    "susan": {"sue", "suzy"},
    "deborah": {"debbie", "deb"},
    "jennifer": {"jen", "jenny"},
    "rebecca": {"becky", "becca"},
    "thomas": {"tom", "tommy"},
    "daniel": {"dan", "danny"},
    "david": {"dave"},
    "frederick": {"fred"},
    "francis": {"frank"},
    "alexander": {"alex"},
    "albert": {"al"},
    "alan": {"al"},
    "gregory": {"greg"},
    "matthew": {"matt"},
    "zachary": {"zach"},
    "abigail": {"abby"},
    "suzanne": {"suzy", "sue"},
}
_SAME_NAME: dict[str, set[str]] = {}
for _full, _shorts in _SHORT_FORMS.items():
    for _name in (_full, *_shorts):
        _SAME_NAME.setdefault(_name, set()).update({_full, *_shorts})


def name_words(name: str) -> list[str]:
    """The words of a person's name as a letter writes it, without titles, suffixes or credentials:
    "Ami Bera, M.D." → ["ami", "bera"]; "Sen. Chris Van Hollen (D-MD)" → ["chris", "van", "hollen"]."""
    name = re.sub(r"\([^)]*\)", " ", name or "")
    # After a comma come suffixes, credentials or a title ("Ami Bera, M.D.", "X, Member of Congress").
    words = fold(name.split(",")[0]).split()
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    while len(words) > 1:
        if words[-1] in _SUFFIXES:
            words = words[:-1]
        # A credential written with spaced dots ("M. D.") comes apart into single letters.
        elif len(words) > 2 and len(words[-1]) == len(words[-2]) == 1 and words[-2] + words[-1] in _SUFFIXES:
            words = words[:-2]
        else:
            break
    return words


def _given_compatible(given: list[str], legislator: Legislator) -> bool:
    """Whether the given names a letter writes can be this legislator's."""
    if not given:
        return True
    first = fold(legislator.first)
    middle = fold(legislator.middle)
    names = {n for n in (first, middle, fold(legislator.nickname)) if n}
    names.update(w for w in fold(legislator.official_full).split()[:1] if len(w) > 1)
    names = {w for n in names for w in n.split()}
    word = given[0]
    if len(word) == 1:
        ok = any(n.startswith(word) for n in names)
    else:
        ok = any(_same_given(word, n) for n in names if len(n) > 1)
    if not ok:
        return False
    # A middle initial that the roster contradicts ("John A. Smith" is not John B. Smith).
    if len(given) > 1 and middle and first and not first.startswith(given[1][0]):
        return middle[0] == given[1][0]
    return True


def _same_given(a: str, b: str) -> bool:
    if a == b or b in _SAME_NAME.get(a, ()):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def _plausible_age(legislator: Legislator, span: tuple[str, str]) -> bool:
    """Whether the legislator can have sat on that date at all (for members without term dates):
    at least 25 years old, and not more than 100."""
    born = legislator.birthday[:4]
    if not born.isdigit():
        return True
    return 25 <= int(span[0][:4]) - int(born) <= 100


# --- linking -----------------------------------------------------------------------------------


def party_chamber(party: LetterParty) -> str:
    # Extraction reads the chamber from the title (refwatch.extract.people.chamber_of), and an
    # analyst's edit sets both.
    return party.chamber or ""


def _titled_otherwise(party: LetterParty) -> bool:
    """A title that names an office other than a seat in Congress ("Ambassador", "President")."""
    title = fold(party.title)
    return bool(title) and not party_chamber(party) and "congress" not in title


def candidates(party: LetterParty, by_surname: dict[str, list[Legislator]]) -> tuple[list[Legislator], int]:
    """The legislators the party can be on its letter's date, and how many more that the roster
    cannot rule out (members without term dates)."""
    words = name_words(party.name)
    chamber = party_chamber(party)
    span = _date_range(party.letter.date)
    sure: list[Legislator] = []
    unsure = 0
    for i in range(len(words)):
        given = words[:i]
        # A surname alone ("Senator Kaine") is enough only with the chamber and the date known.
        if not given and not (chamber and span):
            continue
        for legislator in by_surname.get(" ".join(words[i:]), []):
            if not _given_compatible(given, legislator):
                continue
            terms = [t for t in legislator.terms if not chamber or t.get("chamber") == chamber]
            if not terms:
                continue
            if span is None:
                sure.append(legislator)
            elif any(_covers(t, span) for t in terms):
                sure.append(legislator)
            elif any(not (t.get("start") and t.get("end")) for t in terms) and _plausible_age(
                legislator, span
            ):
                unsure += 1
    return sure, unsure


def match(party: LetterParty, by_surname: dict[str, list[Legislator]]) -> Legislator | None:
    """The one legislator the party is, or None (no one, several, or not sure)."""
    # A confidential document's protected names are pseudonyms in brackets: never a legislator.
    if "[" in party.name or not party.name.strip():
        return None
    if _titled_otherwise(party) and not _date_range(party.letter.date):
        return None
    sure, unsure = candidates(party, by_surname)
    found = {legislator.pk: legislator for legislator in sure}
    return next(iter(found.values())) if len(found) == 1 and not unsure else None


def _surname_keys(name: str) -> set[str]:
    words = name_words(name)
    return {" ".join(words[i:]) for i in range(len(words))}


def loaded() -> bool:
    return Legislator.objects.exists()


def link_parties(letters: Iterable[Letter] | QuerySet[Letter] | None = None) -> int:
    """Link (or unlink, when they no longer fit) the parties of `letters` (every letter when
    None) to the roster; how many of them are linked after."""
    parties_qs = LetterParty.objects.select_related("letter")
    if letters is not None:
        parties_qs = parties_qs.filter(letter__in=letters)
    parties = list(parties_qs)
    keys = set().union(*(_surname_keys(p.name) for p in parties)) if parties else set()
    by_surname: dict[str, list[Legislator]] = {}
    key_list = sorted(keys)
    # In slices: SQLite limits the parameters of one query.
    for start in range(0, len(key_list), 500):
        for legislator in Legislator.objects.filter(last_key__in=key_list[start : start + 500]):
            by_surname.setdefault(legislator.last_key, []).append(legislator)
    changed = []
    linked = 0
    for party in parties:
        legislator = match(party, by_surname)
        pk = legislator.pk if legislator else None
        linked += pk is not None
        if party.legislator_id != pk:
            party.legislator_id = pk
            changed.append(party)
    LetterParty.objects.bulk_update(changed, ["legislator"], batch_size=500)
    return linked


def link_new(letters: QuerySet[Letter]) -> None:
    """After a document is stored: link its letters' parties, when a roster is loaded."""
    if loaded():
        link_parties(letters)


# --- loading -----------------------------------------------------------------------------------


def roster_files(path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to read: a folder's roster files (historical first), or the files given."""
    paths = [Path(path)] if isinstance(path, str | os.PathLike) else [Path(p) for p in path]
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            historical = next((p / name for name in HISTORICAL if (p / name).is_file()), None)
            found = [f for f in (historical, p / CURRENT) if f is not None and f.is_file()]
            if not found:
                raise RosterError(f"no roster files in {p}: expected {CURRENT} or {' or '.join(HISTORICAL)}")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise RosterError(f"roster file not found: {p}")
    return files


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _term(raw: dict[str, Any]) -> dict[str, Any] | None:
    chamber = CHAMBERS.get(_text(raw.get("type")))
    if chamber is None:
        return None
    term = {
        "chamber": chamber,
        "start": _text(raw.get("start")) or None,
        "end": _text(raw.get("end")) or None,
        "state": _text(raw.get("state")),
        "district": int(raw["district"]) if _text(raw.get("district")).lstrip("-").isdigit() else None,
        "party": _text(raw.get("party")),
    }
    if raw.get("caucus"):
        term["caucus"] = _text(raw["caucus"])
    return term


def _record(
    bioguide: str, name: dict[str, Any], birthday: Any, terms: list[dict[str, Any]]
) -> dict[str, Any]:
    last = _text(name.get("last"))
    return {
        "bioguide": bioguide,
        "official_full": _text(name.get("official_full"))[:300],
        "first": _text(name.get("first"))[:120],
        "middle": _text(name.get("middle"))[:120],
        "last": last[:120],
        "nickname": _text(name.get("nickname"))[:120],
        "suffix": _text(name.get("suffix"))[:40],
        "birthday": _text(birthday)[:10],
        "last_key": fold(last)[:120],
        "terms": terms,
    }


def read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open("rb") as fh:
            data = yaml.load(fh, Loader=yaml.CSafeLoader)
    except OSError as error:
        raise RosterError(f"cannot read {path}: {error.strerror or error}") from error
    except yaml.YAMLError as error:
        problem = " ".join(str(getattr(error, "problem", "") or error).split())
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise RosterError(f"{path} is not valid YAML{where}: {problem}") from error
    return _people(data, path)


def read_json(path: Path) -> list[dict[str, Any]]:
    """The compact roster (the dataset's YAML shape with only the fields read here, as JSON,
    gzipped when the name ends in .gz): the one shipped in knowledge/data/, or one built alike."""
    try:
        raw = path.read_bytes()
        data = json.loads(gzip.decompress(raw) if path.suffix.lower() == ".gz" else raw)
    except (ValueError, EOFError, gzip.BadGzipFile) as error:  # BadGzipFile is an OSError: first
        raise RosterError(f"{path} is not a roster in JSON: {' '.join(str(error).split())}") from error
    except OSError as error:
        raise RosterError(f"cannot read {path}: {error.strerror or error}") from error
    return _people(data, path)


def _people(data: Any, path: Path) -> list[dict[str, Any]]:
    if not isinstance(data, list):
        raise RosterError(f"{path} is not a congress-legislators file: expected a list of people")
    records = []
    for number, entry in enumerate(data, 1):
        try:
            bioguide = _text(entry["id"]["bioguide"])
            name = entry["name"]
            terms = [t for raw in entry.get("terms") or [] if (t := _term(raw))]
            birthday = (entry.get("bio") or {}).get("birthday")
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise RosterError(
                f"{path}: person {number} lacks its bioguide id, name or terms ({error!r})"
            ) from error
        if not bioguide or not _text(name.get("last")):
            raise RosterError(f"{path}: person {number} lacks its bioguide id or surname")
        if terms:  # presidents who never sat in Congress (executive.yaml) are no legislators
            records.append(_record(bioguide, name, birthday, terms))
    return records


CSV_COLUMNS = {"last_name", "first_name", "bioguide_id", "type", "state", "party"}


def read_csv(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as error:
        raise RosterError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise RosterError(f"{path} is not a readable CSV file: {' '.join(str(error).split())}") from error
    if not rows or not CSV_COLUMNS <= set(rows[0]):
        raise RosterError(
            f"{path} is not a congress-legislators CSV: needs columns {', '.join(sorted(CSV_COLUMNS))}"
        )
    records = []
    for number, row in enumerate(rows, 2):
        bioguide, last = _text(row.get("bioguide_id")), _text(row.get("last_name"))
        if not bioguide or not last:
            raise RosterError(f"{path}:{number}: a row without bioguide id or surname")
        name = {
            "first": row.get("first_name"),
            "middle": row.get("middle_name"),
            "last": last,
            "nickname": row.get("nickname"),
            "suffix": row.get("suffix"),
            "official_full": row.get("full_name"),
        }
        # The CSV gives the last term only, and no dates.
        term = _term({k: row.get(k) for k in ("type", "state", "district", "party")})
        records.append(_record(bioguide, name, row.get("birthday"), [term] if term else []))
    return records


def read(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    if path.suffix.lower() in {".yaml", ".yml"}:
        return read_yaml(path)
    if path.name.lower().endswith((".json", ".json.gz")):
        return read_json(path)
    raise RosterError(f"{path}: not a roster file (a congress-legislators .yaml or .csv, or a .json.gz)")


FIELDS = ("official_full", "first", "middle", "last", "nickname", "suffix", "birthday", "last_key", "terms")


def load(path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, link: bool = True) -> LoadResult:
    """Load the roster from a folder or files, then link every letter's parties to it.

    Idempotent: a member already loaded is updated in place, never duplicated. Every file is
    read before anything is written, and all is written in one transaction: a missing or
    corrupt file raises RosterError (one line) and changes nothing.
    """
    records: dict[str, dict[str, Any]] = {}
    for file in roster_files(path):
        for record in read(file):
            records[record["bioguide"]] = record  # a later file (the current one) wins
    return _write(records, link=link)


def ensure_loaded() -> LoadResult | None:
    """On first run: load the roster shipped with refwatch when none is loaded, so that the
    letters' signers show their party and state from the first screen. None when one was."""
    if loaded():
        return None
    return load(SHIPPED)


def _write(records: dict[str, dict[str, Any]], *, link: bool) -> LoadResult:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Processes starting together on a fresh database (two `refwatch worker`s) each load
            # the shipped roster: the second waits for the first here, then reads its members as
            # existing instead of inserting them again. SQLite's writers take turns already.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Legislator._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        # Rows as dicts, not models: building twelve thousand models costs more than the writes.
        existing = {row["bioguide"]: row for row in Legislator.objects.values("pk", "bioguide", *FIELDS)}
        new, changed = [], []
        for bioguide, record in records.items():
            row = existing.get(bioguide)
            if row is None:
                new.append(Legislator(**record))
            elif any(row[f] != record[f] for f in FIELDS):
                changed.append(Legislator(pk=row["pk"], **record))
        Legislator.objects.bulk_create(new, batch_size=500)
        Legislator.objects.bulk_update(changed, list(FIELDS), batch_size=500)
        linked = link_parties() if link else 0
    return LoadResult(loaded=len(records), created=len(new), updated=len(changed), linked=linked)
