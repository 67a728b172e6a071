#!/usr/bin/env bash
# Real tools against sglab's exports (make test runs this after the Swift tests):
#   1. cfn-lint on the CloudFormation template of every world the test scripts build, the
#      fixtures' imported worlds and the round-trip lab; bash -n on every AWS CLI script;
#      terraform fmt -check on every Terraform file when terraform is installed.
#   2. The moto round trip: moto's server on 127.0.0.1, the exported AWS CLI script applied to
#      it by the real aws CLI (dummy credentials, --endpoint-url through AWS_ENDPOINT_URL),
#      describe-* back, sglab import, and the same packets must get the same verdicts (and the
#      audit and the exposure must find the same, by name).
# The tools come from PyPI (pip install cfn-lint 'moto[server]' awscli). When pip cannot
# install them, the checks are skipped with a message that says so; any other failure fails.
set -uo pipefail
SGLAB="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d)"
MOTO_PID=""
cleanup() {
    [ -n "$MOTO_PID" ] && kill "$MOTO_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "real-tools: FAILED: $*" >&2; exit 1; }

echo "real-tools: installing cfn-lint, moto[server] and awscli from PyPI (pip)…"
if ! python3 -m pip install --quiet --disable-pip-version-check cfn-lint 'moto[server]' awscli >"$WORK/pip.log" 2>&1; then
    echo "real-tools: SKIPPED: pip could not install cfn-lint, moto[server] and awscli:" >&2
    tail -n 3 "$WORK/pip.log" >&2
    echo "real-tools: SKIPPED: no cfn-lint check and no moto round trip were run" >&2
    exit 0
fi
PYBIN="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
export PATH="$PYBIN:$PATH"
for tool in cfn-lint aws moto_server; do
    command -v "$tool" >/dev/null || fail "$tool is not on PATH after pip install"
done

# 1. Every world the scripts build, exported three ways.
mkdir -p "$WORK/worlds"
n=0
for script in "$ROOT"/Tests/SGLabLanguageTests/Scripts/*.sglab "$HERE/roundtrip.sglab"; do
    name="$(basename "$script" .sglab)"
    { cat "$script"; echo; echo "save $WORK/worlds/$name.json"; } > "$WORK/$name.sglab"
    "$SGLAB" run "$WORK/$name.sglab" >/dev/null 2>&1
    [ -f "$WORK/worlds/$name.json" ] || continue
    n=$((n + 1))
done
for fixture in aws-json moto-world; do
    "$SGLAB" import "$ROOT/Tests/SGLabAccountsTests/Fixtures/$fixture" --save "$WORK/worlds/fixture-$fixture.json" >/dev/null \
        || fail "sglab import of the $fixture fixture"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n worlds were built to export"
for world in "$WORK"/worlds/*.json; do
    name="$(basename "$world" .json)"
    "$SGLAB" export --format cloudformation --output "$WORK/$name.yaml" "$world" 2>/dev/null || fail "export cloudformation $name"
    "$SGLAB" export --format aws-cli --output "$WORK/$name.sh" "$world" 2>/dev/null || fail "export aws-cli $name"
    "$SGLAB" export --format terraform --output "$WORK/$name.tf" "$world" 2>/dev/null || fail "export terraform $name"
    bash -n "$WORK/$name.sh" || fail "bash -n on the AWS CLI script of $name"
    if command -v terraform >/dev/null; then
        terraform fmt -check "$WORK/$name.tf" >/dev/null 2>&1 || fail "terraform fmt -check on $name"
    fi
done
cfn-lint "$WORK"/*.yaml || fail "cfn-lint on the exported templates (above)"
echo "real-tools: cfn-lint passed on $n exported templates; bash -n on $n AWS CLI scripts$(command -v terraform >/dev/null && echo "; terraform fmt on $n files")"

# 2. The moto round trip.
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    aws ec2 describe-vpcs --output text >/dev/null 2>&1 && break
    sleep 0.2
done
aws ec2 describe-vpcs --output text >/dev/null 2>&1 || fail "moto's server did not start (see its log: $(tail -n 2 "$WORK/moto.log"))"
bash "$WORK/roundtrip.sh" >"$WORK/apply.log" 2>&1 || fail "the exported AWS CLI script failed against moto: $(tail -n 3 "$WORK/apply.log")"
VPC="$(aws ec2 describe-vpcs --filters Name=tag:Name,Values=shop --query 'Vpcs[0].VpcId' --output text)"
mkdir -p "$WORK/described"
d() { aws ec2 "$@" --output json; }
d describe-vpcs --vpc-ids "$VPC" >"$WORK/described/vpcs.json"
d describe-subnets --filters Name=vpc-id,Values="$VPC" >"$WORK/described/subnets.json"
d describe-route-tables --filters Name=vpc-id,Values="$VPC" >"$WORK/described/route-tables.json"
d describe-network-acls --filters Name=vpc-id,Values="$VPC" >"$WORK/described/network-acls.json"
d describe-security-groups --filters Name=vpc-id,Values="$VPC" >"$WORK/described/security-groups.json"
d describe-security-group-rules >"$WORK/described/security-group-rules.json"
d describe-network-interfaces --filters Name=vpc-id,Values="$VPC" >"$WORK/described/network-interfaces.json"
d describe-instances --filters Name=vpc-id,Values="$VPC" >"$WORK/described/instances.json"
d describe-internet-gateways --filters Name=attachment.vpc-id,Values="$VPC" >"$WORK/described/internet-gateways.json"
d describe-managed-prefix-lists --filters Name=owner-id,Values=123456789012 >"$WORK/described/managed-prefix-lists.json"
for list in $(aws ec2 describe-managed-prefix-lists --filters Name=owner-id,Values=123456789012 --query 'PrefixLists[].PrefixListId' --output text); do
    d get-managed-prefix-list-entries --prefix-list-id "$list" >"$WORK/described/get-managed-prefix-list-entries.$list.json"
done
"$SGLAB" import "$WORK/described" --save "$WORK/imported.json" >"$WORK/import.log" 2>&1 \
    || fail "sglab import of what moto described: $(cat "$WORK/import.log")"
sed 's/^/real-tools: import: /' "$WORK/import.log"
verdicts() {
    { echo "load $1"; cat "$HERE/probes.sglab"; } >"$WORK/probe-run.sglab"
    "$SGLAB" run --json "$WORK/probe-run.sglab" | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    b = o.get("blockedAt")
    print(o["verdict"] + ("" if b is None else " at " + b["component"] + "-" + (b.get("direction") or "")))
'
}
verdicts "$WORK/worlds/roundtrip.json" >"$WORK/before.txt" || fail "probing the lab"
verdicts "$WORK/imported.json" >"$WORK/after.txt" || fail "probing the imported world"
probes=$(grep -c '^packet' "$HERE/probes.sglab")
[ "$(wc -l <"$WORK/before.txt")" -eq "$probes" ] || fail "the lab answered $(wc -l <"$WORK/before.txt") of $probes probes"
if ! diff -u "$WORK/before.txt" "$WORK/after.txt" >"$WORK/diff.txt"; then
    paste -d '|' "$HERE/probes.sglab" "$WORK/before.txt" "$WORK/after.txt" >&2
    fail "verdicts differ after the moto round trip (probes | lab | imported)"
fi
paste -d '|' "$HERE/probes.sglab" "$WORK/after.txt" | sed 's/^/real-tools:   /'

echo "real-tools: moto round trip: the exported script applied to moto, described back and imported gives the same verdicts on $probes packets ($(grep -c '^allowed' "$WORK/before.txt") allowed, $(grep -c '^blocked' "$WORK/before.txt") blocked)"
# The same audit findings and the same exposure, named by names (the IDs are moto's).
summary() {
    python3 -c '
import json, re, sys
kind, path = sys.argv[1], sys.argv[2]
data = json.load(open(path))
strip = lambda s: re.sub(r" \((?:[a-z]+-[0-9a-f]+)\)", "", s or "")
if kind == "audit":
    rows = [(f["control"], strip(f["resource"]), strip(f["rule"]), f["internet"] and f["internet"]["reachable"]) for f in data["findings"]]
else:
    rows = [(strip(i["name"]), r["traffic"], ",".join(r["sources"])) for i in data["interfaces"] for r in i["reachable"]]
for row in sorted(rows, key=str): print(row)
' "$1" "$2"
}
for kind in audit exposure; do
    "$SGLAB" "$kind" --json "$WORK/worlds/roundtrip.json" >"$WORK/$kind-before.json"
    "$SGLAB" "$kind" --json "$WORK/imported.json" >"$WORK/$kind-after.json"
    summary "$kind" "$WORK/$kind-before.json" >"$WORK/$kind-before.txt" || fail "reading the $kind of the lab"
    summary "$kind" "$WORK/$kind-after.json" >"$WORK/$kind-after.txt" || fail "reading the $kind of the imported world"
    [ -s "$WORK/$kind-before.txt" ] || fail "the lab's $kind is empty: the round trip would compare nothing"
    diff -u "$WORK/$kind-before.txt" "$WORK/$kind-after.txt" >&2 || fail "the $kind differs after the moto round trip (above)"
    echo "real-tools: moto round trip: the same $kind ($(wc -l <"$WORK/$kind-before.txt") $( [ "$kind" = audit ] && echo findings || echo ranges))"
done
