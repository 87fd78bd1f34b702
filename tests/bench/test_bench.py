"""The benchmark's markdown shows every held-out comparison and each size's own peak memory."""

import json

from crosswalk_bench.bench import PROFILES, RESULTS_DIR, SCALES, render


def _table(markdown: str, heading: str) -> list[str]:
    table = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [line for line in table.splitlines() if line.startswith("|") and "," in line]


def test_results_render_every_held_out_row_and_each_sizes_peak_memory():
    doc = json.loads((RESULTS_DIR / "results.json").read_text())
    markdown = render(doc)
    held_out = _table(markdown, "Held out")
    assert len(held_out) == len(doc["sizes"]) * len(PROFILES) * len(SCALES)
    nightly = iter(_table(markdown, "Nightly runs"))
    for size in doc["sizes"]:
        tuned = {(h["tuned_on"], h["reported_on"]) for h in size["holdout"]}
        assert tuned == {("clerical", "admin"), ("admin", "clerical")}  # never scored where tuned
        for _, row in zip(size["nightly"], nightly, strict=False):
            assert f"{size['people']:,}" in row
            assert row.rstrip(" |").endswith(str(size["peak_rss_mb"]))
    assert markdown == (RESULTS_DIR / "results.md").read_text()  # the committed file is current
