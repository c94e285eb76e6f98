"""Accounts in the browser and the API: logging in and out, cookies, CSRF refused without its
token, throttling, token scopes, disabled users, the account and admin pages, the audit log
page, and the pages in az/ru/en (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from tradebridge.accounts import throttle
from web_fixtures import PASSWORD


def _cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


def test_logging_in_sets_a_signed_http_only_session_cookie(accounts_app) -> None:
    client = accounts_app.anonymous()
    done = accounts_app.log_in(client, "viewer@example.org")
    assert done.status_code == 303 and done.headers["location"] == "/"
    session = _cookie_headers(done)["tradebridge_session"]
    assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" not in session
    page = client.get("/account")
    assert page.status_code == 200 and "The viewer" in page.text
    assert page.headers["cache-control"] == "private, no-store"
    out = client.post("/logout", data={"csrf_token": accounts_app.csrf(client)})
    assert out.status_code == 303
    assert client.get("/account").status_code == 303


def test_cookies_are_secure_over_https(accounts_app) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(accounts_app.app, base_url="https://tb.example", follow_redirects=False)
    done = accounts_app.log_in(client, "viewer@example.org")
    assert done.status_code == 303
    assert all("Secure" in h for h in _cookie_headers(done).values())


def test_a_forged_session_cookie_is_nobody(accounts_app) -> None:
    client = accounts_app.anonymous()
    client.cookies.set("tradebridge_session", "forged.value.here")
    assert client.get("/account").status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_after_log_in_the_reader_returns_to_the_page_asked_for(accounts_app) -> None:
    client = accounts_app.anonymous()
    asked = client.get("/admin/audit?entity=users")
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=%2Fadmin%2Faudit%3Fentity%3Dusers"
    data = {
        "email": "admin@example.org",
        "password": PASSWORD,
        "next": "/admin/audit?entity=users",
        "csrf_token": accounts_app.csrf(client),
    }
    assert client.post("/login", data=data).headers["location"] == "/admin/audit?entity=users"
    data["next"] = "//evil.example/"
    data["csrf_token"] = accounts_app.csrf(client)  # a log-in renews the CSRF value
    assert client.post("/login", data=data).headers["location"] == "/"


def test_forms_without_the_csrf_token_are_refused(accounts_app) -> None:
    client = accounts_app.anonymous()
    client.get("/login")  # the browser has its CSRF cookie
    no_token = {"email": "viewer@example.org", "password": PASSWORD}
    assert client.post("/login", data=no_token).status_code == 403
    wrong = {**no_token, "csrf_token": "0" * 64}
    assert client.post("/login", data=wrong).status_code == 403
    other = accounts_app.anonymous()  # another browser's token does not fit this cookie
    assert (
        client.post("/login", data={**no_token, "csrf_token": accounts_app.csrf(other)}).status_code
        == 403
    )
    admin = accounts_app.client("admin")
    form = {"email": "new@example.org", "password": PASSWORD, "role": "viewer"}
    assert admin.post("/admin/users", data=form).status_code == 403
    assert "new@example.org" not in admin.get("/admin/users").text


def test_unsafe_api_calls_with_a_session_need_the_csrf_header(accounts_app) -> None:
    admin = accounts_app.client("admin")
    body = {"email": "api@example.org", "password": PASSWORD, "role": "staff"}
    refused = admin.post("/api/v1/users", json=body)
    assert refused.status_code == 403 and "security token" in refused.json()["error"]["message"]
    token = admin.get("/api/v1/me").json()["csrf_token"]
    made = admin.post("/api/v1/users", json=body, headers={"X-CSRF-Token": token})
    assert made.status_code == 201 and made.json()["role"] == "staff"


def test_log_in_is_throttled_with_retry_after(accounts_app) -> None:
    client = accounts_app.anonymous()
    token = accounts_app.csrf(client)
    wrong = {"email": "staff@example.org", "password": "not it at all", "csrf_token": token}
    for _ in range(throttle.LIMITS["account"]):
        assert client.post("/login", data=wrong).status_code == 401
    right = {**wrong, "password": PASSWORD}
    locked = client.post("/login", data=right)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) == throttle.LOCK.total_seconds()
    assert accounts_app.log_in(accounts_app.anonymous(), "viewer@example.org").status_code == 303


def test_token_scopes(accounts_app) -> None:
    client = accounts_app.anonymous()
    read = {"Authorization": f"Bearer {accounts_app.token('staff', 'read')}"}
    write = {"Authorization": f"Bearer {accounts_app.token('staff', 'write')}"}
    me = client.get("/api/v1/me", headers=read)
    assert me.status_code == 200
    assert me.json()["token_scope"] == "read" and me.json()["csrf_token"] is None
    body = {"name": "another", "scope": "read"}
    refused = client.post("/api/v1/tokens", json=body, headers=read)
    assert refused.status_code == 403 and "only read" in refused.json()["error"]["message"]
    made = client.post("/api/v1/tokens", json=body, headers=write)
    assert made.status_code == 201 and made.json()["secret"].startswith("tb_")
    assert client.get("/api/v1/users", headers=write).status_code == 403  # staff, not admin
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer tb_nonsense"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"


def test_a_disabled_user_cannot_log_in_and_is_signed_out(accounts_app) -> None:
    staff = accounts_app.client("staff")
    secret = accounts_app.token("staff", "read")
    admin = accounts_app.client("admin")
    user_id = accounts_app.users["staff"]
    done = admin.post(
        f"/admin/users/{user_id}/disable", data={"csrf_token": accounts_app.csrf(admin)}
    )
    assert done.status_code == 303
    assert staff.get("/account").status_code == 303
    client = accounts_app.anonymous()
    refused = accounts_app.log_in(client, "staff@example.org")
    assert refused.status_code == 401 and "disabled" in refused.text
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_a_token_is_shown_once_then_only_its_prefix(accounts_app) -> None:
    client = accounts_app.client("viewer")
    form = {"name": "my script", "scope": "read", "csrf_token": accounts_app.csrf(client)}
    made = client.post("/account/tokens", data=form)
    assert made.status_code == 201
    secret = re.search(r'<code class="secret">(tb_[\w-]+)</code>', made.text).group(1)
    later = client.get("/account").text
    assert secret not in later and secret[:10] in later
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=auth).json()["email"] == "viewer@example.org"
    token_id = client.get("/api/v1/tokens", headers=auth).json()[0]["id"]
    revoke = {"csrf_token": accounts_app.csrf(client)}
    assert client.post(f"/account/tokens/{token_id}/revoke", data=revoke).status_code == 303
    assert accounts_app.anonymous().get("/api/v1/me", headers=auth).status_code == 401


def test_changing_ones_password(accounts_app) -> None:
    client = accounts_app.client("company")
    form = {
        "current_password": PASSWORD,
        "new_password": "a brand new secret",
        "repeat_password": "a brand new secret",
        "csrf_token": accounts_app.csrf(client),
    }
    assert client.post("/account/password", data=form).status_code == 303
    assert client.get("/account").status_code == 303  # signed out everywhere
    fresh = accounts_app.anonymous()
    assert (
        accounts_app.log_in(fresh, "company@example.org", "a brand new secret").status_code == 303
    )
    form["current_password"] = "wrong"
    form["csrf_token"] = accounts_app.csrf(fresh)
    refused = fresh.post("/account/password", data=form)
    assert refused.status_code == 400 and "current password is wrong" in refused.text


def test_the_admin_changes_a_role_and_the_audit_log_shows_it(accounts_app) -> None:
    admin = accounts_app.client("admin")
    user_id = accounts_app.users["viewer"]
    form = {"role": "staff", "organisation": "", "csrf_token": accounts_app.csrf(admin)}
    assert admin.post(f"/admin/users/{user_id}/role", data=form).status_code == 303
    page = admin.get(f"/admin/audit?user=admin@example.org&entity=users&entity_id={user_id}")
    assert page.status_code == 200
    assert page.text.count("<tr>") == 2  # the header and the one change
    assert "&#34;role&#34;: &#34;viewer&#34;" in page.text or '"role": "viewer"' in page.text
    rows = admin.get(
        "/api/v1/audit", params={"actor": "admin@example.org", "entity_type": "users"}
    ).json()
    assert [(r["action"], r["before"], r["after"]) for r in rows] == [
        ("update", {"role": "viewer"}, {"role": "staff"})
    ]
    assert (
        admin.get("/api/v1/audit", params={"since": "2000-01-01", "until": "2000-01-02"}).json()
        == []
    )
    refused = admin.get("/api/v1/audit", params={"since": "2026-02-02", "until": "2026-02-01"})
    assert refused.status_code == 400


def test_admin_form_errors_are_shown_on_the_page(accounts_app) -> None:
    admin = accounts_app.client("admin")
    form = {"email": "x@example.org", "password": "short", "role": "viewer"}
    shown = admin.post("/admin/users", data={**form, "csrf_token": accounts_app.csrf(admin)})
    assert shown.status_code == 400 and "too short" in shown.text
    missing = admin.post("/admin/users/999/disable", data={"csrf_token": accounts_app.csrf(admin)})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("lang", "words"),
    [("az", ["Daxil ol", "Parol"]), ("ru", ["Войти", "Пароль"]), ("en", ["Log in", "Password"])],
)
def test_the_log_in_page_speaks_three_languages(accounts_app, lang, words) -> None:
    text = accounts_app.anonymous().get(f"/login?lang={lang}").text
    assert all(word in text for word in words)


def test_the_navigation_shows_who_is_signed_in_and_keeps_the_languages(accounts_app) -> None:
    admin = accounts_app.client("admin")
    page = admin.get("/methods?lang=ru")
    assert page.status_code == 200
    assert "The admin" in page.text and 'action="/logout"' in page.text
    assert 'hreflang="az"' in page.text and "hx-headers" in page.text
    anonymous = accounts_app.anonymous().get("/methods").text
    assert "The admin" not in anonymous and 'href="/login?next=' in anonymous
