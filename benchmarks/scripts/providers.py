#!/usr/bin/env python3
"""Turns ProviderBenchmark and DpopBenchmark JMH results (one JSON per JDK, run with -prof gc) into markdown tables
and an SVG chart: time per token for each crypto provider beside the JDK's. No dependencies. When the results hold
the peers run with -p provider=... (JvmProvider), a table of every library per provider too.

Usage: providers.py docs/benchmarks-providers.svg LABEL=results.json [LABEL=results.json ...] > tables.md
"""
import json
import math
import sys

PROVIDERS = ["jdk", "bc", "accp", "conscrypt"]
NAMES = {"jdk": "JDK (default)", "bc": "BouncyCastle", "accp": "ACCP (AWS-LC)", "conscrypt": "Conscrypt (BoringSSL)"}
COLOURS = {"jdk": "#888888", "bc": "#d9822b", "accp": "#2b7bd9", "conscrypt": "#3aa655"}


def load(path):
    rows = {}
    for result in json.load(open(path)):
        short = ".".join(result["benchmark"].split(".")[-2:])
        params = result.get("params", {})
        metric = result["primaryMetric"]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        key = (short, params.get("provider"), params.get("alg") or params.get("proofAlg"))
        rows[key] = (metric["score"], metric["scoreError"], alloc)
    return rows


def cell(value):
    if value is None:
        return "n/a"
    score, error, _ = value
    return f"{score:,.2f} ± {error:,.2f}" if score >= 1 else f"{score:.3f} ± {error:.3f}"


def ratio(a, b):
    return "n/a" if a is None or b is None else f"{a[0] / b[0]:.2f}"


def alloc(value):
    return "n/a" if value is None or value[2] is None else f"{value[2]:,.0f}"


def tables(label, rows):
    out = [f"### {label}", ""]
    out.append("| alg | provider | ours, cache off (µs) | floor, same provider (µs) | ours ÷ its floor | ours ÷ JDK floor | ours, cache on (µs) | cache off bytes/op |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for alg in ["RS256", "ES256", "EdDSA"]:
        jdk_floor = rows.get(("ProviderBenchmark.floor", "jdk", alg))
        for provider in PROVIDERS:
            off = rows.get(("ProviderBenchmark.oursCacheOff", provider, alg))
            if off is None:
                continue
            floor = rows.get(("ProviderBenchmark.floor", provider, alg))
            on = rows.get(("ProviderBenchmark.oursCacheOn", provider, alg))
            out.append(f"| {alg} | {NAMES[provider]} | {cell(off)} | {cell(floor)} | {ratio(off, floor)} | {ratio(off, jdk_floor)} | {cell(on)} | {alloc(off)} |")
    out.append("")
    dpop = [(p, a) for (name, p, a) in rows if name == "DpopBenchmark.dpopCacheOn"]
    if dpop:
        out.append("| proof | provider | bearer, cached (µs) | DPoP request, cached token (µs) | proof floor (µs) | DPoP ÷ JDK's DPoP | DPoP bytes/op |")
        out.append("|---|---|---:|---:|---:|---:|---:|")
        for alg in ["ES256", "EdDSA"]:
            jdk = rows.get(("DpopBenchmark.dpopCacheOn", "jdk", alg))
            for provider in PROVIDERS:
                request = rows.get(("DpopBenchmark.dpopCacheOn", provider, alg))
                if request is None:
                    continue
                bearer = rows.get(("DpopBenchmark.bearerCacheOn", provider, alg))
                floor = rows.get(("DpopBenchmark.proofSignatureFloor", provider, alg))
                out.append(f"| {alg} | {NAMES[provider]} | {cell(bearer)} | {cell(request)} | {cell(floor)} | {ratio(request, jdk)} | {alloc(request)} |")
        out.append("")
    peers = [("ProviderBenchmark.oursCacheOff", "jaxrs-oauth, cache off"), ("JjwtBenchmark.jjwtVerifyWith", "jjwt (verifyWith)"),
             ("JjwtBenchmark.jjwtKeyLocator", "jjwt (keyLocator)"), ("NimbusBenchmark.nimbusProcessor", "Nimbus"),
             ("Jose4jBenchmark.jose4jJwtConsumer", "jose4j"), ("JavaJwtBenchmark.javaJwtVerifier", "java-jwt"),
             ("SmallRyeBenchmark.smallRyeParser", "SmallRye JWT"), ("ProviderBenchmark.floor", "floor (the signature alone)")]
    if any(name == "NimbusBenchmark.nimbusProcessor" and p != "jdk" for (name, p, a) in rows):
        out.append("Every library per provider, µs per token (distinct tokens, no cache); the last column is ours ÷ jjwt's")
        out.append("`verifyWith` with that provider:")
        out.append("")
        out.append("| alg | library | " + " | ".join(NAMES[p] for p in PROVIDERS) + " |")
        out.append("|---|---|" + "---:|" * len(PROVIDERS))
        for alg in ["RS256", "ES256", "EdDSA"]:
            for name, title in peers:
                values = [rows.get((name, p, alg)) for p in PROVIDERS]
                if any(values):
                    out.append(f"| {alg} | {title} | " + " | ".join(cell(v) for v in values) + " |")
            ours = [ratio(rows.get(("ProviderBenchmark.oursCacheOff", p, alg)), rows.get(("JjwtBenchmark.jjwtVerifyWith", p, alg))) for p in PROVIDERS]
            out.append(f"| {alg} | ours ÷ jjwt | " + " | ".join(ours) + " |")
        out.append("")
    return out


def chart(path, runs):
    """Grouped bars, log scale: ours without the cache, per alg (and the DPoP request), one bar per provider and JDK."""
    groups = []
    for label, rows in runs:
        for alg in ["RS256", "ES256", "EdDSA"]:
            groups.append((f"{label} {alg}", [rows.get(("ProviderBenchmark.oursCacheOff", p, alg)) for p in PROVIDERS]))
        for alg in ["ES256", "EdDSA"]:
            values = [rows.get(("DpopBenchmark.dpopCacheOn", p, alg)) for p in PROVIDERS]
            if any(values):
                groups.append((f"{label} DPoP {alg}", values))
    width, bar, gap, left, top, height = 900, 14, 26, 170, 30, 0
    height = top + len(groups) * (len(PROVIDERS) * bar + gap) + 40
    lo, hi = 1, 2000
    scale = lambda v: left + (width - left - 60) * (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="18" font-size="13">µs per token, log scale (shorter is faster): ours without the cache, and a DPoP request</text>']
    for tick in [1, 10, 100, 1000]:
        x = scale(tick)
        svg.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 30}" stroke="#ddd"/>')
        svg.append(f'<text x="{x:.1f}" y="{height - 16}" text-anchor="middle">{tick}</text>')
    y = top
    for name, values in groups:
        svg.append(f'<text x="{left - 8}" y="{y + len(PROVIDERS) * bar / 2 + 4:.1f}" text-anchor="end">{name}</text>')
        for provider, value in zip(PROVIDERS, values):
            if value is not None:
                x = scale(value[0])
                svg.append(f'<rect x="{left}" y="{y}" width="{x - left:.1f}" height="{bar - 2}" fill="{COLOURS[provider]}"/>')
                svg.append(f'<text x="{x + 4:.1f}" y="{y + bar - 4}">{value[0]:,.1f}</text>')
            y += bar
        y += gap
    for i, provider in enumerate(PROVIDERS):
        svg.append(f'<rect x="{left + i * 170}" y="{height - 12}" width="10" height="10" fill="{COLOURS[provider]}"/>')
        svg.append(f'<text x="{left + i * 170 + 14}" y="{height - 3}">{NAMES[provider]}</text>')
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    svg = sys.argv[1]
    runs = []
    for arg in sys.argv[2:]:
        label, path = arg.split("=", 1)
        runs.append((label, load(path)))
    for label, rows in runs:
        print("\n".join(tables(label, rows)))
    chart(svg, runs)


if __name__ == "__main__":
    main()
