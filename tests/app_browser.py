"""Helpers to drive the app in Debian's headless Chromium: start ``python -m sim app`` on a
free port of 127.0.0.1, open the page with Playwright, record every request, time steps.

Used by tests/test_app.py and experiments/benchmarks/app_step_redraw.py. Nothing is
downloaded: the browser is /usr/bin/chromium (Debian's package, installed by ./dev test).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
# Flags for a closed network: no background connections, no first-run work, no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
REPO = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(port: int, startup_s: float = 90.0):
    """``python -m sim app --port PORT`` in a subprocess until it answers; stopped afterwards."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    log = open(os.devnull, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "sim", "app", "--port", str(port)], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the app exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not answer on port {port} within {startup_s:.0f} s") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextlib.contextmanager
def browser_page(user_data_dir: Path, width: int = 1500, height: int = 1500):
    """A Playwright page in Debian's headless Chromium with a fresh profile; yields
    ``(page, requests)`` where ``requests`` collects (url, status or error) of every request."""
    from playwright.sync_api import sync_playwright

    requests: list[tuple[str, object]] = []
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.on("requestfinished", lambda r: requests.append((r.url, _status(r))))
            page.on("requestfailed", lambda r: requests.append((r.url, f"failed: {r.failure}")))
            yield page, requests
        finally:
            context.close()


def _status(request) -> object:
    response = request.response()
    return response.status if response is not None else "no response"


def outside_requests(requests: list[tuple[str, object]]) -> list[str]:
    """Requests to anything but this machine (data: and blob: URLs are in the page)."""
    return [u for u, _ in requests if not u.startswith(("data:", "blob:"))
            and urlparse(u).hostname not in LOCAL_HOSTS]


def failed_requests(requests: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Requests that failed or were answered 400 or above (an asset missing offline, say)."""
    return [(u, s) for u, s in requests if not isinstance(s, int) or s >= 400]


def wait_for_day(page, day: int, timeout_ms: int = 60_000) -> None:
    """Until the day label reads Day N (or 第 N 天) and the map and charts are drawn for it."""
    page.wait_for_function(
        """(n) => window.ruralSimMapDrawn && window.ruralSimMapDrawn.day === n
                 && window.ruralSimChartsDrawn && window.ruralSimChartsDrawn.days === n
                 && ['Day ' + n, '第 ' + n + ' 天'].includes(
                        ((document.querySelector('.day-label') || {}).textContent || '').trim())""",
        arg=day, timeout=timeout_ms)


def timed_step(page, day_after: int) -> float:
    """Click Step and wait until the page shows ``day_after`` with map and charts redrawn;
    returns the milliseconds from the click to the later of the two redraws (browser clock)."""
    started = page.evaluate("""() => { const t = performance.now();
                                       document.querySelector('.step-button').click(); return t; }""")
    wait_for_day(page, day_after)
    done = page.evaluate("() => Math.max(window.ruralSimMapDrawn.at, window.ruralSimChartsDrawn.at)")
    return float(done - started)
