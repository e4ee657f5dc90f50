#!/usr/bin/env python3
"""Create an empty evaluation pair, data/evaluations/<kommun>-<år>.yaml and .md.

    python scripts/new_evaluation.py KOMMUN ÅR RAMVERK [--utmapp MAPP]

KOMMUN is a name ("Åmål"), an address slug ("amal") or a code ("1492"); RAMVERK a version in
data/frameworks/ ("2010", "2016", "2020", "pre-2010"). Never overwrites an existing file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kommunkompassen.importers.cli import add_root_option, load_reference, run
from kommunkompassen.importers.drafts import (
    ExistingFileError,
    dump_evaluation,
    evaluation_key,
    scaffold_comments,
    scaffold_data,
    scaffold_markdown,
    write_new_pair,
)
from kommunkompassen.importers.lookup import find_framework, find_municipality
from kommunkompassen.loading.archive import DataPaths

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Skapa ett tomt par datafil + textfil för en utvärdering.")
    parser.add_argument("kommun", help="kommunens namn, adress (slug) eller kod, t.ex. Åmål, amal eller 1492")
    parser.add_argument("ar", type=int, metavar="år", help="utvärderingsåret, t.ex. 2019")
    parser.add_argument("ramverk", help="ramverksversion i data/frameworks/, t.ex. 2016")
    parser.add_argument("--utmapp", type=Path, help="var paret skrivs (standard: data/evaluations/)")
    add_root_option(parser, ROOT)
    args = parser.parse_args(argv[1:])

    paths = DataPaths(args.rot)
    reference = load_reference(paths)
    if reference is None:
        return 1
    frameworks, municipalities = reference
    try:
        municipality = find_municipality(municipalities, args.kommun)
        framework = find_framework(frameworks, args.ramverk)
    except LookupError as exc:
        print(f"Fel: {exc}.", file=sys.stderr)
        return 2
    if not 1995 <= args.ar <= 2100:
        print(f"Fel: året {args.ar} ligger utanför 1995–2100.", file=sys.stderr)
        return 2

    key = evaluation_key(municipality, args.ar)
    yaml_text = dump_evaluation(scaffold_data(framework, municipality, args.ar),
                                scaffold_comments(framework, municipality, args.ar))
    try:
        written = write_new_pair(args.utmapp or paths.evaluations, key, yaml_text, scaffold_markdown(framework))
    except ExistingFileError as exc:
        print(f"Fel: {exc.message(paths.relative)}", file=sys.stderr)
        return 1
    questions = sum(len(a.questions) for a in framework.areas)
    for path in written:
        print(f"Skrev {paths.relative(path)}")
    print(f"{municipality.name} {args.ar}, ramverksversion {framework.id}: {len(framework.areas)} områden, {questions} delfrågor, "
          "allt okänt tills du fyller i det.")
    print("Nästa steg: fyll i allt som står som \"Ej ifyllt ännu\", kör ./dev check och ./dev serve (se CONTRIBUTING.md).")
    return 0


if __name__ == "__main__":
    run(lambda: main(sys.argv))
