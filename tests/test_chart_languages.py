"""Every text a chart shows — titles, axis and legend titles, tooltip titles, text marks — is in
the page's language: each chart of the pages and of the brief is built in az, ru and en, compiled
to Vega (so Vega-Lite's default titles, such as a field name, show up too), and a text that is
the same in az or ru as in English fails unless it is a code or acronym (AZE, HS, PCI) or the
catalogue's own translation. The texts are read from the specs, not from a list of known ones."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import vl_convert

from tradebridge.i18n import _translations
from tradebridge.reports import brief_page
from tradebridge.reports.brief import gather_brief

PAGES = [
    "/country/AZE",
    "/markets/AZE",
    "/pair/AZE/RUS",
    "/product/080510?country=AZE",
    "/complexity?country=KAZ",
]
OTHERS = ("az", "ru")
# an object key in a tooltip signal: '{"title": …, "other": …}'
TOOLTIP_KEY = re.compile(r"""(?:^|[{,])\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*:""")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def tooltip_titles(signal: str) -> list[str]:
    """The keys of the object a tooltip signal builds (what the tooltip shows as titles).

    >>> tooltip_titles('{"year": datum.y, \\'name\\': datum["n"] ? "a" : "b"}')
    ['year', 'name']
    """
    return [json.loads(k) if k[0] == '"' else k[1:-1] for k in TOOLTIP_KEY.findall(signal)]


def _title_texts(title: Any) -> Iterator[str]:
    if isinstance(title, str):
        yield title
    elif isinstance(title, list):
        for t in title:
            yield from _title_texts(t)
    elif isinstance(title, dict):
        for key in ("text", "subtitle"):
            yield from _title_texts(title.get(key))


def shown_texts(vega: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every text a compiled Vega spec shows: titles of the chart, axes and
    legends, tooltip titles and constant text marks (data values are not texts)."""
    if isinstance(vega, dict):
        for key, value in vega.items():
            here = f"{path}/{key}"
            if key in ("data", "datasets", "config", "usermeta"):
                continue
            if key == "title":
                for i, text in enumerate(_title_texts(value)):
                    yield f"{here}/{i}", text
            elif key == "tooltip" and isinstance(value, dict) and "signal" in value:
                for i, text in enumerate(tooltip_titles(value["signal"])):
                    yield f"{here}/{i}", text
            elif key == "text" and isinstance(value, dict) and isinstance(value.get("value"), str):
                yield here, value["value"]
            else:
                yield from shown_texts(value, here)
    elif isinstance(vega, list):
        for i, value in enumerate(vega):
            yield from shown_texts(value, f"{path}/{i}")


def compiled(spec: dict) -> dict:
    """A Vega spec as it is: a Vega-Lite one compiled to Vega."""
    return vl_convert.vegalite_to_vega(spec) if "vega-lite" in spec["$schema"] else spec


def still_english(text: str, english: str, code: str) -> bool:
    """True when ``text`` (in ``code``) is its English twin unchanged and holds a word that is
    not a code or acronym, and the catalogue does not give that text as a translation."""
    if text != english:
        return False
    words = [w for w in WORD.findall(text) if not w.isupper()]
    return bool(words) and text not in _translated(code)


_CATALOGUE_TEXTS: dict[str, set[str]] = {}


def _translated(code: str) -> set[str]:
    """Every translation the catalogue of ``code`` holds (a translator may keep a word)."""
    if code not in _CATALOGUE_TEXTS:
        _CATALOGUE_TEXTS[code] = {
            str(m) for m in _translations(code)._catalog.values() if isinstance(m, str)
        }
    return _CATALOGUE_TEXTS[code]


def english_left(specs: dict[str, dict[str, dict]]) -> list[str]:
    """``specs[lang][chart id]`` → the texts of az and ru charts that are still English."""
    left = []
    for chart, spec in specs["en"].items():
        english = dict(shown_texts(compiled(spec)))
        assert english, f"{chart}: no text found: the extraction is broken"
        for code in OTHERS:
            for where, text in shown_texts(compiled(specs[code][chart])):
                if still_english(text, english.get(where, ""), code):
                    left.append(f"{code} {chart}{where}: {text!r}")
    return left


def test_the_check_finds_an_untranslated_tooltip_title():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"value_usd": 1.0, "k": "a"}]},
        "mark": "bar",
        "encoding": {"x": {"field": "value_usd", "type": "quantitative", "title": "US$"}},
    }
    tooltip = {"tooltip": [{"field": "value_usd", "type": "quantitative"}]}
    same = {
        code: {"c": {**spec, "encoding": {**spec["encoding"], **tooltip}}}
        for code in "en az ru".split()
    }
    left = english_left(same)
    # the field name is the tooltip's default title and the axis keeps "US$" (an acronym)
    assert left and all("value_usd" in line for line in left), left


@pytest.fixture(scope="module")
def page_specs(web_client) -> dict[str, dict[str, dict]]:
    """Every figure's chart of the main pages, by language and "page#figure"."""
    out: dict[str, dict[str, dict]] = {}
    for code in ("en", *OTHERS):
        for url in PAGES:
            path, _, query = url.partition("?")
            body = web_client.get(f"{path}.json?{query}&lang={code}").json()
            for figure in body["figures"]:
                if figure["spec"]:
                    out.setdefault(code, {})[f"{path}#{figure['id']}"] = figure["spec"]
    web_client.cookies.clear()
    return out


def test_page_charts_hold_no_english(page_specs):
    assert set(page_specs["en"]) == set(page_specs["ru"]) == set(page_specs["az"])
    assert len(page_specs["en"]) >= 9
    left = english_left(page_specs)
    assert left == [], "\n".join(left)


def test_brief_charts_hold_no_english(tiny_warehouse, monkeypatch):
    facts = gather_brief(tiny_warehouse, "AZE", "RUS", year=2021)
    specs: dict[str, dict[str, dict]] = {}
    for code in ("en", *OTHERS):
        drawn: list[dict] = []
        monkeypatch.setattr(brief_page, "svg", lambda spec, drawn=drawn: drawn.append(spec) or "")
        brief_page.brief_document(facts, code)
        specs[code] = {f"brief#{i}": spec for i, spec in enumerate(drawn)}
    assert len(specs["en"]) >= 2
    assert english_left(specs) == []
