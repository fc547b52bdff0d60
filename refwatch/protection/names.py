"""Finding protected names in text through keyed hashes, and replacing them with pseudonyms.

A name is never stored or held in clear for this: each name (and alias) of a Person is kept as
an HMAC of its normalised words (NameDigest). To redact a text, every run of words of a length
some name has is hashed with the same key and looked up. The key is a data key of its own,
wrapped by the master key like the others, so a rotation of the master key keeps the index.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import regex as re
from django.db import transaction

from refwatch.knowledge import search as full_text
from refwatch.protection import crypto, details
from refwatch.roles import PROTECTION_OFFICER, has_role, remembered

if TYPE_CHECKING:
    from refwatch.protection.models import Person

# Words of any script (Hangul included); apostrophes inside a word keep it whole.
_WORD = re.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*")
_HANGUL = re.compile(r"^\p{Hangul}+$")
# Korean particles written onto a name ("김철수는", "김철수의"): the name is the stem before them.
_PARTICLES = sorted(
    [
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "에게",
        "에게서",
        "와",
        "과",
        "도",
        "에서",
        "로",
        "으로",
        "씨",
        "님",
        "만",
        "이가",
    ],
    key=len,
    reverse=True,
)
# How long a process trusts its copy of the name index before asking the database whether
# another process added a name (a cheap aggregate; the index is reloaded only when it changed).
CHECK_SECONDS = 1.0


def normalise(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), normalise(m.group())) for m in _WORD.finditer(text)]


def _key() -> bytes:
    return crypto.data_key("name-index")[1]


def digest(tokens: Iterable[str], key: bytes | None = None) -> str:
    return hmac.new(key or _key(), " ".join(tokens).encode("utf-8"), hashlib.sha256).hexdigest()


def name_forms(name: str) -> list[list[str]]:
    """The word sequences a name is found by: as written, and Hangul names also without spaces."""
    tokens = [w for _s, _e, w in words(name)]
    if not tokens:
        return []
    forms = [tokens]
    if len(tokens) > 1 and all(_HANGUL.match(t) for t in tokens):
        forms.append(["".join(tokens)])
    return forms


def detail_forms(kind: str, value: str) -> list[list[str]]:
    """The word sequences a detail is found by: one canonical key for phones and dates (found by
    pattern, `tokens` 0), the words for addresses, and document numbers also run together."""
    keys = details.key_for(kind, value)
    if keys:
        return [[k] for k in keys]
    if kind in (details.PHONE, details.BIRTH_DATE):
        return []
    forms = name_forms(value)
    if kind == details.DOCUMENT_NUMBER and forms and len(forms[0]) > 1:
        forms.append(["".join(forms[0])])
    return forms


def index_person(person: Person) -> None:
    """Replace the name and detail digests of a person by those of its current names and details."""
    from refwatch.protection.models import NameDigest

    key = _key()
    rows = {}
    for name in person.names():
        for form in name_forms(name):
            d = digest(form, key)
            rows[d] = NameDigest(person=person, digest=d, tokens=len(form), kind="name")
    for kind, value in person.details():
        pattern = kind in (details.PHONE, details.BIRTH_DATE)
        for form in detail_forms(kind, value):
            d = digest(form, key)
            rows.setdefault(
                d, NameDigest(person=person, digest=d, tokens=0 if pattern else len(form), kind=kind)
            )
    NameDigest.objects.filter(person=person).exclude(digest__in=list(rows)).delete()
    existing = set(NameDigest.objects.filter(person=person).values_list("digest", flat=True))
    NameDigest.objects.bulk_create([r for d, r in rows.items() if d not in existing])
    invalidate()
    # The search index may hold these names in clear (indexed before they were protected).
    pending = _unindexed.get()
    if pending is None:
        full_text.reindex_names(person.names())
    else:
        pending.extend(person.names())


# The names of the persons indexed within `protecting`, not yet taken out of the search index;
# None outside of it. A context variable: each thread (each request, each worker) has its own.
_unindexed: ContextVar[list[str] | None] = ContextVar("unindexed_names", default=None)


@contextmanager
def protecting() -> Iterator[None]:
    """One operation that protects several persons: their names leave the search index together
    at its end, before it returns (each document naming any of them re-indexed once, the FTS
    index merged once), where one re-index and merge of the whole index for each person made an
    ingest that protects many people slow. Within a nested one, the outermost does it.

    In a transaction (a savepoint in the caller's): nothing is re-indexed after a failure part
    way, so the persons protected until then are rolled back rather than left in clear in the index.
    """
    if _unindexed.get() is not None:
        yield
        return
    pending: list[str] = []
    token = _unindexed.set(pending)
    with transaction.atomic():
        try:
            yield
        finally:
            _unindexed.reset(token)
        if pending:
            full_text.reindex_names(dict.fromkeys(pending))


@dataclass
class _Index:
    by_digest: dict[str, tuple[int, str, str]]  # digest → (person id, pseudonym, kind)
    lengths: list[int]  # word counts of the names, longest first (0: phones and dates, by pattern)
    loaded: float
    version: tuple[int, int]


_lock = threading.RLock()
_index: _Index | None = None


def invalidate() -> None:
    global _index
    with _lock:
        _index = None


def _version() -> tuple[int, int]:
    """Changes whenever any name digest is added or removed, in this process or another."""
    from django.db.models import Count, Max

    from refwatch.protection.models import NameDigest

    agg = NameDigest.objects.aggregate(top=Max("id"), n=Count("id"))
    return agg["top"] or 0, agg["n"]


def _load() -> _Index:
    global _index
    from refwatch.protection.models import NameDigest

    with _lock:
        now = time.monotonic()
        if _index is not None and now - _index.loaded < CHECK_SECONDS:
            return _index
        try:
            # A savepoint: if the query fails (no table yet), an enclosing transaction stays usable.
            with transaction.atomic():
                version = _version()
                if _index is not None and _index.version == version:
                    _index.loaded = now
                    return _index
                rows = list(
                    NameDigest.objects.values_list(
                        "digest", "tokens", "person_id", "person__pseudonym", "kind"
                    )
                )
        except Exception:
            # No database here (an async context, a closed connection): the names known so far
            # still get redacted rather than none.
            if _index is not None:
                return _index
            raise
        by_digest: dict[str, tuple[int, str, str]] = {}
        lengths: set[int] = set()
        for d, n, pid, pseudonym, kind in rows:
            by_digest[d] = (pid, pseudonym, kind)
            if n:
                lengths.add(n)
        _index = _Index(by_digest, sorted(lengths, reverse=True), now, version)
        return _index


def index_state() -> tuple[int, int] | None:
    """The version of the name index now in use (see _version); None when it cannot be loaded."""
    try:
        return _load().version
    except Exception:
        return None


def _stems(word: str) -> list[tuple[str, int]]:
    """The word, without a possessive, and for Hangul its stems without a trailing particle, with
    the stem's length."""
    out = [(word, len(word))]
    if word.endswith(("'s", "’s")):
        out.append((word[:-2], len(word) - 2))  # the possessive: "Sun-hee's brother"
    if _HANGUL.match(word):
        for p in _PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2:
                out.append((word[: -len(p)], len(word) - len(p)))
    return out


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    person_id: int | None  # None: a phone or birth date found by pattern, of no known person
    pseudonym: str
    kind: str = "name"

    @property
    def replacement(self) -> str:
        if self.kind == "name":
            return f"[{self.pseudonym}]"
        if self.person_id is None or self.pseudonym == UNKNOWN:
            return f"[{self.kind}]"
        return f"[{self.kind} of {self.pseudonym}]"


# What a reader sees for a person known only from documents they cannot open.
UNKNOWN = "protected name"


class RedactionUnavailable(RuntimeError):
    """Redaction could not run (no database, no key): the text is withheld, never shown as it is."""


def find_names(text: str) -> list[Found]:
    """Every protected name and recorded detail in `text`, longest match first, without overlaps."""
    index = _load()
    if not index.by_digest or not text:
        return []
    key = _key()
    found = _find_words(text, index, key)
    for d in [*details.phones(text), *details.dates(text)]:
        entry = index.by_digest.get(digest([d.key], key))
        if entry and not any(f.start < d.end and d.start < f.end for f in found):
            found.append(Found(d.start, d.end, entry[0], entry[1], entry[2]))
    return sorted(found, key=lambda f: f.start)


def _find_words(text: str, index: _Index, key: bytes) -> list[Found]:
    toks = words(text)
    found: list[Found] = []
    i = 0
    while i < len(toks):
        hit: Found | None = None
        for n in index.lengths:
            if i + n > len(toks):
                continue
            window = toks[i : i + n]
            head = [w for _s, _e, w in window[:-1]]
            last_start = window[-1][0]
            for stem, stem_len in _stems(window[-1][2]):
                entry = index.by_digest.get(digest([*head, stem], key))
                if entry:
                    # The stem's length is counted in the normalised word; NFKC keeps Hangul lengths.
                    end = last_start + stem_len if stem_len != len(window[-1][2]) else window[-1][1]
                    hit = Found(window[0][0], end, entry[0], entry[1], entry[2])
                    break
            if hit:
                i += n
                break
        if hit:
            found.append(hit)
        else:
            i += 1
    return found


def sees_identities(user: Any) -> bool:
    return has_role(user, PROTECTION_OFFICER)


# The persons named to the user (`named_access`), as the loader of a signed-in user reads them.
NAMED_PERSONS = "named_persons"


def named_access(user: Any) -> set[int]:
    """Persons this user may see by name although not a protection officer (named users/groups)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    from django.db.models import Q

    from refwatch.protection.models import Person

    return set(
        remembered(
            user,
            NAMED_PERSONS,
            lambda: frozenset(
                Person.objects.filter(
                    Q(allowed_users=user) | Q(allowed_groups__in=user.groups.all())
                ).values_list("pk", flat=True)
            ),
        )
    )


def hidden(text: str, user: Any = None, context: str | None = None, *, about: bool = False) -> list[Found]:
    """The places in `text` the user may not see: protected names and recorded details of people
    the user may not see, and, when the text (or `context`, the whole document it is part of)
    names such a person, or `about` says it is about protected people (a confidential
    document), every phone number and every date given as a birth date in it.

    Raises RedactionUnavailable when redaction cannot run: the caller withholds the text.
    """
    if not text or (user is not None and sees_identities(user)):
        return []
    try:
        allowed = named_access(user) if user is not None else set()
        found = [f for f in find_names(text) if f.person_id not in allowed]
        if user is not None and found:
            unknown = _unknown_to(user, {f.person_id for f in found if f.person_id is not None})
            found = [replace(f, pseudonym=UNKNOWN) if f.person_id in unknown else f for f in found]
        if about or found or (context is not None and _names_someone(context, allowed)):
            for d in details.in_text(text):
                if not any(f.start < d.end and d.start < f.end for f in found):
                    found.append(Found(d.start, d.end, None, "", d.kind))
    except RedactionUnavailable:
        raise
    except Exception as err:
        raise RedactionUnavailable(f"redaction could not run ({type(err).__name__})") from err
    return sorted(found, key=lambda f: f.start)


# The documents most recently checked for a protected person (a page redacts each quote of a
# document against the whole document: one search per document, not one per quote).
# Keyed by the text's SHA-256, so that no text is kept in memory by the cache.
_about_cache: dict[tuple[str, tuple[int, int], frozenset[int]], bool] = {}


def _names_someone(context: str, allowed: set[int]) -> bool:
    index = _load()
    cache_key = (hashlib.sha256(context.encode("utf-8")).hexdigest(), index.version, frozenset(allowed))
    if cache_key not in _about_cache:
        if len(_about_cache) > 256:
            _about_cache.clear()
        _about_cache[cache_key] = any(f.person_id not in allowed for f in find_names(context))
    return _about_cache[cache_key]


def redact(text: str, user: Any = None, context: str | None = None, *, about: bool = False) -> str:
    """`text` with every protected name (and detail, see `hidden`) replaced, unless the user may
    see it: a name by "[pseudonym]", a detail by "[phone of pseudonym]" or "[birth date]".

    `user=None` (logs, exports, public pages) always redacts. Raises RedactionUnavailable when
    redaction cannot run.
    """
    found = hidden(text, user, context, about=about)
    if not found:
        return text
    out: list[str] = []
    pos = 0
    for f in found:
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def sees_every_identity(user: Any, texts: Iterable[str], *, confidential: bool) -> bool:
    """True when `user` may see every protected person and detail in `texts` (a document's text,
    title and file name): the condition for its original bytes, where nothing can be redacted.

    A confidential document needs the identity right itself: every personal name in it is
    protected, including any that no finder caught. An empty text says nothing of what the file
    holds (a scan that was not read), so it is not cleared either.
    """
    if user is not None and sees_identities(user):
        return True
    texts = list(texts)
    if confidential or not texts or not texts[0]:
        return False
    return not any(hidden(t, user) for t in texts if t)


def note_source(people: Iterable[Person], document_pk: int) -> None:
    """Remember that these people were protected from this document."""
    for person in people:
        if document_pk not in (person.documents or []):
            person.documents = [*(person.documents or []), document_pk]
            type(person).objects.filter(pk=person.pk).update(documents=person.documents)


def _unknown_to(user: Any, person_ids: set[int]) -> set[int]:
    """The people, of `person_ids`, known only from documents `user` cannot open: a reader who
    cannot open them must not learn from a pseudonym that a name is one of theirs."""
    from refwatch.knowledge.access import visible
    from refwatch.knowledge.models import Document
    from refwatch.protection.models import Person

    sources = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "documents"))
    ids = {d for docs in sources.values() for d in docs or []}
    if not ids:
        return set()
    readable = set(visible(Document.objects.filter(pk__in=ids), user).values_list("pk", flat=True))
    return {pid for pid, docs in sources.items() if docs and not readable & set(docs)}


def person_for_name(name: str) -> Person | None:
    """The person already known by this name (any form), if any."""
    from refwatch.protection.models import Person

    index = _load()
    key = _key()
    for form in name_forms(name):
        entry = index.by_digest.get(digest(form, key))
        if entry:
            return Person.objects.filter(pk=entry[0]).first()
    return None


# Words before a surname by which a text names a person without the given name ("Dear
# Ambassador Perdue,"): each becomes an alias of a protected romanised name, so that the
# person is also found where the text names them that way.
HONORIFICS = (
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Ambassador", "Senator", "Sen", "Representative", "Rep",
    "Congressman", "Congresswoman", "Secretary", "President", "Minister", "Chairman", "Chairwoman",
    "Judge", "General", "Pastor", "Father", "Sister",
)  # fmt: skip
# Credentials and notes after a name as letters write it ("Ami Bera, M.D.", "Tim Kaine (D-VA)").
_AFTER_NAME = re.compile(r"\s*(?:,.*|\(.*)$")


def clean_name(name: str) -> str:
    """A name as a person is called, without credentials or party notes: "Ami Bera, M.D." → "Ami Bera"."""
    return " ".join(_AFTER_NAME.sub("", name).split()) or " ".join(name.split())


def address_forms(name: str) -> list[str]:
    """The forms "Ambassador Perdue", "Mr Perdue", … of a romanised name of two words or more."""
    tokens = [t for _s, _e, t in words(name)]
    if len(tokens) < 2 or any(_HANGUL.match(t) for t in tokens):
        return []
    surname = name.split()[-1]
    return [f"{h} {surname}" for h in HONORIFICS]


def extraction_names(result: Any) -> list[str]:
    """The names of people an extraction found: person actors, a letter's senders and recipients."""
    found = [a.name or a.text for a in result.actors if a.kind == "person"]
    if result.letter is not None:
        for attr in ("senders", "recipients"):
            found += [p.name for p in getattr(result.letter, attr, []) or []]
    return [clean_name(n) for n in found if n and n.strip()]


def protect_names(names: Iterable[str], category: str = "other") -> list[Person]:
    """Make each name a protected Person, reusing the person who already has that name; on
    return none of the names is left in clear in the search index (`protecting`)."""
    from refwatch.protection.models import Person

    people: list[Person] = []
    with protecting():
        for name in dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()):
            person = person_for_name(name)
            if person is None:
                hangul = any(_HANGUL.match(w) for _s, _e, w in words(name))
                person = Person(category=category)
                if hangul:
                    person.name_korean = name
                else:
                    person.name_romanised = name
                    person.aliases = address_forms(name)
                person.save()
                invalidate()
            if person not in people:
                people.append(person)
    return people
