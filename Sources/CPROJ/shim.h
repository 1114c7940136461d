#ifndef GEOPROFILE_CPROJ_SHIM_H
#define GEOPROFILE_CPROJ_SHIM_H
#include <proj.h>
#endif
