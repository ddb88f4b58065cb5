#!/usr/bin/env python3
"""Draws a Prometheus range query as an SVG line chart, from the live server's query_range API.

Headless Chromium cannot be relied on to capture Prometheus's own graph page (it queries "now" from a clock that
--virtual-time-budget moves, and without that flag it is captured before its data arrives), so e2e/screenshots.sh
draws the same query here and photographs the SVG.

    promgraph.py PROMETHEUS_URL TITLE LEGEND_LABELS QUERY [MINUTES] > graph.svg
"""
import html
import json
import sys
import time
import urllib.parse
import urllib.request

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
          "#17becf"]


def main():
    prometheus, title, labels, query = sys.argv[1:5]
    minutes = float(sys.argv[5]) if len(sys.argv) > 5 else 2
    end = time.time()
    params = urllib.parse.urlencode({"query": query, "start": end - minutes * 60, "end": end, "step": 2})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{params}", timeout=15) as response:
        result = json.load(response)["data"]["result"]
    print(f"promgraph: {len(result)} series for {query}", file=sys.stderr)
    series = []
    for item in result:
        points = [(float(t), float(v)) for t, v in item["values"] if v not in ("NaN", "+Inf", "-Inf")]
        if points:
            name = ", ".join(f'{k}="{item["metric"].get(k, "")}"' for k in labels.split(","))
            series.append((name, points))
    width, height, left, right, top, bottom = 1300, 560, 80, 20, 50, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    t0, t1 = end - minutes * 60, end
    vmax = max((v for _, pts in series for _, v in pts), default=1.0) or 1.0
    x = lambda t: left + (t - t0) / (t1 - t0) * plot_w
    y = lambda v: top + plot_h - v / vmax * plot_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 22 * len(series) + 20}" '
           f'font-family="sans-serif" font-size="13">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="28" font-size="17" font-weight="bold">{html.escape(title)}</text>',
           f'<text x="{left}" y="44" fill="#555">{html.escape(query)}</text>',
           f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    for i in range(5):
        v = vmax * i / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
    for i in range(int(minutes) + 1):
        t = t0 + i * 60
        label = time.strftime("%H:%M:%S", time.gmtime(t))
        anchor = "start" if i == 0 else ("end" if i == int(minutes) else "middle")
        out.append(f'<text x="{x(t):.1f}" y="{top + plot_h + 18}" text-anchor="{anchor}">{label} UTC</text>')
    for index, (name, points) in enumerate(series):
        color = COLORS[index % len(COLORS)]
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        ly = height + 20 * index + 10
        out.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{left + 18}" y="{ly}">{html.escape(name)}</text>')
    if not series:
        out.append(f'<text x="{left + 20}" y="{top + 30}">no data</text>')
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
