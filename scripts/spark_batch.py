"""The application file for ``spark-submit``: runs the ``newsledger`` command line under it.

    spark-submit --master yarn ... scripts/spark_batch.py batch --out /shared/day1 /shared/crawl/

spark-submit needs a Python file to start; this one hands its arguments to ``newsledger``, whose
``batch`` uses the SparkContext settings spark-submit gave (master, executors, archives).
See the README's "A cluster" section.
"""

from newsledger.cli import main

if __name__ == "__main__":
    main()
