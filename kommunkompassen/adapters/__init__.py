"""Everything specific to a site generator. ``mkdocs.py`` is the only module that imports MkDocs."""
