/*
 * whokilled's version, as the daemon and the CLI print it (--version).  It
 * is defined in one place, the Makefile (WHOKILLED_VERSION), and passed to
 * the compiler as -DWHOKILLED_VERSION="...".
 */
#ifndef WHOKILLED_VERSION_H
#define WHOKILLED_VERSION_H

#ifndef WHOKILLED_VERSION
#error "WHOKILLED_VERSION comes from the Makefile (-DWHOKILLED_VERSION)"
#endif

#endif
