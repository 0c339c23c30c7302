"""Who is calling: the bearer token of a request, as a Principal (or None for an anonymous caller).

API tokens (`sr_...`, from `serieregister user add`) are looked up by their hash in graph:system; any other
bearer token is an OpenID Connect JWT, verified against the configured issuer and JWKS (docs/write-side.md).
A token that is present but invalid is refused (401), never treated as anonymous.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from mdto.auth.directory import Principal, principal_for_token


def current_principal(request: Request) -> Principal | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "use Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    token = token.strip()
    principal = principal_for_token(request.app.state.store, token) if token.startswith("sr_") else None
    if principal is None:
        raise HTTPException(401, "unknown, revoked or expired token", headers={"WWW-Authenticate": "Bearer"})
    return principal
