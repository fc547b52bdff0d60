"""What the record needs from the protection of people, said here so that knowledge does not
import the layer above it (refwatch.protection, which reads the record).

A confidential document's names are protected before anything of it is written, and its facts
carry pseudonyms instead of names. Protection registers how (`install`, from its AppConfig);
until it has, storing a confidential document fails: the record never writes a name in clear
because nobody was there to protect it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class NameProtection(Protocol):
    def names_in(self, extraction: Any, text: str) -> list[str]:
        """The names of people in a document: those its extraction found, and in its text."""
        ...

    def protect(self, names: Iterable[str]) -> list[int]:
        """Make each name a protected person (in the caller's transaction); their ids."""
        ...

    def note_source(self, people: list[int], document: int) -> None:
        """Remember that these people were protected from this document."""
        ...

    def pseudonymise(self, text: str) -> str:
        """`text` with every protected name replaced by its pseudonym."""
        ...

    def withholds(self, text: str, user: Any) -> bool:
        """Whether anything in `text` (a protected name, a detail) is hidden from `user`."""
        ...

    def state(self) -> object | None:
        """A token of the protected names as now known: while it is the same, `pseudonymise` gives
        the same answer for the same text; None when it cannot be known."""
        ...


class NotInstalled(RuntimeError):
    """No name protection is installed: nothing confidential can be stored."""


_installed: list[NameProtection] = []


def install(protection: NameProtection) -> None:
    _installed[:] = [protection]


def protection() -> NameProtection:
    if not _installed:
        raise NotInstalled(
            "no name protection is installed (refwatch.protection is not among the installed apps): "
            "a confidential document cannot be stored"
        )
    return _installed[0]


def names_in(extraction: Any, text: str) -> list[str]:
    return protection().names_in(extraction, text)


def protect(names: Iterable[str]) -> list[int]:
    return protection().protect(names)


def note_source(people: list[int], document: int) -> None:
    protection().note_source(people, document)


def pseudonymise(text: str) -> str:
    return protection().pseudonymise(text)


def state() -> object | None:
    try:
        return protection().state()
    except Exception:
        return None


def withholds(text: str, user: Any) -> bool:
    """Whether `user` may not see all of `text`; True when that cannot be known (no protection
    installed, or it failed): what goes with a name (a signer's roster entry) is then withheld."""
    if not text:
        return False
    try:
        return protection().withholds(text, user)
    except Exception:
        return True
