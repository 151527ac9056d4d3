"""The command line in Chinese or English: ``--lang``, translated help, click's own texts.

click stores each command's help (its docstring) and each option's ``help=`` when the
modules are imported, long before ``--lang`` is parsed. So nothing is translated at
import: when help is shown, :class:`LocalizedContext` renders a translated shallow
copy of the command (its help, its options' help and its subcommands' short help
looked up in the catalog by their English text), and click formats that copy as
usual. The catalog gets those texts from the source: the extraction
(``python -m assessment_rules.locale``) reads command docstrings and ``help=``
strings of the CLI modules as messages, so no option needs marking by hand.

click marks its own texts ("Usage:", "Missing argument", "[default: …]") with the
standard library's ``gettext``, bound as ``_`` in its modules; :func:`localize_click`
points those names at our catalog, and :data:`CLICK_MESSAGES` lists the ones we
translate (a test checks each is still click's text).
"""

from __future__ import annotations

import copy
import importlib
import inspect
from collections.abc import Callable, Mapping
from contextvars import copy_context
from typing import Any, Final

import click

from .._i18n import (
    ENV_VARIABLE,
    N_,
    N_plural,
    current_language,
    gettext,
    ngettext,
    normalize_language,
    set_language,
)

__all__ = [
    "CLICK_MESSAGES",
    "LANG_OPTION",
    "LocalizedContext",
    "LocalizedGroup",
    "TemplatedHelpOption",
    "localize_click",
    "localized_command",
]

CLICK_MESSAGES: Final = (
    N_("Usage:"),
    N_("Options"),
    N_("Positional arguments"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("Aborted!"),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
)
"""click's own texts that the catalog translates (msgids exactly as click writes them)."""

# The click modules that translate at the moment a text is shown. ``click.decorators``
# is left alone: it fills in the help option's text when a command is first asked for
# it, and a text translated then would stay in that language; that text is translated
# with the other options' help instead.
_CLICK_MODULES: Final = ("core", "exceptions", "formatting", "parser", "types")


def localize_click() -> None:
    """Make click's own texts follow :func:`~assessment_rules._i18n.current_language`.

    Idempotent. English stays click's text exactly: an English lookup returns the msgid.
    """
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _translated(text: str | None) -> str | None:
    return gettext(inspect.cleandoc(text)) if text else text


def _short_help(command: click.Command) -> str | None:
    """The command's short help in the current language, or ``None`` to let click
    shorten the English help its own way.

    click ends the short help at the first ``. `` and cuts between words, neither of
    which Chinese has: a translated help gives its first sentence, up to ``。``.
    """
    if command.short_help:
        return _translated(command.short_help)
    if not command.help:
        return None
    original = inspect.cleandoc(command.help)
    translated = gettext(original)
    if translated == original:
        return None
    lines = [line.strip() for line in translated.partition("\n\n")[0].splitlines()]
    first = "".join(line for line in lines if line and line != "\b")
    sentence, stop, _rest = first.partition("。")
    return sentence + stop


def _localized_param(param: click.Parameter) -> click.Parameter:
    help_text = getattr(param, "help", None)
    if not help_text:
        return param
    twin = copy.copy(param)
    fields: dict[str, str] | None = getattr(param, "help_fields", None)
    template: str | None = getattr(param, "help_template", None)
    if template is not None and fields is not None:
        twin.help = gettext(template).format(
            **{key: gettext(value) for key, value in fields.items()}
        )
    else:
        twin.help = _translated(help_text)
    return twin


def localized_command(command: click.Command, ctx: click.Context) -> click.Command:
    """A shallow copy of *command* whose help texts are in the current language.

    The copy is only formatted, never run: parsing and callbacks use the original.
    """
    twin = copy.copy(command)
    twin.help = _translated(command.help)
    twin.short_help = _translated(command.short_help)
    twin.params = [_localized_param(param) for param in command.params]
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        localized_help = _localized_param(help_option)
        twin.get_help_option = lambda ctx: localized_help  # type: ignore[method-assign,assignment,return-value]
    if isinstance(command, click.Group) and isinstance(twin, click.Group):
        twin.commands = {
            name: _with_help(sub, _translated(sub.help), _short_help(sub))
            for name, sub in command.commands.items()
        }
    return twin


def _with_help(command: click.Command, help_text: str | None, short: str | None) -> click.Command:
    twin = copy.copy(command)
    twin.help = help_text
    twin.short_help = short
    return twin


class LocalizedContext(click.Context):
    """A context whose help and usage are rendered in the current language."""

    @classmethod
    def adopt(cls, command: click.Command) -> None:
        """Have *command*'s contexts (its help and usage) rendered in the current language."""
        command.context_class = cls

    def get_help(self) -> str:
        """The command's help, translated when it is shown."""
        return localized_command(self.command, self).get_help(self)

    def get_usage(self) -> str:
        """The usage line, with its "Usage:" translated."""
        return localized_command(self.command, self).get_usage(self)


class LocalizedGroup(click.Group):
    """The top-level group: runs each invocation in its own language context.

    ``--lang`` sets the language for the rest of the invocation; running it in a copy
    of the caller's context means the choice ends with the invocation (a test's
    ``CliRunner.invoke`` cannot leave the next one in another language).
    """

    context_class = LocalizedContext

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line (see :meth:`click.Command.main`) in a fresh context."""
        return copy_context().run(super().main, *args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add *cmd*, whose help will be rendered in the current language too."""
        LocalizedContext.adopt(cmd)
        super().add_command(cmd, name)


class _Language(click.ParamType[str]):
    """``zh`` or ``en``; locale spellings (``en_US.UTF-8``, ``zh-CN``) are understood."""

    name = "zh|en"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        language = normalize_language(str(value))
        if language is None:
            self.fail(
                gettext("{value!r} is not a language shown here: give zh or en").format(
                    value=value
                ),
                param,
                ctx,
            )
        return language

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[zh|en]"


def _choose(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # Chosen once for the whole invocation, the environment's choice or the default
    # included: every message after this reads the invocation's context variable
    # instead of looking the environment variable up again (a lookup per message
    # was a tenth of reading 40,000 units of evidence).
    set_language(value if value is not None else current_language())


LANG_OPTION: Final[Callable[[Callable[..., Any]], Callable[..., Any]]] = click.option(
    "--lang",
    type=_Language(),
    envvar=ENV_VARIABLE,
    is_eager=True,
    expose_value=False,
    callback=_choose,
    help="Language of messages, help and tables: zh (the default) or en; "
    "also the environment variable ASSESSMENT_RULES_LANG.",
)
"""The global ``--lang`` option (on the group, before the command)."""


class TemplatedHelpOption(click.Option):
    """An option whose help is a *help_template* with texts put in it, each translated
    when shown (``help`` holds the English text)."""

    def __init__(
        self, *args: Any, help_template: str, help_fields: Mapping[str, str], **kwargs: Any
    ) -> None:
        kwargs["help"] = help_template.format(**help_fields)
        super().__init__(*args, **kwargs)
        self.help_template = help_template
        self.help_fields = dict(help_fields)
