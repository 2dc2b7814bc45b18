// OpenBLAS's C interface (Debian: libopenblas-dev, include path from `pkg-config openblas`).
#include <cblas.h>
