"""The MQTT path against the local Mosquitto (127.0.0.1:1883): persistent session, QoS 1,
acknowledgement after commit, dead letters. Skipped with a message when no broker answers."""

from __future__ import annotations

import socket
import uuid

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import func, select

from carbonpeak.db.session import session_scope
from carbonpeak.monitoring.orm import DeadLetterRow, ReadingRow
from carbonpeak.monitoring.readings import service
from carbonpeak.monitoring.readings.service import handle_message as handle
from carbonpeak.monitoring.readings.service import subscriber as Subscriber
from tests.monitoring.conftest import CODE, seed

HOST, PORT = "127.0.0.1", 1883


def broker_up() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=1):
            return True
    except OSError:
        return False


needs_broker = pytest.mark.skipif(
    not broker_up(), reason=f"no MQTT broker answers at {HOST}:{PORT} (start mosquitto)"
)


def message(value: float, point: str = "C1") -> bytes:
    return (
        b'{"enterprise": "%s", "readings": [{"point": "%s", "ts": '
        b'"2026-01-02T10:00:00+08:00", "value": %g}]}' % (CODE.encode(), point.encode(), value)
    )


def test_handle_without_a_broker(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)
    topic = f"carbonpeak/readings/{CODE}"
    assert handle(db_url, message(2.0), topic).accepted == 1
    assert handle(db_url, message(2.0), topic).duplicates == 1  # redelivery: no double count
    assert handle(db_url, b"{nope", topic).dead_letter is not None
    assert "X1" in (handle(db_url, message(1.0, "X1"), topic).dead_letter or "")
    assert "topic" in (handle(db_url, message(1.0), "carbonpeak/readings/123").dead_letter or "")
    conflict = handle(db_url, message(3.0), topic)
    assert conflict.rejected == 1  # kept as a dead letter with the row's reason
    with session_scope(db_url) as db:
        errors = [d.error for d in service.dead_letters(db_session=db)]
    assert len(errors) == 4 and "conflict" in errors[0]


@needs_broker
def test_persistent_session_delivers_what_arrived_while_offline(db_url: str) -> None:
    with session_scope(db_url) as db:
        seed(db)
    run = uuid.uuid4().hex[:8]
    prefix, client_id = f"cp-test-{run}/readings", f"cp-test-{run}"
    first = Subscriber(url=db_url, topic=prefix, client_id=client_id)
    first.run(timeout=1.0)  # creates the session and the subscription, then goes offline
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{client_id}-pub")
    pub.connect(HOST, PORT)
    pub.loop_start()
    for payload in (message(5.0), b"not json", message(5.0)):
        pub.publish(f"{prefix}/{CODE}", payload, qos=1).wait_for_publish(5)
    pub.disconnect()
    pub.loop_stop()
    second = Subscriber(url=db_url, topic=prefix, client_id=client_id)
    second.run(until=lambda: second.handled >= 3, timeout=10)
    assert second.handled == 3
    with session_scope(db_url) as db:
        assert db.scalar(select(func.count()).select_from(ReadingRow)) == 1
        assert db.scalar(select(func.count()).select_from(DeadLetterRow)) == 1
    # everything was acknowledged: a third connection gets nothing
    third = Subscriber(url=db_url, topic=prefix, client_id=client_id)
    third.run(timeout=1.0)
    assert third.handled == 0
    cleanup = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    cleanup.connect(HOST, PORT)
    cleanup.disconnect()


@needs_broker
def test_message_not_acknowledged_on_failure_is_delivered_again(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(db_url) as db:
        seed(db)
    run = uuid.uuid4().hex[:8]
    prefix, client_id = f"cp-test-{run}/readings", f"cp-test-{run}"
    Subscriber(url=db_url, topic=prefix, client_id=client_id).run(timeout=1.0)
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{client_id}-pub")
    pub.connect(HOST, PORT)
    pub.loop_start()
    pub.publish(f"{prefix}/{CODE}", message(7.0), qos=1).wait_for_publish(5)
    pub.disconnect()
    pub.loop_stop()

    def database_down(*_args: object, **_kw: object) -> None:
        raise OSError("database unavailable")

    monkeypatch.setattr("carbonpeak.monitoring.readings.service.handle_message", database_down)
    failing = Subscriber(url=db_url, topic=prefix, client_id=client_id)
    with pytest.raises(OSError, match="database unavailable"):
        failing.run(timeout=5)
    monkeypatch.undo()
    again = Subscriber(url=db_url, topic=prefix, client_id=client_id)
    again.run(until=lambda: again.handled >= 1, timeout=10)
    assert again.handled == 1
    with session_scope(db_url) as db:
        assert db.scalar(select(func.count()).select_from(ReadingRow)) == 1
    cleanup = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
    cleanup.connect(HOST, PORT)
    cleanup.disconnect()


class _FakeClient:
    """Records acknowledgements (no broker)."""

    def __init__(self) -> None:
        self.acks: list[int] = []

    def ack(self, mid: int, _qos: int) -> None:
        self.acks.append(mid)

    def disconnect(self) -> None:
        pass


def _msg(mid: int) -> mqtt.MQTTMessage:
    msg = mqtt.MQTTMessage(mid=mid, topic=b"carbonpeak/readings")
    msg.payload = str(mid).encode()
    msg.qos = 1
    return msg


def test_acknowledged_in_arrival_order_and_nothing_after_a_failure() -> None:
    """Message 1 takes longest, 2 and 3 finish first: the acks still go 1, 2, 3. Then 4 fails:
    5, finished after it, is not acknowledged."""
    import time

    from carbonpeak.monitoring.readings.mqtt import Outcome
    from carbonpeak.monitoring.readings.mqtt import Subscriber as Protocol

    def handle(payload: bytes, _topic: str) -> Outcome:
        n = int(payload)
        time.sleep({1: 0.3, 4: 0.1}.get(n, 0.0))
        if n == 4:
            raise OSError("database unavailable")
        return Outcome(accepted=1)

    sub = Protocol(handle=handle, workers=4)
    client = _FakeClient()
    for mid in (1, 2, 3):
        sub._on_message(client, None, _msg(mid))  # type: ignore[arg-type]
    time.sleep(0.6)
    assert client.acks == [1, 2, 3]
    for mid in (4, 5):
        sub._on_message(client, None, _msg(mid))  # type: ignore[arg-type]
    sub._pool.shutdown(wait=True)
    assert client.acks == [1, 2, 3]
    assert isinstance(sub.failed, OSError)
