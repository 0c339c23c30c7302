"""The public SPARQL endpoint: read-only, over published data only, bounded in time and result size.

Dataset. The endpoint always sets the dataset by protocol: default graph = the merge of the public graphs, named
graphs = the public graphs. Both pyoxigraph and the Oxigraph server let a protocol dataset take precedence over
FROM / FROM NAMED in the query, and GRAPH can only name graphs of the dataset, so drafts (`graph:draft/...`),
provenance and system graphs cannot be reached. `default-graph-uri` / `named-graph-uri` may narrow the dataset to
some public graphs; naming any other graph is refused (403).

Refused: updates (form field `update`, `application/sparql-update`, or an update sent as a query), and SERVICE
(federation would make this server fetch arbitrary URLs). The SERVICE check reads the query after SPARQL's
\\u escapes are decoded and with strings, IRIs and comments removed, so it cannot be hidden in them; it may
refuse a query that merely uses SERVICE as a local name, which is the safe side.

Limits. pyoxigraph has no query timeout, so a query is evaluated in a worker thread (pyoxigraph releases the GIL)
while the request waits at most `sparql_timeout` seconds; the evaluation checks the deadline between solutions
and stops consuming them. What this cannot stop is one long step inside the engine (e.g. a big ORDER BY or
COUNT before the first solution): that thread runs on until the step ends, but the HTTP worker has already
answered 503, and at most `WORKERS` such evaluations run at once (further queries wait in the queue and give up
at their own deadline). At most `sparql_max_results` solutions or triples are returned; a query with more gets
an error that says so. On a remote store the query goes to the server with the same timeout on the HTTP request;
the server's own timeout, where it has one, stops the evaluation there.
"""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from mdto.refdata import public_graphs
from mdto.store import EmbeddedStore, QueryError, RemoteStore, Store, StoreUnavailable

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
WORKERS = 4
# Stands in for "no graph": an empty list would mean "every graph" to pyoxigraph and to servers alike.
NO_GRAPH = "urn:serieregister:no-graph"


@dataclass(frozen=True)
class ResultFormat:
    format: str
    media_type: str
    w3c: str  # name in http://www.w3.org/ns/formats/


SOLUTION_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", "SPARQL_Results_JSON"),
    ResultFormat("xml", "application/sparql-results+xml", "SPARQL_Results_XML"),
    ResultFormat("csv", "text/csv", "SPARQL_Results_CSV"),
    ResultFormat("tsv", "text/tab-separated-values", "SPARQL_Results_TSV"),
)
GRAPH_FORMATS = (
    ResultFormat("ttl", "text/turtle", "Turtle"),
    ResultFormat("jsonld", "application/ld+json", "JSON-LD"),
    ResultFormat("nt", "application/n-triples", "N-Triples"),
    ResultFormat("rdf", "application/rdf+xml", "RDF_XML"),
)
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_OX_RDF = {
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
}


class ProtocolError(Exception):
    """A request the endpoint answers with an error: HTTP status and a message for a person."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# -- checking the request -----------------------------------------------------------------------------------
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*',
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*((PREFIX\s+[^\s:]*:)|BASE\b|\s)*", re.IGNORECASE)  # IRIs already blanked
_UPDATE = re.compile(r"^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def _code(text: str) -> str:
    """The query with escapes decoded and strings, IRIs and comments blanked: what remains is syntax."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
    return _LEXEMES.sub(" ", decoded)


def check_query(text: str) -> None:
    if not text.strip():
        raise ProtocolError(400, "the query is empty; send a SPARQL query in the `query` parameter")
    code = _code(text)
    if _UPDATE.match(code[_PROLOGUE.match(code).end() :]):  # type: ignore[union-attr]
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted here")
    if _SERVICE.search(code):
        raise ProtocolError(403, "SERVICE (federated query) is not allowed on this endpoint")


def dataset(default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]) -> tuple[list[str], list[str]]:
    """The protocol dataset: the public graphs, or the public graphs the request names; others are refused."""
    public = public_graphs()
    for g in [*default_graph_uris, *named_graph_uris]:
        if g not in public:
            raise ProtocolError(
                403, f"graph <{g}> is not published on this endpoint; the public graphs are: {', '.join(public)}"
            )
    if default_graph_uris or named_graph_uris:
        return list(default_graph_uris) or [NO_GRAPH], list(named_graph_uris) or [NO_GRAPH]
    return public, public


# -- evaluating ---------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    kind: str  # "solutions" | "boolean" | "triples"
    variables: list[str]
    items: list
    boolean: bool = False


class _Stopped(Exception):
    pass


def _collect(items: Iterable, cap: int, deadline: float, cancelled: threading.Event, timeout: float) -> list:
    out = []
    for item in items:
        if cancelled.is_set() or time.monotonic() > deadline:
            raise ProtocolError(503, _timeout_message(timeout))
        out.append(item)
        if len(out) > cap:
            raise ProtocolError(
                400,
                f"the query has more than {cap} results, the most this endpoint returns for one query "
                "(SERIEREGISTER_SPARQL_MAX_RESULTS); add LIMIT/OFFSET, or use the bulk download "
                "/download/published.nq.gz",
            )
    return out


def _timeout_message(timeout: float) -> str:
    return (
        f"the query did not finish within {timeout:g} s, the time limit of this endpoint "
        "(SERIEREGISTER_SPARQL_TIMEOUT); narrow it down or add a LIMIT"
    )


def _outcome(result: object, cap: int, deadline: float, cancelled: threading.Event, timeout: float) -> Outcome:
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", [], [], bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Outcome("solutions", names, _collect(result, cap, deadline, cancelled, timeout))
    return Outcome("triples", [], _collect(result, cap, deadline, cancelled, timeout))  # type: ignore[arg-type]


def _evaluate_embedded(
    store: EmbeddedStore, query: str, default: list[str], named: list[str], cap: int, deadline: float,
    cancelled: threading.Event, timeout: float,
) -> Outcome:  # fmt: skip
    if cancelled.is_set():
        raise _Stopped
    try:
        result = store.oxigraph.query(
            query,
            default_graph=[ox.NamedNode(g) for g in default],
            named_graphs=[ox.NamedNode(g) for g in named],
        )
    except SyntaxError as e:
        raise ProtocolError(400, f"SPARQL syntax error: {e}") from None
    except (OSError, ValueError) as e:
        raise ProtocolError(400, f"the query failed: {e}") from None
    # pyoxigraph's result iterators must be dropped on the thread that made them: no traceback may keep one
    error: ProtocolError | None = None
    try:
        return _outcome(result, cap, deadline, cancelled, timeout)
    except ProtocolError as e:
        error = ProtocolError(e.status, str(e))
    except (OSError, ValueError) as e:
        error = ProtocolError(400, f"the query failed: {e}")
    finally:
        del result
    raise error


def _evaluate_remote(
    store: RemoteStore, query: str, default: list[str], named: list[str], cap: int, deadline: float,
    cancelled: threading.Event, timeout: float,
) -> Outcome:  # fmt: skip
    if cancelled.is_set():
        raise _Stopped
    try:
        ctype, body = store.raw_query(
            query, default, named, "application/sparql-results+json, application/n-triples;q=0.9", timeout
        )
    except StoreUnavailable as e:
        if "timed out" in str(e):
            raise ProtocolError(503, _timeout_message(timeout)) from None
        raise
    except QueryError as e:
        raise ProtocolError(400, f"the query failed: {e}") from None
    if "n-triples" in ctype or "turtle" in ctype:
        fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in ctype else ox.RdfFormat.TURTLE
        return Outcome(
            "triples", [], _collect((q.triple for q in ox.parse(body, format=fmt)), cap, deadline, cancelled, timeout)
        )
    return _outcome(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON), cap, deadline, cancelled, timeout)


class Evaluator:
    """Runs each query in a daemon thread and waits for it at most `timeout` seconds; at most `workers`
    evaluations (including runaways past their deadline) run at once, further queries are answered 503."""

    def __init__(self, timeout: float, cap: int, workers: int = WORKERS):
        self.timeout, self.cap = timeout, cap
        self._slots = threading.BoundedSemaphore(workers)

    def run(self, store: Store, query: str, default: list[str], named: list[str]) -> Outcome:
        deadline = time.monotonic() + self.timeout
        if not self._slots.acquire(timeout=self.timeout):
            raise ProtocolError(503, "the endpoint is busy with other long queries; try again later")
        cancelled, done = threading.Event(), threading.Event()
        box: dict[str, object] = {}
        evaluate = _evaluate_embedded if isinstance(store, EmbeddedStore) else _evaluate_remote

        def work() -> None:
            try:
                box["outcome"] = evaluate(store, query, default, named, self.cap, deadline, cancelled, self.timeout)  # type: ignore[arg-type]
            except BaseException as e:  # handed to the request thread without frames that hold result iterators
                box["error"] = e.with_traceback(None)
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic()) + 0.05):
            cancelled.set()
            raise ProtocolError(503, _timeout_message(self.timeout))
        if "error" in box:
            error = box["error"]
            raise ProtocolError(503, _timeout_message(self.timeout)) if isinstance(error, _Stopped) else error  # type: ignore[misc]
        return box["outcome"]  # type: ignore[return-value]


# -- writing results ----------------------------------------------------------------------------------------
def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    assert isinstance(term, ox.Literal)
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def serialize(outcome: Outcome, fmt: str) -> bytes:
    """Solutions and booleans via SPARQL JSON (then pyoxigraph's writers for XML, CSV, TSV); triples directly."""
    if outcome.kind == "triples":
        buffer = io.BytesIO()
        ox.serialize(outcome.items, buffer, format=_OX_RDF[fmt])
        return buffer.getvalue()
    if outcome.kind == "boolean":
        doc: dict = {"head": {}, "boolean": outcome.boolean}
    else:
        bindings = [
            {name: _json_term(solution[name]) for name in outcome.variables if solution[name] is not None}
            for solution in outcome.items
        ]
        doc = {"head": {"vars": outcome.variables}, "results": {"bindings": bindings}}
    data = json.dumps(doc, ensure_ascii=False).encode()
    if fmt == "json":
        return data
    if outcome.kind == "boolean" and fmt in ("csv", "tsv"):
        return b"true\n" if outcome.boolean else b"false\n"
    buffer = io.BytesIO()
    ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(buffer, format=_OX_RESULTS[fmt])
    return buffer.getvalue()


def service_description(endpoint: str) -> bytes:
    """SPARQL 1.1 Service Description in Turtle: what the endpoint supports and which graphs it answers over."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS_NS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        g.add((service, SD.resultFormat, FORMATS_NS[f.w3c]))
    ds = BNode("dataset")
    g.add((service, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    default = BNode("default")
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for graph in public_graphs():
        named = BNode()
        g.add((ds, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(graph)))
    g.add((service, URIRef("http://purl.org/dc/terms/description"), Literal(
        "Read-only SPARQL 1.1 endpoint over the published data of the Serieregister. The default graph is the "
        "merge of the public graphs; FROM, FROM NAMED and GRAPH cannot reach other graphs.", lang="en")))  # fmt: skip
    return g.serialize(format="turtle", encoding="utf-8")
