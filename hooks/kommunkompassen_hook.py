"""MkDocs hook: load and validate ``data/``, add the generated pages and data files.

Thin by design: all logic is in the ``kommunkompassen`` package.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from kommunkompassen.build import SiteBuild, keep_between_builds, release, source_date_epoch, trim_toc
from kommunkompassen.problems import DataError

log = logging.getLogger("mkdocs.hooks.kommunkompassen")


def on_startup(command, dirty):
    if command == "serve":  # keep the loaded data for the rebuilds
        keep_between_builds()


def on_config(config):
    # Reproducible builds: date the pages by the commit, not the clock, unless the caller set it.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(Path(config.config_file_path).resolve().parent)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return config


def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).resolve().parent
    try:
        build = SiteBuild.load(root, site_url=config.site_url or "")
    except DataError as exc:
        raise PluginError(exc.report()) from None
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"docs/{file.src_uri}"
    for path, content in build.files():
        existing = files.get_file_from_path(path)
        if existing is not None:
            if existing.generated_by is None and path == "index.md":
                files.remove(existing)  # the hand-written start page, filled in from data
            else:
                raise PluginError(f"docs/{path} krockar med en sida som genereras från data/; ta bort filen")
        if isinstance(content, Path):
            generated = File.generated(config, path, abs_src_path=str(content))
        else:
            generated = File.generated(config, path, content=content)
        generated.edit_uri = build.edit_path(path) or (f"docs/{path}" if existing is not None else None)
        files.append(generated)
    release(build)
    log.info(build.summary())
    return files


def on_page_context(context, page, config, nav):
    trim_toc(page.file.src_uri, page.toc)
    return context


def on_serve(server, config, builder):
    root = Path(config.config_file_path).resolve().parent
    server.watch(str(root / "data"))
    server.watch(str(root / "kommunkompassen"))
    return server
