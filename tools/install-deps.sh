#!/bin/bash
# Installs the Debian packages tierd needs to build, test and demo, if any are missing.
# Every dependency and why it is there is listed in docs/dependencies.md.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config clang-format clang libclang-rt-14-dev
    libpqxx-dev libyaml-cpp-dev libboost-dev libboost-program-options-dev
    libspdlog-dev libfmt-dev nlohmann-json3-dev libssl-dev libgtest-dev libsystemd-dev
    postgresql-15 postgresql-client-15
    tryton-server tryton-modules-account-invoice tryton-modules-account-credit-limit
    tryton-modules-sale-price-list
    tryton-proteus python3-psycopg2
    help2man lintian
    chromium
)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# Debian starts a cluster and a Tryton server of its own on install; tierd's tests and
# demo run their own throwaway cluster and need neither.
