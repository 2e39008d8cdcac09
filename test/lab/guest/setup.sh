# Load nfit_test and build the suite's topology; writes /lab/topology.env.
#   raw    : nfit_test.0, 32 MiB region (1 DIMM), raw namespace
#   fsdax  : nfit_test.0, 64 MiB region (4-way interleave), fsdax namespace
#   devdax : nfit_test.1, 32 MiB region, devdax namespace (4K align: vmalloc memory)
#   sector : nfit_test.1, 4 MiB region, BTT namespace
#   qemu   : ACPI.NFIT (QEMU NVDIMM), 1 GiB region, raw namespace
step "setup: modules"
t=$(up)
modprobe nfit_test || { not_ok "modprobe nfit_test"; exit 1; }
# no udev in the guest: nobody else loads the drivers for the new devices
modprobe -a nd_pmem nd_btt dax_pmem device_dax || not_ok "modprobe nd drivers"
for b in nfit_test.0 nfit_test.1 ACPI.NFIT; do ndctl wait-scrub $b >/dev/null 2>&1; done
ltime setup-modules "$t"
for m in libnvdimm nfit nd_pmem dax_pmem nfit_test; do info "$m: $(/usr/bin/modinfo -n $m)"; done

step "setup: namespaces"
t=$(up)
ENV=/lab/topology.env
: > $ENV
put() { echo "$1=$2" >> $ENV; eval "$1=\$2"; }
# reconfigure the first namespace of region $1 into mode $2 with extra args;
# prints ndctl's JSON; labels are off because these regions share DIMMs
make_ns() {
	ns=$(first_ns $1)
	ndctl create-namespace -f -e $ns -m $2 --no-autolabel $3 2>/tmp/mkns.err
}
r=$(region_of_bus nfit_test.0 33554432) && ns=$(first_ns $r) && {
	put RAW_REGION $r; put RAW_NS $ns; put RAW_DEV $(ls /sys/bus/nd/devices/$ns/block)
	put RAW_BUS $(bus_of_region $r); }
r=$(region_of_bus nfit_test.0 67108864) && make_ns $r fsdax "" > /tmp/ns.json && {
	put FSDAX_REGION $r; put FSDAX_NS $(jq -r .dev /tmp/ns.json); put FSDAX_DEV $(jq -r .blockdev /tmp/ns.json)
	put FSDAX_BUS $(bus_of_region $r); }
r=$(region_of_bus nfit_test.1 33554432) && make_ns $r devdax "--align=4K" > /tmp/ns.json && {
	put DEVDAX_REGION $r; put DEVDAX_NS $(jq -r .dev /tmp/ns.json); put DEVDAX_DEV $(jq -r .daxregion.devices[0].chardev /tmp/ns.json)
	put DEVDAX_BUS $(bus_of_region $r); }
r=$(region_of_bus nfit_test.1 4194304) && make_ns $r sector "" > /tmp/ns.json && {
	put SECTOR_REGION $r; put SECTOR_NS $(jq -r .dev /tmp/ns.json); put SECTOR_DEV $(jq -r .blockdev /tmp/ns.json)
	put SECTOR_BUS $(bus_of_region $r); }
r=$(region_of_bus ACPI.NFIT 1073741824) && ns=$(first_ns $r) && {
	put QEMU_REGION $r; put QEMU_NS $ns; put QEMU_DEV $(ls /sys/bus/nd/devices/$ns/block)
	put QEMU_BUS $(bus_of_region $r); }
cat /tmp/mkns.err 2>/dev/null | head -5
ltime setup-namespaces "$t"
info "topology: $(tr '\n' ' ' < $ENV)"
for v in RAW FSDAX DEVDAX SECTOR QEMU; do
	eval "x=\${${v}_NS:-}"
	[ -n "$x" ] && ok "setup: $v namespace $x" || not_ok "setup: $v namespace"
done
