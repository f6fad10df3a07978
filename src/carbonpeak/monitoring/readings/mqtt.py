"""MQTT subscriber (``carbonpeak monitor mqtt``): readings from enterprises' gateways.

Each message carries the HTTP payload ``{"enterprise", "readings": [...]}`` on a topic
``<prefix>/<credit code>`` (the code in the topic must be the payload's enterprise). The
subscription is QoS 1 on a persistent session (``clean_session=False`` and a fixed client id),
with manual acknowledgement: a message is acknowledged only after its rows are committed, so a
crash before the commit leaves it with the broker, which delivers it again; a repeat is then
counted as duplicates, never stored twice. A message that cannot be read (not JSON, wrong shape,
another enterprise's points) and the rejected rows of a readable one go to the dead-letter table
with the reason, then the message is acknowledged.

Messages are handled by ``workers`` threads at once (default 16), so that the messages of many
gateways arriving together share group commits (``monitoring/store/group.py``: one transaction,
one fsync for all); each is acknowledged after the commit that holds it, and the
acknowledgements are sent in the order the messages arrived (MQTT 3.1.1 §4.6): a message
finished early waits for those before it. After a failure nothing more is acknowledged.

Protocol only, no database: :class:`Subscriber` hands each message to the handler it is given
(:func:`.service.handle_message`, wired by :func:`.service.subscriber`), which stores it and
commits, or raises (then the message is not acknowledged); :func:`read_message` reads the topic
and the payload.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from carbonpeak.core.errors import InputError
from carbonpeak.monitoring.model import check_uscc

DEFAULT_TOPIC = "carbonpeak/readings"
DEFAULT_CLIENT_ID = "carbonpeak-monitor"
#: Messages handled at once (each waits for its group commit; more threads, bigger groups).
WORKERS = 16


@dataclass
class Outcome:
    """What became of one message."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    dead_letter: str | None = None


class Unreadable(Exception):
    """A message that cannot be read at all; it goes to the dead letters with this reason."""


def read_message(
    payload: bytes, topic: str, *, prefix: str = DEFAULT_TOPIC
) -> tuple[str | None, Any]:
    """The enterprise the topic names (``<prefix>/<credit code>``; None without one) and the
    decoded JSON payload, or :class:`Unreadable` with the reason."""
    scope: str | None = None
    try:
        suffix = topic[len(prefix) :].strip("/") if topic.startswith(prefix) else ""
        if suffix:
            scope = check_uscc(suffix)
        data = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Unreadable(f"JSON 格式错误 / malformed JSON: {exc}") from None
    except InputError as exc:
        raise Unreadable(f"主题 topic {topic}: {exc}") from None
    return scope, data


#: Stores one message (payload, topic) and commits before returning, or raises (a database
#: failure): then the message is not acknowledged and the broker delivers it again.
Handler = Callable[[bytes, str], Outcome]


@dataclass
class Subscriber:
    """A persistent-session QoS 1 subscriber with manual acknowledgement; ``handle`` stores
    each message."""

    handle: Handler
    host: str = "127.0.0.1"
    port: int = 1883
    topic: str = DEFAULT_TOPIC
    client_id: str = DEFAULT_CLIENT_ID
    on_outcome: Callable[[str, Outcome], None] | None = None
    workers: int = WORKERS
    handled: int = 0
    failed: BaseException | None = None
    _done: threading.Event = field(default_factory=threading.Event)
    #: received messages in arrival order, with their outcome once stored (None until then)
    _inflight: deque[list[Any]] = field(default_factory=deque)
    _order: threading.Lock = field(default_factory=threading.Lock)
    _stopping: bool = False

    def __post_init__(self) -> None:
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            clean_session=False,
            protocol=mqtt.MQTTv311,
            manual_ack=True,
        )
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self._pool = ThreadPoolExecutor(max(1, self.workers), thread_name_prefix="mqtt-ingest")

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            self.failed = ConnectionError(f"MQTT connect refused: {reason}")
            self._done.set()
            return
        client.subscribe([(self.topic, 1), (f"{self.topic}/+", 1)])

    def _on_message(self, client: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
        entry = [msg, None]
        with self._order:
            if self.failed is not None or self._stopping:
                return  # not acknowledged: the broker delivers it again
            self._inflight.append(entry)
        self._pool.submit(self._work, client, entry)

    def _work(self, client: mqtt.Client, entry: list[Any]) -> None:
        msg = entry[0]
        try:
            outcome = self.handle(bytes(msg.payload), msg.topic)
        except Exception as exc:  # database down: do not acknowledge; stop, the broker keeps it
            with self._order:
                if self.failed is None:
                    self.failed = exc
            self._done.set()
            client.disconnect()
            return
        done = []
        with self._order:
            entry[1] = outcome
            # acknowledge in arrival order: every finished message at the head of the queue
            while self.failed is None and self._inflight and self._inflight[0][1] is not None:
                head = self._inflight.popleft()
                client.ack(head[0].mid, head[0].qos)
                self.handled += 1
                done.append(head)
        if self.on_outcome:
            for head in done:
                self.on_outcome(head[0].topic, head[1])

    def connect(self) -> None:
        self.client.connect(self.host, self.port, keepalive=30)

    def run(self, *, until: Callable[[], bool] | None = None, timeout: float | None = None) -> None:
        """Process messages until ``until()`` is true, ``timeout`` seconds pass, or forever."""
        self.connect()
        self.client.loop_start()
        try:
            waited = 0.0
            while not self._done.is_set():
                if until is not None and until():
                    break
                if timeout is not None and waited >= timeout:
                    break
                self._done.wait(0.05)
                waited += 0.05
        finally:
            with self._order:
                self._stopping = True
            self._pool.shutdown(wait=True)  # the messages in hand are stored and acknowledged
            self.client.disconnect()
            self.client.loop_stop()
        if self.failed is not None:
            raise self.failed
