"""The portal's interface strings in Dutch and English, and which language a request is served in.

Field labels never live here: they come from `mappings/register.toml` (label_nl/label_en) and concept labels from
skos:prefLabel in the store. This table holds only the words of the pages themselves (headings, buttons, the
"Geldig van ... t.e.m. ..." phrase). Dutch is the default; `?lang=en` switches and a cookie remembers the choice.
"""

from __future__ import annotations

import re

from fastapi import Request

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "lang"

STRINGS: dict[str, dict[str, str]] = {
    "site_name": {"nl": "Serieregister", "en": "Series register"},
    "site_tagline": {
        "nl": "Centraal register van de series van de overheden",
        "en": "Central register of the public bodies' series",
    },
    "skip_link": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "nav_search": {"nl": "Zoeken", "en": "Search"},
    "nav_employee": {"nl": "Medewerkers", "en": "Employees"},
    "language_switch": {"nl": "English", "en": "Nederlands"},
    "language_switch_label": {"nl": "Read this page in English", "en": "Lees deze pagina in het Nederlands"},
    "search_title": {"nl": "Series zoeken", "en": "Search series"},
    "search_label": {"nl": "Waar zoekt u naar?", "en": "What are you looking for?"},
    "search_button": {"nl": "Zoeken", "en": "Search"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "apply_filters": {"nl": "Filters toepassen", "en": "Apply filters"},
    "clear_filters": {"nl": "Alle filters wissen", "en": "Clear all filters"},
    "sort_label": {"nl": "Sorteren op", "en": "Sort by"},
    "sort_button": {"nl": "Sorteren", "en": "Sort"},
    "sort_date": {"nl": "Datum (oplopend)", "en": "Date (ascending)"},
    "sort_-date": {"nl": "Datum (aflopend)", "en": "Date (descending)"},
    "sort_name": {"nl": "Naam", "en": "Name"},
    "results_one": {"nl": "1 zoekresultaat", "en": "1 result"},
    "results_many": {"nl": "{n} zoekresultaten", "en": "{n} results"},
    "no_results": {
        "nl": "Geen series gevonden. Probeer minder filters of andere woorden.",
        "en": "No series found. Try fewer filters or other words.",
    },
    "results_heading": {"nl": "Zoekresultaten", "en": "Results"},
    "facet_toepassingsgebied": {"nl": "Toepassingsgebied", "en": "Scope"},
    "facet_beheerder": {"nl": "Beheerder", "en": "Custodian"},
    "facet_dienstverlening": {"nl": "Dienstverlening", "en": "Public service"},
    "facet_proces": {"nl": "Proces", "en": "Business process"},
    "facet_procesniveau": {"nl": "Procesniveau 1", "en": "Process level 1"},
    "valid_from": {"nl": "Geldig van {start}", "en": "Valid from {start}"},
    "valid_until": {"nl": "t.e.m. {end}", "en": "until {end}"},
    "valid_only_until": {"nl": "Geldig t.e.m. {end}", "en": "Valid until {end}"},
    "hit_custodian": {"nl": "Beheerder", "en": "Custodian"},
    "hit_creator": {"nl": "Archiefvormer", "en": "Records creator"},
    "more": {"nl": "Meer tonen", "en": "Show more"},
    "pagination": {"nl": "Paginering", "en": "Pagination"},
    "previous": {"nl": "Vorige", "en": "Previous"},
    "next": {"nl": "Volgende", "en": "Next"},
    "page_n_of": {"nl": "Pagina {page} van {pages}", "en": "Page {page} of {pages}"},
    "page_n": {"nl": "Pagina {page}", "en": "Page {page}"},
    "bad_search": {"nl": "Deze zoekopdracht kan niet uitgevoerd worden", "en": "This search cannot be run"},
    "published_on": {"nl": "Gepubliceerd op {date}", "en": "Published on {date}"},
    "modified_on": {"nl": "Laatst gewijzigd op {date}", "en": "Last changed on {date}"},
    "tabs": {"nl": "Onderdelen van deze pagina", "en": "Parts of this page"},
    "tab_details": {"nl": "Details", "en": "Details"},
    "tab_relations": {"nl": "Relaties", "en": "Relations"},
    "tab_versions": {"nl": "Versies", "en": "Versions"},
    "tab_formats": {"nl": "Andere formaten", "en": "Other formats"},
    "section_beschrijvend": {"nl": "Beschrijvende metadata", "en": "Descriptive metadata"},
    "section_beheer": {"nl": "Beheersmetadata", "en": "Management metadata"},
    "group_inhoud": {"nl": "Inhoud", "en": "Content"},
    "group_archiefvormer": {"nl": "Archiefvormer", "en": "Records creator"},
    "group_proces": {"nl": "Dienstverlening en proces", "en": "Public service and process"},
    "group_datering": {"nl": "Datering", "en": "Dates"},
    "group_privacy": {"nl": "Veiligheid en privacy", "en": "Security and privacy"},
    "group_bewaring": {"nl": "Bewaartermijn en bestemming", "en": "Retention and appraisal"},
    "group_toegang": {"nl": "Openbaarheid en hergebruik", "en": "Public access and reuse"},
    "group_overig": {"nl": "Overige gegevens", "en": "Other data"},
    "actor_identifier": {"nl": "Identifier", "en": "Identifier"},
    "actor_name": {"nl": "Naam", "en": "Name"},
    "actor_altname": {"nl": "Alternatieve naam", "en": "Alternative name"},
    "actor_parent": {"nl": "Maakt deel uit van", "en": "Part of"},
    "yes": {"nl": "Ja", "en": "Yes"},
    "no": {"nl": "Nee", "en": "No"},
    "not_given": {"nl": "Niet ingevuld", "en": "Not given"},
    "rel_derivatives": {"nl": "Series afgeleid van deze sjabloonserie", "en": "Series derived from this template"},
    "rel_siblings": {"nl": "Series afgeleid van dezelfde sjabloonserie", "en": "Series derived from the same template"},
    "rel_related": {"nl": "Gerelateerde informatieobjecten", "en": "Related information objects"},
    "rel_part_of": {"nl": "Maakt deel uit van", "en": "Is part of"},
    "rel_parts": {"nl": "Dossiers in deze serie", "en": "Files in this series"},
    "rel_none": {"nl": "Deze serie heeft geen relaties.", "en": "This series has no relations."},
    "template_series": {"nl": "Sjabloonserie", "en": "Template series"},
    "formats_intro": {
        "nl": "Deze serie als gegevens, voor programma's en e-depots:",
        "en": "This series as data, for programs and e-depots:",
    },
    "format_ttl": {"nl": "Turtle (RDF)", "en": "Turtle (RDF)"},
    "format_jsonld": {"nl": "JSON-LD", "en": "JSON-LD"},
    "format_rdf": {"nl": "RDF/XML", "en": "RDF/XML"},
    "format_nt": {"nl": "N-Triples", "en": "N-Triples"},
    "format_mdto": {"nl": "MDTO XML", "en": "MDTO XML"},
    "concept": {"nl": "Begrip", "en": "Concept"},
    "process": {"nl": "Proces", "en": "Business process"},
    "in_scheme": {"nl": "Begrippenlijst", "en": "Concept scheme"},
    "notation": {"nl": "Code", "en": "Code"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "process_level": {"nl": "Procesniveau", "en": "Process level"},
    "hierarchy": {"nl": "Plaats in de proceshiërarchie", "en": "Place in the process hierarchy"},
    "broader": {"nl": "Ruimer proces", "en": "Broader process"},
    "narrower": {"nl": "Deelprocessen", "en": "Narrower processes"},
    "series_under_process": {"nl": "Series onder dit proces", "en": "Series under this process"},
    "series_with_concept": {"nl": "Series met dit begrip", "en": "Series with this concept"},
    "series_of_actor": {"nl": "Series van deze organisatie", "en": "Series of this organisation"},
    "as_field": {"nl": "Als {field}", "en": "As {field}"},
    "no_series": {"nl": "Geen gepubliceerde series.", "en": "No published series."},
    "showing_first": {
        "nl": "De eerste {shown} van {total} series; zie alle in de zoekpagina.",
        "en": "The first {shown} of {total} series; see all of them on the search page.",
    },
    "search_these": {"nl": "Zoeken in deze series", "en": "Search these series"},
    "organisation": {"nl": "Organisatie", "en": "Organisation"},
    "not_found_title": {"nl": "Niet gevonden", "en": "Not found"},
    "not_found": {
        "nl": "Er is geen gepubliceerde pagina op dit adres.",
        "en": "There is no published page at this address.",
    },
    "back_to_search": {"nl": "Terug naar zoeken", "en": "Back to search"},
    "footer_data": {
        "nl": "Alle gepubliceerde gegevens zijn ook beschikbaar als linked data en via SPARQL.",
        "en": "All published data is also available as linked data and through SPARQL.",
    },
    # employee view
    "employee_title": {"nl": "Medewerkersportaal", "en": "Employee portal"},
    "login_title": {"nl": "Aanmelden als medewerker", "en": "Sign in as an employee"},
    "login_intro": {
        "nl": "Meld u aan met de API-sleutel die u van uw informatiebeheerder kreeg (serieregister user add).",
        "en": "Sign in with the API token your information manager gave you (serieregister user add).",
    },
    "login_token": {"nl": "API-sleutel", "en": "API token"},
    "login_button": {"nl": "Aanmelden", "en": "Sign in"},
    "login_failed": {
        "nl": "Deze sleutel is onbekend, ingetrokken of verlopen. Vraag een nieuwe aan uw informatiebeheerder.",
        "en": "This token is unknown, revoked or expired. Ask your information manager for a new one.",
    },
    "logout_button": {"nl": "Afmelden", "en": "Sign out"},
    "signed_in_as": {"nl": "Aangemeld als {name}", "en": "Signed in as {name}"},
    "your_roles": {"nl": "Uw rollen", "en": "Your roles"},
    "no_organisation": {
        "nl": "U hebt geen rol in een organisatie van het register.",
        "en": "You have no role in an organisation of the register.",
    },
    "col_series": {"nl": "Serie", "en": "Series"},
    "col_state": {"nl": "Status", "en": "State"},
    "col_version": {"nl": "Versie", "en": "Version"},
    "workflow": {"nl": "Werkstroom", "en": "Workflow"},
    "public_page": {"nl": "Publieke pagina", "en": "Public page"},
    "remarks": {"nl": "Opmerkingen", "en": "Remarks"},
    "date_created": {"nl": "Aangemaakt op", "en": "Created on"},
    "date_modified": {"nl": "Laatst gewijzigd op", "en": "Last changed on"},
    "date_approved": {"nl": "Goedgekeurd op", "en": "Approved on"},
    "version_n": {"nl": "Versie {n}", "en": "Version {n}"},
    "no_versions": {"nl": "Nog geen gepubliceerde versies.", "en": "No published versions yet."},
    "diff_previous": {"nl": "Verschillen met de vorige versie", "en": "Changes since the previous version"},
    "diff_draft": {
        "nl": "Verschillen tussen de laatste versie en het concept",
        "en": "Changes in the draft since the last version",
    },
    "diff_title": {"nl": "Verschillen: {old} → {new}", "en": "Changes: {old} → {new}"},
    "diff_field": {"nl": "Veld", "en": "Field"},
    "diff_old": {"nl": "Was", "en": "Was"},
    "diff_new": {"nl": "Wordt", "en": "Becomes"},
    "diff_none": {"nl": "Geen verschillen.", "en": "No differences."},
    "empty": {"nl": "leeg", "en": "empty"},
    "audit_title": {"nl": "Audittrail", "en": "Audit trail"},
    "audit_when": {"nl": "Wanneer", "en": "When"},
    "audit_who": {"nl": "Wie", "en": "Who"},
    "audit_action": {"nl": "Actie", "en": "Action"},
    "audit_states": {"nl": "Status", "en": "State"},
    "audit_fields": {"nl": "Gewijzigde velden", "en": "Changed fields"},
    "audit_none": {"nl": "Nog geen activiteiten.", "en": "No activities yet."},
    "back_to_list": {"nl": "Terug naar de lijst", "en": "Back to the list"},
    "back_to_series": {"nl": "Terug naar de serie", "en": "Back to the series"},
    "bad_request": {"nl": "Deze vraag kan niet beantwoord worden", "en": "This request cannot be answered"},
    "state_draft": {"nl": "Concept", "en": "Draft"},
    "state_submitted": {"nl": "Ingediend", "en": "Submitted"},
    "state_forwarded": {"nl": "Voorgelegd aan de selectiecommissie", "en": "Forwarded to the committee"},
    "state_approved": {"nl": "Goedgekeurd", "en": "Approved"},
    "state_published": {"nl": "Gepubliceerd", "en": "Published"},
    "state_withdrawn": {"nl": "Ingetrokken", "en": "Withdrawn"},
    "state_new": {"nl": "Nieuw", "en": "New"},
    "role_informatiebeheerder": {"nl": "Informatiebeheerder", "en": "Information manager"},
    "role_seriebeheerder": {"nl": "Seriebeheerder", "en": "Series manager"},
    "role_medewerker": {"nl": "Medewerker", "en": "Employee"},
    "role_commissielid": {"nl": "Lid selectiecommissie", "en": "Committee member"},
    "role_platformbeheerder": {"nl": "Platformbeheerder", "en": "Platform administrator"},
    "action_create": {"nl": "Aangemaakt", "en": "Created"},
    "action_edit": {"nl": "Gewijzigd", "en": "Edited"},
    "action_delete": {"nl": "Verwijderd", "en": "Deleted"},
    "action_discard": {"nl": "Concept verworpen", "en": "Draft discarded"},
    "action_submit": {"nl": "Ingediend", "en": "Submitted"},
    "action_return": {"nl": "Teruggestuurd", "en": "Returned"},
    "action_forward": {"nl": "Voorgelegd", "en": "Forwarded"},
    "action_approve": {"nl": "Goedgekeurd", "en": "Approved"},
    "action_reject": {"nl": "Afgekeurd", "en": "Rejected"},
    "action_publish": {"nl": "Gepubliceerd", "en": "Published"},
    "action_withdraw": {"nl": "Ingetrokken", "en": "Withdrawn"},
    "action_new-version": {"nl": "Nieuwe versie gestart", "en": "New version started"},
    "action_version-snapshot": {"nl": "Versie vastgelegd", "en": "Version recorded"},
    "duration_Y": {"nl": "{n} jaar", "en": "{n} year|{n} years"},
    "duration_M": {"nl": "{n} maand|{n} maanden", "en": "{n} month|{n} months"},
    "duration_W": {"nl": "{n} week|{n} weken", "en": "{n} week|{n} weeks"},
    "duration_D": {"nl": "{n} dag|{n} dagen", "en": "{n} day|{n} days"},
}


def language(request: Request) -> str:
    """`?lang=` wins, then the cookie, then Dutch."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT


def t_or(key: str, lang: str, fallback: str) -> str:
    """`t(key)` when the table has the key, else `fallback` (for values from elsewhere, e.g. audit actions)."""
    return t(key, lang) if key in STRINGS else fallback


def t(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`; `a|b` picks the singular or plural form by the value `n`."""
    text = STRINGS[key].get(lang) or STRINGS[key][DEFAULT]
    if "|" in text:
        one, many = text.split("|", 1)
        text = one if values.get("n") == 1 else many
    return text.format(**values) if values else text


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def duration(value: str, lang: str) -> str:
    """`P10Y` -> `10 jaar` / `10 years`; a duration with a time part is shown as written."""
    m = _DURATION.match(value)
    if not m or not any(m.groups()):
        return value
    parts = [t(f"duration_{unit}", lang, n=int(n)) for unit, n in zip("YMWD", m.groups(), strict=True) if n]
    return (" en " if lang == "nl" else " and ").join(parts)


_DATE = re.compile(r"^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date(value: str) -> str:
    """An MDTO date as written on the portal: `2019-12-31` -> `31/12/2019`, `2019-12` -> `12/2019`, `2019` stays."""
    m = _DATE.match(value.strip())
    if not m:
        return value
    return "/".join(p for p in (m[3], m[2], m[1]) if p)
