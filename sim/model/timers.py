"""Wall-clock timers for parts of a run (routing, data collection), reported in the summary."""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager


class Timers:
    """Wall-clock seconds spent in named parts of a run (routing, flows, collection)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def time(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

