#!/usr/bin/env bash
# Renders the `vtcheck compare --format html` report of a synthetic 26-region export in headless
# Chromium and checks that the rendered page holds the expected content and that its screenshot is
# not blank.
#
# Chromium comes from the OS packages (Debian's `chromium`), installed with apt-get when missing
# and possible. When it cannot be installed the script says "skipped: chromium not available" and
# exits 0, so CI without a browser still passes.
#
# Usage: scripts/browser-test.sh [OUTPUT_DIR]   (default: target/browser-test)
# Leaves OUTPUT_DIR/vergelijking.html, vergelijking.png and dom.html for a human to look at.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir="${1:-target/browser-test}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

find_chromium() {
    for c in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

if ! chromium_bin="$(find_chromium)"; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "== installing chromium from the OS packages"
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
            chromium fonts-dejavu-core; } >"$out_dir/apt.log" 2>&1; then
            tail -n 5 "$out_dir/apt.log" || true
        fi
    fi
    if ! chromium_bin="$(find_chromium)"; then
        echo "skipped: chromium not available"
        exit 0
    fi
fi
echo "== browser: $("$chromium_bin" --version 2>/dev/null | head -n 1)"

command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not available (PNG check)"; exit 0; }

# The report: the test suite writes its synthetic 26-region export and renders it.
html="$out_dir/vergelijking.html"
rm -f "$html"
VTCHECK_COMPARE_HTML="$html" cargo test --quiet --test compare html_is_self_contained_and_complete \
    -- --exact >"$out_dir/cargo-test.log" 2>&1 || { cat "$out_dir/cargo-test.log"; exit 1; }
[ -s "$html" ] || { echo "FAILED: no HTML report written"; exit 1; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars
    --user-data-dir="$profile" --window-size=1400,2000)

png="$out_dir/vergelijking.png"
rm -f "$png"
timeout 120 "$chromium_bin" "${flags[@]}" --screenshot="$png" "file://$html" \
    >"$out_dir/chromium.log" 2>&1 || true
[ -s "$png" ] || { echo "FAILED: no screenshot"; tail -n 20 "$out_dir/chromium.log"; exit 1; }

dom="$out_dir/dom.html"
timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "file://$html" >"$dom" 2>>"$out_dir/chromium.log" || true
[ -s "$dom" ] || { echo "FAILED: no DOM dump"; tail -n 20 "$out_dir/chromium.log"; exit 1; }

python3 - "$dom" "$png" <<'PY'
import struct, sys, zlib

dom_path, png_path = sys.argv[1], sys.argv[2]
dom = open(dom_path, encoding="utf-8").read()
problems = []
for needle in [
    "Regiovergelijking Veilig Thuis",
    "Peildatum", "30-06-2027",
    "Meetperiode", "ontvangen 01-07-2023 t/m 31-12-2024",
    "handelingsprotocol-2019 versie 1",
    "Kernpunten", "Naleving per regio en regel",
    "norm ≥ 90 %", "norm ≥ 80 %", "referentie ≈ 18 mnd",
    "Trechterdiagram VT-T01", "Drenthe", "Zuid-Holland Zuid", "Flevoland",
    "Methode",
]:
    if needle not in dom:
        problems.append("missing in the rendered DOM: " + needle)
if dom.count("<svg") < 25:
    problems.append("too few SVG charts in the DOM: %d" % dom.count("<svg"))
if "<script" in dom:
    problems.append("the page holds a script")

# Decode the PNG with the standard library only (8-bit RGB or RGBA, non-interlaced).
data = open(png_path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    problems.append("screenshot is not a PNG")
else:
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        problems.append("unexpected PNG format: depth %d colour %d" % (depth, colour))
    else:
        raw = zlib.decompress(idat)
        stride = width * channels
        prev = bytearray(stride)
        lum_sum = lum_sq = n = 0
        colours = set()
        dark = 0
        for y in range(height):
            f = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                if f == 1:
                    line[i] = (line[i] + a) & 255
                elif f == 2:
                    line[i] = (line[i] + b) & 255
                elif f == 3:
                    line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            prev = line
            if y % 4 == 0:
                for x in range(0, width, 4):
                    r, g, bl = line[x * channels:x * channels + 3]
                    lum = (299 * r + 587 * g + 114 * bl) // 1000
                    lum_sum += lum
                    lum_sq += lum * lum
                    n += 1
                    if lum < 100:
                        dark += 1
                    colours.add((r >> 4, g >> 4, bl >> 4))
        mean = lum_sum / n
        variance = lum_sq / n - mean * mean
        print("screenshot %dx%d: mean luminance %.1f, variance %.1f, %d colour buckets, %.2f%% dark"
              % (width, height, mean, variance, len(colours), 100.0 * dark / n))
        if variance < 100:
            problems.append("screenshot looks blank (variance %.1f)" % variance)
        if len(colours) < 8:
            problems.append("screenshot has too few colours (%d)" % len(colours))
        if dark < n * 0.002:
            problems.append("screenshot has almost no dark pixels (no text?)")

if problems:
    for p in problems:
        print("FAILED: " + p)
    sys.exit(1)
print("browser test passed: DOM content and screenshot checked")
PY
echo "== report: $html"
echo "== screenshot: $png"
