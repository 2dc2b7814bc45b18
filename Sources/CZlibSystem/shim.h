// zlib (Debian: zlib1g-dev): gzopen/gzread read both gzip and raw files.
#include <zlib.h>
