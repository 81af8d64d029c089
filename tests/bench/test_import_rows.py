"""bench/import_rows.py: the generated file is a valid GDELT 1.0 file, and a small run
prints its figures (the full run is for measuring, not testing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import import_rows  # noqa: E402

from graphsvc.imports.formats import FORMATS  # noqa: E402
from graphsvc.imports.readers import parts  # noqa: E402
from graphsvc.imports.records import Imported, RowError, Skipped  # noqa: E402


def test_the_generated_rows_follow_the_gdelt1_layout(tmp_path: Path) -> None:
    file = tmp_path / "g.CSV"
    import_rows.generate(file, 2000)
    outcomes = [o for part in parts(file) for _, o in FORMATS["gdelt1"].rows(part)]
    assert len(outcomes) == 2000
    assert not [o for o in outcomes if isinstance(o, RowError)]
    skipped = sum(isinstance(o, Skipped) for o in outcomes)
    assert 0.05 * 2000 < skipped < 0.25 * 2000  # regions and groups, as real files have
    documents = {o.document for o in outcomes if isinstance(o, Imported)}
    assert len(documents) < 0.5 * 2000  # several events per SOURCEURL


def test_a_small_run_prints_rows_per_second_and_peak_rss(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "import_rows.py"), "--rows", "3000", "--no-pg",
         "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    assert "sqlite: 3,000 rows in" in out.stdout
    assert "rows/s" in out.stdout and "peak RSS" in out.stdout
    assert "re-import added 0" in out.stdout
