"""The cost of storing one document does not grow with the store: letters, references and
reported letters are linked through indexed keys, not by reading every letter stored.
(How fast, in documents per second, is bench/scale_ingest.py's business.)"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from refwatch.ingest import read
from refwatch.knowledge import store
from refwatch.knowledge.models import Letter, LetterReference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("name_index_held")]

MONTHS = ["January", "March", "May", "July", "September", "November"]
SURNAMES = ["Perdue", "Kaine", "Meng", "Wicker", "Coons", "Salazar", "Tenney", "Castro", "Nunn", "Lieu"]
# Recipients of earlier letters that are not in the store: their references stay unresolved.
ELSEWHERE = ["Barrasso", "Sullivan", "Moolenaar", "Stevens"]


@pytest.fixture(autouse=True)
def originals(settings, tmp_path_factory) -> Path:
    settings.ORIGINALS_DIR = tmp_path_factory.mktemp("originals")
    return settings.ORIGINALS_DIR


def letter(i: int, to: str, month: str, year: int, signers: list[str], *, refers_to: str = "") -> str:
    reference = (
        f"In January {year}, we wrote to Secretary of State Ann {refers_to}, urging her to act.\n\n"
        if refers_to
        else ""
    )
    return (
        f"Congress of the United States\n\n{month} 12, {year}\n\nThe Honorable Ann {to}\nSecretary of State\n\n"
        f"Dear Secretary {to},\n\nWe write to urge you to condemn the forcible repatriation of North Korean "
        f"refugees by China (letter {i}).\n\n{reference}"
        "Sincerely,\n\n" + "\n\n".join(f"{s}\nMember of Congress" for s in signers) + "\n"
    )


def press_release(i: int, to: str, month: str, year: int, a: str, b: str) -> str:
    return (
        f"{month} 14, {year}\n\nSen. Tim {a} and Rep. Bo {b} sent a letter to Secretary of State Ann {to} "
        f"on Monday.\nThe letter urges an end to forcible repatriation (release {i}).\n"
    )


def background(n: int) -> list[str]:
    """Varied documents: letters to ten recipients over six years, each referring to an earlier
    letter (in the store or not), and press releases reporting letters."""
    docs = []
    shapes = itertools.product(range(2015, 2021), MONTHS, SURNAMES)
    for i, (year, month, to) in enumerate(itertools.islice(shapes, n)):
        signers = [f"Young {SURNAMES[(i + k) % len(SURNAMES)]}" for k in range(1 + i % 4)]
        if i % 3 == 2:
            docs.append(press_release(i, to, month, year, SURNAMES[i % 7], SURNAMES[(i + 3) % 10]))
        else:
            refers_to = SURNAMES[(i + 1) % len(SURNAMES)] if i % 2 else ELSEWHERE[i % len(ELSEWHERE)]
            docs.append(letter(i, to, month, year, signers, refers_to=refers_to))
    return docs


def add(text: str, name: str) -> None:
    assert store.add(read(text.encode(), name)).created


def queries_for_one_more(stored: int, round_: int) -> int:
    """Queries to store one letter that refers to an earlier one and one press release, after
    the first `stored` background documents."""
    for i, text in enumerate(background(stored)):
        if Letter.objects.filter(document__filename=f"bg-{i}.txt").exists():
            continue
        add(text, f"bg-{i}.txt")
    with CaptureQueriesContext(connection) as queries:
        add(
            letter(900 + round_, "Perdue", "May", 2015, ["Young Kim"], refers_to="Kaine"),
            f"probe-{round_}.txt",
        )
        add(press_release(900 + round_, "Perdue", "May", 2015, "Kim", "Meng"), f"press-{round_}.txt")
    return len(queries)


def test_queries_to_store_a_document_do_not_grow_with_the_store():
    few = queries_for_one_more(10, 1)
    many = queries_for_one_more(60, 2)
    assert Letter.objects.count() >= 60
    # The background does link: references resolve and press releases find their letter.
    assert LetterReference.objects.filter(resolved__isnull=False).exists()
    assert LetterReference.objects.filter(resolved__isnull=True).count() >= 10
    assert Letter.objects.filter(reported=True, same_as__isnull=False).exists()
    # A link found in one round and not in the other moves the count by a query or two; a scan of
    # the store would add one per stored document (50 here).
    assert many <= few + 3, f"{few} queries with 10 documents stored, {many} with 60"
