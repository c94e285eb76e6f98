"""Languages: the gettext catalogues (az, ru, en), the choice of language and locale formats.

The catalogues are ``locale/<lang>/LC_MESSAGES/messages.po`` inside the package, read at run
time (no compile step). English is the source language: its catalogue holds the message ids.
``language(code)`` gives one language's texts and formats::

    >>> az = language("az")
    >>> az.country("RUS"), language("ru").country("AZE")
    ('Rusiya', 'Азербайджан')
    >>> az.sector("energy"), language("en").sector("energy")
    ('Energetika (neft və qaz)', 'Energy (oil & gas)')
    >>> language("az").money(1234567.8), language("en").money(1234567.8)
    ('1,23\\xa0mln\\xa0US$', '$1.23M')

The language of a request comes from the URL, then a cookie, then ``Accept-Language``
(``negotiate``). Country names come from Babel's CLDR data; sector and group names from the
catalogue (context ``sector`` and ``group``); HS product descriptions stay English.

Extraction (after changing a text; ``babel.cfg`` at the repository root)::

    pybabel extract -F babel.cfg -k N_ -o src/tradebridge/locale/messages.pot .
    pybabel update -i src/tradebridge/locale/messages.pot -d src/tradebridge/locale \\
        --no-fuzzy-matching --ignore-obsolete

``make messages`` runs both; the test suite fails while a message lacks its az or ru text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import IO, Any

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from tradebridge import number_format

LANGUAGES = ("az", "ru", "en")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}
COOKIE = "tradebridge_lang"

_LOCALE_DIR = files("tradebridge") / "locale"


def catalogue_path(code: str) -> Any:
    """The ``.po`` file of one language (a Traversable inside the package)."""
    return _LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


@cache
def _translations(code: str) -> Translations:
    """The language's catalogue compiled in memory from its ``.po`` file."""
    with catalogue_path(code).open("rb") as fh:
        catalog = read_po(fh, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain="messages")


@dataclass(frozen=True)
class Language:
    """One language's texts and formats; all formats show ``–`` for a missing value."""

    code: str
    locale: Locale = field(repr=False)

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES[self.code]

    def gettext(self, message: str) -> str:
        return _translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translations(self.code).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return _translations(self.code).pgettext(context, message)

    def country(self, iso3: str) -> str:
        """The country's name in this language (CLDR), else its English name, else the code."""
        from tradebridge.reference.countries import country_name

        iso2 = _iso2().get(iso3)
        if iso2 and iso2 in self.locale.territories:
            return self.locale.territories[iso2]
        return country_name(iso3)

    def sector(self, sector_id: str) -> str:
        """A sector's display name in this language (catalogue context ``sector``)."""
        return self.pgettext("sector", _sector_names().get(sector_id, sector_id))

    def group(self, group_id: str) -> str:
        """A country group's name in this language (catalogue context ``group``)."""
        return self.pgettext("group", _group_names().get(group_id, group_id))

    def number(self, value: Any, digits: int = 0) -> str:
        """A number with this locale's separators and ``digits`` decimals
        (``number_format.number``)."""
        return number_format.number(value, digits, self.code)

    def money(self, value: Any) -> str:
        """US dollars, short, in this locale (``number_format.money``): ``$1.23M`` (en),
        ``1,23 mln US$`` (az), ``1,23 млн $`` (ru); whole dollars below a thousand."""
        return number_format.money(value, self.code)

    def percent(self, value: Any, digits: int = 1) -> str:
        """A share (0.25) as a percentage in this locale (``25,0 %`` in ru;
        ``number_format.percent``)."""
        return number_format.percent(value, digits, self.code)

    def date(self, value: date | datetime) -> str:
        """A date in this locale's medium format."""
        from babel.dates import format_date

        return format_date(value, format="medium", locale=self.locale)


@cache
def language(code: str) -> Language:
    """The ``Language`` for ``code`` (one of ``LANGUAGES``; anything else gives English)."""
    code = code if code in LANGUAGES else DEFAULT_LANGUAGE
    return Language(code, Locale.parse(code))


@cache
def _iso2() -> dict[str, str]:
    from tradebridge.reference.countries import countries

    table = countries()
    return {
        iso3: iso2
        for iso3, iso2 in zip(table["iso3"], table["iso2"], strict=True)
        if isinstance(iso2, str) and iso2
    }


def _reference_names(file: str, key: str) -> dict[str, str]:
    with (files("tradebridge.reference") / "data" / file).open(encoding="utf-8") as fh:
        return {row[key]: row["name"] for row in csv.DictReader(fh)}


@cache
def _sector_names() -> dict[str, str]:
    return _reference_names("sectors.csv", "sector")


@cache
def _group_names() -> dict[str, str]:
    return _reference_names("group_info.csv", "group")


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most preferred first.

    >>> parse_accept_language("ru-RU,ru;q=0.9,en;q=0.8,az;q=0")
    ['ru-RU', 'ru', 'en']
    """
    weighted = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(url_language: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language for a request: the URL's, else the cookie's, else the browser's first
    supported one, else English.

    >>> negotiate(None, None, "ru-RU,ru;q=0.9,en;q=0.8")
    'ru'
    >>> negotiate("az", "ru", "en"), negotiate(None, "ru", "en"), negotiate("xx", None, None)
    ('az', 'ru', 'en')
    """
    for choice in (url_language, cookie):
        if choice in LANGUAGES:
            return choice
    for tag in parse_accept_language(accept_language):
        primary = tag.replace("_", "-").split("-")[0].casefold()
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


_current: ContextVar[str] = ContextVar("tradebridge_language", default=DEFAULT_LANGUAGE)


def set_current(code: str) -> None:
    """Make ``code`` the language of the texts rendered from now on in this context."""
    _current.set(language(code).code)


def current() -> Language:
    """The language set for this context (English unless ``set_current`` was called)."""
    return language(_current.get())


def N_(message: str) -> str:
    """Mark a text for the catalogue; it is translated where it is shown."""
    return message


def gettext(message: str) -> str:
    """``message`` in the current language (``set_current``)."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return current().pgettext(context, message)


def install(env: Any) -> None:
    """Give a Jinja2 environment (with ``jinja2.ext.i18n``) the current language's gettext
    and the locale filters ``country``, ``sector``, ``group``, ``number``, ``money`` and
    ``percent``."""
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)
    env.filters.update(
        country=lambda iso3: current().country(iso3),
        sector=lambda sid: current().sector(sid),
        group=lambda gid: current().group(gid),
        number=lambda value, digits=0: current().number(value, digits),
        money=lambda value: current().money(value),
        percent=lambda value, digits=1: current().percent(value, digits),
    )


def extract_reference_names(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor for the reference tables: each row's ``name`` as a ``pgettext`` message
    with the context given in ``babel.cfg`` (``context = sector`` or ``group``)."""
    context = options.get("context", "name")
    reader = csv.DictReader(io.TextIOWrapper(fileobj, encoding="utf-8"))
    for line, row in enumerate(reader, start=2):
        comment = [row.get("description") or row.get("source") or ""]
        yield line, "pgettext", (context, row["name"]), comment
