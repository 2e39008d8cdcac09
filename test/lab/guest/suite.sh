# Guest suite runner: set up the topology, then run tests/<suite>-*.sh.
# Exit status: the number of failed checks (0 = pass).
. /lab/lib.sh
SUITE=${1:-integration}
echo "LAB-INFO: kernel $(uname -r) suite $SUITE"
t0=$(up)
# integration: keep every JSON output for the host to validate (lib.sh)
[ "$SUITE" = integration ] && export LAB_JSON_KEEP=1
. /lab/setup.sh
# a script still running after LIMIT seconds hangs (run_bounded): about three
# times the slowest integration script under ASan; a bench script's rounds
# may run long by design
LIMIT=${LAB_TEST_LIMIT:-$([ "$SUITE" = bench ] && echo 1800 || echo 420)}
for t in /lab/tests/$SUITE-*.sh; do
	[ -f "$t" ] || continue
	# LAB_ONLY=GLOB (run.sh): only the scripts whose name after "SUITE-" matches
	case ${t##*/$SUITE-} in ${LAB_ONLY:-*}) ;; *) continue ;; esac
	step "$(basename "$t")"
	rm -f /tmp/ended /tmp/hung $PM_EXITS
	# a shell error (or an exit) ends a script early, silently: its later
	# checks never print, so reaching the end is a check of its own
	# and one that hangs is stopped after LIMIT seconds
	run_bounded $LIMIT env LAB_TEST="$(basename "$t" .sh)" t="$t" \
		sh -c ". /lab/lib.sh; . /lab/topology.env; . $t; touch /tmp/ended"
	if [ -f /tmp/hung ]; then
		not_ok "$(basename "$t"): still running after $LIMIT s, killed$([ "$(cat /tmp/hung)" = unkillable ] &&
			echo ", but a process outlived SIGKILL (state D) and is left behind") (what its processes waited on is above)"
	elif [ -f /tmp/ended ]; then ok "$(basename "$t"): ran to its end"
	else not_ok "$(basename "$t"): ended early (a shell error or an exit); its later checks did not run"; fi
	[ -f $PM_EXITS ] && while IFS= read -r l; do not_ok "$(basename "$t"): unexpected exit status: $l"; done < $PM_EXITS
done
if [ -n "${LAB_SANITIZE:-}" ]; then
	reports=$(ls /tmp/sanitizer.* 2>/dev/null)
	expect_eq "ASan/UBSan: no reports from any pmemctl run of the suite" "" "$reports"
	for r in $reports; do sed 's/^/#   /' "$r" | head -30; done
fi
if [ -n "${LAB_JSON_KEEP:-}" ]; then	# the host validates them (run.sh, test/validate-json.py)
	info "JSON outputs kept for validation: $(ls $LAB_JSON | grep -c json)"
	tar -C $LAB_JSON -czf /tmp/lab-json.tgz . && echo "LAB-DUMP-BEGIN lab-json.tgz" && base64 /tmp/lab-json.tgz &&
		echo "LAB-DUMP-END lab-json.tgz"
fi
ltime suite-total "$t0"
# the host counts the LABTAP lines too; the exit status is a second witness
exit $(grep -c x /tmp/tap.fail 2>/dev/null || echo 0)
