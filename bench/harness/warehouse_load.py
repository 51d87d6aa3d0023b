"""Warehouse load into PostgreSQL, in rows per second: filled in below."""


def run(tools):
    return {"table": "warehouse load: not measured yet"}
