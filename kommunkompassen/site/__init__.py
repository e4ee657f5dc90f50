"""The site as pure functions from the loaded archive to pages and data files.

Routes and the site index, one view per page kind, templates and formatting, open data,
and the build that lists every generated file. Nothing here knows MkDocs."""
