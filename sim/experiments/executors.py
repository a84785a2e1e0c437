"""Where a sweep's runs execute: a process pool on this machine, or a Dask cluster.

Both are ``concurrent.futures`` executors — :class:`~concurrent.futures.ProcessPoolExecutor`
(spawn context) here, ``distributed.Client(address).get_executor()`` on a cluster — and
:func:`run_tasks` feeds either one a window of tasks at a time and reports each as it ends.
The scheduling itself is theirs. A run's result never depends on which worker ran it.

When a local worker process dies (killed, out of memory) the pool breaks; the tasks that
were running then start again in a fresh pool, and a task that was running at two such
deaths is reported as failed with :data:`WORKER_DIED`. On a Dask cluster the scheduler
reschedules a dead worker's tasks itself and gives up on a task after its
``allowed-failures`` (``KilledWorker``), which is reported as that task's error.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from sim.config import ScenarioError

WORKER_DIED = "the worker process died (killed or out of memory) while running it, twice"
DEATHS_BEFORE_FAILED = 2
WINDOW_PER_SLOT = 2              # tasks handed out per worker slot: enough to keep workers busy
CONNECT_TIMEOUT_S = 10


class ClusterError(ScenarioError):
    """A --scheduler address where no Dask scheduler answers (one line)."""


PARENT_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the driver is gone (killed with SIGKILL: nobody would take the result)."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(1)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the driver's to handle
    # a killed driver cannot stop its pool, and an idle worker would wait for work forever
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


class LocalPool:
    """A spawn-context process pool of ``workers`` processes (default: every core)."""

    def __init__(self, workers: int | None = None):
        self.slots = max(1, workers or os.cpu_count() or 1)
        self._start()

    def _start(self) -> None:
        self.executor = cf.ProcessPoolExecutor(max_workers=self.slots, initializer=_worker_init,
                                               mp_context=multiprocessing.get_context("spawn"))

    def restart(self) -> bool:
        """A fresh pool after a worker died (the broken one is let go)."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._start()
        return True

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def stop_now(self) -> None:
        """Stop at once (Ctrl-C): running tasks are abandoned, worker processes terminated."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())   # no public API on 3.12
        self.executor.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.terminate()
        for p in processes:
            p.join(timeout=10)


class DaskPool:
    """The workers of the Dask scheduler at ``address`` (``tcp://host:port``)."""

    def __init__(self, address: str):
        from distributed import Client

        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise ClusterError(f"--scheduler {address}: no Dask scheduler answered there "
                               f"({' '.join(str(err).split())[:200]}); expected tcp://HOST:PORT of a running "
                               f"'dask scheduler'") from None
        self.executor = self.client.get_executor(pure=False)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def restart(self) -> bool:
        return False            # the scheduler reschedules a dead worker's tasks itself

    def close(self) -> None:
        self.client.close()

    def stop_now(self) -> None:
        self.executor.shutdown(wait=False)
        self.client.close()


@contextmanager
def open_pool(workers: int | None = None, scheduler: str | None = None) -> Iterator[LocalPool | DaskPool]:
    """A local process pool, or the Dask cluster at ``scheduler``; stopped at once on an exception (Ctrl-C)."""
    pool = DaskPool(scheduler) if scheduler else LocalPool(workers)
    try:
        yield pool
    except BaseException:
        pool.stop_now()
        raise
    pool.close()


def run_tasks(pool: LocalPool | DaskPool, fn: Callable, tasks: list[tuple[int, tuple]],
              finished: Callable[[int, object, str], None]) -> None:
    """Run ``fn(*args)`` for every ``(key, args)`` of ``tasks``; ``finished(key, result, error)`` as each ends.

    ``error`` is "" when ``fn`` returned ``result``; otherwise one line saying why there is no
    result (the worker died twice, the cluster gave up on it, it could not be sent).
    """
    queue = deque(tasks)
    pending: dict[cf.Future, tuple[int, tuple]] = {}
    deaths: dict[int, int] = {}
    while queue or pending:
        broken: list[tuple[int, tuple]] = []
        while queue and len(pending) < pool.slots * WINDOW_PER_SLOT:
            key, args = queue.popleft()
            try:
                pending[pool.executor.submit(fn, *args)] = (key, args)
            except BrokenProcessPool:
                broken.append((key, args))
                break
        done = cf.wait(pending, return_when=cf.FIRST_COMPLETED).done if pending else set()
        for fut in done:
            key, args = pending.pop(fut)
            try:
                result = fut.result()
            except BrokenProcessPool:
                broken.append((key, args))
                continue
            except Exception as err:  # noqa: BLE001 -- e.g. KilledWorker, or a result that could not be sent
                finished(key, None, f"{type(err).__name__}: {' '.join(str(err).split())}"[:2000])
                continue
            finished(key, result, "")
        if not broken:
            continue
        broken += list(pending.values())            # every task of a broken pool is lost with it
        pending.clear()
        if not pool.restart():
            for key, _ in broken:
                finished(key, None, WORKER_DIED)
            continue
        for key, args in sorted(broken, reverse=True):
            deaths[key] = deaths.get(key, 0) + 1
            if deaths[key] >= DEATHS_BEFORE_FAILED:
                finished(key, None, WORKER_DIED)
            else:
                queue.appendleft((key, args))
