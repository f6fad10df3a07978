"""统一社会信用代码 check character (GB 32100-2015), worked by hand."""

from __future__ import annotations

import pytest

from carbonpeak.auth import uscc


def test_check_character_by_hand() -> None:
    # 9 1 5 2 0 2 0 0 M A 6 D 0 0 0 0 1 with M=21, A=10, D=13 and weights
    # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9 + 3 + 45 + 54 + 0 + 52 + 0 + 0 + 420 + 290 + 150 + 169 + 0 + 0 + 0 + 0 + 28 = 1220;
    # 1220 mod 31 = 11; 31 - 11 = 20; ALPHABET[20] = "L".
    assert uscc.check_character("91520200MA6D00001") == "L"
    assert uscc.problem("91520200MA6D00001L") is None


def test_remainder_zero_gives_check_zero() -> None:
    # All zeros: sum 0, (31 - 0) mod 31 = 0 -> "0".
    assert uscc.check_character("0" * 17) == "0"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91520200MA6D0001L", "18"),  # 17 characters
        ("91520200MA6D00001I", "I"),  # I is not in the alphabet
        ("91A20200MA6D00001L", "region"),  # region code must be digits
        ("91520200MA6D00001K", "should be L"),  # wrong check character
    ],
)
def test_problems_are_named(code: str, fragment: str) -> None:
    problem = uscc.problem(code)
    assert problem is not None
    assert fragment in problem


def test_normalize_strips_and_uppercases() -> None:
    assert uscc.normalize(" 91520200ma6d 00001l ") == "91520200MA6D00001L"
