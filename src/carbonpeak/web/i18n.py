"""Message catalogs of the web pages (gettext ``.po`` files under ``web/locale``).

The ``.po`` files are read at start-up with Babel (no compile step); msgids are English,
``zh_CN`` is the default language and ``en`` the switch. Every UI string goes through them:
templates with ``_()``/``{% trans %}``, Python code with ``_()`` from :func:`translator` or
``N_()`` for strings translated later. ``tests/web/test_i18n.py`` checks that each msgid
has a translation in both catalogs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
#: Language code in the session -> (Babel locale, HTML ``lang`` attribute, own name).
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "zh": ("zh_CN", "zh-CN", "中文"),
    "en": ("en", "en", "English"),
}
DEFAULT_LANG = "zh"


def N_(message: str) -> str:
    """Mark a string for the catalogs without translating it yet (translated at render)."""
    return message


def normalize_lang(lang: object) -> str:
    """A supported language code; anything else is the default (Chinese)."""
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANG


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / LANGUAGES[lang][0] / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as f:
        return read_po(f, locale=LANGUAGES[lang][0], domain=DOMAIN)


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str) -> Translations:
    """The gettext translations of ``lang`` (fuzzy entries left out, as msgfmt does)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(lang), use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translator(lang: str) -> Callable[..., str]:
    """``_(message, **values)`` for ``lang``: translated, then ``%(name)s``-formatted."""
    gettext = translations(normalize_lang(lang)).gettext

    def _(message: str, **values: object) -> str:
        text = gettext(message)
        return text % values if values else text

    return _
