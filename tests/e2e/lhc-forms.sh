#!/usr/bin/env bash
# End to end with a real FHIR form renderer: LHC-Forms (the npm package `lforms`, pinned) in
# headless Chromium renders the Questionnaire of `triage questionnaire --format fhir`, is given
# the answers of each file in tests/e2e/answers/ (as a QuestionnaireResponse, which LHC-Forms
# merges into the form, applying the Questionnaire's enableWhen), and hands back its own
# QuestionnaireResponse; `triage assess --answers` on that must read the same answers ("not
# sure" included) and give the same urgency, causes and unanswered red flags as the YAML.
#
# Needs chromium (Debian's package), npm and python3; .ci/run installs chromium when missing.
# Usage: tests/e2e/lhc-forms.sh [path/to/triage]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
triage="${1:-$here/../../target/debug/triage}"
lforms_version=40.1.3
# A free port on the loopback interface.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

work="$(mktemp -d)"
cleanup() {
    if [[ -n "${server:-}" ]]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && npm pack --silent "lforms@$lforms_version" >/dev/null && tar xzf "lforms-$lforms_version.tgz")
mv "$work/package/dist/lforms" "$work/lforms"
cp "$here/lhc-forms.html" "$work/page.html"
"$triage" questionnaire --format fhir > "$work/q.json"

# Loopback only.
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/q.json')" 2>/dev/null && break
    sleep 0.1
done

# The answers as triage understood them, the urgency, the causes and the red flags left open.
# A number or choice answered "not sure" is an item without an answer, and LHC-Forms (like
# most form fillers) drops such an item, so there it reads as "not asked": the engine treats
# both as unknown, and a yes/no "not sure" (an answer of its own) is kept and compared.
summary() {
    python3 -c '
import json, sys
r = json.load(sys.stdin)
findings = r["answers"]["findings"]
for number_or_choice in ("age", "sex", "duration_days"):
    if findings.get(number_or_choice) == "unknown":
        del findings[number_or_choice]
print(json.dumps([r["answers"], r["urgency"]["level"], [c["id"] for c in r["causes"]], r["unanswered_red_flags"]]))'
}

failed=0
for answers in "$here"/answers/*.yaml; do
    name="$(basename "$answers" .yaml)"
    "$triage" assess --answers "$answers" --format fhir \
        | python3 -c 'import json, sys; json.dump(json.load(sys.stdin)["entry"][0]["resource"], sys.stdout)' \
        > "$work/$name.in.json"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=20000 \
        --dump-dom "http://127.0.0.1:$port/page.html?qr=$name.in.json" 2>/dev/null \
        | python3 -c '
import html, re, sys
page = sys.stdin.read()
found = re.search(r"<pre id=\"out\">(.*?)</pre>", page, re.S)
text = html.unescape(found.group(1)) if found else "no #out in the page"
if not text.startswith("{"):
    sys.exit("LHC-Forms did not give a QuestionnaireResponse: " + text[:500])
print(text)' > "$work/$name.out.json"
    expected="$("$triage" assess --answers "$answers" --format json | summary)"
    actual="$("$triage" assess --answers "$work/$name.out.json" --format json | summary)"
    if [[ "$expected" == "$actual" ]]; then
        echo "ok    $name"
    else
        echo "FAIL  $name"
        echo "      YAML answers:        $expected"
        echo "      LHC-Forms' response: $actual"
        failed=$((failed + 1))
    fi
done
total=$(ls "$here"/answers/*.yaml | wc -l)
echo "lhc-forms: $((total - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
