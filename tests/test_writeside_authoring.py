"""Authoring: create, read, edit, delete drafts; ETags and If-Match; concurrent writers; precise refusals that
leave the store unchanged; drafts never public; published versions never change."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from rdflib import Literal

from mdto.namespaces import GRAPH_PUBLISHED, draft_graph, version_graph
from mdto.refdata import load_reference, public_graphs
from mdto.store import EmbeddedStore, Store
from tests.conftest import remote_store
from tests.writeside_support import ID, Api, api_for, prepared_register, served, setup_register, valid_body


@pytest.fixture
def registered() -> tuple[Store, dict[str, str]]:
    return prepared_register()


@pytest.fixture
def store(registered: tuple[Store, dict[str, str]]) -> Store:
    return registered[0]


@pytest.fixture
def api(registered: tuple[Store, dict[str, str]]) -> Api:
    return api_for(*registered)


def snapshot(store: Store) -> set[str]:
    buf = __import__("io").BytesIO()
    store.dump(buf)
    return set(buf.getvalue().decode().splitlines())


def test_create_read_edit_with_etags(api: Api) -> None:
    c = api.client
    r = api.create("sb-leuven")
    assert r.status_code == 201 and r.headers["location"] == f"/series/{r.json()['id']}/draft"
    slug, etag = r.json()["id"], r.headers["etag"]
    draft = c.get(f"/series/{slug}/draft", headers=api.h("sb-leuven"))
    assert draft.headers["etag"] == etag
    assert draft.json()["series"]["naam"] == valid_body()["naam"]
    assert draft.json()["series"]["archiefvormer"][0]["label"] == "Stad Leuven"

    body = draft.json()["series"] | {"naam": "Aankoopdossiers"}  # what GET answers can be PUT back
    assert c.put(f"/series/{slug}", json=body, headers=api.h("sb-leuven")).status_code == 428
    assert c.put(f"/series/{slug}", json=body, headers=api.h("sb-leuven", '"stale"')).status_code == 412
    put = c.put(f"/series/{slug}", json=body, headers=api.h("sb-leuven", etag))
    assert put.status_code == 200 and put.headers["etag"] != etag
    assert c.put(f"/series/{slug}", json=body, headers=api.h("sb-leuven", etag)).status_code == 412
    patched = c.patch(f"/series/{slug}", json={"geldigTot": "2024-12-31", "omschrijving": None},
                      headers=api.h("sb-leuven", put.headers["etag"]))  # fmt: skip
    assert patched.status_code == 200
    series = c.get(f"/series/{slug}/draft", headers=api.h("sb-leuven")).json()["series"]
    assert series["naam"] == "Aankoopdossiers" and series["geldigTot"] == "2024-12-31" and "omschrijving" not in series
    # without the description the register profile refuses submission, with the report
    sub = c.post(f"/series/{slug}/submit", headers=api.h("sb-leuven", patched.headers["etag"]))
    assert sub.status_code == 422 and sub.json()["detail"][0]["field"] == "omschrijving"
    assert sub.json()["detail"][0]["shacl"]["sourceShape"]  # the SHACL report's result, in full


def test_turtle_and_json_ld_bodies(api: Api) -> None:
    ttl = f"""@prefix mdto: <http://www.nationaalarchief.nl/mdto#> .
<{ID}serie/leuven-bouwvergunningen> a mdto:Informatieobject ;
  mdto:aggregatieniveau <{ID}begrip/aggregatieniveaus/serie> ;
  mdto:identificatie [ a mdto:IdentificatieGegevens ; mdto:identificatieKenmerk "leuven-bouwvergunningen" ;
                       mdto:identificatieBron "Serieregister" ] ;
  mdto:naam "Bouwvergunningen" ; mdto:archiefvormer <{ID}actor/stad-leuven> ;
  mdto:waardering <{ID}begrip/waarderingen/b> ;
  mdto:beperkingGebruik [ a mdto:BeperkingGebruikGegevens ;
      mdto:beperkingGebruikType <{ID}begrip/beperkinggebruiktypen/geen-beperking> ] ."""
    r = api.client.post("/series", content=ttl, headers=api.h("ib-leuven") | {"Content-Type": "text/turtle"})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == "leuven-bouwvergunningen"
    ld = api.client.get("/series/leuven-bouwvergunningen/draft", headers=api.h("ib-leuven")).json()["series"]
    assert ld["naam"] == "Bouwvergunningen"
    bad = api.client.post("/series", content=b"<x> <y> .", headers=api.h("ib-leuven") | {"Content-Type": "text/turtle"})
    assert bad.status_code == 422 and "line 1" in bad.json()["detail"][0]["field"]
    ld_body = '{"@id": "https://w3id.org/serieregister/id/serie/x", "http://www.nationaalarchief.nl/mdto#naam": "X"}'
    r = api.client.post("/series", content=ld_body,
                        headers=api.h("ib-leuven") | {"Content-Type": "application/ld+json"})  # fmt: skip
    assert r.status_code == 422 and "exactly one series" in r.json()["detail"][0]["reason"]


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"naam": "x", "kleur": "rood"}, "kleur", "unknown field"),
        (valid_body(geldigVan="gisteren"), "geldigVan", "not valid"),
        (valid_body(waardering=ID + "begrip/waarderingen/z"), "waardering", "not a concept of waarderingen"),
        (valid_body(archiefvormer=[ID + "actor/stad-turnhout"]), "archiefvormer", "not an actor of your organisation"),
        (valid_body(naam=" "), "naam", "not valid"),
        ({"omschrijving": "zonder naam"}, "naam", "required"),
        (valid_body(waardering=None), "waardering", "required"),
        ([1, 2], "(body)", "JSON object"),
    ],
)
def test_bad_input_is_refused_precisely_and_changes_nothing(
    api: Api, store: Store, body: object, field: str, reason: str
) -> None:
    before = snapshot(store)
    r = api.client.post("/series", json=body, headers=api.h("sb-leuven"))
    assert r.status_code == 422, r.text
    problem = next(p for p in r.json()["detail"] if p["field"] == field)
    assert reason in problem["reason"]
    assert "valid" in problem or field == "(body)"
    assert snapshot(store) == before


def test_agb_series_belong_to_the_city_tenant(api: Api) -> None:
    """Seed 000: the municipality's tenant also holds the series of its autonomous municipal company."""
    body = valid_body(archiefvormer=[ID + "actor/agb-stadsontwikkeling-leuven"])
    assert api.create("sb-leuven", body).status_code == 201
    refused = api.create("sb-turnhout", body | {"naam": "Andere naam"})
    assert refused.status_code == 422
    assert {p["field"] for p in refused.json()["detail"]} == {"archiefvormer", "bewaargever"}


@pytest.mark.parametrize("kind", ["embedded", "remote"])
def test_concurrent_writers_lose_no_update(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Eight writers on a real uvicorn server each add their own keyword, retrying on 412 with a fresh ETag: every
    keyword ends up in the draft, so no update was lost. On the on-disk embedded store and on the Oxigraph server,
    whose own transactions keep each guarded update atomic."""
    if kind == "embedded":
        store: Store = EmbeddedStore(tmp_path / "store")
    else:
        store = remote_store(request.getfixturevalue("oxigraph_server"))
    load_reference(store)
    tokens = setup_register(store)
    with served(store) as base:
        api = Api(httpx.Client(base_url=base), tokens)
        slug = api.create("sb-leuven", valid_body(trefwoord=[])).json()["id"]
        stale: list[int] = []

        def writer(n: int) -> None:
            client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['sb-leuven']}"})
            while True:
                got = client.get(f"/series/{slug}/draft")
                words = got.json()["series"].get("trefwoord", [])
                r = client.patch(f"/series/{slug}", json={"trefwoord": [*words, f"w{n}"]},
                                 headers={"If-Match": got.headers["etag"]})  # fmt: skip
                if r.status_code == 200:
                    return
                assert r.status_code == 412, r.text
                stale.append(n)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        final = api.client.get(f"/series/{slug}/draft", headers=api.h("sb-leuven")).json()["series"]
    assert sorted(final["trefwoord"]) == sorted(f"w{n}" for n in range(8))
    assert stale, "the writers never collided; the test proved nothing"


def test_a_draft_is_never_public(api: Api, store: Store) -> None:
    slug = api.create("sb-leuven", valid_body(naam="Geheime ontwerpserie")).json()["id"]
    c = api.client
    assert c.get(f"/series/{slug}").status_code == 404
    assert all(i["id"] != slug for i in c.get("/series", params={"size": 200}).json()["items"])
    assert not store.ask(f"ASK {{ <{ID}serie/{slug}> ?p ?o }}", default_graphs=public_graphs())
    assert not store.ask('ASK { ?s ?p "Geheime ontwerpserie" }', default_graphs=public_graphs())
    assert c.get("/series", params={"q": "Geheime"}).json()["total"] == 0
    found = c.get("/sparql", params={"query": 'ASK { ?s ?p "Geheime ontwerpserie" }'},
                  headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert found.status_code == 200 and found.json()["boolean"] is False
    for g in ("", f" FROM <{draft_graph(slug)}>", f" FROM NAMED <{draft_graph(slug)}>"):
        q = f'ASK{g} {{ {{ ?s ?p "Geheime ontwerpserie" }} UNION {{ GRAPH ?x {{ ?s ?p "Geheime ontwerpserie" }} }} }}'
        r = c.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code != 200 or r.json()["boolean"] is False
    assert c.get(f"/series/{slug}/draft").status_code == 401
    assert c.get(f"/series/{slug}/draft", headers=api.h("ib-turnhout")).status_code == 404
    assert store.ask(f"ASK {{ <{ID}serie/{slug}> ?p ?o }}", default_graphs=[str(draft_graph(slug))])
    # a new version's draft does not leak into the published description either
    api.act("ib-leuven", "leuven-verzekeringen", "new-version")
    etag = api.etag("ib-leuven", "leuven-verzekeringen")
    c.patch("/series/leuven-verzekeringen", json={"naam": "Ontwerpnaam"}, headers=api.h("ib-leuven", etag))
    assert c.get("/series/leuven-verzekeringen").json()["naam"].startswith("Dossiers over het afsluiten")
    assert not store.ask('ASK { ?s ?p "Ontwerpnaam" }', default_graphs=public_graphs())


def test_a_published_version_never_changes(api: Api, store: Store) -> None:
    from mdto.auth.directory import set_shortened_flow

    set_shortened_flow(store, "stad-leuven", True)
    slug = api.create("ib-leuven").json()["id"]
    api.act("ib-leuven", slug, "publish")
    g1 = str(version_graph(slug, 1))

    def v1() -> set[str]:
        return {str(t) for t in store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graphs=[g1])}

    before = v1()
    assert before
    c = api.client
    # there is no way to write a version over HTTP
    assert c.put(f"/series/{slug}/versions/1", json={"naam": "x"}, headers=api.h("ib-leuven")).status_code == 405
    assert c.delete(f"/series/{slug}/versions/1", headers=api.h("ib-leuven")).status_code == 405
    # a new version, edited and published, leaves version 1 as it was
    api.act("ib-leuven", slug, "new-version")
    c.patch(f"/series/{slug}", json={"naam": "Nieuwe naam"}, headers=api.h("ib-leuven", api.etag("ib-leuven", slug)))
    api.act("ib-leuven", slug, "publish")
    assert v1() == before
    assert c.get(f"/series/{slug}/versions/1").json()["series"]["naam"] == valid_body()["naam"]
    # and the write path never writes into an existing version graph, even when a change asks it to
    from mdto.namespaces import GRAPH_PROV, SR
    from mdto.writeside.records import Change, read_record

    rec = read_record(store, slug)
    change = Change(slug, rec.rev)
    change.insert_new_graph(g1, [(rec.iri, SR.versienummer, Literal(99))])
    change.insert(GRAPH_PROV, [(change.activity, SR.actie, Literal("poging"))])
    change.commit(store)
    assert v1() == before
    assert str(GRAPH_PUBLISHED) in public_graphs()
