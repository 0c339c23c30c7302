"""Bulk work through spreadsheets: the generated import template, .xlsx/.csv import with row-level reports, and
the export in the same layout (docs/spreadsheets.md).

Where an Excel row becomes RDF: `importer` (the pipeline), with `reader` (file to rows), `cells` (cell to value),
`merge` (row into the stored description), `checks` (SHACL), `report`; `workbook` and `export` write workbooks.
"""
