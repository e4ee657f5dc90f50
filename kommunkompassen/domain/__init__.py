"""The domain: frameworks, evaluations, municipalities, recorded values, report text and rankings.

Pure data and functions: no file access, no Jinja, no MkDocs."""
