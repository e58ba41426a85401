"""The README's Python quick start runs as written, in a fresh Python process of an environment
that has only what `pip install ./python` installs (dev/run_tests.py makes it and names it in
BIRNN_PLAIN_PYTHON; this Python otherwise)."""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_quick_start_runs(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    quick = [b for b in blocks if b.startswith("# quick start")]
    assert len(quick) == 1, "README has no '# quick start' Python block"
    script = tmp_path / "quick_start.py"
    script.write_text(quick[0])
    done = subprocess.run(
        [os.environ.get("BIRNN_PLAIN_PYTHON", sys.executable), str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # The objective history printed last: five epochs of rounds, each loss a finite float.
    losses = [float(v) for v in done.stdout.strip().splitlines()[-1].strip("[]").split(",")]
    assert len(losses) >= 5 and all(0 < v < 10 for v in losses)
    assert "great lovely film" in done.stdout
