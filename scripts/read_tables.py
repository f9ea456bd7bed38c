"""Reads a qsweep sweep's tables with the readers users have, each with its default options, and prints what each
reader makes of the trial_id partition column: one tab-separated line per reader and table,

    reader  table  type  value_types  rows  ids

where type is the reader's own name for the column's type, value_types the Python types of the values it returns
(comma-separated) and ids the distinct values as text, sorted. Used by TableReadersTest.

    python scripts/read_tables.py <sweep directory> [<sweep directory> ...]
"""
import os
import sys

TABLES = ("trials", "episodes", "evals")


def line(reader, table, type_name, values):
    value_types = sorted({type(v).__name__ for v in values})
    ids = sorted({str(v) for v in values})
    print("\t".join([reader, table, type_name, ",".join(value_types), str(len(values)), ",".join(ids)]), flush=True)


def read_pyspark(root):
    from pyspark.sql import SparkSession
    # One session for all roots (getOrCreate), stopped at exit.
    spark = (SparkSession.builder.master("local[1]").appName("read_tables")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "512m").getOrCreate())
    for table in TABLES:
        frame = spark.read.parquet(os.path.join(root, table))
        values = [row[0] for row in frame.select("trial_id").collect()]
        line("pyspark", table, frame.schema["trial_id"].dataType.simpleString(), values)


def read_duckdb(root):
    import duckdb
    for table in TABLES:
        relation = duckdb.sql(f"SELECT trial_id FROM read_parquet('{os.path.join(root, table)}/*/*.parquet')")
        line("duckdb", table, str(relation.types[0]), [row[0] for row in relation.fetchall()])


def read_pandas(root):
    import pandas
    for table in TABLES:
        column = pandas.read_parquet(os.path.join(root, table))["trial_id"]
        type_name = str(column.dtype)
        if type_name == "category":
            type_name += "[" + str(column.cat.categories.dtype) + "]"
        line("pandas", table, type_name, column.tolist())


def read_polars(root):
    import polars
    for table in TABLES:
        column = polars.read_parquet(os.path.join(root, table)).get_column("trial_id")
        line("polars", table, str(column.dtype), column.to_list())


if __name__ == "__main__":
    for root in sys.argv[1:]:
        print("root\t" + root, flush=True)
        for read in (read_duckdb, read_pandas, read_polars, read_pyspark):
            read(root)
