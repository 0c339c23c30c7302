"""Who is calling: the bearer token of a request, as a Principal (or None for an anonymous caller).

API tokens (`sr_...`, from `serieregister user add`) are looked up by their hash in graph:system; any other
bearer token is an OpenID Connect JWT, verified against the configured issuer and JWKS (docs/write-side.md).
A token that is present but invalid is refused (401), never treated as anonymous.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from mdto.auth.directory import Principal, principal_for_token
from mdto.auth.oidc import InvalidToken, OidcSettings, principal_for_jwt


def oidc_settings(request: Request) -> OidcSettings:
    """The application's OIDC settings (`app.state.oidc`), else the environment's."""
    settings = getattr(request.app.state, "oidc", None)
    if settings is None:
        settings = request.app.state.oidc = OidcSettings.from_env()
    return settings


def current_principal(request: Request) -> Principal | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "use Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    token = token.strip()
    if not token.startswith("sr_"):
        try:
            return principal_for_jwt(oidc_settings(request), token)
        except InvalidToken as e:
            raise HTTPException(401, str(e), headers={"WWW-Authenticate": "Bearer"}) from None
    principal = principal_for_token(request.app.state.store, token)
    if principal is None:
        raise HTTPException(401, "unknown or revoked API token", headers={"WWW-Authenticate": "Bearer"})
    return principal


def require_bulk_importer(request: Request) -> Principal:
    """An MDTO XML import writes published data directly, outside the drafts and workflow of
    docs/write-side.md (spreadsheet imports go through drafts); only a platform administrator may run it."""
    principal = current_principal(request)
    if principal is None:
        raise HTTPException(
            401,
            "a bulk import needs Authorization: Bearer <token> of a platform administrator",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not principal.platform_admin:
        raise HTTPException(
            403,
            "a bulk import publishes directly, outside the workflow, so only a platform administrator may run it; "
            "create drafts with POST /series instead, or check a file with ?dry_run=true",
        )
    return principal
