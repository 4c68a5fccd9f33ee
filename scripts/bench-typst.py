#!/usr/bin/env python3
"""Renders the table rows of the report benchmark with typst (PyPI `typst`), for comparison with our
printpdf renderer. Called by `cargo bench -p cockpit-report --bench report`; prints Markdown table rows.

Usage: bench-typst.py ROWS.json OUT.pdf   (ROWS.json is written by the bench: sections with tables)
Needs: pip install typst
"""
import json
import resource
import sys
import time


def esc(s: str) -> str:
    # Content inside [...]: escape typst's markup characters.
    out = []
    for ch in s:
        if ch in "\\[]#*_`$<>@=-+/~\"'":
            out.append("\\" + ch)
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
        parts.append("#pagebreak()\n= " + esc(s["title"]))
        for t in s["tables"]:
            total = sum(c["weight"] for c in t["columns"])
            cols = ", ".join(f'{c["weight"] / total:.4f}fr' for c in t["columns"])
            header = ", ".join("[*" + esc(c["title"]) + "*]" for c in t["columns"])
            cells = ",\n".join(", ".join("[" + esc(v) + "]" for v in row) for row in t["rows"])
            parts.append(
                f"#table(columns: ({cols},), table.header({header}),\n{cells}\n)"
            )
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
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type/Page")
    print(f"| typst {getattr(typst, '__version__', '')}: same rows, unsigned (one run) | {elapsed * 1000:.0f} ms, {peak:.0f} MiB peak, {len(pdf) / 1e6:.2f} MB | for comparison | – |")


if __name__ == "__main__":
    main()
