"""The msgids the web pages use, extracted from the templates and the ``web`` modules, and
the catalogs' gaps: what ``tests/web/test_i18n.py`` checks and ``scripts/update-catalogs``
fills in (new msgids are added with an empty translation, for a translator to write)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import write_po
from jinja2.ext import babel_extract

from carbonpeak import __version__
from carbonpeak.web.i18n import LANGUAGES, catalog_path, read_catalog

WEB_DIR = Path(__file__).parent
HEADER = (
    "# Messages of the carbonpeak web pages: %s.\n"
    "# msgids are English; edit the msgstr lines. After changing templates or web/*.py,\n"
    "# run scripts/update-catalogs (adds new msgids, drops unused ones)."
)
KEYWORDS = {"_": None, "N_": None, "gettext": None}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def _sources() -> Iterator[tuple[Path, str]]:
    for path in sorted((WEB_DIR / "templates").rglob("*.html")):
        yield path, "jinja2"
    for path in sorted(WEB_DIR.rglob("*.py")):
        yield path, "python"


def used_msgids() -> dict[str, list[str]]:
    """Every msgid used, with the places (``file:line``) that use it."""
    found: dict[str, list[str]] = {}
    for path, method in _sources():
        with path.open("rb") as f:
            results = extract(
                babel_extract if method == "jinja2" else "python",  # type: ignore[arg-type]
                f,
                keywords=KEYWORDS,
                options=JINJA_OPTIONS if method == "jinja2" else {},
            )
            for lineno, message, _comments, _context in results:
                if isinstance(message, str) and message:
                    where = f"{path.relative_to(WEB_DIR)}:{lineno}"
                    found.setdefault(message, []).append(where)
    return found


def missing(lang: str) -> list[str]:
    """Msgids used but without a (non-fuzzy, non-empty) translation in ``lang``'s catalog."""
    catalog = read_catalog(lang)
    gaps = []
    for msgid in used_msgids():
        entry = catalog.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            gaps.append(msgid)
    return gaps


def unused(lang: str) -> list[str]:
    """Msgids in ``lang``'s catalog that nothing uses any more."""
    used = used_msgids()
    return [str(m.id) for m in read_catalog(lang) if m.id and m.id not in used]


def update_catalogs() -> dict[str, int]:
    """Add new msgids (empty translation; English gets the msgid), drop unused ones, keep
    the rest; returns how many were added per language."""
    used = used_msgids()
    added: dict[str, int] = {}
    for lang, (locale, _tag, name) in LANGUAGES.items():
        old = read_catalog(lang)
        new = Catalog(
            locale=locale,
            domain="messages",
            header_comment=HEADER % name,
            project="carbonpeak",
            version=__version__,
            copyright_holder="carbonpeak contributors",
            creation_date=old.creation_date,
            revision_date=old.revision_date,
            fuzzy=False,
        )
        added[lang] = 0
        for msgid, places in sorted(used.items()):
            entry = old.get(msgid)
            string = entry.string if entry is not None else ("" if lang != "en" else msgid)
            added[lang] += entry is None
            locations = [(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in places]
            new.add(msgid, string, locations=locations)
        with catalog_path(lang).open("wb") as f:
            write_po(f, new, width=100, sort_output=True, include_lineno=False)
    return added
