#!/usr/bin/env python3
"""Turns a JMH JSON result (run with -prof gc) into markdown tables and an SVG bar chart. No dependencies.

Usage: report.py results.json docs/benchmarks-chart.svg > tables.md
"""
import json
import sys

NAMES = {
    "FloorBenchmark.jcaVerify": "JCA floor (Signature.verify only)",
    "JaxrsOAuthBenchmark.jaxrsOAuthCacheOn": "jaxrs-oauth, cache on (reused token)",
    "JaxrsOAuthBenchmark.jaxrsOAuthCacheOff": "jaxrs-oauth, cache off (distinct tokens)",
    "JjwtBenchmark.jjwtVerifyWith": "jjwt 0.13 verifyWith",
    "JjwtBenchmark.jjwtKeyLocator": "jjwt 0.13 keyLocator",
    "NimbusBenchmark.nimbusProcessor": "Nimbus 10.10 DefaultJWTProcessor",
    "Jose4jBenchmark.jose4jJwtConsumer": "jose4j 0.9.6 JwtConsumer",
    "JavaJwtBenchmark.javaJwtVerifier": "Auth0 java-jwt 4.6.2 JWTVerifier",
    "SmallRyeBenchmark.smallRyeParser": "SmallRye JWT 4.6.2 DefaultJWTParser",
}
ORDER = list(NAMES)


def load(path):
    rows = {}
    for result in json.load(open(path)):
        short = ".".join(result["benchmark"].split(".")[-2:])
        alg = result.get("params", {}).get("alg", "-")
        metric = result["primaryMetric"]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(alg, short)] = (metric["score"], metric["scoreError"], alloc)
    return rows


def tables(rows):
    out = []
    for alg in ("RS256", "ES256", "EdDSA"):
        floor = rows.get((alg, "FloorBenchmark.jcaVerify"), (None,))[0]
        out.append(f"### {alg}\n")
        out.append("| verifier | µs/op | ± | × floor | bytes/op |")
        out.append("|---|---:|---:|---:|---:|")
        for short in ORDER:
            if (alg, short) not in rows:
                continue
            score, error, alloc = rows[(alg, short)]
            ratio = f"{score / floor:.2f}" if floor else "-"
            alloc_text = f"{alloc:,.0f}" if alloc is not None else "-"
            out.append(f"| {NAMES[short]} | {score:,.2f} | {error:,.2f} | {ratio} | {alloc_text} |")
        out.append("")
    return "\n".join(out)


def svg(rows, path):
    algs = ("RS256", "ES256", "EdDSA")
    colours = {"RS256": "#4e79a7", "ES256": "#f28e2b", "EdDSA": "#59a14f"}
    present = [s for s in ORDER if any((a, s) in rows for a in algs)]
    bar, gap, left, width = 9, 12, 300, 420
    import math
    top = max(v[0] for v in rows.values())
    scale = lambda v: width * math.log10(max(v, 0.1) / 0.1) / math.log10(top / 0.1)
    height = len(present) * (3 * bar + gap) + 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 120}" height="{height}" font-family="sans-serif" font-size="11">',
             f'<text x="10" y="16" font-size="13">Time per token validation, µs/op (log scale, lower is better)</text>']
    y = 30
    for short in present:
        parts.append(f'<text x="{left - 8}" y="{y + 2 * bar}" text-anchor="end">{NAMES[short]}</text>')
        for i, alg in enumerate(algs):
            if (alg, short) in rows:
                score = rows[(alg, short)][0]
                w = max(scale(score), 1)
                parts.append(f'<rect x="{left}" y="{y + i * bar}" width="{w:.1f}" height="{bar - 1}" fill="{colours[alg]}"/>')
                parts.append(f'<text x="{left + w + 4}" y="{y + i * bar + bar - 2}" font-size="9">{score:,.1f}</text>')
        y += 3 * bar + gap
    for i, alg in enumerate(algs):
        parts.append(f'<rect x="{left + i * 80}" y="{y + 5}" width="10" height="10" fill="{colours[alg]}"/>')
        parts.append(f'<text x="{left + i * 80 + 14}" y="{y + 14}">{alg}</text>')
    parts.append("</svg>")
    open(path, "w").write("\n".join(parts) + "\n")


if __name__ == "__main__":
    data = load(sys.argv[1])
    print(tables(data))
    if len(sys.argv) > 2:
        svg(data, sys.argv[2])
