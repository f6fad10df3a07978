"""统一社会信用代码 unified social credit code (GB 32100-2015): format and check character.

18 characters from a 31-letter alphabet (digits and capitals without I, O, S, V, Z):
登记管理部门代码 (1) + 机构类别代码 (1) + 登记管理机关行政区划码 (6, digits) +
主体标识码 (9) + 校验码 (1). The check character is
``ALPHABET[(31 - Σ value·weight mod 31) mod 31]``.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalize(code: str) -> str:
    """Strip blanks and upper-case, so the same code always compares equal."""
    return code.strip().replace(" ", "").upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` (already normalised) is not a valid code, bilingual; ``None`` if it is."""
    if len(code) != LENGTH:
        return f"应为 18 位，实为 {len(code)} 位 / must be 18 characters, got {len(code)}"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return (
            f"含非法字符 {''.join(bad)}（不用 I、O、S、V、Z） / "
            f"invalid characters {''.join(bad)} (I, O, S, V, Z are not used)"
        )
    if not code[2:8].isdigit():
        return "第 3–8 位行政区划码应为数字 / characters 3-8 (region code) must be digits"
    expected = check_character(code[:17])
    if code[17] != expected:
        return (
            f"校验码应为 {expected}，实为 {code[17]} / "
            f"check character should be {expected}, got {code[17]}"
        )
    return None
