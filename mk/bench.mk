# make bench: what whokilled costs on this machine, and how it compares
# (bench/run.sh; BENCH_SCALE=small for a quick run, full for 10 million
# events).  The figures of the latest run go to bench/RESULTS.md.

# This file is read before the top-level Makefile's first rule: keep `all`
# the goal of a bare `make`.
.DEFAULT_GOAL := all

BENCH_BIN = $(B)/bench/kill_latency $(B)/bench/first_kill $(B)/bench/exec_cost \
	    $(B)/bench/report_flood $(B)/bench/query_rtt $(B)/bench/time_cmd \
	    $(B)/bench/gen_audit_log $(B)/bench/store_bench \
	    $(B)/bench/shim_parts $(B)/bench/exec_event $(B)/bench/empty_preload.so \
	    $(B)/bench/prune_bench $(B)/bench/syscall_cost $(B)/bench/follow_latency \
	    $(B)/bench/hub_bench
BENCH_TIMING = $(B)/bench/timing.o
BENCH_CLIENT = $(B)/bench/daemon_client.o $(filter %/client.o,$(CLI_OBJ))

$(B)/bench/kill_latency $(B)/bench/first_kill $(B)/bench/exec_cost $(B)/bench/time_cmd \
    $(B)/bench/syscall_cost: \
    $(B)/bench/%: $(B)/bench/%.o $(BENCH_TIMING)
	$(CC) -o $@ $^ $(LDFLAGS)

$(B)/bench/report_flood $(B)/bench/query_rtt $(B)/bench/follow_latency: \
    $(B)/bench/%: $(B)/bench/%.o $(BENCH_TIMING) $(BENCH_CLIENT) $(COMMON_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS)

# The store alone (daemon/store/, and the log it may write to).
BENCH_STORE = $(filter $(B)/daemon/store/%.o $(B)/daemon/base/log.o \
    $(B)/daemon/base/privdrop.o,$(DAEMON_OBJ))

$(B)/bench/gen_audit_log $(B)/bench/store_bench: \
    $(B)/bench/%: $(B)/bench/%.o $(BENCH_TIMING) $(BENCH_STORE) $(COMMON_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS) $(SQLITE_LIBS) -lm

# The hub's ingest and questions: the daemon's layers below main, and the
# audit reader.
$(B)/bench/hub_bench: $(B)/bench/hub_bench.o $(filter-out %/main.o,$(DAEMON_OBJ)) \
    $(AUDIT_OBJ) $(COMMON_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS) $(SQLITE_LIBS) $(AUDIT_LIBS) $(SYSTEMD_LIBS) -lpthread

# Retention under ingest: the daemon's write path and retention part.
$(B)/bench/prune_bench: $(B)/bench/prune_bench.o $(BENCH_TIMING) \
    $(DAEMON_OBJ) $(COMMON_OBJ) $(AUDIT_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS) $(SQLITE_LIBS) $(AUDIT_LIBS) $(SYSTEMD_LIBS) -lm -lpthread

# The shim's steps, timed with its own functions.
$(B)/bench/shim_parts: $(B)/bench/shim_parts.o $(BENCH_TIMING) $(PRELOAD_OBJ) \
    $(COMMON_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS)

# The daemon's handling of an exec event (its process table).
$(B)/bench/exec_event: $(B)/bench/exec_event.o $(BENCH_TIMING) $(DAEMON_OBJ) \
    $(COMMON_OBJ) $(AUDIT_OBJ)
	$(CC) -o $@ $^ $(LDFLAGS) $(SQLITE_LIBS) $(AUDIT_LIBS) $(SYSTEMD_LIBS) -lpthread

# The control of the exec benchmark: a library that does nothing.
$(B)/bench/empty_preload.so: $(B)/bench/empty_preload.o
	$(CC) -shared -o $@ $^ $(HARDEN) $(LDFLAGS)

bench-bin: $(BENCH_BIN)

bench: all $(BENCH_BIN)
	@bench/run.sh

.PHONY: bench bench-bin
