"""The top-level group's subcommands, each imported the first time it is asked for.

``assessment-rules score …`` needs the readers, the scorer and the writers; it does
not need the task planner, the docs generator, the web server or the yearly test
runner, which together took about as long to import as a small ``score`` takes to
run. So the group holds a :class:`LazyCommands` mapping (click's "lazily loading
subcommands" pattern, done in the mapping rather than in a ``Group`` subclass so
that everything reading ``group.commands`` keeps working): listing the names imports
nothing, and a command's module is imported when the command is looked up, to run it
or to show its help. ``assessment-rules --help`` shows every command's short help,
so it imports them all, as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping

import click

__all__ = ["LazyCommands"]


class LazyCommands(MutableMapping[str, click.Command]):
    """Command name → command, imported from its module on first lookup.

    Args:
        package: The package the homes are relative to (``__name__`` of the CLI).
        homes: For each command name, in the order the commands are listed, the module
            and attribute that define it (``"._score:score"``).
        prepare: Called with each command when it is loaded or added (the group sets
            its context class there).

    Iterating, ``len`` and ``in`` import nothing; ``[name]``, ``get``, ``values`` and
    ``items`` import what they return. A command whose ``name`` is not the name it is
    listed under is an error at lookup (listing and running would disagree).
    """

    def __init__(
        self,
        package: str,
        homes: Mapping[str, str],
        prepare: Callable[[click.Command], None],
    ) -> None:
        self._package = package
        self._homes = dict(homes)
        self._loaded: dict[str, click.Command] = {}
        self._prepare = prepare
        # The listing order: the homes', then commands added later.
        self._order = list(homes)

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is not None:
            return command
        home = self._homes.get(name)
        if home is None:
            raise KeyError(name)
        module_name, _sep, attribute = home.partition(":")
        command = getattr(importlib.import_module(module_name, self._package), attribute)
        if not isinstance(command, click.Command) or command.name != name:
            raise TypeError(f"{home} must define a click command named {name!r}")
        self._prepare(command)
        self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._prepare(command)
        self._loaded[name] = command
        self._homes.pop(name, None)
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._homes.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._homes

    def loaded(self) -> list[str]:
        """The names of the commands imported so far, in listing order."""
        return [name for name in self._order if name in self._loaded]
