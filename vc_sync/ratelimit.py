"""A per-minute request budget shared by threads: a sliding window of sixty seconds.

Google's quotas are counted per minute (Meet: 600 reads per minute per user; Admin SDK:
2,400 queries per minute per user, each call inside a batch counting once). A limiter holds
the times of the requests it let through in the last minute (and a second) and makes a caller wait until
its requests fit, so a pull never exceeds the quota however many threads share it, instead
of running into 429s and backing off. Clock and sleep are injectable for tests.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

# Seconds a request counts for: the quotas are per minute, and a second more covers requests
# still on their way when the next ones leave (the server counts them when they arrive).
WINDOW = 61.0


class RateLimiter:
    """At most ``per_minute`` requests in any ``window`` seconds."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        window: float = WINDOW,
    ):
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds callers spent waiting, for reports
        self.granted = 0  # requests let through so far

    def acquire(self, n: int = 1) -> None:
        """Wait until ``n`` more requests fit in the window, then count them as sent. A batch
        larger than the whole budget is let through alone once the window is empty."""
        n = max(1, n)
        while True:
            with self._lock:
                now = self.clock()
                while self._sent and self._sent[0] <= now - self.window:
                    self._sent.popleft()
                room = self.per_minute - len(self._sent)
                if room >= n or not self._sent:
                    self._sent.extend([now] * n)
                    self.granted += n
                    return
                # the time when enough of the oldest requests have left the window
                wait = max(self._sent[min(n - room, len(self._sent)) - 1] + self.window - now, 0.001)
                self.waited += wait
            self.sleep(wait)
