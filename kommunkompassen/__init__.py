"""Kommunkompassen archive: data model, validation and site generation.

The MkDocs hook (``hooks/``), the maintainer scripts (``scripts/``) and the tests
all import from this package, so the rules live in one place.
"""
