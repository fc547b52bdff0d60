"""Every personal name in a confidential text, erring towards too many.

The extractor finds the people a letter or report is about (senders, recipients, person
actors); a case note names refugees in passing, in the forms Korean names take in English and
in Hangul, which it does not look for. In a confidential document each of them must become a
protected person before anything of the document is stored, so this finder is wide on purpose:
a word protected for nothing costs a pseudonym on a page, a name missed can cost a life.

It stays within forms that are names, not any capitalised or Hangul word: the name index is
shared by every document, and a common word protected would be hidden everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import regex as re

from refwatch.protection.names import _PARTICLES, HONORIFICS, clean_name, extraction_names, protect_names

if TYPE_CHECKING:
    from refwatch.protection.models import Person

# Korean surnames as romanised in both Koreas and by the people themselves (Lee, Yi, Ri, Rhee…).
SURNAMES = frozenset(
    """
    Kim Gim Lee Yi Ri Rhee Rhie Lim Im Rim Park Pak Bak Pack Choi Choe Chwe Jung Jeong Chung Cheong
    Chong Kang Gang Cho Jo Yoon Yun Jang Chang Han Oh O Seo Suh So Shin Sin Kwon Gwon Hwang Ahn An Song
    Ryu Yu Yoo Yoo Jeon Jun Chon Chun Jon Hong Ko Go Koh Moon Mun Yang Ryang Son Sohn Bae Pae Baek Paek
    Paik Heo Hur Ho Nam Sim Shim Noh No Roh Ro Ha Kwak Gwak Sung Seong Song Cha Joo Ju Chu Choo Woo U
    Koo Ku Gu Min Jin Chin Ji Chi Um Eom Om Chae Won Cheon Chon Bang Pang Gong Kong Hyun Hyon Ham Byun
    Pyon Byeon Yeom Yom Yeo Ryo Yo Do To Seok Sok Sun Seon Sol Seol Ma Gil Kil Yeon Yon Wi Pyo Myung
    Myong Ki Ban Pan Na Ra Wang Geum Kum Ok Yook Yuk Maeng Je Mo Tak Kook Kuk Eo Tae Kye Gye
    """.split()
)
# Capitalised words that follow a surname without being a given name ("Han River", "Kim Il Sung
# University" keeps "Kim Il Sung").
_NOT_GIVEN = frozenset(
    """
    River Province City County Street Road Dynasty Party Government Ministry Committee University
    Foundation Center Centre Church Airport Station North South East West Korea Korean Koreans China
    Chinese The And Of In On At To From For With Was Is Are Said Told Has Had Who Which That This
    Square Bridge Hall Hospital School Group Company Corporation Inc Ltd Family Clan Era Regime Jr Sr
    """.split()
)
_GIVEN = r"[A-Z][a-z]{1,7}(?:[-’'][A-Za-z][a-z]{1,7})?"
_ROMANISED = re.compile(rf"\b(?P<surname>[A-Z][a-z]{{0,6}})\s+(?P<given>{_GIVEN}(?:\s+{_GIVEN}){{0,2}})\b")

# Hangul: full names are mostly three syllables, surname first. Two- and four-syllable names
# are taken where the text says they are names (in brackets after a romanised name, before 씨).
_HANGUL_SURNAMES = frozenset(
    "김이리박최정강조윤장임림한오서신권황안송류유전홍고문양량손배백허남심노로하곽성차주우구민진지엄채원천방공현함변염여려추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용"
)
# Common three-syllable words that begin like a surname (and would be hidden everywhere).
_HANGUL_NOT_NAMES = frozenset(
    "한반도 조선족 이주민 이번에 이후에 이전에 정부가 정부는 정부의 조사를 조사에 강제로 송환된 송환을 송환자 안전부 공안국 "
    "주민들 지역의 지역에 여성들 남성들 가족들 가족이 가족의 이들은 이들이 이러한 이것은 유엔의 인권위 인권이 인권을 "
    "국경을 국경에 국경의 기자는 기록을 도움을 방문한 선교사 연구원 위원회 위원장 대표는 대사관 영사관 구금된 구금소".split()
)
_HANGUL_WORD = re.compile(r"\p{Hangul}+")
_NAME_SUFFIXES = ("씨", "님", "씨는", "씨가", "씨의", "씨를", "씨와", "님은", "님이")
# A bracket opening right after a romanised name: "Kim Chol-su (김철수, born …)".
_BRACKETED = re.compile(r"[(（]\s*(?P<hangul>\p{Hangul}{2,4})(?=[\s,，)）])")
_TITLED = re.compile(
    r"\b(?P<title>"
    + "|".join(sorted(HONORIFICS, key=len, reverse=True))
    + r"|Prof|Rev|Brother|Mx|Madam|Mister|Elder|Deacon)(?P<dot>\.?)\s+(?P<name>(?:[A-Z][\w’'\-]+)(?:\s+[A-Z][\w’'\-]+){0,2})"
)


def find(text: str) -> list[str]:
    """The personal names in `text`, as written, each once."""
    found: list[str] = []
    found += _romanised(text)
    found += _hangul(text)
    found += [_titled(m) for m in _TITLED.finditer(text) if _not_common(m.group("name"))]
    return list(dict.fromkeys(n for n in found if n))


def _romanised(text: str) -> list[str]:
    out = []
    for m in _ROMANISED.finditer(text):
        if m.group("surname") not in SURNAMES:
            continue
        given = []
        for word in m.group("given").split():
            if word.split("-")[0] in _NOT_GIVEN:
                break
            given.append(word)
        if given:
            out.append(f"{m.group('surname')} {' '.join(given)}")
    return out


def _hangul(text: str) -> list[str]:
    out = [m.group("hangul") for m in _BRACKETED.finditer(text)]
    for m in _HANGUL_WORD.finditer(text):
        word = m.group()
        for suffix in _NAME_SUFFIXES:
            if word.endswith(suffix) and 2 <= len(word) - len(suffix) <= 4:
                out.append(word[: -len(suffix)])
                break
        else:
            stem = _stem(word)
            if len(stem) == 3 and stem[0] in _HANGUL_SURNAMES and stem not in _HANGUL_NOT_NAMES:
                out.append(stem)
    return out


def _stem(word: str) -> str:
    """A Hangul word without the particle written onto it ("김철수는" → "김철수")."""
    if len(word) > 3:
        for p in _PARTICLES:
            if word.endswith(p) and len(word) - len(p) == 3:
                return word[: -len(p)]
    return word


def _titled(m: re.Match[str]) -> str:
    """ "Ms. Maria Lopez" → "Maria Lopez"; "Mr. Smith" stays "Mr. Smith": a surname alone would
    be hidden in every text that has it."""
    name = clean_name(m.group("name"))
    return name if " " in name else f"{m.group('title')}{m.group('dot')} {name}"


def _not_common(name: str) -> bool:
    first = name.split()[0]
    return first not in _NOT_GIVEN


def document_names(extraction: Any, text: str) -> list[str]:
    """The names to protect in a confidential document: the people extraction found, and every
    personal name `find` sees in its text."""
    return list(dict.fromkeys([*extraction_names(extraction), *find(text or "")]))


def protect_document_names(document: Any, names: list[str] | None = None) -> list[Person]:
    """Names of people in a confidential document become protected Person records.

    `names` defaults to `document_names` of the document's text. Documents that are not
    confidential are left alone. Raises whatever fails: a caller stores nothing of the document then.
    """
    if getattr(document, "visibility", None) != "confidential":
        return []
    if names is None:
        from refwatch.extract import extract

        names = document_names(extract(document.text or ""), document.text or "")
    return protect_names(names)
