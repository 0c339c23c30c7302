"""The values a concept, process or actor column accepts, read from the store's reference data.

A person types what they see: the Dutch label ("Tijdelijk te bewaren"), the code ("V") or, rarely, the IRI.
`Choices.resolve` accepts all three (case and spacing do not matter) and, for anything else, names the closest
valid labels (difflib), so that a typo gets a suggestion instead of a bare refusal. The same lists feed the
template's drop-downs and the export's labels, so what the export writes the import reads back.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from mdto.mapping import FieldSpec
from mdto.namespaces import local_part, scheme_iri, sparql_prefixes
from mdto.refdata import public_graphs
from mdto.store import Store
from mdto.terms import iri as q_iri


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


class UnknownValue(ValueError):
    """A cell value that names no concept or actor of the list; carries the closest valid labels."""

    def __init__(self, value: str, suggestions: list[str], ambiguous: bool = False):
        self.value, self.suggestions, self.ambiguous = value, suggestions, ambiguous
        super().__init__(value)


@dataclass
class Choices:
    """One list: the labels people pick from, and every form that names an entry."""

    name: str
    labels: dict[URIRef, str] = field(default_factory=dict)  # IRI -> display label, in list order
    _lookup: dict[str, set[URIRef]] = field(default_factory=dict)

    def add(self, iri: URIRef, label: str, *aliases: str) -> None:
        self.labels.setdefault(iri, label)
        for form in (str(iri), local_part(str(iri)) or "", label, *aliases):
            if form:
                self._lookup.setdefault(normalise(form), set()).add(iri)

    def resolve(self, value: str) -> URIRef:
        hits = self._lookup.get(normalise(value), set())
        if len(hits) == 1:
            return next(iter(hits))
        if hits:
            raise UnknownValue(value, sorted(self.labels[h] for h in hits), ambiguous=True)
        by_norm = {normalise(label): label for label in self.labels.values()}
        close = difflib.get_close_matches(normalise(value), list(by_norm), n=3, cutoff=0.5)
        return_labels = [by_norm[c] for c in close]
        raise UnknownValue(value, return_labels)

    def display(self, iri: URIRef) -> str:
        """What the export writes: the label when it names only this entry, else the IRI."""
        label = self.labels.get(URIRef(iri))
        if label is not None and len(self._lookup.get(normalise(label), ())) == 1:
            return label
        return str(iri)

    def sorted_labels(self) -> list[str]:
        return sorted(self.labels.values(), key=normalise)


@dataclass
class Vocabulary:
    """Every list a spreadsheet column may need: concept schemes by slug, and the actors."""

    schemes: dict[str, Choices]
    actors: Choices

    def for_field(self, spec: FieldSpec) -> Choices | None:
        if spec.type == "actor":
            return self.actors
        if spec.type in ("concept", "process") and spec.scheme:
            return self.schemes.setdefault(spec.scheme, Choices(spec.scheme))
        return None

    @classmethod
    def load(cls, store: Store, schemes: Sequence[str]) -> Vocabulary:
        graphs = public_graphs()
        values = " ".join(q_iri(str(scheme_iri(s))) for s in schemes)
        by_scheme = {str(scheme_iri(s)): Choices(s) for s in schemes}
        rows = store.select(
            sparql_prefixes()
            + f"""
SELECT ?scheme ?c ?label ?anyLabel ?notation WHERE {{
  VALUES ?scheme {{ {values} }}
  ?c skos:inScheme ?scheme .
  OPTIONAL {{ ?c skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "nl")) }}
  OPTIONAL {{ ?c mdto:begripLabel ?anyLabel }}
  OPTIONAL {{ ?c skos:notation ?notation }}
}} ORDER BY ?scheme ?notation ?label""",
            default_graphs=graphs,
        )
        for r in rows:
            label = str(r.get("label") or r.get("anyLabel") or r["c"])
            by_scheme[str(r["scheme"])].add(URIRef(r["c"]), label, str(r.get("notation") or ""), _slug_of(r["c"]))
        actors = Choices("actoren")
        for r in store.select(
            sparql_prefixes()
            + """
SELECT ?a ?naam ?label ?alt ?kenmerk WHERE {
  ?a a mdto:Actor .
  OPTIONAL { ?a mdto:naam ?naam }
  OPTIONAL { ?a skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "nl")) }
  OPTIONAL { ?a skos:altLabel ?alt }
  OPTIONAL { ?a mdto:identificatie/mdto:identificatieKenmerk ?kenmerk }
} ORDER BY ?naam""",
            default_graphs=graphs,
        ):
            name = str(r.get("naam") or r.get("label") or r["a"])
            aliases = [str(r[k]) for k in ("label", "alt", "kenmerk") if k in r]
            actors.add(URIRef(r["a"]), name, *aliases, _slug_of(r["a"]))
        return cls({c.name: c for c in by_scheme.values()}, actors)


def _slug_of(iri: object) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
