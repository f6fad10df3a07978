"""PostgreSQL's binary COPY format built a column at a time (``db/pg_binary.py``): the bytes
of a row worked out by hand from the format (PostgreSQL documentation, COPY, "Binary
Format"), the same bytes as psycopg's own row encoder for any rows, and (PostgreSQL leg) rows
read back as written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.adapt import Transformer
from sqlalchemy import create_engine

from carbonpeak.db import pg_binary


def test_one_row_by_hand() -> None:
    fields = [
        ("int4", np.array([7])),
        ("timestamptz", np.array([1])),  # 2000-01-01 00:00:00.000001 UTC
        ("float8", np.array([1.5])),  # 0x3FF8000000000000
        ("text", "ab"),
    ]
    row = (
        b"\x00\x04"  # four fields
        + b"\x00\x00\x00\x04\x00\x00\x00\x07"
        + b"\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x01"
        + b"\x00\x00\x00\x08\x3f\xf8\x00\x00\x00\x00\x00\x00"
        + b"\x00\x00\x00\x02ab"
    )
    assert pg_binary.rows(fields, 1) == row
    header = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
    assert pg_binary.copy_data(row, row) == header + row + row + b"\xff\xff"


def test_one_value_for_every_row_and_microseconds_since_2000() -> None:
    assert pg_binary.pg_micros(datetime(2000, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))) == 0
    assert pg_binary.pg_micros(datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC)) == -1_000_000
    data = pg_binary.rows([("int4", np.array([1, 2])), ("int8", -2)], 2)
    one = b"\x00\x02\x00\x00\x00\x04\x00\x00\x00\x01\x00\x00\x00\x08" + b"\xff" * 7 + b"\xfe"
    two = b"\x00\x02\x00\x00\x00\x04\x00\x00\x00\x02\x00\x00\x00\x08" + b"\xff" * 7 + b"\xfe"
    assert data == one + two


def test_unknown_types_and_a_text_column_are_refused() -> None:
    with pytest.raises(ValueError, match="field 0: type 'numeric'"):
        pg_binary.rows([("numeric", np.array([1]))], 1)
    with pytest.raises(TypeError, match="field 1: a text field takes one str"):
        pg_binary.rows([("int4", np.array([1])), ("text", np.array(["a"]))], 1)


INSTANTS = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
ROWS = st.lists(
    st.tuples(
        st.integers(min_value=-(2**31), max_value=2**31 - 1),
        INSTANTS,
        st.floats(allow_nan=False),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(ROWS, INSTANTS, st.text(max_size=12))
def test_the_same_bytes_as_psycopgs_row_encoder(
    rows: list[tuple[int, datetime, float]], received: datetime, source: str
) -> None:
    """psycopg's ``Copy.write_row`` (its binary dumpers, as the server used them before) and
    the column encoder give the same stream for the readings' five columns."""
    transformer = Transformer()
    transformer.set_dumper_types(
        [psycopg.postgres.types[t].oid for t in ("int4", "timestamptz", "float8")]
        + [psycopg.postgres.types["timestamptz"].oid, psycopg.postgres.types["text"].oid],
        psycopg.pq.Format.BINARY,
    )
    expected = bytearray()
    for pid, ts, value in rows:
        expected += _psycopg_row((pid, ts, value, received, source), transformer)
    fields = [
        ("int4", np.array([r[0] for r in rows])),
        ("timestamptz", np.array([pg_binary.pg_micros(r[1]) for r in rows])),
        ("float8", np.array([r[2] for r in rows])),
        ("timestamptz", pg_binary.pg_micros(received)),
        ("text", source),
    ]
    assert pg_binary.rows(fields, len(rows)) == bytes(expected)


def _psycopg_row(row: tuple[Any, ...], transformer: Transformer) -> bytes:
    from psycopg._copy_base import format_row_binary  # psycopg's own (test only)

    out = bytearray()
    format_row_binary(row, transformer, out)
    return bytes(out)


@pytest.mark.postgres
def test_rows_read_back_as_written(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's COPY")
    when = [
        datetime(1999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 7, 1, tzinfo=UTC),
    ]
    fields = [
        ("int4", np.array([-(2**31), 2**31 - 1])),
        ("timestamptz", np.array([pg_binary.pg_micros(t) for t in when])),
        ("float8", np.array([-0.0, 1.7976931348623157e308])),
        ("text", "电力 kWh"),
    ]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        driver: Any = conn.connection.dbapi_connection
        with driver.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE t (i int4, ts timestamptz, v float8, s text)")
            with cursor.copy("COPY t FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(pg_binary.copy_data(pg_binary.rows(fields, 2)))
            cursor.execute("SELECT i, ts, v, s FROM t ORDER BY i")
            found = cursor.fetchall()
    engine.dispose()
    assert found == [
        (-(2**31), when[0], -0.0, "电力 kWh"),
        (2**31 - 1, when[1], 1.7976931348623157e308, "电力 kWh"),
    ]
