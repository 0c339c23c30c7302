"""OpenID Connect: bearer JWTs from a configured issuer, verified against its JWKS, turned into a Principal.

The Flemish government's login (and most others) is OIDC. The register trusts one issuer:

| variable | meaning | default |
|---|---|---|
| SERIEREGISTER_OIDC_ISSUER | the `iss` the tokens must carry (unset: OIDC is off) | unset |
| SERIEREGISTER_OIDC_AUDIENCE | the `aud` the tokens must carry | serieregister |
| SERIEREGISTER_OIDC_JWKS_URL | the issuer's signing keys (https://..., or file:///... for a fixed set) | unset |
| SERIEREGISTER_OIDC_ROLES_CLAIM | the claim with the roles (see below) | serieregister_roles |
| SERIEREGISTER_OIDC_ALGORITHMS | accepted signature algorithms (comma separated) | RS256,ES256 |

The roles claim is a list (or a space-separated string) of "ORG:ROLE", e.g. "stad-leuven:seriebeheerder", and
optionally "platformbeheerder". The token must be signed by a key of the JWKS (chosen by `kid`), unexpired
(`exp` required), issued by the issuer for the audience. The user is `oidc-{sub}` (audit trail); the name
comes from `name` or `preferred_username`. A role the register does not know makes the token invalid rather
than silently ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jwt

from mdto.auth.directory import Principal
from mdto.auth.policy import Role
from mdto.namespaces import slugify


class InvalidToken(ValueError):
    pass


@dataclass(frozen=True)
class OidcSettings:
    issuer: str | None = None
    audience: str = "serieregister"
    jwks_url: str | None = None
    roles_claim: str = "serieregister_roles"
    algorithms: tuple[str, ...] = ("RS256", "ES256")

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.jwks_url)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> OidcSettings:
        e = os.environ if env is None else env
        return cls(
            issuer=e.get("SERIEREGISTER_OIDC_ISSUER") or None,
            audience=e.get("SERIEREGISTER_OIDC_AUDIENCE", "serieregister"),
            jwks_url=e.get("SERIEREGISTER_OIDC_JWKS_URL") or None,
            roles_claim=e.get("SERIEREGISTER_OIDC_ROLES_CLAIM", "serieregister_roles"),
            algorithms=tuple(a.strip() for a in e.get("SERIEREGISTER_OIDC_ALGORITHMS", "RS256,ES256").split(",")),
        )


@cache
def _jwks_client(url: str) -> jwt.PyJWKClient:
    """One client per JWKS URL: it caches the key set and refetches on an unknown `kid`."""
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=10)


def _signing_key(url: str, token: str) -> object:
    """The key that signed `token`: from the issuer's JWKS over HTTP(S), or from a local JWKS file (file://),
    which PyJWT's client does not read."""
    if not url.startswith("file:"):
        return _jwks_client(url).get_signing_key_from_jwt(token).key
    try:
        keys = jwt.PyJWKSet.from_dict(json.loads(Path(url2pathname(urlparse(url).path)).read_text()))
    except (OSError, ValueError) as e:
        raise InvalidToken(f"cannot read the JWKS file {url}: {e}") from None
    kid = jwt.get_unverified_header(token).get("kid")
    for k in keys.keys:
        if k.key_id == kid:
            return k.key
    raise InvalidToken(f"invalid OIDC token: no key with kid {kid!r} in the JWKS")


def principal_for_jwt(settings: OidcSettings, token: str) -> Principal:
    """Verify the token and read the caller's roles from it; raises InvalidToken with the reason."""
    if not settings.enabled:
        raise InvalidToken("this register accepts only its own API tokens (OIDC is not configured)")
    assert settings.jwks_url is not None
    try:
        claims = jwt.decode(
            token,
            _signing_key(settings.jwks_url, token),
            algorithms=list(settings.algorithms),
            audience=settings.audience,
            issuer=settings.issuer,
            options={"require": ["exp", "iss", "aud", "sub"]},
            leeway=30,
        )
    except jwt.PyJWTError as e:
        raise InvalidToken(f"invalid OIDC token: {e}") from None
    raw = claims.get(settings.roles_claim, [])
    if isinstance(raw, str):
        raw = raw.split()
    roles: dict[str, set[Role]] = {}
    admin = False
    for item in raw:
        org, _, role = str(item).rpartition(":")
        try:
            parsed = Role(role)
        except ValueError:
            raise InvalidToken(f"unknown role {role!r} in claim {settings.roles_claim}") from None
        if parsed == Role.PLATFORMBEHEERDER:
            admin = True
        elif not org or org != slugify(org):
            raise InvalidToken(f"role {item!r} needs an organisation id: ORG:{role}")
        else:
            roles.setdefault(org, set()).add(parsed)
    return Principal(
        "oidc-" + slugify(str(claims["sub"])),
        str(claims.get("name") or claims.get("preferred_username") or claims["sub"]),
        {org: frozenset(rs) for org, rs in roles.items()},
        admin,
    )
