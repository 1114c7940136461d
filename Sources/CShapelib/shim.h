#ifndef GEOPROFILE_CSHAPELIB_SHIM_H
#define GEOPROFILE_CSHAPELIB_SHIM_H
#include <shapefil.h>
#endif
