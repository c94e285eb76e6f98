"""Azerbaijani and Russian product words in English, so that HS suggestion (whose model and HS
texts are English) can take a description in any of the three languages.

The word list, ``data/product_words.csv`` (``en,az,ru``), was written for tradebridge: about 150
words of the goods an export agency meets most (fruit, nuts, vegetables, food, textiles,
building materials, metals, chemicals, machinery) with what they do (dried, frozen, shelled…).
Each az or ru cell holds stems separated by ``|``: a word of the description matches a stem it
starts with (a stem of three letters or fewer only when at most two letters follow, so "un"
flour does not match "universal"); the longest matching stem wins, so "водка" is vodka, not
water. A description holding Cyrillic or Azerbaijani letters (ə ğ ı ş ç ö ü) has each word
replaced by its English match; words without one are left out when they hold such letters,
kept otherwise (a brand, a grade, a word spelt alike in English).

>>> english("сушёный абрикос без косточки")
Translation(text='dried apricots without stones', translated=True, unknown=())
>>> english("qurudulmuş ərik, çəyirdəksiz").text
'dried apricots pitted'
>>> english("dried apricots, pitted")
Translation(text='dried apricots, pitted', translated=False, unknown=())
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib.resources import files
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NOT_ENGLISH = re.compile(r"[\u0400-\u04ffəğışçöüƏĞİŞÇÖÜ]")
SHORT_STEM = 3
SHORT_TAIL = 2


class Translation(NamedTuple):
    """The description in English words, whether it was read as az/ru, and the words with
    Cyrillic or Azerbaijani letters that the list does not hold (left out of ``text``)."""

    text: str
    translated: bool
    unknown: tuple[str, ...]


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


@cache
def stems() -> dict[str, str]:
    """Every az and ru stem (folded) with its English word."""
    table: dict[str, str] = {}
    with (files("tradebridge.reference") / "data" / "product_words.csv").open(
        encoding="utf-8"
    ) as fh:
        for row in csv.DictReader(fh):
            for column in ("az", "ru"):
                for stem in filter(None, row[column].split("|")):
                    table[_fold(stem.strip())] = row["en"]
    return table


def english_word(word: str) -> str | None:
    """The English of one az or ru word (by its longest matching stem), else None."""
    folded = _fold(word)
    best = None
    for stem, meaning in stems().items():
        if not folded.startswith(stem):
            continue
        if len(stem) <= SHORT_STEM and len(folded) - len(stem) > SHORT_TAIL:
            continue
        if best is None or len(stem) > len(best[0]):
            best = (stem, meaning)
    return None if best is None else best[1]


def english(text: str) -> Translation:
    """``text`` with its az and ru words in English (unchanged when it looks English)."""
    if not _NOT_ENGLISH.search(text):
        return Translation(text, False, ())
    words, unknown = [], []
    for word in _WORD.findall(text):
        meaning = english_word(word)
        if meaning is not None:
            words.append(meaning)
        elif _NOT_ENGLISH.search(word):
            unknown.append(word)
        else:
            words.append(word)
    return Translation(" ".join(words), True, tuple(unknown))
