"""The authorisation table (mdto/auth/policy.py), walked cell by cell over HTTP on the embedded store, and a
sample of it on the remote store (a real `oxigraph serve`).

A cell is (role, action, state, own or other organisation). For each one the test puts a series in that state,
held by the caller's own organisation or by another one, makes the request as a user with that role, and checks
the answer: a 2xx where the table allows it; otherwise 404 when the caller may not see the series (its existence
must not leak), 409 when no role may take the action in that state, and 403 otherwise.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Literal

from mdto.auth.directory import org_iri, principal_for_token
from mdto.auth.policy import Action, Role, State, allowed, possible_in
from mdto.namespaces import GRAPH_PROV, GRAPH_PUBLISHED, SR, draft_graph, version_graph
from mdto.refdata import load_reference
from mdto.store import EmbeddedStore, Store
from mdto.writeside import service
from mdto.writeside.records import Change, read_record
from tests.conftest import remote_store
from tests.writeside_support import ID, Api, served, setup_register, valid_body

CALLER = {
    Role.INFORMATIEBEHEERDER: "ib-leuven",
    Role.SERIEBEHEERDER: "sb-leuven",
    Role.MEDEWERKER: "mw-leuven",
    Role.COMMISSIELID: "cl-gemeenten",
    Role.PLATFORMBEHEERDER: "pb",
}
# The platform administrator belongs to no organisation, so it has no "own" cells.
CELLS = [
    (role, action, state, own)
    for role, action, state, own in itertools.product(Role, Action, State, (True, False))
    if not (role == Role.PLATFORMBEHEERDER and own)
]


class Register:
    """A store with the demo organisations and users, and series put into any state on demand."""

    def __init__(self, store: Store, base: str):
        self.store = store
        self.api = Api(httpx.Client(base_url=base), setup_register(store))
        self.principals = {u: principal_for_token(store, t) for u, t in self.api.tokens.items()}
        self.shared: dict[tuple[str, State], str] = {}

    def series(self, variant: str, state: State, fresh: bool) -> str:
        """A series of `variant` (leuven, turnhout, committee, leuven-provincies) in `state`."""
        if not fresh and (variant, state) in self.shared:
            return self.shared[(variant, state)]
        slug = self._make(variant, state)
        if not fresh:
            self.shared[(variant, state)] = slug
        return slug

    def _make(self, variant: str, state: State) -> str:
        owner = {"leuven": "ib-leuven", "leuven-provincies": "ib-leuven", "turnhout": "ib-turnhout",
                 "committee": "cl-gemeenten"}[variant]  # fmt: skip
        actor = {"turnhout": "stad-turnhout", "committee": "selectiecommissie-gemeenten"}.get(variant, "stad-leuven")
        scope = "provincies" if variant == "leuven-provincies" else "gemeenten"
        slug = f"{variant}-{state.value}-{secrets.token_hex(4)}"
        body = valid_body(
            naam=slug,
            identificatie=slug,
            archiefvormer=[ID + f"actor/{actor}"],
            bewaargever=ID + f"actor/{actor}",
            toepassingsgebied=[ID + f"begrip/toepassingsgebieden/{scope}"],
        )
        assert self.api.create(owner, body).status_code == 201
        committee = "selectiecommissie-provincies" if scope == "provincies" else "selectiecommissie-gemeenten"
        if state != State.DRAFT:
            self._force(slug, state, committee)
        return slug

    def _force(self, slug: str, state: State, committee: str) -> None:
        """Put a draft into `state` directly, as the workflow would leave it (without the SHACL gate, which costs a
        few hundred milliseconds a call; test_writeside_workflow takes series through the real steps)."""
        rec = read_record(self.store, slug)
        change = Change(slug, rec.rev)
        values = {SR.status: Literal(state.value)}
        if state == State.FORWARDED:
            values[SR.commissie] = org_iri(committee)
        if state in (State.PUBLISHED, State.WITHDRAWN):
            stamp = service.stamp_now()
            desc = service.published_description(service.working_copy(self.store, slug), rec.iri, rec, stamp, 1)
            if state == State.WITHDRAWN:
                desc.set((rec.iri, SR.publicatiestatus, SR.Ingetrokken))
            change.insert_new_graph(version_graph(slug, 1), [*desc, *service.version_metadata(slug, 1, stamp)])
            change.insert(GRAPH_PUBLISHED, desc)
            change.clear(draft_graph(slug))
            values[SR.versienummer] = Literal(1)
        change.set_record(values)
        change.insert(GRAPH_PROV, [(change.activity, SR.actie, Literal("test-set-state"))])
        change.commit(self.store)


def variant_for(role: Role, state: State, own: bool) -> str:
    if role == Role.COMMISSIELID:
        if state == State.FORWARDED:
            return "leuven" if own else "leuven-provincies"
        return "committee" if own else "leuven"
    return "leuven" if own else "turnhout"


def expected(role: Role, action: Action, state: State, own: bool) -> int:
    if allowed(role, action, state, own, shortened=False):
        return 201 if action == Action.CREATE else 200
    if action == Action.CREATE:
        return 409 if allowed(role, Action.CREATE, State.NEW, True) and own else 403
    if state == State.NEW or not allowed(role, Action.VIEW, state, own):
        return 404
    return 403 if possible_in(action, state) else 409


def request(reg: Register, role: Role, action: Action, state: State, own: bool) -> int:
    api, user = reg.api, CALLER[role]
    if action == Action.CREATE:
        org = {Role.COMMISSIELID: "selectiecommissie-gemeenten"}.get(role, "stad-leuven") if own else "stad-turnhout"
        actor = "selectiecommissie-gemeenten" if role == Role.COMMISSIELID and own else org
        slug = reg.series(variant_for(role, state, own), state, False) if state != State.NEW else None
        body = valid_body(naam=f"nieuw {secrets.token_hex(4)}", archiefvormer=[ID + f"actor/{actor}"],
                          bewaargever=ID + f"actor/{actor}", **({"identificatie": slug} if slug else {}))  # fmt: skip
        return api.create(user, body, organisation=org).status_code
    if state == State.NEW:
        slug = "bestaat-niet-" + secrets.token_hex(4)
        etag = '"x"'
    else:
        fresh = allowed(role, action, state, own) and action not in (Action.VIEW, Action.AUDIT)
        slug = reg.series(variant_for(role, state, own), state, fresh)
        etag = read_record(reg.store, slug).etag
    c, h = api.client, api.h(user, etag)
    if action == Action.VIEW:
        return c.get(f"/series/{slug}/workflow", headers=h).status_code
    if action == Action.AUDIT:
        return c.get("/audit", params={"series": slug}, headers=h).status_code
    if action == Action.EDIT:
        return c.patch(f"/series/{slug}", json={"trefwoord": ["gewijzigd"]}, headers=h).status_code
    if action == Action.DELETE:
        return c.delete(f"/series/{slug}", headers=h).status_code
    return c.post(f"/series/{slug}/{action.value}", json={"remarks": "motivering"}, headers=h).status_code


@pytest.fixture(scope="module")
def embedded() -> Iterator[Register]:
    store = EmbeddedStore(None)  # in memory: the same engine, without the disk
    load_reference(store)
    with served(store) as base:
        yield Register(store, base)
    store.close()


@pytest.mark.parametrize(
    ("role", "action", "state", "own"),
    CELLS,
    ids=[f"{r.value}-{a.value}-{s.value}-{'own' if o else 'other'}" for r, a, s, o in CELLS],
)
def test_cell_on_embedded_store(embedded: Register, role: Role, action: Action, state: State, own: bool) -> None:
    assert request(embedded, role, action, state, own) == expected(role, action, state, own)


SAMPLE = [
    (Role.SERIEBEHEERDER, Action.SUBMIT, State.DRAFT, True),
    (Role.SERIEBEHEERDER, Action.EDIT, State.DRAFT, False),
    (Role.INFORMATIEBEHEERDER, Action.PUBLISH, State.APPROVED, True),
    (Role.INFORMATIEBEHEERDER, Action.PUBLISH, State.DRAFT, True),
    (Role.COMMISSIELID, Action.APPROVE, State.FORWARDED, True),
    (Role.COMMISSIELID, Action.APPROVE, State.FORWARDED, False),
    (Role.MEDEWERKER, Action.VIEW, State.SUBMITTED, True),
    (Role.MEDEWERKER, Action.EDIT, State.DRAFT, True),
    (Role.INFORMATIEBEHEERDER, Action.WITHDRAW, State.PUBLISHED, True),
    (Role.PLATFORMBEHEERDER, Action.AUDIT, State.PUBLISHED, False),
]


@pytest.fixture(scope="module")
def remote(oxigraph_server: str) -> Iterator[Register]:
    store = remote_store(oxigraph_server)
    load_reference(store)
    with served(store) as base:
        yield Register(store, base)


@pytest.mark.parametrize(("role", "action", "state", "own"), SAMPLE)
def test_sample_on_remote_store(remote: Register, role: Role, action: Action, state: State, own: bool) -> None:
    assert request(remote, role, action, state, own) == expected(role, action, state, own)
