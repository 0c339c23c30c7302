"""Converting RDF terms between rdflib and pyoxigraph, and writing them safely into SPARQL text.

rdflib is our toolkit for building and serialising small graphs; pyoxigraph is the engine. Anything written
into a SPARQL string passes through `sparql()`, which validates IRIs with pyoxigraph and escapes literals, so
that no value from a user can change the shape of a query.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term; raises ValueError for an invalid IRI."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(_bnode_id(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    """pyoxigraph term -> rdflib term (plain strings stay plain, without an explicit xsd:string)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        raise TypeError("the default graph is not an RDF term")
    raise TypeError(f"not an RDF term: {term!r}")


def sparql(term: Node) -> str:
    """A term in SPARQL/N-Triples syntax, validated and escaped."""
    return str(to_ox(term))


def iri(value: str) -> str:
    """`<value>` for SPARQL text; raises ValueError when value is not a valid absolute IRI."""
    return str(ox.NamedNode(value))


def _bnode_id(value: str) -> str:
    # pyoxigraph accepts N-Triples blank node labels; rdflib ids are alphanumeric already.
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in value) or "b"
