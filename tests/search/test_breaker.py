"""The circuit breaker's rules, on a clock the test moves (pure logic: no server)."""
from __future__ import annotations

import pytest

from search.backend import Breaker, SearchUnavailable


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_opens_after_consecutive_failures_and_fails_fast_with_retry_after():
    clock = Clock()
    breaker = Breaker(threshold=3, cooldown=2.0, clock=clock)
    breaker.failed()
    breaker.failed()
    breaker.succeeded()  # not consecutive: counting starts again
    breaker.failed()
    breaker.failed()
    breaker.before()
    assert breaker.state == "closed"
    breaker.failed()
    assert breaker.state == "open"
    with pytest.raises(SearchUnavailable) as caught:
        breaker.before()
    assert caught.value.retry_after == 2
    clock.now += 1.2
    assert breaker.retry_after() == 1 and breaker.seconds_to_probe() == pytest.approx(0.8)


def test_after_the_cooldown_one_probe_goes_through_and_decides():
    clock = Clock()
    breaker = Breaker(threshold=1, cooldown=2.0, clock=clock)
    breaker.failed()
    clock.now += 2.0
    assert breaker.state == "half-open"
    breaker.before()  # the probe
    with pytest.raises(SearchUnavailable):
        breaker.before()  # everyone else still fails at once while it runs
    breaker.failed()  # the probe failed: open again, for a whole cool-down
    assert breaker.state == "open"
    with pytest.raises(SearchUnavailable):
        breaker.before()
    clock.now += 2.0
    breaker.before()
    breaker.succeeded()
    assert breaker.state == "closed"
    breaker.before()
    breaker.before()
