// HDF5 (Debian: libhdf5-dev, serial), for its types and constants only: the module links nothing.
// DLCore loads libhdf5 with dlopen on first use (Sources/DLCore/HDF5/HDF5Library.swift), so that
// programs which never touch a file do not load it and its ~35 dependencies at start-up. Calling
// one of the functions declared here directly would fail to link: go through HDF5Library.
// Its constants are macros Swift cannot import; the plain ones are exposed as static inline
// functions. Those that read library globals (H5T_NATIVE_FLOAT...) are looked up with dlsym.
// Debian puts the serial headers under hdf5/serial/ (found through pkg-config, which this target
// does not use since its flags would also link the library); other systems have them in the root.
#if __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#else
#include <hdf5.h>
#endif

static inline hid_t dl_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t dl_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t dl_H5E_DEFAULT(void) { return H5E_DEFAULT; }
// H5F_ACC_* expand to (H5check_version(...), H5open(), value): their values are written out here,
// as H5Fpublic.h defines them, so that nothing references the library.
static inline unsigned dl_H5F_ACC_RDONLY(void) { return 0x0000u; }
static inline unsigned dl_H5F_ACC_RDWR(void) { return 0x0001u; }
static inline unsigned dl_H5F_ACC_TRUNC(void) { return 0x0002u; }
static inline size_t dl_H5T_VARIABLE(void) { return H5T_VARIABLE; }
