"""`org`, `user` and `token`: organisations (tenants and selection committees), users and their API tokens."""

from __future__ import annotations

import argparse
import sys

from mdto.auth.directory import (
    COMMITTEE,
    ORGANISATION,
    DirectoryError,
    add_organisation,
    add_user,
    organisations,
    revoke_token,
    set_shortened_flow,
)
from mdto.auth.groups import add_group, add_member
from mdto.auth.policy import Role
from mdto.cli.common import CliError, store_from


def register(sub: argparse._SubParsersAction) -> None:
    org = sub.add_parser("org", help="manage organisations and selection committees").add_subparsers(
        dest="org_command", required=True, metavar="SUBCOMMAND"
    )
    p = org.add_parser("add", help="add an organisation (tenant) or a selection committee")
    p.add_argument("slug", metavar="ID", help="organisation id, e.g. stad-leuven")
    p.add_argument("--name", required=True)
    p.add_argument("--actor", help="actor it acts for (IRI or slug in data/actoren.ttl; default: the id)")
    p.add_argument("--committee", action="store_true", help="a selection committee (needs --scope)")
    p.add_argument("--scope", action="append", help="toepassingsgebied of a committee (slug or IRI), repeatable")
    p.add_argument("--shortened-flow", action="store_true", help="its informatiebeheerders may publish directly")
    p.set_defaults(func=org_add)
    p = org.add_parser("set", help="change an organisation's settings")
    p.add_argument("slug", metavar="ID")
    p.add_argument("--shortened-flow", action=argparse.BooleanOptionalAction, required=True)
    p.set_defaults(func=org_set)
    p = org.add_parser("list", help="list organisations")
    p.set_defaults(func=org_list)

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    p = user.add_parser("add", help="add a user (or a role to one) and print a new API token once")
    p.add_argument("name")
    p.add_argument("--org", help="organisation id (not for platformbeheerder)")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.set_defaults(func=user_add)

    group = sub.add_parser("group", help="manage security groups").add_subparsers(dest="group_command", required=True)
    p = group.add_parser("add", help="add a security group (beveiligingsgroep) to an organisation")
    p.add_argument("slug", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--org", required=True)
    p.set_defaults(func=group_add)
    p = group.add_parser("member", help="make a user a member of a security group")
    p.add_argument("slug", metavar="GROUP_ID")
    p.add_argument("user", metavar="USER_ID")
    p.set_defaults(func=group_member)

    token = sub.add_parser("token", help="manage API tokens").add_subparsers(dest="token_command", required=True)
    p = token.add_parser("revoke", help="revoke an API token")
    p.add_argument("token", metavar="TOKEN_ID_OR_TOKEN")
    p.set_defaults(func=token_revoke)


def _run(args: argparse.Namespace, fn: object) -> object:
    store = store_from(args)
    try:
        return fn(store)  # type: ignore[operator]
    except DirectoryError as e:
        raise CliError(str(e)) from None
    finally:
        store.close()


def org_add(args: argparse.Namespace) -> int:
    kind = COMMITTEE if args.committee else ORGANISATION
    o = _run(args, lambda s: add_organisation(s, args.slug, args.name, args.actor, kind, args.scope,
                                              args.shortened_flow))  # fmt: skip
    print(f"added {kind} {o.slug} ({o.name}) acting for {o.actor}")  # type: ignore[attr-defined]
    return 0


def org_set(args: argparse.Namespace) -> int:
    _run(args, lambda s: set_shortened_flow(s, args.slug, args.shortened_flow))
    print(f"{args.slug}: shortened flow {'allowed' if args.shortened_flow else 'not allowed'}")
    return 0


def org_list(args: argparse.Namespace) -> int:
    for o in _run(args, organisations):  # type: ignore[attr-defined]
        extra = f" scopes={','.join(s.rsplit('/', 1)[-1] for s in o.scopes)}" if o.scopes else ""
        print(f"{o.slug}\t{o.kind}\t{o.name}\tshortened={str(o.shortened_flow).lower()}{extra}")
    return 0


def user_add(args: argparse.Namespace) -> int:
    token_id, token = _run(args, lambda s: add_user(s, args.name, args.org, Role(args.role)))  # type: ignore[misc]
    print(token)
    print(f"token id {token_id}: shown once, keep it safe; revoke with `serieregister token revoke {token_id}`",
          file=sys.stderr)  # fmt: skip
    return 0


def group_add(args: argparse.Namespace) -> int:
    iri = _run(args, lambda s: add_group(s, args.slug, args.name, args.org))
    print(f"added security group {iri}")
    return 0


def group_member(args: argparse.Namespace) -> int:
    _run(args, lambda s: add_member(s, args.slug, args.user))
    print(f"{args.user} is a member of {args.slug}")
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    token_id = _run(args, lambda s: revoke_token(s, args.token))
    print(f"revoked token {token_id}")
    return 0
