"""Who may write what an import would write: the write side's authorisation, asked row by row.

A new series goes to an organisation for which the importer may create series: the one named with the import
(`--organisation`, `?organisation=`), else the one whose actors include the row's bewaargever or archiefvormer,
else the importer's only such organisation. Its actors must belong to that organisation, as on `POST /series`.
A changed series needs the rights of `mdto.writeside.bulk.series_refusal`; dossiers and stukken need the security
groups of their series. A refusal is a problem of the row, in the report's words, and refuses the import.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from mdto.auth.directory import Organisation, Principal, get_organisation, organisations, tenant_actors
from mdto.spreadsheet.pending import Pending
from mdto.spreadsheet.report import GEWIJZIGD, NIEUW, Problem
from mdto.store import Store
from mdto.writeside import bulk
from mdto.writeside.service import creatable_organisations


class OrganisationProblem(ValueError):
    """The organisation named with the import is unknown (status 400) or not the importer's (403)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def chosen_organisation(store: Store, principal: Principal, slug: str | None) -> Organisation | None:
    """The organisation named with the import, checked; None when none was named."""
    if slug is None:
        return None
    org = get_organisation(store, slug)
    if org is None:
        known = ", ".join(o.slug for o in organisations(store)) or "nog geen"
        raise OrganisationProblem(f"er is geen organisatie '{slug}'; gekend: {known}", 400)
    if slug not in creatable_organisations(principal):
        allowed = ", ".join(creatable_organisations(principal)) or "geen enkele"
        raise OrganisationProblem(
            f"uw rollen laten niet toe series aan te maken voor '{slug}'; dat mag u voor: {allowed}", 403
        )
    return org


class Authoriser:
    """Checks the rows of one import for one importer, remembering organisations and rights between rows."""

    def __init__(self, store: Store, principal: Principal, organisation: Organisation | None):
        self.store = store
        self.principal = principal
        self.organisation = organisation
        self._actors: dict[str, set[URIRef]] = {}
        self._orgs: dict[str, Organisation | None] = {}
        self._rights: dict[tuple[str, bool], str | None] = {}
        self.candidates = [o for o in map(self._org, creatable_organisations(principal)) if o is not None]
        self.no_organisations = not self.candidates and not organisations(store)

    def check(self, pending: Sequence[Pending]) -> None:
        writing = [p for p in pending if p.result.status in (NIEUW, GEWIJZIGD) and not p.result.problems]
        new_series: dict[str, Organisation | None] = {}
        for p in (p for p in writing if p.kind == "serie"):
            refusal = self._series(p)
            if refusal:
                p.refuse(refusal)
            else:
                self._actors_belong(p, p.organisation or self._org(p.record.org if p.record else None))
            if p.is_new_series:
                new_series[p.series] = p.organisation
        for p in (p for p in writing if p.kind != "serie"):
            refusal = self._part(p, new_series)
            if refusal:
                p.refuse(refusal)
            else:
                self._actors_belong(p, new_series.get(p.series) or self._org(p.record.org if p.record else None))

    def _series(self, p: Pending) -> str | None:
        if p.record is not None:
            return bulk.series_refusal(self.store, self.principal, p.record)
        if self.no_organisations:
            return "er is nog geen organisatie geregistreerd; registreer eerst de uwe (serieregister org add)"
        if not self.candidates:
            return "uw rollen laten niet toe series aan te maken"
        p.organisation = self.organisation or self._holder(p)
        if p.organisation is None:
            names = ", ".join(o.slug for o in self.candidates)
            return (
                f"zeg voor welke organisatie deze serie is (bij de import: organisatie); u kunt series aanmaken "
                f"voor {names}"
            )
        return None

    def _part(self, p: Pending, new_series: dict[str, Organisation | None]) -> str | None:
        if p.series in new_series:
            org = new_series[p.series]
            return bulk.new_series_record_refusal(self.principal, org.slug) if org else None
        if p.record is None:
            return f"de serie waarvan dit deel is ('{p.series}') is niet gekend" if p.series else None
        if p.result.status == GEWIJZIGD and p.revision is None:
            return (
                "dit is gepubliceerd zonder de workflow (geladen of als MDTO geïmporteerd) en kan hier niet "
                "gewijzigd worden"
            )
        key = (p.record.slug, p.result.status == NIEUW)
        if key not in self._rights:
            self._rights[key] = bulk.record_refusal(self.store, self.principal, *key)
        return self._rights[key]

    def _holder(self, p: Pending) -> Organisation | None:
        """The importer's organisation whose actors include the row's bewaargever or archiefvormer, else the
        importer's only organisation."""
        actors = {a for _, a in _actor_values(p)}
        matches = [o for o in self.candidates if actors & self._tenant(o)]
        if len(matches) == 1:
            return matches[0]
        return self.candidates[0] if len(self.candidates) == 1 else None

    def _actors_belong(self, p: Pending, org: Organisation | None) -> None:
        """Its actors must be the organisation's own (or of its sub-organisations), as on POST /series."""
        if org is None:
            return
        for key, actor in _actor_values(p):
            if actor not in self._tenant(org):
                column = p.sheet.layout.column(key)
                message = (
                    f"'{str(actor).rsplit('/', 1)[-1]}' is geen actor van organisatie '{org.slug}' ({org.name}); "
                    f"gebruik een actor van die organisatie of van haar onderdelen"
                )
                p.result.problems.append(Problem(message, p.result.sheet, p.result.row, column.header, key))

    def _tenant(self, org: Organisation) -> set[URIRef]:
        if org.slug not in self._actors:
            self._actors[org.slug] = tenant_actors(self.store, org)
        return self._actors[org.slug]

    def _org(self, slug: str | None) -> Organisation | None:
        if slug is None:
            return None
        if slug not in self._orgs:
            self._orgs[slug] = get_organisation(self.store, slug)
        return self._orgs[slug]


def _actor_values(p: Pending) -> list[tuple[str, URIRef]]:
    out = []
    for spec in p.resource.fields():
        if spec.type == "actor" and spec.key in p.sheet.column_letters:
            value = p.resource.get(spec.key)
            out += [(spec.key, URIRef(v)) for v in (value if spec.many else [value]) if v]
    return out
