"""`python -m mdto` runs the serieregister command."""

import sys

from mdto.cli import main

sys.exit(main())
