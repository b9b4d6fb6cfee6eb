"""Local worker processes that stop with their sweep.

A sweep's worker processes hold a model each (hundreds of MB). They must never outlive the
sweep, and Ctrl-C must stop them within seconds:

- Ctrl-C in a terminal reaches the whole process group. Workers ignore SIGINT; the sweep
  decides, records what was done, and stops them with ``stop_pool``: members not started are
  cancelled, running ones get SIGTERM (and SIGKILL after a grace period).
- SIGTERM ends the member being solved through its clean-up (``atomic_write`` removes its
  temporary file), then the worker process exits without taking another member.
- A worker whose parent dies, even by SIGKILL, exits too: at once through ``PR_SET_PDEATHSIG``
  on Linux, and on any system within a second through a thread that watches its parent.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

__all__ = ["in_worker", "start_pool", "stop_pool"]

log = logging.getLogger(__name__)

T = TypeVar("T")
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes set up by ``_start_worker``."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker)


def stop_pool(pool: ProcessPoolExecutor, grace: float = 3.0) -> None:
    """Cancel the members not started and stop the running ones within ``grace`` seconds."""
    processes: list[BaseProcess] = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()  # SIGTERM: the member's clean-up runs
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(deadline - time.monotonic(), 0.0))
        if process.is_alive():  # stuck inside the solver
            process.kill()
            process.join(1.0)
    # let the pool's manager thread see its processes gone and close its wake-up pipe now:
    # at exit, Python 3.11 would otherwise write to that pipe while it closes ("Bad file
    # descriptor" from concurrent.futures' atexit hook)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(grace)


def in_worker(function: Callable[..., T], *args: Any) -> T:
    """Call ``function`` in a worker; if stopped meanwhile, leave after its clean-up ran."""
    try:
        return function(*args)
    except SystemExit as stop:  # raised by _stop_worker: do not take another member
        os._exit(stop.code if isinstance(stop.code, int) else 1)


def _start_worker() -> None:
    """Initializer of each worker process (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    parent = os.getppid()
    _die_with_parent()
    threading.Thread(target=_watch_parent, args=(parent,), name="ziya-watch-parent",
                     daemon=True).start()


def _stop_worker(signum: int, frame: object) -> None:
    """SIGTERM: end the current member through its clean-up (``finally`` blocks)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the clean-up
    raise SystemExit(128 + signum)


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
            log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    except (OSError, AttributeError):  # no libc.prctl: the watchdog thread is enough
        log.debug("prctl unavailable", exc_info=True)


def _watch_parent(parent: int, interval: float = 0.5, grace: float = 3.0) -> None:
    """Exit once this process is orphaned: SIGTERM to itself first, then ``os._exit``."""
    while os.getppid() == parent:
        time.sleep(interval)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    os._exit(1)
