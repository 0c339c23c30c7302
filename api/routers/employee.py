"""The employee view (`/medewerkers`): sign in with an API token, the organisation's series (drafts too), one
series with its workflow state, and for information managers its versions, diffs and audit trail.

Pages only read; every change still goes through the write side's API. Login keeps the token in an HttpOnly,
SameSite=Strict cookie (api.session). These pages are private: never cached, and keyed on the cookie.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import get_store
from api.i18n import language, t
from api.services.employee_pages import BadState, diff_rows, employee_series, organisation_lists
from api.services.html_pages import html_response
from api.session import end_session, session_principal, start_session
from api.templating import other_language, render, url_with
from mdto.auth.directory import Principal, principal_for_token
from mdto.store import Store
from mdto.writeside import service

router = APIRouter(prefix="/medewerkers", include_in_schema=False)
LOGIN = "/medewerkers/aanmelden"


def page(request: Request, template: str, status: int = 200, **context: object) -> Response:
    lang = language(request)
    html = render(template, lang, url_with(request, lang=other_language(lang)), **context)
    response = html_response(request, html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def to_login() -> Response:
    return RedirectResponse(LOGIN, 303)


@router.get("/aanmelden")
def login_form(request: Request) -> Response:
    return page(request, "employee_login.html", principal=None, error=None)


@router.post("/aanmelden")
def login(request: Request, token: str = Form(""), store: Store = Depends(get_store)) -> Response:
    token = token.strip()
    if principal_for_token(store, token) is None:
        return page(request, "employee_login.html", 401, principal=None, error=t("login_failed", language(request)))
    response = RedirectResponse("/medewerkers", 303)
    start_session(request, response, token)
    return response


@router.post("/afmelden")
def logout() -> Response:
    response = RedirectResponse("/", 303)
    end_session(response)
    return response


@router.get("")
def series_list(request: Request, store: Store = Depends(get_store)) -> Response:
    principal = session_principal(request)
    if principal is None:
        return to_login()
    lists = organisation_lists(store, principal, language(request))
    return page(request, "employee_list.html", principal=principal, organisations=lists)


@router.get("/serie/{slug}")
def series(slug: str, request: Request, store: Store = Depends(get_store)) -> Response:
    principal = session_principal(request)
    if principal is None:
        return to_login()
    try:
        model = employee_series(store, principal, slug, language(request))
    except service.NotFound as e:
        return not_found(request, principal, str(e))
    return page(request, "employee_series.html", principal=principal, s=model)


@router.get("/serie/{slug}/diff")
def diff(
    slug: str,
    request: Request,
    van: str = Query(..., description="version number, draft or published"),
    naar: str = Query(..., description="version number, draft or published"),
    store: Store = Depends(get_store),
) -> Response:
    principal = session_principal(request)
    if principal is None:
        return to_login()
    lang = language(request)
    try:
        rows = diff_rows(store, principal, slug, van, naar, lang)
    except (service.NotFound, service.Forbidden) as e:
        return not_found(request, principal, str(e))  # like the API: what you may not see does not exist
    except BadState as e:
        return page(request, "employee_error.html", 400, principal=principal, title=t("bad_request", lang),
                    message=str(e))  # fmt: skip
    return page(request, "employee_diff.html", principal=principal, slug=slug, old=van, new=naar, rows=rows)


def not_found(request: Request, principal: Principal, message: str) -> Response:
    lang = language(request)
    return page(request, "employee_error.html", 404, principal=principal, title=t("not_found_title", lang),
                message=message)  # fmt: skip
