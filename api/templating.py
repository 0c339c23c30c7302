"""The Jinja2 environment of the portal pages (api/templates/) and the page chrome every page needs.

Templates get `t` (the UI string table of `api.i18n`) and `lang`; `chrome()` adds the language switch link for
the current URL, so every page can offer "English"/"Nederlands" without JavaScript.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.i18n import COOKIE, LANGUAGES, t

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = t
    return env


def url_with(request: Request, **changes: str | int | None) -> str:
    """The current path and query with some parameters replaced (None removes them); repeated ones are kept."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, str(v)) for k, v in changes.items() if v is not None]
    query = urlencode(items)
    return request.url.path + (f"?{query}" if query else "")


def chrome(request: Request, lang: str) -> dict[str, Any]:
    """What the base template needs about the request: the language and the link to the other language."""
    other = next(code for code in LANGUAGES if code != lang)
    return {"lang": lang, "other_lang": other, "switch_href": url_with(request, lang=other)}


def render(name: str, request: Request, lang: str, **context: Any) -> str:
    return environment().get_template(name).render(**chrome(request, lang), **context)


def remember_language(request: Request, response: Any) -> Any:
    """Keep an explicit `?lang=` choice in a cookie, so that the next page is in the same language."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
