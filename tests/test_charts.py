"""Charts: drawn once per distinct data, same bytes every time, described in words."""

from __future__ import annotations

import sourcefacts

from kommunkompassen.charts.drawing import Series, areas_spec, distribution_spec, ensure_drawn, prune, timeline_spec
from kommunkompassen.site.index import build_index


def test_unchanged_charts_are_not_drawn_again(tmp_path):
    specs = [areas_spec(f"a{i}.svg", f"Kommun {i}", ["1. Ett"], [i], None, None, 100) for i in range(3)]
    paths, drawn = ensure_drawn(specs, tmp_path, workers=1)
    assert drawn == 3
    before = {name: p.read_bytes() for name, p in paths.items()}
    _, drawn_again = ensure_drawn(specs, tmp_path, workers=1)
    assert drawn_again == 0
    changed = specs[:2] + [areas_spec("a2.svg", "Kommun 2", ["1. Ett"], [99], None, None, 100)]
    paths, drawn_changed = ensure_drawn(changed, tmp_path, workers=1)
    assert drawn_changed == 1
    assert paths["a0.svg"].read_bytes() == before["a0.svg"]
    assert paths["a2.svg"].read_bytes() != before["a2.svg"]


def test_parallel_drawing_gives_the_same_bytes(tmp_path):
    specs = [distribution_spec(f"d{i}.svg", f"version {i}", [i * 10.0, 400.0], 800, 50, "totalpoäng")
             for i in range(16)]
    serial, _ = ensure_drawn(specs, tmp_path / "serial", workers=1)
    parallel, drawn = ensure_drawn(specs, tmp_path / "parallel", workers=2)
    assert drawn == 16
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
    amal_2019 = next(p for p in specs[("municipality", "amal")].data["points"] if p[0] == 2019)
    drawing = sourcefacts.frameworks()["2016"]["drawing"]  # as data/frameworks/2016.yaml says
    assert amal_2019 == [2019, 453, {k: drawing[k] for k in ("label", "marker", "colour")}, "stated"]


def test_a_derived_total_is_marked_in_the_timeline():
    v2010 = Series("2010", "o", "#0072B2")
    spec = timeline_spec("t.svg", "Örebro", [(2010, 615, v2010, "derived"), (2013, 615, v2010, "stated")], 800)
    assert "2010: 615, härlett (version 2010); 2013: 615 (version 2010)" in spec.alt
    assert spec.caption.endswith("en ofylld symbol är ett härlett eller osäkert värde.")


def test_the_cache_keeps_only_the_charts_a_build_uses(tmp_path):
    specs = [areas_spec(f"a{i}.svg", f"Kommun {i}", ["1. Ett"], [i], None, None, 100) for i in range(3)]
    paths, _ = ensure_drawn(specs, tmp_path, workers=1)
    (tmp_path / "karta-abc.svg").write_text("<svg/>", encoding="utf-8")  # the map prunes its own files
    edited = specs[:2] + [areas_spec("a2.svg", "Kommun 2", ["1. Ett"], [42], None, None, 100)]
    new_paths, drawn = ensure_drawn(edited, tmp_path, workers=1)
    assert drawn == 1
    assert prune(tmp_path, set(new_paths.values())) == 1
    assert not paths["a2.svg"].exists() and new_paths["a2.svg"].exists()
    assert sorted(p.name for p in tmp_path.glob("*.svg")) == sorted(
        [p.name for p in new_paths.values()] + ["karta-abc.svg"])
