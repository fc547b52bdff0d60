"""The language a text is written in, as far as extraction needs to know: whether it is English.

The rules read English. A document in another language gets nothing from them, and saying so
(a warning on its extraction) is better than an empty record that looks like a document with no
facts. The word lists and scripts are in lexicon/languages.yaml. A statistical detector (langdetect,
lingua) would name more languages, with megabytes of profiles, for this one yes-or-no.
"""

from __future__ import annotations

import regex as re

from refwatch.extract import lexicon

ENGLISH = "English"
_WORD = re.compile(r"\p{L}+")
_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words) for lang, words in lexicon.section("languages.words").items()
}
_SCRIPTS: dict[str, re.Pattern[str]] = {
    lang: re.compile("|".join(rf"\p{{{s}}}" for s in ([scripts] if isinstance(scripts, str) else scripts)))
    for lang, scripts in lexicon.section("languages.scripts").items()
}
# Too few words to tell; a headline alone is not a language.
_MIN_WORDS = 20


def language(text: str) -> str | None:
    """The language `text` reads as; None when it is too short to tell."""
    sample = text[:20_000]
    letters = _WORD.findall(sample)
    if not letters:
        return None
    chars = sum(len(w) for w in letters)
    for lang, script in _SCRIPTS.items():
        if sum(len(m) for m in script.findall(sample)) > 0.4 * chars:
            return lang
    words = [w.casefold() for w in letters]
    if len(words) < _MIN_WORDS:
        return None
    # The share of each list's words among the text's words.
    scores = {lang: sum(w in common for w in words) / len(words) for lang, common in _WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0.05 else None
