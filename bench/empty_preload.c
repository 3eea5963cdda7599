/*
 * An empty shared library: preloading it costs what loading any extra
 * library costs, the control beside the shim in the exec benchmark.
 */
int whokilled_bench_empty_preload(void);

int
whokilled_bench_empty_preload(void)
{
	return 0;
}
