"""``tradebridge user add|reset|disable|enable``: accounts from the command line (no mail server
is assumed). Passwords are typed at a hidden prompt, twice, or read from standard input with
``--password-stdin`` (one line); never from the command line. Changes are audited as
``cli:<login>``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer
from typing_extensions import Doc

from tradebridge.accounts.roles import Role
from tradebridge.cli.commands import Call, group, register
from tradebridge.cli.database import open_for_cli
from tradebridge.errors import BadInput

user = group("user", help="Accounts: add a user, set a new password, disable or enable one.")

Email = Annotated[str, Doc("The user's e-mail address (their log-in)")]
PasswordStdin = Annotated[
    bool, Doc("Read the password from standard input (one line) instead of a prompt")
]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def user_add(
    email: Email,
    *,
    role: Annotated[Role, Doc("admin, staff, company (one organisation's) or viewer")],
    name: Annotated[str | None, Doc("Name shown in the app (default: the address)")] = None,
    organisation: Annotated[int | None, Doc("The organisation of a company user")] = None,
    password_stdin: PasswordStdin = False,
    password: str = "",
    home: Path | None = None,
) -> str:
    """Add a user with a role; the password is asked for (or read from standard input)."""
    from tradebridge.accounts.users import create_user

    with open_for_cli(home, ready=True).transaction(actor=_actor()) as session:
        made = create_user(
            session,
            email=email,
            password=password,
            role=role.value,
            display_name=name,
            organisation_id=organisation,
        )
        return f"added {made.email} ({made.role})"


def user_reset(
    email: Email, *, password_stdin: PasswordStdin = False, password: str = "", home=None
) -> str:
    """Set a new password for a user (they are signed out everywhere)."""
    from tradebridge.accounts.users import get_user, set_password

    with open_for_cli(home, ready=True).transaction(actor=_actor()) as session:
        set_password(session, get_user(session, email), password)
        return f"new password set for {email.strip().casefold()}; their sessions ended"


def user_disable(email: Email, home: Path | None = None) -> str:
    """Disable a user: they cannot log in and their API tokens stop working."""
    from tradebridge.accounts.users import get_user, set_disabled

    with open_for_cli(home, ready=True).transaction(actor=_actor()) as session:
        set_disabled(session, get_user(session, email), True)
        return f"disabled {email.strip().casefold()}"


def user_enable(email: Email, home: Path | None = None) -> str:
    """Enable a disabled user again."""
    from tradebridge.accounts.users import get_user, set_disabled

    with open_for_cli(home, ready=True).transaction(actor=_actor()) as session:
        set_disabled(session, get_user(session, email), False)
        return f"enabled {email.strip().casefold()}"


def user_demo(home: Path | None = None) -> str:
    """Create the demo accounts, one per role (the company user represents a synthetic exporter
    of the demo registry), or give the existing ones new passwords; print their log-ins."""
    from tradebridge.accounts.demo import demo_accounts

    with open_for_cli(home, ready=True).transaction(actor=_actor()) as session:
        logins = demo_accounts(session)
    lines = ["Demo log-ins (synthetic accounts; new passwords at every run):"]
    for login in logins:
        of = ""
        if login.organisation:
            number, name = login.organisation
            of = f"  (represents #{number} {name}: /registry/organisations/{number}/matches)"
        lines.append(f"  {login.role:<8} {login.email:<22} {login.password}{of}")
    return "\n".join(lines)


def read_password(from_stdin: bool) -> str:
    """One line from standard input, or a hidden prompt asked twice."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise BadInput("no password on standard input", field="password")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise BadInput("no terminal to ask for the password: use --password-stdin")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _with_password(call: Call) -> None:
    password = read_password(call.args["password_stdin"])
    typer.echo(call(password=password, home=call.warehouse))


def _say(call: Call) -> None:
    typer.echo(call(home=call.warehouse))


register(user, user_add, _with_password, cli=("warehouse",))
register(user, user_reset, _with_password, cli=("warehouse",))
register(user, user_disable, _say, cli=("warehouse",))
register(user, user_enable, _say, cli=("warehouse",))
register(user, user_demo, _say, cli=("warehouse",))
