"""The benchmark's markdown shows each size's figures, including its own peak memory."""

import json

from crosswalk.bench import RESULTS_DIR, render


def test_results_render_one_row_per_size_with_its_peak_memory():
    doc = json.loads((RESULTS_DIR / "results.json").read_text())
    markdown = render(doc)
    table = markdown.split("## Generated rosters", 1)[1].split("##", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("|") and "," in line]
    assert len(rows) == len(doc["sizes"])
    for size, row in zip(doc["sizes"], rows, strict=True):
        assert f"{size['people']:,}" in row
        assert row.rstrip(" |").endswith(str(size["peak_rss_mb"]))
    assert markdown == (RESULTS_DIR / "results.md").read_text()  # the committed file is current
