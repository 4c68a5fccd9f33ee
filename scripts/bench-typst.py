#!/usr/bin/env python3
"""Renders the table rows of the report benchmark with typst (PyPI `typst`), for comparison with our
renderer (landscape sections in landscape at 7 pt, as ours). Called by `cargo bench -p cockpit-report --bench report`; prints Markdown table rows.

Usage: bench-typst.py ROWS.json OUT.pdf   (ROWS.json is written by the bench: sections with tables)
Needs: pip install typst
"""
import json
import re
import resource
import sys
import time


def esc(s: str) -> str:
    # Content inside [...]: escape typst's markup characters; a line break in a cell stays one.
    out = []
    for ch in s:
        if ch in "\\[]#*_`$<>@=-+/~\"'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(" \\ ")
        else:
            out.append(ch)
    return "".join(out)


def source(sections) -> str:
    parts = [
        '#set page(paper: "a4", margin: (x: 50pt, top: 62pt, bottom: 58pt), '
        'header: [Record of processing activities], footer: context [Page #counter(page).display() of #counter(page).final().first()])',
        '#set text(font: "DejaVu Sans", size: 8pt)',
        "#outline()",
    ]
    for s in sections:
        body = ["= " + esc(s["title"])]
        for t in s["tables"]:
            total = sum(c["weight"] for c in t["columns"])
            cols = ", ".join(f'{c["weight"] / total:.4f}fr' for c in t["columns"])
            header = ", ".join("[*" + esc(c["title"]) + "*]" for c in t["columns"])
            cells = ",\n".join(", ".join("[" + esc(v) + "]" for v in row) for row in t["rows"])
            body.append(
                f"#table(columns: ({cols},), table.header({header}),\n{cells}\n)"
            )
        if s.get("landscape"):
            # The wide tables of the compact record: landscape, 7 pt, narrower margins, as ours.
            parts.append(
                "#page(flipped: true, margin: (x: 36pt, top: 54pt, bottom: 48pt))[#set text(size: 7pt)\n"
                + "\n\n".join(body) + "\n]"
            )
        else:
            parts.append("#page[\n" + "\n\n".join(body) + "\n]")
    return "\n\n".join(parts)


def main() -> None:
    rows_path, out_path = sys.argv[1], sys.argv[2]
    with open(rows_path, encoding="utf-8") as f:
        sections = json.load(f)
    try:
        import typst
    except ImportError:
        sys.exit("typst is not installed: pip install typst")
    fonts = "/usr/share/fonts/truetype/dejavu"
    src_path = out_path + ".typ"
    t0 = time.perf_counter()
    src = source(sections)
    with open(src_path, "w", encoding="utf-8") as f:
        f.write(src)
    pdf = typst.compile(src_path, font_paths=[fonts])
    elapsed = time.perf_counter() - t0
    with open(out_path, "wb") as f:
        f.write(pdf)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    print(f"| typst {getattr(typst, '__version__', '')}: same rows, unsigned (one run) | {elapsed * 1000:.0f} ms, {peak:.0f} MiB peak, {len(pdf) / 1e6:.2f} MB, {pages} pages | for comparison | – |")


if __name__ == "__main__":
    main()
