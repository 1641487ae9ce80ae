#!/usr/bin/env python3
"""Buckets the allocation samples of a JFR recording by the component whose frame allocated them.

Usage: jfr print --json --stack-depth 64 --events jdk.ObjectAllocationSample rec.jfr > alloc.json; jfr_alloc.py alloc.json
Only the benchmark's worker thread is counted.
"""
import json
import sys

# the first frame from the top of the stack that matches decides
BUCKETS = [
    ("Readers and their 8 KiB decode buffers (jjwt reads each part through an InputStreamReader)", "sun.nio.cs.StreamDecoder"),
    ("Readers and their 8 KiB decode buffers (jjwt reads each part through an InputStreamReader)", "java.io.InputStreamReader"),
    ("jjwt JwtTokenizer", "io.jsonwebtoken.impl.JwtTokenizer"),
    ("base64 decoding", "io.jsonwebtoken.impl.io.Base64"),
    ("base64 decoding", "io.jsonwebtoken.io.Base64"),
    ("Jackson (header and claims JSON)", "com.fasterxml.jackson"),
    ("RSA arithmetic (JCA signature verification)", "java.math"),
    ("JCA signature verification", "sun.security"),
    ("JCA signature verification", "java.security"),
    ("jjwt header and claims maps, other jjwt", "io.jsonwebtoken"),
]


def bucket(frames):
    for frame in frames:
        name = frame["method"]["type"]["name"].replace("/", ".")
        for label, prefix in BUCKETS:
            if name.startswith(prefix):
                return label
    return "other"


events = [e for e in json.load(open(sys.argv[1]))["recording"]["events"]
          if "jmh-worker" in (e["values"].get("eventThread") or {}).get("javaName", "")]
totals = {}
for event in events:
    frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
    label = bucket(frames)
    totals[label] = totals.get(label, 0) + event["values"]["weight"]
grand = sum(totals.values())
print("| where | share of sampled bytes |")
print("|---|---:|")
for label, weight in sorted(totals.items(), key=lambda kv: -kv[1]):
    print(f"| {label} | {100 * weight / grand:.0f}% |")
