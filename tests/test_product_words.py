"""The az/ru product word list: stems, the longest-stem rule, the short-stem guard."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

from tradebridge.reference.product_words import english, english_word, stems


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("водка", "vodka"),  # not "вод" water
        ("вода", "water"),
        ("медный", "copper"),  # not "мед" honey
        ("мёд", "honey"),
        ("виноград", "grapes"),  # not "вин" wine
        ("хлопок-сырец".split("-")[1], "raw"),  # not "сыр" cheese
        ("ərikləri", "apricots"),
        ("balığı", "fish"),
        ("balıq", "fish"),
        ("ətir", "perfume"),  # not "ət" meat
        ("universal", None),  # "un" (flour) matches only short words
        ("unu", "flour"),
    ],
)
def test_words(word, meaning):
    assert english_word(word) == meaning


def test_english_descriptions_are_left_alone():
    assert english("Dried apricots, Grade A").text == "Dried apricots, Grade A"
    assert not english("walnut kernels").translated


def test_unknown_words_of_another_script_are_named_and_left_out():
    read = english("очищенный фундук в вакуумной упаковке")
    assert read.text == "shelled hazelnuts"
    assert read.unknown == ("в", "вакуумной", "упаковке")


def test_every_stem_means_one_thing():
    with (files("tradebridge.reference") / "data" / "product_words.csv").open(
        encoding="utf-8"
    ) as fh:
        rows = list(csv.DictReader(fh))
    cells = [s for r in rows for c in ("az", "ru") for s in r[c].split("|") if s]
    folded = [s.casefold().replace("ё", "е") for s in cells]
    assert len(folded) == len(set(folded)) == len(stems()) > 200
    assert all(s.strip() == s for s in cells)
