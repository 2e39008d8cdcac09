# What a newcomer sees: poison injected through the platform's error-inject
# DSMs, found by a scrub, listed by pmemctl.
ndctl create-namespace -f -e $FSDAX_NS -m fsdax --no-autolabel > /tmp/ns.json || not_ok "create fsdax"
inject $RAW_NS 8 1
inject $RAW_NS 100 16
inject $FSDAX_NS 64 8
scrub $RAW_BUS
echo "$((4096 / 512)) 8" > /sys/block/$QEMU_DEV/badblocks
show() { echo "LAB-SHOW-BEGIN"; echo "# $*"; "$@"; echo "LAB-SHOW-END"; }
show pmemctl list-poison --human
show pmemctl list-poison --summary --human
show pmemctl list-poison -n $RAW_NS
show pmemctl inject -n $RAW_NS -B 300 -c 2 --human
show pmemctl scrub --status --human
check "pmemctl list-poison lists the injected poison" sh -c "pmemctl list-poison | jq -e 'length == 5' >/dev/null"
