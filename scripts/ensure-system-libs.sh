#!/usr/bin/env bash
# Make sure the Debian/Ubuntu libraries Qt needs are present.
#   scripts/ensure-system-libs.sh [--gui | --test]
# Installs them when run as root (as in CI); otherwise prints the apt line to run and fails.
# --gui adds the X11/xcb libraries a real window needs (not needed for tests or render).
# --test adds the rasterisers the figure tests draw SVG and PDF with (rsvg-convert from
# librsvg2-bin, pdftoppm/pdffonts/pdfinfo/pdftotext from poppler-utils); without root
# their absence is only reported: those tests then skip.
set -eu
libs=(libGL.so.1 libEGL.so.1 libglib-2.0.so.0 libfontconfig.so.1 libfreetype.so.6 libX11.so.6
      libxkbcommon.so.0 libdbus-1.so.3)
pkgs=(libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libx11-6 libxkbcommon0
      libdbus-1-3 fonts-dejavu-core)
if [[ ${1:-} == --gui ]]; then
  libs+=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-shape.so.0
         libxkbcommon-x11.so.0)
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0)
fi
missing=()
tools=()
if [[ ${1:-} == --test ]]; then
  command -v rsvg-convert >/dev/null || tools+=(librsvg2-bin)
  for t in pdftoppm pdffonts pdfinfo pdftotext; do
    command -v $t >/dev/null || { tools+=(poppler-utils); break; }
  done
fi
for lib in "${libs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
# Without a font every label silently becomes boxes.
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 \
   && ! (command -v fc-list >/dev/null && [[ -n "$(fc-list 2>/dev/null | head -n 1)" ]]); then
  missing+=(fonts)
fi
[[ ${#missing[@]} -eq 0 && ${#tools[@]} -eq 0 ]] && exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  [[ ${#missing[@]} -eq 0 ]] && pkgs=()
  echo "Installing the system packages linscope needs: ${pkgs[*]} ${tools[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${pkgs[@]}" "${tools[@]}"
  exit 0
fi
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "note: the SVG/PDF figure tests will skip without ${tools[*]}" \
       "(sudo apt-get install ${tools[*]})" >&2
  exit 0
fi
echo "linscope needs system libraries that are missing (${missing[*]}). Run:" >&2
echo "  sudo apt-get install ${pkgs[*]}" >&2
exit 1
