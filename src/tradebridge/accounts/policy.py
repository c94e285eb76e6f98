"""Who may do what: the one decision, as a pure function of the access a route declares, the
caller's role, the caller's API token scope (if any) and the HTTP method.

Access levels a route declares (``web.auth.policy(Access.…)``):

========== ============================================== ===================================
access     who                                            e.g.
========== ============================================== ===================================
public     anyone, signed in or not                       analytics pages, /api/v1, log-in
signed_in  any signed-in user                             my account, log-out
viewer     viewer, staff, admin                           reading the agency's records
company    company, staff, admin                          a company editing its organisation
staff      staff, admin                                   registry and events work
admin      admin                                          users, the audit log
========== ============================================== ===================================

A company user reaches ``company`` routes, but only for its own organisation: routes that act
on one organisation call ``ensure_own_organisation`` (staff and admin act on any). A ``read``
API token may only use safe methods (GET, HEAD, OPTIONS).

>>> decide(Access.staff, Role.viewer, None, "GET")
'forbidden'
>>> decide(Access.viewer, None, None, "GET")
'sign_in'
>>> decide(Access.staff, Role.staff, Scope.read, "POST")
'forbidden'
>>> decide(Access.public, None, None, "POST")
'allow'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Protocol

from tradebridge.accounts.models import Role, Scope
from tradebridge.errors import Forbidden


class Access(StrEnum):
    public = "public"
    signed_in = "signed_in"
    viewer = "viewer"
    company = "company"
    staff = "staff"
    admin = "admin"


ALLOWED: dict[Access, frozenset[Role]] = {
    Access.public: frozenset(Role),
    Access.signed_in: frozenset(Role),
    Access.viewer: frozenset({Role.viewer, Role.staff, Role.admin}),
    Access.company: frozenset({Role.company, Role.staff, Role.admin}),
    Access.staff: frozenset({Role.staff, Role.admin}),
    Access.admin: frozenset({Role.admin}),
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
Decision = Literal["allow", "sign_in", "forbidden"]


def decide(access: Access, role: Role | None, scope: Scope | None, method: str) -> Decision:
    """``allow``, ``sign_in`` (nobody is signed in and the route needs someone) or
    ``forbidden`` (this role, or this token's scope, may not)."""
    if access is Access.public:
        return "allow"
    if role is None:
        return "sign_in"
    if Role(role) not in ALLOWED[access]:
        return "forbidden"
    if scope is Scope.read and method.upper() not in SAFE_METHODS:
        return "forbidden"
    return "allow"


class Principal(Protocol):
    role: str
    organisation_id: int | None


def may_act_for(principal: Principal | None, organisation_id: int) -> bool:
    """True when ``principal`` may change organisation ``organisation_id``: staff and admin
    always, a company user only for its own organisation, nobody else.

    >>> from types import SimpleNamespace as U
    >>> may_act_for(U(role="company", organisation_id=7), 7)
    True
    >>> may_act_for(U(role="company", organisation_id=7), 8), may_act_for(None, 7)
    (False, False)
    """
    if principal is None:
        return False
    if principal.role in (Role.staff, Role.admin):
        return True
    return principal.role == Role.company and principal.organisation_id == organisation_id


def ensure_own_organisation(principal: Principal | None, organisation_id: int) -> None:
    """``Forbidden`` unless ``may_act_for(principal, organisation_id)``."""
    if not may_act_for(principal, organisation_id):
        raise Forbidden("you may only act for your own organisation")
