/*
 * accounts.c — `mentorstat accounts --data DIR add|list|passwd|remove`: the
 * accounts of a server's DIR.  A password is generated (never typed, never
 * stored: only its Argon2id hash) and printed once.
 */
#include "server.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static int usage(void)
{
    fputs("usage: mentorstat accounts --data DIR add LOGIN --role school|office --name \"ORG\"\n"
          "       mentorstat accounts --data DIR list\n"
          "       mentorstat accounts --data DIR passwd LOGIN\n"
          "       mentorstat accounts --data DIR remove LOGIN\n", stderr);
    return 2;
}

static void print_account(const char *login, int role, const char *org, void *ctx)
{
    (void)ctx;
    printf("%-20s %-7s %s\n", login, role == MS_ROLE_OFFICE ? "office" : "school", org);
}

static bool login_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.' || *s == '@'))
            return false;
    return true;
}

/* A new password, its hash into hash; printed by the caller when stored. */
static int new_password(char pw[23], char *hash, size_t size)
{
    ms_auth_password(pw);
    if (ms_auth_hash(pw, hash, size) != 0) {
        fprintf(stderr, "mentorstat: accounts: out of memory hashing the password\n");
        return -1;
    }
    return 0;
}

int ms_accounts_main(int argc, char **argv)
{
    const char *dir = NULL, *cmd = NULL, *login = NULL, *role = NULL, *name = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (!strcmp(argv[i], "--name") && i + 1 < argc)
            name = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage();
            return 0;
        } else if (!cmd)
            cmd = argv[i];
        else if (!login)
            login = argv[i];
        else
            return usage();
    }
    if (!dir || !cmd)
        return usage();
    bool add = !strcmp(cmd, "add"), list = !strcmp(cmd, "list");
    if (!add && !list && strcmp(cmd, "passwd") && strcmp(cmd, "remove"))
        return usage();
    if (!list && !login)
        return usage();
    if (login && !login_ok(login)) {
        fprintf(stderr, "mentorstat: accounts: a login is 1–64 of A-Z a-z 0-9 _ - . @ (%s)\n",
                login);
        return 2;
    }
    int r = add && (!role || !name || !*name || (strcmp(role, "school") && strcmp(role, "office")));
    if (r)
        return usage();
    if (sodium_init() < 0) {
        fprintf(stderr, "mentorstat: accounts: libsodium cannot start\n");
        return 2;
    }
    char why[1300], pw[23], hash[256];
    ms_store *s = ms_store_open(dir, why, sizeof why);
    if (!s) {
        fprintf(stderr, "mentorstat: accounts: %s\n", why);
        return 2;
    }
    int rc = 0;
    if (list) {
        rc = ms_store_account_list(s, print_account, NULL);
    } else if (add) {
        rc = new_password(pw, hash, sizeof hash);
        if (!rc && (rc = ms_store_account_add(s, login, strcmp(role, "office") ? MS_ROLE_SCHOOL
                                                                               : MS_ROLE_OFFICE,
                                              name, hash, why, sizeof why)))
            fprintf(stderr, "mentorstat: accounts: %s\n", why);
        else if (!rc)
            printf("password: %s\n", pw);
    } else if (!strcmp(cmd, "passwd")) {
        rc = new_password(pw, hash, sizeof hash);
        if (!rc && (rc = ms_store_account_passwd(s, login, hash)))
            fprintf(stderr, "mentorstat: accounts: no such login (%s)\n", login);
        else if (!rc)
            printf("password: %s\n", pw);
    } else if ((rc = ms_store_account_remove(s, login))) {
        fprintf(stderr, "mentorstat: accounts: no such login (%s)\n", login);
    }
    ms_store_close(s);
    return rc ? 2 : 0;
}
