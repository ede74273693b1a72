"""The bundled WHO tables: untouched, and loaded into the right shape."""

from __future__ import annotations

import hashlib
import re
from importlib.resources import files

import numpy as np
import pytest

from tumbuh.growth.tables import Table, load

SOURCE = files("tumbuh.growth").joinpath("data").joinpath("SOURCE.md").read_text()
CHECKSUMS = {name: digest for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", SOURCE, re.M)}


@pytest.mark.parametrize("table", list(Table), ids=lambda t: t.filename)
def test_every_bundled_table_matches_the_checksum_in_its_source_note(table: Table) -> None:
    data = files("tumbuh.growth").joinpath("data").joinpath(table.filename).read_bytes()
    assert hashlib.sha256(data).hexdigest() == CHECKSUMS[table.filename]


def test_the_length_table_holds_every_day_from_birth_to_1856_for_both_sexes() -> None:
    table = load(Table.LENGTH_FOR_AGE)
    assert (table.first_key, table.last_key) == (0, 1856)
    assert not np.isnan(table.m).any()


def test_arm_circumference_starts_at_91_days() -> None:
    assert load(Table.ARM_CIRCUMFERENCE_FOR_AGE).first_key == 91


def test_weight_for_length_is_keyed_in_millimetres_from_45_to_110_cm() -> None:
    table = load(Table.WEIGHT_FOR_LENGTH)
    assert (table.first_key, table.last_key) == (450, 1100)
    index, exists = table.flat_index(np.array([1]), np.array([450]))
    assert exists[0]
    assert table.m[index[0]] == 2.441


def test_a_key_outside_the_table_is_reported_as_missing() -> None:
    table = load(Table.WEIGHT_FOR_HEIGHT)
    _, exists = table.flat_index(np.array([1, 2, 3]), np.array([649, 1201, 700]))
    assert not exists.any()
