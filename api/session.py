"""The employee view's login: a form takes an API token and keeps it in a session cookie.

The cookie holds the token itself (HttpOnly, SameSite=Strict, Path=/medewerkers, Secure over https, eight hours),
so the API stays stateless: every request looks the token up again (`principal_for_token`), and revoking the
token (`serieregister token revoke`) ends the session at once. SameSite=Strict keeps the cookie off requests
that other sites start, and the employee pages only read, so there is nothing to forge.
"""

from __future__ import annotations

from fastapi import Request, Response

from mdto.auth.directory import Principal, principal_for_token

COOKIE = "sr_sessie"
PATH = "/medewerkers"
MAX_AGE = 8 * 3600


def session_principal(request: Request) -> Principal | None:
    """The user of the session cookie; None without a cookie or with a revoked or unknown token."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    return principal_for_token(request.app.state.store, token)


def start_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")
