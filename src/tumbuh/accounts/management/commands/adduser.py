"""``tumbuh manage adduser NAME --role kader --posyandu 12``: a user with a role and a scope."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tumbuh.accounts.models import Role
from tumbuh.accounts.services import user_create
from tumbuh.convergence.catalogue import OFFICE_NAMES
from tumbuh.regions.models import Posyandu, Puskesmas, Region


class Command(BaseCommand):
    help = "Create a user with a role and its scope (region code, puskesmas id or posyandu id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--region",
            help="region code, e.g. 71.72 (tpps, kecamatan, tpk, office, pkh, tksk, lurah, "
            "partner)",
        )
        parser.add_argument("--puskesmas", type=int, help="puskesmas id (puskesmas officer)")
        parser.add_argument("--posyandu", type=int, help="posyandu id (kader)")
        parser.add_argument(
            "--office", default="", choices=["", *OFFICE_NAMES], help="office code (office role)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = getpass.getpass("Password: ")
        try:
            user_create(
                username=options["username"],
                password=password,
                role=Role(options["role"]),
                region=Region.objects.get(code=options["region"]) if options["region"] else None,
                puskesmas=Puskesmas.objects.get(pk=options["puskesmas"])
                if options["puskesmas"]
                else None,
                posyandu=Posyandu.objects.get(pk=options["posyandu"])
                if options["posyandu"]
                else None,
                office=options["office"],
            )
        except (ValidationError, ObjectDoesNotExist) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"created {options['username']} ({options['role']})")
