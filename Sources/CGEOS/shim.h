#ifndef GEOPROFILE_CGEOS_SHIM_H
#define GEOPROFILE_CGEOS_SHIM_H
// Only the re-entrant (_r) API: every call takes the caller's context handle.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
