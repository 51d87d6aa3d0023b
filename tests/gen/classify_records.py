#!/usr/bin/env python3
"""Reads generated event files the way the event contract describes and
counts every outcome: an independent check of ecomflow generate's output.

usage: classify_records.py DIR CUSTOMERS PRODUCTS [MANIFEST]
Prints `key value` lines: records_read, valid, quarantined.<reason>,
duplicates, unreadable.<path> (reason), parts_per_day.<day archive>,
non_array_files, and with MANIFEST its fields flattened as manifest.<key>."""
import io
import json
import os
import sys
import zipfile
from datetime import datetime

TYPES = {"page_view", "view_product", "add_to_cart", "remove_from_cart", "purchase"}


def classify(record, customers, products):
    if not isinstance(record, dict):
        return "not_an_object"
    for field in ("timestamp", "customer_id", "event_type"):
        if field not in record:
            return "missing_field"
    timestamp = record["timestamp"]
    try:
        if not isinstance(timestamp, str):
            raise ValueError
        datetime.fromisoformat(timestamp)
    except ValueError:
        return "bad_timestamp"
    if record["event_type"] not in TYPES:
        return "unknown_event_type"
    if record["event_type"] != "page_view" and "product_id" not in record:
        return "missing_field"
    if record["customer_id"] not in customers:
        return "unknown_customer"
    if "product_id" in record and record["product_id"] not in products:
        return "unknown_product"
    if record["event_type"] == "purchase":
        quantity = record.get("quantity")
        if type(quantity) is not int or not 1 <= quantity <= 10000:
            return "bad_quantity"
    return None


class Counter:
    def __init__(self, customers, products):
        self.customers = {"c%03d" % n for n in range(1, customers + 1)}
        self.products = {"p%03d" % n for n in range(1, products + 1)}
        self.read = 0
        self.valid = 0
        self.duplicates = 0
        self.reasons = {}
        self.unreadable = {}
        self.seen = set()
        self.parts_per_day = {}
        self.non_array_files = 0

    def records(self, records):
        for record in records:
            self.read += 1
            reason = classify(record, self.customers, self.products)
            if reason:
                self.reasons[reason] = self.reasons.get(reason, 0) + 1
                continue
            key = record.get("event_id") or json.dumps(record, sort_keys=True)
            if key in self.seen:
                self.duplicates += 1
            else:
                self.seen.add(key)
                self.valid += 1

    def leaf(self, path, data):
        try:
            text = data.decode("utf-8")
            if path.endswith(".ndjson"):
                records = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                records = json.loads(text)
                if not isinstance(records, list):
                    self.non_array_files += 1
                    records = [records]
        except ValueError:
            self.unreadable[path] = "malformed_json"
            return
        self.records(records)

    def archive(self, path, data):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
        except zipfile.BadZipFile:
            self.unreadable[path] = "corrupt_archive"
            return
        parts = 0
        for info in archive.infolist():
            inner = path + "!" + info.filename
            if info.compress_type != zipfile.ZIP_DEFLATED:
                raise SystemExit("entry not deflated: " + inner)
            content = archive.read(info)
            if info.filename.endswith(".zip"):
                self.archive(inner, content)
            else:
                parts += 1
                self.leaf(inner, content)
        if parts:
            self.parts_per_day[path] = parts


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for key in sorted(value):
            flatten(prefix + "." + key if prefix else key, value[key], out)
    else:
        out.append("%s %s" % (prefix, json.dumps(value)))


def main():
    directory, customers, products = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    counter = Counter(customers, products)
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as file:
            data = file.read()
        if name.endswith(".zip"):
            counter.archive(name, data)
        elif name.endswith(".ndjson"):
            counter.leaf(name, data)
    lines = []
    flatten("", {"records_read": counter.read, "valid": counter.valid, "duplicates": counter.duplicates,
                 "quarantined": counter.reasons, "unreadable": counter.unreadable,
                 "parts_per_day": counter.parts_per_day, "non_array_files": counter.non_array_files}, lines)
    if len(sys.argv) > 4:
        with open(sys.argv[4]) as file:
            flatten("manifest", json.load(file), lines)
    print("\n".join(lines))


main()
