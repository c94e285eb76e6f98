"""Pages: one Jinja2 environment (with gettext), the reader's language, HTML or the JSON twin.

Every page is a function returning a JSON-safe context; ``page`` renders it as HTML with the
page's template, or returns the same context as JSON when the URL ends in ``.json`` or asks
``?format=json`` (the page's data twin). The language is chosen per request (URL ``?lang=``,
then the cookie, then ``Accept-Language``); a language given in the URL is remembered in the
cookie.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from tradebridge import i18n
from tradebridge.results import json_safe
from tradebridge.web.auth import csrf_token
from tradebridge.web.figures import METHODS

COOKIE_AGE = 365 * 24 * 3600


@cache
def environment() -> jinja2.Environment:
    """The one template environment: package templates, autoescape, gettext, locale filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tradebridge.web", "templates"),
        autoescape=jinja2.select_autoescape(("html",)),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    i18n.install(env)
    return env


def request_language(request: Request) -> str:
    """The language of this request (``?lang=``, cookie, ``Accept-Language``)."""
    return i18n.negotiate(
        request.query_params.get("lang"),
        request.cookies.get(i18n.COOKIE),
        request.headers.get("accept-language"),
    )


def language_links(request: Request) -> list[dict[str, str]]:
    """The same page in each language: ``{code, name, url}``."""
    links = []
    for code in i18n.LANGUAGES:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        query.append(("lang", code))
        url = request.url.path + "?" + urlencode(query)
        links.append({"code": code, "name": i18n.LANGUAGE_NAMES[code], "url": url})
    return links


def wants_data(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def _remember(request: Request, response: Response, lang: str) -> Response:
    if request.query_params.get("lang") in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=COOKIE_AGE, samesite="lax")
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def _data(value: Any) -> Any:
    """Objects with ``to_dict`` (figures) as dicts, recursively through dicts and lists."""
    if hasattr(value, "to_dict") and not isinstance(value, dict):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_data(v) for v in value]
    return value


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """``context`` as the page ``template`` in the request's language, or as JSON."""
    lang = request_language(request)
    i18n.set_current(lang)
    if wants_data(request):
        body = json_safe({"language": lang, **_data(context)})
        return _remember(request, JSONResponse(body, status_code=status), lang)
    settings = request.app.state.tradebridge.settings
    caller = getattr(request.state, "caller", None)
    frame = {
        "caller": caller,
        "csrf_token": lambda: csrf_token(request),
        "focus": settings.country,
        "partner_focus": settings.partner,
        "synthetic": False,
        "source": None,
        "lang": lang,
        "languages": language_links(request),
        "path": request.url.path.removesuffix(".json"),
        "methods": METHODS,
    }
    html = environment().get_template(template).render({**frame, **context})
    response = _remember(request, HTMLResponse(html, status_code=status), lang)
    if caller is not None:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def render_error(request: Request, status: int, message: str, nearest: list[str]) -> Response:
    """The error page (no details beyond the one-line message)."""
    context = {"status": status, "message": message, "nearest": nearest, "title": str(status)}
    return page(request, "error.html", context, status=status)
