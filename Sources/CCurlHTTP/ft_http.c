#include "ft_http.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// libcurl's functions, found in the library loaded at the first request.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;
static pthread_once_t loading = PTHREAD_ONCE_INIT;
static char load_problem[200];

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_problem, sizeof load_problem, "libcurl is not installed (install Debian's libcurl4): %s", dlerror());
        return;
    }
#define FIND(field, name) curl.field = dlsym(library, name)
    FIND(global_init, "curl_global_init");
    FIND(easy_init, "curl_easy_init");
    FIND(easy_setopt, "curl_easy_setopt");
    FIND(easy_perform, "curl_easy_perform");
    FIND(easy_getinfo, "curl_easy_getinfo");
    FIND(easy_cleanup, "curl_easy_cleanup");
    FIND(easy_strerror, "curl_easy_strerror");
    FIND(slist_append, "curl_slist_append");
    FIND(slist_free_all, "curl_slist_free_all");
#undef FIND
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo ||
        !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all) {
        snprintf(load_problem, sizeof load_problem, "libcurl.so.4 lacks a function Forktale needs");
        curl.easy_init = NULL;
        return;
    }
    curl.global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct {
    ft_http_result *result;
    size_t capacity;
    volatile int *cancel;
} transfer;

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t length = size * count;
    ft_http_result *r = t->result;
    if (r->body_length + length + 1 > t->capacity) {
        size_t capacity = (t->capacity ? t->capacity * 2 : 4096);
        while (capacity < r->body_length + length + 1) capacity *= 2;
        char *grown = realloc(r->body, capacity);
        if (!grown) return 0;
        r->body = grown;
        t->capacity = capacity;
    }
    memcpy(r->body + r->body_length, data, length);
    r->body_length += length;
    r->body[r->body_length] = 0;
    return length;
}

static size_t on_header(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t length = size * count;
    const char *name = "Retry-After:";
    size_t name_length = strlen(name);
    if (length > name_length && strncasecmp(data, name, name_length) == 0) {
        size_t start = name_length;
        while (start < length && data[start] == ' ') start++;
        size_t end = length;
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' ')) end--;
        size_t copy = end - start < sizeof t->result->retry_after - 1 ? end - start : sizeof t->result->retry_after - 1;
        memcpy(t->result->retry_after, data + start, copy);
        t->result->retry_after[copy] = 0;
    }
    return length;
}

static int on_progress(void *context, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
    (void)a; (void)b; (void)c; (void)d;
    transfer *t = context;
    return t->cancel && *t->cancel ? 1 : 0;
}

void ft_http_request(const char *method, const char *url, const char *const *headers, int header_count,
                     const char *body, size_t body_length, long timeout_seconds, volatile int *cancel,
                     ft_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&loading, load);
    if (!curl.easy_init) {
        result->error = FT_HTTP_NO_LIBCURL;
        snprintf(result->message, sizeof result->message, "%s", load_problem);
        return;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        result->error = FT_HTTP_OTHER;
        snprintf(result->message, sizeof result->message, "libcurl could not start a request");
        return;
    }
    struct curl_slist *list = NULL;
    for (int i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    transfer t = {result, 0, cancel};
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body);
        curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
    }
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, timeout_seconds < 10 ? timeout_seconds : 10L);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &t);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &t);
    curl.easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(handle, CURLOPT_XFERINFODATA, &t);
    CURLcode code = curl.easy_perform(handle);
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
    switch (code) {
    case CURLE_OK: result->error = FT_HTTP_OK; break;
    case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
        result->error = FT_HTTP_CANNOT_CONNECT; break;
    case CURLE_OPERATION_TIMEDOUT: result->error = FT_HTTP_TIMED_OUT; break;
    case CURLE_PARTIAL_FILE: case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING: case CURLE_SEND_ERROR:
        result->error = FT_HTTP_BROKE_OFF; break;
    case CURLE_ABORTED_BY_CALLBACK: result->error = FT_HTTP_CANCELLED; break;
    default: result->error = FT_HTTP_OTHER; break;
    }
    if (code != CURLE_OK) snprintf(result->message, sizeof result->message, "%s", curl.easy_strerror(code));
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
}

void ft_http_free(ft_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->body_length = 0;
}
