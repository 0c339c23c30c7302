"""Validation profiles: which shapes files a profile means, parsed once and kept in memory.

| profile | shapes |
|---|---|
| mdto | shapes/mdto.ttl: MDTO-RDF faithful to the XSD 1.0.1 |
| register | mdto + shapes/register.ttl + shapes/legal-maxima.ttl: what the register needs before submit/publish |
| official | the Nationaal Archief's own shapes file; its path comes from `--shapes`/`official_shapes` or the
  environment variable SERIEREGISTER_OFFICIAL_SHAPES (it is not ours, so the register does not ship it) |
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from rdflib import Graph

from mdto import resources
from mdto.rdfio import RdfSyntaxError, parse_file, to_rdflib_graph

PROFILES: dict[str, tuple[str, ...]] = {
    "mdto": ("mdto.ttl",),
    "register": ("mdto.ttl", "register.ttl", "legal-maxima.ttl"),
    "official": (),
}
OFFICIAL_SHAPES_ENV = "SERIEREGISTER_OFFICIAL_SHAPES"


class ProfileError(ValueError):
    """An unknown profile, or the official profile without a shapes file."""


def official_shapes_path(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    value = os.environ.get(OFFICIAL_SHAPES_ENV)
    if not value:
        raise ProfileError(
            f"the official profile needs the official MDTO shapes file: give --shapes FILE or set {OFFICIAL_SHAPES_ENV}"
        )
    return Path(value)


@cache
def _shapes_file(path: Path) -> Graph:
    """One parsed shapes file; rdflib's Turtle parser keeps the prefixes SHACL-SPARQL needs."""
    try:
        return (
            Graph().parse(path, format="turtle") if path.suffix == ".ttl" else to_rdflib_graph(parse_file(path).quads)
        )
    except OSError as e:
        raise RdfSyntaxError(str(path), f"cannot read shapes: {e.strerror or e}") from None
    except SyntaxError as e:
        raise RdfSyntaxError(str(path), f"not valid Turtle: {e}") from None


def profile_files(profile: str, official_shapes: Path | None = None) -> list[Path]:
    if profile not in PROFILES:
        raise ProfileError(f"unknown profile {profile!r}; use one of {', '.join(PROFILES)}")
    if profile == "official":
        return [official_shapes_path(official_shapes)]
    return [resources.path("shapes", name) for name in PROFILES[profile]]


def shapes_graph(profile: str, extra: Iterable[Path] = (), official_shapes: Path | None = None) -> Graph:
    """The shapes of a profile plus extra shapes files, merged into one graph (cached per combination)."""
    return _merged(tuple(profile_files(profile, official_shapes)) + tuple(extra))


@cache
def _merged(paths: tuple[Path, ...]) -> Graph:
    g = Graph()
    for p in paths:
        g += _shapes_file(p.resolve())
    return g
