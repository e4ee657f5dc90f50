"""Stable ASCII addresses for all 290 municipalities."""

from __future__ import annotations

import re

from kommunkompassen.domain.municipalities import assign_slugs
from kommunkompassen.loading.municipalities import load_municipalities


def test_every_slug_is_ascii_and_unique(root):
    municipalities = load_municipalities(root / "data/reference/municipalities.csv")
    slugs = [m.slug for m in municipalities]
    assert len(slugs) == len(set(slugs)) == 290
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


def test_examples_of_slugs(root):
    by_name = {m.name: m.slug for m in load_municipalities(root / "data/reference/municipalities.csv")}
    assert by_name["Åmål"] == "amal"
    assert by_name["Upplands Väsby"] == "upplands-vasby"
    assert by_name["Malung-Sälen"] == "malung-salen"
    assert (by_name["Håbo"], by_name["Habo"]) == ("habo-0305", "habo-0643")


def test_collision_suffix_does_not_depend_on_order():
    assert assign_slugs({"0643": "Habo", "0305": "Håbo"}) == assign_slugs({"0305": "Håbo", "0643": "Habo"})
