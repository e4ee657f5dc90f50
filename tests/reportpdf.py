"""Synthetic Kommunkompassen reports as PDF, drawn with matplotlib's PDF backend.

A page is a list of lines; a line is a string, or a tuple of cells drawn in table columns
(question at the left, Uppnått / Max / Procent at the right), so a generated report has the
layout of a real one and the importer's PDF path runs without network or real reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

Line = Union[str, tuple[str, ...]]
COLUMNS = (0.08, 0.70, 0.78, 0.86)


def write_pdf(path: Path, pages: list[list[Line]]) -> Path:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for page in pages:
            fig = plt.figure(figsize=(8.27, 11.69))
            y = 0.95
            for line in page:
                cells = (line,) if isinstance(line, str) else line
                for x, cell in zip(COLUMNS, cells):
                    if cell:
                        fig.text(x, y, cell, fontsize=9)
                y -= 0.022
            pdf.savefig(fig)
            plt.close(fig)
    return path


def percent_of(points: float, maximum: int) -> int:
    return int(points / maximum * 100 + 0.5)


def synthetic_report(framework, name: str, year: int, shares: dict[str, int], damaged: dict[str, tuple] = {}):
    """Pages of an invented report for ``name`` under ``framework``: title, summary, areas, tables.

    ``shares`` gives each sub-question's percentage (the printed one); points are printed
    rounded. ``damaged`` replaces a row's printed cells, e.g. ``{"2.3": ("?", "20", "46 %")}``.
    Returns (pages, printed) where ``printed`` maps sub-question to (points, max, percent)
    and area number to its printed score.
    """
    printed: dict = {}
    title = [f"KommunKompassen ANALYS AV {name.upper()} KOMMUN {year}",
             "Utvärderare: Eva Exempel, SKR samt Per Prov, Testby kommun"]
    summary = ["Sveriges Kommuner och Regioner 2020-01-15 2 (12)",
               "2. Exempel i förhållande till Kommunkompassen: En sammanfattande genomgång",
               "Utvärderingen",
               f"Utvärderingen av {name} kommun genomfördes i oktober {year} och var kommunens första",
               "utvärdering enligt Kommunkompassens kriterier. Utvärderingsgruppen har genomfört",
               "intervjuer med ett 35-tal personer i organisationen."]
    area_pages, table_lines = [], ["4. Översikt av poängfördelning"]
    for area in framework.areas:
        exact = [q.max * shares[q.id] / 100 for q in area.questions]
        area_score = int(sum(exact) + 0.5)
        printed[area.number] = area_score
        area_pages.append([
            f"Område {area.number} {area.name}",
            "Rubriker Poäng",
            f"• {area.headings[0] if area.headings else 'Strategi'} {area_score}",
            "Allmänt",
            "Ramverkets allmänna text om området.",
            "STYRKOR",
            f"• Ett tydligt arbete med område {area.number} i hela",
            "  organisationen",
            "• En andra styrka",
            "FÖRBÄTTRINGSOMRÅDEN",
            "• Ett förbättringsområde",
        ])
        table_lines.append((f"{area.number}. {area.name}", "Uppnått", "Max", "Procent"))
        for q, value in zip(area.questions, exact):
            cells = (str(int(value + 0.5)), str(q.max), f"{shares[q.id]} %")
            printed[q.id] = tuple(int(c.split()[0]) for c in cells)
            words, lines = f"{q.id} {q.text}".split(), [""]
            for word in words:  # the question column wraps, as in the reports
                lines[-1:] = [f"{lines[-1]} {word}".strip()] if len(lines[-1]) + len(word) < 60 else [lines[-1], word]
            table_lines.append((lines[0], *damaged.get(q.id, cells)))
            table_lines.extend(lines[1:])
        table_lines.append(("", str(area_score), "100", f"{area_score} %"))
    summary += ["Sammanfattning av resultat", f"KommunKompassen {name}"]
    summary += [(f"{a.number}. {a.name}", str(printed[a.number])) for a in framework.areas]
    summary += [("Totalt", str(sum(printed[a.number] for a in framework.areas)))]
    printed["total"] = sum(printed[a.number] for a in framework.areas)
    return [title, summary, *area_pages, *(table_lines[i:i + 40] for i in range(0, len(table_lines), 40))], printed
