"""Template series: a committee publishes one, an organisation derives a series from its version, the committee
publishes a new version, the derived series shows the diff and adopts changes field by field."""

from __future__ import annotations

from tests.writeside_support import ID, api_for, prepared_register, valid_body

TEMPLATE = valid_body(
    naam="Dossiers over de aankoop van onroerende goederen (sjabloon)",
    identificatie="sjabloon-aankoop-onroerende-goederen",
    archiefvormer=[ID + "actor/selectiecommissie-gemeenten"],
    bewaargever=ID + "actor/selectiecommissie-gemeenten",
)


def test_template_lifecycle() -> None:
    api = api_for(*prepared_register())
    c = api.client
    tpl = api.create("cl-gemeenten", TEMPLATE)
    assert tpl.status_code == 201, tpl.text
    slug = tpl.json()["id"]
    assert api.act("cl-gemeenten", slug, "publish").json()["version"] == 1
    assert api.create("sb-leuven", TEMPLATE | {"identificatie": "x"}).status_code == 422  # not Leuven's actor

    derived = c.post("/series", params={"from_template": slug}, json={"trefwoord": ["vastgoed"]},
                     headers=api.h("sb-leuven"))  # fmt: skip
    assert derived.status_code == 201, derived.text
    did = derived.json()["id"]
    series = c.get(f"/series/{did}/draft", headers=api.h("sb-leuven")).json()["series"]
    assert series["naam"] == TEMPLATE["naam"] and series["omschrijving"] == TEMPLATE["omschrijving"]
    assert series["archiefvormer"][0]["iri"] == ID + "actor/stad-leuven"
    assert series["afgeleidVan"]["iri"] == f"{ID}serie/{slug}/versie/1"
    assert series["trefwoord"] == ["vastgoed"]
    assert c.get(f"/series/{did}/template-updates", headers=api.h("sb-leuven")).json()["changes"] == []

    # the committee publishes version 2 with a new description and access regime
    api.act("cl-gemeenten", slug, "new-version")
    etag = api.etag("cl-gemeenten", slug)
    new = {
        "omschrijving": "Aankoopdossiers: akte, schatting en raadsbesluit.",
        "openbaarheid": ID + "begrip/openbaarheidsregimes/beperkt-openbaar",
    }
    assert c.patch(f"/series/{slug}", json=new, headers=api.h("cl-gemeenten", etag)).status_code == 200
    assert api.act("cl-gemeenten", slug, "publish").json()["version"] == 2

    updates = c.get(f"/series/{did}/template-updates", headers=api.h("sb-leuven")).json()
    assert updates["derived_from_version"] == 1 and updates["newest_version"] == 2
    assert {u["field"] for u in updates["changes"]} == {"omschrijving", "openbaarheid"}
    assert next(u for u in updates["changes"] if u["field"] == "omschrijving")["current"] == TEMPLATE["omschrijving"]
    assert c.get(f"/series/{did}/template-updates", headers=api.h("ib-turnhout")).status_code == 404

    # adopt one field; the other stays as it was and is still offered
    etag = api.etag("sb-leuven", did)
    bad = c.post(f"/series/{did}/adopt-template", json={"fields": ["naam"]}, headers=api.h("sb-leuven", etag))
    assert bad.status_code == 422 and bad.json()["detail"][0]["valid"] == ["omschrijving", "openbaarheid"]
    ok = c.post(f"/series/{did}/adopt-template", json={"fields": ["omschrijving"]}, headers=api.h("sb-leuven", etag))
    assert ok.status_code == 200, ok.text
    series = c.get(f"/series/{did}/draft", headers=api.h("sb-leuven")).json()["series"]
    assert series["omschrijving"] == new["omschrijving"]
    assert series["openbaarheid"]["iri"] == ID + "begrip/openbaarheidsregimes/openbaar"
    assert series["afgeleidVan"]["iri"] == f"{ID}serie/{slug}/versie/2"
    trail = c.get("/audit", params={"series": did}, headers=api.h("ib-leuven")).json()["activities"]
    assert trail[-1]["action"] == "adopt-template"
    assert {ch["field"] for ch in trail[-1]["changes"]} == {"afgeleidVan", "omschrijving"}


def test_deriving_from_a_demo_template_keeps_its_description_as_version_1() -> None:
    api = api_for(*prepared_register())
    r = api.client.post("/series", params={"from_template": "sjabloon-eerste-lijn-klachtendossiers"},
                        headers=api.h("ib-leuven"))  # fmt: skip
    assert r.status_code == 201, r.text
    versions = api.client.get("/series/sjabloon-eerste-lijn-klachtendossiers/versions").json()["versions"]
    assert [v["version"] for v in versions] == [1]
    draft = api.client.get(f"/series/{r.json()['id']}/draft", headers=api.h("ib-leuven")).json()["series"]
    assert draft["afgeleidVan"]["iri"].endswith("/serie/sjabloon-eerste-lijn-klachtendossiers/versie/1")
    assert draft["bewaartermijn"] == "P5Y"
    # a series that is not a template cannot be derived from
    r = api.client.post("/series", params={"from_template": "leuven-verzekeringen"}, headers=api.h("ib-leuven"))
    assert r.status_code == 404
