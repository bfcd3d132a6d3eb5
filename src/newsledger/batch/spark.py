"""Run a batch's partitions on Spark (PySpark, RDD API): the only module that imports pyspark.

:func:`spark_context` starts (or reuses) a SparkContext: ``--master`` when given, else the
master a ``spark-submit`` set, else ``local[*]``. For a local master it runs Python workers with
this interpreter, binds to 127.0.0.1 and gives the driver JVM :data:`DRIVER_MEMORY` (the JVM
only schedules; extraction happens in the Python workers). :func:`run_tasks` sends one task per
partition, the largest first, and collects the small :class:`~newsledger.batch.work.PartResult`
of each.
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Sequence
from importlib import resources
from typing import Any

from newsledger.batch.work import PartResult, PartTask, run_parts
from newsledger.errors import BatchError

DRIVER_MEMORY = "1g"
APP_NAME = "newsledger batch"
_INSTALL_HINT = "Install the extra: pip install -c constraints.txt 'newsledger[spark]' (see README)."


def java_missing() -> str | None:
    """Why Spark cannot start here (no Java runtime), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return None
    if shutil.which("java"):
        return None
    return "no Java runtime (java is not on PATH and JAVA_HOME is not set)"


def spark_context(master: str | None = None) -> Any:
    """The active SparkContext, or a new one (see the module docstring)."""
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError as exc:
        raise BatchError(f"PySpark is not installed ({exc})", hint=_INSTALL_HINT) from exc
    active = SparkContext._active_spark_context
    if active is not None:
        return active
    missing = java_missing()
    if missing:
        raise BatchError(
            f"Spark cannot start: {missing}",
            hint="Install a Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless).",
        )
    conf = SparkConf()  # spark-submit's settings, when it started this process
    if master:
        conf.setMaster(master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    conf.setIfMissing("spark.app.name", APP_NAME)
    conf.setIfMissing("spark.driver.memory", DRIVER_MEMORY)
    conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    if str(conf.get("spark.master")).startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.setIfMissing("spark.driver.host", "127.0.0.1")
        conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1")
        conf.setIfMissing("spark.ui.enabled", "false")
        # PySpark starts its Python workers with $PYSPARK_PYTHON (else "python3" from PATH):
        # locally, this interpreter, whose environment has newsledger and the model
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    log4j = resources.files("newsledger.batch") / "log4j2.properties"
    conf.setIfMissing("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark's own notices (its pandas version check)
        try:
            sc = SparkContext.getOrCreate(conf)
        except Exception as exc:  # the JVM did not start: py4j says why
            raise BatchError(f"Spark did not start: {_first_line(exc)}") from exc
    sc.setLogLevel("ERROR")
    return sc


def run_tasks(tasks: Sequence[PartTask], master: str | None = None) -> list[PartResult]:
    """Each task in a partition of its own, the largest first; results in ``seq`` order."""
    sc = spark_context(master)
    order = sorted(tasks, key=lambda t: (-t.size, t.seq))
    try:
        results: list[PartResult] = sc.parallelize(order, len(order)).mapPartitions(run_parts).collect()
    except Exception as exc:
        raise BatchError(
            f"the Spark job failed: {_first_line(exc)}",
            hint="Bad input never fails a job: this is an executor or environment problem "
            "(see the executors' logs). The output directory is incomplete: delete it before running again.",
        ) from exc
    return sorted(results, key=lambda r: r.seq)


def stop_if_ours(started_here: bool) -> None:
    """Stop the SparkContext when this call started it (a caller's own context stays up)."""
    if started_here:
        from pyspark import SparkContext

        active = SparkContext._active_spark_context
        if active is not None:
            active.stop()


def context_active() -> bool:
    try:
        from pyspark import SparkContext
    except ImportError:
        return False
    return SparkContext._active_spark_context is not None


def _first_line(exc: BaseException) -> str:
    """The telling line of a py4j/Spark error (its Python or Java exception), else the first."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    for line in reversed(lines):
        if line.split(":")[0].endswith(("Error", "Exception")):
            return line
    return lines[0] if lines else type(exc).__name__
