"""The app database: engine and sessions (``db.engine``), the declarative ``Base``
(``db.base``), the audit log (``db.audit``), Alembic migrations (``db.migrate``, revisions in
``db/migrations/versions``: one linear chain).

Typical use in a service or a command::

    from tradebridge.db.engine import open_database
    db = open_database()                       # $TRADEBRIDGE_DATABASE_URL or the home's SQLite
    with db.transaction(actor=user) as session:
        session.add(thing)                     # audited if ``thing`` is ``Auditable``

Models live in their domain package (``accounts/models.py``, ``registry/models.py``…) and are
listed in ``db.schema.MODEL_MODULES`` so that the whole schema can be compared with the
migrations.
"""
