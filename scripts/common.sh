# Shared by scripts/run and scripts/test: install what is missing, configure, build.
# shellcheck shell=bash
set -euo pipefail

ICP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ICP_PACKAGES=(build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
    nlohmann-json3-dev qtkeychain-qt6-dev qt6-l10n-tools fonts-dejavu-core xvfb xauth)
# Only scripts/fuzz needs these (libFuzzer comes with Debian's clang runtime package).
ICP_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

icp_log() { printf '[icp] %s\n' "$*" >&2; }

# Installs only what dpkg does not already report as installed; silent when nothing is missing.
icp_ensure_packages() {
    local missing=() pkg
    for pkg in "${ICP_PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    icp_log "installing: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# icp_build PRESET [TARGET...]: configure (once) and build the targets (default: everything) of a CMake preset.
icp_build() {
    local preset="$1"
    shift
    cd "$ICP_ROOT"
    if [ ! -f "build/$preset/build.ninja" ]; then
        cmake --preset "$preset" >/dev/null
    fi
    local targets=()
    [ $# -gt 0 ] && targets=(--target "$@")
    cmake --build --preset "$preset" "${targets[@]}" -- -j"$(nproc)"
}
