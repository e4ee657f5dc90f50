"""MkDocs hook: the site's data, pages and charts, added by the MkDocs adapter.

Thin by design: everything is in ``kommunkompassen`` (see README, "How the code is laid out").
"""

from kommunkompassen.adapters.mkdocs import (  # noqa: F401 - MkDocs looks the events up by name
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_page_read_source,
    on_post_build,
    on_post_page,
    on_pre_build,
    on_serve,
    on_startup,
)
