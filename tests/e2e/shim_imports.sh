# What the shim asks of every process that loads it, read from its ELF:
#   - it exports the kill family and syscall(), nothing else;
#   - it imports exactly the symbols listed here.  Each import is bound at
#     every exec (-z now), and an IFUNC among them runs its resolver then,
#     which costs a page fault in libc when nothing else has touched that
#     code: __memcpy_chk, brought in by a memcpy() of a size the compiler
#     could not see, cost every exec 3.4 µs (exec_cost, 6,000 runs), more
#     than half of what the shim may add.  An import added to the shim is
#     added here, with its cost measured.  _r_debug (the loader's list,
#     read at a wrapped function's first call: preload/shim_next.h)
#     replaced six dlsym calls at exec, 3-4 µs.
. "$(dirname "$0")/../lib.sh"
command -v readelf >/dev/null || fail "readelf (binutils) is needed"
[ -f "$SHIM" ] || fail "$SHIM is not built"

dyn_syms() {	# awk condition on a --dyn-syms line: the names, sorted
	readelf --dyn-syms -W "$SHIM" | awk "$1"' { sub(/@.*/, "", $8); print $8 }' | sort | tr '\n' ' '
}

assert_eq "$(dyn_syms '$7 != "UND" && $5 != "LOCAL" && $8 != "" && $8 != "Name"')" \
	"kill killpg pidfd_send_signal sigqueue syscall tgkill " "the shim's exports"

expected="_ITM_deregisterTMCloneTable _ITM_registerTMCloneTable __cxa_finalize
__errno_location __gmon_start__ __stack_chk_fail _r_debug clock_gettime getauxval
geteuid getpgid getpgrp getpid getppid getresgid getresuid getsid gettid getuid
memcmp memcpy memset mmap munmap sigaltstack strlen strnlen"
assert_eq "$(dyn_syms '$7 == "UND" && $8 != ""')" "$(echo $expected) " "the shim's imports"
dyn_syms '$7 == "UND"' | tr ' ' '\n' | grep -E '^__[a-z0-9_]+_chk$' &&
	fail "the shim binds a fortified *_chk function"

# Its .bss ends in the page its file-backed data ends in: beyond that the
# loader maps anonymous memory for it at every exec (a table of 64 objects
# for an earlier form of shim_next.h's lookup did that: +4 µs per exec).
read -r vaddr filesz memsz <<<"$(readelf -lW "$SHIM" | awk '$1 == "LOAD" && $7 ~ /W/ { print $3, $5, $6 }')"
[ -n "$memsz" ] || fail "no writable segment found in the shim"
page_up() { echo $(( ($1 + 4095) / 4096 )); }
assert_eq "$(page_up $((vaddr + memsz)))" "$(page_up $((vaddr + filesz)))" \
	"the page the shim's .bss ends in (a page past its data costs an extra mapping)"
exit 0
