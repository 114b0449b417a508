/*
 * Load generator for bench_policy.py: N persistent loopback connections to a Postfix policy
 * server, exactly one request in flight per connection (an smtpd waits for the answer before it
 * sends its next request), all on one epoll in one thread.
 *
 * Written in C so that the generator is not the bottleneck: the Python generator saturates its
 * core before a bare asyncio server does.
 *
 * usage: policy_load PORT CONNECTIONS WARMUP_S MEASURE_S TEMPLATES_FILE LATENCIES_FILE
 *
 * TEMPLATES_FILE: records of (u32 head length, head, u32 tail length, tail), native byte order;
 * each request is head + a serial number in hex + tail, the serial being the `instance=` value,
 * so every request is a new message.
 * LATENCIES_FILE: the round trip of every answer received in the measured window, in seconds as
 * native doubles (what Python's array("d") reads).
 * stdout: one line "ANSWERS SECONDS DUNNO OTHER" for the measured window, then ALL, the answers
 * received over the whole run (warm-up included).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQUEST 4096
#define MAX_ANSWER 4096

struct template {
    char *head, *tail;
    uint32_t head_len, tail_len;
};

struct conn {
    int fd;
    double sent_at;
    size_t got; /* bytes of the current answer received so far */
    char answer[MAX_ANSWER];
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static struct template *read_templates(const char *path, size_t *count) {
    FILE *fh = fopen(path, "rb");
    if (!fh) die(path);
    size_t cap = 1024, n = 0;
    struct template *out = malloc(cap * sizeof *out);
    if (!out) die("malloc");
    uint32_t len;
    while (fread(&len, sizeof len, 1, fh) == 1) {
        if (n == cap) {
            cap *= 2;
            out = realloc(out, cap * sizeof *out);
            if (!out) die("realloc");
        }
        struct template *t = &out[n++];
        t->head_len = len;
        t->head = malloc(len);
        if (!t->head || fread(t->head, 1, len, fh) != len) die("templates: head");
        if (fread(&t->tail_len, sizeof t->tail_len, 1, fh) != 1) die("templates: tail length");
        t->tail = malloc(t->tail_len);
        if (!t->tail || fread(t->tail, 1, t->tail_len, fh) != t->tail_len) die("templates: tail");
        if (t->head_len + t->tail_len + 32 > MAX_REQUEST) {
            fprintf(stderr, "template %zu too long\n", n - 1);
            exit(2);
        }
    }
    fclose(fh);
    if (n == 0) {
        fprintf(stderr, "no templates in %s\n", path);
        exit(2);
    }
    *count = n;
    return out;
}

/* Send request number `serial` (from 1) on c: template (serial - 1) % count, instance = serial in hex. */
static void send_request(struct conn *c, const struct template *tpl, size_t count, uint64_t serial) {
    char buf[MAX_REQUEST];
    const struct template *t = &tpl[(serial - 1) % count];
    memcpy(buf, t->head, t->head_len);
    size_t len = t->head_len;
    len += (size_t)sprintf(buf + len, "%llx", (unsigned long long)serial);
    memcpy(buf + len, t->tail, t->tail_len);
    len += t->tail_len;
    c->got = 0;
    c->sent_at = now();
    size_t off = 0;
    while (off < len) { /* a loopback send of < 4 KiB completes at once; loop for safety */
        ssize_t w = send(c->fd, buf + off, len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            die("send");
        }
        off += (size_t)w;
    }
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s PORT CONNECTIONS WARMUP_S MEASURE_S TEMPLATES LATENCIES\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    int nconn = atoi(argv[2]);
    double warmup = atof(argv[3]), seconds = atof(argv[4]);
    size_t ntpl;
    struct template *tpl = read_templates(argv[5], &ntpl);

    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct conn *conns = calloc((size_t)nconn, sizeof *conns);
    if (!conns) die("calloc");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < nconn; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) die("socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conns[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    }

    size_t cap = 1 << 20, measured = 0;
    double *lat = malloc(cap * sizeof *lat);
    if (!lat) die("malloc");
    uint64_t serial = 0, dunno = 0, other = 0, answered = 0;
    double begin = now(), from = begin + warmup, stop = from + seconds, t = begin;
    for (int i = 0; i < nconn; i++) send_request(&conns[i], tpl, ntpl, ++serial);

    struct epoll_event events[256];
    while (t < stop) {
        int n = epoll_wait(ep, events, 256, 1000);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            ssize_t r = recv(c->fd, c->answer + c->got, MAX_ANSWER - c->got, 0);
            if (r == 0) {
                fprintf(stderr, "server closed a connection\n");
                return 3;
            }
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                die("recv");
            }
            c->got += (size_t)r;
            if (c->got < 2 || c->answer[c->got - 2] != '\n' || c->answer[c->got - 1] != '\n') {
                if (c->got == MAX_ANSWER) {
                    fprintf(stderr, "answer too long\n");
                    return 3;
                }
                continue; /* the rest of this answer is still coming */
            }
            t = now();
            answered++;
            if (t >= from) {
                if (measured == cap) {
                    cap *= 2;
                    lat = realloc(lat, cap * sizeof *lat);
                    if (!lat) die("realloc");
                }
                lat[measured++] = t - c->sent_at;
                if (c->got == 14 && memcmp(c->answer, "action=DUNNO\n\n", 14) == 0)
                    dunno++;
                else
                    other++;
            }
            send_request(c, tpl, ntpl, ++serial);
        }
        t = now();
    }
    double elapsed = t - from;
    for (int i = 0; i < nconn; i++) close(conns[i].fd);

    FILE *out = fopen(argv[6], "wb");
    if (!out) die(argv[6]);
    if (fwrite(lat, sizeof *lat, measured, out) != measured) die("write latencies");
    fclose(out);
    printf("%zu %.6f %llu %llu %llu\n", measured, elapsed, (unsigned long long)dunno, (unsigned long long)other,
           (unsigned long long)answered);
    return 0;
}
