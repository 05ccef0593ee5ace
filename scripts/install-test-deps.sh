#!/usr/bin/env bash
# Installs the Debian packages the tests drive (real editors, Prometheus, a browser), only those missing.
# `pnpm test` runs it first, so the README's test command works on a fresh machine as written.
set -euo pipefail

# command or package → Debian package
declare -A want=(
  [tmux]=tmux                 # the TUI e2e (send-keys, capture-pane)
  [nvim]=neovim               # Neovim 0.7 as an LSP client
  [emacs]=emacs-nox           # Emacs with eglot as an LSP client
  [prometheus]=prometheus     # a real Prometheus scraping `serve`; promtool tests the alert rules
  [chromium]=chromium         # code-server driven by playwright-core
  [openssl]=openssl
  [g++]=g++                   # code-server's native module (node-gyp)
  [make]=make
  [python3]=python3
)
# packages that install no command of their own
pkgs=(elpa-eglot elpa-yaml-mode libkrb5-dev)

need=()
for cmd in "${!want[@]}"; do command -v "$cmd" >/dev/null 2>&1 || need+=("${want[$cmd]}"); done
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "the tests need these Debian packages: ${need[*]} (run as root, or install them first)" >&2
    exit 1
  fi
else sudo=(); fi
echo "installing test dependencies: ${need[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
