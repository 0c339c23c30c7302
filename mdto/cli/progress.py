"""A progress bar on stderr for long imports and exports, without a dependency.

Shown only when stderr is a terminal or when asked for (`--progress`), so that logs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Call it with (done, total, phase); a new phase starts a new line."""

    def __init__(self, enabled: bool | None = None, out: TextIO | None = None, width: int = 30):
        self.out = out or sys.stderr
        self.enabled = self.out.isatty() if enabled is None else enabled
        self.width = width
        self._last = 0.0
        self._phase: str | None = None
        self._shown = False

    def __call__(self, done: int, total: int, phase: str) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if phase != self._phase:
            self.close()
            self._phase = phase
        elif done < total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.out.write(f"\r{phase:<12} [{bar}] {done}/{total}")
        self.out.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.out.write("\n")
            self.out.flush()
            self._shown = False
