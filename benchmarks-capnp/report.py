#!/usr/bin/env python3
"""Turns a JMH JSON result (-rf json) of this module into the Markdown tables of BENCHMARKS.md.

usage: report.py RESULT.json SIZES.txt   (SIZES.txt: output of io.capa.benchmarks.capnp.MessageSizes)
"""
import json
import sys

LIBS = ["capnp-wire", "capnproto-java", "protobuf"]


def load(path):
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].split(".")[-2:]
        key = (name[0], name[1], tuple(sorted(r.get("params", {}).items())))
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)
    return rows


def fmt(score, err):
    err = float(err)  # JMH writes "NaN" (a string) when there is a single iteration
    return f"{score:,.1f} ± {err:,.1f}" if err == err else f"{score:,.1f}"


def main():
    rows = load(sys.argv[1])
    sizes = dict(line.split() for line in open(sys.argv[2]) if line.strip())
    print("| message | operation | " + " | ".join(f"{l} µs/op" for l in LIBS)
          + " | " + " | ".join(f"{l} B/op" for l in LIBS) + " | wire / capnproto-java | protobuf / wire |")
    print("|---|---|" + "---:|" * (2 * len(LIBS) + 2))
    for message in ["carsales", "catrank", "eval"]:
        for op in ["buildSerialize", "readTraverse"]:
            got = {l: rows.get(("SerializationBenchmark", op, (("library", l), ("message", message))))
                   for l in LIBS}
            if any(v is None for v in got.values()):
                continue
            times = " | ".join(fmt(got[l][0], got[l][1]) for l in LIBS)
            allocs = " | ".join(f"{got[l][2]:,.0f}" if got[l][2] is not None else "n/a" for l in LIBS)
            ratio = got["capnp-wire"][0] / got["capnproto-java"][0]
            speedup = got["protobuf"][0] / got["capnp-wire"][0]
            print(f"| {message} | {op} | {times} | {allocs} | {ratio:.2f} | {speedup:.2f}x |")
    print()
    unpacked = int(sizes["packing.unpackedBytes"])
    print(f"Packing the car-sales message ({unpacked} bytes framed, {sizes['packing.packedBytes']} packed); "
          "MB/s = unpacked bytes / time (10^6 bytes).")
    print()
    print("| benchmark | µs/op | MB/s | B/op |")
    print("|---|---:|---:|---:|")
    for op in ["wirePack", "capnprotoJavaPack", "wireUnpack", "capnprotoJavaUnpack"]:
        r = rows.get(("PackingBenchmark", op, ()))
        if r:
            print(f"| {op} | {fmt(r[0], r[1])} | {unpacked / r[0]:,.0f} | {r[2]:,.0f} |" if r[2] is not None
                  else f"| {op} | {fmt(r[0], r[1])} | {unpacked / r[0]:,.0f} | n/a |")
    print()
    stream = int(sizes["framing.streamBytes"])
    print(f"Framing: {sizes['framing.messages']} framed car-sales messages, {stream} bytes, in chunks.")
    print()
    print("| benchmark | chunk bytes | µs/op | MB/s | B/op |")
    print("|---|---:|---:|---:|---:|")
    for op in ["pekkoDecoder", "blockingReader"]:
        for key, r in sorted((k, v) for k, v in rows.items() if k[0] == "FramingBenchmark" and k[1] == op):
            chunk = dict(key[2])["chunkBytes"]
            alloc = f"{r[2]:,.0f}" if r[2] is not None else "n/a"
            print(f"| {op} | {chunk} | {fmt(r[0], r[1])} | {stream / r[0]:,.0f} | {alloc} |")


if __name__ == "__main__":
    main()
