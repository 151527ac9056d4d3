"""Running a request's work in a scoring thread, with a time limit.

Reading evidence and scoring are CPU work; they run in a small pool of threads so the
event loop keeps answering (health checks, other requests' uploads). A request waits
for its work at most ``time_limit`` seconds, queueing included; past that the client
gets 503 ``time-limit``. Work not yet started is dropped; work already running cannot
be stopped from outside a thread, so it finishes in its pool slot (its own limits, the
readers' size limits, bound how long) and removes its temporary folder itself.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from ._problems import PROBLEM_TYPES, ProblemError
from ._settings import ServiceSettings

__all__ = ["Runner"]

T = TypeVar("T")


class Runner:
    """A pool of scoring threads for one worker process."""

    def __init__(self, settings: ServiceSettings) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=settings.jobs, thread_name_prefix="assessment-rules-job"
        )
        self._limit = settings.time_limit

    async def run(self, work: Callable[[], T]) -> T:
        """Run *work* in a scoring thread and return its result.

        Raises:
            ProblemError: 503 ``time-limit`` when it does not finish in time; whatever
                *work* raises otherwise.
        """
        # The request's context goes with its work: the language its messages are
        # rendered in is a context variable (set from Accept-Language).
        future = self._executor.submit(contextvars.copy_context().run, work)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self._limit)
        except TimeoutError:
            raise ProblemError(
                503,
                "time-limit",
                PROBLEM_TYPES["time-limit"][0],
                f"读取和评分超过了 {self._limit:g} 秒的时间上限",
                headers={"Retry-After": "60"},
            ) from None

    def close(self) -> None:
        """Drop queued work and let running work finish on its own."""
        self._executor.shutdown(wait=False, cancel_futures=True)
