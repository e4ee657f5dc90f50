"""Charts: drawn once per distinct data, same bytes every time, described in words."""

from __future__ import annotations

import pytest
import sourcefacts

from kommunkompassen.charts import tools
from kommunkompassen.charts.cards import CardSpec
from kommunkompassen.charts.drawing import (
    MIN_TEXT,
    Series,
    all_totals_spec,
    areas_spec,
    distribution_spec,
    ensure_drawn,
    laid_out,
    prune,
    timeline_spec,
)
from kommunkompassen.charts.specs import chart_specs, shows_distribution
from kommunkompassen.charts.swedenmap import cache_key as map_key
from kommunkompassen.domain.ranking import MIN_POOL
from kommunkompassen.site.index import build_index


def test_unchanged_charts_are_not_drawn_again(tmp_path):
    specs = [areas_spec(f"a{i}.svg", f"Kommun {i}", ["1. Ett"], [i], None, None, 100) for i in range(3)]
    paths, drawn = ensure_drawn(specs, tmp_path, workers=1)
    assert drawn == 6  # each chart twice: for wide screens and for phones
    assert sorted(paths) == sorted(f"a{i}{end}" for i in range(3) for end in (".svg", "-smal.svg"))
    before = {name: p.read_bytes() for name, p in paths.items()}
    _, drawn_again = ensure_drawn(specs, tmp_path, workers=1)
    assert drawn_again == 0
    changed = specs[:2] + [areas_spec("a2.svg", "Kommun 2", ["1. Ett"], [99], None, None, 100)]
    paths, drawn_changed = ensure_drawn(changed, tmp_path, workers=1)
    assert drawn_changed == 2
    assert paths["a0.svg"].read_bytes() == before["a0.svg"]
    assert paths["a2.svg"].read_bytes() != before["a2.svg"]


def test_parallel_drawing_gives_the_same_bytes(tmp_path):
    specs = [distribution_spec(f"d{i}.svg", f"version {i}", [i * 10.0, 400.0], 800, 50, "totalpoäng")
             for i in range(16)]
    serial, _ = ensure_drawn(specs, tmp_path / "serial", workers=1)
    parallel, drawn = ensure_drawn(specs, tmp_path / "parallel", workers=2)
    assert drawn == 32
    assert all(serial[s.name].read_bytes() == parallel[s.name].read_bytes() for s in specs)


OLD, V2016 = Series("före 2010", "s", "#CC79A7"), Series("2016", "D", "#D55E00")


def test_alt_texts_carry_the_numbers():
    timeline = timeline_spec("t.svg", "Åmål", [(2004, None, OLD, "unknown"), (2019, 453, V2016, "stated")], 800)
    assert timeline.alt == ("Punktdiagram, totalpoäng över tid för Åmål, med en symbol per version av "
                            "Kommunkompassen. 2004: uppgift saknas (version före 2010); 2019: 453 (version 2016).")
    assert timeline.caption.startswith("Totalpoäng (0–800) över tid för Åmål.")
    dist = distribution_spec("d.svg", "Kommunkompassen 2016", [453.0], 800, 50, "totalpoäng")
    assert dist.alt == ("Stapeldiagram, fördelning av totalpoäng för Kommunkompassen 2016, 1 utvärdering. "
                        "450–500: 1.")


def test_site_charts_for_the_real_data(archive):
    specs = build_index(archive).charts
    bengtsfors = specs[("areas", "bengtsfors-2015")]
    assert bengtsfors.data["values"] == [46, 39, 57, 60, 43, 56, 27, 59]
    assert bengtsfors.data["comparison"] == [54, 57, 68, 57, 58, 57, 54, 67]
    assert bengtsfors.data["comparison_label"] == "Genomsnitt 63 kommuner"
    # Åmål has one known total (2019), so it gets a sentence instead of a timeline.
    assert ("municipality", "amal") not in specs
    timelines = [spec for key, spec in specs.items() if key[0] == "municipality"]
    assert timelines
    drawing = sourcefacts.frameworks()["2016"]["drawing"]  # as data/frameworks/2016.yaml says
    in_2016 = [p for spec in timelines for p in spec.data["points"] if p[2]["label"] == drawing["label"]]
    assert in_2016 and all(p[2] == {k: drawing[k] for k in ("label", "marker", "colour")} for p in in_2016)


def test_a_derived_total_is_marked_in_the_timeline():
    v2010 = Series("2010", "o", "#0072B2")
    spec = timeline_spec("t.svg", "Örebro", [(2010, 615, v2010, "derived"), (2013, 615, v2010, "stated")], 800)
    assert "2010: 615, härlett (version 2010); 2013: 615 (version 2010)" in spec.alt
    assert spec.caption.endswith("en ofylld symbol är ett härlett eller osäkert värde.")


def test_other_drawing_tools_draw_every_chart_card_and_map_again(tmp_path, monkeypatch):
    specs = [areas_spec(f"a{i}.svg", f"Kommun {i}", ["1. Ett"], [i], None, None, 100) for i in range(2)]
    card = CardSpec("grafik/kort/a.png", "Kommun 2019", "400 av 800 poäng", "Kommunkompassen 2016")
    _, drawn = ensure_drawn([*specs, card], tmp_path, workers=1)
    keys = (card.key, map_key("{}", [], "Karta"))
    assert ensure_drawn([*specs, card], tmp_path, workers=1)[1] == 0
    upgraded = tools.fingerprint({"matplotlib": "99.0.0", "numpy": "2.4.6", "pillow": "13.0.0"}, [])
    monkeypatch.setattr(tools, "drawing_tools", lambda: upgraded)
    assert ensure_drawn([*specs, card], tmp_path, workers=1)[1] == drawn == 5
    assert card.key != keys[0] and map_key("{}", [], "Karta") != keys[1]


def test_the_drawing_tools_are_the_libraries_versions_and_the_font_files(tmp_path):
    versions = {"matplotlib": "3.11.2", "numpy": "2.4.6", "pillow": "13.0.0"}
    font = tmp_path / "DejaVuSans.ttf"
    font.write_bytes(b"glyphs")
    base = tools.fingerprint(versions, [font])
    assert tools.fingerprint({**versions, "numpy": "2.4.7"}, [font]) != base
    assert tools.fingerprint({**versions, "pillow": "13.0.1"}, [font]) != base
    font.write_bytes(b"other glyphs")
    assert tools.fingerprint(versions, [font]) != base
    # Here: the installed packages and the DejaVu Sans files matplotlib draws with.
    fonts = tools.font_files()
    assert {f.name for f in fonts} == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"} and all(f.is_file() for f in fonts)
    from importlib.metadata import version
    assert tools.drawing_tools() == tools.fingerprint({p: version(p) for p in tools.PACKAGES}, fonts)


def _fresh(spec, narrow):
    """The chart drawn on a figure of its own, as one process drawing one chart would."""
    import matplotlib.pyplot as plt

    from kommunkompassen.charts.drawing import svg_of

    fig = laid_out(spec, narrow)
    try:
        return svg_of(fig, spec)
    finally:
        plt.close(fig)


def _areas_charts():
    """Areas charts sharing frames, with and without comparisons, missing values and long names."""
    labels = [f"{n}. Ett långt områdesnamn med många ord nummer {n}" for n in range(1, 9)]
    return [areas_spec(f"a{i}.svg", f"Kommun {i}", labels, [(i * 7 + n * 13) % 101 if (i + n) % 5 else None
                                                            for n in range(8)],
                       "Genomsnitt 63 kommuner" if i % 2 else None, [50 + n for n in range(8)] if i % 2 else None, 100)
            for i in range(6)] + [EVERY_KIND["areas"], EVERY_KIND["areas with a comparison"]]


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
def test_an_areas_chart_drawn_on_a_kept_frame_is_the_chart_drawn_alone(narrow):
    from kommunkompassen.charts.drawing import draw

    charts = _areas_charts()
    in_a_row = [draw(spec, narrow) for spec in charts + charts[::-1]]  # each frame used many times over
    alone = [_fresh(spec, narrow) for spec in charts + charts[::-1]]
    assert in_a_row == alone
    assert len(set(in_a_row)) == len(charts)


def test_text_measured_once_per_process_gives_the_same_bytes(monkeypatch):
    from matplotlib.backends.backend_svg import RendererSVG

    from kommunkompassen.charts import drawing

    charts = [*EVERY_KIND.values(), *_areas_charts()[:2]]
    measured_once = [drawing.draw(spec, narrow) for spec in charts for narrow in (False, True)]
    assert RendererSVG.get_text_width_height_descent.measured_once
    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent",
                        RendererSVG.get_text_width_height_descent.unpatched)
    monkeypatch.setattr(drawing, "_measure_text_once", lambda: None)
    assert [_fresh(spec, narrow) for spec in charts for narrow in (False, True)] == measured_once


def test_the_cache_keeps_only_the_charts_a_build_uses(tmp_path):
    specs = [areas_spec(f"a{i}.svg", f"Kommun {i}", ["1. Ett"], [i], None, None, 100) for i in range(3)]
    paths, _ = ensure_drawn(specs, tmp_path, workers=1)
    (tmp_path / "karta-abc.svg").write_text("<svg/>", encoding="utf-8")  # the map prunes its own files
    edited = specs[:2] + [areas_spec("a2.svg", "Kommun 2", ["1. Ett"], [42], None, None, 100)]
    new_paths, drawn = ensure_drawn(edited, tmp_path, workers=1)
    assert drawn == 2
    # Just drawn, the old chart may be another build's (builds share the cache): kept for now.
    assert prune(tmp_path, set(new_paths.values())) == 0
    import os
    import time

    from kommunkompassen.charts.drawing import RECENT
    old = time.time() - RECENT - 60
    for path in tmp_path.iterdir():
        os.utime(path, (old, old))
    assert prune(tmp_path, set(new_paths.values())) == 2
    assert not paths["a2.svg"].exists() and new_paths["a2.svg"].exists()
    assert sorted(p.name for p in tmp_path.glob("*.svg")) == sorted(
        [p.name for p in new_paths.values()] + ["karta-abc.svg"])


V2010, V2020 = Series("2010", "o", "#0072B2"), Series("2020", "^", "#009E73")
EVERY_KIND = {
    "areas with a comparison": areas_spec("a.svg", "Kommun", [f"{n}. Ett långt områdesnamn med många ord nummer {n}"
                                                               for n in range(1, 9)],
                                          [40, 55, 61, None, 70, 35, 90, 100], "Genomsnitt 63 kommuner",
                                          [54, 57, 68, 57, None, 57, 54, 67], 100),
    "areas": areas_spec("b.svg", "Kommun", [f"{n}. Område" for n in range(1, 9)], [40] * 8, None, None, 100),
    "timeline across versions": timeline_spec("t.svg", "Kommun", [(2008, None, OLD, "unknown"),
                                                                  (2013, 384, V2010, "derived"),
                                                                  (2016, 450, V2010, "stated"),
                                                                  (2021, 790, V2020, "stated")], 800),
    "distribution": distribution_spec("d.svg", "Kommunkompassen 2016", [420.0, 453.0, 470, 510, 800], 800, 50,
                                      "totalpoäng"),
    "all totals": all_totals_spec("s.svg", [(2006, 426, OLD, "stated", "A"), (2010, 384, V2010, "derived", "B"),
                                            (2016, 430, V2016, "uncertain", "C"), (2024, 800, V2020, "stated", "D"),
                                            (2017, 0, V2016, "stated", "E")], 800),
}


def _boxes(spec, narrow):
    import matplotlib.pyplot as plt

    fig = laid_out(spec, narrow)
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()  # text measured as drawn
        fig.draw(renderer)
        ax = fig.axes[0]
        lo_x, hi_x = sorted(ax.get_xlim())
        lo_y, hi_y = sorted(ax.get_ylim())
        # Tick labels exist for ticks outside the axis' range too; only those inside are drawn.
        hidden = {id(t) for t in ax.get_xticklabels() if not lo_x <= t.get_position()[0] <= hi_x}
        hidden |= {id(t) for t in ax.get_yticklabels() if not lo_y <= t.get_position()[1] <= hi_y}
        texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
                 if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
        legend = ax.get_legend()
        return (fig.bbox, ax.get_window_extent(renderer),
                legend.get_window_extent(renderer) if legend else None,
                [(t.get_text(), t.get_fontsize(), t.get_window_extent(renderer)) for t in texts])
    finally:
        plt.close(fig)


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("kind", EVERY_KIND)
def test_every_chart_keeps_its_text_whole_large_and_its_legend_off_the_data(kind, narrow):
    figure, plot, legend, texts = _boxes(EVERY_KIND[kind], narrow)
    assert texts
    for text, size, box in texts:
        assert size >= MIN_TEXT, f"{text!r} is {size} px"
        assert (box.x0 >= figure.x0 - 0.5 and box.x1 <= figure.x1 + 0.5 and box.y0 >= figure.y0 - 0.5
                and box.y1 <= figure.y1 + 0.5), f"{text!r} is cut off at the chart's edge"
    if legend is not None:
        assert not legend.overlaps(plot), "the legend lies on the plot, where it reads as data"


def test_a_version_change_is_drawn_and_named_in_the_timeline():
    _, _, _, texts = _boxes(EVERY_KIND["timeline across versions"], False)
    assert "ny version: 2020" in [t for t, _, _ in texts]
    assert "Version 2010" in [t for t, _, _ in texts] and "Version 2020" in [t for t, _, _ in texts]


def test_no_distribution_of_fewer_than_the_minimum_or_of_one_bar():
    assert not shows_distribution([400.0, 420, 430, 440][: MIN_POOL - 1], 800, 16)
    assert not shows_distribution([400.0, 410, 420, 430, 440, 449][:MIN_POOL], 800, 16)  # all in 400–450
    assert shows_distribution([400.0, 410, 420, 430, 460][:MIN_POOL], 800, 16)
    assert shows_distribution([90.0, 95, 99, 100, 70], 100, 10)  # 100 of 100 sits in the last bar


def test_a_municipality_gets_a_timeline_only_with_two_known_totals(fixture_archive):
    specs = chart_specs(build_index(fixture_archive).rankings)
    known = {fixture_archive.municipalities.by_code[code].slug:
             sum(1 for ev in evs if ev.data.total is not None and ev.data.total.known)
             for code, evs in fixture_archive.by_municipality().items()}
    assert {n >= 2 for n in known.values()} == {True, False}, "the fixture needs both cases"
    assert {slug for slug in known if ("municipality", slug) in specs} == {s for s, n in known.items() if n >= 2}
