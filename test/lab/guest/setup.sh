# Load nfit_test and build the suite's topology; writes /lab/topology.env.
#   RAW_*   : nfit_test.0, 32 MiB region (2-way interleave), raw namespace
#   FSDAX_* : nfit_test.0, 64 MiB region (4-way interleave), raw until a test
#             converts it (fsdax, then sector)
#   QEMU_*  : ACPI.NFIT (QEMU NVDIMM), 1 GiB region, raw namespace
# a syslog daemon, so that the audit lines of destructive commands can be checked
syslogd -O /tmp/messages
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
# the two nfit_test.0 regions are the only ones with error injection
# (nfit_test.1's are read-only, QEMU implements no ARS DSMs); tests
# reconfigure them through the modes
r=$(region_of_bus nfit_test.0 33554432) && ns=$(first_ns $r) && {
	put RAW_REGION $r; put RAW_NS $ns; put RAW_DEV $(ls /sys/bus/nd/devices/$ns/block)
	put RAW_BUS $(bus_of_region $r); }
r=$(region_of_bus nfit_test.0 67108864) && ns=$(first_ns $r) && {
	put FSDAX_REGION $r; put FSDAX_NS $ns; put FSDAX_BUS $(bus_of_region $r); }
r=$(region_of_bus ACPI.NFIT 1073741824) && ns=$(first_ns $r) && {
	put QEMU_REGION $r; put QEMU_NS $ns; put QEMU_DEV $(ls /sys/bus/nd/devices/$ns/block)
	put QEMU_BUS $(bus_of_region $r); }
ltime setup-namespaces "$t"
info "topology: $(tr '\n' ' ' < $ENV)"
for v in RAW FSDAX QEMU; do
	eval "x=\${${v}_NS:-}"
	[ -n "$x" ] && ok "setup: $v namespace $x" || not_ok "setup: $v namespace"
done
