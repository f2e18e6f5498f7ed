#!/usr/bin/env bash
# scripts/setup.sh — install what the end-to-end tests need (npm run setup).
#
# Idempotent; a second run only checks the install and takes well under 2 s.
#
#   * Debian packages (apt-get, only the missing ones): chromium (driven headless by
#     playwright-core), ripgrep (VS Code's search), neovim, pandoc, and the build tools +
#     headers code-server's native modules are compiled with.
#   * npm packages, into a private prefix (NOT the project's node_modules, and not in
#     package.json: code-server alone is ~280 MB):
#       code-server@4.100.3  genuine VS Code 1.100.3 (web workbench + Node extension host);
#                            the last release line that runs on Node 20
#       playwright-core@1.65.1
#       @vscode/vsce@3.9.2   (.vsix packaging; 4.x needs Node 22)
#
# Prefix: $GROUNDWORK_E2E_PREFIX, else /opt/groundwork-e2e when /opt is writable, else
# ~/.cache/groundwork-e2e. test/e2e/run.mjs looks in the same places.
# Knobs: SKIP_APT=1 (packages are there already), APT_UPDATE=0 (no apt-get update).
#
# Offline workarounds (the machine reaches only the npm registry and Debian):
#   - code-server's postinstall refuses root           -> npm_config_unsafe_perm=true
#   - node-pty's postinstall runs `npx node-gyp`, and ~/.npmrc may say yes=false
#                                                      -> npm_config_yes=true
#   - node-gyp would download Node headers             -> npm_config_nodedir=<node prefix>
#   - @vscode/ripgrep's postinstall downloads rg from GitHub -> its download cache is
#     seeded with Debian's /usr/bin/rg (versions read from code-server's shrinkwrap)
#   - `code-server --version` writes ~/.config         -> throwaway XDG_CONFIG_HOME
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
VSCE_VERSION=3.9.2

if [ -n "${GROUNDWORK_E2E_PREFIX:-}" ]; then
  PREFIX="$GROUNDWORK_E2E_PREFIX"
elif [ -d /opt/groundwork-e2e ] || [ -w /opt ]; then
  PREFIX=/opt/groundwork-e2e
else
  PREFIX="$HOME/.cache/groundwork-e2e"
fi

log() { printf '[setup %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
t0=$SECONDS

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  log "WARNING: code-server $CODE_SERVER_VERSION wants Node 20, found $(node -v); its postinstall may refuse to run"
fi

# ------------------------------------------------------------------ apt
APT_PKGS=(build-essential python3 pkg-config git
          libkrb5-dev libxkbfile-dev libx11-dev libsecret-1-dev
          ripgrep chromium neovim pandoc fonts-dejavu-core)
if [ "${SKIP_APT:-0}" != 1 ]; then
  missing=()
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${APT_PKGS[@]}" 2>/dev/null || true)
  for p in "${APT_PKGS[@]}"; do
    grep -q "^$p install ok installed" <<<"$installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { log "need root (or sudo) to apt-get install ${missing[*]}"; exit 1; }
      SUDO=sudo
    fi
    if [ "${APT_UPDATE:-1}" = 1 ]; then
      log "apt-get update"
      $SUDO apt-get update -qq
    fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
t_apt=$((SECONDS - t0))

# ------------------------------------------------------------------ npm
CS_DIR="$PREFIX/node_modules/code-server"
RG_BIN="$CS_DIR/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
STAMP="$PREFIX/.groundwork-e2e-installed"
WANT="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION @vscode/vsce@$VSCE_VERSION node-$node_major"

installed_ok() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] || return 1
  [ -f "$CS_DIR/out/node/entry.js" ] || return 1
  [ -e "$RG_BIN" ] || return 1
  [ -d "$CS_DIR/lib/vscode/node_modules/node-pty/build/Release" ] || return 1
  [ -f "$PREFIX/node_modules/playwright-core/package.json" ] || return 1
  [ -f "$PREFIX/node_modules/@vscode/vsce/package.json" ] || return 1
}

if installed_ok; then
  log "e2e tools already installed in $PREFIX"
else
  log "installing $WANT into $PREFIX"
  mkdir -p "$PREFIX"
  rm -f "$STAMP"
  cd "$PREFIX"
  [ -f package.json ] || printf '{\n  "name": "groundwork-e2e-tools",\n  "private": true\n}\n' > package.json

  NODE_PREFIX=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ -f "$NODE_PREFIX/include/node/node_api.h" ]; then
    export npm_config_nodedir="$NODE_PREFIX"
  else
    log "WARNING: no Node headers under $NODE_PREFIX/include/node; node-gyp will try to download them"
  fi
  export npm_config_unsafe_perm=true npm_config_yes=true

  ORIG_TMPDIR="${TMPDIR:-/tmp}"
  work=$(mktemp -d "$PREFIX/.install-tmp.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null)
  tar -xzf "$work"/code-server-*.tgz -C "$work" package/lib/vscode/npm-shrinkwrap.json
  RG_PKG_VERSION=$(node -p "require('$work/package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
  (cd "$work" && npm pack --silent "@vscode/ripgrep@$RG_PKG_VERSION" >/dev/null)
  tar -xzf "$work"/vscode-ripgrep-*.tgz -C "$work" package/lib/postinstall.js
  RG_REL=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$work/package/lib/postinstall.js")
  case "$(uname -m)" in
    x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
    aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) log "unsupported architecture $(uname -m)"; exit 1 ;;
  esac
  mkdir -p "$work/vscode-ripgrep-cache-$RG_PKG_VERSION" "$work/rgroot"
  cp "$(command -v rg)" "$work/rgroot/rg"
  tar -czf "$work/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-$RG_REL-$RG_TARGET.tar.gz" -C "$work/rgroot" rg
  log "seeded @vscode/ripgrep $RG_PKG_VERSION download cache with Debian's rg ($RG_REL)"

  log "npm install (native modules are built from source: about a minute)"
  TMPDIR="$work" npm install --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" "@vscode/vsce@$VSCE_VERSION" \
    > "$PREFIX/npm-install.log" 2>&1 \
    || { tail -50 "$PREFIX/npm-install.log" >&2; log "npm install failed (full log: $PREFIX/npm-install.log)"; exit 1; }
  rm -rf "$work"; trap - EXIT
  export TMPDIR="$ORIG_TMPDIR"
  echo "$WANT" > "$STAMP"
  installed_ok || { log "install finished but the sanity checks failed (see $PREFIX/npm-install.log)"; exit 1; }
  vtmp=$(mktemp -d)
  ver=$(XDG_CONFIG_HOME="$vtmp" node "$CS_DIR/out/node/entry.js" --version 2>/dev/null | grep -v ' info ' | head -1 || true)
  rm -rf "$vtmp"
  log "code-server: $ver"
fi

log "done in $((SECONDS - t0))s (apt ${t_apt}s)"
cat <<EOF
e2e tools:
  prefix          $PREFIX
  code-server     $CS_DIR/out/node/entry.js (code-server $CODE_SERVER_VERSION = VS Code 1.100.3)
  playwright-core $PREFIX/node_modules/playwright-core
  vsce            $PREFIX/node_modules/.bin/vsce
  chromium        $(command -v chromium || echo 'MISSING')
  ripgrep         $(command -v rg || echo 'MISSING')
  neovim          $(command -v nvim || echo 'MISSING')
  pandoc          $(command -v pandoc || echo 'MISSING')
run the e2e tests with: npm run test:e2e
EOF
