"""What can go wrong with MDTO XML input or output, each with the HTTP status and exit code it deserves.

Every error is raised before the store is written, so a caller that catches one knows the store is unchanged.
"""

from __future__ import annotations


class MdtoXmlError(ValueError):
    """Bad MDTO XML input; `status` is the HTTP status, `exit_code` the CLI exit code."""

    status = 422
    exit_code = 1

    def __init__(self, message: str, source: str | None = None, line: int | None = None, path: str | None = None):
        where = ":".join(str(p) for p in (source, line) if p is not None)
        full = f"{where}: {message}" if where else message
        if path:
            full += f" (at {path})"
        super().__init__(full)
        self.source, self.line, self.path = source, line, path


class NotWellFormed(MdtoXmlError):
    status = 400
    exit_code = 2


class UnsafeXml(MdtoXmlError):
    """DOCTYPE, entities, external references: refused, never resolved."""

    status = 400
    exit_code = 2


class InvalidDocument(MdtoXmlError):
    """Well-formed but not MDTO XML 1.0.1 (XSD or table violation)."""


class UnsafePackage(MdtoXmlError):
    """A zip entry that would escape the target directory, or an unreadable package."""

    status = 400
    exit_code = 2


class PackageTooLarge(MdtoXmlError):
    status = 413
    exit_code = 2


class ChecksumMismatch(MdtoXmlError):
    """A bestand sidecar whose checksum or size does not match the file beside it."""


class AlreadyInRegister(MdtoXmlError):
    """An imported object whose identificatie the register already holds."""

    status = 409


class NotConforming(MdtoXmlError):
    """Valid MDTO XML whose RDF the SHACL write gate refuses; `report` holds the validation report."""

    def __init__(self, message: str, report: object):
        super().__init__(message)
        self.report = report
