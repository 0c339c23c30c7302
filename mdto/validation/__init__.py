"""SHACL validation of register data: profiles of shapes, one `validate` entry point, reports and their renderers.

    report = validate(graph, profile="register")
    print(render(report, "text"))

The write gate (`mdto.validation.gate`) uses the same entry point on the resources a write changes.
"""

from mdto.validation.engine import validate
from mdto.validation.profiles import PROFILES, ProfileError
from mdto.validation.render import FORMATS, render
from mdto.validation.report import ValidationReport, ValidationResult

__all__ = ["FORMATS", "PROFILES", "ProfileError", "ValidationReport", "ValidationResult", "render", "validate"]
