"""Full-text search over organisations: one interface, one backend per database.

The searchable text of an organisation (its names and descriptions in az/ru/en, its city, its
own words for its products and the HS descriptions of its product codes) is folded by ``fold``
(lower case, accents removed, punctuation turned into spaces) and stored in
``organisation_search``. Each database indexes that table its own way:

- SQLite: an FTS5 table (``unicode61`` tokenizer) kept in step by triggers, ranked by BM25;
- PostgreSQL: a GIN index over ``to_tsvector('simple', document)``, ranked by ``ts_rank``.

Because both read the same folded words with no stemming and no stop words, a query finds the
same organisations on both: every word of the query must start a word of the document
(``"apric kənd"`` finds "Kend Apricots"). ``full_text(dialect).matches(query)`` is a
``SELECT organisation_id, rank`` (lower rank = better) to join with any other filter.

>>> fold("«Kənd» Quru-Ərik, ООО Ёлка")
'kend quru erik ооо елка'
>>> terms("Dried APRICOTS, pitted!")
['dried', 'apricots', 'pitted']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    column,
    false,
    func,
    literal_column,
    select,
    table,
    text,
)

MAX_TERMS = 12
# what the full-text indexes create beside the models (FTS5's table and its shadow tables, the
# GIN index): the schema comparison leaves them out
FULL_TEXT_OBJECTS = ("organisation_fts", "ix_organisation_search_fts")
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_WORD = re.compile(r"\w+")


def fold(value: str) -> str:
    """Text as both backends index it: lower case, no accents, words separated by spaces
    (``ə`` and ``ı``, which Unicode does not decompose, read as ``e`` and ``i``)."""
    folded = value.casefold().replace("_", " ")
    if not folded.isascii():
        folded = folded.replace("ə", "e").replace("ı", "i").replace("ё", "е")
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", folded))
    return " ".join(_WORD.findall(folded))


def terms(query: str) -> list[str]:
    """The words of a query, folded, at most ``MAX_TERMS``."""
    return fold(query).split()[:MAX_TERMS]


def document(parts: Iterable[str], folded: Iterable[str] = ()) -> str:
    """The searchable text made of ``parts`` and of ``folded`` (texts already folded), each
    distinct word once.

    >>> document(["Dried apricots", "Quru ərik"], folded=["apricots dried nuts"])
    'dried apricots quru erik nuts'
    """
    tokens = " ".join(p for p in parts if p).split()
    words = dict.fromkeys(chain.from_iterable(map(_folded_words, tokens)))
    for words_of_part in folded:
        words.update(dict.fromkeys(words_of_part.split()))
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def _folded_words(token: str) -> tuple[str, ...]:
    """The folded words of one whitespace-free token. Folding works character by character
    and whitespace separates words in both, so a text folds as its tokens do; an import's
    texts repeat their words, folded once each here."""
    return tuple(fold(token).split())


@dataclass(frozen=True)
class FullText:
    """The full-text index of one database: ``create`` / ``drop`` statements (run by the
    migration and by ``create_all`` in tests) and ``matches``."""

    dialect: str

    def create(self) -> list[str]:
        raise NotImplementedError

    def drop(self) -> list[str]:
        raise NotImplementedError

    def matches(self, query: str, *, ranked: bool = True) -> Select:
        """``SELECT organisation_id, rank`` of the organisations matching every term; without
        ``ranked``, ``SELECT organisation_id`` alone (a count need not score every match)."""
        raise NotImplementedError

    @contextmanager
    def bulk(self, connection: Connection, first_id: int) -> Iterator[None]:
        """A block that writes the search texts of new organisations (ids from ``first_id``
        up, above every other), indexed by the end of the block, in the same transaction.
        By default the index keeps in step row by row."""
        yield


_FTS_DELETE = (
    "INSERT INTO organisation_fts(organisation_fts, rowid, document) "
    "VALUES ('delete', old.organisation_id, old.document);"
)
_FTS_INSERT = (
    "INSERT INTO organisation_fts(rowid, document) VALUES (new.organisation_id, new.document);"
)
_INSERT_TRIGGER = (
    "CREATE TRIGGER organisation_search_insert AFTER INSERT ON organisation_search "
    f"BEGIN {_FTS_INSERT} END"
)


class SqliteFullText(FullText):
    """SQLite FTS5 over ``organisation_search`` (external content, triggers keep it in step)."""

    def create(self) -> list[str]:
        delete, insert = _FTS_DELETE, _FTS_INSERT
        return [
            "CREATE VIRTUAL TABLE organisation_fts USING fts5(document, "
            "content='organisation_search', content_rowid='organisation_id', "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
            _INSERT_TRIGGER,
            "CREATE TRIGGER organisation_search_delete AFTER DELETE ON organisation_search "
            f"BEGIN {delete} END",
            "CREATE TRIGGER organisation_search_update AFTER UPDATE ON organisation_search "
            f"BEGIN {delete} {insert} END",
            "INSERT INTO organisation_fts(organisation_fts) VALUES ('rebuild')",
        ]

    def drop(self) -> list[str]:
        return [
            "DROP TRIGGER IF EXISTS organisation_search_insert",
            "DROP TRIGGER IF EXISTS organisation_search_delete",
            "DROP TRIGGER IF EXISTS organisation_search_update",
            "DROP TABLE IF EXISTS organisation_fts",
        ]

    @contextmanager
    def bulk(self, connection: Connection, first_id: int) -> Iterator[None]:
        """Without the insert trigger for the block, then the new texts indexed by one
        statement: FTS5 writes its pending terms as a segment at every statement that
        touches it (a trigger fired by 500-row inserts: a hundred small segments for 50,000
        organisations, merged again and again); one statement writes few large ones. The
        trigger is back before the block ends, and all of it is in the caller's transaction
        (SQLite's schema changes are transactional: a rolled-back import leaves the trigger
        as it was; Python's driver opens a transaction only before a row is written, so one
        is opened here if none is)."""
        if not connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("BEGIN")
        connection.exec_driver_sql("DROP TRIGGER organisation_search_insert")
        try:
            yield
        finally:
            connection.exec_driver_sql(
                "INSERT INTO organisation_fts(rowid, document) SELECT organisation_id, "
                "document FROM organisation_search WHERE organisation_id >= ?",
                (first_id,),
            )
            connection.exec_driver_sql(_INSERT_TRIGGER)

    def matches(self, query: str, *, ranked: bool = True) -> Select:
        expression = " ".join(f'"{term}"*' for term in terms(query))
        fts = table("organisation_fts", column("rowid"), column("rank"))
        found = select(fts.c.rowid.label("organisation_id"))
        if ranked:
            found = found.add_columns(fts.c.rank.label("rank"))
        if not expression:
            return found.where(false())
        return found.where(text("organisation_fts MATCH :fts").bindparams(fts=expression))


class PostgresFullText(FullText):
    """PostgreSQL full-text search: ``to_tsvector('simple', document)`` with a GIN index."""

    def create(self) -> list[str]:
        return [
            "CREATE INDEX ix_organisation_search_fts ON organisation_search "
            "USING gin (to_tsvector('simple', document))"
        ]

    def drop(self) -> list[str]:
        return ["DROP INDEX IF EXISTS ix_organisation_search_fts"]

    def matches(self, query: str, *, ranked: bool = True) -> Select:
        from tradebridge.registry.models import OrganisationSearch

        expression = " & ".join(f"{term}:*" for term in terms(query))
        searched = OrganisationSearch.__table__
        simple = literal_column("'simple'")
        vector = func.to_tsvector(simple, searched.c.document)
        tsquery = func.to_tsquery(simple, bindparam("pg_query", expression))
        found = select(searched.c.organisation_id)
        if ranked:
            found = found.add_columns((-func.ts_rank(vector, tsquery)).label("rank"))
        if not expression:
            return found.where(false())
        return found.where(vector.op("@@")(tsquery))


def full_text(dialect: str) -> FullText:
    """The full-text index of a database (``sqlite`` or ``postgresql``)."""
    if dialect == "sqlite":
        return SqliteFullText(dialect)
    if dialect == "postgresql":
        return PostgresFullText(dialect)
    raise ValueError(f"no full-text search for the {dialect} database")
