"""Configuration, read from the environment (and overridden by CLI options).

One frozen object is passed around instead of reading os.environ all over the code, so tests can build their own.

| variable | meaning | default |
|---|---|---|
| SERIEREGISTER_STORE | directory of the embedded Oxigraph store | ./serieregister-data |
| SERIEREGISTER_SPARQL | query URL of a remote SPARQL 1.1 endpoint (switches to the remote store) | unset |
| SERIEREGISTER_SPARQL_UPDATE | update URL of that endpoint | the query URL |
| SERIEREGISTER_SPARQL_USER / _PASSWORD | credentials for the remote endpoint (HTTP Basic or Digest) | unset |
| SERIEREGISTER_SPARQL_AUTH | basic or digest | basic |
| SERIEREGISTER_XSD | path of MDTO-XML1.0.1.xsd: when set, MDTO XML exports and imports are validated | unset |
| SERIEREGISTER_FILES | directory holding the content of bestanden (by file name), for SIP export and import | unset |
| SERIEREGISTER_MAX_UPLOAD | largest accepted upload in bytes | 52428800 |
| SERIEREGISTER_SEARCH_INDEX | SQLite search index file (derived; `serieregister reindex`) | `<store>.search.sqlite` |
| SERIEREGISTER_SPARQL_TIMEOUT | seconds a query on the public /sparql endpoint may run | 10 |
| SERIEREGISTER_SPARQL_MAX_RESULTS | most solutions or triples /sparql returns for one query | 10000 |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    store_path: Path = Path("serieregister-data")
    sparql_query: str | None = None
    sparql_update: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    sparql_auth: str = "basic"
    xsd_path: Path | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    search_index: Path | None = None
    sparql_timeout: float = 10.0
    sparql_max_results: int = 10_000
    files_path: Path | None = None

    @property
    def remote(self) -> bool:
        return self.sparql_query is not None

    def describe_store(self) -> str:
        """One line for logs and error messages: which store this is."""
        if self.remote:
            return f"SPARQL endpoint {self.sparql_query}"
        return f"embedded store {self.store_path}"

    def search_index_path(self) -> Path:
        """Where the search index lives: the setting, else beside the embedded store, else the working directory."""
        if self.search_index is not None:
            return self.search_index
        if self.remote:
            return Path("serieregister-search.sqlite")
        return self.store_path.with_name(self.store_path.name + ".search.sqlite")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = os.environ if env is None else env
        query = e.get("SERIEREGISTER_SPARQL") or None
        xsd = e.get("SERIEREGISTER_XSD")
        return cls(
            store_path=Path(e.get("SERIEREGISTER_STORE", "serieregister-data")),
            sparql_query=query,
            sparql_update=e.get("SERIEREGISTER_SPARQL_UPDATE") or query,
            sparql_user=e.get("SERIEREGISTER_SPARQL_USER") or None,
            sparql_password=e.get("SERIEREGISTER_SPARQL_PASSWORD") or None,
            sparql_auth=e.get("SERIEREGISTER_SPARQL_AUTH", "basic").lower(),
            xsd_path=Path(xsd) if xsd else None,
            max_upload_bytes=int(e.get("SERIEREGISTER_MAX_UPLOAD", 50 * 1024 * 1024)),
            search_index=Path(e["SERIEREGISTER_SEARCH_INDEX"]) if e.get("SERIEREGISTER_SEARCH_INDEX") else None,
            sparql_timeout=float(e.get("SERIEREGISTER_SPARQL_TIMEOUT", 10.0)),
            sparql_max_results=int(e.get("SERIEREGISTER_SPARQL_MAX_RESULTS", 10_000)),
            files_path=Path(e["SERIEREGISTER_FILES"]) if e.get("SERIEREGISTER_FILES") else None,
        )
