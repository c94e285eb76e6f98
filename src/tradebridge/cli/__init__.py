"""The ``tradebridge`` command line: parses arguments, calls one domain function, renders.

Conventions for every analytic command: ``--warehouse DIR`` and ``--format table|csv|json``;
JSON goes to stdout alone (``{"meta": ..., "rows": [...]}``); errors go to stderr as one line
and exit with status 2 for bad input (1 for the environment). One module per command group.

How to add a command
--------------------
A command has one declaration: a typed function whose parameters are
``Annotated[type, Doc("help")]`` (``tradebridge.options`` holds the shared ones) and whose
docstring's first paragraphs are its help. The command line is generated from it
(``cli/commands.py``), and so is the REST API for the analytics (``api/declarations.py``):

1. Write the function. For an analytic or anything over the warehouse, a ``Workspace`` method in
   the ``workspace/`` module of its group; for another domain (the app database: ``db``,
   ``user``, ``registry``, ``match``...), a plain function, e.g. in ``cli/<group>.py``, that
   calls the domain's services. A required positional parameter becomes an argument, a
   required keyword-only one (after ``*``) a required option, any other an option
   ``--name-with-dashes``; ``StrEnum`` types are choices; ``list[str] | None`` repeats; a
   ``bool`` defaulting to False is a flag. Callables and parameters without ``Doc`` (a database
   session, a progress callback) are not options: the ``show`` step passes them.
2. Register it in the CLI module of its group: ``register(app, Workspace.markets)`` renders the
   rows it returns in ``--format``; ``@command(group, function, cli=(...))`` over a
   ``show(call)`` function does anything else (progress bars, a session, a file written):
   ``call(**extra)`` runs the function with the parsed values plus ``extra``, ``call.args``
   holds those values, ``call.fmt`` the format, ``call.workspace`` the workspace of
   ``--warehouse``. ``cli`` names the CLI-only options the command takes (``warehouse``,
   ``engine``, ``fmt``; all three by default, ``()`` for none).
3. A new group: ``sub = group("user", help="...")`` in a new ``cli/<group>.py``;
   ``Workspace.user_add`` or a function named ``user_add`` becomes ``tradebridge user add``.
   Every top-level command and group is listed with its module in ``app.COMMAND_MODULES``: the
   application imports a module only when one of its commands runs (or ``--help`` lists
   them). Short options (``-y``, ``-n``...) and renamed options are one table each in
   ``cli/commands.py``: add to them rather than spelling names per command.
4. Errors: raise ``BadInput`` (exit 2) or ``EnvironmentProblem`` (exit 1); the application
   prints one line. Import heavy libraries inside the function, never at module level:
   ``tests/test_startup.py`` checks that ``--help`` loads none.
"""

from __future__ import annotations

from tradebridge.cli.app import app

__all__ = ["app"]
