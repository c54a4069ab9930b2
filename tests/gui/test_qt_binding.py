"""Guards against a Qt binding that breaks the interpreter.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` on every signal emit; after a few
hundred emits the interpreter aborts ("bool_dealloc"). Hamyar emits on every keystroke and
background result, so such a binding must never be installed.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal

class Relay(QObject):
    fired = Signal(object)

relay = Relay()
before = sys.getrefcount(True)
for _ in range(3000):
    relay.fired.emit(None)
print(sys.getrefcount(True) - before)
"""


def test_signal_emits_keep_reference_counts() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout.strip()) == 0
