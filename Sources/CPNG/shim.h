// libpng (Debian: libpng-dev): the simplified API (png_image_*) encodes and decodes whole images in memory.
#include <png.h>
