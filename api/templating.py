"""The Jinja2 environment of the portal pages (api/templates/) and the page chrome every page needs.

Templates get `t` (the UI string table of `api.i18n`), `lang`, and the link to the same page in the other
language, so every page can offer "English"/"Nederlands" without JavaScript.
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


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)


def render(name: str, lang: str, switch_href: str, **context: Any) -> str:
    """A page in `lang`; `switch_href` is this page in the other language (the base template links to it)."""
    chrome = {"lang": lang, "other_lang": other_language(lang), "switch_href": switch_href}
    return environment().get_template(name).render(**chrome, **context)


def remember_language(request: Request, response: Any) -> Any:
    """Keep an explicit `?lang=` choice in a cookie, so that the next page is in the same language."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
