"""MQTT subscriber (``carbonpeak monitor mqtt``): readings from enterprises' gateways.

Each message carries the HTTP payload ``{"enterprise", "readings": [...]}`` on a topic
``<prefix>/<credit code>`` (the code in the topic must be the payload's enterprise). The
subscription is QoS 1 on a persistent session (``clean_session=False`` and a fixed client id),
with manual acknowledgement: a message is acknowledged only after its rows are committed, so a
crash before the commit leaves it with the broker, which delivers it again; a repeat is then
counted as duplicates, never stored twice. A message that cannot be read (not JSON, wrong shape,
another enterprise's points) and the rejected rows of a readable one go to the dead-letter table
with the reason, then the message is acknowledged.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from carbonpeak.core.errors import CarbonpeakError, InputError
from carbonpeak.db.session import session_scope
from carbonpeak.monitoring import service
from carbonpeak.monitoring.model import check_uscc

DEFAULT_TOPIC = "carbonpeak/readings"
DEFAULT_CLIENT_ID = "carbonpeak-monitor"


@dataclass
class Outcome:
    """What became of one message."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    dead_letter: str | None = None


def handle(url: str | None, payload: bytes, topic: str, *, prefix: str = DEFAULT_TOPIC) -> Outcome:
    """Store one message (commits before returning); raises only on a database failure, in
    which case the message must not be acknowledged."""
    scope: str | None = None
    try:
        suffix = topic[len(prefix) :].strip("/") if topic.startswith(prefix) else ""
        if suffix:
            scope = check_uscc(suffix)
        data = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return _dead(url, payload, topic, f"JSON 格式错误 / malformed JSON: {exc}")
    except InputError as exc:
        return _dead(url, payload, topic, f"主题 topic {topic}: {exc}")
    try:
        with session_scope(url) as db:
            result = service.ingest(
                db_session=db,
                payload=data,
                actor=f"mqtt:{scope or 'any'}",
                source="mqtt",
                enterprise_scope=scope,
                may_correct=False,
            )
            if result.rejected:
                service.dead_letter(
                    db_session=db,
                    source="mqtt",
                    topic=topic,
                    payload=payload,
                    error=json.dumps(result.reply()["rejected"], ensure_ascii=False),
                )
    except CarbonpeakError as exc:
        return _dead(url, payload, topic, str(exc))
    return Outcome(result.accepted, result.duplicates, len(result.rejected))


def _dead(url: str | None, payload: bytes, topic: str, error: str) -> Outcome:
    with session_scope(url) as db:
        service.dead_letter(db_session=db, source="mqtt", topic=topic, payload=payload, error=error)
    return Outcome(dead_letter=error)


@dataclass
class Subscriber:
    """A persistent-session QoS 1 subscriber with manual acknowledgement."""

    url: str | None = None
    host: str = "127.0.0.1"
    port: int = 1883
    topic: str = DEFAULT_TOPIC
    client_id: str = DEFAULT_CLIENT_ID
    on_outcome: Callable[[str, Outcome], None] | None = None
    handled: int = 0
    failed: BaseException | None = None
    _done: threading.Event = field(default_factory=threading.Event)

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

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            self.failed = ConnectionError(f"MQTT connect refused: {reason}")
            self._done.set()
            return
        client.subscribe([(self.topic, 1), (f"{self.topic}/+", 1)])

    def _on_message(self, client: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
        try:
            outcome = handle(self.url, bytes(msg.payload), msg.topic, prefix=self.topic)
        except Exception as exc:  # database down: do not acknowledge; stop, the broker keeps it
            self.failed = exc
            self._done.set()
            client.disconnect()
            return
        client.ack(msg.mid, msg.qos)
        self.handled += 1
        if self.on_outcome:
            self.on_outcome(msg.topic, outcome)

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
            self.client.disconnect()
            self.client.loop_stop()
        if self.failed is not None:
            raise self.failed
