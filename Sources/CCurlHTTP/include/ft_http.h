// HTTP requests through libcurl, loaded with dlopen the first time one is made: a
// program that never talks to a model server never loads libcurl (and the dozen
// libraries it brings), so it starts as fast as one without networking.
#ifndef FORKTALE_FT_HTTP_H
#define FORKTALE_FT_HTTP_H

#include <stddef.h>

enum ft_http_error {
    FT_HTTP_OK = 0,
    FT_HTTP_CANNOT_CONNECT = 1,
    FT_HTTP_TIMED_OUT = 2,
    FT_HTTP_BROKE_OFF = 3,
    FT_HTTP_CANCELLED = 4,
    FT_HTTP_NO_LIBCURL = 5,
    FT_HTTP_OTHER = 6,
};

typedef struct {
    /// The HTTP status, 0 when there was no answer.
    long status;
    /// The answer's body (malloc'd; ft_http_free releases it).
    char *body;
    size_t body_length;
    /// The Retry-After header, or "".
    char retry_after[32];
    int error;
    char message[256];
} ft_http_result;

/// Sends one request. `headers` are "Name: value" lines. `cancel` is read while the
/// request runs: setting it to 1 stops the request (error FT_HTTP_CANCELLED).
void ft_http_request(const char *method, const char *url, const char *const *headers, int header_count,
                     const char *body, size_t body_length, long timeout_seconds, volatile int *cancel,
                     ft_http_result *result);

void ft_http_free(ft_http_result *result);

#endif
