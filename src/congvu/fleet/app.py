"""The Celery application: broker from the `broker.url` setting, durable quorum queues, late acks.

Why quorum queues: they are durable and replicated by design, and RabbitMQ counts every delivery of
a message in its `x-delivery-count` header. That count lives with the message in the broker, the
one party that sees every delivery, so a worker that died mid-task cannot lose it, and no side table
or key has to be kept in step with the queue. `x-delivery-limit` is a backstop only: the task
itself turns a message past `tasks.MAX_DELIVERIES` into an `error` result; should that ever fail, the
broker dead-letters the message to `<queue>.dead` rather than dropping it.
"""

from __future__ import annotations

from typing import Any

from celery import Celery
from kombu import Exchange, Queue

from congvu.fleet import tasks
from congvu.settings import BrokerSettings, Config

SCAN_QUEUE = "scan"
CRAWL_QUEUE = "crawl"
DEFAULT_QUEUES = (SCAN_QUEUE, CRAWL_QUEUE)
DELIVERY_LIMIT = 10  # the broker's backstop (dead-lettering), well past MAX_DELIVERIES

_DEAD = Exchange("congvu.dead", type="topic", durable=True)


def queue(name: str) -> Queue:
    """The durable quorum queue `name`, declared the same way by workers and submitters."""
    return Queue(
        name,
        Exchange(name, type="topic", durable=True),
        routing_key=name,
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": DELIVERY_LIMIT,
            "x-dead-letter-exchange": _DEAD.name,
            "x-dead-letter-routing-key": f"{name}.dead",
        },
    )


def dead_queue(name: str) -> Queue:
    return Queue(f"{name}.dead", _DEAD, routing_key=f"{name}.dead", durable=True)


def create_app(config: Config, queues: tuple[str, ...] = DEFAULT_QUEUES) -> Celery:
    """A Celery app for `config`'s broker, with the scan task registered and `queues` declared."""
    app = Celery("congvu", set_as_current=False)
    app.conf.update(_settings(BrokerSettings.of(config).url, queues))
    app.congvu_config = config  # read by the tasks in the worker
    tasks.register(app)
    return app


def _settings(broker_url: str, queues: tuple[str, ...]) -> dict[str, Any]:
    declared = [queue(name) for name in queues] + [dead_queue(name) for name in queues]
    return {
        "broker_url": broker_url,
        "broker_connection_retry_on_startup": True,
        # A worker whose broker is gone (restarted, upgraded, the network) keeps trying forever, with
        # Celery's back-off (2 s more each try, at most 30 s apart): a fleet must not need restarting
        # after its broker was.
        "broker_connection_max_retries": None,
        # The submitter hears from the broker that each task is stored before it moves on (a
        # publisher confirm: a persistent message in a quorum queue is on a majority's disk by then);
        # a publish that fails (no broker, no confirm) is tried again for about a minute before
        # `submit` reports the broker unreachable. A task published twice that way runs twice, which
        # is harmless: the second is answered from the results, and recording is idempotent.
        "broker_transport_options": {"confirm_publish": True},
        "task_publish_retry": True,
        "task_publish_retry_policy": {
            "max_retries": 15,
            "interval_start": 0.5,
            "interval_step": 1.0,
            "interval_max": 5.0,
        },
        "result_backend": "rpc://",
        "result_persistent": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_queues": declared,
        "task_default_queue": queues[0] if queues else SCAN_QUEUE,
        "task_default_delivery_mode": "persistent",
        "task_create_missing_queues": False,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "worker_prefetch_multiplier": 1,
        "worker_hijack_root_logger": False,
        "worker_send_task_events": True,
        "task_send_sent_event": True,
        "worker_cancel_long_running_tasks_on_connection_loss": True,
    }
