"""Benchmark: one Step plus the page's redraw, measured in the browser (issue 15: ≤ 250 ms).

    ./dev python experiments/benchmarks/app_step_redraw.py [--steps 30] [--scenario chongyang_joint]

Starts ``python -m sim app`` on a free port of 127.0.0.1, opens it in Debian's headless
Chromium (Playwright, no download), optionally picks a shipped scenario in the page's
list, then clicks Step ``--steps`` times. Each time is from the click (browser clock) until
the day label shows the new day and both the map and the charts have been redrawn for it.
Prints every time, the median, the 90th percentile and the worst.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from app_browser import app_server, browser_page, free_port, timed_step, wait_for_day  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--scenario", help="a shipped scenario's name (default: the page's default county)")
    args = ap.parse_args()
    from sim.app.page import DEFAULT_SCENARIO
    from sim.app.scenarios import load_shipped

    days = load_shipped(args.scenario or DEFAULT_SCENARIO).scenario.days
    if args.steps > days:
        print(f"note: the scenario runs {days} days; stepping {days} times, not {args.steps}")
        args.steps = days
    with tempfile.TemporaryDirectory() as tmp, app_server(free_port()) as url, \
            browser_page(Path(tmp) / "profile") as (page, _):
        page.goto(url)
        wait_for_day(page, 0)
        if args.scenario:
            county = page.inner_text(".county-label")
            page.locator(".v-select").first.click()
            page.get_by_role("option", name=args.scenario, exact=True).click()
            # until the server has built the new model: the list shows the name at once, and a
            # Step clicked before the choice reaches the server steps the old model
            page.wait_for_function("(before) => (document.querySelector('.county-label') || {}).textContent !== before",
                                   arg=county, timeout=60_000)
            wait_for_day(page, 0)
        times = [timed_step(page, day) for day in range(1, args.steps + 1)]
    times_sorted = sorted(times)
    print(f"scenario: {args.scenario or 'default (joint_distribution)'}; {len(times)} steps of one day")
    print("step + redraw ms:", " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms, p90 {times_sorted[int(0.9 * (len(times) - 1))]:.0f} ms, "
          f"worst {times_sorted[-1]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
