"""Languages: every text has its az and ru translation, templates hold no text outside the
catalogue, the language choice order, and locale formats checked against CLDR by hand."""

from __future__ import annotations

import doctest
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import nodes

import tradebridge.i18n as i18n
from tradebridge.i18n import LANGUAGES, language, negotiate

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "tradebridge" / "locale"
TEMPLATES = sorted((ROOT / "src" / "tradebridge").glob("**/templates/**/*.html"))


def _catalogue(code: str):
    with (LOCALE / code / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=code)


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str | None, str]]:
    """Every (context, message id) the sources hold, extracted as ``make messages`` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "N_": None}
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def test_sources_hold_the_reference_names(extracted):
    assert ("sector", "Energy (oil & gas)") in extracted
    assert ("group", "Commonwealth of Independent States") in extracted


@pytest.mark.parametrize("code", ["az", "ru"])
def test_every_message_has_a_translation(code, extracted):
    catalogue = _catalogue(code)
    untranslated = []
    for context, msgid in sorted(extracted, key=lambda k: (k[0] or "", k[1])):
        entry = catalogue.get(msgid, context=context)
        strings = () if entry is None else entry.string
        strings = (strings,) if isinstance(strings, str) else strings
        if entry is None or entry.fuzzy or not all(strings):
            untranslated.append(f"{context or ''}|{msgid}")
    assert not untranslated, (
        f"{len(untranslated)} message(s) without a {code} translation (run `make messages`, "
        f"then translate): {untranslated[:10]}"
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_placeholders_and_plural_forms_agree(code):
    catalogue = _catalogue(code)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert not problems


# names that stay as they are in every language: the product, formats, and URL paths
NAMES = re.compile(r"\b(?:tradebridge|JSON|CSV|XLSX|HTML|PDF|API)\b")


class _VisibleText(HTMLParser):
    """Collects text a reader sees: character data outside script/style and the attributes
    that browsers show (title, alt, placeholder, aria-label)."""

    SHOWN = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.found += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.found.append(data)


def text_outside_catalogue(source: str) -> list[str]:
    """Words in a Jinja2 template's literal HTML that no gettext call wraps.

    Expressions and tags become a neutral placeholder, so ``{{ _("Exports") }}`` passes and a
    bare ``<h1>Exports</h1>`` or ``title="Exports"`` does not.
    """
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    tree = env.parse(source)
    pieces = []
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            pieces.append(node.data if isinstance(node, nodes.TemplateData) else "0")
    parser = _VisibleText()
    parser.feed("".join(pieces))
    letters = re.compile(r"[^\W\d_]{2,}")
    return [
        text.strip()
        for text in parser.found
        if letters.search(NAMES.sub(" ", text)) and not text.strip().startswith("/")
    ]


def test_the_template_check_finds_bare_text():
    assert text_outside_catalogue("<h1>Exports</h1>") == ["Exports"]
    assert text_outside_catalogue('<input placeholder="Search">') == ["Search"]
    assert text_outside_catalogue('<h1>{{ _("Exports") }}</h1>{% trans %}Hi{% endtrans %}') == []
    assert text_outside_catalogue("<script>var x = 'abc';</script><p>{{ n }} %</p>") == []
    assert text_outside_catalogue('<a href="x.json">JSON</a> <title>0 · tradebridge</title>') == []
    assert text_outside_catalogue("<p>JSON files</p>") == ["JSON files"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_hold_no_text_outside_the_catalogue(template):
    assert text_outside_catalogue(template.read_text(encoding="utf-8")) == []


def test_language_choice_order():
    assert negotiate("ru", "az", "en-GB,en") == "ru"
    assert negotiate(None, "az", "ru") == "az"
    assert negotiate("fr", "de", "de-DE,ru;q=0.5,az;q=0.4") == "ru"
    assert negotiate(None, None, "az-Latn-AZ;q=0.2,en;q=0.1") == "az"
    assert negotiate(None, None, "fr;q=1,ru;q=0") == "en"
    assert negotiate(None, None, None) == "en"


def test_names_per_language():
    assert language("az").country("RUS") == "Rusiya"
    assert language("ru").country("AZE") == "Азербайджан"
    assert language("en").country("KAZ") == "Kazakhstan"
    assert language("ru").sector("steel") == "Сталь"
    assert language("az").group("CIS") == "Müstəqil Dövlətlər Birliyi"
    assert language("en").group("EAEU") == "Eurasian Economic Union"


def test_formats_per_locale():
    # separators by hand from CLDR: az 1.234,5 / ru 1 234,5 (no-break space) / en 1,234.5
    assert language("az").number(1234.5, 1) == "1.234,5"
    assert language("ru").number(1234.5, 1) == "1\xa0234,5"
    assert language("en").number(1234.5, 1) == "1,234.5"
    assert language("en").money(2_500_000_000) == "$2.5B"
    assert language("ru").money(2_500_000_000) == "2,5\xa0млрд\xa0$"
    assert language("en").percent(0.125) == "12.5%"
    assert language("en").number(None) == "–"
    assert language("ru").date(date(2026, 11, 30)) == "30 нояб. 2026\u202fг."


def test_module_examples():
    assert doctest.testmod(i18n).failed == 0
