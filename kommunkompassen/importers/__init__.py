"""Maintainer tools that write data files: the report importer (PDF/text), the catalogue
import, and new evaluation pairs (drafts and scaffold). The build never imports these."""
