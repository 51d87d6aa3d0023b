"""A clean PostgreSQL database holding only the catalog, the way seed 001's
init.sql leaves it, before each measured warehouse run."""
import os
import subprocess

from measure import BenchError


def psql(url, *arguments):
    done = subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", *arguments],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise BenchError(f"psql failed: {done.stderr.strip()[-1500:]}")
    return done.stdout


def _csv_columns(path):
    with open(path) as stream:
        return stream.readline().strip()


def reset_catalog(url, repo, catalog_dir):
    """Drops every schema ecomflow writes and loads the catalog CSVs."""
    customers = os.path.join(catalog_dir, "customers.csv")
    products = os.path.join(catalog_dir, "products.csv")
    # The warehouse lives in schemas of its own: left over, the next run's
    # migrations would find (and backfill from) the previous run's facts.
    psql(url, "-c", "DROP SCHEMA IF EXISTS staging, production, warehouse CASCADE",
         "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public",
         "-f", os.path.join(repo, "sql", "postgres", "001_catalog.sql"),
         "-c", f"\\copy customers({_csv_columns(customers)}) FROM '{customers}' CSV HEADER",
         "-c", f"\\copy products({_csv_columns(products)}) FROM '{products}' CSV HEADER")
