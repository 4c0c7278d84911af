#!/usr/bin/env bash
# Real screenshots of the editor, from the real release binary: runs it in tmux
# at 100x30 on assets/demo.xml, sends keys to reach each screen, captures the
# pane with its colours, turns that into HTML (aha) and photographs the HTML
# with headless Chromium. Writes assets/screenshots/*.png. Not part of CI.
#
# Needs tmux, aha and chromium; installs them from Debian when missing (as root).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

need=()
for tool in tmux aha chromium; do
    command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if ((${#need[@]})); then
    apt-get update
    apt-get install -y "${need[@]}"
fi

cargo build --release --quiet
bin="$root/target/release/unattui"

work="$(mktemp -d)"
session="unattui-shots-$$"
cleanup() {
    tmux kill-session -t "$session" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A copy, so nothing touches the demo; a configuration that changes nothing.
cp assets/demo.xml "$work/autounattend.xml"
: >"$work/config.toml"

tmux new-session -d -s "$session" -x 100 -y 30 \
    "cd '$work' && UNATTUI_CONFIG='$work/config.toml' COLORTERM=truecolor TERM=xterm-256color '$bin' autounattend.xml"

# Waits until the screen shows a text (never a fixed sleep for the content).
wait_for() {
    for _ in $(seq 1 100); do
        if tmux capture-pane -t "$session" -p | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.1
    done
    echo "make.sh: timed out waiting for: $1" >&2
    tmux capture-pane -t "$session" -p >&2
    return 1
}

keys() {
    tmux send-keys -t "$session" "$@"
}

# Esc on its own: followed at once by a key, the terminal reads Alt+key.
esc() {
    tmux send-keys -t "$session" Escape
    sleep 0.3
}

shot() {
    local name="$1"
    sleep 0.3 # let the last frame land
    # aha drops reverse video (the selection) when colour codes follow it:
    # ESC[0;7m ESC[39m ESC[49m becomes ESC[0m ESC[39m ESC[49m ESC[7m.
    tmux capture-pane -t "$session" -e -p |
        perl -pe 's/\e\[0;7m((?:\e\[[0-9;]*m)*)/\e[0m$1\e[7m/g' >"$work/$name.ans"
    aha --black --title "unattui: $name" <"$work/$name.ans" >"$work/$name.html"
    # A monospace font without gaps in the box-drawing characters.
    sed -i 's|</head>|<style>body{margin:8px;font-size:15px;line-height:1.15;font-family:"DejaVu Sans Mono",monospace}pre{margin:0}</style></head>|' "$work/$name.html"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars \
        --window-size=1000,640 --screenshot="$here/$name.png" "file://$work/$name.html" \
        >/dev/null 2>&1
    echo "wrote assets/screenshots/$name.png"
}

wait_for "unattui — autounattend.xml"
shot main

# A command form: the specialize RunSynchronous command with the quoted path.
keys / "Vendor" Enter
wait_for "match 1 of"
keys Tab
wait_for "● Command"
shot command-form

esc
keys p
wait_for "● Problems"
shot problems

keys p t
wait_for "Timeline"
keys Down Down Down
shot timeline

esc
keys '?'
wait_for "Help — every binding"
shot help

esc
keys q
