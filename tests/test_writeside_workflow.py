"""A series through every workflow path: committee flow with return and reject, shortened flow, withdraw, new
version; with versions, dates, diff and the audit trail checked along the way."""

from __future__ import annotations

import pytest

from mdto.namespaces import GRAPH_PROV
from mdto.refdata import public_graphs
from mdto.store import Store
from tests.conftest import REPO
from tests.writeside_support import Api, api_for, prepared_register, valid_body


@pytest.fixture
def api() -> Api:
    return api_for(*prepared_register())


def ok(r, status: int = 200):
    assert r.status_code == status, r.text
    return r.json()


def test_every_workflow_path(api: Api) -> None:
    c = api.client
    created = ok(api.create("sb-leuven"), 201)
    slug = created["id"]
    assert created["state"] == "draft" and created["organisation"] == "stad-leuven"

    # the seriebeheerder submits, the informatiebeheerder returns it with remarks
    assert ok(api.act("sb-leuven", slug, "submit"))["state"] == "submitted"
    assert ok(api.act("ib-leuven", slug, "return", "Beschrijving aanvullen"))["remarks"] == "Beschrijving aanvullen"

    # edit, submit again, forward to the committee (scope Gemeenten), which rejects with a motivation
    etag = api.etag("sb-leuven", slug)
    ok(c.patch(f"/series/{slug}", json={"omschrijving": "Aankoopdossiers, met akte en schatting."},
               headers=api.h("sb-leuven", etag)))  # fmt: skip
    ok(api.act("sb-leuven", slug, "submit"))
    fwd = ok(api.act("ib-leuven", slug, "forward"))
    assert fwd["state"] == "forwarded" and fwd["committee"] == "selectiecommissie-gemeenten"
    assert api.client.get(f"/series/{slug}/workflow", headers=api.h("cl-provincies")).status_code == 404
    assert ok(api.act("cl-gemeenten", slug, "reject", "Bewaartermijn ontbreekt"))["state"] == "draft"
    assert api.client.get(f"/series/{slug}/workflow", headers=api.h("cl-gemeenten")).status_code == 404

    # second round: approve, publish -> version 1 with created, modified, approved and published dates
    ok(api.act("sb-leuven", slug, "submit"))
    ok(api.act("ib-leuven", slug, "forward"))
    assert ok(api.act("cl-gemeenten", slug, "approve", "Akkoord"))["approved"]
    published = ok(api.act("ib-leuven", slug, "publish"))
    assert published["state"] == "published" and published["version"] == 1
    v1 = ok(c.get(f"/series/{slug}/versions"))["versions"]
    assert [v["version"] for v in v1] == [1]
    assert v1[0]["created"] and v1[0]["modified"] and v1[0]["approved"] and v1[0]["published"]
    public = ok(c.get(f"/series/{slug}"))
    assert public["omschrijving"] == "Aankoopdossiers, met akte en schatting."
    assert slug in {i["id"] for i in ok(c.get("/series", params={"q": "onroerende"}))["items"]}  # search index
    assert c.get(f"/series/{slug}/draft", headers=api.h("ib-leuven")).status_code == 404  # no working copy

    # new version; the shortened flow is off, so the informatiebeheerder may not publish it directly
    assert ok(api.act("sb-leuven", slug, "new-version"))["state"] == "draft"
    etag = api.etag("sb-leuven", slug)
    ok(c.patch(f"/series/{slug}", json={"naam": "Aankoopdossiers onroerende goederen", "trefwoord": ["aankoop"]},
               headers=api.h("sb-leuven", etag)))  # fmt: skip
    assert api.act("ib-leuven", slug, "publish").status_code == 403
    assert ok(c.get(f"/series/{slug}"))["naam"] == valid_body()["naam"]  # the public still sees version 1

    # the organisation allows the shortened flow: direct publication, version 2 without an approval date
    from mdto.auth.directory import set_shortened_flow

    set_shortened_flow(c.app.state.store, "stad-leuven", True)
    assert ok(api.act("ib-leuven", slug, "publish"))["version"] == 2
    hits = ok(c.get("/series", params={"q": "onroerende"}))["items"]
    assert next(i for i in hits if i["id"] == slug)["naam"] == "Aankoopdossiers onroerende goederen"
    versions = ok(c.get(f"/series/{slug}/versions"))["versions"]
    assert [v["version"] for v in versions] == [1, 2] and versions[1]["approved"] is None
    assert ok(c.get(f"/series/{slug}/versions/1"))["series"]["naam"] == valid_body()["naam"]
    assert ok(c.get(f"/series/{slug}/versions/2"))["series"]["naam"] == "Aankoopdossiers onroerende goederen"

    # field-level diff, JSON and HTML
    diff = ok(c.get(f"/series/{slug}/diff", params={"from": "1", "to": "2"}))["changes"]
    assert {d["field"] for d in diff} == {"naam", "trefwoord"}
    naam = next(d for d in diff if d["field"] == "naam")
    assert naam["from"] == valid_body()["naam"] and naam["to"] == "Aankoopdossiers onroerende goederen"
    html = c.get(f"/series/{slug}/diff", params={"from": "1", "to": "2", "format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "Aankoopdossiers onroerende goederen" in html.text

    # withdraw: stays visible as historical, never deleted
    assert ok(api.act("ib-leuven", slug, "withdraw"))["state"] == "withdrawn"
    assert ok(c.get(f"/series/{slug}"))["naam"] == "Aankoopdossiers onroerende goederen"
    store: Store = c.app.state.store
    assert store.ask(
        f"ASK {{ <https://w3id.org/serieregister/id/serie/{slug}> "
        "<https://w3id.org/serieregister/def#publicatiestatus> <https://w3id.org/serieregister/def#Ingetrokken> }",
        default_graphs=public_graphs(),
    )
    assert api.act("ib-leuven", slug, "new-version").status_code == 409

    # the audit trail: every step, who, remarks and the field-level changes
    trail = ok(c.get("/audit", params={"series": slug}, headers=api.h("ib-leuven")))["activities"]
    assert [a["action"] for a in trail] == [
        "create", "submit", "return", "edit", "submit", "forward", "reject", "submit", "forward", "approve",
        "publish", "new-version", "edit", "publish", "withdraw",
    ]  # fmt: skip
    assert trail[2]["remarks"] == "Beschrijving aanvullen" and trail[2]["agent"].endswith("/gebruiker/ib-leuven")
    assert trail[6]["remarks"] == "Bewaartermijn ontbreekt" and trail[6]["agent"].endswith("/cl-gemeenten")
    assert {ch["field"] for ch in trail[12]["changes"]} == {"naam", "trefwoord"}
    assert trail[10]["generated"].endswith(f"/serie/{slug}/versie/1")
    assert c.get("/audit", params={"series": slug}, headers=api.h("sb-leuven")).status_code == 403
    # the SPARQL query of docs/write-side.md reads the same trail from graph:prov
    query = (REPO / "docs" / "write-side.md").read_text().split("```sparql\n")[1].split("```")[0]
    rows = store.select(query, default_graphs=[str(GRAPH_PROV)])
    assert [str(r["action"]) for r in rows if str(r["series"]).endswith(f"/serie/{slug}")] == [
        a["action"] for a in trail
    ]
    assert c.get("/audit", params={"series": slug}, headers=api.h("ib-turnhout")).status_code == 404


def test_delete_removes_a_never_published_draft_and_discards_a_new_version(api: Api) -> None:
    c = api.client
    slug = ok(api.create("sb-leuven"), 201)["id"]
    ok(c.delete(f"/series/{slug}", headers=api.h("sb-leuven", api.etag("sb-leuven", slug))))
    assert c.get(f"/series/{slug}/workflow", headers=api.h("sb-leuven")).status_code == 404

    # a demo series published without the workflow: new-version keeps its description as version 1
    ok(api.act("ib-leuven", "leuven-verzekeringen", "new-version"))
    assert [v["version"] for v in ok(c.get("/series/leuven-verzekeringen/versions"))["versions"]] == [1]
    etag = api.etag("ib-leuven", "leuven-verzekeringen")
    assert ok(c.delete("/series/leuven-verzekeringen", headers=api.h("ib-leuven", etag)))["result"] == "discarded"
    assert ok(c.get("/series/leuven-verzekeringen/workflow", headers=api.h("ib-leuven")))["state"] == "published"
    assert ok(c.get("/series/leuven-verzekeringen"))["naam"].startswith("Dossiers over het afsluiten")
