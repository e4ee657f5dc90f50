"""Reading and validating everything under ``data/``: YAML, rules, problems, the archive, the schema."""
