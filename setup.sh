#!/usr/bin/env bash
# Installs what Kit needs besides the .NET 10 SDK and Node.js, and only what is missing:
#   - Debian packages: chromium-headless-shell (the browser the harness drives; never a Playwright download),
#     firefox-esr and xvfb (the matrix's Firefox cells: Firefox driven over WebDriver BiDi, headed on a virtual
#     display because headless Firefox has no WebGL; KIT_SKIP_FIREFOX=1 leaves them out, and those cells are then
#     refused with a message), fonts-thai-tlwg (so Thai renders as Thai, not boxes), openssl (the signing cross-check);
#   - through harness/web/install.sh, the real Antom web SDK, @alipay/ams-checkout as pinned in harness/web/package-lock.json (npm ci), with
#     esbuild (the ES module build of the merchant page), @babel/preset-env and core-js (its polyfilled build) and
#     es-check (the static compatibility check).
# Both ./test.sh and the harness run it; it is safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

missing=()   # Kit cannot run without these
wanted=()    # faster, but Kit runs without them
if [ ! -x /usr/bin/chromium-headless-shell ]; then
  # The full browser works too (ChromiumLocator falls back to it), only slower; a machine that has it need not fail.
  if [ -x /usr/bin/chromium ]; then wanted+=(chromium-headless-shell); else missing+=(chromium-headless-shell); fi
fi
dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || missing+=(fonts-thai-tlwg)
if [ "${KIT_SKIP_FIREFOX:-}" != "1" ]; then
  [ -x /usr/bin/firefox-esr ] || [ -x /usr/bin/firefox ] || missing+=(firefox-esr)
  [ -x /usr/bin/Xvfb ] || missing+=(xvfb)
fi
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ $((${#missing[@]} + ${#wanted[@]})) -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: need root to install ${missing[*]} ${wanted[*]}; run: apt-get install ${missing[*]} ${wanted[*]}" >&2
      [ ${#missing[@]} -eq 0 ] || exit 1
    fi
  fi
fi
apt_install() {
  echo "setup: installing $* (apt-get)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
if [ ${#wanted[@]} -gt 0 ] && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
  apt_install "${wanted[@]}" || echo "setup: could not install ${wanted[*]}; the harness uses /usr/bin/chromium (about 1.7x slower per cell)" >&2
fi

# The pinned web SDK and the merchant page's builds (harness/web/install.sh; packing kit-harness runs it too).
bash harness/web/install.sh
