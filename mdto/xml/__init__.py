"""MDTO XML 1.0.1: export of one resource, import of documents and packages, and the MDTO SIP.

The element table is `mappings/mdto-xml.toml` (loaded by `mapping`); `export` writes, `reader` and `imports`
read, `package` opens inputs safely, `sip` writes packages. docs/mdto-xml.md explains the whole.
"""

from mdto.xml.errors import MdtoXmlError
from mdto.xml.export import export_document, graph_to_xml
from mdto.xml.imports import ImportResult, import_documents
from mdto.xml.package import Document, documents_from_paths, documents_from_zip
from mdto.xml.sip import SipSummary, export_sip

__all__ = [
    "Document",
    "ImportResult",
    "MdtoXmlError",
    "SipSummary",
    "documents_from_paths",
    "documents_from_zip",
    "export_document",
    "export_sip",
    "graph_to_xml",
    "import_documents",
]
