#!/usr/bin/env python3
"""Runs the Python suites the way CI does (Maven calls this in the `python` module's
integration-test phase): a virtual environment under python/target/venv with the pinned test
dependencies, this package installed into it with the given jar, then pytest twice: the classic
suite (which also executes the example notebook) and the Spark Connect suite, each in its own
process since one Python process holds either a classic SparkContext or a Connect client.

    python3 python/dev/run_tests.py --jar pipelines/target/pipelines_2.13-<v>-assembly.jar \
        [-- pytest args]
"""

import argparse
import hashlib
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv(path: Path) -> Path:
    python = path / "bin" / "python"
    requirements = HERE / "requirements-test.txt"
    stamp = path / ".requirements.sha256"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    if not python.exists():
        venv.create(path, with_pip=True)
    if not stamp.exists() or stamp.read_text() != digest:
        run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", requirements)
        stamp.write_text(digest)
    return python


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True, help="the library's assembly jar")
    parser.add_argument("--venv", default=str(HERE / "target" / "venv"))
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    if sys.version_info < (3, 10):
        sys.exit(f"the Python tests need Python 3.10+, this is {sys.version.split()[0]}")
    jar = Path(args.jar).resolve()
    if not jar.is_file():
        sys.exit(f"--jar {jar} is not a file: build it with `mvn -DskipTests install`")
    python = ensure_venv(Path(args.venv))
    env = dict(os.environ, BIRNN_SPARK_JAR=str(jar))
    run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-deps",
        "--force-reinstall",
        "--no-build-isolation",
        HERE,
        env=env,
    )
    # What a user gets from `pip install ./python` alone (its declared dependencies, at the test
    # suite's pinned versions): the README's quick start runs there (tests/classic/test_readme.py).
    plain = Path(args.venv).with_name("venv-plain")
    if not (plain / "bin" / "python").exists():
        venv.create(plain, with_pip=True)
    # The pins as constraints (pip takes no extras there), so the plain install resolves to
    # the same versions as the test environment and reuses what pip has cached.
    constraints = Path(args.venv).with_name("constraints.txt")
    pins = (HERE / "requirements-test.txt").read_text().splitlines()
    constraints.write_text("\n".join(re.sub(r"\[.*?\]", "", p) for p in pins) + "\n")
    pip = [plain / "bin" / "python", "-m", "pip", "--disable-pip-version-check"]
    run(*pip, "uninstall", "-q", "-y", "birnn-spark")
    run(*pip, "install", "-q", "-c", constraints, HERE, env=env)
    # The installed packages carry their own copy of the jar; the tests use that one.
    env.pop("BIRNN_SPARK_JAR")
    env["BIRNN_PLAIN_PYTHON"] = str(plain / "bin" / "python")
    env.setdefault("PYSPARK_PYTHON", str(python))
    # Style first (ruff's lint and format checks, configured in pyproject.toml): seconds.
    run(python, "-m", "ruff", "check", HERE)
    run(python, "-m", "ruff", "format", "--check", HERE)
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args]
    # From tests/ so that the checkout's birnn_spark folder does not shadow the installed one.
    for suite in ("classic", "connect"):
        run(*pytest, suite, cwd=HERE / "tests", env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
