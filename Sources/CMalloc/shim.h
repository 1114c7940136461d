#ifndef GEOPROFILE_CMALLOC_SHIM_H
#define GEOPROFILE_CMALLOC_SHIM_H
// glibc's allocator settings (mallopt), for the command-line tool's heap headroom.
#include <malloc.h>
#endif
