# Not a test: prints what this kernel and nfit_test offer (run with -s discover).
r3=$(region_of_bus nfit_test.1 33554432)
echo "--- inject on $r3 raw"; ndctl inject-error -B 8 -n 1 $(first_ns $r3) 2>&1 | tr -d ' \n'; echo
scrub nfit_test.1; echo "$r3 [$(bb /sys/bus/nd/devices/$r3/badblocks)]"
for a in "devdax --align=4K" "devdax --align=4K --map=mem" "devdax" "sector" ; do
	echo "--- create $a on $r3"; ndctl create-namespace -f -e $(first_ns $r3) -m $a --no-autolabel 2>&1 | tr -d ' \n'; echo
	ndctl list -NM -r $r3 | tr -d ' \n'; echo
	pmemctl list-poison -r $r3 | tr -d ' \n'; echo
	pmemctl list-poison -r $r3 -u
done
echo "--- devdax on qemu"; ndctl create-namespace -f -e $QEMU_NS -m devdax --no-autolabel 2>&1 | tr -d ' \n'; echo
su nobody -s /bin/sh -c 'pmemctl list-poison -u' ; echo "rc=$?"
dmesg | tail -20
