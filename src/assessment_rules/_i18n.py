"""The language of every message a user reads: Chinese first, English on request.

Messages are written in English in the source (the English text is the gettext
msgid) and translated when they are rendered, from the catalog shipped in
``assessment_rules/locale/zh/LC_MESSAGES/assessment_rules.mo``. English needs no
catalog: a message missing from the catalog is shown in English, never lost.

The language is chosen, first to last:

1. an explicit choice, :func:`use_language` (a ``with`` block) or
   :func:`set_language` (the CLI's ``--lang``, the web service's ``Accept-Language``);
2. the environment variable ``ASSESSMENT_RULES_LANG`` (``zh`` or ``en``; locale
   spellings such as ``en_US.UTF-8`` or ``zh-CN`` are understood);
3. Chinese.

The explicit choice is a context variable, so threads and asyncio tasks that choose
differently do not disturb each other (the web service scores requests in threads;
Starlette copies the request's context into the thread that runs it).

Mark a message with ``_`` (an alias of :func:`gettext`) where it is rendered, with
named placeholders filled after translation, so the translator can move them::

    _("{fact} must be yes or no").format(fact=name)

Texts that must be marked where they cannot be translated yet (a module-level
constant) use :func:`N_` and are translated with ``_`` when shown. See the
"翻译 / Translations" section of ``docs/cli.md`` for adding a message.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache, lru_cache
from importlib import resources
from typing import Final

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "ENV_VARIABLE",
    "LANGUAGES",
    "N_",
    "N_plural",
    "current_language",
    "gettext",
    "language_from_accept",
    "ngettext",
    "normalize_language",
    "reset_language",
    "same_language",
    "set_language",
    "use_language",
]

DOMAIN: Final = "assessment_rules"
"""The gettext domain: the catalog's file name."""
LANGUAGES: Final = ("zh", "en")
"""The languages messages are shown in."""
DEFAULT_LANGUAGE: Final = "zh"
"""The language when nothing else chooses one."""
ENV_VARIABLE: Final = "ASSESSMENT_RULES_LANG"
"""The environment variable that chooses the language when no call does."""

_chosen: ContextVar[str | None] = ContextVar("assessment_rules_language", default=None)


def normalize_language(text: str) -> str | None:
    """The language *text* names (``"zh"`` or ``"en"``), or ``None`` for any other.

    >>> normalize_language("en_US.UTF-8"), normalize_language("zh-Hans"), normalize_language("fr")
    ('en', 'zh', None)
    """
    primary = text.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return primary if primary in LANGUAGES else None


def current_language() -> str:
    """The language messages are rendered in now (see the module's docstring).

    Without an explicit choice the environment variable is read at every call (a
    process may change it), so code that renders many messages in one go fixes the
    language once with :func:`same_language`; the command line chooses it once per
    invocation.
    """
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    return _environment_language(os.environ.get(ENV_VARIABLE, ""))


@lru_cache(maxsize=16)
def _environment_language(text: str) -> str:
    return normalize_language(text) or DEFAULT_LANGUAGE


def _checked(language: str) -> str:
    normalized = normalize_language(language)
    if normalized is None:
        raise ValueError(f"language={language!r} must be one of {', '.join(LANGUAGES)}")
    return normalized


def set_language(language: str) -> Token[str | None]:
    """Choose the language for the current context (thread or task) and what it starts.

    Args:
        language: ``"zh"`` or ``"en"`` (locale spellings such as ``"en_US"`` too).

    Returns:
        A token for :func:`reset_language`.

    Raises:
        ValueError: Any other language.
    """
    return _chosen.set(_checked(language))


def reset_language(token: Token[str | None]) -> None:
    """Undo the :func:`set_language` that returned *token*."""
    _chosen.reset(token)


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Render messages in *language* inside the ``with`` block.

    >>> with use_language("en"):
    ...     gettext("must be {expected}")
    'must be {expected}'
    >>> with use_language("zh"):
    ...     gettext("must be {expected}")
    '必须填写{expected}'
    """
    token = set_language(language)
    try:
        yield
    finally:
        reset_language(token)


@contextmanager
def same_language() -> Iterator[str]:
    """Keep the current language for the ``with`` block, reading it only once.

    For code that renders a message per unit of a large batch: inside the block every
    lookup is the explicit choice's (a context variable), not the environment's.
    A :func:`set_language` or :func:`use_language` inside the block still wins.

    >>> with use_language("en"), same_language() as language:
    ...     language, gettext("must be {expected}")
    ('en', 'must be {expected}')
    """
    token = _chosen.set(current_language())
    try:
        yield _chosen.get() or DEFAULT_LANGUAGE
    finally:
        _chosen.reset(token)


def language_from_accept(header: str) -> str | None:
    """The language an HTTP ``Accept-Language`` header prefers, or ``None``.

    Languages are taken by their ``q`` weight (ties in the header's order), and the
    first one shown here wins.

    >>> language_from_accept("fr;q=1, en-GB;q=0.8, zh;q=0.5")
    'en'
    >>> language_from_accept("de") is None
    True
    """
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        name, _sep, params = part.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = normalize_language(name)
        if language is not None and weight > 0:
            weighted.append((-weight, index, language))
    return min(weighted)[2] if weighted else None


@cache
def _translations(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    catalog = resources.files(__package__).joinpath(
        "locale", language, "LC_MESSAGES", f"{DOMAIN}.mo"
    )
    with catalog.open("rb") as stream:
        return _gettext.GNUTranslations(stream)


def gettext(message: str) -> str:
    """*message* (an English msgid) in the current language."""
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for *count* in the current language.

    >>> with use_language("en"):
    ...     ngettext("{count} problem", "{count} problems", 2).format(count=2)
    '2 problems'
    """
    return _translations(current_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark *message* for extraction without translating it (translate when shown)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - see N_
    """Mark a message with a plural form for extraction (translate with :func:`ngettext`)."""
    return singular, plural
