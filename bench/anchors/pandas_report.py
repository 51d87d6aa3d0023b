#!/usr/bin/python3
"""Seed 001's sales report the way the seed prescribes it, in pandas.

Walks the nested archives with zipfile, parses every part file with json,
builds one DataFrame of the events, keeps the purchases, merges them with
the products and customers read from the SQLite catalog with pd.read_sql,
and aggregates sum/sum/nunique per category and customer segment.
Revenue is summed in integer cents so it is exact to the cent.

    pandas_report.py EVENTS_DIR CATALOG_DB OUT_CSV

Prints one JSON line: events read and seconds per phase.
"""
import glob
import io
import json
import os
import sqlite3
import sys
import time
import zipfile

import pandas as pd


def read_events(events_dir):
    """Every event of every part file of every archive, as one DataFrame."""
    records = []
    for path in sorted(glob.glob(os.path.join(events_dir, "*.zip"))):
        with zipfile.ZipFile(path) as week:
            for day_name in week.namelist():
                with zipfile.ZipFile(io.BytesIO(week.read(day_name))) as day:
                    for part_name in day.namelist():
                        records.extend(json.loads(day.read(part_name)))
    return pd.DataFrame.from_records(records)


def read_catalog(database):
    """Products (with price in cents) and customers from the catalog."""
    with sqlite3.connect(database) as connection:
        products = pd.read_sql("SELECT product_id, category, price FROM products", connection)
        customers = pd.read_sql("SELECT customer_id, segment AS customer_segment FROM customers", connection)
    # NUMERIC(10,2) comes back as float or text; cents make the sums exact.
    products["price_cents"] = (pd.to_numeric(products["price"]) * 100).round().astype("int64")
    return products.drop(columns="price"), customers


def sales_report(events, products, customers):
    purchases = events[events["event_type"] == "purchase"].copy()
    purchases["quantity"] = purchases["quantity"].astype("int64")
    enriched = purchases.merge(products, on="product_id").merge(customers, on="customer_id")
    enriched["revenue_cents"] = enriched["quantity"] * enriched["price_cents"]
    report = (
        enriched.groupby(["category", "customer_segment"])
        .agg(
            total_revenue=("revenue_cents", "sum"),
            units_sold=("quantity", "sum"),
            unique_customers=("customer_id", "nunique"),
        )
        .reset_index()
        .sort_values(["total_revenue", "category", "customer_segment"], ascending=[False, True, True])
    )
    report["total_revenue"] = report["total_revenue"].map(lambda cents: f"{cents // 100}.{cents % 100:02d}")
    return report


def main():
    events_dir, database, out_csv = sys.argv[1:4]
    started = time.perf_counter()
    events = read_events(events_dir)
    read_done = time.perf_counter()
    products, customers = read_catalog(database)
    report = sales_report(events, products, customers)
    report.to_csv(out_csv, index=False)
    finished = time.perf_counter()
    print(json.dumps({"events": len(events), "read_seconds": round(read_done - started, 3),
                      "transform_seconds": round(finished - read_done, 3)}))


if __name__ == "__main__":
    main()
