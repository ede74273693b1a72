"""``tumbuh token create|list|revoke``: machine tokens for the REST API.

``create`` prints the new token on its last line (it is shown once: only its hash is kept).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "token",
        help="machine tokens for the REST API (create, list, revoke)",
        description="Machine tokens for /api/v1/, used as 'Authorization: Bearer TOKEN'.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create", help="a new token for a user; printed once, on the last line"
    )
    create.add_argument("--user", required=True, help="the account the token acts as")
    create.add_argument("--days", type=int, default=90, help="days until it expires (1-366)")
    create.add_argument("--name", default="", help="what the token is for")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="a user's tokens (prefix, expiry, status)")
    listing.add_argument("--user", required=True)
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by its id (see list)")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(handler=run_revoke)
    client = actions.add_parser(
        "client",
        help="an OAuth2 client (client credentials) acting as a user; prints id and secret",
    )
    client.add_argument("--user", required=True, help="the account the client acts as")
    client.add_argument("--name", default="", help="what the client is")
    client.set_defaults(handler=run_client)


def _setup() -> None:
    from tumbuh.cli.django_setup import django_start

    django_start()


def _owner(username: str) -> Any:
    from tumbuh.cli.users import user_by_name

    return user_by_name(username)


def run_create(args: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import PermissionDenied, ValidationError

    from tumbuh.api.tokens import token_create

    owner = _owner(args.user)
    if owner is None:
        print(f"tumbuh token: no account '{args.user}'", file=sys.stderr)
        return 2
    try:
        new = token_create(user=owner, owner=owner, name=args.name, days=args.days)
    except PermissionDenied:
        print(f"tumbuh token: '{args.user}' may not use the API", file=sys.stderr)
        return 2
    except ValidationError as error:
        print(f"tumbuh token: {'; '.join(error.messages)}", file=sys.stderr)
        return 2
    token = new.token
    print(f"token {token.pk} for {args.user}, expires {token.expires_at:%Y-%m-%d}", file=sys.stderr)
    print(new.secret)
    return 0


def run_list(args: argparse.Namespace) -> int:
    _setup()
    from tumbuh.api.tokens import token_is_live, token_list

    owner = _owner(args.user)
    if owner is None:
        print(f"tumbuh token: no account '{args.user}'", file=sys.stderr)
        return 2
    for token in token_list(user=owner, owner=owner):
        state = "revoked" if token.revoked_at else ("active" if token_is_live(token) else "expired")
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "-"
        print(
            f"{token.pk}\ttmb_{token.prefix}_...\t{token.name}\t"
            f"expires {token.expires_at:%Y-%m-%d}\tlast used {used}\t{state}"
        )
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    _setup()
    from tumbuh.api.models import ApiToken
    from tumbuh.api.tokens import token_revoke

    token = ApiToken.objects.select_related("user").filter(pk=args.id).first()
    if token is None:
        print(f"tumbuh token: no token {args.id}", file=sys.stderr)
        return 2
    token_revoke(user=token.user, token=token)
    print(f"token {token.pk} revoked")
    return 0


def run_client(args: argparse.Namespace) -> int:
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from tumbuh.api.tokens import oauth_client_create

    owner = _owner(args.user)
    admin = get_user_model().objects.filter(profile__role="admin").order_by("pk").first()
    if owner is None or admin is None:
        print(f"tumbuh token: no account '{args.user}' (or no administrator)", file=sys.stderr)
        return 2
    try:
        new = oauth_client_create(user=admin, owner=owner, name=args.name)
    except PermissionDenied:
        print(f"tumbuh token: '{args.user}' may not use the API", file=sys.stderr)
        return 2
    print("client_id client_secret (the secret is shown once):", file=sys.stderr)
    print(f"{new.client_id} {new.client_secret}")
    return 0
