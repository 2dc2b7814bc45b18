// HDF5 (Debian: libhdf5-dev, serial). Its constants are macros Swift cannot import;
// they are exposed here as static inline functions.
#include <hdf5.h>

static inline hid_t dl_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline unsigned dl_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned dl_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned dl_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline hid_t dl_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t dl_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t dl_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t dl_H5S_ALL(void) { return H5S_ALL; }
