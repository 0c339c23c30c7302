"""Serieregister: the MDTO model, the stores, validation and MDTO XML.

The package is named after the standard it implements; `api` (the FastAPI application) sits beside it.
"""

__version__ = "0.1.0"
