"""One measured run in a fresh process: prints a JSON line with the timings.

Used by the benchmark scripts beside it (each run gets its own process so peak memory
and warm caches do not leak between runs). Not a user-facing script.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main() -> None:
    overrides = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    days = int(overrides.pop("days", 365))
    seed = int(overrides.pop("seed", 42))
    started = time.perf_counter()
    from sim.config import load_config
    from sim.model.model import RuralLogisticsModel

    imported = time.perf_counter()
    model = RuralLogisticsModel(load_config(None, overrides), rng=seed)
    built = time.perf_counter()
    model.run_days(days)
    ran = time.perf_counter()
    summary = model.summary()
    timers = model.timers.seconds
    run_s = ran - built
    routing_s = timers.get("routing", 0.0)
    collection_s = timers.get("collection", 0.0)
    print(json.dumps({
        "days": days,
        "villages": summary["n_villages"],
        "parcels_created": summary["parcels_created"],
        "import_s": imported - started,
        "build_s": built - imported,
        "run_s": run_s,
        "wall_s": ran - started,
        "per_day_ms": 1000.0 * run_s / days,
        "routing_share": routing_s / run_s,
        "collection_share": collection_s / run_s,
        "flows_share": (run_s - routing_s - collection_s) / run_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
