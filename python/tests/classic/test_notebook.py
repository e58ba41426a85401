"""The example notebook runs headless, every cell, in a fresh kernel of this Python."""

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = (
    Path(__file__).resolve().parents[3] / "examples" / "notebooks" / "text_classification.ipynb"
)


def test_example_notebook_runs(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # A failing cell raises CellExecutionError naming the cell and its traceback.
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "identical predictions" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # loss curve, confusion
