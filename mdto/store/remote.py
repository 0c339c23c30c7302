"""The remote store: any SPARQL 1.1 Query/Update endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB).

Talks plain SPARQL 1.1 Protocol through SPARQLWrapper, so nothing here depends on one server. Bulk writes are
single INSERT DATA requests, which the servers apply in one transaction.
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Sequence
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import BASIC, DIGEST, JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from mdto.rdfio import FORMATS
from mdto.store.base import QueryError, Row, Store, StoreUnavailable, _quads_block
from mdto.terms import iri, sparql, to_ox


class RemoteStore(Store):
    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        auth: str = "basic",
        timeout: float = 60.0,
        graph_prefix: str | None = None,
    ):
        """`graph_prefix` limits listing, counting, dumping and restoring to graphs whose IRI starts with it:
        servers such as Virtuoso keep system graphs of their own in the same dataset."""
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.description = f"SPARQL endpoint {query_url}"
        self._user, self._password, self._auth, self._timeout = user, password, auth, timeout
        self._graph_filter = f"FILTER(STRSTARTS(STR(?g), {sparql(Literal(graph_prefix))}))" if graph_prefix else ""

    def _wrapper(self, url: str) -> SPARQLWrapper:
        w = SPARQLWrapper(url)
        w.setTimeout(int(self._timeout))
        w.setMethod(POST)
        if self._user:
            w.setHTTPAuth(DIGEST if self._auth == "digest" else BASIC)
            w.setCredentials(self._user, self._password or "")
        return w

    def _call(self, w: SPARQLWrapper, url: str) -> Any:
        try:
            return w.query()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500] if hasattr(e, "read") else ""
            raise QueryError(f"{url} answered {e.code} {e.reason}: {detail}".rstrip(": ")) from None
        except SPARQLWrapperException as e:
            raise QueryError(f"{url} refused the request: {e}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreUnavailable(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _query(self, query: str, default_graphs: Sequence[str], named_graphs: Sequence[str], fmt: str) -> Any:
        w = self._wrapper(self.query_url)
        w.setQuery(query)
        for g in default_graphs:
            w.addDefaultGraph(g)
        for g in named_graphs:
            w.addNamedGraph(g)
        w.setReturnFormat(fmt)
        return self._call(w, self.query_url)

    def select(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> list[Row]:
        data = _json(self._query(query, default_graphs, named_graphs, JSON))
        if "results" not in data:
            raise QueryError("not a SELECT query")
        return [{k: _term(v) for k, v in b.items()} for b in data["results"]["bindings"]]

    def ask(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> bool:
        data = _json(self._query(query, default_graphs, named_graphs, JSON))
        if "boolean" not in data:
            raise QueryError("not an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Graph:
        w = self._wrapper(self.query_url)
        w.setQuery(query)
        for g in default_graphs:
            w.addDefaultGraph(g)
        for g in named_graphs:
            w.addNamedGraph(g)
        w.setReturnFormat(N3)
        w.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        response = self._call(w, self.query_url)
        body = response.response.read()
        ctype = response.response.headers.get("Content-Type", "text/turtle").split(";")[0].strip()
        fmt = "nt" if "n-triples" in ctype else "turtle"
        g = Graph()
        g.parse(data=body, format=fmt)
        return g

    def raw_query(
        self, query: str, default_graphs: Sequence[str], named_graphs: Sequence[str], accept: str, timeout: float
    ) -> tuple[str, bytes]:
        """The endpoint's own answer (media type, body), for callers that pass results on (the /sparql endpoint)."""
        w = self._wrapper(self.query_url)
        w.setTimeout(max(1, int(timeout)))
        w.setQuery(query)
        for g in default_graphs:
            w.addDefaultGraph(g)
        for g in named_graphs:
            w.addNamedGraph(g)
        w.setReturnFormat(JSON)
        w.addCustomHttpHeader("Accept", accept)
        response = self._call(w, self.query_url)
        ctype = response.response.headers.get("Content-Type", "").split(";")[0].strip()
        return ctype, response.response.read()

    def update(self, update: str) -> None:
        w = self._wrapper(self.update_url)
        w.setQuery(update)
        w.setMethod(POST)
        w.setRequestMethod("postdirectly")
        self._call(w, self.update_url).response.read()

    def named_graphs(self) -> list[str]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter} }}")
        return sorted(str(r["g"]) for r in rows)

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH {iri(graph)} {{ ?s ?p ?o }}" if graph else f"GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter}"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(rows[0]["n"]) if rows else 0

    def dump(self, out: BinaryIO, fmt: str = "nquads") -> None:
        rows = self.select(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter} }}")
        quads = (ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"])) for r in rows)
        ox.serialize(quads, out, format=FORMATS[fmt][0])

    def restore(self, quads: Sequence[ox.Quad]) -> None:
        """Drop the register's graphs and insert the dump, in one update request."""
        drops = " ;\n".join(f"DROP SILENT GRAPH {iri(g)}" for g in self.named_graphs())
        body, count = _quads_block(quads)
        parts = [p for p in (drops, f"INSERT DATA {{\n{body}}}" if count else "") if p]
        if parts:
            self.update(" ;\n".join(parts))


def _json(response: Any) -> dict[str, Any]:
    raw = response.response.read()
    try:
        return json.loads(raw)
    except ValueError:
        raise QueryError(f"the endpoint did not answer SPARQL JSON: {raw[:200]!r}") from None


def _term(binding: dict[str, str]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    dt = binding.get("datatype")
    if dt and dt != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value, datatype=URIRef(dt))
    return Literal(value)
