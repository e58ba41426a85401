"""Build hook: puts the library's assembly jar inside the package.

The jar comes from, in order: ``BIRNN_SPARK_JAR``; the newest
``pipelines/target/pipelines_2.13-*-assembly.jar`` of this checkout; otherwise it is built here
with Maven (``mvn -DskipTests package`` of the pipelines module; JDK 17 and Maven needed).
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
JAR_NAME = "birnn-spark-assembly.jar"


def _built_jar():
    jars = sorted(
        (REPO / "pipelines" / "target").glob("pipelines_2.13-*-assembly.jar"),
        key=lambda p: p.stat().st_mtime,
    )
    return jars[-1] if jars else None


def find_or_build_jar() -> Path:
    if os.environ.get("BIRNN_SPARK_JAR"):
        jar = Path(os.environ["BIRNN_SPARK_JAR"])
        if not jar.is_file():
            raise SystemExit(f"BIRNN_SPARK_JAR={jar} is not a file")
        return jar
    jar = _built_jar()
    if jar is None:
        if not (REPO / "pom.xml").is_file():
            raise SystemExit("no assembly jar: set BIRNN_SPARK_JAR or build from a checkout")
        subprocess.run(
            ["mvn", "-B", "-q", "-DskipTests", "install", "-pl", "pipelines", "-am"],
            cwd=REPO,
            check=True,
        )
        jar = _built_jar()
        if jar is None:
            raise SystemExit("Maven ran but wrote no pipelines_2.13-*-assembly.jar")
    return jar


class BuildPyWithJar(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "birnn_spark" / "jars"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(find_or_build_jar(), target / JAR_NAME)


setup(cmdclass={"build_py": BuildPyWithJar})
