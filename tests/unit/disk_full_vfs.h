/*
 * A full disk under the store, for the unit tests: an SQLite VFS over the
 * default one whose file writes fail with SQLITE_FULL while
 * test_disk_full is set -- what the unix VFS returns when write(2) fails
 * with ENOSPC.  Reads, locks and the WAL index (shared memory) go through
 * untouched.  test_disk_full_vfs_install() makes it the default VFS (once
 * per process) with the disk not full; call it before store_open().
 */
#ifndef WHOKILLED_TESTS_DISK_FULL_VFS_H
#define WHOKILLED_TESTS_DISK_FULL_VFS_H

#include <check.h>
#include <string.h>

#include <sqlite3.h>

static int test_disk_full;
static int test_disk_full_writes;	/* writes refused so far */
static sqlite3_vfs *test_real_vfs;
static sqlite3_vfs test_full_vfs;

struct test_full_file {
	sqlite3_file base;
	sqlite3_file *real;	/* the default VFS's file, right after this */
};

static inline sqlite3_file *
test_real(sqlite3_file *f)
{
	return ((struct test_full_file *)f)->real;
}

static int
test_full_close(sqlite3_file *f)
{
	return test_real(f)->pMethods->xClose(test_real(f));
}

static int
test_full_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	return test_real(f)->pMethods->xRead(test_real(f), buf, amt, off);
}

static int
test_full_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	if (test_disk_full) {
		test_disk_full_writes++;
		return SQLITE_FULL;
	}
	return test_real(f)->pMethods->xWrite(test_real(f), buf, amt, off);
}

static int
test_full_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return test_real(f)->pMethods->xTruncate(test_real(f), size);
}

static int
test_full_sync(sqlite3_file *f, int flags)
{
	return test_real(f)->pMethods->xSync(test_real(f), flags);
}

static int
test_full_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return test_real(f)->pMethods->xFileSize(test_real(f), size);
}

static int
test_full_lock(sqlite3_file *f, int level)
{
	return test_real(f)->pMethods->xLock(test_real(f), level);
}

static int
test_full_unlock(sqlite3_file *f, int level)
{
	return test_real(f)->pMethods->xUnlock(test_real(f), level);
}

static int
test_full_check(sqlite3_file *f, int *out)
{
	return test_real(f)->pMethods->xCheckReservedLock(test_real(f), out);
}

static int
test_full_control(sqlite3_file *f, int op, void *arg)
{
	return test_real(f)->pMethods->xFileControl(test_real(f), op, arg);
}

static int
test_full_sector(sqlite3_file *f)
{
	return test_real(f)->pMethods->xSectorSize(test_real(f));
}

static int
test_full_devchar(sqlite3_file *f)
{
	return test_real(f)->pMethods->xDeviceCharacteristics(test_real(f));
}

static int
test_full_shm_map(sqlite3_file *f, int pg, int pgsz, int extend,
    void volatile **pp)
{
	return test_real(f)->pMethods->xShmMap(test_real(f), pg, pgsz, extend,
	    pp);
}

static int
test_full_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return test_real(f)->pMethods->xShmLock(test_real(f), offset, n, flags);
}

static void
test_full_shm_barrier(sqlite3_file *f)
{
	test_real(f)->pMethods->xShmBarrier(test_real(f));
}

static int
test_full_shm_unmap(sqlite3_file *f, int del)
{
	return test_real(f)->pMethods->xShmUnmap(test_real(f), del);
}

static int
test_full_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
	return test_real(f)->pMethods->xFetch(test_real(f), off, amt, pp);
}

static int
test_full_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return test_real(f)->pMethods->xUnfetch(test_real(f), off, p);
}

static const sqlite3_io_methods test_full_io = {
	3,
	test_full_close, test_full_read, test_full_write, test_full_truncate,
	test_full_sync, test_full_size, test_full_lock, test_full_unlock,
	test_full_check, test_full_control, test_full_sector,
	test_full_devchar, test_full_shm_map, test_full_shm_lock,
	test_full_shm_barrier, test_full_shm_unmap, test_full_fetch,
	test_full_unfetch,
};

static int
test_full_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
    int flags, int *out)
{
	struct test_full_file *p = (struct test_full_file *)f;
	int rc;

	(void)vfs;
	p->real = (sqlite3_file *)&p[1];
	rc = test_real_vfs->xOpen(test_real_vfs, name, p->real, flags, out);
	/* The unix VFS's files all have version 3 methods. */
	if (p->real->pMethods != NULL)
		ck_assert_int_ge(p->real->pMethods->iVersion, 3);
	p->base.pMethods = p->real->pMethods != NULL ? &test_full_io : NULL;
	return rc;
}

static inline void
test_disk_full_vfs_install(void)
{
	test_disk_full = 0;
	test_disk_full_writes = 0;
	if (test_real_vfs != NULL)
		return;		/* installed already */
	test_real_vfs = sqlite3_vfs_find(NULL);
	ck_assert_ptr_nonnull(test_real_vfs);
	test_full_vfs = *test_real_vfs;
	test_full_vfs.zName = "whokilled-test-full";
	test_full_vfs.szOsFile = (int)sizeof(struct test_full_file) +
	    test_real_vfs->szOsFile;
	test_full_vfs.xOpen = test_full_open;
	ck_assert_int_eq(sqlite3_vfs_register(&test_full_vfs, 1), SQLITE_OK);
}

#endif
