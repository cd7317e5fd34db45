"""The console log handler: always writes to the current standard error.

logging.StreamHandler keeps the stream it found when logging was configured; a process whose
sys.stderr is later replaced (a test runner capturing output, a daemonised server) would write to
a closed stream and print "--- Logging error ---". This handler looks sys.stderr up on each record.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO


class ConsolaActual(logging.StreamHandler):  # type: ignore[type-arg]
    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _valor: Any) -> None:
        """Ignored: the stream is always the current sys.stderr."""
