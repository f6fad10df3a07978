"""The one rule for what is illustrative (示意数据): invented numbers, made for the demo or a
test, that every page, export and report showing them must label as such.

Data says it is illustrative in its own words (a source, a note, a dataset or file name); this
module decides from those words, so that an inventory, a dataset listing and an indicator value
all agree.
"""

from __future__ import annotations

#: Words that mark data as illustrative, in any letter case.
ILLUSTRATIVE_MARKERS = ("illustrative", "示意")


def marks_illustrative(*texts: str | None) -> bool:
    """True where any of ``texts`` carries an illustrative marker.

    >>> marks_illustrative("liupanshui-demo-illustrative", None)
    True
    >>> marks_illustrative("六盘水市统计局 2023年统计公报")
    False
    >>> marks_illustrative("示意数据")
    True
    """
    joined = " ".join(t for t in texts if t).lower()
    return any(marker in joined for marker in ILLUSTRATIVE_MARKERS)
