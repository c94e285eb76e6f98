"""Fixtures for the app with accounts: a web app over the tiny warehouse and a fresh database
(SQLite and PostgreSQL), one user per role, and clients signed in as each of them.

- ``accounts_app``: an ``AccountsWorld`` (``.app``, ``.users`` by role, ``.client(role)``: a
  ``TestClient`` signed in through the log-in form, ``None`` for anonymous; ``.token(role,
  scope)``: an API token's secret; ``.csrf(client)``: the CSRF token for that client's
  unsafe calls);
- passwords are hashed with a cheap Argon2 setting during tests (``cheap_passwords``).
"""

from __future__ import annotations

import re

import pytest

PASSWORD = "correct horse battery staple"
ROLES = ("admin", "staff", "company", "viewer")
CSRF_FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="session", autouse=True)
def cheap_passwords():
    """Argon2 with minimal cost (the production cost is ~0.3 s a hash)."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from tradebridge.accounts import passwords

    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    original = passwords._hasher
    passwords._hasher = lambda: cheap
    yield
    passwords._hasher = original


class AccountsWorld:
    def __init__(self, app, database) -> None:
        from fastapi.testclient import TestClient

        self.app = app
        self.database = database
        self._client_class = TestClient
        self._clients: dict[str, object] = {}
        self.users = {}
        from tradebridge.accounts.users import create_user

        with database.transaction(actor="test") as session:
            for role in ROLES:
                user = create_user(
                    session,
                    email=f"{role}@example.org",
                    password=PASSWORD,
                    role=role,
                    display_name=f"The {role}",
                    organisation_id=None,  # a test that needs one makes the organisation
                )
                self.users[role] = user.id

    def anonymous(self):
        return self._client_class(self.app, raise_server_exceptions=False, follow_redirects=False)

    def csrf(self, client) -> str:
        """The CSRF token of ``client``'s browser (read from the log-in form)."""
        found = CSRF_FIELD.search(client.get("/login").text)
        assert found, "the log-in page has no CSRF field"
        return found.group(1)

    def log_in(self, client, email: str, password: str = PASSWORD):
        data = {"email": email, "password": password, "csrf_token": self.csrf(client)}
        return client.post("/login", data=data)

    def client(self, role: str | None):
        """A client signed in as the user of ``role`` (anonymous for ``None``)."""
        if role is None:
            return self.anonymous()
        if role not in self._clients:
            client = self.anonymous()
            done = self.log_in(client, f"{role}@example.org")
            assert done.status_code == 303, done.text
            self._clients[role] = client
        return self._clients[role]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self.app.state.agenda_prints.finish()  # before the database goes
        self.database.dispose()

    def token(self, role: str, scope: str) -> str:
        """A new API token of the user of ``role``."""
        from tradebridge.accounts.tokens import create_token
        from tradebridge.accounts.users import get_user

        with self.database.transaction(actor="test") as session:
            _token, secret = create_token(
                session, get_user(session, f"{role}@example.org"), "test", scope
            )
        return secret


def make_world(database_url: str, home):
    """An ``AccountsWorld`` over the warehouse ``home`` and a migrated database."""
    from tradebridge.web.app import create_app
    from tradebridge.web.settings import Settings

    settings = Settings(home=home, database_url=database_url, secret_key="k" * 64, migrate=False)
    app = create_app(settings)
    return AccountsWorld(app, app.state.tradebridge.database())


@pytest.fixture
def accounts_app(database_url, tiny_warehouse):
    """The app over the tiny warehouse and a fresh database holding one user per role."""
    world = make_world(database_url, tiny_warehouse.path)
    yield world
    world.close()
