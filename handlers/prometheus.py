"""The bot's Prometheus metrics (``prometheus_client``), in a registry of their own: what
``handlers.metrics`` counts per update, and what is read from the running bot at scrape time."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, Metric
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from handlers.metrics import Served, index_info

# Seconds from an update's arrival to the end of its handling (its reply sent), in buckets that
# tell a fast answer (tens of ms) from one held by a flood limit (seconds).
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The bot's metrics, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter("interview_bot_updates", "Updates received, by kind", ["kind"], registry=r)
        self.answers = Counter(
            "interview_bot_answers", "Updates answered, by the answer's tier", ["tier"], registry=r
        )
        self.latency = Histogram(
            "interview_bot_reply_seconds", "From an update's arrival to its reply sent", ["kind"],
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.telegram_errors = Counter(
            "interview_bot_telegram_errors", "Bot API errors, by kind", ["kind"], registry=r
        )
        self.throttled = Counter(
            "interview_bot_throttled", "Questions held back: over a reader's quota, or a group's flood",
            ["reason"], registry=r,
        )  # fmt: skip
        r.register(StateCollector())


class StateCollector(Collector):
    """What is read at scrape time from the running bot: the index, the database, the stats."""

    def collect(self) -> Iterator[Metric]:
        state = Served.state
        if state is None or not state.started():
            return
        index = state.library.searcher.index
        info = InfoMetricFamily("interview_bot_index", "The index being served")
        info.add_metric([], index_info(state))
        yield info
        yield GaugeMetricFamily("interview_bot_index_passages", "Passages in the index", value=index.size)
        database = state.database
        if database is not None:
            yield GaugeMetricFamily(
                "interview_bot_database_up", "1 while the shared database answers", value=int(database.up)
            )
            yield CounterMetricFamily(
                "interview_bot_database_outages",
                "Times the shared database went away",
                value=database.outages,
            )
        if state.stats is not None:
            yield GaugeMetricFamily(
                "interview_bot_stats_waiting", "Question rows not yet written", value=state.stats.waiting
            )
