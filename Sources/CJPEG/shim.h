// libjpeg-turbo (Debian: libjpeg62-turbo-dev). libjpeg reports fatal errors through error_exit, which
// must not return: the decoder below longjmps back to its own frame, which Swift cannot do, so the whole
// decode (and the encode) live here as static inline C and Swift sees only a status code and a message.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

/// A libjpeg error manager that jumps back to the decoder instead of exiting the process.
struct cjpeg_error {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int premature_end;
};

static void cjpeg_error_exit(j_common_ptr info) {
    struct cjpeg_error *error = (struct cjpeg_error *)info->err;
    (*info->err->format_message)(info, error->message);
    longjmp(error->jump, 1);
}

static void cjpeg_emit_message(j_common_ptr info, int level) {
    struct cjpeg_error *error = (struct cjpeg_error *)info->err;
    // A warning (level -1) for data that ends early: libjpeg fills the rest with gray; treat it as corrupt.
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) {
        error->premature_end = 1;
        (*info->err->format_message)(info, error->message);
    }
    if (level < 0) info->err->num_warnings++;
}

/// Decodes a JPEG held in memory. `channels` is 0 (as stored: 1 for grayscale, 3 otherwise), 1 or 3.
/// With `pixels` NULL only the header is read (width, height and stored channels filled in). Otherwise
/// `pixels` must hold width × height × channels bytes, as a header-only call reported.
/// Returns 0 on success, 1 on an error, with libjpeg's message in `message` (JMSG_LENGTH_MAX bytes).
static inline int cjpeg_decode(const unsigned char *data, unsigned long size, int channels,
                               unsigned char *pixels, int *width, int *height, int *stored_channels,
                               char *message) {
    struct jpeg_decompress_struct info;
    struct cjpeg_error error;
    memset(&error, 0, sizeof(error));
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = cjpeg_error_exit;
    error.manager.emit_message = cjpeg_emit_message;
    if (setjmp(error.jump)) {
        strncpy(message, error.message, JMSG_LENGTH_MAX - 1);
        message[JMSG_LENGTH_MAX - 1] = 0;
        jpeg_destroy_decompress(&info);
        return 1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    *width = (int)info.image_width;
    *height = (int)info.image_height;
    *stored_channels = info.num_components == 1 ? 1 : 3;
    if (pixels == NULL) {
        jpeg_destroy_decompress(&info);
        return 0;
    }
    int wanted = channels == 0 ? *stored_channels : channels;
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
        strncpy(message, "CMYK JPEG images are not supported", JMSG_LENGTH_MAX - 1);
        jpeg_destroy_decompress(&info);
        return 1;
    }
    info.out_color_space = wanted == 1 ? JCS_GRAYSCALE : JCS_RGB;
    info.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&info);
    if ((int)info.output_width != *width || (int)info.output_height != *height || info.output_components != wanted) {
        strncpy(message, "unexpected output geometry", JMSG_LENGTH_MAX - 1);
        jpeg_destroy_decompress(&info);
        return 1;
    }
    size_t stride = (size_t)info.output_width * (size_t)wanted;
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + (size_t)info.output_scanline * stride;
        jpeg_read_scanlines(&info, &row, 1);
        if (error.premature_end) break;
    }
    if (error.premature_end) {
        strncpy(message, error.message, JMSG_LENGTH_MAX - 1);
        jpeg_destroy_decompress(&info);
        return 1;
    }
    jpeg_finish_decompress(&info);
    if (error.premature_end) {
        strncpy(message, error.message, JMSG_LENGTH_MAX - 1);
        jpeg_destroy_decompress(&info);
        return 1;
    }
    jpeg_destroy_decompress(&info);
    return 0;
}

/// Encodes 8-bit pixels (height × width × channels bytes, channels 1 or 3) as a baseline JPEG of
/// `quality` (1–100, libjpeg's standard tables, 4:2:0 for colour). On success returns 0 with a buffer
/// from malloc in `*output` (`*output_size` bytes) that the caller releases with `cjpeg_free`;
/// returns 1 on an error, with libjpeg's message in `message` (JMSG_LENGTH_MAX bytes).
static inline int cjpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                               unsigned char **output, unsigned long *output_size, char *message) {
    struct jpeg_compress_struct info;
    struct cjpeg_error error;
    memset(&error, 0, sizeof(error));
    *output = NULL;
    *output_size = 0;
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = cjpeg_error_exit;
    if (setjmp(error.jump)) {
        strncpy(message, error.message, JMSG_LENGTH_MAX - 1);
        message[JMSG_LENGTH_MAX - 1] = 0;
        jpeg_destroy_compress(&info);
        if (*output != NULL) { free(*output); *output = NULL; }
        return 1;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, output, output_size);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * stride);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return 0;
}

/// Releases a buffer `cjpeg_encode` returned.
static inline void cjpeg_free(unsigned char *buffer) { free(buffer); }

/// JMSG_LENGTH_MAX, for the Swift side's message buffer.
static inline int cjpeg_message_length(void) { return JMSG_LENGTH_MAX; }
