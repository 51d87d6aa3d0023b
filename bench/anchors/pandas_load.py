#!/usr/bin/python3
"""pandas' side of the warehouse load benchmark: a DataFrame of fact rows
written into an existing PostgreSQL table with DataFrame.to_sql (SQLAlchemy
and psycopg2). Only to_sql is timed; reading the CSV is not.

    pandas_load.py POSTGRES_URL TABLE ROWS_CSV

Prints {"rows": N, "seconds": S}.
"""
import json
import sys
import time

import pandas as pd
import sqlalchemy


def main():
    url, table, rows_csv = sys.argv[1:4]
    frame = pd.read_csv(rows_csv, dtype={"revenue": str}, parse_dates=["event_time"])
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    started = time.perf_counter()
    frame.to_sql(table, engine, if_exists="append", index=False, chunksize=50_000)
    seconds = time.perf_counter() - started
    engine.dispose()
    print(json.dumps({"rows": len(frame), "seconds": round(seconds, 6)}))


if __name__ == "__main__":
    main()
