"""Units in scenario files: Chinese unit words (万元, 万千瓦 …) read by pint, and multipliers
between units that may carry a scale (万元 = ``1e4 * yuan``)."""

from __future__ import annotations

from carbonpeak.core.units import chinese_units, quantity, scale, unit_words

WAN_YUAN = "1e4 * yuan"  # 万元 (pint expression)


def unit_expression(text: str) -> str:
    """A unit pint reads: Chinese unit words inside compounds are replaced by their pint
    expression (``tce/万元`` → ``tce/(1e4 yuan)``); raises :class:`InputError` if unreadable."""
    text = text.strip()
    out = chinese_units().get(text, text)
    if text not in chinese_units():
        for word in unit_words():
            if word in out and not word.isascii():
                out = out.replace(word, f"({chinese_units()[word]})")
    quantity(1.0, out)
    return out


def factor(units: tuple[str, ...], target: str) -> float:
    """Multiplier from a product of ``units`` to ``target``, where the target may carry a
    scale (``1e4 * yuan`` = 万元, which pint's ``to`` refuses)."""
    return scale((*units, f"1/({target})"), "dimensionless")
