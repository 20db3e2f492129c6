"""A temporary file of pickled chunks: validated rows wait here between the two passes of a large
file, so memory holds one chunk at a time, not the whole file.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator


class Spool:
    def __init__(self):
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.count = 0

    def write(self, chunk: list) -> None:
        if chunk:
            pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += len(chunk)

    def __iter__(self) -> Iterator[list]:
        self._file.seek(0)
        while True:
            try:
                # Our own temporary file, written just above: not untrusted input.
                yield pickle.load(self._file)  # noqa: S301
            except EOFError:
                return

    def close(self) -> None:
        self._file.close()
