"""Renderers of a validation report: text for people, JSON and the SHACL report graph (Turtle) for machines,
JUnit XML for CI systems (one test case per resource, one failure per violating resource)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from rdflib import BNode, Literal

from mdto.validation.report import ValidationReport, ValidationResult, prefixed

FORMATS = ("text", "json", "turtle", "junit")
_MARK = {"Violation": "FOUT", "Warning": "WAARSCHUWING", "Info": "INFO"}
_MARK_EN = {"Violation": "ERROR", "Warning": "WARNING", "Info": "INFO"}


def render(report: ValidationReport, fmt: str = "text", lang: str = "nl") -> str:
    if fmt == "text":
        return render_text(report, lang)
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "turtle":
        return report.graph.serialize(format="turtle")
    if fmt == "junit":
        return render_junit(report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def _line(r: ValidationResult, lang: str) -> list[str]:
    en = lang == "en"
    mark = (_MARK_EN if en else _MARK)[r.severity]
    if r.value is None:
        found = "(none)" if en else "(geen)"
    elif isinstance(r.value, Literal):
        found = f'"{r.value}"'
    elif r.value_label and (isinstance(r.value, BNode) or r.value_label != prefixed(r.value)):
        found = r.value_label if isinstance(r.value, BNode) else f"{r.value_label} <{r.value}>"
    else:
        found = str(r.value)
    lines = [f"  [{mark}] {r.field.get(lang)} ({r.path or '-'}): {r.message.get(lang)}"]
    lines.append(f"      {'found' if en else 'gevonden'}: {found}")
    if r.expected.get(lang):
        lines.append(f"      {'expected' if en else 'verwacht'}: {r.expected.get(lang)}")
    lines.append(f"      {'rule' if en else 'regel'}: {r.component}" + (f" ({prefixed(r.shape)})" if r.shape else ""))
    return lines


def render_text(report: ValidationReport, lang: str = "nl") -> str:
    en = lang == "en"
    counts = report.counts()
    groups = report.by_resource()
    head = (
        f"{'conforms' if report.conforms else 'does not conform'} (profile {report.profile}): "
        f"{counts['violations']} violation(s), {counts['warnings']} warning(s), {counts['infos']} info(s) "
        f"in {len(groups)} of {len(report.resources)} resource(s)"
        if en
        else f"{'conform' if report.conforms else 'niet conform'} (profiel {report.profile}): "
        f"{counts['violations']} fout(en), {counts['warnings']} waarschuwing(en), {counts['infos']} info "
        f"in {len(groups)} van {len(report.resources)} resource(s)"
    )
    lines = [head]
    for resource, results in groups.items():
        label = report.labels.get(resource) or results[0].resource_label
        lines.append("")
        lines.append(f'{resource}  "{label}"  ({len(results)})')
        for r in results:
            lines.extend(_line(r, lang))
    return "\n".join(lines) + "\n"


def render_junit(report: ValidationReport) -> str:
    """JUnit XML: a test case per validated resource; a failure for each resource with violations."""
    groups = report.by_resource()
    resources = list(dict.fromkeys([*report.resources, *groups]))
    failing = [r for r in resources if any(x.severity == "Violation" for x in groups.get(r, []))]
    suites = ET.Element("testsuites", name="serieregister validate")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"SHACL profile {report.profile}",
        tests=str(len(resources)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
    )
    for resource in resources:
        results = groups.get(resource, [])
        case = ET.SubElement(suite, "testcase", classname=f"serieregister.{report.profile}", name=str(resource))
        violations = [r for r in results if r.severity == "Violation"]
        if violations:
            failure = ET.SubElement(
                case,
                "failure",
                type="sh:Violation",
                message=f"{len(violations)} violation(s): " + "; ".join(r.message.en for r in violations)[:500],
            )
            failure.text = "\n".join(line for r in violations for line in _line(r, "en"))
        others = [r for r in results if r.severity != "Violation"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(line for r in others for line in _line(r, "en"))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
