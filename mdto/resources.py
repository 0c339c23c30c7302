"""Where the register's own Turtle, shapes and mapping tables live.

An installed wheel carries them in `mdto/_resources/`; a source checkout (editable install, tests) has them at the
top of the repository. Code asks here instead of guessing paths, so both work the same.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGED = Path(__file__).parent / "_resources"
_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def root() -> Path:
    """The directory that holds `ontology/`, `data/`, `mappings/` and `shapes/`."""
    if (_PACKAGED / "mappings").is_dir():
        return _PACKAGED
    return _CHECKOUT


def path(*parts: str) -> Path:
    """A path inside the resource root, e.g. `path("mappings", "register.toml")`."""
    return root().joinpath(*parts)
