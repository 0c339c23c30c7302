"""Security groups guard the dossiers and stukken of a series: create, change and view, per group."""

from __future__ import annotations

import pytest

from mdto.auth.directory import add_user
from mdto.auth.groups import add_group, add_member
from mdto.auth.policy import Role
from mdto.namespaces import GRAPH_PUBLISHED
from mdto.refdata import public_graphs
from tests.writeside_support import ID, Api, api_for, prepared_register

DOSSIER = {
    "naam": "Polis wagenpark 2024",
    "identificatie": "leuven-polis-wagenpark-2024",
    "archiefvormer": [ID + "actor/stad-leuven"],
    "waardering": ID + "begrip/waarderingen/v",
    "beperkingGebruik": ID + "begrip/beperkinggebruiktypen/geen-beperking",
    "geopend": "2024-01-15",
}
STUK = {
    "naam": "Polis",
    "identificatie": "leuven-polis-wagenpark-2024-polis",
    "archiefvormer": [ID + "actor/stad-leuven"],
    "waardering": ID + "begrip/waarderingen/v",
    "beperkingGebruik": ID + "begrip/beperkinggebruiktypen/geen-beperking",
}
S = "/series/leuven-verzekeringen"


@pytest.fixture
def api() -> Api:
    store, tokens = prepared_register()
    tokens = dict(tokens)
    add_group(store, "leuven-archief", "Archiefdienst Leuven", "stad-leuven")
    for name, groups in {"lezer": ["leuven-archief"], "schrijver": ["leuven-financien"], "buiten": []}.items():
        tokens[name] = add_user(store, name, "stad-leuven", Role.MEDEWERKER)[1]
        for g in groups:
            add_member(store, g, name)
    return api_for(store, tokens)


def test_groups_decide_who_creates_changes_and_views(api: Api) -> None:
    c = api.client
    # the demo names leuven-financien on the series: it may do everything; leuven-archief has no rule yet
    assert c.get(f"{S}/security-groups", headers=api.h("ib-leuven")).json()["groups"] == {
        "leuven-financien": ["aanmaken", "bekijken", "wijzigen"]
    }
    created = c.post(f"{S}/dossiers", json=DOSSIER, headers=api.h("schrijver"))
    assert created.status_code == 201, created.text
    assert created.headers["location"] == f"{S}/dossiers/leuven-polis-wagenpark-2024"
    # colleagues who can see the series but have no right on its dossiers are refused (403); another
    # organisation does not learn that the dossier exists (404)
    assert c.post(f"{S}/dossiers", json=DOSSIER | {"identificatie": "x"}, headers=api.h("lezer")).status_code == 403
    assert c.get(f"{S}/records", headers=api.h("buiten")).status_code == 403
    assert c.get(f"{S}/dossiers/leuven-polis-wagenpark-2024", headers=api.h("ib-turnhout")).status_code == 404

    # the informatiebeheerder gives the archive group the right to view only
    etag = api.etag("ib-leuven", "leuven-verzekeringen")
    rules = {"groups": {"leuven-financien": ["aanmaken", "wijzigen", "bekijken"], "leuven-archief": ["bekijken"]}}
    assert c.put(f"{S}/security-groups", json=rules, headers=api.h("sb-leuven", etag)).status_code == 403
    assert c.put(f"{S}/security-groups", json=rules, headers=api.h("ib-leuven", etag)).status_code == 200
    listing = c.get(f"{S}/records", headers=api.h("lezer"))
    assert listing.status_code == 200
    assert "leuven-polis-wagenpark-2024" in {d["id"] for d in listing.json()["items"]}
    assert "leuven-brandverzekering-gebouwen-2015" in {d["id"] for d in listing.json()["items"]}  # demo dossier
    got = c.get(f"{S}/dossiers/leuven-polis-wagenpark-2024", headers=api.h("lezer"))
    assert got.json()["geopend"] == "2024-01-15"

    # changing needs "wijzigen" and If-Match
    changed = DOSSIER | {"gesloten": "2024-12-31"}
    url = f"{S}/dossiers/leuven-polis-wagenpark-2024"
    assert c.put(url, json=changed, headers=api.h("lezer", got.headers["etag"])).status_code == 403
    assert c.put(url, json=changed, headers=api.h("schrijver")).status_code == 428
    assert c.put(url, json=changed, headers=api.h("schrijver", '"oud"')).status_code == 412
    ok = c.put(url, json=changed, headers=api.h("schrijver", got.headers["etag"]))
    assert ok.status_code == 200 and ok.json()["gesloten"] == "2024-12-31"

    # stukken follow the same rules
    stuk = c.post(f"{url}/stukken", json=STUK, headers=api.h("schrijver"))
    assert stuk.status_code == 201, stuk.text
    assert c.post(f"{url}/stukken", json=STUK | {"identificatie": "y"}, headers=api.h("lezer")).status_code == 403
    assert [s["id"] for s in c.get(f"{url}/stukken", headers=api.h("lezer")).json()["items"]] == [STUK["identificatie"]]
    assert c.get(f"{url}/stukken/{STUK['identificatie']}", headers=api.h("buiten")).status_code == 403
    assert c.get(f"{url}/stukken/{STUK['identificatie']}", headers=api.h("ib-turnhout")).status_code == 404

    # what a group may not see stays out of the public graphs and the public dossier search
    public = c.get(f"{S}/dossiers").json()
    assert "leuven-polis-wagenpark-2024" not in str(public)
    store = c.app.state.store
    assert not store.ask(f"ASK {{ <{ID}dossier/leuven-polis-wagenpark-2024> ?p ?o }}", default_graphs=public_graphs())
    assert str(GRAPH_PUBLISHED) in public_graphs()
    trail = c.get("/audit", params={"organisation": "stad-leuven"}, headers=api.h("ib-leuven")).json()["activities"]
    assert {"create-dossier", "edit-dossier", "create-stuk", "security-groups"} <= {a["action"] for a in trail}


def test_bad_rules_and_dossiers_are_refused(api: Api) -> None:
    c = api.client
    etag = api.etag("ib-leuven", "leuven-verzekeringen")
    r = c.put(f"{S}/security-groups", json={"groups": {"onbekend": ["lezen"]}}, headers=api.h("ib-leuven", etag))
    assert r.status_code == 422
    assert {p["field"] for p in r.json()["detail"]} == {"groups.onbekend"}
    r = c.post(f"{S}/dossiers", json=DOSSIER | {"geopend": "ooit"}, headers=api.h("schrijver"))
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "geopend"
    r = c.post(f"{S}/dossiers", json={"naam": "Zonder waardering"}, headers=api.h("schrijver"))
    assert r.status_code == 422 and "waardering" in {p["field"] for p in r.json()["detail"]}
