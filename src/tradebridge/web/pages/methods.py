"""``/methods``: ``docs/methods.md`` (the formulas the code implements) as a page, each heading
with the anchor GitHub gives it, so figure labels can link to ``/methods#<section>``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter
from markdown_it import MarkdownIt
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

import tradebridge
from tradebridge.i18n import gettext as _
from tradebridge.web.templating import page

router = APIRouter()
METHODS = Path(tradebridge.__file__).resolve().parents[2] / "docs" / "methods.md"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.

    >>> slug("4. Economic complexity (Hidalgo & Hausmann)")
    '4-economic-complexity-hidalgo--hausmann'
    """
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def _rendered(path: Path, mtime: float) -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(path.read_text(encoding="utf-8"))
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open":
            opening.attrSet("id", slug(inline.content))
    return md.renderer.render(tokens, md.options, {})


@router.get("/methods")
@router.get("/methods.json")
async def methods(request: Request) -> Response:
    if not METHODS.is_file():
        raise HTTPException(404, "docs/methods.md is not part of this installation")
    html = _rendered(METHODS, METHODS.stat().st_mtime)
    return page(request, "methods.html", {"title": _("Methods"), "document": html})
